"""The figures behind each target over time, for the report's charts.

The engine keeps only the latest figure of a target; a chart needs every one. This adds
`TargetResult.series`: (year, value) of the baseline and each figure up to the evaluation
year and the deadline, conflicting figures left out. Cumulative targets get running totals
(a figure spanning several years counts at its last year).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from tracker.dataroot import DataSet
from tracker.models import Kind
from tracker.results import Evaluation, PlanResult, TargetResult

Rows = dict[tuple[str, str], list[tuple[int, int, float]]]


def with_series(dataset: DataSet, evaluation: Evaluation) -> Evaluation:
    """The evaluation with `series` filled for every level, change, maintain and cumulative target."""
    table = dataset.actuals
    usable = table[(table["y_end"] <= evaluation.as_of) & ~table["conflict"].astype(bool)]
    rows: Rows = defaultdict(list)
    for region, indicator, y_start, y_end, value in zip(
        usable["region"], usable["indicator"], usable["y_start"], usable["y_end"], usable["value"], strict=True
    ):
        rows[(str(region), str(indicator))].append((int(y_start), int(y_end), float(value)))
    for figures in rows.values():
        figures.sort()
    plans = tuple(
        dataclasses.replace(plan, targets=tuple(_with_series(plan, t, rows, evaluation.as_of) for t in plan.targets))
        for plan in evaluation.plans
    )
    return dataclasses.replace(evaluation, plans=plans)


def _with_series(plan: PlanResult, result: TargetResult, rows: Rows, as_of: int) -> TargetResult:
    figures = rows.get((result.region, result.indicator), [])
    last = min(as_of, result.by)
    if result.kind is Kind.MILESTONE:
        return result
    if result.kind is Kind.CUMULATIVE:
        totals: dict[int, float] = {}
        running = 0.0
        for y_start, y_end, value in sorted(figures, key=lambda f: (f[1], f[0])):
            if y_start >= plan.period_start and y_end <= last:
                running += value
                totals[y_end] = running
        return dataclasses.replace(result, series=tuple(sorted(totals.items())))
    first = result.baseline_year if result.baseline_year is not None else plan.period_start - 1
    points = {y_end: value for y_start, y_end, value in figures if y_start == y_end and first < y_end <= last}
    if result.baseline_year is not None and result.baseline_value is not None:
        points[result.baseline_year] = result.baseline_value
    return dataclasses.replace(result, series=tuple(sorted(points.items())))
