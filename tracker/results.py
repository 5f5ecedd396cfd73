"""The results model: what the engine found, which every renderer only reads.

Like coverage.py's `results.py`: plain immutable records with derived properties, no I/O, no
formatting. `Evaluation` holds a `PlanResult` per plan; a plan's `TargetResult` records come
from its store of results (`ResultStore`, the engine's `tracker.columns.ResultColumns`),
built when a renderer first reads them. `Report` is the view `status` and `report` render.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from tracker import kinds
from tracker.bands import STATUS_ORDER
from tracker.models import Indicator, Status

if TYPE_CHECKING:
    from tracker.above import Above
    from tracker.changes import Changes
    from tracker.plans import TargetSpec


class Figure(NamedTuple):
    """A reported figure (or, for cumulative targets, the sum of several).

    [lo, hi] is its interval (README, "Qualifiers"), open at an end when `lo_open` or
    `hi_open`; `conflict`: figures for the same year that contradict each other were merged
    into it (their intersection is empty, so the interval means nothing).
    """

    year: int
    year_start: int
    value: float
    qualifier: str
    written: str
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    conflict: bool = False

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year_start == self.year else f"{self.year_start}-{self.year}"

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi


class TargetResult(NamedTuple):
    """The status of one target at the evaluation year, and the numbers behind it.

    `series` is (year, value) of the figures that count over time, for charts; it is empty
    unless `tracker.series.with_series` filled it (only `report` needs it). A named tuple
    made by keyword: immutable, and quick to make for every target of a national report.
    """

    plan_id: str
    target_id: str
    indicator: str
    region: str
    kind: str  # the kind's id (`tracker.kinds`)
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
    better: str = "higher"  # the indicator's direction (how `~` reads)
    failed_years: int = 0  # maintain: years whose figure certainly fell short, and the first of them
    first_failed: int | None = None

    @property
    def key(self) -> str:
        return f"{self.plan_id}/{self.target_id}"

    @property
    def judged_on_earlier_figure(self) -> bool:
        """Past the deadline without a figure for the deadline year: the latest earlier one decided,
        and the status can still change when that figure comes (the `*` of tables)."""
        return not self.final and self.latest is not None and self.latest.year < self.by < self.as_of

    @property
    def provisional(self) -> bool:
        """Achieved or missed after the deadline on an earlier figure: final once the deadline year's
        figure (`awaited_year`) arrives (README, "Status rules")."""
        return self.as_of > self.by and not self.final and self.status in (Status.ACHIEVED, Status.MISSED)

    @property
    def awaited_year(self) -> int | None:
        """The year whose figure a provisional status waits for: the deadline year."""
        return self.by if self.provisional else None

    @property
    def past_deadline_without_figure(self) -> bool:
        """No figure at all, and the deadline has passed (`tracker check` lists these apart)."""
        return self.status is Status.NO_DATA and self.as_of > self.by

    @property
    def baseline_unknown(self) -> bool:
        """A baseline with a year but no value, given or reported: the task has no start."""
        return self.baseline_year is not None and self.baseline_value is None

    @property
    def ratio_bounds(self) -> tuple[float, float] | None:
        """R at both ends of the latest figure's interval (level, change, cumulative)."""
        return kinds.rule(self.kind).ratio_bounds(self)

    @property
    def pace_needed(self) -> float | None:
        """Yearly change still needed from the latest value to reach the target by the deadline."""
        return kinds.rule(self.kind).pace_needed(self)

    @property
    def measured(self) -> float | None:
        """What the target compares: the latest value, its change from the baseline, or the sum so far."""
        return kinds.rule(self.kind).measured(self)

    @property
    def shortfall(self) -> float | None:
        """How far `measured` is from meeting the target (> 0: short of it), for messages; None if unknown.

        `~ v` is met from v minus half a step up (better: higher), up to v plus half a step
        (lower), or within both (none); the shortfall is the distance to that.
        """
        measured = self.measured
        if measured is None or self.target_value is None:
            return None
        half = (self.target_step or 0.0) / 2 if self.op == "~" else 0.0
        compared = self.compared
        if compared in (">=", ">"):
            return self.target_value - half - measured
        if compared in ("<=", "<"):
            return measured - self.target_value - half
        return abs(measured - self.target_value) - half

    @property
    def compared(self) -> str | None:
        """The comparison the target makes: its operator, `~` read by the indicator's direction."""
        from tracker.plans import reads_as

        return reads_as(self.op, self.better)

    @property
    def is_cap(self) -> bool:
        """A target not to pass (<=, <, and ~ of an indicator whose lower is better): a shortfall
        of it is an excess."""
        return self.compared in ("<=", "<")

    @property
    def flow_needed(self) -> float | None:
        """Cumulative targets: the amount still to add each year from the latest figure to the deadline."""
        return kinds.rule(self.kind).flow_needed(self)


class ResultStore(Protocol):
    """What the read model reads of its storage: every target's result, in plan order, as
    columns (the numbers a gate or a chart reads at once) and as records (`TargetResult`).
    `tracker.columns.ResultColumns` is the engine's; `tracker.columns.RecordColumns` holds
    records made by hand."""

    as_of: int
    specs: Sequence[TargetSpec]  # each target as its plan gives it
    regions: Sequence[str]
    files: Sequence[str]
    status: np.ndarray  # positions in STATUS_ORDER
    binding: np.ndarray
    ratio: np.ndarray  # NaN: none
    final: np.ndarray
    baseline_value: np.ndarray  # NaN: none
    series: Mapping[int, tuple[tuple[int, float], ...]]  # by position, where `with_series` filled them

    def __len__(self) -> int: ...

    def counts(self, start: int, stop: int) -> Counter[Status]:
        """Targets per status among positions start to stop."""

    def record(self, i: int) -> TargetResult:
        """The result of the target at position `i`."""

    def records(self, positions: Sequence[int]) -> list[TargetResult]:
        """The results of the targets at `positions`."""

    def with_series(self, series: Mapping[int, tuple[tuple[int, float], ...]]) -> ResultStore:
        """The same results with a chart series for the targets in `series` (by position)."""


def status_counts(counted: Counter[Status]) -> dict[Status, int]:
    """Targets per status, in the canonical status order, zeros left out."""
    return {status: counted[status] for status in STATUS_ORDER if counted[status]}


@dataclass(frozen=True)
class PlanResult:
    """One plan and the results of its targets (positions `first` to `first + size` of `columns`)."""

    id: str
    title: str
    title_en: str | None
    region: str
    period_start: int
    period_end: int
    file: str
    columns: ResultStore
    first: int
    size: int
    source: dict[str, Any] = field(default_factory=dict)
    fail_on: tuple[Status, ...] | None = None
    # Regions of the actuals that nearly match this plan's (集安 for 集安市; TRK318, TRK328),
    # with how many rows each has: those rows are not read for the plan.
    near_misses: tuple[tuple[str, int], ...] = ()

    @property
    def ignored_rows(self) -> int:
        """Rows under near-miss names of this plan's region, which no target reads."""
        return sum(rows for _, rows in self.near_misses)

    @property
    def positions(self) -> range:
        return range(self.first, self.first + self.size)

    def with_targets(self, targets: Sequence[TargetResult]) -> PlanResult:
        """This plan with other results (made by hand) in place of its own."""
        from tracker.columns import RecordColumns

        return dataclasses.replace(self, columns=RecordColumns(targets), first=0, size=len(targets))

    @functools.cached_property
    def targets(self) -> tuple[TargetResult, ...]:
        """The results of the plan's targets, in the order the plan lists them."""
        return tuple(self.columns.record(i) for i in self.positions)

    @property
    def counts(self) -> dict[Status, int]:
        """Targets per status, in the canonical status order, zeros left out."""
        return status_counts(self.columns.counts(self.first, self.first + self.size))


@dataclass(frozen=True)
class Evaluation:
    """Every plan's results at one evaluation year."""

    as_of: int
    plans: tuple[PlanResult, ...]
    indicators: dict[str, Indicator] = field(default_factory=dict)

    @functools.cached_property
    def targets(self) -> tuple[TargetResult, ...]:
        return tuple(t for plan in self.plans for t in plan.targets)

    @property
    def target_count(self) -> int:
        return sum(plan.size for plan in self.plans)

    @property
    def counts(self) -> dict[Status, int]:
        total: Counter[Status] = Counter()
        for plan in self.plans:
            total.update(plan.columns.counts(plan.first, plan.first + plan.size))
        return status_counts(total)

    def target(self, key: str) -> TargetResult | None:
        for plan in self.plans:
            if key.startswith(f"{plan.id}/"):
                for result in plan.targets:
                    if result.key == key:
                        return result
        return None


@dataclass(frozen=True)
class Report:
    """What `status` and `report` show: an evaluation, with --since what changed since an
    earlier JSON document, and the goals above the targets (the view their formats render,
    `tracker.render`)."""

    evaluation: Evaluation
    changes: Changes | None = None
    # The goal above each target of a plan with a parent, by PLAN/TARGET (`tracker.above`).
    above: Mapping[str, Above] = field(default_factory=dict)
    # Every figure of each charted target's region and indicator, conflicting ones included, in
    # year order: what a chart draws (`tracker.series.chart_figures`; filled for the formats
    # that draw charts, `Renderer.draws_charts`).
    figures: Mapping[tuple[str, str], tuple[Figure, ...]] = field(default_factory=dict)
