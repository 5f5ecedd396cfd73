"""The chart agrees with the engine: running totals as `tracker.series`, the trend as `tracker explain`.

`chart_input` below maps today's results model onto `ChartInput`; it is the sketch of what the
HTML renderer will do (docs/charts.md, "The input").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import TESTS, plan_with

from tracker.charts.inputs import ChartFigure, ChartGoal, ChartInput, ChartTrend, Scale
from tracker.charts.spec import Role, chart_spec
from tracker.core import evaluate_for_report, explain_target
from tracker.dataroot import DataSet
from tracker.explain import Explanation
from tracker.results import Evaluation, TargetResult

REPO = TESTS.parent


def figures_of(dataset: DataSet, result: TargetResult) -> tuple[ChartFigure, ...]:
    table = dataset.actuals.frame
    rows = table[(table["region"] == result.region) & (table["indicator"] == result.indicator)]
    return tuple(
        ChartFigure(
            year=int(row.y_end),
            value=float(row.value),
            lo=float(row.lo),
            hi=float(row.hi),
            qualifier=str(row.qualifier),
            written=str(row.written),
            lo_open=bool(row.lo_open),
            hi_open=bool(row.hi_open),
            conflict=bool(row.conflict),
            year_start=int(row.y_start),
        )
        for row in rows.itertuples()
    )


def chart_input(
    dataset: DataSet, evaluation: Evaluation, result: TargetResult, explanation: Explanation | None
) -> ChartInput:
    plan = next(p for p in evaluation.plans if p.id == result.plan_id)
    unit = evaluation.indicators[result.indicator].unit
    trend = None
    if explanation is not None and explanation.trend_slope is not None and explanation.trend_at_deadline is not None:
        trend = ChartTrend(explanation.points[0][0], explanation.trend_slope, explanation.trend_at_deadline)
    baseline = None
    if result.baseline_year is not None and result.baseline_value is not None:
        baseline = (result.baseline_year, result.baseline_value)
    assert result.op is not None and result.target_value is not None
    return ChartInput(
        indicator=evaluation.indicators[result.indicator].name,
        unit="%" if unit == "percent" else unit,
        scale=Scale.PERCENT if unit == "percent" else Scale.AMOUNT,
        kind=result.kind,
        figures=figures_of(dataset, result),
        goal=ChartGoal(result.op, result.target_value, result.by),
        as_of=evaluation.as_of,
        period_start=plan.period_start,
        baseline=baseline,
        trend=trend,
    )


def test_running_totals_are_the_report_series(make_root: Callable[..., Path]) -> None:
    target = {"id": "recruit", "indicator": "teachers_recruited", "kind": "cumulative", "target": ">= 1000"}
    rows = [
        ("示例县", "teachers_recruited", "2020", "999"),  # before the window
        ("示例县", "teachers_recruited", "2021", "100"),
        ("示例县", "teachers_recruited", "2022", "超200"),
        ("示例县", "teachers_recruited", "2023-2024", "300"),
        ("示例县", "teachers_recruited", "2025", "400"),  # after the as-of year
    ]
    root = make_root([plan_with(target)], rows)
    dataset, report = evaluate_for_report(root, 2024)
    evaluation = report.evaluation
    result = evaluation.target("demo/recruit")
    assert result is not None
    assert result.series == ((2021, 100.0), (2022, 300.0), (2024, 600.0))
    spec = chart_spec(chart_input(dataset, evaluation, result, None))
    assert [(m.year, m.lo) for m in spec.figures] == list(result.series)  # the lower ends: 超200 is open above
    assert [m.role for m in spec.figures] == [Role.REPORTED, Role.OPEN, Role.OPEN]


def test_the_trend_and_figures_are_those_explain_shows() -> None:
    key = "national-education-2021-2025/preschool-enrolment"
    explanation = explain_target(REPO, key, 2025)
    dataset, report = evaluate_for_report(REPO, 2025, ["national-education-2021-2025"])
    report_evaluation = report.evaluation
    result = report_evaluation.target(key)
    assert result is not None
    spec = chart_spec(chart_input(dataset, report_evaluation, result, explanation))
    baseline = spec.point(Role.BASELINE)
    assert baseline is not None
    drawn = [(baseline.year, baseline.value)] + [(m.year, m.value) for m in spec.figures]
    assert tuple(drawn) == explanation.points == result.series
    trend = spec.line(Role.TREND)
    assert trend is not None and explanation.trend_at_deadline is not None
    assert trend.points[-1] == (2025, explanation.trend_at_deadline)
    # By hand, the baseline 85.2 (2020) and the bulletins' 88.1, 89.7, 91.1, 92.0, 92.9 (2021-2025):
    # x̄ = 2022.5, ȳ = 539 / 6, Sxx = 17.5, Sxy = 25.8, slope = 1.4743; at 2025: 89.833 + 2.5 x 1.4743 = 93.52.
    assert round(explanation.trend_at_deadline, 2) == 93.52
    assert explanation.evaluation.as_of == 2025
