"""Reading one actuals CSV file into its cells, with every problem of its shape located.

The cells come back as pandas categoricals: pandas's C reader makes one string per
distinct text of a column, and everything after works on those distinct texts (a
national file repeats a few thousand texts over a million rows).

A plain file - UTF-8, no quotes, every line with the header's number of fields - is read
by pandas in one go, together with the other plain files of its header (`_plain`,
`_read_together`); a large group as two halves in two threads, since pandas's tokenizer
(like reading the bytes and counting them with numpy) runs without the GIL. Anything
else - GB18030, quotes, a lone CR, a line with too many or too few fields - is read record
by record (`_read_exact`), which says what is wrong where. Both give the same cells for a
plain file.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tracker.errors import Problem, TrackerError, clip, problem
from tracker.headers import KNOWN_COLUMNS, READ_ALSO, Header, read_header
from tracker.limits import MAX_CSV_COLUMNS
from tracker.numbers import LARGEST, normalize_qualifier
from tracker.tables import CsvCells, CsvFile, cells_of, column_names, needs_shaping, shape
from tracker.textfiles import BOM, choose_encoding, decode, encoding_name, read_bytes

_LARGEST = float(LARGEST)
WORKBOOK = ".xlsx"
log = logging.getLogger("tracker")


def read_csv_files(paths: Iterable[tuple[Path, str]]) -> tuple[list[CsvCells], list[Problem]]:
    """The cells of every CSV file and workbook, in file order, and the problems of their shape.

    Consecutive plain files with the same header are read by pandas as one stream (a
    national data root is a few files of one export); every other file on its own, a
    workbook by `tracker.workbooks` (imported only when there is one).
    """
    paths = list(paths)
    batches: list[CsvCells] = []
    problems: list[Problem] = []
    run: list[_Plain] = []  # plain files of one header, waiting to be read together

    def read_run() -> None:
        if run:
            batches.extend(_read_plain_files(run, problems))
            run.clear()

    with ThreadPoolExecutor(_THREADS) as pool:  # reading and counting bytes run without the GIL
        opened = list(pool.map(_open, paths))
    for (path, _), (label, data, plain, error) in zip(paths, opened, strict=True):
        if path.suffix == WORKBOOK:
            read_run()
            from tracker.workbooks import read_workbook

            sheets, found = read_workbook(path, label)
            batches.extend(sheets)
            problems.extend(found)
            continue
        try:
            if error is not None:
                raise error
            assert data is not None
            if plain is not None:
                if run and run[0].names != plain.names:
                    read_run()
                run.append(plain)
                continue
            read_run()
            batch, shape = read_csv_bytes(data, label)
        except TrackerError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(shape)
        batches.append(batch)
    read_run()
    return [batch for batch in batches if len(batch)], problems


_THREADS = min(2, os.cpu_count() or 1)  # two halves of the reading; more threads buy little


def _open(path_and_label: tuple[Path, str]) -> tuple[str, bytes | None, _Plain | None, TrackerError | None]:
    """A file's bytes and, if it is plain, what `_plain` found (or the error reading it)."""
    path, label = path_and_label
    if path.suffix == WORKBOOK:
        return label, None, None, None  # read by tracker.workbooks
    try:
        data = read_bytes(path, label)
        return label, data, _plain(data, label), None
    except TrackerError as exc:
        return label, None, None, exc


def _read_plain_files(group: list[_Plain], problems: list[Problem]) -> list[CsvCells]:
    """Plain files of one header: together when pandas reads them as plain text says, else one by one.

    A large group is read as two halves in two threads: pandas's tokenizer runs without
    the GIL, so a second core reads the second half.
    """
    halves = _halves(group)
    if len(halves) == 1:
        read = [_read_together(group[0].names, group)]
    else:
        with ThreadPoolExecutor(len(halves)) as pool:
            read = list(pool.map(functools.partial(_read_together, group[0].names), halves))
    batches = []
    for half, together in zip(halves, read, strict=True):
        if together is not None:
            for member in half:
                problems.extend(member.problems)
            batches.append(together)
            continue
        for member in half:  # pandas reads them otherwise than plain text says: one by one, exactly
            try:
                batch, shape = read_csv_bytes(member.data, member.label)
            except TrackerError as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(shape)
            batches.append(batch)
    return batches


PARALLEL_BYTES = 16 * 2**20  # a group this large is read in two threads (if there are two cores)


def _halves(group: list[_Plain]) -> list[list[_Plain]]:
    """The group in two runs of files of about the same size, or whole if small or on one core."""
    sizes = np.cumsum([len(member.body) for member in group])
    if len(group) < 2 or sizes[-1] < PARALLEL_BYTES or _THREADS < 2:
        return [group]
    cut = int(np.clip(np.searchsorted(sizes, sizes[-1] / 2), 1, len(group) - 1))
    return [group[:cut], group[cut:]]


def read_csv_bytes(data: bytes, label: str) -> tuple[CsvCells, list[Problem]]:
    """The cells of one CSV file's bytes, read record by record, and the problems of its shape."""
    found: list[Problem] = []
    text, encoding = decode(data, label, found)
    log.debug("%s: read as %s", label, encoding)
    raw, header, problems = _read_exact(text, label)
    problems = found + problems
    source = CsvFile(label, _fields(header))
    if needs_shaping(header):
        return shape(raw, header, source), problems
    return cells_of([source], raw, np.zeros(len(raw), dtype=np.int32)), problems


def _fields(header: Header) -> dict[str, int]:
    return {name: position for name, position in header.fields.items() if name in KNOWN_COLUMNS}


class _ReadColumns:
    """The columns pandas parses: the known ones, those folded into them, and a wide table's years."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in KNOWN_COLUMNS or name in READ_ALSO or name.startswith("_year_"))


_READ = _ReadColumns()


def _read_csv(
    source: io.BufferedIOBase | io.StringIO, names: list[str], dtype: Any, index_col: bool | None
) -> pd.DataFrame:
    return pd.read_csv(
        source,
        usecols=[name for name in names if name in _READ],  # others are ignored: not even parsed
        dtype=dtype,
        keep_default_na=False,
        na_filter=False,
        index_col=index_col,
        skip_blank_lines=False,
        header=0,
        names=names,
        encoding="utf-8",
        encoding_errors="strict",
    )


@dataclass
class _Plain:
    """A plain file: UTF-8, no quotes, no lone CR, exactly (fields - 1) commas on every line."""

    label: str
    data: bytes
    names: list[str]
    problems: list[Problem]
    body: memoryview  # the lines after the header
    ending: bytes  # the line end the last line lacks, if it does
    rows: int
    crlf: bool
    header: Header = field(default_factory=Header)


def _plain(data: bytes, label: str) -> _Plain | None:
    """The file if it is plain, else None (then `_read_exact` reads it record by record).

    pandas fills short lines silently, so the fields are checked on the bytes: the file
    must hold exactly (fields - 1) commas per line. pandas refuses a line with more fields
    than the header (an error, or an index made of the extra fields, see `_read_together`);
    so with the count right no line has fewer either, nor is blank.
    """
    start = len(BOM) if data.startswith(BOM) else 0  # the BOM holds none of the bytes counted here
    crlf = b"\r" in data
    if b'"' in data or b"\x00" in data or (crlf and data.count(b"\r") != data.count(b"\r\n")):
        return None
    header_end = data.find(b"\n", start)
    try:
        header = data[start : len(data) if header_end < 0 else header_end].decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        return None
    if not header.strip():
        return None
    choice = choose_encoding(data)
    if choice.encoding != "utf-8":
        return None  # GB18030 bytes that are UTF-8 too: read by `decode`, which says why
    names, read, problems = _header(header, label)
    if needs_shaping(read):
        return None
    if choice.close:
        problems.append(problem("TRK114", label, 1, chosen=choice.encoding, why=choice.why))
    octets = np.frombuffer(data, dtype=np.uint8)
    records = int(np.count_nonzero(octets == ord("\n"))) + (not data.endswith(b"\n"))
    if int(np.count_nonzero(octets == ord(","))) != (len(names) - 1) * records:
        return None
    rest = memoryview(data)[len(data) if header_end < 0 else header_end + 1 :]  # no copy of the file
    ending = (b"\r\n" if crlf else b"\n") if rest and not data.endswith(b"\n") else b""
    if records == 1:
        problems.append(problem("TRK312", label, 1))
    return _Plain(label, data, names, problems, rest, ending, records - 1, crlf, read)


def _read_together(names: list[str], group: list[_Plain]) -> CsvCells | None:
    """Plain files of one header as one stream: row n of a file is on its line n + 2.

    None when pandas reads them otherwise than plain text says: a line with more fields
    (an index appears, or an error), bytes that are not UTF-8, or numbers where the text
    was meant (`_read_as_written`).
    """
    header = ",".join(names).encode("utf-8") + b"\n"
    try:
        pieces: list[bytes | memoryview] = [header]
        for member in group:
            pieces += (member.body, member.ending)
        raw = _read_csv(io.BufferedReader(_Pieces(pieces), 2**20), names, "category", None)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError):
        return None
    sizes = [member.rows for member in group]
    if not isinstance(raw.index, pd.RangeIndex) or len(raw) != sum(sizes) or not _read_as_written(raw):
        return None
    for member in group:
        log.debug("%s: read as %s", member.label, encoding_name(member.data, member.crlf, False))
    raw["line"] = np.concatenate([np.arange(2, size + 2, dtype=np.int32) for size in sizes])
    file_of: np.ndarray = np.repeat(np.arange(len(group), dtype=np.int32), sizes)
    return cells_of([CsvFile(member.label, _fields(member.header)) for member in group], raw, file_of)


class _Pieces(io.RawIOBase):
    """Byte strings read one after the other as one stream, without joining them (a copy)."""

    def __init__(self, pieces: list[bytes | memoryview]) -> None:
        super().__init__()
        self._pieces = [memoryview(piece) for piece in pieces if len(piece)]
        self._at = 0  # in the first piece not read to its end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pieces:
            return 0
        piece = self._pieces[0]
        size = min(len(buffer), len(piece) - self._at)
        buffer[:size] = piece[self._at : self._at + size]
        self._at += size
        if self._at == len(piece):
            self._pieces.pop(0)
            self._at = 0
        return size


def _read_as_written(raw: pd.DataFrame) -> bool:
    """Whether pandas kept every cell the loader reads as the text or number it was.

    The reader turns a column whose every distinct text is a number into numbers: exact
    for integer years and for values, but not for a value whose written digits give the
    step of a `~` or `plus` qualifier (95.50), nor for text columns (a code 0123).
    """
    for column in KNOWN_COLUMNS:
        if column not in raw:
            continue
        categories = raw[column].cat.categories
        if categories.dtype == object or pd.api.types.is_string_dtype(categories.dtype):
            continue
        if column == "year" and pd.api.types.is_integer_dtype(categories.dtype):
            continue
        if column != "value" or pd.api.types.is_bool_dtype(categories.dtype):
            return False
        if not (np.abs(categories.to_numpy(dtype=float)) <= _LARGEST).all():
            return False
        if "qualifier" in raw and {"~", "plus"} & {
            normalize_qualifier(str(q)) for q in raw["qualifier"].cat.categories
        }:
            return False
    return True


def _read_exact(text: str, label: str) -> tuple[pd.DataFrame, Header, list[Problem]]:
    """Read any CSV text: count each record's fields, report and drop the wrong ones."""
    if not text.strip():
        raise TrackerError([problem("TRK311", label, 1)])
    names, header, problems = _header(next(csv.reader(_lines(text)), []), label)
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
        raw = _read_csv(io.StringIO(text), names, str, index_col=False).astype("category")
    except (pd.errors.ParserError, ValueError) as exc:
        raise TrackerError([problem("TRK314", label, 1, reason=str(exc).strip())]) from None
    if len(raw) != len(kept_lines):  # pragma: no cover - the two readers disagree
        raise TrackerError([problem("TRK314", label, 1, reason="cannot align rows with lines")])
    raw["line"] = kept_lines
    raw = raw[kept_counts == width].reset_index(drop=True)
    if raw.empty and not counts[1:].any():
        problems.append(problem("TRK312", label, 1))
    return raw, header, problems


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` one by one (the header needs only the first)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _records(text: str, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Field count and starting line of every record (header included); blank lines count 0.

    By counting commas when the file has no quotes (on the bytes with numpy), else with
    the csv module in strict mode, which also finds a quote that is never closed.
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


def _header(first: str | list[str], label: str) -> tuple[list[str], Header, list[Problem]]:
    """Column names, the header read (`tracker.headers`) and its problems (raised if errors)."""
    cells = next(csv.reader([first]), []) if isinstance(first, str) else first
    if len(cells) > MAX_CSV_COLUMNS:
        raise TrackerError([problem("TRK329", label, 1, count=f"{len(cells):,}", limit=f"{MAX_CSV_COLUMNS:,}")])
    header = read_header(cells)
    if header.missing():
        separator = _other_separator(first if isinstance(first, str) else ",".join(cells))
        if separator is not None:
            raise TrackerError([problem("TRK330", label, 1, separator=separator)])
    problems = header_problems(header, cells, label, 1, lambda position: position)
    if any(p.is_error for p in problems):
        raise TrackerError(problems)
    return column_names(header, len(cells)), header, problems


def header_problems(
    header: Header, cells: list[str], label: str, line: int, column: Callable[[int], int], sheet: str = ""
) -> list[Problem]:
    """What is wrong with a header row: missing, doubled, misspelled and unknown columns.

    `column` turns a position in `cells` into the column number a problem names.
    """
    missing = header.missing()
    if missing:
        shown = ", ".join(clip(str(cell).strip(), 20) for cell in cells if str(cell).strip())
        columns = clip(shown, 200) or "(nothing: the first line is empty)"
        return [problem("TRK301", label, line, sheet=sheet, column=c, columns=columns) for c in missing]
    problems = []
    both = [name for name in ("value", "year") if name in header.fields] if header.wide else []
    if both:
        first_year = header.years[0]
        problems.append(
            problem("TRK327", label, line, column(first_year[0]), sheet=sheet, year=first_year[1], column=both[0])
        )
    for position, name in header.twice:
        problems.append(problem("TRK315", label, line, column(position), sheet=sheet, column=name))
    for position, text, known in header.misspelled:
        problems.append(problem("TRK317", label, line, column(position), sheet=sheet, column=clip(text), known=known))
    for position, text, known in header.unknown:
        nearest = f" (the nearest known header is '{known}')" if known else ""
        problems.append(
            problem("TRK316", label, line, column(position), sheet=sheet, column=clip(text), nearest=nearest)
        )
    return problems


# Separators people save CSV files with by mistake, as a message names them.
_OTHER_SEPARATORS = {";": "semicolons (;)", "\t": "tabs", "，": "full-width commas (，)", "|": "vertical bars (|)"}


def _other_separator(header: str) -> str | None:
    """How the header is separated, when it is by another character than ',' and holds the columns then."""
    for char, words in _OTHER_SEPARATORS.items():
        if char in header and not read_header(header.split(char)).missing():
            return words
    return None
