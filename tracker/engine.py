"""The gap engine: every target's status at an evaluation year, as table operations.

The actuals table is sorted by region, indicator and year (`tracker.actuals`), and the
targets come as the plans' arrays (`tracker.plans.TargetColumns`). Each target finds the
rows of its region and indicator in the years its kind reads with two binary searches
(`_windows`), and the (target, row) pairs are judged kind by kind with whole-array numpy
expressions and grouped sums (`np.bincount` over the pairs' target positions), never a
Python loop per target or per row. The rules are in the README ("Status rules").

Floats decide a status only where they can: each judge marks the targets whose figures lie
within float noise of their goal, or whose R lies within its float error of a band's edge
(or is too imprecise to show), and those few are judged again by the same judges over exact
numbers (`_judge_exactly`, `tracker.noise.exact`). So 87.6 from 80 toward 100 at 2 of 5
years is R = 0.95 exactly (on track), not 0.9499999999999998, and float noise never flips
a status.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tracker.actuals import YEARS, Actuals, year_key
from tracker.dataroot import DataSet
from tracker.models import YEAR_RANGE, Kind, Status
from tracker.noise import eq, exact, finite, ge, gt, missing
from tracker.plans import ABOUT_READS_AS, KINDS, OPS, TARGET_NUMBERS, TargetColumns, TargetSpec
from tracker.results import (
    BAND_EDGES,
    NO_BAND,
    STATUS_ORDER,
    Evaluation,
    Figure,
    PlanResult,
    ResultColumns,
    band,
    built,
)

S = Status
_STATUS = {status: i for i, status in enumerate(STATUS_ORDER)}


def evaluate(dataset: DataSet, as_of: int) -> Evaluation:
    """Judge every target of every plan in `dataset` with the actuals up to `as_of`."""
    targets = Targets.of(dataset, as_of)
    rows = Rows.of(dataset.actuals, as_of)
    _fill_baselines(targets, rows)
    first, count = _windows(targets, rows, as_of)
    judged = Judged.empty(len(targets.kind))
    _judge_every_kind(targets, rows, first, count, judged, as_of)
    _judge_exactly(targets, rows, first, count, judged, as_of)
    return _evaluation(dataset, targets, judged, as_of)


def _judge_every_kind(
    targets: Targets, rows: Rows, first: np.ndarray, count: np.ndarray, judged: Judged, as_of: int
) -> None:
    for kind, judge in _JUDGES.items():
        mine = targets.kind == KINDS.index(kind)
        if mine.any():
            judge(targets, Pairs.of(np.flatnonzero(mine), first, count, rows), judged, mine, as_of)


def _judge_exactly(
    targets: Targets, rows: Rows, first: np.ndarray, count: np.ndarray, judged: Judged, as_of: int
) -> None:
    """Judge again, in exact arithmetic, the targets the float judges marked too close to call.

    The same judges run over a copy of those targets and their rows whose numbers are
    Fractions (`tracker.noise.exact`); their status, R and shares replace the float ones.
    """
    positions = np.flatnonzero(judged.close)
    if not len(positions):
        return
    lengths, starts = count[positions], first[positions]
    offsets = np.cumsum(lengths) - lengths
    taken = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
    again = Judged.empty(len(positions))
    _judge_every_kind(targets.exact_at(positions), rows.exact_at(taken), offsets, lengths, again, as_of)
    judged.status[positions] = again.status
    judged.final[positions] = again.final
    judged.failed_years[positions], judged.first_failed[positions] = again.failed_years, again.first_failed
    for name in ("ratio", "progress", "time_share"):
        getattr(judged, name)[positions] = getattr(again, name)


def _windows(targets: Targets, rows: Rows, as_of: int) -> tuple[np.ndarray, np.ndarray]:
    """Each target's rows: the first and how many, of its region and indicator and with an end
    year its kind can read (after the baseline year for level and change, from the period's
    start for maintain and cumulative, any for milestones; up to `targets.end`, and for
    milestones up to `as_of`: a report after the deadline that it is still not done counts).

    Rows are sorted by key and end year, so both ends are binary searches.
    """
    kind = targets.kind
    gap = (kind == KINDS.index(Kind.LEVEL)) | (kind == KINDS.index(Kind.CHANGE))
    period = (kind == KINDS.index(Kind.MAINTAIN)) | (kind == KINDS.index(Kind.CUMULATIVE))
    until = np.where(kind == KINDS.index(Kind.MILESTONE), as_of, targets.end)
    no_baseline = np.isnan(targets.t0)
    after_baseline = np.where(no_baseline, 0, targets.t0).astype(np.int64) + 1
    since = np.select(
        [gap & no_baseline, gap, period], [targets.end + 1, after_baseline, targets.start], default=YEAR_RANGE[0]
    )
    row_at = year_key(rows.key, rows.y_end)  # ascending, as the rows are
    first = np.asarray(np.searchsorted(row_at, year_key(targets.key, since), side="left"))
    count = np.maximum(np.searchsorted(row_at, year_key(targets.key, until), side="right") - first, 0)
    count[(targets.key < 0) | (since > until)] = 0
    return first, count


@dataclass
class Targets:
    """One entry per target, in plan order: what the judges need, as arrays."""

    key: np.ndarray  # region and indicator as one number (-1: no actuals can match)
    start: np.ndarray  # the plan period's first year
    kind: np.ndarray  # position in `Kind`
    op: np.ndarray  # position in OPS
    direction: np.ndarray  # the indicator's better: +1 higher, -1 lower, 0 none (how ~ reads)
    tv: np.ndarray
    half: np.ndarray  # half a step of the target value (for ~)
    by: np.ndarray
    end: np.ndarray  # min(by, as_of)
    t0: np.ndarray  # baseline year (NaN: none)
    y0: np.ndarray  # baseline value (NaN: none, or not reported)
    binding: np.ndarray

    specs: list[TargetSpec]
    indicator: np.ndarray  # indicator ids (objects)

    @classmethod
    def of(cls, dataset: DataSet, as_of: int) -> Targets:
        """The targets of every plan: the plans' own arrays (`TargetColumns`) one after the other."""
        plans = dataset.plans
        table = dataset.actuals
        sizes = [len(plan.targets) for plan in plans]

        empty = TargetColumns.of(())
        indicator = np.concatenate([plan.columns.indicator for plan in plans] or [empty.indicator])
        numbers = np.concatenate([plan.columns.numbers for plan in plans] or [empty.numbers])

        def number(name: str, dtype: Any = np.float64) -> np.ndarray:
            column: np.ndarray = np.ascontiguousarray(numbers[:, TARGET_NUMBERS.index(name)], dtype=dtype)
            return column

        def per_plan(values: list[int]) -> np.ndarray:
            return np.repeat(np.array(values, dtype=np.int64), sizes)

        region_code = {region: i for i, region in enumerate(table.column("region").categories.tolist())}
        regions = per_plan([region_code.get(plan.model.region, -1) for plan in plans])
        indicator_categories = table.column("indicator").categories
        indicators = np.asarray(indicator_categories.get_indexer(indicator), dtype=np.int64)  # -1: no actuals
        width = len(indicator_categories) + 1
        deadline = number("by", np.int64)
        return cls(
            key=np.where((regions >= 0) & (indicators >= 0), regions * width + indicators, -1),
            start=per_plan([plan.model.period.start for plan in plans]),
            kind=number("kind", np.int8),
            op=number("op", np.int8),
            direction=number("direction", np.int8),
            tv=number("value"),
            half=number("step") / 2,
            by=deadline,
            end=np.minimum(deadline, as_of),
            t0=number("baseline_year"),
            y0=number("baseline_value"),  # a copy: _fill_baselines writes into it
            binding=number("binding", bool),
            specs=list(itertools.chain.from_iterable(plan.targets for plan in plans)),
            indicator=indicator,
        )

    def exact_at(self, positions: np.ndarray) -> Targets:
        """The targets at `positions`, their numbers exact (`tracker.noise.exact`)."""
        numbers = {"tv", "half", "t0", "y0"}
        fields: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            values = getattr(self, item.name)
            if item.name == "specs":
                fields[item.name] = [values[i] for i in positions.tolist()]
            else:
                fields[item.name] = exact(values[positions]) if item.name in numbers else values[positions]
        return Targets(**fields)


@dataclass
class Rows:
    """The actuals up to the evaluation year, sorted by region and indicator, then year."""

    key: np.ndarray  # as in Targets
    row: np.ndarray  # position in the actuals table
    y_start: np.ndarray
    y_end: np.ndarray
    value: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    lo_open: np.ndarray
    hi_open: np.ndarray
    conflict: np.ndarray
    qualifier: np.ndarray  # codes of the table's qualifier column

    @classmethod
    def of(cls, table: Actuals, as_of: int) -> Rows:
        """The rows of `table` up to `as_of` (the table is in key order)."""
        wanted = table.column("y_end") <= as_of
        every = bool(wanted.all())  # then the columns are read as they are, without a copy

        def take(values: np.ndarray) -> np.ndarray:
            return values if every else values[wanted]

        def column(name: str) -> np.ndarray:
            return take(np.asarray(table.column(name)))

        return cls(
            key=take(table.key),
            row=np.flatnonzero(wanted),
            y_start=column("y_start"),
            y_end=column("y_end"),
            value=column("value"),
            lo=column("lo"),
            hi=column("hi"),
            lo_open=column("lo_open"),
            hi_open=column("hi_open"),
            conflict=column("conflict"),
            qualifier=take(np.asarray(table.column("qualifier").codes)),
        )

    def exact_at(self, at: np.ndarray) -> Rows:
        """The rows at `at`, their figures exact (`tracker.noise.exact`)."""
        numbers = {"value", "lo", "hi"}
        return Rows(
            **{
                item.name: exact(getattr(self, item.name)[at]) if item.name in numbers else getattr(self, item.name)[at]
                for item in dataclasses.fields(self)
            }
        )


@dataclass
class Pairs:
    """Every (target, row) of the same region and indicator: grouped by target, rows in year order."""

    target: np.ndarray  # the target's position
    at: np.ndarray  # the row's position in Rows
    rows: Rows

    @classmethod
    def of(cls, positions: np.ndarray, first: np.ndarray, count: np.ndarray, rows: Rows) -> Pairs:
        """The pairs of the targets at `positions`, whose rows are rows[first:first + count]."""
        first, count = first[positions], count[positions]
        target: np.ndarray = np.repeat(positions, count)
        at = np.arange(len(target)) - np.repeat(np.cumsum(count) - count - first, count)
        return cls(target, at, rows)

    def where(self, mask: np.ndarray) -> Pairs:
        return Pairs(self.target[mask], self.at[mask], self.rows)

    def column(self, name: str) -> np.ndarray:
        values: np.ndarray = getattr(self.rows, name)[self.at]
        return values

    def last_of_each_target(self) -> np.ndarray:
        """Positions of the last pair of each target (pairs of a target are consecutive)."""
        return np.flatnonzero(np.append(self.target[1:] != self.target[:-1], True)) if len(self.target) else self.target


@dataclass
class Judged:
    """What the judges decide, one entry per target."""

    status: np.ndarray  # position in STATUS_ORDER
    ratio: np.ndarray
    final: np.ndarray
    row: np.ndarray  # the actuals row shown as the latest figure (-1: none)
    progress: np.ndarray
    time_share: np.ndarray
    points: np.ndarray
    failed_years: np.ndarray  # maintain: how many years certainly fell short, and the first of them (0: none)
    first_failed: np.ndarray
    sum_value: np.ndarray  # cumulative targets: the interval sum, its first year and qualifier
    sum_lo: np.ndarray
    sum_hi: np.ndarray
    sum_start: np.ndarray
    sum_lo_open: np.ndarray
    sum_hi_open: np.ndarray
    sum_conflict: np.ndarray
    sum_qualifier: np.ndarray  # the summed figures' qualifier (code in the table), -1: they differ
    sum_from: np.ndarray  # cumulative targets: their rows are summed_rows[sum_from:sum_to] (-1: none)
    sum_to: np.ndarray
    summed_rows: np.ndarray  # actuals rows, each cumulative target's in year order
    close: np.ndarray  # too close to call in floats: judged again exactly (`_judge_exactly`)

    @classmethod
    def empty(cls, size: int) -> Judged:
        def nan() -> np.ndarray:
            return np.full(size, np.nan)

        return cls(
            status=np.full(size, _STATUS[S.NO_DATA], dtype=np.int8),
            ratio=nan(),
            final=np.zeros(size, dtype=bool),
            row=np.full(size, -1, dtype=np.int64),
            progress=nan(),
            time_share=nan(),
            points=np.zeros(size, dtype=np.int64),
            failed_years=np.zeros(size, dtype=np.int64),
            first_failed=np.zeros(size, dtype=np.int64),
            sum_value=nan(),
            sum_lo=nan(),
            sum_hi=nan(),
            sum_start=np.zeros(size, dtype=np.int64),
            sum_lo_open=np.zeros(size, dtype=bool),
            sum_hi_open=np.zeros(size, dtype=bool),
            sum_conflict=np.zeros(size, dtype=bool),
            sum_qualifier=np.full(size, -1, dtype=np.int64),
            sum_from=np.full(size, -1, dtype=np.int64),
            sum_to=np.full(size, -1, dtype=np.int64),
            summed_rows=np.zeros(0, dtype=np.int64),
            close=np.zeros(size, dtype=bool),
        )

    def summed(self, i: int) -> list[int] | None:
        """The actuals rows a cumulative target's figure sums, or None for a single figure."""
        start = int(self.sum_from[i])
        return None if start < 0 else self.summed_rows[start : int(self.sum_to[i])].tolist()


def _fill_baselines(targets: Targets, rows: Rows) -> None:
    """A baseline without a value takes the actual reported for its year (one year, no conflict).

    Of any kind of target: the value is shown with it even where the judging does not use it.
    """
    missing = np.flatnonzero(np.isnan(targets.y0) & ~np.isnan(targets.t0) & (targets.key >= 0))
    if not len(missing) or not len(rows.key):
        return
    year = targets.t0[missing].astype(np.int64)
    row_at, wanted = year_key(rows.key, rows.y_end), year_key(targets.key[missing], year)
    # Rows of one key and end year are sorted by start year: the one-year row comes last.
    last = np.asarray(np.searchsorted(row_at, wanted, side="right")) - 1
    found = (last >= 0) & (row_at[np.maximum(last, 0)] == wanted)
    missing, last, year = missing[found], last[found], year[found]
    usable = (rows.y_start[last] == year) & ~rows.conflict[last]
    targets.y0[missing[usable]] = rows.value[last[usable]]


def meets(
    op: np.ndarray,
    tv: np.ndarray,
    half: np.ndarray,
    direction: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    lo_open: np.ndarray,
    hi_open: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(every value of [lo, hi] meets the target, some value does), elementwise; `op` as in OPS.

    `~ v` (about v) reads by the indicator's `direction` (`_compared`): as `>=` v minus half a
    step where higher is better, `<=` v plus half a step where lower is better, and between
    the two without a direction.
    """
    compared = _compared(op, direction)
    about = op == OPS.index("~")
    floor, ceiling = tv - half, tv + half
    tv = np.where(
        about & (compared == OPS.index(">=")), floor, np.where(about & (compared == OPS.index("<=")), ceiling, tv)
    )
    ops = [compared == OPS.index(name) for name in (">=", ">", "<=", "<", "==", "~")]
    reaches_up = gt(hi, tv) | (eq(hi, tv) & ~hi_open)
    reaches_down = gt(tv, lo) | (eq(lo, tv) & ~lo_open)
    all_ = np.select(
        ops,
        [
            ge(lo, tv),
            gt(lo, tv) | (eq(lo, tv) & lo_open),
            ge(tv, hi),
            gt(tv, hi) | (eq(hi, tv) & hi_open),
            eq(lo, tv) & eq(hi, tv),
            ge(lo, floor) & ge(ceiling, hi),
        ],
        default=False,
    )
    any_ = np.select(
        ops,
        [
            reaches_up,
            gt(hi, tv),
            reaches_down,
            gt(tv, lo),
            reaches_up & reaches_down,
            (gt(ceiling, lo) | (eq(lo, ceiling) & ~lo_open)) & (gt(hi, floor) | (eq(hi, floor) & ~hi_open)),
        ],
        default=False,
    )
    return all_.astype(bool), any_.astype(bool)


def _compared(op: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """The comparison each target makes (positions in OPS): `~` read by direction (`ABOUT_READS_AS`)."""
    about = op == OPS.index("~")
    if not about.any():
        return op
    as_read = np.array([OPS.index(ABOUT_READS_AS[d]) for d in (-1, 0, 1)], dtype=op.dtype)
    found: np.ndarray = np.where(about, as_read[np.asarray(direction, dtype=np.int64) + 1], op)
    return found


def too_close(op: np.ndarray, tv: np.ndarray, half: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Where an end of [lo, hi] is within float noise of what `meets` compares it with, but not equal.

    Equal floats are equal numbers as written: two decimals of at most 15 significant
    digits never read as the same float (and the float comparisons get equality right).
    """

    def near(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            found: np.ndarray = eq(a, b) & (a != b)
        return found

    close: np.ndarray = near(lo, tv) | near(hi, tv)
    about = op == OPS.index("~")
    if about.any():
        for edge in (tv - half, tv + half):
            close |= about & (near(lo, edge) | near(hi, edge))
    return close


# A bound on the relative float error of each number that goes into R: a few roundings of
# 2**-53 each, taken generously (the error bound is only used to decide whom to judge again).
_FLOAT_ERROR = 1e-14
# R is shown to 4 decimals (rounded from 9): beyond this error its float could show otherwise.
_SHOWN_ERROR = 1e-10


def ratio_too_close(ratios: list[np.ndarray], error: np.ndarray) -> np.ndarray:
    """Where an R (of a list, e.g. at both ends of an interval) may lie on the other side of a
    band's edge than its float says, or its float is too imprecise to show: within `error`."""
    with np.errstate(invalid="ignore"):
        close: np.ndarray = np.asarray(error > _SHOWN_ERROR, dtype=bool)
        for r in ratios:
            for edge, _ in BAND_EDGES:
                close |= np.abs(r - edge) <= error
    return close


def _bands(
    r_lo: np.ndarray, r_hi: np.ndarray, lo_open: np.ndarray, hi_open: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The bands of the lower and upper end of the R interval [R at lo, R at hi] (either order).

    R rises with the value when the task is an increase, and falls when it is a decrease;
    an open end of the value interval is an open end of the R interval.
    """
    with np.errstate(invalid="ignore"):
        rising = ~np.asarray(r_lo > r_hi, dtype=bool)
    lower, upper = np.where(rising, r_lo, r_hi), np.where(rising, r_hi, r_lo)
    return band(lower), band(upper, open_above=np.where(rising, hi_open, lo_open))


def exact_fractions(numerators: np.ndarray, denominators: np.ndarray) -> np.ndarray:
    """numerators / denominators of whole numbers, as exact Fractions."""
    found: np.ndarray = np.array(
        [Fraction(int(a), int(b)) for a, b in zip(numerators.tolist(), denominators.tolist(), strict=True)],
        dtype=object,
    )
    return found


def _share(amount: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """amount / whole, NaN where whole is 0 (a target equal to its baseline has no task share)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        nothing = np.asarray(whole == 0, dtype=bool)
        return np.where(nothing, np.nan, amount / np.where(nothing, 1, whole))  # type: ignore[no-any-return]


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return a / b  # type: ignore[no-any-return]


def _magnitude(*values: np.ndarray) -> np.ndarray:
    """The sum of the absolute values, infinities counted as 0 (an open end has no float error)."""
    with np.errstate(invalid="ignore"):
        total: np.ndarray = sum((np.where(np.isinf(v), 0.0, np.abs(v)) for v in values), np.zeros(len(values[0])))
    return total


def _status(conditions: list[np.ndarray], choices: list[Status | np.ndarray], default: Status) -> np.ndarray:
    """np.select over statuses: each choice a Status or an array of positions in STATUS_ORDER."""
    positions = [_STATUS[c] if isinstance(c, Status) else c for c in choices]
    return np.select(conditions, positions, default=_STATUS[default]).astype(np.int8)  # type: ignore[no-any-return]


Judge = Callable[[Targets, Pairs, Judged, np.ndarray, int], None]


def _judge_gap(targets: Targets, pairs: Pairs, judged: Judged, change: bool, as_of: int) -> None:
    """level and change: the latest value (or its change from the baseline) against the target.

    Before the deadline the band of R decides; a figure for the deadline year decides for
    good; after the deadline without one, the latest earlier figure decides between achieved
    and missed only, not finally.
    """
    t = pairs.target
    y_end = pairs.column("y_end")
    one_year = pairs.column("y_start") == y_end  # a span is a total over years, not a level
    in_window = one_year & (y_end > targets.t0[t]) & (y_end <= targets.end[t])
    latest = pairs.where(in_window)
    latest = latest.where(latest.last_of_each_target())
    if not len(latest.target):
        return
    i = latest.target
    y0 = targets.y0[i]
    # The value to reach: the target, or for a change the baseline plus it (compared as
    # figures, not as differences, so that noise is judged at the figures' size).
    goal = targets.tv[i] + y0 if change else targets.tv[i]
    lo, hi, value = latest.column("lo"), latest.column("hi"), latest.column("value")
    lo_open, hi_open = latest.column("lo_open"), latest.column("hi_open")
    op, half = targets.op[i], targets.half[i]
    all_, any_ = meets(op, goal, half, targets.direction[i], lo, hi, lo_open, hi_open)
    year, t0, by = latest.column("y_end"), targets.t0[i], targets.by[i]
    time_share = (year - t0) / (by - t0)
    whole = targets.tv[i] if change else goal - y0  # the task: the change asked for
    r_lo, r_hi = _divide(_share(lo - y0, whole), time_share), _divide(_share(hi - y0, whole), time_share)
    lower, upper = _bands(r_lo, r_hi, lo_open, hi_open)
    at_deadline = year == by
    decided = at_deadline | (as_of > by)  # the deadline has passed: no pace, met or not
    conflict = latest.column("conflict")
    no_baseline = missing(y0)
    judged.status[i] = _status(
        [
            conflict,
            no_baseline & change,  # no change without the value it starts from
            all_,
            decided & any_,
            decided,
            no_baseline,
            any_,
            (lower == upper) & (lower != NO_BAND),
            lower == NO_BAND,
        ],
        [
            S.INDETERMINATE,
            S.INDETERMINATE,
            S.ACHIEVED,
            S.INDETERMINATE,
            S.MISSED,
            S.INDETERMINATE,
            S.INDETERMINATE,
            lower,
            S.OFF_TRACK,
        ],
        S.INDETERMINATE,
    )
    progress = _share(value - y0, whole)
    ratio = _divide(progress, time_share)
    judged.ratio[i] = np.where(finite(ratio) & ~conflict, ratio, np.nan)
    judged.final[i] = at_deadline
    judged.row[i] = latest.column("row")
    judged.progress[i] = progress
    judged.time_share[i] = time_share
    judged.points[i] = 1
    if ratio.dtype != object:
        with np.errstate(divide="ignore", invalid="ignore"):
            error = _FLOAT_ERROR * (
                _magnitude(lo, hi, y0) / np.abs(whole * time_share)
                + np.abs(ratio) * (2 + _magnitude(goal, y0) / np.abs(whole))
            )
        error = np.where(np.isfinite(error), error, 0.0)  # no R (no baseline, no task): no band to miss
        judged.close[i] = too_close(op, goal, half, lo, hi) | ratio_too_close([r_lo, r_hi, ratio], error)


def _judge_level(targets: Targets, pairs: Pairs, judged: Judged, mine: np.ndarray, as_of: int) -> None:
    _judge_gap(targets, pairs, judged, change=False, as_of=as_of)


def _judge_change(targets: Targets, pairs: Pairs, judged: Judged, mine: np.ndarray, as_of: int) -> None:
    _judge_gap(targets, pairs, judged, change=True, as_of=as_of)


def _per_target(pairs: Pairs, weights: np.ndarray | None, size: int) -> np.ndarray:
    """Sum of `weights` (or the count of pairs) per target position; exact numbers are summed exactly."""
    if weights is not None and weights.dtype == object:
        sums: np.ndarray = np.zeros(size, dtype=object)
        np.add.at(sums, pairs.target, weights)
        return sums
    found: np.ndarray = np.bincount(pairs.target, weights=weights, minlength=size)
    return found


def _judge_maintain(targets: Targets, pairs: Pairs, judged: Judged, mine: np.ndarray, as_of: int) -> None:
    """maintain: every year with data from the period start to min(as_of, by) must meet the target.

    Before the deadline a failed year is behind (earlier) or off track (latest); from the
    deadline year on, any failed year makes it missed, for good.
    """
    t = pairs.target
    y_end = pairs.column("y_end")
    one_year = pairs.column("y_start") == y_end  # a span is a total over years, not a level
    rows = pairs.where(one_year & (y_end >= targets.start[t]) & (y_end <= targets.end[t]))
    if not len(rows.target):
        return
    t = rows.target
    lo, hi = rows.column("lo"), rows.column("hi")
    ok, any_ = meets(
        targets.op[t],
        targets.tv[t],
        targets.half[t],
        targets.direction[t],
        lo,
        hi,
        rows.column("lo_open"),
        rows.column("hi_open"),
    )
    conflict = rows.column("conflict")
    fails, unsure = ~any_ & ~conflict, (any_ & ~ok) | conflict  # conflicting figures fail nothing for sure
    last = rows.last_of_each_target()
    earlier: np.ndarray = np.ones(len(t), dtype=bool)
    earlier[last] = False
    size = len(targets.kind)
    failed_before = np.bincount(t[earlier & fails], minlength=size) > 0
    unsure_before = np.bincount(t[earlier & unsure], minlength=size) > 0
    i = t[last]
    at_deadline = rows.column("y_end")[last] == targets.by[i]
    closed = as_of >= targets.by[i]  # the deadline year has come: no more pace
    failed = failed_before[i] | fails[last]
    judged.status[i] = _status(
        [
            closed & failed,
            closed & (unsure_before[i] | unsure[last]),
            closed & at_deadline,
            closed & (as_of > targets.by[i]),
            closed,
            unsure[last],
            fails[last],
            failed_before[i],
            unsure_before[i],
        ],
        [
            S.MISSED,
            S.INDETERMINATE,
            S.ACHIEVED,
            S.ACHIEVED,
            S.ON_TRACK,
            S.INDETERMINATE,
            S.OFF_TRACK,
            S.BEHIND,
            S.INDETERMINATE,
        ],
        S.ON_TRACK,
    )
    judged.final[i] = at_deadline | (closed & failed)
    judged.failed_years[i] = np.bincount(t[fails], minlength=size)[i]
    first_fail: np.ndarray = np.full(size, np.iinfo(np.int64).max)
    np.minimum.at(first_fail, t[fails], rows.column("y_end")[fails].astype(np.int64))
    judged.first_failed[i] = np.where(judged.failed_years[i] > 0, first_fail[i], 0)
    judged.row[i] = rows.column("row")[last]
    count = _per_target(rows, None, size)
    judged.progress[i] = (_per_target(rows, ok.astype(float), size) / np.where(count == 0, 1, count))[i]
    judged.points[i] = count[i]
    if lo.dtype != object:
        close = too_close(targets.op[t], targets.tv[t], targets.half[t], lo, hi)
        judged.close[i] = (np.bincount(t[close], minlength=size) > 0)[i]


def _judge_cumulative(targets: Targets, pairs: Pairs, judged: Judged, mine: np.ndarray, as_of: int) -> None:
    """cumulative: the interval sum of flows in the window against the target total."""
    t = pairs.target
    rows = pairs.where((pairs.column("y_start") >= targets.start[t]) & (pairs.column("y_end") <= targets.end[t]))
    if not len(rows.target):
        return
    t, size = rows.target, len(targets.kind)
    y_start, y_end = rows.column("y_start"), rows.column("y_end")
    last = rows.last_of_each_target()
    i = t[last]
    count = _per_target(rows, None, size)

    def total(values: np.ndarray) -> np.ndarray:
        sums: np.ndarray = _per_target(rows, values if values.dtype == object else values.astype(float), size)[i]
        return sums

    def some(values: np.ndarray) -> np.ndarray:
        found: np.ndarray = total(values) > 0
        return found

    value, lo, hi = total(rows.column("value")), total(rows.column("lo")), total(rows.column("hi"))
    lo_open, hi_open, conflict = (
        some(rows.column("lo_open")),
        some(rows.column("hi_open")),
        some(rows.column("conflict")),
    )
    length = total(y_end - y_start + 1)
    covered = _years_covered(t, y_start, y_end, size)[i]
    first_of: np.ndarray = np.append(0, last[:-1] + 1)  # pairs of a target are consecutive
    first_year = np.minimum.reduceat(y_start, first_of)
    last_year = y_end[last]
    tv, op, direction, half = targets.tv[i], targets.op[i], targets.direction[i], targets.half[i]
    all_, any_ = meets(op, tv, half, direction, lo, hi, lo_open, hi_open)
    window = targets.by[i] - targets.start[i] + 1
    time_share = covered / window if tv.dtype != object else exact_fractions(covered, window)
    r_lo, r_hi = _divide(_share(lo, tv), time_share), _divide(_share(hi, tv), time_share)
    lower, upper = _bands(r_lo, r_hi, lo_open, hi_open)
    through = last_year == targets.by[i]
    past = as_of > targets.by[i]
    overlap = length > covered
    # A total to reach (>=, >, and ~ where higher is better) is reached once met; a total not
    # to pass (<=, <, and ~ where lower is better) or to hit (==, and ~ without a direction)
    # is judged at the deadline, and is missed as soon as the sum has passed it: flows only
    # add up. After the deadline without figures through it, the sum so far decides, not
    # finally. Before it, a total to hit is on its way like a total to reach (by R) until
    # it is inside the target, which is on track (it can still be passed).
    compared = _compared(op, direction)
    reach = np.isin(compared, [OPS.index(">="), OPS.index(">")])
    cap = np.isin(compared, [OPS.index("<="), OPS.index("<")])
    passed = ~any_ & (cap | (~reach & gt(lo, tv)))
    unusable = conflict | overlap
    status = _status(
        [
            unusable,
            reach & all_,
            passed,
            (through | past) & all_,
            (through | past) & any_,
            through | past,
            ~reach & all_,
            ~reach & ~passed & cap,
            any_,
            (lower == upper) & (lower != NO_BAND),
            lower == NO_BAND,
        ],
        [
            S.INDETERMINATE,
            S.ACHIEVED,
            S.MISSED,
            S.ACHIEVED,
            S.INDETERMINATE,
            S.MISSED,
            S.ON_TRACK,
            S.INDETERMINATE,
            S.INDETERMINATE,
            lower,
            S.OFF_TRACK,
        ],
        S.INDETERMINATE,
    )
    judged.status[i] = status
    progress = _share(value, tv)
    ratio = _divide(progress, time_share)
    judged.ratio[i] = np.where(finite(ratio) & ~unusable, ratio, np.nan)
    judged.final[i] = through | (((reach & all_) | passed) & ~unusable)
    judged.progress[i] = progress
    judged.time_share[i] = time_share
    judged.points[i] = count[i]
    judged.sum_value[i], judged.sum_lo[i], judged.sum_hi[i] = value, lo, hi
    judged.sum_start[i] = first_year
    judged.sum_lo_open[i], judged.sum_hi_open[i], judged.sum_conflict[i] = lo_open, hi_open, conflict
    qualifier = rows.column("qualifier")
    same = np.minimum.reduceat(qualifier, first_of) == np.maximum.reduceat(qualifier, first_of)
    judged.sum_qualifier[i] = np.where(same, qualifier[first_of], -1)
    judged.row[i] = rows.column("row")[last]
    judged.summed_rows = rows.column("row")
    judged.sum_from[i], judged.sum_to[i] = first_of, last + 1
    if ratio.dtype != object:
        # A sum of n figures carries up to n roundings of the figures' size.
        size_of_sum = total(_magnitude(rows.column("lo"), rows.column("hi"))) * count[i]
        with np.errstate(divide="ignore", invalid="ignore"):
            error = _FLOAT_ERROR * (size_of_sum / np.abs(tv * time_share) + 2 * np.abs(ratio))
        error = np.where(np.isfinite(error), error, 0.0)
        judged.close[i] = too_close(op, tv, half, lo, hi) | ratio_too_close([r_lo, r_hi, ratio], error)


def _years_covered(t: np.ndarray, y_start: np.ndarray, y_end: np.ndarray, size: int) -> np.ndarray:
    """Per target position, how many distinct years its pairs' [y_start, y_end] spans cover.

    A target of single years only covers one year per pair (the actuals hold one row per
    year); the years of the targets with spans are counted one by one.
    """
    covered: np.ndarray = np.bincount(t, minlength=size)
    spans = y_start < y_end
    if not spans.any():
        return covered
    with_spans = (np.bincount(t[spans], minlength=size) > 0)[t]
    t, y_start, y_end = t[with_spans], y_start[with_spans], y_end[with_spans]
    length = y_end - y_start + 1
    offsets: np.ndarray = np.repeat(np.cumsum(length) - length, length)
    years = np.repeat(y_start, length) + (np.arange(int(length.sum())) - offsets)
    owner: np.ndarray = np.repeat(t, length)
    distinct = np.unique(year_key(owner, years))
    covered[np.unique(t)] = 0
    covered += np.bincount(distinct // YEARS, minlength=size)
    return covered


def _judge_milestone(targets: Targets, pairs: Pairs, judged: Judged, mine: np.ndarray, as_of: int) -> None:
    """milestone: 1 = done, 0 = not done, for the year of the report (a span: by its last year).

    In this order: a plain 1 for a year up to the deadline (before the plan period too: done
    is done) achieves it; a plain 0 for the deadline year or later misses it; a figure that
    is neither plainly 1 nor plainly 0 (conflicting reports, 近1, 2), or a 1 only for a year
    after the deadline (done, but by when?), makes it indeterminate. Otherwise, before the
    deadline it is pending; after it, earlier 0s make it missed, not finally, and no report
    at all is no data.
    """
    by = targets.by
    past = as_of > by
    judged.status[mine] = np.where(past[mine], _STATUS[S.NO_DATA], _STATUS[S.PENDING])
    judged.progress[mine] = 0.0
    rows = pairs
    if not len(rows.target):
        return
    t, size = rows.target, len(targets.kind)
    lo, hi, conflict = rows.column("lo"), rows.column("hi"), rows.column("conflict")
    year = rows.column("y_end")
    exact_figure = (lo == hi) & ~conflict
    done, zero = exact_figure & (lo == 1), exact_figure & (lo == 0)

    def some(where: np.ndarray) -> np.ndarray:
        found: np.ndarray = np.bincount(t[where], minlength=size) > 0
        return found

    done_by, not_done_late = some(done & (year <= by[t])), some(zero & (year >= by[t]))
    unclear, done_late, reported = some(~done & ~zero), some(done & (year > by[t])), some(np.ones(len(t), dtype=bool))
    status = _status(
        [done_by, not_done_late, unclear, done_late, past & reported, past],
        [S.ACHIEVED, S.MISSED, S.INDETERMINATE, S.INDETERMINATE, S.MISSED, S.NO_DATA],
        S.PENDING,
    )
    judged.status[mine] = status[mine]
    judged.final[mine] = (done_by | not_done_late)[mine]
    judged.progress[done_by] = 1.0
    last = rows.last_of_each_target()
    judged.row[t[last]] = rows.column("row")[last]
    judged.points[t[last]] = _per_target(rows, None, size)[t[last]]
    for which, shown in ((not_done_late, zero & (year >= by[t])), (done_by, done & (year <= by[t]))):
        if which.any():  # the row that decided: the first such (rows are in year order)
            deciding = rows.where(shown)
            first = np.flatnonzero(np.append(True, deciding.target[1:] != deciding.target[:-1]))
            judged.row[deciding.target[first]] = deciding.column("row")[first]


_JUDGES: dict[Kind, Judge] = {
    Kind.LEVEL: _judge_level,
    Kind.CHANGE: _judge_change,
    Kind.MAINTAIN: _judge_maintain,
    Kind.CUMULATIVE: _judge_cumulative,
    Kind.MILESTONE: _judge_milestone,
}


class _Figures:
    """The figure each target shows (its latest, or its cumulative sum) and its sources.

    Their fields are taken from the actuals for every target at once, when a first record
    asks for one; each Figure is then built from plain lists.
    """

    def __init__(self, table: Actuals, judged: Judged) -> None:
        self.table, self.judged = table, judged

    @functools.cached_property
    def _fields(self) -> dict[str, list[Any]]:
        return self._fields_at(np.arange(len(self.judged.row)))

    def _fields_at(self, at: np.ndarray) -> dict[str, list[Any]]:
        """The Figure fields of the targets at positions `at`, field by field."""
        table, judged = self.table, self.judged
        if len(table) == 0:
            return {"shown": [False] * len(at)}
        summed = judged.sum_from[at] >= 0
        row = np.maximum(judged.row[at], 0)

        def pick(name: str, total: np.ndarray) -> list[Any]:
            return np.where(summed, total[at], table.column(name)[row]).tolist()  # type: ignore[no-any-return]

        qualifiers = table.column("qualifier").categories.tolist() + ["mixed"]  # a code of -1 says "mixed"
        written = table.column("written")
        qualifier = [
            qualifiers[q]
            for q in np.where(
                summed, judged.sum_qualifier[at], np.asarray(table.column("qualifier").codes)[row]
            ).tolist()
        ]
        written_text = written.categories.tolist()
        return {
            "shown": (judged.row[at] >= 0).tolist(),
            "year": table.column("y_end")[row].tolist(),
            "year_start": pick("y_start", judged.sum_start),
            "value": pick("value", judged.sum_value),
            "qualifier": qualifier,
            "written": [
                "" if s and q in ("=", "mixed") else written_text[w]
                for s, q, w in zip(summed.tolist(), qualifier, np.asarray(written.codes)[row].tolist(), strict=True)
            ],
            "lo": pick("lo", judged.sum_lo),
            "hi": pick("hi", judged.sum_hi),
            "lo_open": pick("lo_open", judged.sum_lo_open),
            "hi_open": pick("hi_open", judged.sum_hi_open),
            "conflict": pick("conflict", judged.sum_conflict),
        }

    def latest(self, i: int) -> Figure | None:
        return self._figure(self._fields, i)

    def latest_at(self, positions: np.ndarray) -> list[Figure | None]:
        fields = self._fields_at(positions)
        return [self._figure(fields, k) for k in range(len(positions))]

    @staticmethod
    def _figure(fields: dict[str, list[Any]], k: int) -> Figure | None:
        if not fields["shown"][k]:
            return None
        return built(
            Figure,
            year=fields["year"][k],
            year_start=fields["year_start"][k],
            value=fields["value"][k],
            qualifier=fields["qualifier"][k],
            written=fields["written"][k],
            lo=fields["lo"][k],
            hi=fields["hi"][k],
            lo_open=fields["lo_open"][k],
            hi_open=fields["hi_open"][k],
            conflict=fields["conflict"][k],
        )

    @functools.cached_property
    def _sources(self) -> tuple[list[tuple[str, ...]], list[int], np.ndarray]:
        """Each source text as the sources it names (merged rows join theirs with ' | '),
        each target's shown row's source code, and every row's."""
        column = self.table.column("source")
        named = [tuple(part for part in text.split(" | ") if part) for text in column.categories.tolist()]
        codes = np.asarray(column.codes)
        shown = codes[np.maximum(self.judged.row, 0)].tolist() if len(codes) else []
        return named, shown, codes

    def sources(self, i: int) -> tuple[str, ...]:
        judged = self.judged
        if judged.row[i] < 0:
            return ()
        named, shown, codes = self._sources
        summed = judged.summed(i)
        if summed is None:
            return named[shown[i]]
        return tuple(dict.fromkeys(part for code in codes[summed].tolist() for part in named[code]))


def _evaluation(dataset: DataSet, targets: Targets, judged: Judged, as_of: int) -> Evaluation:
    """The results model over the judged arrays."""
    figures = _Figures(dataset.actuals, judged)
    sizes = [len(plan.targets) for plan in dataset.plans]
    columns = ResultColumns(
        specs=targets.specs,
        regions=list(_repeat_each([plan.model.region for plan in dataset.plans], sizes)),
        files=list(_repeat_each([plan.file for plan in dataset.plans], sizes)),
        as_of=as_of,
        status=judged.status,
        ratio=judged.ratio,
        final=judged.final,
        progress=judged.progress,
        time_share=judged.time_share,
        points=judged.points,
        failed_years=judged.failed_years,
        first_failed=judged.first_failed,
        baseline_value=targets.y0,
        binding=targets.binding,
        figures=figures,
    )
    plans = []
    first = 0
    for spec, size in zip(dataset.plans, sizes, strict=True):
        model = spec.model
        plans.append(
            built(  # 2,850 plans of a national tracker: no frozen __init__ per field
                PlanResult,
                id=spec.id,
                title=model.title,
                title_en=model.title_en,
                region=model.region,
                period_start=model.period.start,
                period_end=model.period.end,
                file=spec.file,
                columns=columns,
                first=first,
                size=size,
                source=dict(model.source or {}),
                fail_on=tuple(model.check.fail_on) if model.check else None,
                near_misses=dataset.near_misses.get(model.region, ()),
            )
        )
        first += size
    catalog = dataset.indicators.catalog.indicators
    return Evaluation(as_of, tuple(plans), {i: catalog[i] for i in sorted(set(targets.indicator.tolist()))})


def _repeat_each(values: list[str], times: list[int]) -> Iterable[str]:
    return itertools.chain.from_iterable(map(itertools.repeat, values, times))
