"""Years in planning texts: deadlines, report dates, five-year periods and spans.

"十四五" is 2021-2025 and "十三五" 2016-2020 (the Nth plan ends in 1955 + 5N). A results
report's year comes from its date line (日期 / 上传时间 / 成文日期) or the first year of its
opening lines; a section's span from its first period expression (“十四五”以来, 五年来,
近三年, 近年来, 2016年以来).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.numbers import chinese_numeral

_CN_DIGIT = "一二三四五六七八九十"
FIVE_YEAR = re.compile(rf"([{_CN_DIGIT}]{{1,3}})五(?:规划|时期|期间|以来|末|”|\")")
_PLAN_NAME = re.compile(rf"“?([{_CN_DIGIT}]{{1,3}})五”?")
_DATE_LINE = re.compile(r"(?:日期|时间|发布|成文|印发)[^\n\d]{0,6}((?:19|20)\d\d)[-年./]")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_RECENT = re.compile(rf"(?:近|这)([{_CN_DIGIT}两\d]{{1,2}})年(?:来)?|五年来|近年来")
# 2016年以来, 2019年起, 自2019年春季开学起: a span from that year on (the words between
# the year and 起 only after 自/从).
SINCE = re.compile(
    r"(?P<since>[自从])?(?P<year>(?:19|20)\d\d)年(?:以来|起|(?(since)[^,，。;；:：\n\d年]{1,8}?起|(?!)))"
)
SPAN = re.compile(r"((?:19|20)\d\d)\s?(?:—|-|~|至|到)\s?((?:19|20)\d\d)年")
BY_YEAR = re.compile(r"(?:到|至|于|在)?((?:19|20)\d\d)年(?:底|末)?")
# 比2020年 / 较2020年 / 与2020年相比 / 相比2020年: a year of comparison, not the figure's year.
_COMPARED = re.compile(r"(?:比|较|与|同|相比|相较|对比|比照)(?:于)?$")
_SINCE_AFTER = re.compile(r"(?:底|末)?(?:以来|起|开始|至今)")


@dataclass(frozen=True)
class Span:
    """Years start..end (equal for a single year)."""

    start: int
    end: int

    def text(self) -> str:
        return str(self.end) if self.start == self.end else f"{self.start}-{self.end}"


def five_year_plan(ordinal_text: str) -> Span:
    """The years of the Nth five-year plan: 十四 -> 2021-2025."""
    n = chinese_numeral(ordinal_text)
    end = 1955 + 5 * n
    return Span(end - 4, end)


def report_year(text: str) -> int | None:
    """The year a document was dated or is about, from its first lines."""
    head = text[:600]
    found = _DATE_LINE.search(head)
    if found:
        return int(found.group(1))
    found = _ANY_YEAR.search(head)
    return int(found.group(1)) if found else None


def plan_period(text: str) -> Span | None:
    """The five-year period a plan's title or opening names (“十四五”教育发展规划)."""
    found = FIVE_YEAR.search(text[:1500]) or _PLAN_NAME.search(text[:300])
    return five_year_plan(found.group(1)) if found else None


# 去年 / 今年 / 明年: years counted from the document's date line.
RELATIVE = re.compile(r"(?<![比较与同])(去年|上年度|今年|本年度|本年|当年|明年)")
_RELATIVE_OFFSET = {"去年": -1, "上年度": -1, "今年": 0, "本年度": 0, "本年": 0, "当年": 0, "明年": 1}


def stated_year(text: str, today: int | None = None) -> int | None:
    """The year `text` (the words before a figure) dates its figure by, if any.

    Years of comparison (比2020年, 较2020年, 与2020年相比) and starts of a span (2019年以来,
    2019年起) do not count; a deadline (到/至YYYY年) wins over a bare year, and of several
    the last one counts. With the document's date (`today`), 去年, 今年 and 明年 are years too.
    """
    deadlines: list[int] = []
    others: list[tuple[int, int]] = []
    for found in BY_YEAR.finditer(text):
        prefix = found.group(0)[:1]
        if not prefix.isdigit() and prefix in "到至":
            deadlines.append(int(found.group(1)))
            continue
        if _COMPARED.search(text, 0, found.start()) or _SINCE_AFTER.match(text, found.end()):
            continue
        others.append((found.start(), int(found.group(1))))
    if today is not None:
        others += [(m.start(), today + _RELATIVE_OFFSET[m.group(1)]) for m in RELATIVE.finditer(text)]
    if deadlines:
        return deadlines[-1]
    return max(others)[1] if others else None


def period_in(text: str, year: int | None) -> Span | None:
    """The first period expression in `text` as a span of years, if any."""
    candidates: list[tuple[int, Span]] = []
    found = FIVE_YEAR.search(text)
    if found:
        candidates.append((found.start(), five_year_plan(found.group(1))))
    found = SINCE.search(text)
    if found and year is not None:
        candidates.append((found.start(), Span(int(found["year"]), max(year, int(found["year"])))))
    found = SPAN.search(text)
    if found and int(found.group(1)) <= int(found.group(2)):
        candidates.append((found.start(), Span(int(found.group(1)), int(found.group(2)))))
    found = _RECENT.search(text)
    recent = recent_span(text, year)
    if found and recent is not None:
        candidates.append((found.start(), recent))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def recent_span(text: str, year: int | None) -> Span | None:
    """近三年 / 五年来 / 近年来 in `text` as the span of years ending at `year` (近年来: 3 years)."""
    found = _RECENT.search(text)
    if found is None or year is None:
        return None
    if found.group(0) == "五年来":
        n = 5
    elif found.group(1):
        digits = found.group(1)
        n = int(digits) if digits.isdigit() else chinese_numeral(digits)
    else:
        n = 3
    return Span(year - n + 1, year)
