"""The figures behind each target over time, for the report's charts.

The engine keeps only the latest figure of a target; a chart needs every one. This adds
`TargetResult.series`: the figures that count over time, by the target's kind
(`KindRule.points`: the baseline and each single-year figure up to the evaluation year and
the deadline; running totals for a cumulative target), conflicting figures left out.
`chart_figures` gives a chart every figure of those targets, qualified and conflicting ones
included, for the formats that draw them as intervals and marks (`tracker.charts`).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from tracker import kinds
from tracker.columns import number_or_none
from tracker.dataroot import DataSet
from tracker.results import Evaluation, Figure, ResultStore

Figures = tuple[list[int], list[int], list[float]]  # y_start, y_end, value of one region and indicator


def with_series(dataset: DataSet, evaluation: Evaluation) -> Evaluation:
    """The evaluation with `series` filled for every target of a charted kind (`KindRule.points`)."""
    table = dataset.actuals.frame
    charted = [
        (plan, i) for plan in evaluation.plans for i in plan.positions if kinds.rule(plan.columns.specs[i].kind).charted
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
        figures = rows.get((plan.region, spec.indicator)) or ([], [], [])
        last = min(columns.as_of, spec.by)
        points = kinds.rule(spec.kind).points(figures, (spec.baseline_year, baseline), plan.period_start, last)
        if points:
            series.setdefault(id(columns), {})[i] = points
    by_columns: dict[int, ResultStore] = {}
    plans = []
    for plan in evaluation.plans:
        if id(plan.columns) not in by_columns:
            by_columns[id(plan.columns)] = plan.columns.with_series(series.get(id(plan.columns), {}))
        plans.append(dataclasses.replace(plan, columns=by_columns[id(plan.columns)]))
    return dataclasses.replace(evaluation, plans=tuple(plans))


def chart_figures(dataset: DataSet, evaluation: Evaluation) -> dict[tuple[str, str], tuple[Figure, ...]]:
    """Every figure of the (region, indicator) of each target with a series, conflicting ones
    included and in year order: what a chart draws (qualifiers as intervals, conflicts marked)."""
    wanted = {(t.region, t.indicator) for t in evaluation.targets if t.series}
    table = dataset.actuals.frame
    if not wanted or table.empty:
        return {}
    rows = table[table["y_end"] <= evaluation.as_of]
    keys = pd.MultiIndex.from_arrays([rows["region"].astype(str), rows["indicator"].astype(str)])
    rows = rows[keys.isin(list(wanted))].sort_values(["y_end", "y_start"], kind="stable")
    columns = [
        rows[name].tolist()
        for name in ("y_end", "y_start", "value", "qualifier", "written", "lo", "hi", "lo_open", "hi_open", "conflict")
    ]
    found: dict[tuple[str, str], list[Figure]] = {}
    for region, indicator, *values in zip(
        rows["region"].astype(str).tolist(), rows["indicator"].astype(str).tolist(), *columns, strict=True
    ):
        year, start, value, qualifier, written, lo, hi, lo_open, hi_open, conflict = values
        found.setdefault((region, indicator), []).append(
            Figure(
                int(year),
                int(start),
                float(value),
                str(qualifier),
                "" if written is None or written != written else str(written),
                float(lo),
                float(hi),
                bool(lo_open),
                bool(hi_open),
                bool(conflict),
            )
        )
    return {key: tuple(figures) for key, figures in found.items()}
