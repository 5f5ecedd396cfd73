"""cumulative: a total to add up over the period (新建幼儿园 累计 ≥ 50 所 by 2025).

The figures of the period up to the deadline are flows, summed as intervals; a figure that
spans several years counts once, at its last year. The sum's R is its share of the target
over the share of the period gone. A total to reach is achieved once met; a total not to
pass (or to hit) is missed as soon as the sum has passed it, since flows only add up; after
the deadline without figures through it, the sum so far decides, not finally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from tracker.bands import NO_BAND
from tracker.judging import (
    FLOAT_ERROR,
    S,
    compared,
    divide,
    exact_fractions,
    interval_bands,
    magnitude,
    meets,
    per_target,
    ratio_too_close,
    select_status,
    share,
    too_close,
)
from tracker.kinds.base import KindRule, Phrasing, PlannedPath, Point
from tracker.models import Status
from tracker.noise import finite, gt
from tracker.plans import OPS

if TYPE_CHECKING:
    from tracker.judging import Pairs, TargetArrays, Verdicts
    from tracker.results import TargetResult


class Cumulative(KindRule):
    name = "cumulative"
    running_total = True
    has_trend = True
    judged_by_latest = True
    WORDS = {
        "goal_prefix": {"zh": "累计", "en": "total "},
        "form_prefix": {"zh": "累计", "en": "in total "},
        "flow_needed": {"zh": "{years}年还需{each}，才能实现{aim}", "en": "needs {each} in {years} to reach {aim}"},
        "flow_needed_yearly": {
            "zh": "{years}年还需年均{each}，才能实现{aim}",
            "en": "needs {each}/year in {years} to reach {aim}",
        },
        "passed_the_goal": {
            "zh": "累计已超出目标，之后只会更多",
            "en": "the total has passed the goal, and flows only add up",
        },
        "sum": {"zh": "累计", "en": "Sum"},
        "running_total": {"zh": " (累计)", "en": " (running total)"},
    }

    def window(self, targets: TargetArrays, at: np.ndarray, as_of: int) -> tuple[np.ndarray, np.ndarray]:
        """The period, from its first year, up to the deadline or `as_of`."""
        return targets.start[at], targets.end[at]

    def judge(self, targets: TargetArrays, pairs: Pairs, verdicts: Verdicts, mine: np.ndarray, as_of: int) -> None:
        """The interval sum of the flows in the window against the target total (see the module)."""
        t = pairs.target
        rows = pairs.where((pairs.column("y_start") >= targets.start[t]) & (pairs.column("y_end") <= targets.end[t]))
        if not len(rows.target):
            return
        t, size = rows.target, len(targets.kind)
        y_start, y_end = rows.column("y_start"), rows.column("y_end")
        last = rows.last_of_each_target()
        i = t[last]
        count = per_target(rows, None, size)

        def total(values: np.ndarray) -> np.ndarray:
            sums: np.ndarray = per_target(rows, values if values.dtype == object else values.astype(float), size)[i]
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
        r_lo, r_hi = divide(share(lo, tv), time_share), divide(share(hi, tv), time_share)
        lower, upper = interval_bands(r_lo, r_hi, lo_open, hi_open)
        through = last_year == targets.by[i]
        past = as_of > targets.by[i]
        overlap = length > covered
        # A total to reach (>=, >, and ~ where higher is better) is reached once met; a total not
        # to pass (<=, <, and ~ where lower is better) or to hit (==, and ~ without a direction)
        # is judged at the deadline, and is missed as soon as the sum has passed it: flows only
        # add up. After the deadline without figures through it, the sum so far decides, not
        # finally. Before it, a total to hit is on its way like a total to reach (by R) until
        # it is inside the target, which is on track (it can still be passed).
        comparison = compared(op, direction)
        reach = np.isin(comparison, [OPS.index(">="), OPS.index(">")])
        cap = np.isin(comparison, [OPS.index("<="), OPS.index("<")])
        passed = ~any_ & (cap | (~reach & gt(lo, tv)))
        unusable = conflict | overlap
        status = select_status(
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
        verdicts.status[i] = status
        progress = share(value, tv)
        ratio = divide(progress, time_share)
        verdicts.ratio[i] = np.where(finite(ratio) & ~unusable, ratio, np.nan)
        verdicts.final[i] = through | (((reach & all_) | passed) & ~unusable)
        verdicts.progress[i] = progress
        verdicts.time_share[i] = time_share
        verdicts.points[i] = count[i]
        verdicts.sum_value[i], verdicts.sum_lo[i], verdicts.sum_hi[i] = value, lo, hi
        verdicts.sum_start[i] = first_year
        verdicts.sum_lo_open[i], verdicts.sum_hi_open[i], verdicts.sum_conflict[i] = lo_open, hi_open, conflict
        qualifier = rows.column("qualifier")
        same = np.minimum.reduceat(qualifier, first_of) == np.maximum.reduceat(qualifier, first_of)
        verdicts.sum_qualifier[i] = np.where(same, qualifier[first_of], -1)
        verdicts.row[i] = rows.column("row")[last]
        verdicts.summed_rows = rows.column("row")
        verdicts.sum_from[i], verdicts.sum_to[i] = first_of, last + 1
        if ratio.dtype != object:
            # A sum of n figures carries up to n roundings of the figures' size.
            size_of_sum = total(magnitude(rows.column("lo"), rows.column("hi"))) * count[i]
            with np.errstate(divide="ignore", invalid="ignore"):
                error = FLOAT_ERROR * (size_of_sum / np.abs(tv * time_share) + 2 * np.abs(ratio))
            error = np.where(np.isfinite(error), error, 0.0)
            verdicts.close[i] = too_close(op, tv, half, lo, hi) | ratio_too_close([r_lo, r_hi, ratio], error)

    def ratio_bounds(self, result: TargetResult) -> tuple[float, float] | None:
        if result.target_value is None:
            return None
        return self.bounds(result, 0.0, result.target_value, 0.0)

    def flow_needed(self, result: TargetResult) -> float | None:
        """None for a cap (<=, <): nothing is needed there, and passing it is the failure; None after
        the deadline too."""
        if result.latest is None or result.target_value is None or result.is_cap or result.as_of > result.by:
            return None
        years_left = result.by - result.latest.year
        if years_left <= 0:
            return None
        return (result.target_value - result.latest.value) / years_left

    def start(self, baseline: Point | None, period_start: int) -> Point | None:
        """Nothing, the year before the period."""
        return (period_start - 1, 0.0)

    def planned_path(
        self, baseline: Point | None, target_value: float | None, by: int, period_start: int
    ) -> PlannedPath | None:
        if target_value is None or by <= period_start - 1:
            return None
        return _Total((period_start - 1, 0.0), (by, target_value))

    def points(
        self,
        figures: tuple[Sequence[int], Sequence[int], Sequence[float]],
        baseline: tuple[int | None, float | None],
        period_start: int,
        last: int,
    ) -> tuple[Point, ...]:
        """The running total at each year a figure of the period ends (a span counts at its last year)."""
        totals: dict[int, float] = {}
        running = 0.0
        for y_start, y_end, value in zip(*figures, strict=True):
            if y_start >= period_start and y_end <= last:
                running += value
                totals[y_end] = running
        return tuple(totals.items())

    def trend_points(self, points: tuple[Point, ...], period_start: int) -> tuple[Point, ...]:
        """The running totals from 0 the year before the period."""
        return ((period_start - 1, 0.0), *points) if points else ()

    def still_needed(self, result: TargetResult, say: Phrasing, aim: str) -> str | None:
        flow = result.flow_needed
        if flow is None or result.latest is None:
            return None
        years = say.years(result.latest.year + 1, result.by)
        key = "flow_needed_yearly" if "-" in years else "flow_needed"
        return self.own(say, key, years=years, each=say.amount(flow), aim=aim)

    def why_not_the_band(self, result: TargetResult, say: Phrasing) -> str | None:
        """A total passed before the deadline: it only grows."""
        if result.status is Status.MISSED and result.latest is not None and result.latest.year < result.by:
            return self.own(say, "passed_the_goal")
        return None

    def latest_label(self, say: Phrasing) -> str:
        return self.own(say, "sum")

    def point_note(self, say: Phrasing) -> str:
        return self.own(say, "running_total")


class _Total(PlannedPath):
    """A total's path: the target's share of the period gone, from nothing the year before it."""

    def at(self, year: int) -> float:
        (start, _), (end, total) = self.start, self.end
        return total * (year - start) / (end - start)


def _years_covered(t: np.ndarray, y_start: np.ndarray, y_end: np.ndarray, size: int) -> np.ndarray:
    """Per target position, how many distinct years its pairs' [y_start, y_end] spans cover.

    A target of single years only covers one year per pair (the actuals hold one row per
    year); the years of the targets with spans are counted one by one.
    """
    from tracker.actuals import YEARS, year_key  # here: a kind rule is read without pandas (extract, forms)

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


RULE = Cumulative()
