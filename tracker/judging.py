"""What the judges of the target kinds work on, and the rules they share, as whole arrays.

The engine (`tracker.engine`) gathers every target and every figure up to the evaluation
year into arrays (`TargetArrays`, `FigureArrays`), pairs each target with the figures of
its region and indicator in the years its kind reads (`Pairs`), and hands each kind's
judge (`tracker.kinds`) its targets; the judges write what they decide into `Verdicts`.
The comparisons here (`meets`, the interval's bands, the float-noise marks) are the rules
every kind judges by, written once. Everything works on floats and, for the few targets
the float judges mark too close to call, on exact numbers (Fractions, `tracker.noise.exact`).
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.bands import BAND_EDGES, STATUS_ORDER, band
from tracker.models import Status
from tracker.noise import eq, exact, ge, gt
from tracker.plans import ABOUT_READS_AS, OPS, TARGET_NUMBERS, TargetColumns, TargetSpec

if TYPE_CHECKING:
    from tracker.actuals import Actuals
    from tracker.dataroot import DataSet

S = Status
STATUS = {status: i for i, status in enumerate(STATUS_ORDER)}  # a status as the arrays hold it


@dataclass
class TargetArrays:
    """One entry per target, in plan order: what the judges need, as arrays."""

    key: np.ndarray  # region and indicator as one number (-1: no actuals can match)
    start: np.ndarray  # the plan period's first year
    kind: np.ndarray  # the kind, as its position in `tracker.kinds.ids()`
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
    def of(cls, dataset: DataSet, as_of: int) -> TargetArrays:
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

    def exact_at(self, positions: np.ndarray) -> TargetArrays:
        """The targets at `positions`, their numbers exact (`tracker.noise.exact`)."""
        numbers = {"tv", "half", "t0", "y0"}
        fields: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            values = getattr(self, item.name)
            if item.name == "specs":
                fields[item.name] = [values[i] for i in positions.tolist()]
            else:
                fields[item.name] = exact(values[positions]) if item.name in numbers else values[positions]
        return TargetArrays(**fields)


@dataclass
class FigureArrays:
    """The actuals up to the evaluation year, sorted by region and indicator, then year."""

    key: np.ndarray  # as in TargetArrays
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
    def of(cls, table: Actuals, as_of: int) -> FigureArrays:
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

    def exact_at(self, at: np.ndarray) -> FigureArrays:
        """The rows at `at`, their figures exact (`tracker.noise.exact`)."""
        numbers = {"value", "lo", "hi"}
        return FigureArrays(
            **{
                item.name: exact(getattr(self, item.name)[at]) if item.name in numbers else getattr(self, item.name)[at]
                for item in dataclasses.fields(self)
            }
        )


@dataclass
class Pairs:
    """Every (target, row) of the same region and indicator: grouped by target, rows in year order."""

    target: np.ndarray  # the target's position
    at: np.ndarray  # the row's position in FigureArrays
    rows: FigureArrays

    @classmethod
    def of(cls, positions: np.ndarray, first: np.ndarray, count: np.ndarray, rows: FigureArrays) -> Pairs:
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
class Verdicts:
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
    close: np.ndarray  # too close to call in floats: judged again exactly (`tracker.engine`)

    @classmethod
    def empty(cls, size: int) -> Verdicts:
        def nan() -> np.ndarray:
            return np.full(size, np.nan)

        return cls(
            status=np.full(size, STATUS[S.NO_DATA], dtype=np.int8),
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

    `~ v` (about v) reads by the indicator's `direction` (`compared`): as `>=` v minus half a
    step where higher is better, `<=` v plus half a step where lower is better, and between
    the two without a direction.
    """
    comparison = compared(op, direction)
    about = op == OPS.index("~")
    floor, ceiling = tv - half, tv + half
    tv = np.where(
        about & (comparison == OPS.index(">=")), floor, np.where(about & (comparison == OPS.index("<=")), ceiling, tv)
    )
    ops = [comparison == OPS.index(name) for name in (">=", ">", "<=", "<", "==", "~")]
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


def compared(op: np.ndarray, direction: np.ndarray) -> np.ndarray:
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
FLOAT_ERROR = 1e-14
# R is shown to 4 decimals (rounded from 9): beyond this error its float could show otherwise.
SHOWN_ERROR = 1e-10


def ratio_too_close(ratios: list[np.ndarray], error: np.ndarray) -> np.ndarray:
    """Where an R (of a list, e.g. at both ends of an interval) may lie on the other side of a
    band's edge than its float says, or its float is too imprecise to show: within `error`."""
    with np.errstate(invalid="ignore"):
        close: np.ndarray = np.asarray(error > SHOWN_ERROR, dtype=bool)
        for r in ratios:
            for edge, _ in BAND_EDGES:
                close |= np.abs(r - edge) <= error
    return close


def interval_bands(
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


def share(amount: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """amount / whole, NaN where whole is 0 (a target equal to its baseline has no task share)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        nothing = np.asarray(whole == 0, dtype=bool)
        return np.where(nothing, np.nan, amount / np.where(nothing, 1, whole))  # type: ignore[no-any-return]


def divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return a / b  # type: ignore[no-any-return]


def magnitude(*values: np.ndarray) -> np.ndarray:
    """The sum of the absolute values, infinities counted as 0 (an open end has no float error)."""
    with np.errstate(invalid="ignore"):
        total: np.ndarray = sum((np.where(np.isinf(v), 0.0, np.abs(v)) for v in values), np.zeros(len(values[0])))
    return total


def select_status(conditions: list[np.ndarray], choices: list[Status | np.ndarray], default: Status) -> np.ndarray:
    """np.select over statuses: each choice a Status or an array of positions in STATUS_ORDER."""
    positions = [STATUS[c] if isinstance(c, Status) else c for c in choices]
    return np.select(conditions, positions, default=STATUS[default]).astype(np.int8)  # type: ignore[no-any-return]


def per_target(pairs: Pairs, weights: np.ndarray | None, size: int) -> np.ndarray:
    """Sum of `weights` (or the count of pairs) per target position; exact numbers are summed exactly."""
    if weights is not None and weights.dtype == object:
        sums: np.ndarray = np.zeros(size, dtype=object)
        np.add.at(sums, pairs.target, weights)
        return sums
    found: np.ndarray = np.bincount(pairs.target, weights=weights, minlength=size)
    return found
