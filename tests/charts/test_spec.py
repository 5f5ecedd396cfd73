"""The chart rules, on hand-made inputs with hand-computed expectations (docs/charts.md)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from charts.samples import (
    COUNTY_QUALIFIED,
    EARLY_FAR_GOAL,
    LARGE_CLASSES,
    MAINTAIN_RATE,
    MYOPIA_CHANGE,
    NATIONAL_PRESCHOOL,
    NATIONAL_PRESCHOOL_EN,
    NEW_PLACES,
    exact,
)
from tracker.charts.axes import nice_step, value_range, y_axis
from tracker.charts.inputs import ChartFigure, ChartGoal, ChartTrend, Scale
from tracker.charts.spec import Role, chart_spec
from tracker.models import Kind

INF = math.inf


def ticks(lo: int, hi: int, step: int) -> tuple[float, ...]:
    return tuple(float(v) for v in range(lo, hi + 1, step))


# --- the y axis ------------------------------------------------------------------------------


def test_a_rate_axis_keeps_baseline_and_goal_in_view_without_starting_at_zero() -> None:
    # values 85.2 (baseline) .. 92 (2024); span max(2 x 6.8, 20) = 20 around 88.6: 78.6..98.6,
    # ticks of 5 (20/6 = 3.3 -> 5): 75..100
    spec = chart_spec(NATIONAL_PRESCHOOL)
    assert (spec.y.lo, spec.y.hi) == (75, 100)
    assert spec.y.ticks == ticks(75, 100, 5)
    assert spec.y.labels[0] == "75%"
    assert not spec.y.from_zero
    assert spec.y_note == "纵轴从 75% 起"
    assert spec.y.contains(90) and spec.y.contains(85.2)


def test_the_axis_includes_a_goal_three_years_ahead_of_the_as_of_year() -> None:
    # as of 2022 the figures are 81..83.5, the goal 95 (2025): span max(2 x 14, 20) = 28 around 88
    # is 74..102, moved under 100: 72..100, ticks of 5: 70..100
    spec = chart_spec(EARLY_FAR_GOAL)
    assert EARLY_FAR_GOAL.as_of < EARLY_FAR_GOAL.goal.by  # type: ignore[union-attr]
    assert max(f.hi for f in spec.figures) == 83.5
    assert (spec.y.lo, spec.y.hi) == (70, 100)
    goal = spec.point(Role.GOAL)
    assert goal is not None and (goal.year, goal.value) == (2025, 95)
    assert spec.x.contains(2025)
    assert spec.as_of == 2022 and spec.as_of_label == "评估年份 2022"


def test_an_amount_axis_reaching_a_distant_total_starts_at_zero() -> None:
    # a cumulative 6,000 places with 5,300 at most reported: 0..6000 in steps of 1000
    spec = chart_spec(NEW_PLACES)
    assert (spec.y.lo, spec.y.hi) == (0, 6000)
    assert spec.y.ticks == ticks(0, 6000, 1000)
    assert spec.y.from_zero and spec.y_note == ""


def test_counts_start_at_zero_even_far_from_it() -> None:
    # 10..120 classes: 0..120 in steps of 20 (120/6)
    spec = chart_spec(LARGE_CLASSES)
    assert (spec.y.lo, spec.y.hi) == (0, 120)
    assert spec.y.ticks == ticks(0, 120, 20)
    high = dataclasses.replace(LARGE_CLASSES, baseline=(2020, 1020.0), figures=(exact(2021, 1000), exact(2024, 990)))
    assert chart_spec(high).y.lo == 0  # not cut to 900..1100


@pytest.mark.parametrize(
    ("values", "scale", "expected"),
    [
        # span max(2 x 1.62, 20) = 20 around 94.19 is 84.19..104.19: kept under 100 -> 80..100
        ([93.38, 95.0], Scale.PERCENT, (80.0, 100.0, False)),
        # 5..12: 20 around 8.5 is -1.5..18.5; it would start within half its span of zero -> 0..18.5
        ([5.0, 12.0], Scale.PERCENT, (0.0, 18.5, True)),
        # 40..90: 100 around 65 is 15..115, moved under 100 -> 0..100
        ([40.0, 90.0], Scale.PERCENT, (0.0, 100.0, True)),
        # pupils per teacher 13.5..16.8: max(2 x 3.3, 0.2 x 16.8) = 6.6 around 15.15
        ([13.5, 16.8, 15.0], Scale.RATE, (11.85, 18.45, False)),
        # above 100 percent (a gross enrolment rate): not squeezed under 100
        ([98.0, 104.0], Scale.PERCENT, (91.0, 111.0, False)),
        # amounts: from zero
        ([350.0, 420.0], Scale.AMOUNT, (0.0, 420.0, True)),
    ],
)
def test_the_rate_rule(values: list[float], scale: Scale, expected: tuple[float, float, bool]) -> None:
    lo, hi, from_zero = value_range(values, scale)
    assert (round(lo, 9), round(hi, 9), from_zero) == expected


def test_ticks_are_round_and_cover_the_range() -> None:
    assert nice_step(6.6) == 2  # 6.6 / 6 = 1.1: 1 gives 7 parts, 2 gives 4
    assert nice_step(20) == 5
    assert nice_step(120) == 20
    assert nice_step(0.3) == 0.05
    axis = y_axis([13.5, 16.8, 15.0], Scale.RATE, str)
    assert (axis.lo, axis.hi, axis.ticks) == (10, 20, (10.0, 12.0, 14.0, 16.0, 18.0, 20.0))
    axis = y_axis([0.1, 0.7], Scale.AMOUNT, str)
    assert axis.ticks == (0.0, 0.2, 0.4, 0.6, 0.8)  # no 0.6000000000000001


# --- years -----------------------------------------------------------------------------------


def test_a_missing_year_leaves_a_gap_on_a_value_axis() -> None:
    # figures for 2021, 2023 and 2024; 2022 has a tick and nothing drawn
    spec = chart_spec(LARGE_CLASSES)
    assert spec.x.ticks == ticks(2020, 2025, 1)
    assert [m.year for m in spec.figures] == [2021, 2023, 2024]
    assert spec.figure_at(2022) is None
    # the straight path is one segment from the baseline to the goal, whatever years have figures
    path = spec.line(Role.PATH)
    assert path is not None and path.points == ((2020, 120.0), (2025, 10))


def test_years_far_apart_are_labelled_sparsely_but_every_year_has_a_tick() -> None:
    data = dataclasses.replace(
        NATIONAL_PRESCHOOL, baseline=(2000, 40.0), figures=(exact(2010, 60), exact(2024, 92)), trend=None
    )
    spec = chart_spec(data)
    assert len(spec.x.ticks) == 26  # 2000..2025, more than twice MAX_YEAR_LABELS: every 5th labelled
    assert spec.x.labels[:6] == ("2000", "", "", "", "", "2005")
    fewer = dataclasses.replace(data, baseline=(2010, 40.0))  # 16 years: every 2nd
    assert chart_spec(fewer).x.labels[:3] == ("2010", "", "2012")


# --- figures ---------------------------------------------------------------------------------


def test_an_open_ended_figure_is_drawn_as_a_bound_with_an_open_side() -> None:
    mark = chart_spec(COUNTY_QUALIFIED).figure_at(2022)  # 超88%
    assert mark is not None
    assert mark.role is Role.OPEN
    assert (mark.value, mark.lo, mark.hi, mark.lo_open) == (88, 88, INF, True)
    assert mark.label == "超88%"


def test_a_closed_interval_is_drawn_as_a_range() -> None:
    near = chart_spec(COUNTY_QUALIFIED).figure_at(2024)  # 近90%: [81, 90)
    assert near is not None and near.role is Role.INTERVAL
    assert (near.lo, near.hi, near.hi_open) == (81, 90, True)
    about = chart_spec(LARGE_CLASSES).figure_at(2023)  # 约40个: [35, 45]
    assert about is not None and about.role is Role.INTERVAL and (about.lo, about.hi) == (35, 45)
    # the range's lower end is inside the axis (70..100), not cut off
    assert chart_spec(COUNTY_QUALIFIED).y.contains(81)


def test_an_exact_figure_is_a_point() -> None:
    mark = chart_spec(NATIONAL_PRESCHOOL).figure_at(2023)
    assert mark is not None and mark.role is Role.REPORTED and mark.lo == mark.hi == mark.value == 91.1


def test_a_conflicting_year_is_marked_with_the_range_the_reports_disagree_over() -> None:
    spec = chart_spec(COUNTY_QUALIFIED)
    mark = spec.figure_at(2023)
    assert mark is not None and mark.role is Role.CONFLICT
    assert (mark.lo, mark.hi) == (86.5, 91)
    assert Role.CONFLICT in [entry.role for entry in spec.legend]
    assert "2023年数据冲突（86.5% 至 91%）" in spec.description


def test_figures_are_selected_as_the_report_series_selects_them() -> None:
    # the baseline year, years before it, years after the deadline and spans are not levels
    data = dataclasses.replace(
        NATIONAL_PRESCHOOL,
        figures=(
            exact(2019, 80),
            exact(2020, 84),
            exact(2021, 88.1),
            exact(2026, 97),
            ChartFigure(2023, 9, 9, 9, year_start=2022),
        ),
        as_of=2026,
    )
    assert [m.year for m in chart_spec(data).figures] == [2021]
    early = dataclasses.replace(NATIONAL_PRESCHOOL, as_of=2022)  # figures after the as-of year are not shown
    assert [m.year for m in chart_spec(early).figures] == [2021, 2022]


# --- baseline, path, goal, trend --------------------------------------------------------------


def test_baseline_path_and_goal() -> None:
    spec = chart_spec(NATIONAL_PRESCHOOL)
    baseline = spec.point(Role.BASELINE)
    assert baseline is not None and (baseline.year, baseline.value, baseline.label) == (2020, 85.2, "85.2%")
    path = spec.line(Role.PATH)
    assert path is not None and path.points == ((2020, 85.2), (2025, 90))
    goal_line = spec.line(Role.GOAL)
    assert goal_line is not None and goal_line.points == ((2019.5, 90), (2025.5, 90))  # across the plot
    assert spec.goal_side == "above"
    assert spec.as_of is None  # evaluated at the deadline: no as-of rule


def test_the_trend_is_the_explain_line_from_its_first_year_to_the_deadline() -> None:
    # slope 1.66, 94.2 at 2025: 94.2 - 5 x 1.66 = 85.9 at 2020
    trend = chart_spec(NATIONAL_PRESCHOOL).line(Role.TREND)
    assert trend is not None
    (x0, y0), (x1, y1) = trend.points
    assert (x0, x1, y1) == (2020, 2025, 94.2) and y0 == pytest.approx(85.9)
    assert trend.label == "趋势 → 2025年 94.2%"


def test_a_trend_leaving_the_plot_is_cut_at_its_edge_and_its_end_value_still_given() -> None:
    # 81 in 2020 rising 10 a year: 131 by 2025, above the 70..100 axis; it leaves at 100 in 2021.9
    data = dataclasses.replace(EARLY_FAR_GOAL, trend=ChartTrend(2020, 10.0, 131.0))
    spec = chart_spec(data)
    trend = spec.line(Role.TREND)
    assert trend is not None
    (x0, y0), (x1, y1) = trend.points
    assert (x0, y0) == (2020, 81)
    assert x1 == pytest.approx(2021.9) and y1 == pytest.approx(100)
    assert "2025年 131%" in trend.label
    assert spec.y.hi == 100  # the trend does not stretch the axis


def test_a_change_target_puts_the_goal_at_baseline_plus_change() -> None:
    spec = chart_spec(MYOPIA_CHANGE)
    goal = spec.point(Role.GOAL)
    assert goal is not None and goal.value == pytest.approx(47.7)  # 52.7 - 5
    assert spec.goal_side == "below"
    assert spec.y.contains(47.7) and spec.y.contains(52.7)


def test_a_maintain_target_has_a_goal_line_and_no_path() -> None:
    spec = chart_spec(MAINTAIN_RATE)
    assert spec.line(Role.PATH) is None
    goal = spec.line(Role.GOAL)
    assert goal is not None and goal.points[0][1] == 95
    assert spec.point(Role.BASELINE) is None


def test_a_milestone_has_no_chart() -> None:
    with pytest.raises(ValueError, match="milestone"):
        chart_spec(dataclasses.replace(NATIONAL_PRESCHOOL, kind=Kind.MILESTONE))


# --- cumulative targets ----------------------------------------------------------------------


def test_cumulative_targets_draw_running_totals_from_zero_before_the_period() -> None:
    # 1200 (2021), then 1500余 (1500, 1600) -> (2700, 2800), then 2023-2024: 2500 -> (5200, 5300) at 2024
    spec = chart_spec(NEW_PLACES)
    totals = [(m.year, m.lo, m.hi, m.role) for m in spec.figures]
    assert totals == [
        (2021, 1200, 1200, Role.REPORTED),
        (2022, 2700, 2800, Role.INTERVAL),
        (2024, 5200, 5300, Role.INTERVAL),
    ]
    span = spec.figure_at(2024)
    assert span is not None and span.first_year == 2023 and span.label == "5200–5300"
    start = spec.point(Role.BASELINE)
    assert start is not None and (start.year, start.value) == (2020, 0.0)
    path = spec.line(Role.PATH)
    assert path is not None and path.points == ((2020, 0.0), (2025, 6000))
    assert spec.title == "新增公办幼儿园学位 (累计)"


def test_running_totals_leave_out_what_the_report_series_leaves_out() -> None:
    # a 2020 flow (before the window), a 2019-2021 span starting before it, a 2025 flow after
    # the as-of year and a conflicting 2023 are not added; the conflict is marked at its year
    figures = (
        exact(2020, 999),
        ChartFigure(2021, 50, 50, 50, year_start=2019),
        exact(2021, 100),
        exact(2022, 200),
        ChartFigure(2023, 300, 300, 500, conflict=True),
        ChartFigure(2024, 400, 400, INF, ">=", "400以上"),
        exact(2025, 800),
    )
    spec = chart_spec(dataclasses.replace(NEW_PLACES, figures=figures, trend=None))
    assert [(m.year, m.lo, m.hi, m.role) for m in spec.figures] == [
        (2021, 100, 100, Role.REPORTED),
        (2022, 300, 300, Role.REPORTED),
        (2023, 600, 800, Role.CONFLICT),  # where the total would be: 300 + (300..500)
        (2024, 700, INF, Role.OPEN),
    ]
    assert spec.figure_at(2024).label == "≥700"  # type: ignore[union-attr]


# --- words -----------------------------------------------------------------------------------


def test_the_legend_lists_what_is_drawn_in_a_fixed_order() -> None:
    assert [e.role for e in chart_spec(NATIONAL_PRESCHOOL).legend] == [
        Role.REPORTED,
        Role.BASELINE,
        Role.PATH,
        Role.GOAL,
        Role.GOAL_ZONE,
        Role.TREND,
    ]
    legend = {e.role: e.text for e in chart_spec(COUNTY_QUALIFIED).legend}
    assert set(legend) == {Role.INTERVAL, Role.OPEN, Role.CONFLICT, Role.BASELINE, Role.PATH, Role.GOAL, Role.GOAL_ZONE}
    assert legend[Role.GOAL] == "目标 2025年≥95%"
    assert legend[Role.GOAL_ZONE] == "达标范围"
    equal = dataclasses.replace(NATIONAL_PRESCHOOL, goal=ChartGoal("~", 90, 2025))  # no side meets an "about"
    assert Role.GOAL_ZONE not in [e.role for e in chart_spec(equal).legend]


def test_the_description_says_what_the_chart_shows() -> None:
    assert chart_spec(NATIONAL_PRESCHOOL).description == (
        "学前教育毛入园率：基期 2020年 85.2%。目标 2025年≥90%。"
        "实际值：2021年88.1%，2022年89.7%，2023年91.1%，2024年92%。按趋势 2025年 94.2%。纵轴 75% 至 100%。"
    )
    assert chart_spec(NATIONAL_PRESCHOOL_EN).description == (
        "Preschool gross enrolment rate: Baseline 85.2% in 2020. Goal ≥90% by 2025. "
        "Reported: 88.1% (2021), 89.7% (2022), 91.1% (2023), 92% (2024). The trend reaches 94.2% in 2025. "
        "The axis runs from 75% to 100%."
    )


def test_a_goal_without_text_is_worded_from_its_operator_and_value() -> None:
    data = dataclasses.replace(NATIONAL_PRESCHOOL, goal=ChartGoal(">=", 90, 2025))
    assert chart_spec(data).point(Role.GOAL).label == "目标 2025年≥90%"  # type: ignore[union-attr]


def test_the_callers_number_rule_labels_values() -> None:
    data = dataclasses.replace(LARGE_CLASSES, number=lambda v: f"{v:g}个")
    spec = chart_spec(data)
    assert spec.y.labels[-1] == "120个"
    assert spec.point(Role.BASELINE).label == "120个"  # type: ignore[union-attr]


def test_a_target_without_figures_still_shows_baseline_goal_and_path() -> None:
    # Ji'an's targets: a 2020 baseline of 93.38, 95 by 2025, nothing reported since
    data = dataclasses.replace(NATIONAL_PRESCHOOL, figures=(), baseline=(2020, 93.38), trend=None)
    data = dataclasses.replace(data, goal=ChartGoal(">=", 95, 2025, "2025年≥95%"))
    spec = chart_spec(data)
    assert spec.figures == ()
    assert (spec.y.lo, spec.y.hi) == (80, 100)  # 84.19..104.19 moved under 100, ticks of 5
    assert [e.role for e in spec.legend] == [Role.BASELINE, Role.PATH, Role.GOAL, Role.GOAL_ZONE]
    assert "尚无实际值。" in spec.description
