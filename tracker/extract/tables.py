"""Indicator tables flattened to one cell per line, as plans' tables come out of a web page.

A table starts at its header: 指标 (指标名称, 项目), optionally after 序号 and followed by
单位, two or more year columns (2020年, 2025年, 2025年目标) and optionally 属性. Then each row
fills as many lines as there are columns; group headings (一、发展水平) stand between rows
and fill none. A row that does not fit (a name without Han characters, a value that is not
a number) ends the table. Each row gives a figure in the first year's column (the baseline,
or a five-year total when written 〔12000〕) and a target in the last one, by that year, with
its qualifier (99%以上, ≥90, >99), binding when its 属性 is 约束性. The quote of a row is its
name and its two values as written, joined by " / ".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.extract.figures import Skipped, WrittenFigure
from tracker.extract.indicators import Context, IndicatorMatcher
from tracker.numbers import ValueGrammarError, parse_value

if TYPE_CHECKING:
    from tracker.extract.document import DocumentDraft, _Ledger
    from tracker.extract.text import Normalised

_NAME_HEADERS = {"指标", "指标名称", "项目", "主要指标", "指标内容"}
_YEAR_HEADER = re.compile(r"^((?:19|20)\d\d)年?(?:目标值?|基数|基期值?|预期值?|规划值|现状值?)?$")
_ATTR_HEADERS = {"属性", "指标属性", "性质", "指标性质"}
_UNIT_HEADERS = {"单位", "计量单位"}
_GROUP = re.compile(r"^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]")
_ATTRS = {"约束性": True, "预期性": False}
_EMPTY = {"—", "-", "--", "——", "/", "", "—%"}
_CELL = re.compile(
    r"^(?P<pre>≥|>=|>|≤|<=|<|超过|不低于|不少于|约)?\s*(?P<open>〔|\[|【)?(?P<num>\d+(?:\.\d+)?(?:万|亿)?)(?:〕|\]|】)?"
    r"\s*(?P<pct>%)?(?P<unit>年|所|个|人|万人|亿元|万元|元|小时|学时)?(?P<suf>以上|及以上|以下|左右)?$"
)
_PRE = {
    "≥": ">=",
    ">=": ">=",
    ">": ">",
    "≤": "<=",
    "<=": "<=",
    "<": "<",
    "超过": ">",
    "不低于": ">=",
    "不少于": ">=",
    "约": "~",
}
_SUF = {"以上": ">=", "及以上": ">=", "以下": "<=", "左右": "~"}
_UNITS = {
    "%": ("percent",),
    "年": ("year",),
    "所": ("school", "count"),
    "个": ("count", "place", "school"),
    "人": ("person",),
    "万人": ("person",),
    "元": ("yuan",),
    "万元": ("yuan",),
    "亿元": ("yuan",),
    "小时": ("hour",),
    "学时": ("hour",),
}


@dataclass(frozen=True)
class Cell:
    """A value cell: its number, qualifier, whether it is a five-year total (〔 〕), and where it is."""

    value: float
    op: str
    total: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Row:
    name: str
    unit: str
    cells: tuple[Cell | None, ...]
    binding: bool
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    years: tuple[int, ...]
    rows: tuple[Row, ...]
    start: int
    end: int


def _lines(text: str) -> list[tuple[int, int, str]]:
    found = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            offset = position + line.index(stripped[0])
            found.append((offset, offset + len(stripped), stripped))
        position += len(line) + 1
    return found


def _cell(line: tuple[int, int, str]) -> Cell | None | str:
    """A value cell, None for an empty one (—), or "" when the line is not a value."""
    start, end, text = line
    if text in _EMPTY:
        return None
    found = _CELL.match(text.replace(",", ""))
    if found is None:
        return ""
    try:
        value = parse_value(found["num"]).value
    except ValueGrammarError:
        return ""
    op = _PRE.get(found["pre"] or "", "") or _SUF.get(found["suf"] or "", "")
    return Cell(value, op, found["open"] is not None, start, end, text)


def find_tables(text: str) -> list[Table]:
    """Every flattened indicator table in a normalised text."""
    lines = _lines(text)
    tables = []
    i = 0
    while i < len(lines):
        if lines[i][2] not in _NAME_HEADERS:
            i += 1
            continue
        columns = ["name"]
        if i > 0 and lines[i - 1][2] == "序号":
            columns.insert(0, "no")
        j = i + 1
        year_list: list[int] = []
        while j < len(lines):
            cell = lines[j][2]
            year = _YEAR_HEADER.match(cell)
            if year:
                columns.append("year")
                year_list.append(int(year.group(1)))
            elif cell in _UNIT_HEADERS:
                columns.append("unit")
            elif cell in _ATTR_HEADERS:
                columns.append("attr")
            else:
                break
            j += 1
        if len(year_list) < 2:
            i += 1
            continue
        rows, j = _rows(lines, j, columns)
        if rows:
            tables.append(Table(tuple(year_list), tuple(rows), lines[i][0], rows[-1].end))
        i = max(j, i + 1)
    return tables


def _rows(lines: list[tuple[int, int, str]], j: int, columns: list[str]) -> tuple[list[Row], int]:
    rows = []
    while j < len(lines):
        if _GROUP.match(lines[j][2]) and len(lines[j][2]) <= 20:
            j += 1
            continue
        chunk = lines[j : j + len(columns)]
        if len(chunk) < len(columns):
            break
        row = _row(chunk, columns)
        if row is None:
            break
        rows.append(row)
        j += len(columns)
    return rows, j


def _row(chunk: list[tuple[int, int, str]], columns: list[str]) -> Row | None:
    name, unit, binding = "", "", False
    cells: list[Cell | None] = []
    for column, line in zip(columns, chunk, strict=True):
        text = line[2]
        if column == "no":
            if not text.isdigit():
                return None
        elif column == "name":
            if len(re.findall(r"[\u4e00-\u9fff]", text)) < 2 or _cell(line) != "":
                return None
            name = text
        elif column == "unit":
            if len(text) > 4:
                return None
            unit = text
        elif column == "attr":
            if text not in _ATTRS:
                return None
            binding = _ATTRS[text]
        else:
            cell = _cell(line)
            if cell == "":
                return None
            cells.append(cell if isinstance(cell, Cell) else None)
    in_name = re.search(r"[(（]([^()（）]{1,4})[)）]\s*$", name)
    if in_name:
        unit = unit or in_name.group(1)
        name = name[: in_name.start()]
    name = re.sub(r"^\d{1,2}[.、．]\s*", "", name).strip()
    if not unit:
        unit = next((c.text.strip("0123456789.〔〕以上下左右≥≤<>约超过不低少于") for c in cells if c), "")
    return Row(name, unit, tuple(cells), binding, chunk[0][0], chunk[-1][1])


def read_tables(
    norm: Normalised,
    found: list[WrittenFigure],
    skipped: list[Skipped],
    matcher: IndicatorMatcher,
    draft: DocumentDraft,
    ledger: _Ledger,
) -> set[int]:
    """Draft every table row; return the starts of the figures and numbers its value cells hold."""
    from tracker.extract.document import DraftFigure, DraftTarget

    text = norm.text
    consumed: set[int] = set()
    tables = find_tables(text)
    if not tables:
        return consumed
    found_starts = [f.start for f in found]
    skipped = sorted(skipped, key=lambda item: item.start)
    skipped_starts = [s.start for s in skipped]
    for table in tables:
        base_year, target_year = table.years[0], table.years[-1]
        for row in table.rows:
            base, target = row.cells[0], row.cells[-1]
            value_cells = [c for c in row.cells if c is not None]
            inside: list[WrittenFigure | Skipped] = [
                item
                for cell in value_cells
                for items, starts in ((found, found_starts), (skipped, skipped_starts))
                for item in items[bisect.bisect_left(starts, cell.start) : bisect.bisect_left(starts, cell.end)]
            ]
            units = _UNITS.get(row.unit, ())
            match = matcher.match(Context(row.name, "", row.name), units)
            quote = " / ".join(
                [norm.source_slice(row.start, row.start + len(text[row.start :].split("\n", 1)[0])).strip()]
                + [norm.source_slice(c.start, c.end) for c in (base, target) if c is not None]
            )
            offset = norm.source_offset(row.start)
            if match is None:
                for item in inside:
                    reason = f"a table row '{row.name}' that no catalog indicator of unit {row.unit or 'any'} fits"
                    if isinstance(item, WrittenFigure):
                        ledger.miss(item, reason)
                continue
            consumed.update(item.start for item in inside)
            for item in inside:
                if isinstance(item, WrittenFigure):
                    ledger.place(item)
                else:
                    ledger.spans.append((item.start, item.end))
            better = matcher.better(match.indicator)
            if base is not None:
                year = f"{base_year - 4}-{base_year}" if base.total else str(base_year)
                note = "A five-year total (〔 〕) in the table's first year column" if base.total else ""
                note = note or f"The {base_year} column of the indicator table"
                qualifier = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "~": "~"}.get(base.op, "")
                draft.figures.append(
                    DraftFigure(match.indicator, year, base.value, qualifier, quote, offset, match.score, note)
                )
            if target is not None:
                op = target.op if target.op else (">=" if better == "higher" else "<=")
                if target.total:
                    kind = "cumulative"
                elif base is not None and base.value == target.value:
                    kind = "maintain"
                else:
                    kind = "level"
                baseline = base_year if kind == "level" and base is not None else None
                draft.targets.append(
                    DraftTarget(
                        match.indicator,
                        kind,
                        op,
                        target.value,
                        target_year,
                        quote,
                        offset,
                        match.score,
                        baseline,
                        note="Binding (约束性) in the indicator table" if row.binding else "",
                        binding=row.binding,
                    )
                )
    return consumed
