"""The actuals: every CSV row as an interval [lo, hi], in one table sorted by region, indicator and year.

Each row's value and qualifier give an interval (README, "Qualifiers"; the value grammar
is `tracker.numbers`). Rows of the same region, indicator and years are merged by
intersecting their intervals; rows whose intervals do not overlap make a `conflict`.

The cells of all files are read first (`tracker.csvfiles`) and then parsed in one pass.
Text columns stay pandas categoricals, so every per-text step (stripping, resolving
indicator names, region codes, years, values, qualifiers) runs once per distinct text,
and the rest is whole-array numpy work: a national data root repeats a few thousand
texts over a million rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tracker.csvfiles import read_csv_files
from tracker.errors import Problem, Severity, clip, problem
from tracker.identifiers import changed_meaningfully, identifier, shown, without_invisible
from tracker.models import YEAR_RANGE
from tracker.noise import eq, gt
from tracker.numbers import (
    LARGEST,
    QUALIFIER_WORDS,
    QUALIFIERS,
    ValueGrammarError,
    canonical_number,
    fold_width,
    normalize_qualifier,
    parse_value,
)
from tracker.tables import CsvCells, CsvFile

KEY = ["region", "indicator", "y_start", "y_end"]
TEXT_COLUMNS = ("region", "indicator", "qualifier", "written", "source", "file")
NUMBER_COLUMNS = {
    "y_start": np.int16,  # 1900-2200: small columns are quicker to take and sort
    "y_end": np.int16,
    "value": np.float64,
    "step": np.float64,
    "lo": np.float64,
    "hi": np.float64,
    "lo_open": np.bool_,
    "hi_open": np.bool_,
    "line": np.int32,
    "conflict": np.bool_,
}
COLUMNS = [
    *KEY,
    "value",
    "qualifier",
    "written",
    "step",
    "lo",
    "hi",
    "lo_open",
    "hi_open",
    "source",
    "file",
    "line",
    "conflict",
]
Columns = dict[str, Any]  # rows column by column: numpy arrays, and categoricals for text
Row = dict[str, Any]
_LARGEST = float(LARGEST)
# 2022, 2022年, 2021-2025, 2021年-2025年, 2021至2025年 (full-width forms folded: ２０２２ is 2022)
_YEARS = re.compile(r"^\s*(\d{4})\s*年?\s*(?:(?:-|–|—|~|至|到)\s*(\d{4})\s*年?)?\s*$", re.ASCII)
# Qualifier words a value cell may carry (超92%, 99%以上), longest first, for `written`.
_VALUE_WORDS = re.compile("|".join(sorted((w for w in QUALIFIER_WORDS if not w.isascii()), key=len, reverse=True)))
# The columns whose cells are names that join the files, read by the one identifier rule.
NAME_COLUMNS = ("region", "indicator")


@dataclass(frozen=True)
class IndicatorLookup:
    """What the CSV loader needs of the catalog: name -> id, and the percent and yes/no indicators."""

    resolve: Callable[[str], str | None]
    suggest: Callable[[str], str]
    percent: frozenset[str]
    boolean: frozenset[str] = frozenset()


class Distinct:
    """A column as codes into its distinct values, so that work is done once per value."""

    def __init__(self, codes: np.ndarray, values: list[Any], categorical: pd.Categorical | None = None) -> None:
        self.codes = codes
        self.values = values
        self._categorical = categorical  # the pandas categorical these codes and values are, if made

    @classmethod
    def of(cls, column: pd.Categorical) -> Distinct:
        return cls(np.asarray(column.codes), column.categories.tolist(), column)

    @classmethod
    def of_values(cls, values: Iterable[Any]) -> Distinct:
        """Codes for a sequence of values (None is a value like any other here)."""
        index: dict[Any, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64)
        return cls(codes, list(index))

    def map(self, function: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
        """`function` of every row's value, computed once per distinct value."""
        mapped: np.ndarray = np.array([function(value) for value in self.values], dtype=dtype)[self.codes]
        return mapped

    def recode(self, function: Callable[[Any], Any]) -> Distinct:
        """The column with `function` applied to its values; values that become equal merge."""
        values = [function(value) for value in self.values]
        if values == self.values:
            return self
        mapped = Distinct.of_values(values)
        return Distinct(mapped.codes.astype(_code_type(len(mapped.values)))[self.codes], mapped.values)

    def text(self, row: int) -> str:
        return str(self.values[self.codes[row]])

    def where(self, predicate: Callable[[Any], bool]) -> np.ndarray:
        """Positions of the rows whose value satisfies `predicate` (tested once per distinct value)."""
        return self.rows_of([code for code, value in enumerate(self.values) if predicate(value)])

    def rows_of(self, codes: list[int]) -> np.ndarray:
        """Positions of the rows whose value has one of these codes."""
        if not codes:
            return np.zeros(0, dtype=np.int64)
        if len(codes) == 1:
            return np.flatnonzero(self.codes == codes[0])
        wanted: np.ndarray = np.zeros(len(self.values), dtype=bool)
        wanted[codes] = True
        return np.flatnonzero(wanted[self.codes])

    def has(self, rows: np.ndarray, *values: Any) -> np.ndarray:
        """For each of `rows`, whether its value is one of `values`."""
        wanted = set(values)
        hits = np.array([value in wanted for value in self.values], dtype=bool)
        return hits[self.codes[rows]] if len(hits) else np.zeros(len(rows), dtype=bool)

    def categorical(self) -> pd.Categorical:
        """As a pandas categorical of text (a value of None, never kept in a table, becomes '')."""
        if self._categorical is not None:
            return self._categorical
        text = self.recode(lambda value: "" if value is None else value) if None in self.values else self
        return pd.Categorical.from_codes(text.codes, categories=pd.Index(text.values, dtype=object))


class Actuals:
    """The loaded actuals: one row per region, indicator and years, sorted by region and
    indicator, then end and start year (the order the engine joins on, so that it reads
    the columns without a copy); `frame` is the same table as a pandas DataFrame for
    everything else (built when first asked for).
    """

    def __init__(self, columns: Columns, sources: Mapping[str, CsvFile] | None = None, empty: int = 0) -> None:
        self.columns = columns
        self.sources = dict(sources or {})  # the `file` column's keys -> where their rows are
        self.empty = empty  # cells of wide tables and rows of forms that hold no figure

    def place(self, key: str, line: int) -> tuple[str, int, int, str]:
        """File, line, column and sheet of a row, to locate a problem: a workbook's value cell."""
        return located(self.sources, key, line)

    def __len__(self) -> int:
        return len(self.columns["line"])

    def column(self, name: str) -> Any:
        return self.columns[name]

    @property
    def key(self) -> np.ndarray:
        """Region and indicator as one number per row (ascending): what targets are matched on."""
        return _region_indicator(self.columns)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({column: self.columns[column] for column in COLUMNS})


def located(sources: Mapping[str, CsvFile], key: str, line: int) -> tuple[str, int, int, str]:
    """File, line, column and sheet of a row from the source `key`: a CSV file's line (no
    column), a workbook's value cell."""
    source = sources.get(key)
    if source is None or not source.sheet:
        return (source.label if source is not None else key), line, 0, ""
    return source.at(line, "value")


def read_actuals(
    paths: Iterable[tuple[Path, str]], indicators: IndicatorLookup, region_of: Mapping[str, str]
) -> tuple[Actuals, list[Problem]]:
    """Read every CSV and workbook; return the merged table and every problem (errors drop their rows)."""
    read, problems = read_actual_files(paths, indicators)
    table, found = merge_actuals(read, region_of)
    return table, problems + found


@dataclass
class ReadRows:
    """The rows of every file, regions as written: columns, their sources, the empty cells."""

    columns: Columns
    sources: dict[str, CsvFile]
    empty: int


def read_actual_files(paths: Iterable[tuple[Path, str]], indicators: IndicatorLookup) -> tuple[ReadRows, list[Problem]]:
    """The first half of `read_actuals`: the rows of every file as columns, regions as written."""
    batches, problems = read_csv_files(paths)
    read, found = rows_of(batches, indicators)
    return read, problems + found


def rows_of(batches: list[CsvCells], indicators: IndicatorLookup) -> tuple[ReadRows, list[Problem]]:
    """The rows of files' cells (`tracker.csvfiles`) as columns, regions as written, and their problems."""
    columns, found = _parse_rows(batches, indicators)
    sources = {source.key: source for batch in batches for source in batch.files}
    return ReadRows(columns, sources, sum(batch.empty for batch in batches)), found


def merge_actuals(read: ReadRows, region_of: Mapping[str, str]) -> tuple[Actuals, list[Problem]]:
    """The second half of `read_actuals`: region codes to names, then rows of one key merged."""
    columns = read.columns
    if region_of:
        region = Distinct.of(columns["region"]).recode(lambda r: region_of.get(r, r))
        columns["region"] = region.categorical()
    key = _key_with_years(columns)
    order = np.argsort(key, kind="stable")  # rows of one key stay in file and line order
    key = key[order]
    repeated = key[1:] == key[:-1]  # sorted row i + 1 has the key of row i
    if not repeated.any():
        return Actuals(_take(columns, order), read.sources, read.empty), []
    table, problems = _merge_same_key(columns, order, repeated, read.sources)
    table.empty = read.empty
    return table, problems


def _take(columns: Columns, rows: np.ndarray) -> Columns:
    """The columns at `rows` (categoricals by their codes: the codes taken are valid ones)."""
    return {
        name: values[rows]
        if isinstance(values, np.ndarray)
        else pd.Categorical.from_codes(np.asarray(values.codes)[rows], dtype=values.dtype, validate=False)
        for name, values in columns.items()
    }


def _region_indicator(columns: Columns) -> np.ndarray:
    width = len(columns["indicator"].categories) + 1
    return np.asarray(columns["region"].codes, dtype=np.int64) * width + np.asarray(columns["indicator"].codes)  # type: ignore[no-any-return]


YEARS = YEAR_RANGE[1] - YEAR_RANGE[0] + 1  # how many years a plan or a figure may name


def year_key(key: np.ndarray, year: np.ndarray) -> np.ndarray:
    """A key (region and indicator, a target's position) and a year as one number: in the
    order of the key, then the year (clipped to YEAR_RANGE)."""
    return key * YEARS + (np.clip(year, *YEAR_RANGE) - YEAR_RANGE[0])  # type: ignore[no-any-return]


def _key_with_years(columns: Columns) -> np.ndarray:
    """Region, indicator, end year and start year as one number per row: the table's order."""
    return year_key(year_key(_region_indicator(columns), columns["y_end"]), columns["y_start"])


# -- from cells to intervals ------------------------------------------------------------


def _concat(parts: list[pd.Categorical]) -> pd.Categorical:
    """Categoricals one after the other, over the union of their categories."""
    if not parts:
        return pd.Categorical([], categories=pd.Index([], dtype=object))
    if len(parts) == 1:
        return parts[0]
    index: dict[Any, int] = {}
    to_union = [np.array([index.setdefault(v, len(index)) for v in part.categories.tolist()]) for part in parts]
    dtype = _code_type(len(index))  # as small as pandas's own codes: numpy's passes over them are quicker
    codes = [
        mapping.astype(dtype)[part.codes] if (mapping != np.arange(len(mapping))).any() else part.codes.astype(dtype)
        for part, mapping in zip(parts, to_union, strict=True)
    ]
    return pd.Categorical.from_codes(np.concatenate(codes), categories=pd.Index(list(index), dtype=object))


def _code_type(categories: int) -> type[np.signedinteger[Any]]:
    for dtype in (np.int8, np.int16, np.int32):
        if categories <= np.iinfo(dtype).max:
            return dtype
    return np.int64


def _parse_rows(batches: list[CsvCells], indicators: IndicatorLookup) -> tuple[Columns, list[Problem]]:
    """Every file's cells as one table of intervals; rows with errors are left out (and reported).

    Each check runs on the distinct texts of a column; only when some text fails does it
    look at rows, so a clean national file costs a few passes over its rows in all.
    """
    if not batches:
        return _no_rows(), []
    cell = {column: Distinct.of(_concat([b.cells[column] for b in batches])) for column in batches[0].cells}
    read = {column: {value: _name(value) for value in cell[column].values} for column in NAME_COLUMNS if column in cell}
    stripped = {
        column: d.recode(read[column].__getitem__ if column in read else _free_text) for column, d in cell.items()
    }
    files = [file for batch in batches for file in batch.files]
    lines = np.concatenate([batch.lines for batch in batches])
    offsets = np.cumsum([0] + [len(batch.files) for batch in batches[:-1]])
    file_of = np.concatenate([batch.file_of + offset for batch, offset in zip(batches, offsets, strict=True)])
    blank = _blank_rows(stripped)  # Excel's empty rows: no cell holds anything
    problems: list[Problem] = []
    bad: list[np.ndarray] = [blank]

    def report(rows: np.ndarray, code: str, field: str, **template: Callable[[int], Any]) -> None:
        """A problem at each of `rows` (naming the file, line and field); the rows are left out."""
        for i in np.setdiff1d(rows, blank, assume_unique=True).tolist():
            file, line, col, sheet = files[file_of[i]].at(int(lines[i]), field)
            values = {name: make(i) for name, make in template.items()}
            problems.append(problem(code, file, line, col, sheet=sheet, **values))
        bad.append(rows)

    region = stripped["region"]
    report(region.where(lambda r: r == ""), "TRK313", "region")
    for column, names_read in read.items():
        problems += _renamed(cell[column], names_read, column, files, file_of, lines)

    names = stripped["indicator"]
    ids = names.recode(indicators.resolve)  # None for an unknown name
    suggest = functools.lru_cache(maxsize=None)(indicators.suggest)
    report(
        ids.where(lambda i: i is None),
        "TRK306",
        "indicator",
        indicator=lambda i: clip(names.text(i)),
        suggestion=lambda i: suggest(names.text(i)),
    )

    years = cell["year"]
    y_start, y_end = _years(years)
    report(np.flatnonzero(y_start == 0), "TRK303", "year", text=lambda i: clip(years.text(i)))

    qualifier_text = stripped["qualifier"]
    column_qualifier = qualifier_text.recode(normalize_qualifier)  # None for an unknown word
    report(
        column_qualifier.where(lambda q: q is None),
        "TRK305",
        "qualifier",
        text=lambda i: clip(qualifier_text.text(i)),
    )
    # Qualifiers as positions in QUALIFIERS: the column's (an unknown word reads as "=").
    stated = column_qualifier.recode(lambda q: QUALIFIERS.index(q or "="))

    value_cells = cell["value"]
    values, steps, words = _values(value_cells, stated)
    report(words.wrong, "TRK304", "value", text=lambda i: clip(value_cells.text(i)), reason=words.reason)
    qualifier = stated.map(int, np.int8)
    worded = words.rows[qualifier_text.has(words.rows, "")]  # the word fills an empty qualifier cell
    contradicting = np.setdiff1d(words.rows, worded, assume_unique=True)
    contradicting = contradicting[words.qualifier(contradicting) != qualifier[contradicting]]
    report(
        contradicting,
        "TRK310",
        "value",
        text=lambda i: clip(value_cells.text(i)),
        word=lambda i: QUALIFIERS[int(words.qualifier(np.array([i]))[0])],
        column=lambda i: clip(qualifier_text.text(i)),
    )
    qualifier[worded] = words.qualifier(worded)
    present = {*stated.values, *words.qualifiers}  # the qualifiers that occur (most rows are "=")
    written = _written(qualifier_text, value_cells, worded)

    def figure(i: int) -> str:
        """The figure as a number and its qualifier: the same whichever way the file was read."""
        said = QUALIFIERS[qualifier[i]]
        return f"{'' if said == '=' else said + ' '}{canonical_number(float(values[i]))}"

    near = QUALIFIERS.index("near")
    if near in present:  # [0.9v, v) is empty or backwards unless v > 0
        report(np.flatnonzero((qualifier == near) & (values <= 0)), "TRK320", "value", figure=figure)

    yes_no = ids.where(lambda i: i in indicators.boolean)
    said = qualifier[yes_no]
    report(
        yes_no[~np.isnan(values[yes_no]) & ((said != QUALIFIERS.index("=")) | ~np.isin(values[yes_no], [0, 1]))],
        "TRK319",
        "value",
        indicator=lambda i: ids.text(i),
        figure=figure,
    )
    over = np.flatnonzero(values > 100)
    if len(over):
        over = over[ids.has(over, *indicators.percent) & stripped["note"].has(over, "")]
    for i in np.setdiff1d(over, np.concatenate(bad)).tolist():
        file, line, col, sheet = files[file_of[i]].at(int(lines[i]), "value")
        problems.append(
            problem(
                "TRK309",
                file,
                line,
                col,
                sheet=sheet,
                indicator=ids.text(i),
                value=canonical_number(values[i]),
            )
        )

    columns: Columns = {
        "region": region.categorical(),
        "indicator": ids.categorical(),
        "y_start": y_start,
        "y_end": y_end,
        "value": values,
        "qualifier": pd.Categorical.from_codes(qualifier, categories=pd.Index(QUALIFIERS, dtype=object)),
        "written": written,
        "step": steps,
        "source": stripped["source"].categorical(),
        "file": pd.Categorical.from_codes(file_of, categories=pd.Index([f.key for f in files], dtype=object)),
        "line": lines,
    }
    columns.update(_intervals(values, qualifier, steps, present))
    dropped = np.concatenate(bad)
    if len(dropped):
        keep: np.ndarray = np.ones(len(lines), dtype=bool)
        keep[dropped] = False
        columns = {name: values[keep] for name, values in columns.items()}
    return columns, problems


def _blank_rows(stripped: dict[str, Distinct]) -> np.ndarray:
    """Rows whose every known cell is empty."""
    rows: np.ndarray | None = None
    for column in stripped.values():
        rows = column.where(lambda text: text == "") if rows is None else rows[column.has(rows, "")]
        if not len(rows):
            break
    return np.zeros(0, dtype=np.int64) if rows is None else rows


def _name(cell: Any) -> str:
    """A cell of a name column (region, indicator) as the identifier rule reads it."""
    return identifier(str(cell))


def _free_text(cell: Any) -> str:
    """Any other cell without invisible characters and surrounding spaces."""
    return without_invisible(str(cell))


def _renamed(
    written: Distinct, read: dict[Any, str], column: str, files: list[Any], file_of: np.ndarray, lines: np.ndarray
) -> list[Problem]:
    """TRK116 for each name the identifier rule changed, once per file: at its first row, with the count.

    White space is read without a word (spreadsheets leave spaces at the ends of cells).
    """
    changed = [code for code, text in enumerate(written.values) if changed_meaningfully(str(text), _name(text))]
    if not changed:
        return []
    rows = written.rows_of(changed)
    codes, files_at = written.codes[rows], file_of[rows]
    first = np.lexsort((lines[rows], codes, files_at))  # by file, then name, then line
    rows, codes, files_at = rows[first], codes[first], files_at[first]
    starts = np.flatnonzero(np.append(True, (codes[1:] != codes[:-1]) | (files_at[1:] != files_at[:-1])))
    counts: np.ndarray = np.diff(np.append(starts, len(rows)))
    problems = []
    for row, count in zip(rows[starts].tolist(), counts.tolist(), strict=True):
        file, line, col, sheet = files[file_of[row]].at(int(lines[row]), column)
        problems.append(
            problem(
                "TRK116",
                file,
                line,
                col,
                sheet=sheet,
                field=column,
                written=shown(written.text(row)),
                read=shown(read[written.values[written.codes[row]]]),
                rows=f" ({count} rows)" if count > 1 else "",
            )
        )
    return problems


def _no_rows() -> Columns:
    return {
        column: pd.Categorical([], categories=pd.Index([], dtype=object))
        if column in TEXT_COLUMNS
        else np.zeros(0, dtype=NUMBER_COLUMNS[column])
        for column in COLUMNS
    }


def _numbers(cells: list[Any]) -> np.ndarray:
    """Each distinct cell as pandas reads a number; NaN for anything else (the grammar's job)."""
    numbers: np.ndarray = pd.to_numeric(pd.Series(cells, dtype=object), errors="coerce").to_numpy(dtype=float)
    return numbers


@dataclass
class _Readings:
    """What the value grammar made of the cells it read: qualifier words, and cells it refused."""

    codes: np.ndarray  # every row's value code
    word_of: dict[int, int]  # value code -> position in QUALIFIERS of the qualifier its words say
    reason_of: dict[int, str]  # value code -> why the grammar refused it
    rows: np.ndarray  # rows whose value carries a qualifier word
    wrong: np.ndarray  # rows whose value the grammar refused

    @property
    def qualifiers(self) -> set[int]:
        return set(self.word_of.values())

    def qualifier(self, rows: np.ndarray) -> np.ndarray:
        """The qualifier (position in QUALIFIERS) the words of these rows' values say."""
        lookup: np.ndarray = np.full(max(self.word_of, default=0) + 1, -1, dtype=np.int8)
        lookup[list(self.word_of)] = list(self.word_of.values())
        return lookup[self.codes[rows]]  # type: ignore[no-any-return]

    def reason(self, row: int) -> str:
        return self.reason_of[int(self.codes[row])]


def _values(value_cells: Distinct, stated: Distinct) -> tuple[np.ndarray, np.ndarray, _Readings]:
    """Per row: value and step (NaN unless the grammar read it), and what the grammar found.

    pandas reads plain numbers; the grammar reads the rest (95%, 1.5万, 超92%), refuses
    inf and absurd sizes, and gives the step (the last written digit) that `~` and `plus`
    need. Each distinct text is read once.
    """
    numbers = _numbers(value_cells.values)
    values = np.append(numbers, np.nan)[value_cells.codes]
    steps = np.full(len(values), np.nan)
    unread = value_cells.where(lambda v: False)  # the rows the grammar reads
    not_numbers = [code for code, number in enumerate(numbers.tolist()) if not abs(number) <= _LARGEST]
    if not_numbers:
        unread = value_cells.rows_of(not_numbers)
    needs_step = stated.where(lambda q: QUALIFIERS[q] in ("~", "plus"))
    rows = np.union1d(unread, needs_step) if len(needs_step) else unread
    readings = _Readings(value_cells.codes, {}, {}, rows[:0], rows[:0])
    if not len(rows):
        return values, steps, readings
    codes, at = np.unique(value_cells.codes[rows], return_inverse=True)
    parsed = [_parse_cell(value_cells.values[code]) for code in codes.tolist()]
    values[rows] = np.array([np.nan if isinstance(p, str) else p.value for p in parsed])[at]
    steps[rows] = np.array([np.nan if isinstance(p, str) else p.step for p in parsed])[at]
    for code, p in zip(codes.tolist(), parsed, strict=True):
        if isinstance(p, str):
            readings.reason_of[code] = p
        elif p.qualifier:
            readings.word_of[code] = QUALIFIERS.index(p.qualifier)
    refused = np.array([isinstance(p, str) for p in parsed], dtype=bool)[at]
    worded = np.array([not isinstance(p, str) and bool(p.qualifier) for p in parsed], dtype=bool)[at]
    readings.wrong, readings.rows = rows[refused], rows[worded]
    return values, steps, readings


def _parse_cell(cell: Any) -> Any:
    """The value grammar's reading of one cell, or what is wrong with it (a string)."""
    try:
        parsed = parse_value(str(cell))
    except ValueGrammarError as exc:
        return str(exc)
    return parsed


def _written(qualifier_text: Distinct, value_cells: Distinct, worded: np.ndarray) -> pd.Categorical:
    """The qualifier as the document wrote it: the column's word, else the value's (超, 以上, 近...)."""
    written = qualifier_text
    if len(worded):
        index = {word: i for i, word in enumerate(qualifier_text.values)}
        said, at = np.unique(value_cells.codes[worded], return_inverse=True)  # the worded values, once each
        words = [_VALUE_WORDS.search(str(value_cells.values[code])) for code in said.tolist()]
        word_codes = np.array([index.setdefault(m.group(0) if m else "", len(index)) for m in words], dtype=np.int64)
        codes: np.ndarray = qualifier_text.codes.astype(np.int64)
        codes[worded] = word_codes[at]
        written = Distinct(codes, list(index))
    return written.categorical()


def _years(years: Distinct) -> tuple[np.ndarray, np.ndarray]:
    """Start and end year of each row (a plain year gives start == end; 0 when unreadable)."""
    spans = [_year_span(text, number) for text, number in zip(years.values, _numbers(years.values), strict=True)]
    start = np.array([s[0] for s in spans] + [0], dtype=np.int16)[years.codes]
    end = np.array([s[1] for s in spans] + [0], dtype=np.int16)[years.codes]
    return start, end


def _year_span(text: Any, number: float) -> tuple[int, int]:
    """(start, end) of one year cell, (0, 0) when it is not a year or a span within YEAR_RANGE."""
    if np.isfinite(number) and number == round(number) and abs(number) < 10_000:
        first = last = int(number)
    else:
        match = _YEARS.match(fold_width(str(text)))
        if not match:
            return 0, 0
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first > last:
            return 0, 0
    if first < YEAR_RANGE[0] or last > YEAR_RANGE[1]:
        return 0, 0
    return first, last


def _intervals(v: np.ndarray, qualifier: np.ndarray, step: np.ndarray, present: set[int]) -> Columns:
    """lo, hi, lo_open, hi_open from value, qualifier and step (README, "Qualifiers").

    `qualifier` holds positions in QUALIFIERS; `present` says which occur (most rows are "=").
    """
    lo, hi = v.copy(), v.copy()
    lo_open: np.ndarray = np.zeros(len(v), dtype=bool)
    hi_open: np.ndarray = np.zeros(len(v), dtype=bool)
    for position in sorted(present - {QUALIFIERS.index("=")}):
        at = np.flatnonzero(qualifier == position)
        name = QUALIFIERS[position]
        if name in (">=", ">"):
            hi[at] = np.inf
        elif name in ("<=", "<"):
            lo[at] = -np.inf
        elif name == "~":
            lo[at], hi[at] = v[at] - step[at] / 2, v[at] + step[at] / 2
        elif name == "near":
            lo[at] = 0.9 * v[at]
        elif name == "plus":
            hi[at] = v[at] + step[at]
        lo_open[at] = name in (">", "plus")
        hi_open[at] = name in ("<", "near", "plus")
    return {"lo": lo, "hi": hi, "lo_open": lo_open, "hi_open": hi_open, "conflict": np.zeros(len(v), dtype=bool)}


# -- rows of one key --------------------------------------------------------------------


def _merge_same_key(
    columns: Columns, order: np.ndarray, repeated: np.ndarray, sources: Mapping[str, CsvFile]
) -> tuple[Actuals, list[Problem]]:
    """Merge the runs of rows of one key (next to each other in `order`; `repeated` says where).

    A run's rows are intersected: the merged interval starts at the highest lower end and
    stops at the lowest upper end, open where any row reaching that end is open. Exact
    repeats are a warning (TRK307); a run whose intersection is empty is a conflict
    (TRK308), which the engine reports as `indeterminate`. The merged row takes the place
    of the run's first row (in file and line order).
    """
    in_run: np.ndarray = np.zeros(len(order), dtype=bool)  # by sorted position: in a run of two or more
    in_run[1:] |= repeated
    in_run[:-1] |= repeated
    in_runs = np.flatnonzero(in_run)  # sorted positions of the rows of runs of two or more
    rows = order[in_runs]  # their file positions, run by run
    new_run = ~np.append(False, repeated)[in_runs]  # where each run begins, among them
    starts = np.flatnonzero(new_run)  # where each run begins, in `rows`
    owner = np.cumsum(new_run) - 1  # each row's run
    firsts = rows[starts]

    def column(name: str) -> np.ndarray:
        values: np.ndarray = columns[name][rows]
        return values

    lo, hi, lo_open, hi_open = column("lo"), column("hi"), column("lo_open"), column("hi_open")
    merged_lo, merged_hi = np.maximum.reduceat(lo, starts), np.minimum.reduceat(hi, starts)
    merged_lo_open = np.logical_or.reduceat(lo_open & eq(lo, merged_lo[owner]), starts)
    merged_hi_open = np.logical_or.reduceat(hi_open & eq(hi, merged_hi[owner]), starts)
    touching = eq(merged_lo, merged_hi)  # 约87.6 ends at 87.64999999999999, 87.65 starts at 87.65
    conflict = (gt(merged_lo, merged_hi) & ~touching) | (touching & (merged_lo_open | merged_hi_open))
    # The figure a merged row shows is its run's most precise one (the narrowest interval).
    narrowest = np.lexsort((np.arange(len(rows)), hi - lo, owner))
    shown = rows[narrowest[np.append(True, owner[narrowest][1:] != owner[narrowest][:-1])]]

    value, qualifier = column("value"), np.asarray(columns["qualifier"].codes)[rows]
    first: np.ndarray = np.zeros(len(rows), dtype=bool)
    first[starts] = True
    repeats = ~first & (value == value[starts][owner]) & (qualifier == qualifier[starts][owner])
    labels, file_codes, lines = columns["file"].categories.tolist(), np.asarray(columns["file"].codes), columns["line"]
    again, earlier = rows[repeats], firsts[owner[repeats]]  # each repeat, and the row it repeats
    problems = [
        _problem_at(sources, labels[file], line, "TRK307", other_line=_place_text(located(sources, labels[other], at)))
        for file, line, other, at in zip(
            file_codes[again].tolist(),
            lines[again].tolist(),
            file_codes[earlier].tolist(),
            lines[earlier].tolist(),
            strict=True,
        )
    ]
    ends: np.ndarray = np.append(starts[1:], len(rows))
    conflicting = np.flatnonzero(conflict)
    if len(conflicting):
        run_rows = [rows[starts[run_of] : ends[run_of]] for run_of in conflicting.tolist()]
        records = _records(columns, np.concatenate(run_rows))
        taken = 0
        for at in run_rows:
            a, b = _conflicting(records[taken : taken + len(at)])
            taken += len(at)
            problems.append(
                _problem_at(
                    sources,
                    b["file"],
                    b["line"],
                    "TRK308",
                    region=a["region"],
                    indicator=a["indicator"],
                    year=_year_text(a),
                    first=_figure(a),
                    first_source=a["source"] or _shown(sources, a["file"]),
                    second=_figure(b),
                    second_source=b["source"] or _shown(sources, b["file"]),
                )
            )
    for name, merged in (
        ("lo", merged_lo),
        ("hi", merged_hi),
        ("lo_open", merged_lo_open),
        ("hi_open", merged_hi_open),
        ("conflict", conflict),
        ("value", columns["value"][shown]),
        ("step", columns["step"][shown]),
    ):
        columns[name][firsts] = merged
    for name in ("qualifier", "written"):
        codes = np.asarray(columns[name].codes).copy()
        codes[firsts] = codes[shown]
        columns[name] = pd.Categorical.from_codes(codes, dtype=columns[name].dtype)
    files_of_rows = file_codes[rows].tolist()
    said = [
        source or _shown(sources, labels[file])
        for source, file in zip(_at(columns["source"], rows), files_of_rows, strict=True)
    ]
    named = [" | ".join(dict.fromkeys(said[a:b])) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    columns["source"] = _with_text(columns["source"], firsts, named)
    keep: np.ndarray = np.ones(len(order), dtype=bool)  # by file position
    keep[rows] = False
    keep[firsts] = True
    return Actuals(_take(columns, order[keep[order]]), sources), problems


def _problem_at(sources: Mapping[str, CsvFile], key: str, line: int, code: str, **fields: Any) -> Problem:
    """A problem at a row of the source `key` (a workbook's: at its value cell)."""
    file, line, col, sheet = located(sources, key, line)
    return problem(code, file, line, col, sheet=sheet, **fields)


def _shown(sources: Mapping[str, CsvFile], key: str) -> str:
    """What a figure without a source cites: its file (and sheet)."""
    source = sources.get(key)
    return key if source is None else source.shown


def _place_text(place: tuple[str, int, int, str]) -> str:
    """A place as problems print it: `file:line` or `file:Sheet!C7`."""
    file, line, col, sheet = place
    return Problem(file, line, col if sheet else 0, "", "", Severity.WARNING, sheet).place


def _records(columns: Columns, rows: np.ndarray) -> list[Row]:
    """The given rows as dicts of Python values (for messages), each column taken at once."""
    taken = {name: _at(values, rows) for name, values in columns.items()}
    return [dict(zip(taken, row, strict=True)) for row in zip(*taken.values(), strict=True)]


def _at(column: np.ndarray | pd.Categorical, rows: np.ndarray) -> list[Any]:
    """A column's values at `rows` as Python values (a categorical's as its texts)."""
    if isinstance(column, np.ndarray):
        return column[rows].tolist()  # type: ignore[no-any-return]
    categories = column.categories.tolist()
    return [categories[code] for code in np.asarray(column.codes)[rows].tolist()]


def _with_text(column: pd.Categorical, rows: np.ndarray, texts: list[str]) -> pd.Categorical:
    """`column` with other text at `rows` (categories added as needed)."""
    index = {value: i for i, value in enumerate(column.categories.tolist())}
    codes = np.asarray(column.codes, dtype=np.int64).copy()
    codes[rows] = [index.setdefault(text, len(index)) for text in texts]
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(index), dtype=object))


def _conflicting(rows: list[Row]) -> tuple[Row, Row]:
    """Two rows of a run that do not overlap: the one reaching lowest against the one starting highest."""
    low = min(rows, key=lambda r: (float(r["hi"]), not r["hi_open"]))
    high = max(rows, key=lambda r: (float(r["lo"]), r["lo_open"]))
    if low is high:  # pragma: no cover - an interval is never empty
        return rows[0], rows[-1]
    first, second = sorted((low, high), key=lambda r: rows.index(r))
    return first, second


def _year_text(row: Row) -> str:
    return str(row["y_end"]) if row["y_start"] == row["y_end"] else f"{row['y_start']}-{row['y_end']}"


def _figure(row: Row) -> str:
    written = str(row["written"] or "")
    return f"{written}{canonical_number(float(row['value']))}".strip()
