"""Display rules every renderer shares: R next to its band, numbers, units and words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import plan_with
from hypothesis import given
from hypothesis import strategies as st
from report_support import pinned_terminal, run

from tracker.bands import band_of, shown_ratio
from tracker.exitcodes import ExitCode
from tracker.render.common import derived

__all__ = ["pinned_terminal"]


# --- R never contradicts its band ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (0.9496, 2, "0.94"),  # rounds up onto 0.95 (on track): cut instead
        (0.9496, 4, "0.9496"),
        (0.94996, 4, "0.9499"),
        (0.9499999999999998, 2, "0.94"),  # below 0.95 as given: behind, and shown so
        (0.95, 4, "0.9500"),
        (0.94999999995, 2, "0.94"),  # within 5e-10 of the edge, still below it
        (0.95, 2, "0.95"),
        (0.4167, 2, "0.42"),  # plain rounding where it stays in the band
        (0.49999, 2, "0.49"),
        (1.4286, 2, "1.43"),
        (-0.1004, 2, "-0.11"),  # regressing: -0.10 would be off track
        (-0.0996, 2, "-0.10"),
        (-0.0001, 2, "0.00"),  # never "-0.00"
        (-0.0, 2, "0.00"),
    ],
)
def test_shown_ratio(value: float, decimals: int, shown: str) -> None:
    assert f"{shown_ratio(value, decimals):f}" == shown


@given(st.floats(min_value=-5, max_value=5, allow_nan=False), st.sampled_from([2, 4]))
def test_shown_ratio_is_always_in_the_band_of_r(value: float, decimals: int) -> None:
    shown = shown_ratio(value, decimals)
    assert band_of(float(shown)) is band_of(value)
    assert abs(float(shown) - value) <= 10.0**-decimals + 1e-9


def test_every_renderer_shows_r_in_its_band(make_root: Callable[..., Path]) -> None:
    """80 -> 87.597 of 80 -> 100 at 2 of 5 years: task 0.37985 / time 0.4 = R 0.949625, behind.
    Rounded to two decimals that is 0.95, the on-track threshold: every output shows 0.94."""
    target = {"id": "p", "indicator": "preschool_gross_enrolment_rate", "target": ">= 100"}
    plan = plan_with(dict(target, baseline={"year": 2020, "value": 80}))
    root = make_root([plan], [("示例县", "preschool_gross_enrolment_rate", 2022, 87.597)])
    common = ("--data", str(root), "--as-of", "2023")
    status = run("status", *common, "--lang", "en")
    row = next(line for line in status.stdout.splitlines() if line.startswith("Preschool"))
    assert row.split()[-2:] == ["0.94", "behind"], row
    report = run("report", *common, "--lang", "en", "--out", "-")
    assert "| 0.94 | 🟡 behind |" in report.stdout and "0.95" not in report.stdout
    check = run("check", *common, "--fail-on", "behind")
    assert check.exit_code == ExitCode.TARGETS_FAILED
    assert "demo/p: behind - R = 0.94; 87.597% (2022)" in check.stdout
    explain = run("explain", "demo/p", *common, "--lang", "en")
    assert "R: 0.9496 = 0.3798 / 0.4000" in explain.stdout
    document = json.loads(run("status", *common, "--json").stdout)
    assert document["targets"][0]["ratio"] == 0.9496 and document["targets"][0]["status"] == "behind"


# --- Mermaid chart numbers ----------------------------------------------------------------------


def test_small_chart_values_keep_their_figures(make_root: Callable[..., Path]) -> None:
    """Dropout 0.005% (2020) toward <= 0.001% by 2025, reported 0.004 and 0.003: two decimals would
    write every bar at 0. The axis is a percent axis's (at least 20 points, from zero): such
    rates are drawn near zero, as they are, and not blown up to fill the chart."""
    target = {"id": "d", "indicator": "dropout_rate", "target": "<= 0.001", "baseline": {"year": 2020, "value": 0.005}}
    rows = [("示例县", "dropout_rate", 2021, 0.004), ("示例县", "dropout_rate", 2022, 0.003)]
    root = make_root([plan_with(target)], rows)
    out = run("report", "--data", str(root), "--as-of", "2023", "--lang", "en", "--out", "-").stdout
    chart = out.split("```mermaid\n")[1].split("```")[0]
    assert "    bar [0.005, 0.004, 0.003, -12, -12, -12]" in chart  # 2023-2025 without a figure
    assert "    line [0.005, 0.0042, 0.0034, 0.0026, 0.0018, 0.001]" in chart  # 0.0008 a year down the path
    axis = next(line for line in chart.splitlines() if "y-axis" in line)
    assert axis == '    y-axis "％" 0 --> 12'  # 0.003 to 0.005 centred in 20 points starts within 10 of 0


# --- words: units, percentage points, the status said once ------------------------------------

UNIT_INDICATORS = {
    "placement_months": {"name": "顶岗实习时间", "name_en": "Placement length", "unit": "month", "better": "higher"},
    "training_hours": {"name": "教师培训学时", "name_en": "Training hours", "unit": "hour", "better": "higher"},
    "review_passed": {"name": "优质均衡验收", "name_en": "Review passed", "unit": "boolean", "better": "higher"},
}


def _unit_root(make_root: Callable[..., Path]) -> Path:
    """Placements 3 -> 4 months of 6 (R 0.83, behind at 2023); training hours 60 in 2021-2022 and
    40 in 2023-2024 toward 360 by 2025; a review not passed in 2023, its deadline."""
    plan = plan_with(
        {"id": "months", "indicator": "placement_months", "target": ">= 6", "baseline": {"year": 2020, "value": 3}},
        {"id": "hours", "indicator": "training_hours", "kind": "cumulative", "target": ">= 360"},
        {"id": "review", "indicator": "review_passed", "kind": "milestone", "by": 2023},
    )
    rows = [
        ("示例县", "placement_months", 2022, 4),
        ("示例县", "training_hours", "2021-2022", 60),
        ("示例县", "training_hours", "2023-2024", 40),
        ("示例县", "review_passed", 2023, 0),
    ]
    return make_root([plan], rows, UNIT_INDICATORS)


def _report(root: Path, as_of: str, lang: str) -> str:
    result = run("report", "--data", str(root), "--as-of", as_of, "--lang", lang, "--out", "-")
    assert result.exit_code == ExitCode.OK, result.stderr
    return result.stdout


def test_goals_and_paces_carry_the_indicator_unit(make_root: Callable[..., Path]) -> None:
    root = _unit_root(make_root)
    en, zh = _report(root, "2022", "en"), _report(root, "2022", "zh")
    assert "| ≥6 months by 2025 |" in en and "| 2025年≥6个月 |" in zh
    assert "| total ≥360 hours by 2025 |" in en and "| 2025年累计≥360学时 |" in zh
    # hours at 2022: 60 of 360 at 2 of 5 years, R = 0.42, off track: 300 more in three years.
    assert "`hours` (off track): needs 100 hours/year in 2023-2025 to reach total ≥360 hours by 2025" in en
    assert "`hours`（滞后）：2023-2025年还需年均100学时，才能实现2025年累计≥360学时" in zh
    check = run("check", "--data", str(root), "--as-of", "2023", "--fail-on", "behind")
    # months at 2023: (4 - 3) / (6 - 3) of the task at 2 of 5 years, R = 0.83; 2 months in 3 years.
    assert "demo/months: behind - R = 0.83; 4 (2022); needs +0.67 months/year after 2022" in check.stdout


def test_flow_for_one_remaining_year_names_the_year_once(make_root: Callable[..., Path]) -> None:
    """At 2024: 100 of 360 hours, 260 to go in the last year, 2025 (not '2025-2025')."""
    root = _unit_root(make_root)
    en, zh = _report(root, "2024", "en"), _report(root, "2024", "zh")
    assert "needs 260 hours in 2025 to reach total ≥360 hours by 2025" in en
    assert "2025年还需260学时，才能实现2025年累计≥360学时" in zh
    assert "2025-2025" not in en + zh


def test_missed_milestone_wording(make_root: Callable[..., Path]) -> None:
    root = _unit_root(make_root)
    en, zh = _report(root, "2024", "en"), _report(root, "2024", "zh")
    assert "`review` (missed): not done by 2023" in en
    assert "`review`（未实现）：截至2023年未完成" in zh and "2023年前未完成" not in zh


def test_chart_axis_unit_is_in_the_report_language(make_root: Callable[..., Path]) -> None:
    root = _unit_root(make_root)
    assert '    y-axis "hours" ' in _report(root, "2024", "en")
    zh = _report(root, "2024", "zh")
    assert '    y-axis "学时" ' in zh and "hour" not in zh.split("```mermaid")[1]


@pytest.mark.parametrize(
    ("value", "shown"), [(4.1333, "4.13"), (0.0031, "0.0031"), (-0.0049, "-0.0049"), (0.004, "0.004"), (0.0, "0")]
)
def test_derived_numbers_never_round_a_small_amount_to_zero(value: float, shown: str) -> None:
    assert derived(value) == shown
