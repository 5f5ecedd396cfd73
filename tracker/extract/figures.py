"""Finding figures in normalised text: a number with its qualifier words and its unit.

The number itself is read by the project's value grammar (`tracker.numbers.parse_value`),
so 1.5万余, 10.7亿, 近千 and 一百二十 mean here what they mean in a CSV cell. This module
adds what surrounds a number in running text: the words in front (超, 不少于, 达到...),
the unit behind (人次, 所, 亿元, 个百分点...), 以上/左右 after the unit, and the worded
figures plans use instead of digits (全覆盖, 一半, 两倍).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tracker.numbers import QUALIFIER_WORDS, ValueGrammarError, chinese_numeral, parse_value

_CN = "〇零一二两三四五六七八九十百千万亿"
_PREFIX_WORDS = sorted(
    [
        w
        for w in QUALIFIER_WORDS
        if w and not w.isascii() and w not in {"以上", "及以上", "以下", "以内", "左右", "余", "多"}
    ]
    + ["达到", "达", "为", "至", "到"],
    key=len,
    reverse=True,
)
# Unit words, longest first; each maps to the catalog units it can measure.
UNIT_KINDS: dict[str, tuple[str, ...]] = {
    "个百分点": ("percentage_point", "percent"),
    "百分点": ("percentage_point", "percent"),
    "人次": ("person_time",),
    "学时": ("hour",),
    "小时": ("hour",),
    "场次": ("count",),
    "个月": ("month",),
    "元": ("yuan",),
    "人": ("person", "person_time"),
    "名": ("person",),
    "所": ("school", "count"),
    "个": ("count", "place", "school"),
    "家": ("count", "school"),
    "门": ("count",),
    "项": ("count",),
    "次": ("count",),
    "场": ("count",),
    "届": ("count",),
    "栋": ("count",),
    "台": ("count",),
    "套": ("count",),
    "册": ("count",),
    "块": ("count",),
    "金": ("count",),
    "银": ("count",),
    "铜": ("count",),
    "吨": ("tonne",),
    "年": ("year",),
    "月": ("month",),
    "倍": ("ratio",),
    "M": ("mbps",),
    "部门": ("count",),
    "岁": ("age",),
    "类": ("count",),
}
_UNITS = "|".join(sorted(UNIT_KINDS, key=len, reverse=True))
_PREFIX = "|".join(_PREFIX_WORDS)
_ARABIC = r"\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"

FIGURE = re.compile(
    rf"(?P<prefix>{_PREFIX})?"
    rf"(?:(?P<arabic>{_ARABIC})(?:(?P<range>至|-|~|—)(?P<upper>\d+(?:\.\d+)?))?(?P<magnitude>万亿|亿|万|千)?"
    rf"|(?P<chinese>[{_CN}]+))"
    r"(?P<plus>余|多)?\s?(?P<percent>%)?"
    rf"(?P<unit>{_UNITS})?"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?"
)
_COUNTS = ("count", "school", "person", "person_time", "place")


@dataclass(frozen=True)
class Worded:
    """A figure written as a word: its pattern, value, and the units it can measure.

    A share (一半, 三分之一) is a part of a whole the text does not name as a 比例.
    """

    pattern: re.Pattern[str]
    value: float
    kinds: tuple[str, ...] = ("percent",)
    share: bool = False


_HAN_NEXT = r"(?=[“\u4e00-\u9fff])"
WORDED = (
    # everyone or everything: 全覆盖, 全部纳入, 所有学校达标, 全员培训 = 100%
    Worded(re.compile(r"全覆盖|全面覆盖"), 100.0),
    Worded(re.compile(rf"全部(?!的){_HAN_NEXT}"), 100.0),
    Worded(re.compile(rf"所有(?!制|权|者|的){_HAN_NEXT}"), 100.0),
    Worded(re.compile(rf"全员{_HAN_NEXT}"), 100.0),
    Worded(re.compile(r"一半|半数"), 50.0, share=True),
    # none: 零差错, 实现“零燃气” (a count of 0), 消除大班额 (a share or a count of 0)
    Worded(
        re.compile(
            rf"(?<![〇一二两三四五六七八九十百千万亿零\d])零(?![〇一二两三四五六七八九十百千万亿零]){_HAN_NEXT}"
        ),
        0.0,
        _COUNTS,
    ),
    Worded(re.compile(rf"消除{_HAN_NEXT}"), 0.0, ("percent", *_COUNTS)),
)
_WORDED_SUFFIX = re.compile(r"及以上|以上|以下|以内|左右")
_FRACTION = re.compile(r"([一二三四五六七八九十])分之([一二三四五六七八九])")
_WORDED_PREFIX = re.compile(
    "(?:" + "|".join(w for w in sorted(QUALIFIER_WORDS, key=len, reverse=True) if w and not w.isascii()) + ")$"
)
_ORDINAL_BEFORE = ("第", "每", "前")
_YEAR = re.compile(r"(?:19|20)\d\d(?=年|—|-|~|至|到)")
_DATES = re.compile(
    r"(?:19|20)\d\d(?:-\d{1,2}-\d{1,2}|年\d{1,2}月(?:\d{1,2}日)?)|\d{1,2}月份|(?:专栏|第|表)\s?\d+"
    r"|(?<=截至|截止)\d{1,2}月(?:\d{1,2}日)?"
)
_TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")  # 17:52:15


@dataclass(frozen=True)
class WrittenFigure:
    """One figure as written in the normalised text (the results model's figure is `results.Figure`)."""

    start: int
    end: int
    text: str
    value: float
    step: float
    qualifier: str | None
    percent: bool
    unit: str
    points: bool
    chinese: bool = False
    worded: bool = False
    share: bool = False
    kinds: tuple[str, ...] = ()  # for a worded figure: the units it can measure

    @property
    def unit_kinds(self) -> tuple[str, ...]:
        """Catalog units this figure can measure; empty means any."""
        if self.kinds:
            return self.kinds
        if self.percent:
            return ("percent",)
        return UNIT_KINDS.get(self.unit, ())


@dataclass(frozen=True)
class Skipped:
    """A number seen but not read as a figure: a year, an ordinal, a code."""

    start: int
    end: int
    text: str
    reason: str


def find_figures(text: str) -> tuple[list[WrittenFigure], list[Skipped]]:
    """Every figure in `text`, and every number skipped with the reason."""
    figures: list[WrittenFigure] = []
    skipped: list[Skipped] = []
    quoted = _quoted_spans(text)
    for match in FIGURE.finditer(text):
        if match.group("arabic") is None and match.group("chinese") is None:
            continue
        figure, reason = _read(text, match, quoted)
        if figure is not None:
            figures.append(figure)
        elif reason:
            number_start = match.start("arabic") if match.group("arabic") else match.start("chinese")
            skipped.append(Skipped(number_start, match.end(), text[number_start : match.end()], reason))
    worded = [(m, w.value, w.share, w.kinds) for w in WORDED for m in w.pattern.finditer(text)]
    worded += [
        (m, 100.0 * chinese_numeral(m.group(2)) / chinese_numeral(m.group(1)), True, ("percent",))
        for m in _FRACTION.finditer(text)
    ]
    for match, value, share, kinds in worded:
        prefix = _WORDED_PREFIX.search(text, max(0, match.start() - 4), match.start())
        suffix = _WORDED_SUFFIX.match(text, match.end())
        start = prefix.start() if prefix else match.start()
        end = suffix.end() if suffix else match.end()
        word = prefix.group() if prefix else suffix.group() if suffix else ""
        qualifier = QUALIFIER_WORDS[word] if word else None
        figures.append(
            WrittenFigure(
                start,
                end,
                text[start:end],
                round(value, 2),
                1.0,
                qualifier,
                kinds == ("percent",),
                "",
                False,
                worded=True,
                share=share,
                kinds=kinds,
            )
        )
    figures.sort(key=lambda f: f.start)
    return figures, skipped


def _not_a_chinese_count(text: str, match: re.Match[str], numeral: str, unit: str, prefix: str) -> str:
    """Why a Chinese numeral with a unit is not a count, or "" when it is one."""
    start = match.start("chinese")
    if text[max(0, start - 1) : start] in _ORDINAL_BEFORE:
        return ORDINAL
    if text[match.end() : match.end() + 1] == unit[-1:]:
        return "a doubled measure word (一个个)"
    if numeral in {"万", "亿"} or numeral in {"十", "百"}:
        return f"{numeral} alone, a word rather than a number"
    if text[max(0, start - 2) : start].endswith(_DEMONSTRATIVE) or text[match.end() : match.end() + 2] == "之一":
        return "after a demonstrative (这两项, 其中一个): not a count"
    if numeral == "一" and unit not in {"元"}:
        return "一 with a measure word: 'a' or 'one', not a count"
    if unit in {"年", "月"} and (prefix in {"", "近", "约", "至", "到"} or _PERIOD_AFTER.match(text, match.end())):
        return "a period word (近三年, 五年来), not a figure"
    if unit in {"金", "银", "铜"}:
        return "a Chinese numeral before 金/银/铜"
    return ""


def _enclosing(spans: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """A span of `spans` (sorted by start) that holds `position`, if any: one of the last few that
    start at or before it (spans are short names and dates, so nesting is shallow)."""
    index = bisect.bisect_right(spans, (position, len(spans) + position + 1_000_000))
    for start, end in reversed(spans[max(0, index - 8) : index]):
        if start <= position < end:
            return start, end
    return None


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Short spans inside “...” or 《...》: names such as “三名”工程, not figures."""
    names = r"“[^”\n]{1,14}”|《[^》\n]{1,40}》|〔\d+〕\d*号?"
    found = [(m.start(), m.end()) for m in re.finditer(names, text)] + [
        (m.start(), m.end()) for pattern in (_DATES, _TIME) for m in pattern.finditer(text)
    ]
    return sorted(found)


# After these a Chinese numeral is not a count: 这两项 (those two), 其中一个 (one of them).
_DEMONSTRATIVE = ("这", "那", "此", "该", "其中", "之一")
_PERIOD_AFTER = re.compile(r"来|以来|内|间|前|后|级|制|时间|行动|计划|规划|一")
# Reasons a number is not read as a figure; each is listed in review.md (`Skipped`).
YEAR = "a year"
DATE = "a date"
QUOTED = "inside a quoted name"
CODE = "part of a code or name"
ORDINAL = "an ordinal (第/每/前)"
LIST_NUMBER = "a list number or code"
FOOTNOTE = "a footnote mark ([3])"
TIME = "a time of day (17:52:15)"


def _read(text: str, match: re.Match[str], quoted: list[tuple[int, int]]) -> tuple[WrittenFigure | None, str]:
    """The figure of one number, or None and why it is not one.

    The reason is empty only for a Chinese numeral without a unit (一系列, 统一, 十四五):
    such a numeral is a word, not a number of the text.
    """
    parts = match.groupdict()
    number_start = match.start("arabic") if parts["arabic"] else match.start("chinese")
    before = text[max(0, number_start - 1) : number_start]
    after = text[match.end() : match.end() + 1]
    unit = parts["unit"] or ""
    if parts["chinese"] and not unit:
        return None, ""
    inside = _enclosing(quoted, number_start)
    if inside is not None:
        if _TIME.fullmatch(text, *inside):
            return None, TIME
        return None, DATE if _DATES.fullmatch(text, *inside) else QUOTED
    if parts["arabic"]:
        digits = parts["arabic"]
        if before in "[［【" and after in "]］】" and not unit and not parts["percent"] and len(digits) <= 2:
            return None, FOOTNOTE
        if _YEAR.match(text, number_start) and not parts["percent"] and unit in {"", "年"}:
            return None, YEAR
        if (
            before.isascii()
            and before.isalnum()
            or after.isascii()
            and after.isalnum()
            and not unit
            and not parts["percent"]
        ):
            return None, CODE
        if before == "第":
            return None, ORDINAL
        if unit == "" and not parts["percent"] and after in {"、", ".", ")", "号"} and len(digits) <= 2:
            return None, LIST_NUMBER
    else:
        reason = _not_a_chinese_count(text, match, parts["chinese"], unit, parts["prefix"] or "")
        if reason:
            return None, reason
    number_text = (parts["arabic"] or parts["chinese"]) + (parts["magnitude"] or "") + (parts["plus"] or "")
    try:
        parsed = parse_value(number_text + ("%" if parts["percent"] else ""), qualified=True)
    except ValueGrammarError:
        return None, "not a number of the value grammar"
    prefix = parts["prefix"] or ""
    words = [w for w in (prefix, parts["suffix"] or "") if w and w in QUALIFIER_WORDS]
    qualifiers = {QUALIFIER_WORDS[w] for w in words}
    if parsed.qualifier:
        qualifiers.add(parsed.qualifier)
    if parts["range"]:
        qualifiers = {">="}
    if len(qualifiers) > 1:
        qualifiers = {q for q in qualifiers if q != "="} or qualifiers
    qualifier = sorted(qualifiers)[0] if qualifiers else None
    start = match.start("prefix") if prefix in QUALIFIER_WORDS and prefix else number_start
    return (
        WrittenFigure(
            start=start,
            end=match.end(),
            text=text[start : match.end()],
            value=parsed.value,
            step=parsed.step,
            qualifier=qualifier,
            percent=parsed.percent,
            unit=unit,
            points=unit.endswith("百分点"),
            chinese=parts["chinese"] is not None,
        ),
        "",
    )
