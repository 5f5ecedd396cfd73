"""What a chart of one target is drawn from: plain values in the indicator's own units.

Renderers build a `ChartInput` from the results model; the chart rules (`tracker.charts.spec`)
never look at anything else, so they can be tested with hand-made inputs.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass

from tracker.messages import Lang
from tracker.models import Kind
from tracker.numbers import canonical_number


class Scale(enum.StrEnum):
    """What the numbers measure, which decides where the y axis may start (docs/charts.md)."""

    AMOUNT = "amount"  # counts, money, people, schools: the axis starts at zero
    PERCENT = "percent"  # a rate in percent, on a scale of 0 to 100
    RATE = "rate"  # another ratio (pupils per teacher, years of schooling): no natural full scale


class Better(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


@dataclass(frozen=True)
class ChartFigure:
    """A reported figure for one year (or the total of a span ending in `year`).

    [lo, hi] is its interval (README, "Qualifiers"): equal for an exact figure, infinite at an
    open-ended side (超88% is lo=88, hi=inf, lo_open). For a `conflict` (reports for the year
    that contradict each other) lo and hi are the two ends the reports disagree between, in
    either order. `written` is the figure as the document wrote it (超88%, 约10.6).
    """

    year: int
    value: float
    lo: float
    hi: float
    qualifier: str = "="
    written: str = ""
    lo_open: bool = False
    hi_open: bool = False
    conflict: bool = False
    year_start: int | None = None  # a span 2021-2023 (a total over years) starts here

    @property
    def first_year(self) -> int:
        return self.year if self.year_start is None else self.year_start

    @property
    def is_span(self) -> bool:
        return self.first_year != self.year

    @property
    def is_exact(self) -> bool:
        return not self.conflict and self.lo == self.hi


@dataclass(frozen=True)
class ChartGoal:
    """The target: `op value by deadline`. For a change target `value` is the change (-15)."""

    op: str  # >=, >, <=, <, ==, ~
    value: float
    by: int
    text: str = ""  # the goal as the reports word it (≥90% by 2025); default: op and value


@dataclass(frozen=True)
class ChartTrend:
    """The least-squares line `tracker explain` fits: its slope per year and its value at the deadline.

    `from_year` is the first year it was fitted to (the first of `Explanation.points`).
    """

    from_year: int
    slope: float
    at_deadline: float

    def at(self, year: float, deadline: int) -> float:
        return self.at_deadline - self.slope * (deadline - year)


def plain_number(value: float, scale: Scale) -> str:
    """The default label of a number: 95, 10.8, 1,030,000; '%' on a percent scale."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{int(round(value)):,}" if abs(value) >= 10_000 and value == round(value) else canonical_number(value)
    return text + ("%" if scale is Scale.PERCENT else "")


@dataclass(frozen=True)
class ChartInput:
    """Everything one target's chart shows.

    `indicator` and `unit` are display texts in `lang` (学前教育毛入园率, %, 所). `figures` are
    the reported figures up to the as-of year, each year once (yearly flows for a cumulative
    target: the chart adds them up). `baseline` is (year, value); a cumulative target starts
    from 0 the year before `period_start` instead. `number` formats a value for labels; pass
    the report's own rule so that charts and tables write numbers alike.
    """

    indicator: str
    unit: str
    scale: Scale
    kind: Kind
    figures: tuple[ChartFigure, ...]
    goal: ChartGoal | None
    as_of: int
    period_start: int
    baseline: tuple[int, float] | None = None
    better: Better = Better.HIGHER
    trend: ChartTrend | None = None
    lang: Lang = "zh"
    number: Callable[[float], str] | None = None

    def label(self, value: float) -> str:
        return self.number(value) if self.number is not None else plain_number(value, self.scale)
