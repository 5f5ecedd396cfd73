"""The value grammar (docs/values.md): numbers, magnitudes, qualifier words, Chinese numerals."""

from __future__ import annotations

import re
from pathlib import Path

import cn2an
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import numbers
from tracker.dataroot import read_data_root
from tracker.numbers import ValueGrammarError, chinese_numeral, fold_width, normalize_qualifier, parse_value

HEADER = "region,indicator,year,value,qualifier,source,quote,note\n"


@pytest.mark.parametrize(
    ("text", "value", "step", "qualifier", "percent"),
    [
        ("95", 95, 1, None, False),
        ("10.8", 10.8, 0.1, None, False),
        ("９５．５％", 95.5, 0.1, None, True),
        ("95.5 %", 95.5, 0.1, None, True),
        ("1,030", 1030, 10, None, False),
        ("1，030", 1030, 10, None, False),
        ("12,345,678", 12345678, 1, None, False),
        ("1.5万", 15000, 1000, None, False),
        ("10.7亿", 1_070_000_000, 10_000_000, None, False),
        ("3.2千", 3200, 100, None, False),
        ("3千万", 30_000_000, 10_000_000, None, False),
        ("1.07亿元", 107_000_000, 1_000_000, None, False),
        ("1.5E+05", 150_000, 10_000, None, False),
        ("-15", -15, 1, None, False),
        ("−5", -5, 1, None, False),  # U+2212, the minus sign of PDFs
        ("－5", -5, 1, None, False),  # full-width hyphen-minus
        ("1.5 万", 15000, 1000, None, False),
        ("\u300095\u3000", 95, 1, None, False),  # ideographic spaces around
        ("超万", 10000, 10000, ">", False),
        ("千余人", 1000, 1000, "plus", False),
        ("万人以上", 10000, 10000, ">=", False),
        ("十", 10, 10, None, False),
        ("十万", 100_000, 100_000, None, False),
        ("超92%", 92, 1, ">", True),
        ("超过1000人", 1000, 1000, ">", False),
        ("99%以上", 99, 1, ">=", True),
        ("不低于95%", 95, 1, ">=", True),
        ("近千", 1000, 1000, "near", False),
        ("将近3万", 30000, 10000, "near", False),
        ("1.5万余", 15000, 1000, "plus", False),
        ("1.5万余人", 15000, 1000, "plus", False),
        ("两千多", 2000, 1000, "plus", False),
        ("约10.8", 10.8, 0.1, "~", False),
        ("10.8左右", 10.8, 0.1, "~", False),
        ("不足5%", 5, 1, "<", True),
        ("5%以内", 5, 1, "<=", True),
        ("达到95%", 95, 1, None, True),
        ("两万", 20000, 10000, None, False),
        ("一千二", 1200, 100, None, False),
        ("一千零十", 1010, 10, None, False),
        ("一百二十", 120, 10, None, False),
        ("十二", 12, 1, None, False),
        ("一万五", 15000, 1000, None, False),
        ("两亿三千万", 230_000_000, 10_000_000, None, False),
        ("零", 0, 1, None, False),
    ],
)
def test_value_grammar(text: str, value: float, step: float, qualifier: str | None, percent: bool) -> None:
    parsed = parse_value(text)
    assert parsed.value == pytest.approx(value, rel=1e-12)
    assert parsed.step == pytest.approx(step, rel=1e-12)
    assert (parsed.qualifier, parsed.percent) == (qualifier, percent)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("abc", "docs/values.md"),
        ("1,03", "docs/values.md"),
        ("5%%", "docs/values.md"),
        ("1.5万亿亿", "docs/values.md"),
        ("inf", "docs/values.md"),
        ("nan", "docs/values.md"),
        ("1e400", "too large"),
        ("9" * 40, "too large"),
        ("约1.5万余", "different things"),
        ("超92%以下", "different things"),
        ("万万", "twice"),
        ("十十", "out of order"),
        ("二〇二三", "zero"),
        ("一千零", "zero"),
        ("一二", "two digits"),
        # Footnote marks and superscripts are not digits (NFKC would read 93.51 and 952).
        ("93.5①", "'①' is not one of the digits 0-9"),
        ("95²", "'²' is not one of the digits 0-9"),
        ("٩٥", "not one of the digits 0-9"),
        ("１²", "'²'"),
        # Spaces between digits: one number or two?
        ("9 4", "space between digits"),
        ("1, 030", "space between digits"),
        ("9\u00a04", "space between digits"),
        ("一 二", "space between digits"),
        # A numeral without a digit needs a word that bounds it.
        ("万", "'万' alone is not a number: write 一万"),
        ("千", "'千' alone"),
        ("千万", "'千万' alone"),
        ("百", "alone"),
        ("亿", "alone"),
        ("达到万", "alone"),
        ("千人", "alone"),
        ("零〇", "misplaced zero"),
        ("〇零", "misplaced zero"),
        ("100多多", "'多多' says 'more than' twice"),
        ("1.5万余余", "twice"),
        ("两千多余", "twice"),
    ],
)
def test_value_grammar_errors(text: str, says: str) -> None:
    with pytest.raises(ValueGrammarError, match=says):
        parse_value(text)


def test_single_zeros_and_bare_numerals_where_the_caller_read_the_word() -> None:
    assert chinese_numeral("零") == chinese_numeral("〇") == 0
    with pytest.raises(ValueGrammarError):
        chinese_numeral("零〇")
    with pytest.raises(ValueGrammarError):
        chinese_numeral("")
    # The extractor reads 近 of 近千 itself and passes 千 alone.
    assert parse_value("千", qualified=True).value == 1000


def test_only_full_width_forms_fold() -> None:
    assert fold_width("９５．５％　－１，０３０") == "95.5% -1,030"
    assert fold_width("−5") == "-5"
    assert fold_width("95²①ｶ") == "95²①ｶ"  # superscripts, circled digits, half-width katakana stay


@pytest.mark.parametrize(
    ("word", "qualifier"), [("以上", ">="), ("≥", ">="), ("PLUS", "plus"), (" 约 ", "~"), ("x", None)]
)
def test_qualifier_words(word: str, qualifier: str | None) -> None:
    assert normalize_qualifier(word) == qualifier


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_numerals_read_what_cn2an_writes(number: int) -> None:
    """cn2an (a maintained converter) writes the numeral; ours must read it back exactly."""
    assert chinese_numeral(cn2an.an2cn(number, "low")) == number


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[+-]?[0-9]{1,20}(\.[0-9]{1,12})?", fullmatch=True))
def test_plain_numbers_read_as_the_whole_grammar_reads_them(text: str) -> None:
    """parse_value reads plain decimals without the grammar's regex; both must agree, step included."""
    try:
        slow = numbers._parse_any(text, False)
    except ValueGrammarError:
        slow = None
    try:
        fast = parse_value(text)
    except ValueGrammarError:
        fast = None
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,+-eE %", max_size=10))
def test_pandas_fast_path_agrees_with_the_grammar(text: str) -> None:
    """actuals.py reads plain numbers with pandas for speed; the grammar must agree with it."""
    fast = pd.to_numeric(pd.Series([text], dtype=str), errors="coerce").iloc[0]
    if pd.isna(fast) or abs(fast) > 1e18 or re.search(r"[eE][+-]?\d{4}", text):
        return  # the grammar's exponents have 1-3 digits; pandas reads 0E0000 too, to the same number
    assert parse_value(text).value == pytest.approx(float(fast), rel=1e-12)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet="0123456789.,+-eE%％１２．，万亿千百十两一二三零〇余多超近约以上下左右 ①²−\u3000\u00a0", max_size=12
    )
)
def test_grammar_answers_or_refuses(text: str) -> None:
    """Any text is either a finite number with a positive step, or a ValueGrammarError."""
    try:
        parsed = parse_value(text)
    except ValueGrammarError:
        return
    assert abs(parsed.value) <= 1e18 and 0 < parsed.step <= 1e18


def _rows(root: Path, rows: list[str]) -> tuple[pd.DataFrame, list[str]]:
    (root / "actuals" / "demo.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    dataset, problems = read_data_root(root)
    assert dataset is not None
    return dataset.actuals.frame.sort_values("line"), [f"{p.code}:{p.line}" for p in problems]


def test_value_cells_load_with_their_qualifier(valid_root: Path) -> None:
    table, problems = _rows(
        valid_root,
        [
            "示例县,preschool_gross_enrolment_rate,2021,９５．５％,,r,,\n",
            '示例县,teachers_recruited,2021,"1，030",,r,,\n',
            "示例县,teachers_recruited,2022,1.5万余,,r,,\n",
            "示例县,compulsory_retention_rate,2021,超92%,,r,,\n",
            "示例县,compulsory_retention_rate,2022,99%以上,>=,r,,\n",
            "示例县,teachers_recruited,2023,近千,,r,,\n",
            "示例县,complaint_rate,2022,−5,,r,,\n",
        ],
    )
    assert problems == []
    assert table["value"].tolist() == [95.5, 1030, 15000, 92, 99, 1000, -5]
    assert table["qualifier"].tolist() == ["=", "=", "plus", ">", ">=", "near", "="]
    # 1.5万余 is (15000, 16000); 超92% is (92, inf); 近千 is [900, 1000)
    assert table["lo"].tolist()[2:] == [15000, 92, 99, 900, -5]
    assert table["hi"].tolist()[2:4] == [16000, float("inf")]
    assert table["lo_open"].tolist() == [False, False, True, True, False, False, False]
    assert table["hi_open"].tolist() == [False, False, True, False, False, True, False]


def test_value_word_contradicting_the_column_is_an_error(valid_root: Path) -> None:
    table, problems = _rows(
        valid_root,
        [
            "示例县,compulsory_retention_rate,2021,超92%,<=,r,,\n",
            "示例县,compulsory_retention_rate,2022,超92%,>,r,,\n",
        ],
    )
    assert problems == ["TRK310:2"]
    assert table["line"].tolist() == [3]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,-①②²³⁴٩９−\u3000 ", min_size=1, max_size=8))
def test_no_digit_is_read_but_0_to_9_and_no_two_numbers_as_one(text: str) -> None:
    """Footnote marks, superscripts and other scripts' digits never become digits; '9 4' is never 94."""
    try:
        parse_value(text)
    except ValueGrammarError:
        return
    folded = text.replace("９", "9").replace("−", "-").replace("\u3000", " ")
    assert set(folded) <= set("0123456789.,- ")
    assert not re.search(r"[0-9.,]\s+[0-9.,]", folded.strip())
