"""Loading actuals/*.csv into one table of intervals, vectorised with pandas.

Each row becomes a closed or open interval [lo, hi] from its value and qualifier (see
`tracker.numbers` for the value grammar). Rows for the same region, indicator and years
are merged by intersection; rows whose intervals do not overlap are flagged `conflict`.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tracker.errors import Problem, TrackerError, clip, problem
from tracker.numbers import LARGEST, ValueGrammarError, canonical_number, normalize_qualifier, parse_value
from tracker.textfiles import read_text

REQUIRED = ("region", "indicator", "year", "value")
OPTIONAL = ("qualifier", "source", "quote", "note")
KNOWN_COLUMNS = (*REQUIRED, *OPTIONAL)
KEY = ["region", "indicator", "y_start", "y_end"]
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
Row = dict[str, Any]
_LARGEST = float(LARGEST)
# 2022, 2022年, 2021-2025, 2021年-2025年, 2021至2025年 (after NFKC, so ２０２２ is 2022)
_YEARS = re.compile(r"^\s*(\d{4})\s*年?\s*(?:(?:-|–|—|~|至|到)\s*(\d{4})\s*年?)?\s*$", re.ASCII)


@dataclass(frozen=True)
class IndicatorLookup:
    """What the CSV loader needs of the catalog: name -> id, and the percent indicators."""

    resolve: Callable[[str], str | None]
    suggest: Callable[[str], str]
    percent: frozenset[str]


def empty_table() -> pd.DataFrame:
    """An actuals table with no rows and the right columns."""
    return _typed(pd.DataFrame({column: [] for column in COLUMNS}))


def load_actuals(
    paths: Iterable[tuple[Path, str]],
    indicators: IndicatorLookup,
    region_of: Mapping[str, str],
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read every CSV; return the merged table and every problem (errors drop their rows)."""
    table, problems = read_actual_files(paths, indicators)
    table, found = merge_actuals(table, region_of)
    return table, problems + found


def read_actual_files(
    paths: Iterable[tuple[Path, str]], indicators: IndicatorLookup
) -> tuple[pd.DataFrame, list[Problem]]:
    """The first half of `load_actuals`: every CSV parsed into one table, regions as written.

    It needs nothing from the plans, so `tracker.background` can run it in a second
    process while this one reads the plans.
    """
    frames, problems = [], []
    for path, label in paths:
        try:
            frame, found = _load_file(read_text(path, label), label, indicators)
        except TrackerError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(found)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True) if frames else empty_table()
    return table, problems


def merge_actuals(table: pd.DataFrame, region_of: Mapping[str, str]) -> tuple[pd.DataFrame, list[Problem]]:
    """The second half of `load_actuals`: region codes to names, then rows of one key merged."""
    if region_of:
        table["region"] = _map_distinct(table["region"], lambda r: region_of.get(r, r))
    return merge_same_key(table)


def _map_distinct(column: pd.Series, function: Callable[[str], str]) -> pd.Series:
    """`column.map(function)`, calling it once per distinct value; rows share the result objects."""
    codes, uniques = pd.factorize(column)
    mapped = np.array([function(value) for value in uniques] + [""], dtype=object)  # "" for code -1 (never)
    return pd.Series(mapped[codes], index=column.index, dtype=column.dtype, name=column.name)


def _stripped(column: pd.Series) -> pd.Series:
    """`column.str.strip()`, stripping each distinct value once (regions, sources repeat)."""
    return _map_distinct(column, str.strip)


def _records(text: str, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Field count and starting line of every record (header included); blank lines count 0.

    pandas fills short rows and cuts long ones silently, so the fields are counted here:
    by counting commas when the file has no quotes (the fast, common case, on the bytes
    with numpy), else with the csv module in strict mode, which also finds a quote that is
    never closed.
    """
    if '"' not in text:
        # Count commas per line on the bytes (',' and '\n' never occur inside a UTF-8 sequence).
        data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
        ends = np.flatnonzero(data == ord("\n"))
        if len(ends) == 0 or ends[-1] != len(data) - 1:
            ends = np.append(ends, len(data))  # a last line without a newline
        starts = np.concatenate(([0], ends[:-1] + 1))
        commas = np.flatnonzero(data == ord(","))
        counts = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
        for i in np.flatnonzero(counts == 1):  # no comma: blank if only whitespace
            if not data[starts[i] : ends[i]].tobytes().decode("utf-8", "surrogatepass").strip():
                counts[i] = 0
        return counts.astype(np.int64), np.arange(1, len(counts) + 1, dtype=np.int64)
    counts, starts = [], []
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    try:
        for row in reader:
            counts.append(len(row) if any(cell.strip() for cell in row) or len(row) > 1 else 0)
            starts.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = "a quoted field starts on this line and is never closed" if "end of data" in str(exc) else str(exc)
        raise TrackerError([problem("TRK314", label, start, reason=reason)]) from None
    return np.array(counts, dtype=np.int64), np.array(starts, dtype=np.int64)


def _without_records(text: str, starts: list[int], dropped: list[int]) -> str:
    """The text with the lines of the given records (indexes into `starts`) removed.

    Every kept line keeps its own line end, so a blank line before a dropped last record
    stays a (blank) record for pandas too.
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    drop: np.ndarray = np.zeros(len(lines), dtype=bool)
    for i in dropped:
        last = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
        drop[starts[i] - 1 : last] = True
    return "".join(line + "\n" for line, gone in zip(lines, drop, strict=True) if not gone)


def _header(text: str, label: str) -> tuple[list[str], list[Problem]]:
    """Column names (trimmed, lower case) and the problems of the header line."""
    first = next(csv.reader(io.StringIO(text)), [])
    names = [name.strip().lower() for name in first]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        columns = ", ".join(name for name in names if name) or "(nothing: the first line is empty)"
        raise TrackerError([problem("TRK301", label, 1, column=c, columns=columns) for c in missing])
    problems = []
    seen: set[str] = set()
    for i, name in enumerate(names):
        if not name:
            names[i] = f"_unnamed_{i}"  # a trailing comma in Excel's header
            continue
        if name in seen:
            problems.append(problem("TRK315", label, 1, i + 1, column=name))
            names[i] = f"_duplicate_{i}"
        seen.add(name)
        if name in KNOWN_COLUMNS:
            continue
        close = difflib.get_close_matches(name, [c for c in KNOWN_COLUMNS if c not in names], n=1, cutoff=0.75)
        if close:
            problems.append(problem("TRK317", label, 1, i + 1, column=name, known=close[0]))
        else:
            problems.append(problem("TRK316", label, 1, i + 1, column=name))
    return names, problems


def _load_file(text: str, label: str, indicators: IndicatorLookup) -> tuple[pd.DataFrame, list[Problem]]:
    if not text.strip():
        raise TrackerError([problem("TRK311", label, 1)])
    names, problems = _header(text, label)
    if any(p.is_error for p in problems):
        raise TrackerError(problems)
    counts, starts = _records(text, label)
    width = len(names)
    wrong_mask = (counts[1:] != 0) & (counts[1:] != width)
    wrong: np.ndarray = np.flatnonzero(wrong_mask) + 1  # record indexes (0 is the header)
    for i in wrong:
        problems.append(problem("TRK302", label, int(starts[i]), got=int(counts[i]), expected=width))
    if len(wrong):
        text = _without_records(text, starts.tolist(), wrong.tolist())
    kept_lines, kept_counts = starts[1:][~wrong_mask], counts[1:][~wrong_mask]
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            index_col=False,
            skip_blank_lines=False,
            header=0,
            names=names,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise TrackerError([problem("TRK314", label, 1, reason=str(exc).strip())]) from None
    if len(raw) != len(kept_lines):  # pragma: no cover - the two readers disagree
        raise TrackerError([problem("TRK314", label, 1, reason="cannot align rows with lines")])
    raw["line"] = kept_lines
    raw = raw[kept_counts == width]
    if raw.empty:
        if not counts[1:].any():
            problems.append(problem("TRK312", label, 1))
        return empty_table(), problems
    for column in OPTIONAL:
        if column not in raw:
            raw[column] = ""
    fields = {name: i + 1 for i, name in enumerate(names)}  # problems name the field: file:line:field
    frame, found = _parse_rows(raw.reset_index(drop=True), label, indicators, fields)
    return frame, problems + found


def _parse_rows(
    raw: pd.DataFrame, label: str, indicators: IndicatorLookup, fields: dict[str, int]
) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    bad: np.ndarray = np.zeros(len(raw), dtype=bool)
    lines: list[int] = raw["line"].tolist()

    def report(mask: np.ndarray, make: Callable[[int], Problem]) -> None:
        nonlocal bad
        for i in np.flatnonzero(mask):
            problems.append(make(int(i)))
        bad |= mask

    region = _stripped(raw["region"])
    report((region == "").to_numpy(), lambda i: problem("TRK313", label, lines[i], fields["region"]))

    names = _stripped(raw["indicator"])
    ids = names.map({name: indicators.resolve(name) for name in names.unique()})
    report(
        ids.isna().to_numpy(),
        lambda i: problem(
            "TRK306",
            label,
            lines[i],
            fields["indicator"],
            indicator=clip(names[i]),
            suggestion=indicators.suggest(names[i]),
        ),
    )

    y_start, y_end, year_bad = _years(raw["year"])
    report(year_bad, lambda i: problem("TRK303", label, lines[i], fields["year"], text=clip(raw["year"][i])))

    values = pd.to_numeric(raw["value"], errors="coerce").to_numpy(dtype=float, copy=True)
    steps = np.full(len(raw), np.nan)
    word_qualifier: np.ndarray = np.full(len(raw), None, dtype=object)
    qualifier_text = _stripped(raw["qualifier"])
    column_qualifier = qualifier_text.map({q: normalize_qualifier(q) for q in qualifier_text.unique()})
    report(
        column_qualifier.isna().to_numpy(),
        lambda i: problem("TRK305", label, lines[i], fields.get("qualifier", 0), text=clip(qualifier_text[i])),
    )
    column_qualifier = column_qualifier.fillna("=")
    # The grammar reads what pandas cannot (95%, 1.5万, 超92%) and refuses inf and absurd sizes.
    needs_grammar = ~(np.abs(values) <= _LARGEST) | column_qualifier.isin(["~", "plus"]).to_numpy()
    value_text = raw["value"].to_numpy()
    stated_qualifiers, qualifier_cells = column_qualifier.to_numpy(), qualifier_text.to_numpy()
    for i in np.flatnonzero(needs_grammar):
        text = value_text[i]
        try:
            parsed = parse_value(text)
        except ValueGrammarError as exc:
            problems.append(problem("TRK304", label, lines[i], fields["value"], text=clip(text), reason=exc))
            bad[i] = True
            continue
        values[i], steps[i], word_qualifier[i] = parsed.value, parsed.step, parsed.qualifier
        stated = stated_qualifiers[i]
        if parsed.qualifier and qualifier_cells[i] and stated != parsed.qualifier:
            problems.append(
                problem(
                    "TRK310",
                    label,
                    lines[i],
                    fields["value"],
                    text=clip(text),
                    word=parsed.qualifier,
                    column=clip(qualifier_cells[i]),
                )
            )
            bad[i] = True
    filled = np.where(qualifier_text.to_numpy() == "", word_qualifier, None)
    qualifier = np.where(pd.isna(filled), column_qualifier.to_numpy(), filled)
    worded = ~pd.isna(word_qualifier)
    written_words: np.ndarray = np.full(len(raw), "", dtype=object)
    written_words[worded] = _written_words(raw["value"][worded], word_qualifier[worded])
    written = np.where(qualifier_text.to_numpy() != "", qualifier_text.to_numpy(), written_words)

    ids_array = ids.to_numpy()
    over = ids.isin(indicators.percent).to_numpy() & (values > 100) & (_stripped(raw["note"]) == "").to_numpy()
    for i in np.flatnonzero(over & ~bad):
        problems.append(
            problem(
                "TRK309", label, lines[i], fields["value"], indicator=ids_array[i], value=canonical_number(values[i])
            )
        )

    frame = pd.DataFrame(
        {
            "region": region,
            "indicator": ids,
            "y_start": y_start,
            "y_end": y_end,
            "value": values,
            "qualifier": qualifier,
            "written": written,
            "step": steps,
            "source": _stripped(raw["source"]),
            "file": label,
            "line": raw["line"].to_numpy(),
        }
    )[~bad]
    return _with_intervals(frame.reset_index(drop=True)), problems


def _written_words(value_text: pd.Series, word_qualifier: np.ndarray) -> np.ndarray:
    """For rows whose value text carried a qualifier word, that word (超, 以上, 近...)."""
    from tracker.numbers import QUALIFIER_WORDS

    words = sorted((w for w in QUALIFIER_WORDS if not w.isascii()), key=len, reverse=True)
    pattern = "|".join(words)
    found = value_text.str.extract(f"({pattern})", expand=False).fillna("")
    return found.to_numpy()


def _years(year_text: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end year of each row; a plain year gives start == end.

    Plain numbers are read once per distinct text (a file has a few years); the rest
    (spans, 年, full-width digits) go through `_YEARS` one by one.
    """
    codes, distinct = pd.factorize(year_text)
    numbers = pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce").to_numpy(dtype=float)[codes]
    bad = ~np.isfinite(numbers) | (numbers != np.round(numbers))
    numbers[bad] = 0
    start, end = numbers.copy(), numbers.copy()
    for i in np.flatnonzero(bad):
        match = _YEARS.match(unicodedata.normalize("NFKC", year_text.iloc[i]))
        if match:
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            if first <= last:
                start[i], end[i] = first, last
                bad[i] = False
    bad |= (start < 1900) | (end > 2200)
    start[bad], end[bad] = 0, 0
    return start.astype(np.int64), end.astype(np.int64), bad


def _with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """Add lo, hi, lo_open, hi_open from value, qualifier and step (README, "Qualifiers")."""
    v = frame["value"].to_numpy(dtype=float)
    q: np.ndarray = frame["qualifier"].to_numpy().astype(str)  # fixed-width text compares in C, not per object
    step = frame["step"].to_numpy(dtype=float)
    inf = np.inf
    frame["lo"] = np.select(
        [q == ">=", q == ">", q == "<=", q == "<", q == "~", q == "near"],
        [v, v, -inf, -inf, v - step / 2, 0.9 * v],
        default=v,
    )
    frame["hi"] = np.select(
        [q == ">=", q == ">", q == "<=", q == "<", q == "~", q == "plus"],
        [inf, inf, v, v, v + step / 2, v + step],
        default=v,
    )
    frame["lo_open"] = (q == ">") | (q == "plus")
    frame["hi_open"] = (q == "<") | (q == "near") | (q == "plus")
    frame["conflict"] = False
    return _typed(frame[COLUMNS])


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(
        {
            "y_start": "int64",
            "y_end": "int64",
            "value": "float64",
            "step": "float64",
            "lo": "float64",
            "hi": "float64",
            "lo_open": "bool",
            "hi_open": "bool",
            "line": "int64",
            "conflict": "bool",
        }
    )


def merge_same_key(table: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Merge rows of the same region, indicator and years by intersecting their intervals.

    Exact repeats are a warning (TRK307); intervals that do not overlap make the merged
    row a conflict (TRK308), which the engine reports as `indeterminate`.
    """
    repeated = table.duplicated(KEY, keep=False).to_numpy()
    if not repeated.any():
        return table, []
    single, many = table[~repeated], table[repeated].sort_values([*KEY, "file", "line"])
    problems = []
    merged_rows = []
    records: list[Row] = [{str(k): v for k, v in r.items()} for r in many.to_dict("records")]
    # `many` is sorted by KEY, so each group is a run of consecutive records.
    for _, run in itertools.groupby(records, key=lambda r: tuple(r[k] for k in KEY)):
        rows = list(run)
        first = rows[0]
        merged = dict(first)
        for row in rows[1:]:
            if (row["value"], row["qualifier"]) == (first["value"], first["qualifier"]):
                problems.append(
                    problem("TRK307", row["file"], row["line"], other_line=f"{first['file']}:{first['line']}")
                )
            merged = _intersect(merged, row)
        if merged["conflict"]:
            a, b = rows[0], next(r for r in rows[1:] if _disjoint(rows[0], r) or r is rows[-1])
            problems.append(
                problem(
                    "TRK308",
                    b["file"],
                    b["line"],
                    region=a["region"],
                    indicator=a["indicator"],
                    year=_year_text(a),
                    first=_figure(a),
                    first_source=a["source"] or a["file"],
                    second=_figure(b),
                    second_source=b["source"] or b["file"],
                )
            )
            merged["source"] = " | ".join(dict.fromkeys(r["source"] or r["file"] for r in rows))
        merged_rows.append(merged)
    merged_frame = pd.DataFrame(merged_rows, columns=COLUMNS)
    return _typed(pd.concat([single, merged_frame], ignore_index=True)), problems


def _intersect(a: Row, b: Row) -> Row:
    merged = dict(a)
    lo_a, lo_b = float(a["lo"]), float(b["lo"])
    hi_a, hi_b = float(a["hi"]), float(b["hi"])
    if lo_b > lo_a or (lo_b == lo_a and b["lo_open"]):
        merged["lo"], merged["lo_open"] = lo_b, b["lo_open"]
    if hi_b < hi_a or (hi_b == hi_a and b["hi_open"]):
        merged["hi"], merged["hi_open"] = hi_b, b["hi_open"]
    merged["conflict"] = bool(a["conflict"]) or _disjoint(a, b)
    return merged


def _disjoint(a: Row, b: Row) -> bool:
    lo = max(float(a["lo"]), float(b["lo"]))
    hi = min(float(a["hi"]), float(b["hi"]))
    if lo > hi:
        return True
    if lo < hi:
        return False
    return any(
        (float(row["lo"]) == lo and bool(row["lo_open"])) or (float(row["hi"]) == hi and bool(row["hi_open"]))
        for row in (a, b)
    )


def _year_text(row: Row) -> str:
    return str(row["y_end"]) if row["y_start"] == row["y_end"] else f"{row['y_start']}-{row['y_end']}"


def _figure(row: Row) -> str:
    written = str(row["written"] or "")
    return f"{written}{canonical_number(float(row['value']))}".strip()
