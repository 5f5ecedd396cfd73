"""The results model: what the engine found, which every renderer only reads.

Like coverage.py's `results.py`: plain frozen dataclasses with derived properties, no I/O,
no formatting. Renderers (`tracker.render.*`) turn an `Evaluation` into text. Underneath,
the engine's answer is `ResultColumns` (one array per field, every target); a plan's
`TargetResult` records are built from it when a renderer first reads them.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from tracker import kinds
from tracker.bands import STATUS_ORDER
from tracker.models import Indicator, Status

if TYPE_CHECKING:
    from tracker.changes import Changes
    from tracker.plans import TargetSpec


@dataclass(frozen=True)
class Figure:
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


class FigureSource(Protocol):
    """Where `ResultColumns` finds each target's latest figure and sources (the engine's `_Figures`)."""

    def latest(self, i: int) -> Figure | None:
        """The figure target `i` shows (None: no figure)."""

    def latest_at(self, positions: np.ndarray) -> list[Figure | None]:
        """`latest` of each of `positions`, reading the actuals only at those."""

    def sources(self, i: int) -> tuple[str, ...]:
        """The sources of target `i`'s figure."""


class ResultColumns:
    """Every target's result, column by column, in plan order: what the engine computes.

    Renderers read `TargetResult` records; they are built from these columns when asked
    for: `record(i)` for a renderer that reads every target (the columns are turned into
    Python lists once), `records(positions)` for a few (`tracker check` reads the 114,000
    statuses of a national tracker as one array and builds only the records that fail).
    Numbers are numpy arrays (NaN where a record says None).
    """

    def __init__(
        self,
        specs: Sequence[TargetSpec],
        regions: Sequence[str],
        files: Sequence[str],
        as_of: int,
        status: np.ndarray,
        ratio: np.ndarray,
        final: np.ndarray,
        progress: np.ndarray,
        time_share: np.ndarray,
        points: np.ndarray,
        failed_years: np.ndarray,
        first_failed: np.ndarray,
        baseline_value: np.ndarray,
        binding: np.ndarray,
        figures: FigureSource,
        series: Mapping[int, tuple[tuple[int, float], ...]] | None = None,
    ) -> None:
        self.specs, self.regions, self.files, self.as_of = specs, regions, files, as_of
        self.status = status  # positions in STATUS_ORDER
        self.binding = binding
        self.ratio, self.final, self.progress, self.time_share = ratio, final, progress, time_share
        self.points, self.baseline_value = points, baseline_value
        self.failed_years, self.first_failed = failed_years, first_failed
        self._figures = figures
        self.series: Mapping[int, tuple[tuple[int, float], ...]] = series or {}

    def __len__(self) -> int:
        return len(self.status)

    def counts(self, start: int, stop: int) -> Counter[Status]:
        """Targets per status among positions start to stop."""
        found = np.bincount(self.status[start:stop], minlength=len(STATUS_ORDER))
        return Counter({status: int(n) for status, n in zip(STATUS_ORDER, found.tolist(), strict=True) if n})

    def with_series(self, series: Mapping[int, tuple[tuple[int, float], ...]]) -> ResultColumns:
        """The same results with a chart series for the targets in `series` (by position)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__, series=series)
        return copy

    def _lists(self, at: np.ndarray | slice) -> tuple[list[Any], ...]:
        """The numbers and statuses at `at` as Python lists, as records hold them."""
        status = [STATUS_ORDER[s] for s in self.status[at].tolist()]
        numbers = [
            _optional(column[at]) for column in (self.ratio, self.baseline_value, self.progress, self.time_share)
        ]
        failed = (self.failed_years[at].tolist(), self.first_failed[at].tolist())
        return (status, self.final[at].tolist(), self.points[at].tolist(), *failed, *numbers)

    @functools.cached_property
    def _values(self) -> tuple[list[Any], ...]:
        """Every target's `_lists` (indexing numpy arrays one by one is slow)."""
        return self._lists(slice(None))

    def record(self, i: int) -> TargetResult:
        """The result of the target at position `i`."""
        return self._record(i, self._values, i, self._figures.latest(i))

    def records(self, positions: Sequence[int]) -> list[TargetResult]:
        """The results of the targets at `positions`, taking from the columns only what they need."""
        at = np.asarray(positions, dtype=np.int64)
        values, latest = self._lists(at), self._figures.latest_at(at)
        return [self._record(i, values, k, latest[k]) for k, i in enumerate(positions)]

    def _record(self, i: int, values: tuple[list[Any], ...], k: int, latest: Figure | None) -> TargetResult:
        """The record of target `i`, whose numbers are entry `k` of `values`."""
        (
            plan_id,
            target_id,
            indicator,
            kind,
            op,
            value,
            step,
            text,
            by,
            baseline_year,
            _,
            binding,
            quote,
            line,
            better,
        ) = self.specs[i]
        status, final, points, failed_years, first_failed, ratio, baseline_value, progress, time_share = values
        return built(
            TargetResult,
            plan_id=plan_id,
            target_id=target_id,
            indicator=indicator,
            region=self.regions[i],
            kind=kind,
            status=status[k],
            ratio=ratio[k],
            final=final[k],
            latest=latest,
            op=op,
            target_value=value,
            target_step=step,
            target_text=text,
            by=by,
            binding=binding,
            baseline_year=baseline_year,
            baseline_value=baseline_value[k],
            sources=self._figures.sources(i),
            quote=quote,
            file=self.files[i],
            line=line,
            progress=progress[k],
            time_share=time_share[k],
            points=points[k],
            as_of=self.as_of,
            series=self.series.get(i, ()),
            better=better,
            failed_years=failed_years[k],
            first_failed=first_failed[k] or None,
        )


_Frozen = TypeVar("_Frozen")


def built(cls: type[_Frozen], **fields: Any) -> _Frozen:
    """`cls(**fields)` for a frozen dataclass given every field, without its per-field __init__.

    A frozen dataclass sets each field through object.__setattr__; a national report builds
    114,000 results, and this is what their __init__ would build (tests/test_engine.py
    checks that the two agree).
    """
    made = object.__new__(cls)
    object.__setattr__(made, "__dict__", fields)  # the keyword arguments' own dict, not a copy
    return made


def _optional(values: np.ndarray) -> list[float | None]:
    """A float column as Python floats, NaN as None."""
    boxed: np.ndarray = values.astype(object)
    boxed[np.isnan(values)] = None
    return boxed.tolist()  # type: ignore[no-any-return]


def number_or_none(value: float) -> float | None:
    """A float of a results column as a record holds it: NaN is None."""
    return None if value != value else float(value)  # NaN is the only value unequal to itself


class RecordColumns(ResultColumns):
    """Columns over ready-made records, for results put together by hand (tests, other tools)."""

    def __init__(self, records: Sequence[TargetResult]) -> None:
        from tracker.plans import TargetSpec

        self.given = tuple(records)
        self.as_of = self.given[0].as_of if self.given else 0
        self.specs = [
            TargetSpec(
                r.plan_id, r.target_id, r.indicator, r.kind, r.op, r.target_value, r.target_step, r.target_text,
                r.by, r.baseline_year, r.baseline_value, r.binding, r.quote, r.line, r.better,
            )
            for r in self.given
        ]  # fmt: skip
        self.status = np.array([STATUS_ORDER.index(r.status) for r in self.given], dtype=np.int8)
        self.binding = np.array([r.binding for r in self.given], dtype=bool)
        self.baseline_value = np.array([np.nan if r.baseline_value is None else r.baseline_value for r in self.given])
        self.series = {}

    def record(self, i: int) -> TargetResult:
        record = self.given[i]
        return dataclasses.replace(record, series=self.series[i]) if i in self.series else record

    def records(self, positions: Sequence[int]) -> list[TargetResult]:
        return [self.record(i) for i in positions]


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
    columns: ResultColumns
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
    """What `status` and `report` show: an evaluation and, with --since, what changed since an
    earlier JSON document (the view their formats render, `tracker.render`)."""

    evaluation: Evaluation
    changes: Changes | None = None
