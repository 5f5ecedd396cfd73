"""Formatting shared by the renderers: numbers, figures with qualifiers, targets, bars."""

from __future__ import annotations

import functools
import math
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from tracker.i18n import Lang, phrase, word
from tracker.models import Indicator, Kind, Status
from tracker.numbers import canonical_number
from tracker.results import DECIMALS, Figure, TargetResult, band_of

BAR_WIDTH = 10
_PREFIX_WORDS = (
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "超过",
    "多于",
    "将近",
    "接近",
    "高于",
    "低于",
    "不足",
    "不满",
    "少于",
    "大约",
    "超",
    "逾",
    "近",
    "约",
    "等于",
)
_SYMBOLS = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "~", "near": "<", "plus": ">"}
_ZH_WORDS = {">=": "以上", ">": "超", "<=": "以下", "<": "不足", "~": "约", "near": "近", "plus": "余"}
_OP_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "~": "≈"}


@functools.lru_cache(maxsize=65_536)  # a national report writes the same numbers again and again
def number(value: float | None, unit: str = "") -> str:
    """A number as people write it: 95, 10.8, 1,030,000; '%' for percent units."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{int(round(value)):,}" if abs(value) >= 10_000 and value == round(value) else canonical_number(value)
    return text + ("%" if unit == "percent" else "")


def figure(fig: Figure, unit: str) -> str:
    """A figure with its qualifier as written: 超92%, 99%以上, 近1000, 15,000余, ≥92%."""
    text = number(fig.value, unit)
    written = fig.written
    if written and not written.isascii():
        return f"{written}{text}" if written.startswith(_PREFIX_WORDS) else f"{text}{written}"
    if fig.qualifier == "mixed":
        return f"≈{text}"
    symbol = _SYMBOLS.get(fig.qualifier, "")
    if fig.qualifier == "plus":
        return f"{text}+"
    return f"{symbol}{text}"


def figure_with_year(fig: Figure | None, unit: str) -> str:
    return "-" if fig is None else f"{figure(fig, unit)} ({fig.year_text})"


def is_conflicting(fig: Figure | None) -> bool:
    """Figures for the same year that contradict each other (merged into this one)."""
    return fig is not None and fig.conflict


def shown_progress(result: TargetResult) -> float | None:
    """The share of the task a progress bar draws; none for conflicting figures (it would be one of them)."""
    return None if is_conflicting(result.latest) else result.progress


def latest_cell(result: TargetResult, unit: str, lang: Lang) -> str:
    """The latest figure in a table: '87.6% (2022)', '0.6% (2022)*' (judged after the deadline on an
    earlier year), or 'conflicting (2023)' rather than one of two figures that contradict each other."""
    fig = result.latest
    if is_conflicting(fig):
        assert fig is not None
        return f"数据冲突 ({fig.year_text})" if lang == "zh" else f"conflicting ({fig.year_text})"
    return figure_with_year(fig, unit) + ("*" if result.judged_on_earlier_figure else "")


# Units a bare number does not say, written after it (zh, en singular, en plural); percent
# is the '%' `number` adds. Counts (people, schools, places) are named by the indicator.
UNIT_WORDS: dict[str, tuple[str, str, str]] = {
    "percentage_point": ("个百分点", "pp", "pp"),
    "hour": ("学时", "hour", "hours"),
    "month": ("个月", "month", "months"),
    "year": ("年", "year", "years"),
    "yuan": ("元", "yuan", "yuan"),
    "tonne": ("吨", "tonne", "tonnes"),
    "mbps": ("Mbps", "Mbps", "Mbps"),
}
# Chart axis labels of the other units (zh, en); an unknown unit is shown as the catalog has it.
AXIS_WORDS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "person": ("人", "people"),
    "person_time": ("人次", "person-times"),
    "school": ("所", "schools"),
    "place": ("个", "places"),
    "count": ("数量", "count"),
    "ratio": ("比值", "ratio"),
    "boolean": ("是否完成", "done"),
}
PERCENT_UNITS = ("percent", "percentage_point")


def unit_word(unit: str, lang: Lang, value: float | None = None) -> str:
    """The word written after a number of this unit ('' for percent and counts)."""
    words = UNIT_WORDS.get(unit)
    if words is None:
        return ""
    zh, one, many = words
    return zh if lang == "zh" else (one if value is not None and abs(value) == 1 else many)


def with_unit(text: str, unit: str, lang: Lang, value: float | None = None) -> str:
    """`text` (a number) followed by its unit word: '6个月', '6 months'."""
    word = unit_word(unit, lang, value)
    if not word:
        return text
    return f"{text}{word}" if lang == "zh" else f"{text} {word}"


def quantity(value: float | None, unit: str, lang: Lang) -> str:
    """A value of the indicator with its unit: 95%, 6 months, 360学时, 10,000."""
    return with_unit(number(value, unit), unit, lang, value)


def amount(value: float, unit: str, lang: Lang, decimals: int | None = None, sign: bool = False) -> str:
    """A difference of values (a pace, a shortfall, a change target): percentages in percentage
    points ('4.5 pp', '4.5个百分点'), other units with their word; `sign` writes '+' too."""
    text = derived(value) if decimals is None else number(round(value, decimals) + 0.0)
    if sign and not text.startswith("-"):
        text = "+" + text
    if unit in PERCENT_UNITS:
        return f"{text}个百分点" if lang == "zh" else f"{text} pp"
    return with_unit(text, unit, lang, value)


def axis_label(unit: str, lang: Lang) -> str:
    """The unit as a chart's y axis title, in the report's language."""
    if unit in UNIT_WORDS:
        zh, _, many = UNIT_WORDS[unit]
        return zh if lang == "zh" else many
    if unit in AXIS_WORDS:
        return AXIS_WORDS[unit][0 if lang == "zh" else 1]
    return unit


def goal(result: TargetResult, unit: str, lang: Lang) -> str:
    """The target as a reader says it: '≥95% by 2025', '≥6 months by 2025', 'change ≤-10 pp by 2025'."""
    return _goal(result.kind, result.op, result.target_value, result.by, unit, lang)


@functools.lru_cache(maxsize=65_536)  # a national tracker's counties share their targets' wording
def _goal(kind: Kind, op_id: str | None, value: float | None, by: int, unit: str, lang: Lang) -> str:
    if kind is Kind.MILESTONE:
        what = "完成" if lang == "zh" else "done"
    else:
        op = _OP_TEXT.get(op_id or "", "")
        if kind is Kind.CHANGE and value is not None:
            what = op + amount(value, unit, lang, decimals=10)
        else:
            what = op + quantity(value, unit, lang)
        if kind is Kind.CHANGE:
            what = ("变化" if lang == "zh" else "change ") + what
        elif kind is Kind.CUMULATIVE:
            what = ("累计" if lang == "zh" else "total ") + what
        elif kind is Kind.MAINTAIN:
            what = ("保持" if lang == "zh" else "keep ") + what
    return f"{by}年{what}" if lang == "zh" else f"{what} by {by}"


def baseline(result: TargetResult, unit: str) -> str:
    if result.baseline_year is None:
        return "-"
    return f"{number(result.baseline_value, unit)} ({result.baseline_year})"


def bar(progress: float | None, ascii_only: bool = False, width: int = BAR_WIDTH) -> str:
    """A progress bar of `width` cells; eighth blocks in Unicode, # and . in ASCII."""
    if progress is None or math.isnan(progress):
        return " " * width
    share = min(max(progress, 0.0), 1.0)
    if ascii_only:
        filled = round(share * width)
        return "#" * filled + "." * (width - filled)
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest].strip() if rest else ""
    return ("█" * full + partial).ljust(width, "░")


RATIO_DECIMALS = 2  # R in tables and check lines; `explain` and the JSON document show 4


def shown_ratio(value: float, decimals: int = RATIO_DECIMALS) -> Decimal:
    """R rounded to `decimals` toward its band, so that it never contradicts it.

    The band thresholds (0.95, 0.5, -0.1) are inclusive lower bounds with two decimals, so
    plain rounding can only go wrong by rounding up onto a threshold: 0.9496 would print
    0.95 next to `behind`. Then R is cut instead (0.94). R is first rounded to DECIMALS (9)
    decimals, so that the float of an R such as 0.12345 (a tie) rounds as the number does.
    The engine gives an R on a band's edge as that edge exactly (it judges such targets in
    exact arithmetic), so 0.95 is on track and 0.9499999999999998 is behind, shown 0.94.
    """
    step = Decimal(1).scaleb(-decimals)
    shown = Decimal(repr(round(value, DECIMALS))).quantize(step, rounding=ROUND_HALF_EVEN)
    if band_of(float(shown)) is not band_of(value):
        shown = Decimal(repr(value)).quantize(step, rounding=ROUND_FLOOR)
    return shown + 0  # + 0: never "-0.00"


def ratio(value: float | None, decimals: int = RATIO_DECIMALS) -> str:
    """R as shown next to a status: '0.94' for 0.9496 (behind), '-' when there is none."""
    if value is None:
        return "-"
    if not math.isfinite(value):  # an end of an interval without bound (超92%: R up to ∞)
        return number(value)
    return f"{shown_ratio(value, decimals):f}"


def indicator_name(indicators: dict[str, Indicator], indicator_id: str, lang: Lang) -> str:
    entry = indicators.get(indicator_id)
    if entry is None:
        return indicator_id
    return entry.name if lang == "zh" else entry.name_en


def unit_of(indicators: dict[str, Indicator], indicator_id: str) -> str:
    entry = indicators.get(indicator_id)
    return entry.unit if entry else ""


# Derived numbers (paces, shortfalls) are rounded to this many decimals before `number`;
# figures from the data are shown as written.
DERIVED_DECIMALS = 2


def derived(value: float, unit: str = "") -> str:
    """A computed number, rounded by the one rule for derived values: 4.1333 -> 4.13.

    A value that the rule would turn into 0 keeps two significant figures (0.0031 -> 0.0031),
    so that a small pace or shortfall is never printed as none.
    """
    rounded = round(value, DERIVED_DECIMALS)
    if rounded == 0 and value != 0 and math.isfinite(value):
        rounded = round(value, 1 - math.floor(math.log10(abs(value))))
    return number(rounded + 0.0, unit)


def year_span(first: int, last: int) -> str:
    """'2023-2025', or '2025' for one year."""
    return str(last) if first >= last else f"{first}-{last}"


def needed(result: TargetResult, unit: str, lang: Lang, aim: str | None = None) -> str | None:
    """What it now takes to reach the target (or how it was missed); None when there is nothing to say.

    Printed after the status label ('missed: 20 short of ...'), so it never repeats the status.
    `aim` is `goal(result, unit, lang)` when the caller has it already.
    """
    zh = lang == "zh"
    aim = goal(result, unit, lang) if aim is None else aim
    if result.status is Status.MISSED:
        if result.kind is Kind.MILESTONE:
            if result.latest is not None and (result.provisional or result.latest.year > result.by):
                return phrase("milestone_not_done_at", lang, year=result.latest.year, by=result.by)
            return f"截至{result.by}年未完成" if zh else f"not done by {result.by}"
        if result.kind is Kind.MAINTAIN and result.first_failed is not None:
            return _fell_short(result, aim, lang)
        short = result.shortfall
        if short is not None and short > 0:
            gap = amount(short, unit, lang)
            if result.is_cap:
                return f"超出{gap}（目标：{aim}）" if zh else f"{gap} over the goal ({aim})"
            return f"差{gap}（目标：{aim}）" if zh else f"{gap} short of the goal ({aim})"
        return f"未达到目标（{aim}）" if zh else f"the goal ({aim}) is not met"
    if result.kind is Kind.MAINTAIN:
        return f"此后每年须达到{aim}" if zh else f"every remaining year must meet {aim}"
    pace = result.pace_needed
    if pace is not None and result.latest is not None:
        step = amount(pace, unit, lang, sign=True)
        if zh:
            return f"{result.latest.year}年后需每年{step}，才能实现{aim}"
        return f"needs {step}/year after {result.latest.year} to reach {aim}"
    flow = result.flow_needed
    if flow is not None and result.latest is not None:
        years = year_span(result.latest.year + 1, result.by)
        each = amount(flow, unit, lang)
        several = "-" in years
        if zh:
            return f"{years}年还需{'年均' if several else ''}{each}，才能实现{aim}"
        return f"needs {each}{'/year' if several else ''} in {years} to reach {aim}"
    return None


def awaiting(result: TargetResult, unit: str, lang: Lang) -> str | None:
    """For a provisional status, the figure it waits for and the one that decided:
    'no 2025 figure yet; latest 94.5% (2024)'; None for any other status."""
    if result.awaited_year is None:
        return None
    if result.latest is None:
        return phrase("awaiting", lang, year=result.awaited_year)
    return phrase("awaiting_latest", lang, year=result.awaited_year, latest=figure_with_year(result.latest, unit))


def baseline_missing(result: TargetResult, name: str, lang: Lang) -> str | None:
    """Why a level or change target is indeterminate when its baseline has no value (TRK216), or None."""
    if result.status is not Status.INDETERMINATE or not result.baseline_unknown or is_conflicting(result.latest):
        return None
    if (
        result.kind is Kind.LEVEL
        and result.latest is not None
        and (result.latest.year == result.by or result.as_of > result.by)
    ):
        return None  # met or missed needs no start: the figure's interval straddles the goal
    if result.kind not in (Kind.LEVEL, Kind.CHANGE):
        return None
    return phrase(
        "baseline_missing", lang, year=result.baseline_year, region=result.region, indicator=name or result.indicator
    )


def _fell_short(result: TargetResult, aim: str, lang: Lang) -> str:
    """A maintain target's failed years: 'fell short of the goal in 2022 (keep ≥97% by 2025)'."""
    if result.failed_years == 1:
        return phrase("fell_short_in", lang, years=result.first_failed, goal=aim)
    return phrase("fell_short_first", lang, count=result.failed_years, year=result.first_failed, goal=aim)


def reason(result: TargetResult, unit: str, lang: Lang, name: str = "") -> str:
    """Why a target has its status, in one line: the figure, the goal, R and what is needed.

    A provisional status starts with the figure it waits for ('no 2025 figure yet; 94.5%
    (2024), 0.5 pp short of the goal (≥95% by 2025)'); `name` is the indicator's name, for
    the message of a baseline without a value.
    """
    text = _reason(result, unit, lang, name)
    if result.awaited_year is None:
        return text
    return phrase("awaiting", lang, year=result.awaited_year) + word("then", lang) + text


def _reason(result: TargetResult, unit: str, lang: Lang, name: str) -> str:
    zh = lang == "zh"
    aim = goal(result, unit, lang)
    latest = figure_with_year(result.latest, unit)
    status = result.status
    if status is Status.NO_DATA:
        if result.past_deadline_without_figure:
            return phrase("no_figure_past_deadline", lang, by=result.by, goal=aim)
        return f"尚无数据（目标：{aim}）" if zh else f"no figure yet (goal: {aim})"
    if status is Status.PENDING:
        return f"尚未完成，{result.by}年截止" if zh else f"not done yet, due {result.by}"
    if status is Status.INDETERMINATE:
        missing = baseline_missing(result, name, lang)
        if missing is not None:
            return phrase("with_goal", lang, text=missing, goal=aim)
        if result.kind is Kind.MILESTONE and result.latest is not None and result.latest.year > result.by:
            return phrase("milestone_done_late", lang, year=result.latest.year, by=result.by)
        if is_conflicting(result.latest):
            assert result.latest is not None
            year = result.latest.year_text
            if zh:
                return f"{year}年数据互相冲突（{'与'.join(result.sources)}），目标：{aim}"
            return f"the figures for {year} conflict ({' vs '.join(result.sources)}); goal: {aim}"
        return (
            f"数据无法判断（{latest}，过于模糊或不完整），目标：{aim}"
            if zh
            else f"the figures cannot decide it ({latest}: too vague or incomplete); goal: {aim}"
        )
    if status is Status.ACHIEVED:
        return f"{latest}，已实现（目标：{aim}）" if zh else f"{latest} meets the goal ({aim})"
    if status is Status.MISSED:
        if result.kind is Kind.MILESTONE:
            return needed(result, unit, lang, aim) or ""
        if result.kind is Kind.MAINTAIN and result.first_failed is not None:
            return _fell_short(result, aim, lang)
        short = result.shortfall
        if short is not None and short > 0:
            gap = amount(short, unit, lang)
            if result.is_cap:
                return f"{latest}，超出{gap}（目标：{aim}）" if zh else f"{latest}, {gap} over the goal ({aim})"
            return f"{latest}，差{gap}（目标：{aim}）" if zh else f"{latest}, {gap} short of the goal ({aim})"
        return f"{latest}未达到目标（{aim}）" if zh else f"{latest} falls short of the goal ({aim})"
    if result.kind is Kind.MAINTAIN:
        if status is Status.OFF_TRACK:
            return f"{latest}未达到目标（{aim}）" if zh else f"{latest} falls short of the goal ({aim})"
        if status is Status.BEHIND:
            return f"此前有年份未达到目标（{aim}）" if zh else f"an earlier year fell short of the goal ({aim})"
        return f"{latest}（目标：{aim}）" if zh else f"{latest} (goal: {aim})"
    parts = [f"R = {ratio(result.ratio)}", latest]
    if status is Status.REGRESSING:
        parts.append("背离目标" if zh else "moving away from the goal")
    more = needed(result, unit, lang, aim)
    if more:
        parts.append(more)
    return ("，" if zh else "; ").join(parts)
