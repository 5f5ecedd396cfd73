"""Formatting shared by the renderers: numbers, figures with qualifiers, targets, bars."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from tracker import kinds
from tracker.bands import shown_ratio
from tracker.messages import CATALOG, Lang, by_language, message, status_label
from tracker.models import Indicator, Status
from tracker.numbers import canonical_number
from tracker.results import Evaluation, Figure, PlanResult, TargetResult

if TYPE_CHECKING:
    from tracker.above import Above

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


def qualifier_text(fig: Figure) -> str:
    """A figure's qualifier as written (超, 以上, 约) or as its sign (≥, ≈, +); '' for an exact figure."""
    written = fig.written
    if written and not written.isascii():
        return written
    if fig.qualifier == "mixed":
        return "≈"
    if fig.qualifier == "plus":
        return "+"
    return _SYMBOLS.get(fig.qualifier, "")


def op_symbol(op: str | None) -> str:
    """A goal's comparison as a sign: ≥, ≤, =, ≈; '' for none (a milestone)."""
    return _OP_TEXT.get(op or "", "")


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
        return message("figure.conflicting", lang, year=fig.year_text)
    return figure_with_year(fig, unit) + ("*" if result.judged_on_earlier_figure else "")


# Units a bare number does not say have words written after it (`unit.<unit>` in the message
# catalog, and `unit.<unit>.many` for more than one); percent is the '%' `number` adds.
# Counts (people, schools, places) are named by the indicator.
PERCENT_UNITS = ("percent", "percentage_point")


def unit_word(unit: str, lang: Lang, value: float | None = None) -> str:
    """The word written after a number of this unit ('' for percent and counts)."""
    key = f"unit.{unit}"
    if key not in CATALOG:
        return ""
    return message(key if value is not None and abs(value) == 1 else f"{key}.many", lang)


def with_unit(text: str, unit: str, lang: Lang, value: float | None = None) -> str:
    """`text` (a number) followed by its unit word: '6个月', '6 months'."""
    word = unit_word(unit, lang, value)
    if not word:
        return text
    return message("unit.with", lang, number=text, unit=word)


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
        return with_unit(text, "percentage_point", lang, value)
    return with_unit(text, unit, lang, value)


def axis_label(unit: str, lang: Lang) -> str:
    """The unit as a chart's y axis title, in the report's language."""
    if f"unit.{unit}" in CATALOG:
        return message(f"unit.{unit}.many", lang)
    if f"axis.{unit}" in CATALOG:
        return message(f"axis.{unit}", lang)
    return unit


class Phrases:
    """What a kind's words are written with (`tracker.kinds.base.Phrasing`): numbers and figures
    of one unit, in one language."""

    def __init__(self, unit: str, lang: Lang) -> None:
        self.unit, self.lang = unit, lang

    def amount(self, value: float, decimals: int | None = None, sign: bool = False) -> str:
        return amount(value, self.unit, self.lang, decimals, sign)

    def quantity(self, value: float | None) -> str:
        return quantity(value, self.unit, self.lang)

    def figure(self, figure: Figure | None) -> str:
        return figure_with_year(figure, self.unit)

    def years(self, first: int, last: int) -> str:
        return year_span(first, last)


@functools.lru_cache(maxsize=4096)
def phrases(unit: str, lang: Lang) -> Phrases:
    return Phrases(unit, lang)


def goal(result: TargetResult, unit: str, lang: Lang) -> str:
    """The target as a reader says it: '≥95% by 2025', '≥6 months by 2025', 'change ≤-10 pp by 2025'."""
    return _goal(result.kind, result.op, result.target_value, result.by, unit, lang)


@functools.lru_cache(maxsize=65_536)  # a national tracker's counties share their targets' wording
def _goal(kind: str, op_id: str | None, value: float | None, by: int, unit: str, lang: Lang) -> str:
    what = kinds.rule(kind).goal_words(_OP_TEXT.get(op_id or "", ""), value, phrases(unit, lang))
    return message("goal.by", lang, what=what, by=by)


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
    return by_language(lang, entry.name, entry.name_en)


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
    aim = goal(result, unit, lang) if aim is None else aim
    rule, say = kinds.rule(result.kind), phrases(unit, lang)
    if result.status is Status.MISSED:
        own = rule.missed(result, say, aim)
        if own is not None:
            return own
        short = result.shortfall
        if short is not None and short > 0:
            gap = amount(short, unit, lang)
            return message("needed.over" if result.is_cap else "needed.short", lang, gap=gap, aim=aim)
        return message("needed.not_met", lang, aim=aim)
    return rule.still_needed(result, say, aim)


def awaiting(result: TargetResult, unit: str, lang: Lang) -> str | None:
    """For a provisional status, the figure it waits for and the one that decided:
    'no 2025 figure yet; latest 94.5% (2024)'; None for any other status."""
    if result.awaited_year is None:
        return None
    if result.latest is None:
        return message("awaiting", lang, year=result.awaited_year)
    return message("awaiting_latest", lang, year=result.awaited_year, latest=figure_with_year(result.latest, unit))


def baseline_missing(result: TargetResult, name: str, lang: Lang) -> str | None:
    """Why a level or change target is indeterminate when its baseline has no value (TRK216), or None."""
    if result.status is not Status.INDETERMINATE or not result.baseline_unknown or is_conflicting(result.latest):
        return None
    if not kinds.rule(result.kind).baseline_missing_applies(result):
        return None
    return message(
        "baseline_missing", lang, year=result.baseline_year, region=result.region, indicator=name or result.indicator
    )


def reason_of(result: TargetResult, evaluation: Evaluation, lang: Lang) -> str:
    """`reason` of a result of `evaluation`, with its indicator's unit and name."""
    unit = unit_of(evaluation.indicators, result.indicator)
    return reason(result, unit, lang, indicator_name(evaluation.indicators, result.indicator, lang))


def reason(result: TargetResult, unit: str, lang: Lang, name: str = "") -> str:
    """Why a target has its status, in one line: the figure, the goal, R and what is needed.

    A provisional status starts with the figure it waits for ('no 2025 figure yet; 94.5%
    (2024), 0.5 pp short of the goal (≥95% by 2025)'); `name` is the indicator's name, for
    the message of a baseline without a value.
    """
    text = _reason(result, unit, lang, name)
    if result.awaited_year is None:
        return text
    return message("awaiting", lang, year=result.awaited_year) + message("then", lang) + text


def _reason(result: TargetResult, unit: str, lang: Lang, name: str) -> str:
    aim = goal(result, unit, lang)
    latest = figure_with_year(result.latest, unit)
    rule, say = kinds.rule(result.kind), phrases(unit, lang)
    status = result.status
    if status is Status.NO_DATA:
        if result.past_deadline_without_figure:
            return message("reason.no_figure_past_deadline", lang, by=result.by, goal=aim)
        return message("reason.no_figure_yet", lang, aim=aim)
    if status is Status.PENDING:
        return message("reason.not_done_yet", lang, by=result.by)
    if status is Status.INDETERMINATE:
        missing = baseline_missing(result, name, lang)
        if missing is not None:
            return message("reason.with_goal", lang, text=missing, goal=aim)
        own = rule.reason_undecided(result, say)
        if own is not None:
            return own
        if is_conflicting(result.latest):
            assert result.latest is not None
            sources = message("reason.conflict_sources", lang).join(result.sources)
            return message("reason.conflict", lang, year=result.latest.year_text, sources=sources, aim=aim)
        return message("reason.cannot_decide", lang, latest=latest, aim=aim)
    if status is Status.ACHIEVED:
        return message("reason.meets", lang, latest=latest, aim=aim)
    if status is Status.MISSED:
        own = rule.missed(result, say, aim)
        if own is not None:
            return own
        short = result.shortfall
        if short is not None and short > 0:
            gap = amount(short, unit, lang)
            return message(
                "reason.over_by" if result.is_cap else "reason.short_by", lang, latest=latest, gap=gap, aim=aim
            )
        return message("reason.falls_short", lang, latest=latest, aim=aim)
    own = rule.reason_on_the_way(result, say, aim, latest)
    if own is not None:
        return own
    parts = [f"R = {ratio(result.ratio)}", latest]
    if status is Status.REGRESSING:
        parts.append(message("reason.moving_away", lang))
    more = needed(result, unit, lang, aim)
    if more:
        parts.append(more)
    return message("reason.parts", lang).join(parts)


SOURCE_KEYS_FIRST = ("title", "publisher", "doc_no")
NEEDS_ATTENTION = (Status.MISSED, Status.REGRESSING, Status.OFF_TRACK)


def source_items(plan: PlanResult) -> list[tuple[str | None, str]]:
    """A plan's source as (key, value), the title, publisher and document number first with no
    key shown (None), then the other keys as written; empty values left out. Not escaped."""
    source = plan.source or {}
    keys = [k for k in SOURCE_KEYS_FIRST if k in source] + [k for k in source if k not in SOURCE_KEYS_FIRST]
    return [
        (None if key in SOURCE_KEYS_FIRST else str(key), str(source[key]))
        for key in keys
        if source[key] is not None and source[key] != ""
    ]


def attention(result: TargetResult, evaluation: Evaluation, lang: Lang) -> tuple[str, str]:
    """A target that needs attention (NEEDS_ATTENTION): its label (status, and provisional) and what
    it needs or why. Not escaped."""
    unit = unit_of(evaluation.indicators, result.indicator)
    name = indicator_name(evaluation.indicators, result.indicator, lang)
    what = needed(result, unit, lang) or reason(result, unit, lang, name)
    label = status_label(result.status, lang)
    waiting = awaiting(result, unit, lang)
    if waiting is not None:
        label += message("and_list", lang) + message("provisional", lang)
        what = waiting + message("then", lang) + what
    return label, what


def above_text(above: Above, evaluation: Evaluation, lang: Lang) -> str:
    """The goal above a target and its status, for beside the target: 'above: ≥90% by 2025, achieved'
    (with the plan's id when the goal is not the parent's own)."""
    result = above.result
    aim = goal(result, unit_of(evaluation.indicators, result.indicator), lang)
    status = status_label(result.status, lang)
    if above.from_parent:
        return message("above.goal", lang, goal=aim, status=status)
    return message("above.goal_far", lang, plan=result.plan_id, goal=aim, status=status)


def parent_of(plan_targets: list[str], above: Mapping[str, Above]) -> str | None:
    """The parent plan of a plan whose targets (keys) have goals above, or None when none has."""
    return next((above[key].parent for key in plan_targets if key in above), None)
