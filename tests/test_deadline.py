"""The end of a plan period (issue 12): statuses after the deadline, `~` by direction, near-miss
regions, baselines without a value, and the gate that says missed.

Every case is a hand-made data root of the test county (示例县, period 2021-2025), judged
through the library (`evaluate_root`) and through the command line; the numbers are worked
out beside each case.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import INDICATORS, plan_with
from typer.testing import CliRunner, Result

from tracker.cli import app
from tracker.core import evaluate_root, explain_target
from tracker.models import Status
from tracker.render.terminal import explanation_lines
from tracker.results import TargetResult

S = Status
P = "preschool_gross_enrolment_rate"  # percent, higher is better
D = "dropout_rate"  # percent, lower is better
Y = "working_age_schooling_years"  # years, higher is better
M = "quality_balance_passed"  # yes/no
T = "teachers_recruited"  # a count
R = "gender_ratio"  # no direction: a ratio to keep near 1
CATALOG = INDICATORS | {
    R: {"name": "性别比", "name_en": "Gender ratio of pupils", "unit": "ratio", "better": "none"},
}

runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def judged(
    make_root: Callable[..., Path], target: dict[str, Any], rows: list[tuple[Any, ...]], as_of: int
) -> tuple[Path, TargetResult]:
    """The data root of one target (id 't') with rows (indicator, year, value[, qualifier]), and its result."""
    root = make_root([plan_with({"id": "t", **target})], [("示例县", *row) for row in rows], CATALOG)
    _, evaluation = evaluate_root(root, as_of)
    (result,) = evaluation.targets
    return root, result


def status_json(root: Path, as_of: int) -> dict[str, Any]:
    result = run("status", "--data", str(root), "--as-of", str(as_of), "--json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["targets"]
    return dict(entry)


def check(root: Path, as_of: int, *extra: str) -> Result:
    return run("check", "--data", str(root), "--as-of", str(as_of), *extra)


LEVEL = {"indicator": P, "target": ">= 95", "baseline": {"year": 2020, "value": 90}}


# -- a level target short at T-1, judged at T+1; then its T figure -------------------------------


def test_short_before_the_deadline_is_missed_provisionally_after_it(make_root: Callable[..., Path]) -> None:
    """94.5 in 2024 toward >= 95 by 2025, at 2026: missed, not final; R = (4.5/5)/(4/5) = 1.125 kept."""
    root, result = judged(make_root, LEVEL, [(P, 2024, 94.5)], 2026)
    assert (result.status, result.final, result.provisional, result.awaited_year) == (S.MISSED, False, True, 2025)
    assert result.ratio == pytest.approx(1.125)
    entry = status_json(root, 2026)
    assert (entry["status"], entry["final"], entry["ratio"]) == ("missed", False, 1.125)
    gate = check(root, 2026)
    assert gate.exit_code == 1
    assert gate.stdout.splitlines() == [
        "plans/demo.yaml:9: demo/t: missed (provisional) - no 2025 figure yet; 94.5% (2024), "
        "0.5 pp short of the goal (≥95% by 2025)",
        "tracker check: FAILED - 1 of 1 targets as of 2026 (missed 1, of them provisional 1); "
        "policy: missed; off_track, regressing if binding",
    ]
    # Before the deadline the same figure is judged by pace: (4.5/5)/(4/5) = 1.125, on track.
    assert judged(make_root, LEVEL, [(P, 2024, 94.5)], 2025)[1].status is S.ON_TRACK


def test_the_deadline_years_figure_decides_for_good(make_root: Callable[..., Path]) -> None:
    """94.8 for 2025 arrives: missed, final; 95.0 for 2025: achieved, final."""
    root, result = judged(make_root, LEVEL, [(P, 2024, 94.5), (P, 2025, 94.8)], 2026)
    assert (result.status, result.final, result.provisional) == (S.MISSED, True, False)
    assert (status_json(root, 2026)["status"], status_json(root, 2026)["final"]) == ("missed", True)
    assert "missed - 94.8% (2025), 0.2 pp short" in check(root, 2026).stdout
    _, met = judged(make_root, LEVEL, [(P, 2024, 94.5), (P, 2025, "95.0")], 2026)
    assert (met.status, met.final) == (S.ACHIEVED, True)


def test_a_target_met_early_is_achieved_after_the_deadline_not_finally(make_root: Callable[..., Path]) -> None:
    """95.5 in 2023, nothing since: achieved at 2026 but provisional (2025 could be lower); the gate passes."""
    root, result = judged(make_root, LEVEL, [(P, 2023, 95.5)], 2026)
    assert (result.status, result.final, result.provisional) == (S.ACHIEVED, False, True)
    gate = check(root, 2026)
    assert gate.exit_code == 0
    assert gate.stdout == (
        "tracker check: OK - 0 of 1 targets failed as of 2026; policy: missed; off_track, regressing if binding\n"
    )


def test_no_figure_after_the_deadline_is_no_data_listed_apart(make_root: Callable[..., Path]) -> None:
    root, result = judged(make_root, LEVEL, [], 2026)
    assert (result.status, result.past_deadline_without_figure) == (S.NO_DATA, True)
    gate = check(root, 2026)
    assert gate.exit_code == 0
    assert gate.stdout.splitlines() == [
        "past the deadline with no figure: 1 (not failing; --fail-on no_data makes them fail)",
        "  plans/demo.yaml:9: demo/t: no_data - no figure, and the deadline 2025 has passed (goal: ≥95% by 2025)",
        "tracker check: OK - 0 of 1 targets failed as of 2026; past the deadline with no figure: 1; "
        "policy: missed; off_track, regressing if binding",
    ]
    strict = check(root, 2026, "--fail-on", "no_data")
    assert strict.exit_code == 1
    assert strict.stdout.startswith("plans/demo.yaml:9: demo/t: no_data - no figure, and the deadline 2025 has passed")
    # Before the deadline a target without figures is not listed: nothing is late yet.
    assert "past the deadline" not in check(root, 2025).stdout


def test_binding_pace_statuses_fail_only_before_the_deadline(make_root: Callable[..., Path]) -> None:
    """Binding, 91 in 2024 toward 95 from 90: R = (1/5)/(4/5) = 0.25, off track (fails) at 2025; at 2026 missed."""
    target = {**LEVEL, "binding": True}
    root, before = judged(make_root, target, [(P, 2024, 91)], 2025)
    assert before.status is S.OFF_TRACK
    assert check(root, 2025).stdout.startswith("plans/demo.yaml:9: demo/t: off_track - R = 0.25")
    assert check(root, 2026).stdout.startswith("plans/demo.yaml:9: demo/t: missed (provisional)")


def test_explain_keeps_r_and_the_trend_of_a_provisional_miss(make_root: Callable[..., Path]) -> None:
    """92 (2022), 94.5 (2024): R of 2024 = (4.5/5)/(4/5) = 1.125, on pace; the trend reaches 95.58 by 2025."""
    root, _ = judged(make_root, LEVEL, [(P, 2022, 92), (P, 2024, 94.5)], 2026)
    explanation = explain_target(root, "demo/t", 2026)
    lines = dict(explanation_lines(explanation, "en"))
    assert lines["R"].startswith("1.1250 = 0.9000 / 0.8000")
    assert lines["Status"] == "missed [missed] (not final)"
    assert lines["Provisional"] == "no 2025 figure yet; latest 94.5% (2024)"
    assert "misses the goal (provisional)" in lines["Band"]
    # least squares through (2020, 90), (2022, 92), (2024, 94.5): slope 9/8 = 1.125 a year through
    # the mean (2022, 92.1667), so 92.1667 + 3 * 1.125 = 95.54 at 2025
    assert lines["Trend (least squares)"] == "+1.125 pp/year (3 points) -> 95.54% by 2025"
    zh = dict(explanation_lines(explanation, "zh"))
    assert zh["暂定"] == "尚无2025年数据；最新为94.5% (2024)"


# -- maintain ---------------------------------------------------------------------------------------

MAINTAIN = {"indicator": P, "kind": "maintain", "target": ">= 97"}


@pytest.mark.parametrize(
    ("rows", "as_of", "status", "final"),
    [
        # one failed year (2023) at the deadline year: missed, for good, even though 2025 met
        ([(2021, 97.5), (2023, 96.8), (2025, 97.2)], 2025, S.MISSED, True),
        # the same before the deadline: behind (a failed year, the latest met)
        ([(2021, 97.5), (2023, 96.8), (2024, 97.2)], 2024, S.BEHIND, False),
        # after the deadline with no 2025 figure and every year met: achieved, provisionally
        ([(2021, 97.5), (2024, 97.2)], 2026, S.ACHIEVED, False),
        # in the deadline year itself without its figure: still on track
        ([(2021, 97.5), (2024, 97.2)], 2025, S.ON_TRACK, False),
        # every year met through 2025: achieved for good
        ([(2021, 97.5), (2025, 97.0)], 2026, S.ACHIEVED, True),
    ],
)
def test_maintain_at_and_after_the_deadline(
    make_root: Callable[..., Path], rows: list[tuple[int, float]], as_of: int, status: Status, final: bool
) -> None:
    _, result = judged(make_root, MAINTAIN, [(P, *row) for row in rows], as_of)
    assert (result.status, result.final) == (status, final)


def test_a_missed_maintain_target_names_its_failed_years(make_root: Callable[..., Path]) -> None:
    rows = [(P, 2021, 97.5), (P, 2022, 96.1), (P, 2023, 96.8), (P, 2025, 97.2)]
    root, result = judged(make_root, MAINTAIN, rows, 2025)
    assert (result.failed_years, result.first_failed) == (2, 2022)
    assert "missed - fell short of the goal in 2 years, first in 2022 (keep ≥97% by 2025)" in check(root, 2025).stdout
    explanation = explain_target(root, "demo/t", 2025)
    assert explanation.failed_years == (2022, 2023)
    assert dict(explanation_lines(explanation, "en"))["Years short"] == "2022, 2023"
    zh = check(root, 2025, "--lang", "zh").stdout
    assert "2个年份未达到目标，最早为2022年（2025年保持≥97%）" in zh


# -- ~ by direction -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "target", "value", "status"),
    [
        (Y, "~ 10.8", 11.2, S.ACHIEVED),  # a floor: more schooling is not a miss
        (Y, "~ 10.8", 10.75, S.ACHIEVED),  # half a unit of the last digit below
        (Y, "~ 10.8", 10.74, S.MISSED),
        (D, "~ 5", 2, S.ACHIEVED),  # a ceiling: a lower dropout rate is not a miss
        (D, "~ 5", 5.5, S.ACHIEVED),  # half a unit of 5 above
        (D, "~ 5", 5.6, S.MISSED),
        (R, "~ 1.05", 1.1, S.MISSED),  # no direction: both sides, 1.045 to 1.055
        (R, "~ 1.05", 1.0, S.MISSED),
        (R, "~ 1.05", 1.055, S.ACHIEVED),
    ],
)
def test_about_is_a_floor_a_ceiling_or_a_band(
    make_root: Callable[..., Path], indicator: str, target: str, value: float, status: Status
) -> None:
    spec = {"indicator": indicator, "target": target, "baseline": {"year": 2020, "value": 1.0}}
    root, result = judged(make_root, spec, [(indicator, 2025, value)], 2025)
    assert (result.status, result.final) == (status, True)
    assert status_json(root, 2025)["status"] == status.value


def test_an_overshoot_of_about_is_no_miss_in_the_gate(make_root: Callable[..., Path]) -> None:
    """达到10.8年左右 with 11.2 for 2025, and 控制在5%左右 with 2%: both achieved, nothing fails."""
    plan = plan_with(
        {"id": "schooling", "indicator": Y, "target": "~ 10.8", "baseline": {"year": 2020, "value": 10.3}},
        {"id": "dropout", "indicator": D, "target": "~ 5", "baseline": {"year": 2020, "value": 6}},
    )
    root = make_root([plan], [("示例县", Y, 2025, 11.2), ("示例县", D, 2025, 2)], CATALOG)
    gate = check(root, 2026)
    assert gate.exit_code == 0, gate.stdout
    assert gate.stdout.startswith("tracker check: OK - 0 of 2 targets failed as of 2026")


def test_a_cumulative_about_reads_the_direction_too(make_root: Callable[..., Path]) -> None:
    """~ 1000 teachers (higher is better) is a total to reach: 999.5 of it is achieved at once;
    ~ 1.0 of a ratio without direction is a total to hit: passing 1.05 misses it."""
    spec = {"indicator": T, "kind": "cumulative", "target": "~ 1000"}
    _, reached = judged(make_root, spec, [(T, 2021, 600), (T, 2022, "399.5")], 2023)
    assert (reached.status, reached.final) == (S.ACHIEVED, True)
    hit = {"indicator": R, "kind": "cumulative", "target": "~ 1.0"}
    _, passed = judged(make_root, hit, [(R, 2021, 0.6), (R, 2022, 0.5)], 2023)
    assert (passed.status, passed.final) == (S.MISSED, True)


@pytest.mark.parametrize(
    ("rows", "as_of", "status"),
    [
        ([(2021, 100)], 2022, S.BEHIND),  # == 1000: 100 after 1 of 5 years is R = 0.1/0.2 = 0.5
        ([(2021, 200)], 2022, S.ON_TRACK),  # R = 0.2/0.2 = 1
        ([(2021, 400), (2022, 600)], 2023, S.ON_TRACK),  # 1000 exactly before the deadline: more may come
        ([(2021, 400), (2022, 400)], 2026, S.MISSED),  # 800 and no figures since: missed, provisionally
    ],
)
def test_a_cumulative_total_to_hit_before_and_after_the_deadline(
    make_root: Callable[..., Path], rows: list[tuple[int, float]], as_of: int, status: Status
) -> None:
    spec = {"indicator": T, "kind": "cumulative", "target": "== 1000"}
    assert judged(make_root, spec, [(T, *row) for row in rows], as_of)[1].status is status


def test_a_bare_number_needs_an_operator_without_a_direction(make_root: Callable[..., Path]) -> None:
    spec = {"id": "t", "indicator": R, "target": 1.05, "baseline": {"year": 2020, "value": 1}}
    root = make_root([plan_with(spec)], [("示例县", R, 2022, 1.02)], CATALOG)
    result = run("validate", "--data", str(root))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "plans/demo.yaml:11: TRK214 'target: 1.05' has no operator, and indicator 'gender_ratio' has better: none,"
        " so a bare number means neither at least nor at most (write the operator: ~ (about), ==, >= or <=)",
        "1 plan, 1 target, 1 actual row: 1 error, 0 warnings",
    ]


# -- milestones ------------------------------------------------------------------------------------


def test_an_overdue_milestone_without_a_report_is_no_data_not_missed(make_root: Callable[..., Path]) -> None:
    spec = {"indicator": M, "kind": "milestone", "by": 2024}
    root, result = judged(make_root, spec, [], 2026)
    assert (result.status, result.final) == (S.NO_DATA, False)
    gate = check(root, 2026)
    assert gate.exit_code == 0
    assert (
        "  plans/demo.yaml:9: demo/t: no_data - no figure, and the deadline 2024 has passed (goal: done by 2024)"
        in (gate.stdout)
    )
    failing = check(root, 2026, "--fail-on", "no_data")
    assert failing.exit_code == 1 and "FAILED - 1 of 1 targets as of 2026 (no_data 1)" in failing.stdout
    # A report after the deadline that it is still not done misses it, for good.
    root, late = judged(make_root, spec, [(M, 2025, 0)], 2026)
    assert (late.status, late.final) == (S.MISSED, True)
    assert "missed - still not done in 2025 (due 2024)" in check(root, 2026).stdout


# -- regions that nearly match ---------------------------------------------------------------------


def test_near_miss_regions_are_warned_and_counted(make_root: Callable[..., Path]) -> None:
    """集安 and 吉林省集安市 for a plan of 集安市: TRK328 at each name's first row, with its row count;
    status and report say how many rows were not read; the target has no data."""
    plan = plan_with({"id": "t", **LEVEL}, region="集安市", region_code="220582")
    rows = [("集安", P, 2023, 94), ("吉林省集安市", P, 2024, 95.5), ("集安", P, 2024, 95.5), ("集安县", P, 2024, 95)]
    root = make_root([plan], rows, CATALOG)
    validate = run("validate", "--data", str(root), "--strict")
    assert validate.exit_code == 1
    lines = validate.stdout.splitlines()
    assert lines[0] == (
        "actuals/data.csv:2: TRK328 region '集安' is no plan's region, code or alias, but differs from '集安市' "
        "(plans/demo.yaml) only by an administrative suffix or a province name; rows under it are not read: 2 "
        "(if they are that region's, list the name in the plan's region_aliases, or write the plan's region)"
    )
    assert lines[1].startswith("actuals/data.csv:3: TRK328 region '吉林省集安市' ") and lines[1].endswith(
        "rows under it are not read: 1 (if they are that region's, list the name in the plan's region_aliases, "
        "or write the plan's region)"
    )
    assert lines[2].startswith("actuals/data.csv:5: TRK328 region '集安县' ")
    _, evaluation = evaluate_root(root, 2026)
    (plan_result,) = evaluation.plans
    assert plan_result.near_misses == (("集安", 2), ("吉林省集安市", 1), ("集安县", 1))
    assert plan_result.ignored_rows == 4 and evaluation.targets[0].status is S.NO_DATA
    status = run("status", "--data", str(root), "--as-of", "2026", "--lang", "en")
    assert "4 rows under names close to 集安市 (集安, 吉林省集安市, 集安县) were not read; see tracker validate" in (
        " ".join(status.stdout.split())
    )
    report = run("report", "--data", str(root), "--as-of", "2026", "--out", "-")
    assert (
        "⚠️ 另有4行数据的地区名与“集安市”相近（集安、吉林省集安市、集安县），未计入；见 tracker validate"
        in report.stdout
    )


def test_region_aliases_make_the_rows_count(make_root: Callable[..., Path]) -> None:
    """With region_aliases: [集安, 吉林省集安市] their rows are 集安市's: no warning for them, and the
    2024 figure (95.5, twice, merged) achieves the target; 集安县 is still warned."""
    plan = plan_with(
        {"id": "t", **LEVEL}, region="集安市", region_code="220582", region_aliases=["集安", "吉林省集安市"]
    )
    rows = [("集安", P, 2023, 94), ("吉林省集安市", P, 2024, 95.5), ("集安", P, 2024, 95.5), ("集安县", P, 2024, 95)]
    root = make_root([plan], rows, CATALOG)
    validate = run("validate", "--data", str(root))
    codes = [line.split(": ")[1].split()[0] for line in validate.stdout.splitlines()[:-1]]
    assert codes == ["TRK307", "TRK328"]  # the 2024 repeat under two names, and 集安县
    _, evaluation = evaluate_root(root, 2026)
    assert evaluation.plans[0].near_misses == (("集安县", 1),)
    assert (evaluation.targets[0].status, evaluation.targets[0].final) == (S.ACHIEVED, False)


def test_a_province_name_alone_is_no_near_miss_of_a_city(make_root: Callable[..., Path]) -> None:
    """吉林省 and 吉林 are the province; 吉林市 the city: provincial rows are kept for comparison."""
    plan = plan_with({"id": "t", **LEVEL}, region="吉林市", region_code="220200")
    root = make_root([plan], [("吉林省", P, 2024, 90), ("吉林", P, 2024, 90)], CATALOG)
    assert run("validate", "--data", str(root), "--strict").exit_code == 0


def test_an_alias_of_two_regions_is_an_error(make_root: Callable[..., Path]) -> None:
    first = plan_with({"id": "t", **LEVEL}, region="集安市", region_code="220582", region_aliases=["通化"])
    second = plan_with(
        {"id": "t", **LEVEL}, id="tonghua", region="通化市", region_code="220500", region_aliases=["通化"]
    )
    root = make_root([first, second], [("通化", P, 2022, 90)], CATALOG)
    line = (root / "plans" / "tonghua.yaml").read_text(encoding="utf-8").splitlines().index("region_aliases:") + 1
    result = run("validate", "--data", str(root))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        f"plans/tonghua.yaml:{line}: TRK215 region alias '通化' of plan 'tonghua' (region '通化市') is also a region"
        " alias of plan 'demo' (plans/demo.yaml); actuals rows under it would all go to one of them (an alias"
        " names one region only: remove it from one plan)"
    )


# -- a baseline without a value ----------------------------------------------------------------------


def test_a_baseline_without_a_value_or_a_figure_says_so(make_root: Callable[..., Path]) -> None:
    """baseline {year: 2020} with no 2020 figure, and 93 for 2023: validate warns at the target's line;
    before the deadline the status is indeterminate and its reason and explain name the cause."""
    spec = {"indicator": P, "target": ">= 95", "baseline": {"year": 2020}}
    root, result = judged(make_root, spec, [(P, 2023, 93)], 2024)
    assert (result.status, result.ratio, result.baseline_unknown) == (S.INDETERMINATE, None, True)
    validate = run("validate", "--data", str(root))
    assert validate.stdout.splitlines()[0] == (
        "plans/demo.yaml:9: TRK216 no 2020 figure for 示例县/学前教育毛入园率: add a row, or write the value in the "
        "plan (baseline: {year: 2020, value: ...}); without it the target has no task share"
    )
    gate = check(root, 2024, "--fail-on", "indeterminate", "--lang", "zh")
    assert (
        "indeterminate - 缺少示例县/学前教育毛入园率的2020年数据：请补充一行，或在规划中写明基期值（目标：2025年≥95%）"
        in (gate.stdout)
    )
    gate = check(root, 2024, "--fail-on", "indeterminate")
    assert "no 2020 figure for 示例县/Preschool gross enrolment rate: add a row, or write the value in the plan" in (
        gate.stdout
    )
    explanation = explain_target(root, "demo/t", 2024)
    assert dict(explanation_lines(explanation, "en"))["Baseline"] == (
        "- (2020): no 2020 figure for 示例县/Preschool gross enrolment rate: add a row, or write the value in the plan"
    )
    # With the 2020 figure added, the warning goes and the status is the band of R: (3/5)/(3/5) = 1.
    _, known = judged(make_root, spec, [(P, 2020, 90), (P, 2023, 93)], 2024)
    assert (known.status, known.ratio) == (S.ON_TRACK, pytest.approx(1.0))


def test_no_warning_while_no_figure_has_come(make_root: Callable[..., Path]) -> None:
    spec = {"indicator": P, "target": ">= 95", "baseline": {"year": 2020}}
    root, result = judged(make_root, spec, [(D, 2023, 1.5)], 2024)  # a row of another indicator only
    assert result.status is S.NO_DATA
    assert run("validate", "--data", str(root), "--strict").exit_code == 0


# -- the rest of the outputs -------------------------------------------------------------------------


def test_terminal_and_report_mark_the_provisional_and_the_awaited_figure(make_root: Callable[..., Path]) -> None:
    root, _ = judged(make_root, LEVEL, [(P, 2024, 94.5)], 2026)
    terminal = run("status", "--data", str(root), "--as-of", "2026", "--lang", "en").stdout
    assert "94.5% (2024)*" in terminal and "awaiting 2025" in terminal
    assert "1 targets: missed 1; 1 provisional" in terminal
    assert "* provisional: the deadline has passed without a figure for its year" in " ".join(terminal.split())
    zh = run("status", "--data", str(root), "--as-of", "2026").stdout
    assert "待2025年数据" in zh and "其中暂定1项" in zh and "* 暂定：已过截止年份但尚无该年数据" in zh
    report = run("report", "--data", str(root), "--as-of", "2026", "--out", "-", "--lang", "en").stdout
    assert "| 94.5% (2024)\\* |" in report and "| ❌ missed<br>no 2025 figure yet |" in report
    assert "(missed, provisional): no 2025 figure yet; latest 94.5% (2024); 0.5 pp short" in report
