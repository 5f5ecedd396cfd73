"""The arithmetic behind one target's status, for `tracker explain`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracker.dataroot import DataSet
from tracker.errors import fail, suggestion
from tracker.models import Kind
from tracker.results import Evaluation, TargetResult

GAP_KINDS = (Kind.LEVEL, Kind.CHANGE)


@dataclass(frozen=True)
class Explanation:
    """A result with the figures behind it and where their least-squares trend leads."""

    result: TargetResult
    points: tuple[tuple[int, float], ...]
    trend_slope: float | None = None
    trend_at_deadline: float | None = None

    @property
    def pace_so_far(self) -> float | None:
        """Average yearly change from the baseline to the latest figure."""
        r = self.result
        if r.latest is None or r.baseline_value is None or r.baseline_year is None or r.kind not in GAP_KINDS:
            return None
        return (r.latest.value - r.baseline_value) / (r.latest.year - r.baseline_year)


def explain(dataset: DataSet, evaluation: Evaluation, key: str) -> Explanation:
    """Explain the result `PLAN/TARGET` of `evaluation`; TRK404 when there is no such target."""
    result = evaluation.target(key)
    if result is None:
        plan_id, _, target_id = key.partition("/")
        spec = dataset.plan(plan_id)
        raise fail(
            "TRK404", target=target_id, plan=plan_id, suggestion=suggestion(target_id, [t.id for t in spec.targets])
        )
    points = _points(dataset, evaluation, result)
    if result.kind not in GAP_KINDS:
        return Explanation(result, points)
    return Explanation(result, points, *_trend(points, result.by))


def _points(dataset: DataSet, evaluation: Evaluation, result: TargetResult) -> tuple[tuple[int, float], ...]:
    """(year, value) of the baseline and every single-year figure after it up to as_of and the deadline."""
    table = dataset.actuals.frame
    plan = dataset.plan(result.plan_id).model
    rows = table[
        (table["region"] == plan.region)
        & (table["indicator"] == result.indicator)
        & (table["y_start"] == table["y_end"])
        & (table["y_end"] <= min(evaluation.as_of, result.by))
        & ~table["conflict"]
    ]
    first = result.baseline_year if result.baseline_year is not None else plan.period.start - 1
    points = {int(y): float(v) for y, v in zip(rows["y_end"], rows["value"], strict=True) if y > first}
    if result.baseline_year is not None and result.baseline_value is not None:
        points[result.baseline_year] = result.baseline_value
    return tuple(sorted(points.items()))


def _trend(points: tuple[tuple[int, float], ...], deadline: int) -> tuple[float | None, float | None]:
    """Least-squares slope per year and where that line is at the deadline (two or more points)."""
    if len(points) < 2:
        return None, None
    years = np.array([p[0] for p in points], dtype=float)
    values = np.array([p[1] for p in points], dtype=float)
    slope, intercept = np.polyfit(years, values, 1)
    return float(slope), float(slope * deadline + intercept)
