"""The Markdown report's Mermaid charts follow the same rules where Mermaid can express them."""

from __future__ import annotations

import dataclasses
import re

import pytest

from charts.samples import COUNTY_QUALIFIED, EARLY_FAR_GOAL, LARGE_CLASSES, NATIONAL_PRESCHOOL, NEW_PLACES, SAMPLES
from tracker.charts.inputs import ChartTrend
from tracker.charts.mermaid import data_number, label_text, mermaid_chart
from tracker.charts.spec import chart_spec

PALETTE = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "'


def test_a_rate_chart_in_full() -> None:
    chart = mermaid_chart(chart_spec(NATIONAL_PRESCHOOL), "zh")
    # path 85.2 + 4.8/5 a year; trend 94.2 - 1.66 a year back from 2025; 2025 has no figure
    assert chart.lines == (
        "```mermaid",
        PALETTE + '#0072B2, #009E73, #555555, #CC79A7"}}}}%%',
        "xychart-beta",
        '    title "学前教育毛入园率"',
        '    x-axis ["2020", "2021", "2022", "2023", "2024", "2025"]',
        '    y-axis "％ (纵轴从 75％ 起)" 75 --> 100',
        "    bar [85.2, 88.1, 89.7, 91.1, 92, 50]",  # 2025: 75 - 25, below the axis: no bar
        "    line [90, 90, 90, 90, 90, 90]",
        "    line [85.2, 86.16, 87.12, 88.08, 89.04, 90]",
        "    line [85.9, 87.56, 89.22, 90.88, 92.54, 94.2]",
        "```",
    )
    assert chart.caption == (
        "图例：蓝柱：实际值（无柱 = 该年无数据）；绿线：目标 2025年≥90%；灰线：匀速路径（基期到目标）；"
        "粉线：趋势 → 2025年 94.2%。"
    )


def test_gaps_qualified_figures_and_conflicts() -> None:
    chart = mermaid_chart(chart_spec(COUNTY_QUALIFIED), "zh")
    # axis 70..100: 2021 (no figure), 2023 (conflict) and 2025 get no bar (70 - 30, under the axis)
    assert "    bar [80, 40, 88, 40, 90, 40]" in chart.lines
    assert "2022年 超88% 画在 88%" in chart.caption
    assert "2023年数据冲突（86.5% 至 91%），未画" in chart.caption
    assert "2024年 近90% 画在 90%" in chart.caption
    assert PALETTE + '#0072B2, #009E73, #555555"}}}}%%' in chart.lines  # no trend: three colours


def test_counts_start_at_zero_and_the_axis_title_says_nothing_more() -> None:
    chart = mermaid_chart(chart_spec(LARGE_CLASSES), "zh")
    assert '    y-axis "个" 0 --> 120' in chart.lines
    assert "    bar [120, 96, -120, 40, 22, -120]" in chart.lines  # 2022 and 2025: no figure
    assert "    line [10, 10, 10, 10, 10, 10]" in chart.lines


def test_running_totals_and_a_trend_off_the_axis() -> None:
    chart = mermaid_chart(chart_spec(NEW_PLACES), "zh")
    assert "    bar [0, 1200, 2750, -6000, 5250, -6000]" in chart.lines
    assert "    line [0, 1200, 2400, 3600, 4800, 6000]" in chart.lines
    assert sum(line.startswith("    line") for line in chart.lines) == 2  # goal and path; the trend reaches 6460
    assert chart.caption.startswith("图例：蓝柱：累计实际值")
    assert "趋势 → 2025年 6460（超出纵轴，未画）" in chart.caption
    assert "2024年 5200–5300 画在 5250" in chart.caption


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_axis_holds_the_goal_and_every_bar_but_the_missing_ones(name: str) -> None:
    spec = chart_spec(SAMPLES[name])
    chart = mermaid_chart(spec, SAMPLES[name].lang)
    axis = next(line for line in chart.lines if line.startswith("    y-axis"))
    low, high = (float(v) for v in re.findall(r"(-?[\d.]+) --> (-?[\d.]+)", axis)[0])
    goal = next(line for line in chart.lines if line.startswith("    line"))
    assert low <= float(goal.split("[")[1].split(",")[0]) <= high
    bars = next(line for line in chart.lines if line.startswith("    bar"))
    missing = low - (high - low)
    assert all(low <= float(v) <= high or float(v) == missing for v in bars[bars.index("[") + 1 : -1].split(", "))


def test_english_caption() -> None:
    chart = mermaid_chart(chart_spec(dataclasses.replace(COUNTY_QUALIFIED, lang="en")), "en")
    assert chart.caption.startswith("Legend: blue bars: reported (no bar: no figure that year); green line: ")
    assert "2023: conflicting reports (86.5% to 91%), not drawn" in chart.caption


def test_a_trend_inside_the_axis_is_drawn_even_if_fitted_from_a_later_year() -> None:
    data = dataclasses.replace(EARLY_FAR_GOAL, trend=ChartTrend(2021, 1.5, 88.0))
    chart = mermaid_chart(chart_spec(data), "zh")
    assert "    line [80.5, 82, 83.5, 85, 86.5, 88]" in chart.lines


def test_labels_and_numbers_are_safe_for_mermaid() -> None:
    assert label_text('a "b" [c]: d; 50%\ne') == "a b c d 50％ e"
    assert data_number(0.1 + 0.2) == "0.3"
    assert data_number(1e-7) == "0.0000001"
    assert data_number(123456789.0) == "123457000"
