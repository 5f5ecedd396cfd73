"""Loading actuals/*.csv into one table of intervals, vectorised with pandas.

Each row becomes a closed or open interval [lo, hi] from its value and qualifier (see
`tracker.numbers` for the value grammar). Rows for the same region, indicator and years
are merged by intersection; rows whose intervals do not overlap are flagged `conflict`.
"""

from __future__ import annotations

import csv
import difflib
import io
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
    if region_of:
        table["region"] = table["region"].map(lambda r: region_of.get(r, r))
    table, found = merge_same_key(table)
    problems.extend(found)
    return table, problems


def _records(text: str, label: str) -> tuple[list[int], list[int]]:
    """Field count and starting line of every record (header included); blank lines count 0.

    pandas fills short rows and cuts long ones silently, so the fields are counted here:
    by counting commas when the file has no quotes (the fast, common case), else with the
    csv module in strict mode, which also finds a quote that is never closed.
    """
    if '"' not in text:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [line.count(",") + 1 if line.strip() else 0 for line in lines], list(range(1, len(lines) + 1))
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
    return counts, starts


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
    wrong = [i for i in range(1, len(counts)) if counts[i] and counts[i] != width]
    for i in wrong:
        problems.append(problem("TRK302", label, starts[i], got=counts[i], expected=width))
    if wrong:
        text = _without_records(text, starts, wrong)
    wrong_set = set(wrong)
    kept = [(starts[i], counts[i]) for i in range(1, len(counts)) if i not in wrong_set]
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
    if len(raw) != len(kept):  # pragma: no cover - the two readers disagree
        raise TrackerError([problem("TRK314", label, 1, reason="cannot align rows with lines")])
    raw["line"] = np.array([line for line, _ in kept], dtype=np.int64)
    raw = raw[np.array([count == width for _, count in kept], dtype=bool)]
    if raw.empty:
        if not any(counts[1:]):
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
    lines = [int(line) for line in raw["line"]]

    def report(mask: np.ndarray, make: Callable[[int], Problem]) -> None:
        nonlocal bad
        for i in np.flatnonzero(mask):
            problems.append(make(int(i)))
        bad |= mask

    region = raw["region"].str.strip()
    report((region == "").to_numpy(), lambda i: problem("TRK313", label, lines[i], fields["region"]))

    names = raw["indicator"].str.strip()
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
    qualifier_text = raw["qualifier"].str.strip()
    column_qualifier = qualifier_text.map({q: normalize_qualifier(q) for q in qualifier_text.unique()})
    report(
        column_qualifier.isna().to_numpy(),
        lambda i: problem("TRK305", label, lines[i], fields.get("qualifier", 0), text=clip(qualifier_text[i])),
    )
    column_qualifier = column_qualifier.fillna("=")
    # The grammar reads what pandas cannot (95%, 1.5万, 超92%) and refuses inf and absurd sizes.
    needs_grammar = ~(np.abs(values) <= _LARGEST) | column_qualifier.isin(["~", "plus"]).to_numpy()
    for i in np.flatnonzero(needs_grammar):
        text = raw["value"][i]
        try:
            parsed = parse_value(text)
        except ValueGrammarError as exc:
            problems.append(problem("TRK304", label, lines[i], fields["value"], text=clip(text), reason=exc))
            bad[i] = True
            continue
        values[i], steps[i], word_qualifier[i] = parsed.value, parsed.step, parsed.qualifier
        stated = column_qualifier[i]
        if parsed.qualifier and qualifier_text[i] and stated != parsed.qualifier:
            problems.append(
                problem(
                    "TRK310",
                    label,
                    lines[i],
                    fields["value"],
                    text=clip(text),
                    word=parsed.qualifier,
                    column=clip(qualifier_text[i]),
                )
            )
            bad[i] = True
    filled = np.where(qualifier_text.to_numpy() == "", word_qualifier, None)
    qualifier = np.where(pd.isna(filled), column_qualifier.to_numpy(), filled)
    written = np.where(
        qualifier_text.to_numpy() != "",
        qualifier_text.to_numpy(),
        np.where(pd.isna(word_qualifier), "", _written_words(raw["value"], word_qualifier)),
    )

    ids_array = ids.to_numpy()
    over = np.isin(ids_array, list(indicators.percent)) & (values > 100) & (raw["note"].str.strip() == "").to_numpy()
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
            "source": raw["source"].str.strip(),
            "file": label,
            "line": lines,
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

    Plain numbers are read for the whole column at once; the rest (spans, 年, full-width
    digits) go through `_YEARS` one by one.
    """
    numbers = pd.to_numeric(year_text, errors="coerce").to_numpy(dtype=float, copy=True)
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
    q = frame["qualifier"].to_numpy()
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
    for _, group in many.groupby(KEY, sort=False, observed=True):
        rows: list[Row] = [{str(k): v for k, v in r.items()} for r in group.to_dict("records")]
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
