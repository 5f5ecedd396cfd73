"""The arithmetic behind one target's status, for `tracker explain`."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from tracker import kinds
from tracker.above import Above, goals_above
from tracker.dataroot import DataSet
from tracker.errors import fail, suggestion
from tracker.results import Evaluation, TargetResult


@dataclass(frozen=True)
class Explanation:
    """A result with the figures behind it and where their least-squares trend leads.

    `points` are the figures that count over time, by the target's kind (`KindRule.points`:
    the baseline and the single-year figures; the running total of a cumulative target).
    `evaluation` is the one the result is of (its indicators' names and units).
    """

    evaluation: Evaluation
    result: TargetResult
    points: tuple[tuple[int, float], ...]
    trend_slope: float | None = None
    trend_at_deadline: float | None = None
    failed_years: tuple[int, ...] = ()  # maintain: the years whose figure certainly fell short
    above: Above | None = None  # the goal of the plan above on the same indicator (`tracker.above`)

    @property
    def lo_open(self) -> bool:
        """Whether the latest figure's interval excludes its lower end."""
        return self.result.latest is not None and self.result.latest.lo_open

    @property
    def hi_open(self) -> bool:
        return self.result.latest is not None and self.result.latest.hi_open

    @property
    def conflicting(self) -> bool:
        """Whether the latest figure merges figures for the same year that contradict each other."""
        return self.result.latest is not None and self.result.latest.conflict

    @property
    def pace_so_far(self) -> float | None:
        """Average yearly change from the baseline to the latest figure."""
        return kinds.rule(self.result.kind).pace_so_far(self.result)


def explain(dataset: DataSet, evaluation: Evaluation, key: str) -> Explanation:
    """Explain the result `PLAN/TARGET` of `evaluation`; TRK404 when there is no such target."""
    result = evaluation.target(key)
    if result is None:
        plan_id, _, target_id = key.partition("/")
        spec = dataset.plan(plan_id)
        raise fail(
            "TRK404", target=target_id, plan=plan_id, suggestion=suggestion(target_id, [t.id for t in spec.targets])
        )
    rule = kinds.rule(result.kind)
    period_start = dataset.plan(result.plan_id).model.period.start
    rows = _rows(dataset, result)
    usable = rows[(rows["y_end"] <= evaluation.as_of) & ~rows["conflict"]]
    figures = (usable["y_start"].tolist(), usable["y_end"].tolist(), usable["value"].astype(float).tolist())
    last = min(evaluation.as_of, result.by)
    points = rule.points(figures, (result.baseline_year, result.baseline_value), period_start, last)
    trend = least_squares(rule.trend_points(points, period_start), result.by) if rule.has_trend else (None, None)
    failed = rule.failed_years(rows, result, period_start, evaluation.as_of)
    above = goals_above(dataset, evaluation).get(key)
    return Explanation(
        evaluation, result, rule.trend_points(points, period_start), *trend, failed_years=failed, above=above
    )


def _rows(dataset: DataSet, result: TargetResult) -> pd.DataFrame:
    """The actuals of the target's region and indicator, in year order."""
    table = dataset.actuals.frame
    return table[(table["region"] == result.region) & (table["indicator"] == result.indicator)]


def least_squares(points: tuple[tuple[int, float], ...], deadline: int) -> tuple[float | None, float | None]:
    """Least-squares slope per year and where that line is at the deadline (two or more points).

    In closed form around the mean year (slope = Sxy / Sxx), which is what `numpy.polyfit` of
    degree 1 computes, without its setup: the report draws this line for every charted target."""
    if len(points) < 2:
        return None, None
    count = len(points)
    mean_year = math.fsum(year for year, _ in points) / count
    mean_value = math.fsum(value for _, value in points) / count
    sxx = math.fsum((year - mean_year) ** 2 for year, _ in points)
    if sxx == 0:
        return None, None
    slope = math.fsum((year - mean_year) * (value - mean_value) for year, value in points) / sxx
    return slope, mean_value + slope * (deadline - mean_year)
