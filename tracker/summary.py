"""The summary of many plans: what `tracker report` writes instead of a section per plan when a
data root holds more plans than a threshold (docs/reports.md, "The summary report").

A read model, like `tracker.results`: counts, statuses and the results of a few targets,
never a word. Each format renders it (`tracker.render.FORMATS["summary"]`: Markdown here,
HTML elsewhere), and only reads it:

- `Summary.indicators`: per indicator, targets per status across plans and the regions
  furthest behind (`IndicatorSummary`);
- `Summary.parents`: per plan with children, its children's targets per status (`ParentSummary`);
- `Summary.changes`: with `--since`, the changes since the previous report counted, the
  largest status changes listed (`ChangeSummary`);
- `Summary.grid`: a region by indicator table of statuses for the regions furthest behind (`Grid`).

"Worst" is `tracker.bands.WORST_FIRST` (missed first, then regressing, off track, behind, on
track, achieved, then the statuses without a judgement), and R from lowest within a status.
Everything is computed from the results' columns (`tracker.results.ResultStore`), so a
national evaluation is summed with arrays; records are built only for the targets listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tracker.bands import STATUS_ORDER, WORST_FIRST, WORST_RANK
from tracker.models import Status
from tracker.results import Evaluation, PlanResult, ResultStore, TargetResult, status_counts

if TYPE_CHECKING:
    from tracker.above import Above
    from tracker.changes import Changes
    from tracker.hierarchy import Hierarchy

# How many regions each indicator lists as furthest behind.
FURTHEST_BEHIND = 5
# How many regions the region by indicator table shows at most (the worst).
GRID_REGIONS = 50
DETAIL_FOLDER = "plans"  # `report --detail` writes each plan's page there, beside the summary
# What ranks a region as further behind in the grid, by weight: its counts of these, in order.
FURTHEST_BEHIND_BY = (Status.MISSED, Status.REGRESSING, Status.OFF_TRACK, Status.BEHIND, Status.NO_DATA)
# How many indicators the region by indicator table has at most (those with the most targets).
GRID_INDICATORS = 20
# How many of the changes since the previous report are listed (the largest).
LARGEST_CHANGES = 50
# Where a status stands for ranking the changes since the previous report: the judged statuses
# from missed (0) to achieved (5), pending beside on track (nothing is wrong yet). A change from
# or to indeterminate or no data moves no measurable distance: counted, listed after the others.
CHANGE_STANDING = {
    Status.MISSED: 0,
    Status.REGRESSING: 1,
    Status.OFF_TRACK: 2,
    Status.BEHIND: 3,
    Status.ON_TRACK: 4,
    Status.PENDING: 4,
    Status.ACHIEVED: 5,
}
# The statuses a target is "behind" in: worse than on track (WORST_FIRST up to on track).
BEHIND_STATUSES = WORST_FIRST[: WORST_FIRST.index(Status.ON_TRACK)]


@dataclass(frozen=True)
class IndicatorSummary:
    """One indicator across every plan: how many plans set a target on it, their targets per
    status (canonical order, zeros left out), and the regions furthest behind on it.

    `furthest_behind`: a target per region (the region's worst on the indicator), at most
    FURTHEST_BEHIND, worst first; only targets in BEHIND_STATUSES, so it may be empty.
    """

    indicator: str
    plans: int
    targets: int
    counts: dict[Status, int]
    furthest_behind: tuple[TargetResult, ...]


@dataclass(frozen=True)
class ParentSummary:
    """A plan that other plans carry out (`parent:`): its children (their ids, in the order
    read) and their targets per status, together."""

    plan: PlanResult
    children: tuple[str, ...]
    counts: dict[Status, int]

    @property
    def targets(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RankedChange:
    """A status that changed since the previous report. `steps`: how far it moved on
    CHANGE_STANDING, positive when it got worse (on track -> missed is 4), negative when
    better, 0 from or to a status without a standing (indeterminate, no data)."""

    key: str
    region: str
    indicator: str
    before: Status
    after: Status
    steps: int


@dataclass(frozen=True)
class ChangeSummary:
    """The changes since the previous report (`report --since`), counted; `largest`: the
    status changes that moved furthest (at most LARGEST_CHANGES; worse before better at
    equal size, then in target order)."""

    previous_as_of: int
    status_changes: int
    worse: int
    better: int
    new_figures: int
    added: int
    removed: int
    largest: tuple[RankedChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.status_changes or self.new_figures or self.added or self.removed)


@dataclass(frozen=True)
class Grid:
    """Statuses by region and indicator for the regions furthest behind.

    `regions`: at most GRID_REGIONS, worst first (most targets missed, then regressing, and so
    on down WORST_FIRST; then by name); `indicators`: the columns, the first GRID_INDICATORS
    of `Summary.indicators` (those with the most targets); `cells[r][i]`: the worst status of
    region r's targets on indicator i, None where it has none. `regions_total`: how many
    regions have targets at all; `indicators_total`: how many indicators.
    """

    regions: tuple[str, ...]
    indicators: tuple[str, ...]
    cells: tuple[tuple[Status | None, ...], ...]
    regions_total: int
    indicators_total: int


@dataclass(frozen=True)
class Summary:
    """The whole summary of an evaluation (see the module); `evaluation` for names and titles
    (its results have chart series only when detail pages are asked for)."""

    evaluation: Evaluation
    counts: dict[Status, int]
    indicators: tuple[IndicatorSummary, ...]
    parents: tuple[ParentSummary, ...]
    grid: Grid
    changes: ChangeSummary | None = None
    detail: bool = False  # whether a page per plan goes with it (`report --detail`)
    # With `detail`: the goal above each target of a plan with a parent, for the pages (`tracker.above`).
    above: Mapping[str, Above] = field(default_factory=dict)
    threshold: int = 30  # the number of plans above which the report is this summary

    @property
    def as_of(self) -> int:
        return self.evaluation.as_of

    @property
    def plans(self) -> int:
        return len(self.evaluation.plans)

    @property
    def targets(self) -> int:
        return self.evaluation.target_count


class _Flat:
    """Every target of an evaluation as flat arrays: its plan, store position, status, rank, R,
    indicator and region (codes into `indicator_ids` and `region_names`)."""

    def __init__(self, evaluation: Evaluation) -> None:
        plans = evaluation.plans
        sizes = [plan.size for plan in plans]
        self.plan: np.ndarray = np.repeat(np.arange(len(plans), dtype=np.int64), sizes)
        self.position = np.concatenate([np.arange(p.first, p.first + p.size) for p in plans] or [np.zeros(0, int)])
        self.status = np.concatenate(
            [np.asarray(p.columns.status[p.first : p.first + p.size], dtype=np.int64) for p in plans]
            or [np.zeros(0, np.int64)]
        )
        rank_of = np.array([WORST_RANK[status] for status in STATUS_ORDER], dtype=np.int64)
        self.rank = rank_of[self.status]
        ratio = np.concatenate(
            [np.asarray(p.columns.ratio[p.first : p.first + p.size], dtype=float) for p in plans] or [np.zeros(0)]
        )
        self.ratio = np.where(np.isnan(ratio), np.inf, ratio)  # no R: after every R of its status
        indicators = [spec.indicator for p in plans for spec in p.columns.specs[p.first : p.first + p.size]]
        names, self.indicator = np.unique(np.array(indicators, dtype=object), return_inverse=True)
        self.indicator_ids: list[str] = [str(name) for name in names]
        regions, region_code = np.unique(np.array([p.region for p in plans], dtype=object), return_inverse=True)
        self.region_names: list[str] = [str(name) for name in regions]
        self.region = np.asarray(region_code, dtype=np.int64)[self.plan] if len(plans) else np.zeros(0, np.int64)
        self.plans = plans

    def records(self, rows: list[int]) -> list[TargetResult]:
        """The results of the targets at flat `rows`, in that order."""
        by_store: dict[int, tuple[ResultStore, list[int]]] = {}
        for row in rows:
            store = self.plans[int(self.plan[row])].columns
            by_store.setdefault(id(store), (store, []))[1].append(row)
        found: dict[int, TargetResult] = {}
        for store, wanted in by_store.values():
            made = store.records([int(self.position[row]) for row in wanted])
            found.update(zip(wanted, made, strict=True))
        return [found[row] for row in rows]


def summarize(
    evaluation: Evaluation,
    hierarchy: Hierarchy | None = None,
    changes: Changes | None = None,
    detail: bool = False,
    threshold: int = 30,
    above: Mapping[str, Above] | None = None,
) -> Summary:
    """The summary of `evaluation` (see the module); `hierarchy` gives the parents' children,
    `changes` (from `tracker.changes.diff`) the changes since the previous report."""
    flat = _Flat(evaluation)
    indicators = _indicators(flat)
    return Summary(
        evaluation=evaluation,
        counts=evaluation.counts,
        indicators=indicators,
        parents=_parents(evaluation, hierarchy),
        grid=_grid(flat, [summary.indicator for summary in indicators]),
        changes=None if changes is None else _changes(evaluation, changes),
        detail=detail,
        threshold=threshold,
        above=above or {},
    )


def _indicators(flat: _Flat) -> tuple[IndicatorSummary, ...]:
    """Per indicator: counts and the regions furthest behind; the indicator with most targets first."""
    width = len(STATUS_ORDER)
    count = len(flat.indicator_ids)
    by_status = np.bincount(flat.indicator * width + flat.status, minlength=count * width).reshape(count, width)
    plan_pairs = np.unique(flat.indicator * max(len(flat.plans), 1) + flat.plan)
    plans = np.bincount(plan_pairs // max(len(flat.plans), 1), minlength=count)
    # Worst first within each indicator: rank, then R, then plan order.
    order = np.lexsort((np.arange(len(flat.rank)), flat.ratio, flat.rank, flat.indicator))
    behind_rank = len(BEHIND_STATUSES)
    chosen: dict[int, list[int]] = {}
    starts: list[int] = np.asarray(np.searchsorted(flat.indicator[order], np.arange(count))).tolist()
    stops: list[int] = np.asarray(np.searchsorted(flat.indicator[order], np.arange(count), side="right")).tolist()
    ranks, regions = flat.rank.tolist(), flat.region.tolist()
    for code in range(count):
        rows: list[int] = []
        seen: set[int] = set()
        for row in order[starts[code] : stops[code]].tolist():
            if ranks[row] >= behind_rank or len(rows) == FURTHEST_BEHIND:
                break
            region = regions[row]
            if region not in seen:
                seen.add(region)
                rows.append(row)
        chosen[code] = rows
    wanted = [row for rows in chosen.values() for row in rows]
    records = dict(zip(wanted, flat.records(wanted), strict=True))
    summaries = []
    for code, name in enumerate(flat.indicator_ids):
        counted = Counter({status: int(n) for status, n in zip(STATUS_ORDER, by_status[code].tolist(), strict=True)})
        summaries.append(
            IndicatorSummary(
                indicator=name,
                plans=int(plans[code]),
                targets=int(by_status[code].sum()),
                counts=status_counts(counted),
                furthest_behind=tuple(records[row] for row in chosen[code]),
            )
        )
    return tuple(sorted(summaries, key=lambda s: (-s.targets, s.indicator)))


def _parents(evaluation: Evaluation, hierarchy: Hierarchy | None) -> tuple[ParentSummary, ...]:
    """Every plan of the evaluation with children in it, with their targets per status."""
    if hierarchy is None:
        return ()
    by_id = {plan.id: plan for plan in evaluation.plans}
    found = []
    for plan in evaluation.plans:
        children = [by_id[spec.id] for spec in hierarchy.children(plan.id) if spec.id in by_id]
        if not children:
            continue
        total: Counter[Status] = Counter()
        for child in children:
            total.update(child.columns.counts(child.first, child.first + child.size))
        found.append(ParentSummary(plan, tuple(child.id for child in children), status_counts(total)))
    return tuple(found)


def _grid(flat: _Flat, indicators: list[str]) -> Grid:
    """The region by indicator table of the GRID_REGIONS regions furthest behind."""
    ranks = len(WORST_FIRST)
    regions = len(flat.region_names)
    with_targets = np.unique(flat.region)
    per_rank = np.bincount(flat.region * ranks + flat.rank, minlength=regions * ranks).reshape(regions, ranks)
    names = np.array(flat.region_names, dtype=object)
    # np.lexsort sorts by its last key first: the most missed, then the most regressing, off
    # track and behind, then the most without a figure, then by name. Targets on track or
    # achieved never rank a region as further behind.
    keys = [np.argsort(np.argsort(names, kind="stable"), kind="stable")]
    keys += [-per_rank[:, WORST_RANK[status]] for status in reversed(FURTHEST_BEHIND_BY)]
    has_targets = set(with_targets.tolist())
    order = [int(r) for r in np.lexsort(keys).tolist() if r in has_targets][:GRID_REGIONS]
    columns = indicators[:GRID_INDICATORS]
    column = {name: i for i, name in enumerate(columns)}
    code_column = np.array([column.get(name, len(columns)) for name in flat.indicator_ids], dtype=np.int64)
    worst: np.ndarray = np.full((regions, len(columns) + 1), ranks, dtype=np.int64)  # the last column: the others
    np.minimum.at(worst, (flat.region, code_column[flat.indicator]), flat.rank)
    cells = tuple(
        tuple(None if rank == ranks else WORST_FIRST[rank] for rank in worst[region, :-1].tolist()) for region in order
    )
    regions_shown = tuple(flat.region_names[r] for r in order)
    return Grid(regions_shown, tuple(columns), cells, len(with_targets), len(indicators))


def _changes(evaluation: Evaluation, changes: Changes) -> ChangeSummary:
    """The changes counted, and the LARGEST_CHANGES status changes that moved furthest."""
    ranked = []
    for order, change in enumerate(changes.statuses):
        try:
            before, after = Status(change.before), Status(change.after)
        except ValueError:  # a status this version does not know: counted, not ranked
            continue
        if before in CHANGE_STANDING and after in CHANGE_STANDING:
            steps = CHANGE_STANDING[before] - CHANGE_STANDING[after]
        else:
            steps = 0
        ranked.append((order, change.key, before, after, steps))
    ranked.sort(key=lambda item: (-abs(item[4]), item[4] < 0, item[0]))  # the furthest, worse first
    places = _places(evaluation, [item[1] for item in ranked[:LARGEST_CHANGES]])
    largest = tuple(
        RankedChange(key, *places.get(key, ("", "")), before, after, steps)
        for _, key, before, after, steps in ranked[:LARGEST_CHANGES]
    )
    worse = sum(item[4] > 0 for item in ranked)
    better = sum(item[4] < 0 for item in ranked)
    return ChangeSummary(
        previous_as_of=changes.previous_as_of,
        status_changes=len(changes.statuses),
        worse=worse,
        better=better,
        new_figures=len(changes.figures),
        added=len(changes.added),
        removed=len(changes.removed),
        largest=largest,
    )


def _places(evaluation: Evaluation, keys: list[str]) -> dict[str, tuple[str, str]]:
    """The region and indicator of each target `keys` names (PLAN/TARGET) that is in `evaluation`."""
    by_id = {plan.id: plan for plan in evaluation.plans}
    found = {}
    for key in keys:
        plan_id, _, target_id = key.partition("/")
        plan = by_id.get(plan_id)
        if plan is None:
            continue
        for position in plan.positions:
            spec = plan.columns.specs[position]
            if spec.id == target_id:
                found[key] = (plan.region, spec.indicator)
                break
    return found
