"""The figures behind each target over time, for the report's charts.

The engine keeps only the latest figure of a target; a chart needs every one. This adds
`TargetResult.series`: (year, value) of the baseline and each figure up to the evaluation
year and the deadline, conflicting figures left out. Cumulative targets get running totals
(a figure spanning several years counts at its last year).
"""

from __future__ import annotations

import dataclasses

from tracker.dataroot import DataSet
from tracker.models import Kind
from tracker.plans import TargetSpec
from tracker.results import Evaluation, PlanResult, ResultColumns, number_or_none

Figures = tuple[list[int], list[int], list[float]]  # y_start, y_end, value of one region and indicator


def with_series(dataset: DataSet, evaluation: Evaluation) -> Evaluation:
    """The evaluation with `series` filled for every level, change, maintain and cumulative target."""
    table = dataset.actuals.frame
    charted = [
        (plan, i)
        for plan in evaluation.plans
        for i in plan.positions
        if plan.columns.specs[i].kind is not Kind.MILESTONE
    ]
    if not charted or table.empty:
        return evaluation
    usable = table[(table["y_end"] <= evaluation.as_of).to_numpy() & ~table["conflict"].to_numpy()]
    usable = usable.sort_values(["y_end", "y_start"], kind="stable")
    y_start, y_end = usable["y_start"].to_numpy(), usable["y_end"].to_numpy()
    value = usable["value"].to_numpy(dtype=float)
    groups = usable.groupby(["region", "indicator"], sort=False, observed=True).indices
    rows: dict[tuple[str, str], Figures] = {
        (str(key[0]), str(key[1])): (y_start[at].tolist(), y_end[at].tolist(), value[at].tolist())
        for key, at in groups.items()
    }
    series: dict[int, dict[int, tuple[tuple[int, float], ...]]] = {}  # per results columns (by id), by position
    for plan, i in charted:
        columns = plan.columns
        spec = columns.specs[i]
        baseline = number_or_none(float(columns.baseline_value[i]))
        points = _series(plan, spec, baseline, rows.get((plan.region, spec.indicator)), columns.as_of)
        if points:
            series.setdefault(id(columns), {})[i] = points
    by_columns: dict[int, ResultColumns] = {}
    plans = []
    for plan in evaluation.plans:
        if id(plan.columns) not in by_columns:
            by_columns[id(plan.columns)] = plan.columns.with_series(series.get(id(plan.columns), {}))
        plans.append(dataclasses.replace(plan, columns=by_columns[id(plan.columns)]))
    return dataclasses.replace(evaluation, plans=tuple(plans))


def _series(
    plan: PlanResult, spec: TargetSpec, baseline_value: float | None, figures: Figures | None, as_of: int
) -> tuple[tuple[int, float], ...]:
    starts, ends, values = figures or ([], [], [])
    last = min(as_of, spec.by)
    if spec.kind is Kind.CUMULATIVE:
        totals: dict[int, float] = {}
        running = 0.0
        for y_start, y_end, value in zip(starts, ends, values, strict=True):
            if y_start >= plan.period_start and y_end <= last:
                running += value
                totals[y_end] = running
        return tuple(totals.items())
    first = spec.baseline_year if spec.baseline_year is not None else plan.period_start - 1
    points = {
        y_end: value
        for y_start, y_end, value in zip(starts, ends, values, strict=True)
        if y_start == y_end and first < y_end <= last
    }
    if spec.baseline_year is not None and baseline_value is not None:
        points[spec.baseline_year] = baseline_value
    return tuple(sorted(points.items()))
