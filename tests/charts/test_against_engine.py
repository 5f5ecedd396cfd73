"""The chart agrees with the engine: running totals as `tracker.series`, the trend as `tracker explain`.

Through the mapping both reports use (`tracker.render.charted.chart_input`, docs/charts.md,
"The input"), from the report view with its figures (`Report.figures`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import TESTS, plan_with

from tracker.charts.spec import ChartSpec, Role, chart_spec
from tracker.core import evaluate_for_report, explain_target
from tracker.explain import Explanation
from tracker.render.charted import chart_input
from tracker.results import Report, TargetResult

REPO = TESTS.parent


def chart_of(report: Report, result: TargetResult, explanation: Explanation | None = None) -> ChartSpec:
    """The chart the reports draw of `result` (`tracker.render.charted.chart_input`)."""
    plan = next(p for p in report.evaluation.plans if p.id == result.plan_id)
    figures = report.figures.get((result.region, result.indicator), ())
    data = chart_input(result, plan.period_start, report.evaluation, figures, "en")
    assert data is not None
    if explanation is not None:  # the trend the reports draw is the one explain shows
        assert data.trend is not None and explanation.trend_slope is not None
        assert data.trend.slope == explanation.trend_slope and data.trend.at_deadline == explanation.trend_at_deadline
        assert data.trend.from_year == explanation.points[0][0]
    return chart_spec(data)


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
    _, report = evaluate_for_report(root, 2024, charts=True)
    result = report.evaluation.target("demo/recruit")
    assert result is not None
    assert result.series == ((2021, 100.0), (2022, 300.0), (2024, 600.0))
    spec = chart_of(report, result)
    assert [(m.year, m.lo) for m in spec.figures] == list(result.series)  # the lower ends: 超200 is open above
    assert [m.role for m in spec.figures] == [Role.REPORTED, Role.OPEN, Role.OPEN]


def test_the_trend_and_figures_are_those_explain_shows() -> None:
    key = "national-education-2021-2025/preschool-enrolment"
    explanation = explain_target(REPO, key, 2025)
    _, report = evaluate_for_report(REPO, 2025, ["national-education-2021-2025"], charts=True)
    result = report.evaluation.target(key)
    assert result is not None
    spec = chart_of(report, result, explanation)
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


def test_a_view_without_figures_draws_the_series(make_root: Callable[..., Path]) -> None:
    """The summary's detail pages have no `Report.figures`: the chart is drawn from the series, the
    running totals turned back into what each year (or span since the last total) added."""
    target = {"id": "recruit", "indicator": "teachers_recruited", "kind": "cumulative", "target": ">= 1000"}
    rows = [
        ("示例县", "teachers_recruited", "2021", "100"),
        ("示例县", "teachers_recruited", "2022", "200"),
        ("示例县", "teachers_recruited", "2023-2024", "300"),
    ]
    _, report = evaluate_for_report(make_root([plan_with(target)], rows), 2024)
    result = report.evaluation.target("demo/recruit")
    assert result is not None and result.series == ((2021, 100.0), (2022, 300.0), (2024, 600.0))
    data = chart_input(result, 2021, report.evaluation, None, "en")
    assert data is not None
    assert [(f.first_year, f.year, f.value) for f in data.figures] == [
        (2021, 2021, 100),
        (2022, 2022, 200),
        (2023, 2024, 300),
    ]
    spec = chart_spec(data)
    assert [(m.year, m.value, m.role) for m in spec.figures] == [(y, v, Role.REPORTED) for y, v in result.series]
