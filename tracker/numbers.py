"""The value grammar: numbers as people paste them from Chinese reports (docs/values.md).

    value     := [prefix] number [plus] [% | ％] [unit] [suffix]
    number    := arabic [magnitude] | chinese
    arabic    := [+|-] digits [. [digits]] [exponent] | [+|-] . digits [exponent]
                 digits may group by three with , or ， (1,030  12,345,678); exponent := e|E [+|-] 1-3 digits
    magnitude := 百 | 千 | 万 | 百万 | 千万 | 亿 | 百亿 | 千亿 | 万亿      (1.5万 = 15000, 10.7亿 = 1070000000)
    chinese   := numerals 零〇一二两三四五六七八九 with units 十百千万亿, units falling:
                 一千 = 1000, 两万 = 20000, 一百二十 = 120, 一千零十 = 1010, 十二 = 12,
                 一万五 = 15000, 一千二 = 1200 (a last digit counts in the next unit down);
                 one starting with 百 千 万 or 亿 needs a qualifier word with it (近千, 超万,
                 千余, 万人以上); alone (千, 万, 千万) it is refused: write 一千 or 1000
    plus      := 余 | 多                                         (1.5万余, 两千多: qualifier plus)
    prefix    := 超 超过 逾 高于 多于 (>) | 不低于 不少于 (>=) | 不足 低于 不满 少于 (<)
                 | 不超过 不高于 (<=) | 约 大约 (~) | 近 将近 接近 (near) | 达到 达 为 (no qualifier)
    suffix    := 以上 及以上 (>=) | 以下 以内 (<=) | 左右 (~) | 余 多 (plus)
    unit      := 人 人次 名 所 个 门 项 次 场 元 万元 亿元 学时 小时 年 月 (ignored: the indicator has the unit)

Before matching, full-width forms (U+FF01-FF5E, U+3000) fold to ASCII (９５．５％ is 95.5%)
and the minus sign U+2212 to -; nothing else folds, so footnote marks and superscripts
(93.5①, 95²) are refused, never read as digits. Spaces are removed, but not between
digits: 9 4 is refused. Words that say different things (约1.5万余) or the same thing
twice (100多多) are an error; so are values beyond 10^18, which are typing accidents.
`step` is one unit of the last written significant digit: 10.8 -> 0.1, 1.5万 -> 1000,
1030 -> 10, 近千 -> 1000. It gives the width of `~` (plus or minus half a step) and of
`plus` (up to one step more).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tracker.limits import MAX_NUMBER_DIGITS

# Canonical qualifier ids, in the order the docs list them.
QUALIFIERS = ("=", ">=", ">", "<=", "<", "~", "near", "plus")

QUALIFIER_WORDS: dict[str, str] = {
    "": "=",
    "=": "=",
    "==": "=",
    "等于": "=",
    ">=": ">=",
    "≥": ">=",
    "以上": ">=",
    "及以上": ">=",
    "不低于": ">=",
    "不少于": ">=",
    ">": ">",
    "超": ">",
    "超过": ">",
    "逾": ">",
    "高于": ">",
    "多于": ">",
    "<=": "<=",
    "≤": "<=",
    "以下": "<=",
    "以内": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "<": "<",
    "不足": "<",
    "低于": "<",
    "不满": "<",
    "少于": "<",
    "~": "~",
    "约": "~",
    "左右": "~",
    "大约": "~",
    "near": "near",
    "近": "near",
    "将近": "near",
    "接近": "near",
    "plus": "plus",
    "余": "plus",
    "多": "plus",
}

_PREFIX = "不低于|不少于|不超过|不高于|超过|多于|将近|接近|高于|低于|不足|不满|少于|大约|达到|超|逾|近|约|达|为"
_SUFFIX = "及以上|以上|以下|以内|左右|余|多"
_UNITS = "人次|学时|小时|亿元|万元|人|名|所|个|门|项|次|场|元|年|月"
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = f"[{_CN_DIGITS}十百千万亿]+"
_ARABIC = r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"

_GRAMMAR = re.compile(
    rf"^(?P<prefix>{_PREFIX})?"
    rf"(?:(?P<arabic>{_ARABIC})(?P<magnitude>万亿|千亿|百亿|亿|千万|百万|万|千|百)?|(?P<chinese>{_CN_NUMERAL}))"
    r"(?P<plus>余|多)?(?P<percent>%)?"
    rf"(?:{_UNITS})?"
    rf"(?P<suffix>{_SUFFIX})?$"
)
_MAGNITUDES = {
    "百": 10**2,
    "千": 10**3,
    "万": 10**4,
    "百万": 10**6,
    "千万": 10**7,
    "亿": 10**8,
    "百亿": 10**10,
    "千亿": 10**11,
    "万亿": 10**12,
}
# Numbers beyond this are typing accidents, and computing their step would take long.
LARGEST = Decimal(10) ** 18
_NEUTRAL_PREFIXES = {"达到", "达", "为"}
_ZEROS = "零〇"
# A numeral starting with one of these has no digit of its own: 千 alone is no number, 近千 is.
_BARE_UNITS = "百千万亿"
# Full-width forms U+FF01-FF5E are ASCII U+0021-007E; U+3000 is the ideographic space;
# U+2212 is the minus sign PDFs use. Unlike NFKC, superscripts and circled digits stay.
_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2212: ord("-")}
_DIGIT_LIKE = f"0-9{_CN_DIGITS}.,"
_SPACE_IN_NUMBER = re.compile(rf"[{_DIGIT_LIKE}]\s+[{_DIGIT_LIKE}]")
_SPACES = re.compile(r"\s+")
_DIGIT_VALUES = {char: value for value, char in enumerate("一二三四五六七八九", start=1)} | {"两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}


_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)


class ValueGrammarError(ValueError):
    """The text is not a value of the grammar above."""


# Every character that is a digit of a number: ASCII and full-width digits, Chinese numerals.
_ALL_DIGITS = "0123456789" + "".join(chr(0xFF10 + i) for i in range(10)) + _CN_DIGITS


def too_many_digits(text: str) -> int | None:
    """The count of digits in `text` when it is more than a number may have (MAX_NUMBER_DIGITS), else None.

    A million-digit number would overflow the decimal context; no report needs 40 digits.
    """
    if len(text) <= MAX_NUMBER_DIGITS:
        return None
    digits = sum(text.count(char) for char in _ALL_DIGITS)
    return digits if digits > MAX_NUMBER_DIGITS else None


@dataclass(frozen=True)
class ParsedValue:
    """A number as written: its value, its step and the qualifier its words carry."""

    value: float
    step: float
    qualifier: str | None
    percent: bool = False


def fold_width(text: str) -> str:
    """Full-width forms and the ideographic space to ASCII, U+2212 to '-'; nothing else changes."""
    return text.translate(_WIDTH_FOLD)


def normalize_qualifier(text: str) -> str | None:
    """The canonical qualifier id for a column cell, or None if it is unknown."""
    key = unicodedata.normalize("NFKC", text).strip()
    return QUALIFIER_WORDS.get(key.lower() if key.isascii() else key)


def parse_value(text: str, *, qualified: bool = False) -> ParsedValue:
    """Read one value cell; raise ValueGrammarError saying what is wrong.

    `qualified`: the caller has read a qualifier word before the text itself (the
    extractor reads 近 of 近千 apart), so a numeral without a digit (千) is allowed.
    """
    digits = too_many_digits(text)
    if digits is not None:
        raise ValueGrammarError(f"it has {digits:,} digits, more than the {MAX_NUMBER_DIGITS} a number may have")
    if _PLAIN.fullmatch(text):  # 95, 87.60, -3: most cells, read as the grammar would read them
        number = Decimal(text)
        if abs(number) <= LARGEST:
            return ParsedValue(float(number), float(_step_of(number)), None)
    return _parse_any(text, qualified)


def _parse_any(text: str, qualified: bool) -> ParsedValue:
    """`parse_value` for any text: the whole grammar."""
    folded = fold_width(text).strip()
    if not folded:
        raise ValueGrammarError("the value is empty")
    if _SPACE_IN_NUMBER.search(folded):
        raise ValueGrammarError("a space between digits: write one number without spaces (1030 or 1,030)")
    folded = _SPACES.sub("", folded)
    match = _GRAMMAR.match(folded)
    if match is None:
        raise ValueGrammarError(_why_not(folded))
    parts = match.groupdict()
    qualifier = _qualifier_of(parts)
    if parts["chinese"] is not None:
        numeral = parts["chinese"]
        number = Decimal(chinese_numeral(numeral))  # its own errors first: 万万 is no numeral at all
        if numeral[0] in _BARE_UNITS and qualifier is None and not qualified:
            raise ValueGrammarError(
                f"'{numeral}' alone is not a number: write 一{numeral} or the digits,"
                f" or the word that bounds it (近{numeral}, {numeral}余)"
            )
        step = _integer_step(number)
    else:
        digits = parts["arabic"].replace(",", "")
        try:
            number = Decimal(digits)
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
            raise ValueGrammarError(f"cannot read {digits!r}") from exc
        if abs(number) > LARGEST:
            raise ValueGrammarError("the number is too large")
        step = _step_of(number)
        if parts["magnitude"]:
            scale = _MAGNITUDES[parts["magnitude"]]
            number, step = number * scale, step * scale
    if abs(number) > LARGEST:
        raise ValueGrammarError("the number is too large")
    return ParsedValue(float(number), float(step), qualifier, parts["percent"] is not None)


def _step_of(number: Decimal) -> Decimal:
    """One unit of the last written significant digit of a decimal number (87.60 -> 0.01, 1030 -> 10)."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(exponent) if exponent < 0 else _integer_step(number)


def _why_not(folded: str) -> str:
    """The reason a text is not a value: a digit tracker does not read, or the pointer to the docs."""
    for char in folded:
        if not char.isascii() and unicodedata.category(char) in ("Nd", "No"):
            return f"'{char}' is not one of the digits 0-9 (a footnote mark?): remove it, or write the number in 0-9"
    return "docs/values.md lists the forms tracker reads"


def _qualifier_of(parts: dict[str, str | None]) -> str | None:
    if parts["plus"] and parts["suffix"] in ("余", "多"):
        raise ValueGrammarError(f"'{parts['plus']}{parts['suffix']}' says 'more than' twice: write one of them")
    words = [w for w in (parts["prefix"], parts["plus"], parts["suffix"]) if w and w not in _NEUTRAL_PREFIXES]
    qualifiers = {QUALIFIER_WORDS[w] for w in words}
    if len(qualifiers) > 1:
        raise ValueGrammarError(f"the words {'/'.join(words)} say different things")
    return qualifiers.pop() if qualifiers else None


def _integer_step(number: Decimal) -> Decimal:
    """One unit of the last non-zero digit of an integer (1030 -> 10, 15000 -> 1000)."""
    integer = int(number)
    step = 1
    while integer and integer % (step * 10) == 0:
        step *= 10
    return Decimal(step)


def chinese_numeral(text: str) -> int:
    """Read Chinese numerals written out: 千 -> 1000, 两万 -> 20000, 一百二十 -> 120, 一万五 -> 15000.

    Strict: units must fall (千 before 百 before 十), 万 and 亿 appear at most once each
    in their place, and 零 only marks a gap, so 万万 or 十十 is an error, never a guess.
    """
    if text == "零" or text == "〇":  # one zero: 零〇 is no numeral
        return 0
    return _below(text, "亿", leading=True)


def _below(text: str, unit: str | None, leading: bool) -> int:
    """A numeral whose largest big unit is `unit` (亿, 万 or None for below ten thousand)."""
    if unit is None:
        return _small_section(text, leading)
    smaller = "万" if unit == "亿" else None
    if unit not in text:
        return _below(text, smaller, leading)
    head, _, tail = text.partition(unit)
    if unit in tail:
        raise ValueGrammarError(f"'{unit}' twice in {text!r}")
    if head:
        high = _below(head, smaller, leading)  # 一万亿: the head of 亿 may hold 万
    elif leading:
        high = 1  # 万 -> 10000, as in 近万
    else:
        raise ValueGrammarError(f"nothing before '{unit}' in {text!r}")
    scale = _MAGNITUDES[unit]
    if not tail:
        return high * scale
    if tail[0] in _ZEROS:
        return high * scale + _below(tail[1:], smaller, leading=False) if tail[1:] else _bad_zero(text)
    if len(tail) == 1 and tail in _DIGIT_VALUES:  # 一万五 = 15000: the digit counts in the next unit down
        return high * scale + _DIGIT_VALUES[tail] * scale // 10
    return high * scale + _below(tail, smaller, leading=False)


def _bad_zero(text: str) -> int:
    raise ValueGrammarError(f"a zero with nothing after it in {text!r}")


def _small_section(text: str, leading: bool) -> int:
    """A numeral below 10000 from digits and the units 千, 百, 十."""
    if not text:
        raise ValueGrammarError("no digits")
    total, digit, last_unit, after_zero = 0, None, 10**4, False
    for position, char in enumerate(text):
        if char in _ZEROS:
            if digit is not None or after_zero or position == 0:
                raise ValueGrammarError(f"a misplaced zero in {text!r}")
            after_zero = True
        elif char in _DIGIT_VALUES:
            if digit is not None:
                raise ValueGrammarError(f"two digits in a row in {text!r}")
            digit = _DIGIT_VALUES[char]
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_unit:
                raise ValueGrammarError(f"'{char}' out of order in {text!r}")
            if digit is None and not ((position == 0 and leading) or (after_zero and unit == 10)):
                raise ValueGrammarError(f"no digit before '{char}' in {text!r}")
            total += (1 if digit is None else digit) * unit
            digit, last_unit, after_zero = None, unit, False
        else:
            raise ValueGrammarError(f"'{char}' is not a Chinese numeral")
    if digit is not None:  # 一百二 = 120 (the digit counts in the next unit down); 一百零二 = 102
        total += digit if after_zero or last_unit == 10**4 else digit * last_unit // 10
    elif after_zero:
        raise ValueGrammarError(f"a zero with nothing after it in {text!r}")
    return total


def canonical_number(value: float) -> str:
    """The shortest text for a number: 95.0 -> '95', 0.1 + 0.2 -> '0.3'."""
    text = f"{value:.10g}"
    if "e" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text
