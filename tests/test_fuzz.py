"""Random and near-valid input: only TrackerError ever comes out, and every problem is catalogued.

Random bytes reach the loaders through files, as users' files do; near-valid files are
the valid fixture with a few mutations (lines dropped, repeated or swapped, characters
changed, YAML 1.1 booleans, quotes and commas inserted, other encodings).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.dataroot import read_data_root
from tracker.errors import CATALOG, Problem, TrackerError

VALID_ROOT = Path(__file__).parent / "fixtures" / "valid"

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PLAN = "plans/demo.yaml"
CSV = "actuals/demo.csv"
CATALOG_FILE = "indicators.yaml"


@contextmanager
def _root_with(place: str, content: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(VALID_ROOT, root)
        (root / place).write_bytes(content)
        yield root


def _problems_of(place: str, content: bytes) -> list[Problem]:
    """Every problem the loader reports for the valid root with `place` replaced by `content`."""
    with _root_with(place, content) as root:
        try:
            _, problems = read_data_root(root)
        except TrackerError as exc:  # the only exception allowed out
            problems = exc.problems
    for found in problems:
        assert found.file, found
        assert found.code in CATALOG, found
        assert found.severity is CATALOG[found.code].severity
        assert "cannot align" not in found.message, "pandas and the field counter disagree on the records"
    return problems


# -- random bytes ----------------------------------------------------------------------

_SOME_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
)


@FUZZ
@given(content=_SOME_BYTES)
def test_random_bytes_as_plan(content: bytes) -> None:
    _problems_of(PLAN, content)


@FUZZ
@given(content=_SOME_BYTES)
def test_random_bytes_as_csv(content: bytes) -> None:
    _problems_of(CSV, content)


@settings(max_examples=100, deadline=None)
@given(content=_SOME_BYTES)
def test_random_bytes_as_catalog(content: bytes) -> None:
    problems = _problems_of(CATALOG_FILE, content)
    assert problems, "random bytes are never a valid catalog"


# -- near-valid files --------------------------------------------------------------------

_INSERTS = [
    "yes",
    "no",
    "on",
    "off",
    "NO",
    "~",
    "null",
    "",
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    '"',
    "'",
    "#",
    "&a ",
    "*a",
    "!!binary ",
    "!x ",
    "<<: ",
    "\t",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\x00",
    "\x07",
    "\ufeff",
    "%",
    "％",
    "超",
    "以上",
    "万",
    "亿",
    "近",
    "余",
    "１",
    "．",
    "1e400",
    "nan",
    "inf",
    "-",
    "2030",
    "1800",
    "９５",
    "a" * 70,
    # numbers only YAML 1.1 reads, and digits NFKC would have made up
    "0123",
    "070",
    "000000",
    "1:30",
    "1_000",
    "0x1F",
    "0b11",
    "①",
    "²",
    "−",
    "\u3000",
    "9 4",
    "多多",
]
_MUTATION = st.tuples(
    st.sampled_from(["drop", "repeat", "swap", "insert", "replace", "indent", "value", "value", "key"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(_INSERTS),
)


def _mutate(text: str, mutations: list[tuple[str, int, int, str]]) -> str:
    """Apply line and character mutations; positions are taken modulo the current size."""
    for kind, a, b, insert in mutations:
        lines = text.split("\n")
        i, j = a % len(lines), b % len(lines)
        if kind == "drop":
            del lines[i]
        elif kind == "repeat":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = insert[:2].replace("\n", " ") + lines[i]
        elif kind in ("value", "key") and ":" in lines[i]:
            key, _, value = lines[i].partition(":")
            if kind == "value":  # `region: NO`, `target: !x ...`, `by: [`
                value = " " + insert + (value if b % 2 else "")
            else:  # `baselinea:`, `  titl:` - keys pydantic does not know, at every depth
                key = key[: len(key) - b % 3] + insert.strip()[:3]
            lines[i] = f"{key}:{value}"
        else:
            position = b % (len(lines[i]) + 1)
            cut = position + (1 if kind == "replace" else 0)
            lines[i] = lines[i][:position] + insert + lines[i][cut:]
        text = "\n".join(lines) or "\n"
    return text


_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"])


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@FUZZ
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=4), encoding=_ENCODINGS)
def test_near_valid_plan(mutations: list[tuple[str, int, int, str]], encoding: str) -> None:
    text = _mutate((VALID_ROOT / PLAN).read_text(encoding="utf-8"), mutations)
    _problems_of(PLAN, _encoded(text, encoding))


@FUZZ
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=4), encoding=_ENCODINGS, crlf=st.booleans())
def test_near_valid_csv(mutations: list[tuple[str, int, int, str]], encoding: str, crlf: bool) -> None:
    text = _mutate((VALID_ROOT / CSV).read_text(encoding="utf-8"), mutations)
    if crlf:
        text = text.replace("\n", "\r\n")
    _problems_of(CSV, _encoded(text, encoding))


@settings(max_examples=100, deadline=None)
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=4))
def test_near_valid_catalog(mutations: list[tuple[str, int, int, str]]) -> None:
    text = _mutate((VALID_ROOT / CATALOG_FILE).read_text(encoding="utf-8"), mutations)
    _problems_of(CATALOG_FILE, text.encode())


_CELLS = st.one_of(
    st.sampled_from(_INSERTS),
    st.text(
        alphabet="0123456789.,+-eE%％１２．，万亿千百十两一二三零〇余多超近约以上下左右 ①²−\u3000\u00a0", max_size=12
    ),
)


@FUZZ
@given(
    cells=st.lists(
        st.tuples(st.sampled_from(["year", "value", "qualifier", "region", "indicator"]), _CELLS),
        min_size=1,
        max_size=6,
    )
)
def test_random_cells_in_valid_csv(cells: list[tuple[str, str]]) -> None:
    """Any text in any cell of a valid row: a problem on that row's line, or a good row."""
    header = "region,indicator,year,value,qualifier,source,quote,note"
    rows = []
    for column, cell in cells:
        row = {"region": "示例县", "indicator": "dropout_rate", "year": "2022", "value": "1.5", "qualifier": ""}
        row[column] = '"' + cell.replace('"', '""') + '"'
        rows.append(",".join([row["region"], row["indicator"], row["year"], row["value"], row["qualifier"], "s,,"]))
    text = "\n".join([header, *rows, ""])
    problems = _problems_of(CSV, text.encode())
    assert all(p.line in range(1, text.count("\n") + 1) for p in problems)


@FUZZ
@given(body=st.text(alphabet='a1,"\n\r \t', max_size=60))
def test_csv_quoting_never_confuses_the_field_counter(body: str) -> None:
    """Quotes, commas and line breaks in any order: pandas and our record counter agree."""
    _problems_of(CSV, ("region,indicator,year,value\n" + body).encode())
