"""`tracker explain` and the tables on conflicting figures, open intervals, cumulative targets
and statuses that the band of R did not decide. Numbers worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import plan_with
from report_support import AS_OF, REPORT_ROOT, pinned_terminal, run

from tracker.exitcodes import ExitCode

__all__ = ["pinned_terminal"]

ALPHA = "alpha-county-2021-2025"
BETA = "beta-city-2021-2023"


def explain(key: str, *args: str, root: Path = REPORT_ROOT, lang: str = "en", as_of: str = AS_OF) -> list[str]:
    result = run("explain", key, "--data", str(root), "--as-of", as_of, "--lang", lang, *args)
    assert result.exit_code == ExitCode.OK, result.stderr
    # One explanation line per label; rich wraps long ones at the pinned 120 columns.
    return result.stdout.splitlines()


def line(lines: list[str], label: str) -> str:
    return next(text for text in lines if text.startswith(f"{label}: "))


# --- conflicting figures ------------------------------------------------------------------------


def test_explain_names_both_conflicting_figures() -> None:
    """alpha/satisfaction: 88 (survey A) and 92 (survey B) for 2023; no backwards interval, no R."""
    lines = explain(f"{ALPHA}/satisfaction")
    assert line(lines, "Latest") == "Latest: conflicting figures for 2023: 88% (第三方调查A) vs 92% (第三方调查B)"
    text = "\n".join(lines)
    assert "[92, 88]" not in text and "interval" not in text
    assert "Task share" not in text and "Pace needed" not in text and "Pace so far" not in text
    assert line(lines, "Band") == "Band: not used: the figures conflict, so R is not computed"
    zh = explain(f"{ALPHA}/satisfaction", lang="zh")
    assert line(zh, "最新") == "最新: 2023年数据互相冲突：88%（第三方调查A）与92%（第三方调查B）"


def test_tables_mark_conflicting_figures_instead_of_showing_one() -> None:
    status = run("status", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--lang", "en").stdout
    row = next(text for text in status.splitlines() if text.startswith("Public satisfaction"))
    assert "conflicting (2023)" in row and "88%" not in row
    report = run("report", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--lang", "en", "--out", "-").stdout
    cells = next(text for text in report.splitlines() if "`satisfaction`" in text).split(" | ")
    assert cells[3:6] == ["conflicting (2023)", "≥90% by 2025", ""]  # and no progress bar from one of them
    zh = run("report", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--out", "-").stdout
    assert "| 数据冲突 (2023) |" in zh


def test_check_reason_for_conflicting_figures() -> None:
    result = run("check", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--fail-on", "indeterminate")
    assert (
        f"{ALPHA}/satisfaction: indeterminate - the figures for 2023 conflict (第三方调查A vs 第三方调查B); "
        "goal: ≥90% by 2025"
    ) in result.stdout


# --- intervals: brackets from the figure's openness ---------------------------------------------


@pytest.mark.parametrize(
    ("rows", "interval"),
    [
        ([("86", ">"), ("87", "<")], "(86, 87)"),  # merged: open at both ends, whatever the first said
        ([("87", "<"), ("86", ">=")], "[86, 87)"),
        ([("超86", "")], "(86, ∞)"),
        ([("近90", "")], "[81, 90)"),
        ([("86", "")], "[86, 86]"),
        ([("1.5万余", "")], "(15,000, 16,000)"),
    ],
)
def test_interval_brackets_follow_the_figure(
    make_root: Callable[..., Path], rows: list[tuple[str, str]], interval: str
) -> None:
    plan = plan_with({"id": "p", "indicator": "complaint_rate", "target": "<= 10", "baseline": {"year": 2020}})
    root = make_root([plan], [("示例县", "complaint_rate", 2022, value, qualifier) for value, qualifier in rows])
    lines = explain("demo/p", root=root, as_of="2023")
    assert line(lines, "Latest").endswith(f", interval {interval}")


# --- cumulative targets: what is still needed, and the trend of the running total ---------------


def test_explain_cumulative_flow_needed_and_trend() -> None:
    """alpha/places: 4000 in 2021-2022 and 1500余 in 2023 toward 10,000 by 2025. Still needed:
    (10,000 - 5,500) / 2 = 2,250 a year. The running total is 0 (2020), 4000 (2022), 5500
    (2023): least squares 1,857.14 a year, 9,357.14 by 2025."""
    lines = explain(f"{ALPHA}/places")
    assert line(lines, "Still needed") == "Still needed: 2250/year in 2024-2025"
    assert [text for text in lines if "(running total)" in text] == [
        "2020: 0 (running total)",
        "2022: 4000 (running total)",
        "2023: 5500 (running total)",
    ]
    assert (
        line(lines, "Trend (least squares)") == "Trend (least squares): +1857.1429/year (3 points) -> 9357.14 by 2025"
    )
    assert line(lines, "Band") == "Band: 0.5 <= R < 0.95 -> behind"  # the band decided it


def test_explain_cumulative_in_chinese() -> None:
    lines = explain(f"{ALPHA}/places", lang="zh")
    assert line(lines, "尚需") == "尚需: 2024-2025年年均2250"
    assert line(lines, "趋势(最小二乘)") == "趋势(最小二乘): 每年+1857.1429 (3 个点) -> 2025年9357.14"


# --- the band line says when the band did not decide ---------------------------------------------


def test_band_of_a_missed_target_is_not_what_decided_it() -> None:
    """beta/teachers: ≈580 of 600 at its deadline is missed, though R = 0.97 is in the on-track band."""
    lines = explain(f"{BETA}/teachers")
    assert line(lines, "Band") == (
        "Band: R >= 0.95 -> on track; not what decided the status "
        "(missed: the deadline has come and the goal is not met)"
    )
    assert line(lines, "Status") == "Status: missed [missed]"


def test_band_of_an_indeterminate_interval_is_not_what_decided_it(make_root: Callable[..., Path]) -> None:
    """The README's worked example: 近90 ([81, 90)) from 80 toward 100 at 2 of 5 years: R 0.125 to 1.25."""
    plan = plan_with(
        {
            "id": "p",
            "indicator": "preschool_gross_enrolment_rate",
            "target": ">= 100",
            "baseline": {"year": 2020, "value": 80},
        }
    )
    root = make_root([plan], [("示例县", "preschool_gross_enrolment_rate", 2022, "近90")])
    lines = explain("demo/p", root=root, as_of="2023")
    assert line(lines, "Band").startswith("Band: R >= 0.95 -> on track; not what decided the status (indeterminate: ")
    assert "interval ends 0.12 .. 1.25" in line(lines, "R")
    assert line(lines, "Status") == "Status: indeterminate [indeterminate] (not final)"


def test_unbounded_interval_end_of_r_is_printed(make_root: Callable[..., Path]) -> None:
    """超92 from 80 toward 95: R runs from 2 to infinity; explain prints it instead of failing."""
    plan = plan_with(
        {"id": "p", "indicator": "complaint_rate", "target": ">= 95", "baseline": {"year": 2020, "value": 80}}
    )
    root = make_root([plan], [("示例县", "complaint_rate", 2022, "超92")])
    assert "(interval ends 2.00 .. ∞)" in line(explain("demo/p", root=root, as_of="2023"), "R")
