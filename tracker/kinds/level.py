"""level: a value to reach by the deadline (学前教育毛入园率 ≥ 95% by 2025), from a baseline.

The latest single-year figure after the baseline year is compared with the goal. Before the
deadline the band of R decides: R = (value - baseline) / (goal - baseline) over the share of
the time from the baseline year to the deadline. A figure for the deadline year decides for
good; after the deadline without one, the latest earlier figure decides between achieved and
missed only, not finally (README, "Status rules").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from tracker.bands import NO_BAND
from tracker.judging import (
    FLOAT_ERROR,
    S,
    divide,
    interval_bands,
    magnitude,
    meets,
    ratio_too_close,
    select_status,
    share,
    too_close,
)
from tracker.kinds.base import KindRule, Phrasing
from tracker.noise import finite, missing

if TYPE_CHECKING:
    from tracker.judging import Pairs, TargetArrays, Verdicts
    from tracker.results import TargetResult


class Level(KindRule):
    name = "level"
    needs_baseline = True
    has_trend = True
    judged_by_latest = True
    compared_with_parent = True
    undefined_without_baseline: ClassVar[bool] = False  # with no baseline value, still met or missed at the deadline
    WORDS = {
        "pace_needed": {
            "zh": "{year}年后需每年{step}，才能实现{aim}",
            "en": "needs {step}/year after {year} to reach {aim}",
        },
    }

    def window(self, targets: TargetArrays, at: np.ndarray, as_of: int) -> tuple[np.ndarray, np.ndarray]:
        """After the baseline year (no figure at all without one) up to the deadline or `as_of`."""
        t0, end = targets.t0[at], targets.end[at]
        no_baseline = np.isnan(t0)
        after_baseline = np.where(no_baseline, 0, t0).astype(np.int64) + 1
        return np.where(no_baseline, end + 1, after_baseline), end

    def goal_values(self, target_value: np.ndarray, baseline_value: np.ndarray) -> np.ndarray:
        """The value to reach, compared as a figure: the target value."""
        return target_value

    def task(self, target_value: np.ndarray, goal: np.ndarray, baseline_value: np.ndarray) -> np.ndarray:
        """How far the target asks to go: from the baseline to the goal."""
        found: np.ndarray = goal - baseline_value
        return found

    def judge(self, targets: TargetArrays, pairs: Pairs, verdicts: Verdicts, mine: np.ndarray, as_of: int) -> None:
        """The latest single-year figure in the window against the goal, by `meets` and the band of R."""
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
        # The value to reach (for a change, the baseline plus it: compared as figures, not
        # as differences, so that noise is judged at the figures' size).
        goal = self.goal_values(targets.tv[i], y0)
        lo, hi, value = latest.column("lo"), latest.column("hi"), latest.column("value")
        lo_open, hi_open = latest.column("lo_open"), latest.column("hi_open")
        op, half = targets.op[i], targets.half[i]
        all_, any_ = meets(op, goal, half, targets.direction[i], lo, hi, lo_open, hi_open)
        year, t0, by = latest.column("y_end"), targets.t0[i], targets.by[i]
        time_share = (year - t0) / (by - t0)
        whole = self.task(targets.tv[i], goal, y0)
        r_lo, r_hi = divide(share(lo - y0, whole), time_share), divide(share(hi - y0, whole), time_share)
        lower, upper = interval_bands(r_lo, r_hi, lo_open, hi_open)
        at_deadline = year == by
        decided = at_deadline | (as_of > by)  # the deadline has passed: no pace, met or not
        conflict = latest.column("conflict")
        no_baseline = missing(y0)
        verdicts.status[i] = select_status(
            [
                conflict,
                no_baseline & self.undefined_without_baseline,
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
        progress = share(value - y0, whole)
        ratio = divide(progress, time_share)
        verdicts.ratio[i] = np.where(finite(ratio) & ~conflict, ratio, np.nan)
        verdicts.final[i] = at_deadline
        verdicts.row[i] = latest.column("row")
        verdicts.progress[i] = progress
        verdicts.time_share[i] = time_share
        verdicts.points[i] = 1
        if ratio.dtype != object:
            with np.errstate(divide="ignore", invalid="ignore"):
                error = FLOAT_ERROR * (
                    magnitude(lo, hi, y0) / np.abs(whole * time_share)
                    + np.abs(ratio) * (2 + magnitude(goal, y0) / np.abs(whole))
                )
            error = np.where(np.isfinite(error), error, 0.0)  # no R (no baseline, no task): no band to miss
            verdicts.close[i] = too_close(op, goal, half, lo, hi) | ratio_too_close([r_lo, r_hi, ratio], error)

    def ratio_bounds(self, result: TargetResult) -> tuple[float, float] | None:
        if result.target_value is None or result.baseline_value is None:
            return None
        return self.bounds(result, result.baseline_value, result.target_value - result.baseline_value, 0.0)

    def goal_to_reach(self, result: TargetResult) -> float | None:
        """The value the latest figure must reach."""
        return result.target_value

    def pace_needed(self, result: TargetResult) -> float | None:
        goal = self.goal_to_reach(result)
        if result.latest is None or result.target_value is None or goal is None or result.as_of > result.by:
            return None
        years_left = result.by - result.latest.year
        if years_left <= 0:
            return None
        return (goal - result.latest.value) / years_left

    def pace_so_far(self, result: TargetResult) -> float | None:
        latest, year, value = result.latest, result.baseline_year, result.baseline_value
        if latest is None or value is None or year is None:
            return None
        return (latest.value - value) / (latest.year - year)

    def still_needed(self, result: TargetResult, say: Phrasing, aim: str) -> str | None:
        pace = result.pace_needed
        if pace is None or result.latest is None:
            return None
        return self.own(say, "pace_needed", year=result.latest.year, step=say.amount(pace, sign=True), aim=aim)

    def baseline_missing_applies(self, result: TargetResult) -> bool:
        """Not once the deadline has come: met or missed needs no start (the interval straddles the goal)."""
        latest = result.latest
        return not (latest is not None and (latest.year == result.by or result.as_of > result.by))


RULE = Level()
