"""The arithmetic behind one target's status, for `tracker explain`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tracker.dataroot import DataSet
from tracker.errors import fail, suggestion
from tracker.models import Kind
from tracker.results import Evaluation, TargetResult

GAP_KINDS = (Kind.LEVEL, Kind.CHANGE)


@dataclass(frozen=True)
class Explanation:
    """A result with the figures behind it and where their least-squares trend leads.

    `points` are (year, value) of the baseline and the single-year figures (level, change,
    maintain), or the running total of a cumulative target from 0 the year before its window.
    """

    result: TargetResult
    points: tuple[tuple[int, float], ...]
    trend_slope: float | None = None
    trend_at_deadline: float | None = None
    failed_years: tuple[int, ...] = ()  # maintain: the years whose figure certainly fell short

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
    if result.kind is Kind.CUMULATIVE:
        points = _running_totals(dataset, evaluation, result)
    else:
        points = _points(dataset, evaluation, result)
    trend = _trend(points, result.by) if result.kind in (*GAP_KINDS, Kind.CUMULATIVE) else (None, None)
    failed = _failed_years(dataset, evaluation, result) if result.kind is Kind.MAINTAIN else ()
    return Explanation(result, points, *trend, failed_years=failed)


def _failed_years(dataset: DataSet, evaluation: Evaluation, result: TargetResult) -> tuple[int, ...]:
    """The years of a maintain target whose figure certainly fails it, by the engine's own rule
    (`meets`), in exact arithmetic (a few rows)."""
    from tracker.engine import meets
    from tracker.noise import exact
    from tracker.plans import DIRECTIONS, OPS

    plan = dataset.plan(result.plan_id).model
    rows = _rows(dataset, result)
    rows = rows[
        (rows["y_start"] == rows["y_end"])
        & (rows["y_end"] >= plan.period.start)
        & (rows["y_end"] <= min(evaluation.as_of, result.by))
        & ~rows["conflict"]
    ]
    if rows.empty or result.target_value is None:
        return ()
    size = len(rows)

    def same(value: float | int) -> np.ndarray:
        return np.full(size, value)

    half = (result.target_step or 0.0) / 2
    _, some = meets(
        same(OPS.index(result.op or "")),
        exact(same(result.target_value)),
        exact(same(half)),
        same(DIRECTIONS[result.better]),
        exact(rows["lo"].to_numpy(dtype=float)),
        exact(rows["hi"].to_numpy(dtype=float)),
        rows["lo_open"].to_numpy(dtype=bool),
        rows["hi_open"].to_numpy(dtype=bool),
    )
    return tuple(sorted(int(year) for year in rows["y_end"].to_numpy()[~some]))


def _rows(dataset: DataSet, result: TargetResult) -> pd.DataFrame:
    table = dataset.actuals.frame
    return table[(table["region"] == result.region) & (table["indicator"] == result.indicator)]


def _points(dataset: DataSet, evaluation: Evaluation, result: TargetResult) -> tuple[tuple[int, float], ...]:
    """(year, value) of the baseline and every single-year figure after it up to as_of and the deadline."""
    plan = dataset.plan(result.plan_id).model
    rows = _rows(dataset, result)
    rows = rows[
        (rows["y_start"] == rows["y_end"]) & (rows["y_end"] <= min(evaluation.as_of, result.by)) & ~rows["conflict"]
    ]
    first = result.baseline_year if result.baseline_year is not None else plan.period.start - 1
    points = {int(y): float(v) for y, v in zip(rows["y_end"], rows["value"], strict=True) if y > first}
    if result.baseline_year is not None and result.baseline_value is not None:
        points[result.baseline_year] = result.baseline_value
    return tuple(sorted(points.items()))


def _running_totals(dataset: DataSet, evaluation: Evaluation, result: TargetResult) -> tuple[tuple[int, float], ...]:
    """The running total of a cumulative target at each year a figure ends, from 0 before its window.

    The same sums as the report's chart (a span counts at its last year; conflicting figures
    are left out), so the trend is fitted to what the chart shows.
    """
    from tracker.series import with_series

    plan = next(p for p in evaluation.plans if p.id == result.plan_id)
    charted = with_series(dataset, evaluation).target(result.key)
    totals = charted.series if charted is not None else ()
    if not totals:
        return ()
    return ((plan.period_start - 1, 0.0), *totals)


def _trend(points: tuple[tuple[int, float], ...], deadline: int) -> tuple[float | None, float | None]:
    """Least-squares slope per year and where that line is at the deadline (two or more points)."""
    if len(points) < 2:
        return None, None
    years = np.array([p[0] for p in points], dtype=float)
    values = np.array([p[1] for p in points], dtype=float)
    slope, intercept = np.polyfit(years, values, 1)
    return float(slope), float(slope * deadline + intercept)
