"""A table read from a CSV file or a sheet, made into rows of the actuals' known columns.

Both readers hand over the same thing: a header (`tracker.headers.Header`) and the texts of
its rows, one column per header cell, with each row's line (a CSV line, a sheet's row).
`shape` then does what a header may ask for, the same way for both:

* a wide table (`地区,指标,2021,2022`) becomes one row per filled year cell; an empty cell
  (or a yearbook's `-`, `—`, `…` for "no figure") is no figure and is counted;
* a collection form (the header has the form's mark, `tracker.headers.VOCABULARY[FORM]`): a row
  with no value is no figure and is counted (in an ordinary table it is an error);
* a magnitude in the unit column (万人, 亿元) scales the value; a region code column
  stands in for a missing region column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tracker.headers import KNOWN_COLUMNS, Header, unit_magnitude

# What yearbooks print in a cell that has no figure.
NO_FIGURE = frozenset({"", "-", "—", "－", "–", "…", "...", "……", "/"})
_FIRST_NUMBER = re.compile(r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]*)?")


@dataclass
class CsvFile:
    """Where rows come from: a file (or a workbook's sheet) and where its columns are (name ->
    position from 1; absent: 0). `sheet` names the sheet of a workbook; a CSV file has none.

    Each year column of a wide table is a source of its own (its value column is that year's),
    so that every figure keeps its cell; `key` tells the sources apart (the actuals table's
    `file` column holds it), `shown` is what a figure without a source cites.
    """

    label: str
    fields: dict[str, int]
    sheet: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            self.key = self.shown

    @property
    def shown(self) -> str:
        return f"{self.label}:{self.sheet}" if self.sheet else self.label

    def at(self, line: int, field: str) -> tuple[str, int, int, str]:
        """File, line, column and sheet of a row's cell in `field` (column 0 if absent)."""
        return self.label, line, self.fields.get(field, 0), self.sheet


@dataclass
class CsvCells:
    """Rows of one or more files: a categorical per known column, each row's file and line.

    `empty` counts the cells (wide tables) and rows (forms) that hold no figure.
    """

    files: list[CsvFile]
    cells: dict[str, pd.Categorical]
    file_of: np.ndarray  # position in `files`
    lines: np.ndarray
    empty: int = field(default=0)

    def __len__(self) -> int:
        return len(self.lines)


def column_names(header: Header, width: int) -> list[str]:
    """Names for a table's columns: the field a header names, `_year_N` and `_other_N`."""
    names = [f"_other_{i}" for i in range(1, width + 1)]
    for name, position in header.fields.items():
        names[position - 1] = name
    for position, _ in header.years:
        names[position - 1] = f"_year_{position}"
    return names


def cells_of(files: list[CsvFile], raw: pd.DataFrame, file_of: np.ndarray) -> CsvCells:
    """The known columns of `raw` (texts, a 'line' column) as categoricals; absent ones empty."""
    cells = {
        column: _categorical(raw[column])
        if column in raw
        else pd.Categorical.from_codes(np.zeros(len(raw), dtype=np.int8), categories=pd.Index([""], dtype=object))
        for column in KNOWN_COLUMNS
    }
    return CsvCells(files, cells, file_of, raw["line"].to_numpy(dtype=np.int32))


def _categorical(column: pd.Series) -> pd.Categorical:
    """A column as a categorical (pandas's reader makes them so already)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array  # type: ignore[no-any-return]
    return column.astype("category").array  # type: ignore[no-any-return]


def needs_shaping(header: Header) -> bool:
    """Whether `shape` has anything to do for a table with this header."""
    return header.wide or header.form or "unit" in header.fields or "region_code" in header.fields


def shape(raw: pd.DataFrame, header: Header, source: CsvFile) -> CsvCells:
    """The rows of one table as rows of the known columns (module docstring)."""
    raw = raw.copy()
    if "region" not in raw and "region_code" in raw:
        raw["region"] = raw["region_code"]
    empty = 0
    sources = [source]
    file_of: np.ndarray = np.zeros(len(raw), dtype=np.int32)
    if header.wide:
        raw, file_of, empty = _melt(raw, header)
        sources = [
            CsvFile(source.label, source.fields | {"value": position}, source.sheet, f"{source.key}#{position}")
            for position, _ in header.years
        ]
    elif header.form:
        unfilled = raw["value"].astype(str).str.strip().eq("").to_numpy(dtype=bool)
        empty = int(unfilled.sum())
        raw = raw[~unfilled].reset_index(drop=True)
        file_of = file_of[: len(raw)]
    if "unit" in raw and len(raw):
        raw["value"] = [_scaled(str(v), str(u)) for v, u in zip(raw["value"], raw["unit"], strict=True)]
    batch = cells_of(sources, raw, file_of)
    batch.empty = empty
    return batch


def _melt(raw: pd.DataFrame, header: Header) -> tuple[pd.DataFrame, np.ndarray, int]:
    """One row per filled year cell, in line order then column order: the rows, each one's year
    column (position in `header.years`), and the count of empty cells."""
    base = [column for column in raw.columns if not column.startswith(("_year_", "_other_"))]
    parts = []
    empty = 0
    for order, (position, year) in enumerate(header.years):
        texts = raw[f"_year_{position}"].astype(str)
        filled = ~texts.str.strip().isin(NO_FIGURE)
        empty += int((~filled).sum())
        part = raw.loc[filled, base].copy()
        part["value"] = texts[filled]
        part["year"] = year
        part["_order"] = order
        parts.append(part)
    if not parts:  # pragma: no cover - a wide header has year columns
        return raw.iloc[:0], np.zeros(0, dtype=np.int32), 0
    melted = pd.concat(parts).sort_values(["line", "_order"], kind="stable").reset_index(drop=True)
    year_column = melted.pop("_order").to_numpy(dtype=np.int32)
    return melted, year_column, empty


def _scaled(value: str, unit: str) -> str:
    """The value with its unit's magnitude written after its number: 12.3 in 万人 is 12.3万."""
    magnitude = unit_magnitude(unit)
    if not magnitude or not value.strip():
        return value
    match = _FIRST_NUMBER.search(value)
    if match is None:
        return value + magnitude  # Chinese numerals: 十二 in 万人 is 十二万
    return value[: match.end()] + magnitude + value[match.end() :]
