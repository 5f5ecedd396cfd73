"""Reading actuals workbooks (`actuals/*.xlsx`) as the CSV files are read, cell by cell located.

Every visible worksheet is read (a hidden one is a TRK324 warning, an empty one is passed
over). In each, the header row is the first of the top `HEADER_ROWS` rows that names the
indicator and the value or year columns (`tracker.headers`); rows above it are its title.
The rows below it are the table, down to a notes block (a row that starts with 注, 说明,
资料来源... and holds no figure): rows after the notes that hold figures are a TRK326.
Merged cells that span rows (a region or indicator written once for several rows) give
their value to every row they span. Without a region column, the sheet's name is the
region (unless it is a default name such as Sheet1).

Cells become the texts a CSV would hold: numbers as written (2022, 87.6), a number
formatted as a percentage as the percentage it shows (0.945 in a 0.0% cell is 94.5%),
a formula as its stored value (TRK321 when none is stored), a date in the year column as
its year when the cell holds a year typed into a date-formatted cell (TRK323), else a
TRK322; text as it is. From there on, the rows are checked like a CSV's.

Two readers do this, each for what it sees (benchmarks/README.md, "Workbook readers"):
python-calamine reads the values, merged ranges and sheet states - about twelve times as
fast as openpyxl - but it shows neither a cell's number format nor whether it holds a
formula or an error (all three read as a plain number or an empty cell). openpyxl's
streaming reader sees those; it is run only on a workbook whose parts hold a formula, an
error value or a percentage format, and then only for those facts.
"""

from __future__ import annotations

import datetime
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tracker.errors import Problem, clip, problem
from tracker.headers import Header, read_header
from tracker.models import YEAR_RANGE
from tracker.tables import NO_FIGURE, CsvCells, CsvFile, cells_of, column_names, needs_shaping, shape

log = logging.getLogger("tracker")

HEADER_ROWS = 30  # a header further down is not looked for: the sheet is no table
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)  # serial 0 of the 1900 date system
_DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)
_NOTES = re.compile(
    r"^\s*[*※#]?\s*(注|说明|备注|资料来源|数据来源|来源|填表|填报|制表|审核|负责人|联系人|联系电话|note|source)", re.I
)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # an <f> element: a cell holds a formula
_ERROR = re.compile(rb"""\st=["']e["']""")  # a cell of type error (#DIV/0!, #N/A)
_FORMAT_CODE = re.compile(rb"""formatCode=["']([^"']*)["']""")
_BUILTIN_PERCENT = re.compile(rb"""numFmtId=["'](?:9|10)["']""")  # 0% and 0.00%


@dataclass
class _Facts:
    """What python-calamine does not show about cells (row, column from 0): the formulas, the
    error values and the numbers formatted as percentages."""

    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)


def read_workbook(path: Path, label: str) -> tuple[list[CsvCells], list[Problem]]:
    """The tables of every visible sheet of a workbook, and every problem, located by cell."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [
            (meta.name, meta.visible == SheetVisibleEnum.Visible)
            for meta in workbook.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        ]
        grids = {name: workbook.get_sheet_by_name(name) for name, visible in sheets if visible}
        cells = {name: sheet.to_python(skip_empty_area=False) for name, sheet in grids.items()}
        merges = {name: sheet.merged_cell_ranges or [] for name, sheet in grids.items()}
    except (CalamineError, OSError, ValueError) as exc:
        return [], [problem("TRK115", label, reason=clip(str(exc) or type(exc).__name__, 200))]
    finally:
        if "workbook" in locals():
            workbook.close()
    facts = _facts(path, [name for name, visible in sheets if visible])
    log.debug(
        "%s: read with python-calamine%s",
        label,
        " and openpyxl (formulas, error values, percentage formats)" if facts else "",
    )
    batches: list[CsvCells] = []
    problems: list[Problem] = []
    for name, visible in sheets:
        if not visible:
            problems.append(problem("TRK324", label, sheet=name, name=name))
            continue
        grid = _Grid(cells[name], merges[name], facts.get(name, _Facts()) if facts else _Facts())
        batch = _read_sheet(grid, label, name, problems)
        if batch is not None and len(batch) + batch.empty:
            batches.append(batch)
    return batches, problems


def _facts(path: Path, names: list[str]) -> dict[str, _Facts] | None:
    """The formulas, error values and percentage cells of each sheet, or None when the
    workbook has none of them (its parts say so, without reading its cells)."""
    if not names or not _has_facts(path):
        return None
    from openpyxl import load_workbook

    found: dict[str, _Facts] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
        workbook = load_workbook(path, read_only=True, data_only=False)
        try:
            for name in names:
                facts = found[name] = _Facts()
                for row in workbook[name].iter_rows():
                    for cell in row:
                        kind, r, c = cell.data_type, getattr(cell, "row", None), getattr(cell, "column", None)
                        if r is None or c is None or cell.value is None:
                            continue  # an empty cell
                        where = (int(r) - 1, int(c) - 1)
                        if kind == "n" and _is_percent(str(cell.number_format)):
                            facts.percent.add(where)
                        elif kind in ("f", "e"):
                            (facts.formulas if kind == "f" else facts.errors)[where] = str(cell.value)
        finally:
            workbook.close()
    return found


def _has_facts(path: Path) -> bool:
    """Whether a workbook's parts hold a formula, an error value or a percentage format."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith("styles.xml"):
                    styles = archive.read(name)
                    codes = [code.decode("utf-8", "replace") for code in _FORMAT_CODE.findall(styles)]
                    if _BUILTIN_PERCENT.search(styles) or any(_is_percent(code) for code in codes):
                        return True
                elif "worksheets/" in name and name.endswith(".xml"):
                    part = archive.read(name)
                    if _FORMULA.search(part) or _ERROR.search(part):
                        return True
    except (OSError, zipfile.BadZipFile):
        return False  # python-calamine read it: nothing more to learn
    return False


def _is_percent(number_format: str) -> bool:
    """Whether a number format shows a percentage: a % outside quoted text, [...] and escapes."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format)
    return "%" in plain


class _Grid:
    """A sheet's cells (row, column from 0), merged ranges spread over the rows they span."""

    def __init__(self, rows: list[list[Any]], merges: list[tuple[tuple[int, int], tuple[int, int]]], facts: _Facts):
        self.rows = rows
        self.facts = facts
        self.width = max((len(row) for row in rows), default=0)
        for (top, left), (bottom, right) in merges:
            if bottom == top or top >= len(rows):
                continue  # a merge along one row (a title, a note) is that row's first cell
            value = rows[top][left] if left < len(rows[top]) else ""
            for r in range(top, min(bottom, len(rows) - 1) + 1):
                for c in range(left, min(right, len(rows[r]) - 1) + 1):
                    if rows[r][c] == "" or rows[r][c] is None:
                        rows[r][c] = value
                        if (top, left) in facts.percent:
                            facts.percent.add((r, c))
                        if (top, left) in facts.formulas:
                            facts.formulas[(r, c)] = facts.formulas[(top, left)]

    def raw(self, r: int, c: int) -> Any:
        row = self.rows[r]
        return row[c] if c < len(row) else ""

    def text(self, r: int, c: int) -> str:
        """A cell as the text a CSV would hold (dates as ISO dates; `year` and `value` cells
        are converted by `_Sheet.cell`, which says what is wrong with them)."""
        value = self.raw(r, c)
        if (r, c) in self.facts.errors:
            return self.facts.errors[(r, c)]
        if (r, c) in self.facts.percent and isinstance(value, (int, float)) and not isinstance(value, bool):
            return _number_text(Decimal(repr(float(value))) * 100) + "%"
        return _text(value)

    def blank(self, r: int) -> bool:
        return all(_text(value).strip() == "" for value in self.rows[r])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number_text(Decimal(repr(value)))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _number_text(number: Decimal) -> str:
    """A number as written: 2022, 87.6, 94.5 (no exponent, no trailing zeros after the point)."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _serial(value: datetime.date) -> float:
    """A date's serial number in the 1900 date system (what the cell stores)."""
    moment = value if isinstance(value, datetime.datetime) else datetime.datetime.combine(value, datetime.time())
    return (moment - _EXCEL_EPOCH) / datetime.timedelta(days=1)


def _as_year(value: Any) -> str | None:
    """The year a date-formatted cell holds when what was typed is a year (2022 shows as
    1905-07-14), else None."""
    if not isinstance(value, datetime.date):
        return None
    serial = _serial(value)
    if serial == int(serial) and YEAR_RANGE[0] <= serial <= YEAR_RANGE[1]:
        return str(int(serial))
    return None


def _read_sheet(grid: _Grid, label: str, name: str, problems: list[Problem]) -> CsvCells | None:
    """One sheet as a table, or None when it holds none (problems say why, if it is not empty)."""
    filled = [r for r in range(len(grid.rows)) if not grid.blank(r)]
    if not filled:
        return None
    found = _find_header(grid, label, name, problems)
    if found is None:
        first = filled[0]
        cells = ", ".join(clip(grid.text(first, c)) for c in range(grid.width) if grid.text(first, c).strip())
        problems.append(problem("TRK325", label, first + 1, sheet=name, rows=HEADER_ROWS, cells=clip(cells, 200)))
        return None
    top, header, texts = found
    from tracker.csvfiles import header_problems

    if "region" not in header.fields and "region_code" not in header.fields and not _DEFAULT_SHEET.match(name):
        header.region_given = True
    found_problems = header_problems(header, texts, label, top + 1, lambda position: position, sheet=name)
    problems.extend(found_problems)
    if any(p.is_error for p in found_problems):
        return None
    end = _notes_start(grid, header, top, label, name, problems)
    sheet = _Sheet(grid, header, label, name, problems)
    raw = sheet.table(range(top + 1, end))
    source = CsvFile(label, {k: v for k, v in header.fields.items() if k in _KNOWN}, name)
    if needs_shaping(header):
        return shape(raw, header, source)
    return cells_of([source], raw, np.zeros(len(raw), dtype=np.int32))


_KNOWN = ("region", "indicator", "year", "value", "qualifier", "source", "quote", "note")


def _find_header(grid: _Grid, label: str, name: str, problems: list[Problem]) -> tuple[int, Header, list[str]] | None:
    """The header row (from 0), what it says and its texts: the first row that looks like one."""
    for r in range(min(HEADER_ROWS, len(grid.rows))):
        texts, dated = [], []
        for c in range(grid.width):
            year = _as_year(grid.raw(r, c))
            if year is not None:  # a year column's header typed into a date-formatted cell
                dated.append(problem("TRK323", label, r + 1, c + 1, sheet=name, year=year, shown=_text(grid.raw(r, c))))
            texts.append(year if year is not None else grid.text(r, c))
        header = read_header(texts)
        if header.looks_like_a_header():
            problems.extend(dated)
            return r, header, texts
    return None


def _notes_start(grid: _Grid, header: Header, top: int, label: str, name: str, problems: list[Problem]) -> int:
    """The row (from 0) where a notes block below the table begins, or the end of the sheet.

    A note's row starts with a note word and holds no figure; a row after it that holds a
    figure is reported (TRK326), never read as data nor passed over in silence.
    """
    figures = [position - 1 for position, _ in header.years] or [header.fields["value"] - 1]
    for r in range(top + 1, len(grid.rows)):
        first = next((grid.text(r, c) for c in range(grid.width) if grid.text(r, c).strip()), "")
        if _NOTES.match(first) and all(grid.text(r, c).strip() in NO_FIGURE for c in figures):
            for later in range(r + 1, len(grid.rows)):
                held = [c for c in figures if grid.text(later, c).strip() not in NO_FIGURE]
                if held:
                    problems.append(problem("TRK326", label, later + 1, held[0] + 1, sheet=name, notes_row=r + 1))
            return r
    return len(grid.rows)


class _Sheet:
    """The cells of one sheet's table, as texts, with what is wrong with them reported."""

    def __init__(self, grid: _Grid, header: Header, label: str, name: str, problems: list[Problem]) -> None:
        self.grid, self.header, self.label, self.name, self.problems = grid, header, label, name, problems

    def table(self, rows: range) -> pd.DataFrame:
        """The table's rows as texts, one column per header cell, and each row's number ('line')."""
        header = self.header
        names = column_names(header, self.grid.width)
        wanted = {
            position - 1: kind for kind, position in header.fields.items() if kind in (*_KNOWN, "region_code", "unit")
        }
        wanted |= {position - 1: "value" for position, _ in header.years}
        columns: dict[str, list[str]] = {names[c]: [] for c in sorted(wanted)}
        lines: list[int] = []
        for r in rows:
            if self.grid.blank(r):
                continue
            texts, bad = {}, False
            for c, kind in wanted.items():
                text, ok = self.cell(r, c, kind)
                texts[names[c]] = text
                bad |= not ok
            if bad and not header.wide:
                continue  # the problem is reported; the row is left out as a CSV row with an error is
            for column, text in texts.items():
                columns[column].append(text)
            lines.append(r + 1)
        raw = pd.DataFrame(columns, dtype=object)
        if header.region_given:
            raw["region"] = self.name
        raw["line"] = np.array(lines, dtype=np.int32)
        return raw

    def cell(self, r: int, c: int, kind: str) -> tuple[str, bool]:
        """A cell's text, and False when it is wrong (reported; its text is then empty)."""
        grid, where = self.grid, (r, c)
        value = grid.raw(r, c)
        if where in grid.facts.formulas and _text(value).strip() == "":
            formula = clip(grid.facts.formulas[where], 60)
            self.problems.append(problem("TRK321", self.label, r + 1, c + 1, sheet=self.name, formula=formula))
            return "", False
        if isinstance(value, datetime.date) and kind in ("year", "value"):
            year = _as_year(value) if kind == "year" else None
            if year is not None:
                shown = _text(value)
                self.problems.append(
                    problem("TRK323", self.label, r + 1, c + 1, sheet=self.name, year=year, shown=shown)
                )
                return year, True
            what = "a year such as 2023" if kind == "year" else "a number"
            name = "year" if kind == "year" else "value"
            self.problems.append(
                problem("TRK322", self.label, r + 1, c + 1, sheet=self.name, date=_text(value), column=name, what=what)
            )
            return "", False
        return grid.text(r, c), True
