"""The results model: what the engine found, which every renderer only reads.

Like coverage.py's `results.py`: plain frozen dataclasses with derived properties, no I/O,
no formatting. Renderers (`tracker.render.*`) turn an `Evaluation` into text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tracker.models import Indicator, Kind, Status

STATUS_ORDER = tuple(Status)

# The bands of R (README, "Status rules"); a ratio is rounded to DECIMALS before banding.
ON_TRACK_AT = 0.95
BEHIND_AT = 0.5
OFF_TRACK_AT = -0.1
DECIMALS = 9


def band_of(ratio: float) -> Status:
    """The status band of one ratio R."""
    r = round(ratio, DECIMALS)
    if r >= ON_TRACK_AT:
        return Status.ON_TRACK
    if r >= BEHIND_AT:
        return Status.BEHIND
    if r >= OFF_TRACK_AT:
        return Status.OFF_TRACK
    return Status.REGRESSING


@dataclass(frozen=True)
class Figure:
    """A reported figure (or, for cumulative targets, the sum of several)."""

    year: int
    year_start: int
    value: float
    qualifier: str
    written: str
    lo: float
    hi: float

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year_start == self.year else f"{self.year_start}-{self.year}"

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi


@dataclass(frozen=True)
class TargetResult:
    """The status of one target at the evaluation year, and the numbers behind it.

    `series` is (year, value) of the baseline and the figures after it, for charts; it is
    empty unless `tracker.series.with_series` filled it (only `report` needs it).
    """

    plan_id: str
    target_id: str
    indicator: str
    region: str
    kind: Kind
    status: Status
    ratio: float | None
    final: bool
    latest: Figure | None
    op: str | None
    target_value: float | None
    target_step: float | None
    target_text: str
    by: int
    binding: bool
    baseline_year: int | None
    baseline_value: float | None
    sources: tuple[str, ...]
    quote: str
    file: str
    line: int
    progress: float | None = None
    time_share: float | None = None
    points: int = 0
    as_of: int = 0
    series: tuple[tuple[int, float], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.plan_id}/{self.target_id}"

    @property
    def judged_on_earlier_figure(self) -> bool:
        """Past the deadline without a figure for the deadline year: the latest earlier one decided."""
        gap_kinds = (Kind.LEVEL, Kind.CHANGE, Kind.MAINTAIN)
        return self.kind in gap_kinds and self.latest is not None and self.latest.year < self.by < self.as_of

    @property
    def ratio_bounds(self) -> tuple[float, float] | None:
        """R at both ends of the latest figure's interval (level, change, cumulative)."""
        if self.latest is None or not self.time_share or self.target_value is None:
            return None
        if self.kind is Kind.CUMULATIVE:
            start, whole, shift = 0.0, self.target_value, 0.0
        elif self.baseline_value is None:
            return None
        elif self.kind is Kind.CHANGE:
            start, whole, shift = 0.0, self.target_value, self.baseline_value
        else:
            start, whole, shift = self.baseline_value, self.target_value - self.baseline_value, 0.0
        if whole == 0:
            return None
        ends = [(end - shift - start) / whole / self.time_share for end in (self.latest.lo, self.latest.hi)]
        return min(ends), max(ends)

    @property
    def pace_needed(self) -> float | None:
        """Yearly change still needed from the latest value to reach the target by the deadline."""
        if self.kind not in (Kind.LEVEL, Kind.CHANGE) or self.latest is None or self.target_value is None:
            return None
        years_left = self.by - self.latest.year
        if years_left <= 0:
            return None
        if self.kind is Kind.CHANGE:
            if self.baseline_value is None:
                return None
            return (self.baseline_value + self.target_value - self.latest.value) / years_left
        return (self.target_value - self.latest.value) / years_left

    @property
    def measured(self) -> float | None:
        """What the target compares: the latest value, its change from the baseline, or the sum so far."""
        if self.latest is None or self.kind is Kind.MILESTONE:
            return None
        if self.kind is Kind.CHANGE:
            return None if self.baseline_value is None else self.latest.value - self.baseline_value
        return self.latest.value

    @property
    def shortfall(self) -> float | None:
        """How far `measured` is from meeting the target (> 0: short of it), for messages; None if unknown."""
        measured = self.measured
        if measured is None or self.target_value is None:
            return None
        if self.op in (">=", ">"):
            return self.target_value - measured
        if self.op in ("<=", "<"):
            return measured - self.target_value
        return abs(measured - self.target_value)

    @property
    def flow_needed(self) -> float | None:
        """Cumulative targets: the amount still to add each year from the latest figure to the deadline."""
        if self.kind is not Kind.CUMULATIVE or self.latest is None or self.target_value is None:
            return None
        years_left = self.by - self.latest.year
        if years_left <= 0:
            return None
        return (self.target_value - self.latest.value) / years_left


@dataclass(frozen=True)
class PlanResult:
    """One plan and the results of its targets, in the order the plan lists them."""

    id: str
    title: str
    title_en: str | None
    region: str
    period_start: int
    period_end: int
    file: str
    source: dict[str, Any] = field(default_factory=dict)
    fail_on: tuple[Status, ...] | None = None
    targets: tuple[TargetResult, ...] = ()

    @property
    def counts(self) -> dict[Status, int]:
        """Targets per status, in the canonical status order, zeros left out."""
        counted = Counter(t.status for t in self.targets)
        return {status: counted[status] for status in STATUS_ORDER if counted[status]}


@dataclass(frozen=True)
class Evaluation:
    """Every plan's results at one evaluation year."""

    as_of: int
    plans: tuple[PlanResult, ...]
    indicators: dict[str, Indicator] = field(default_factory=dict)

    @property
    def targets(self) -> tuple[TargetResult, ...]:
        return tuple(t for plan in self.plans for t in plan.targets)

    @property
    def counts(self) -> dict[Status, int]:
        counted = Counter(t.status for t in self.targets)
        return {status: counted[status] for status in STATUS_ORDER if counted[status]}

    def target(self, key: str) -> TargetResult | None:
        for result in self.targets:
            if result.key == key:
                return result
        return None
