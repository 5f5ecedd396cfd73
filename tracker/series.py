"""The figures behind each target over time, for the report's charts.

The engine keeps only the latest figure of a target; a chart needs every one. This adds
`TargetResult.series`: (year, value) of the baseline and each figure up to the evaluation
year and the deadline, conflicting figures left out. Cumulative targets get running totals
(a figure spanning several years counts at its last year).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from tracker.dataroot import DataSet
from tracker.models import Kind
from tracker.results import Evaluation, PlanResult, TargetResult

Figures = tuple[list[int], list[int], list[float]]  # y_start, y_end, value of one region and indicator


def with_series(dataset: DataSet, evaluation: Evaluation) -> Evaluation:
    """The evaluation with `series` filled for every level, change, maintain and cumulative target."""
    table = dataset.actuals
    charted = sorted({(t.region, t.indicator) for t in evaluation.targets if t.kind is not Kind.MILESTONE})
    if not charted or table.empty:
        return evaluation
    wanted = pd.MultiIndex.from_arrays([table["region"], table["indicator"]]).isin(pd.MultiIndex.from_tuples(charted))
    keep = wanted & (table["y_end"] <= evaluation.as_of).to_numpy() & ~table["conflict"].astype(bool).to_numpy()
    usable = table[keep].sort_values(["y_end", "y_start"], kind="stable")
    y_start, y_end = usable["y_start"].to_numpy(), usable["y_end"].to_numpy()
    value = usable["value"].to_numpy(dtype=float)
    groups = usable.groupby(["region", "indicator"], sort=False).indices
    rows: dict[tuple[str, str], Figures] = {
        (str(key[0]), str(key[1])): (y_start[at].tolist(), y_end[at].tolist(), value[at].tolist())
        for key, at in groups.items()
    }
    plans = tuple(
        dataclasses.replace(plan, targets=tuple(_with_series(plan, t, rows, evaluation.as_of) for t in plan.targets))
        for plan in evaluation.plans
    )
    return dataclasses.replace(evaluation, plans=plans)


def _with_series(
    plan: PlanResult, result: TargetResult, rows: dict[tuple[str, str], Figures], as_of: int
) -> TargetResult:
    if result.kind is Kind.MILESTONE:
        return result
    starts, ends, values = rows.get((result.region, result.indicator), ([], [], []))
    last = min(as_of, result.by)
    if result.kind is Kind.CUMULATIVE:
        totals: dict[int, float] = {}
        running = 0.0
        for y_start, y_end, value in zip(starts, ends, values, strict=True):
            if y_start >= plan.period_start and y_end <= last:
                running += value
                totals[y_end] = running
        series = tuple(totals.items())
    else:
        first = result.baseline_year if result.baseline_year is not None else plan.period_start - 1
        points = {
            y_end: value
            for y_start, y_end, value in zip(starts, ends, values, strict=True)
            if y_start == y_end and first < y_end <= last
        }
        if result.baseline_year is not None and result.baseline_value is not None:
            points[result.baseline_year] = result.baseline_value
        series = tuple(sorted(points.items()))
    return dataclasses.replace(result, series=series) if series else result
