"""Every kind and status through the command line, with the numbers worked out by hand.

One data root: a plan of the test county (示例县, period 2021-2025, baselines 2020) with a
target per case, and the figures behind each; `tracker status --json` at 2023 (and 2025)
must say what the comments beside the cases compute.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import plan_with
from typer.testing import CliRunner

from tracker.cli import app
from tracker.exitcodes import ExitCode

runner = CliRunner()
P = "preschool_gross_enrolment_rate"  # percent, higher is better
D = "dropout_rate"  # percent, lower is better
T = "teachers_recruited"  # person
C = "complaint_rate"  # percent, lower is better
M = "quality_balance_passed"  # boolean


def level(target: str, y0: float, **extra: Any) -> dict[str, Any]:
    return {"indicator": P, "target": target, "baseline": {"year": 2020, "value": y0}, **extra}


# id: (target, rows as (indicator, year, value[, qualifier[, source]]), status at 2023, ratio at 2023)
CASES: dict[str, tuple[dict[str, Any], list[tuple[Any, ...]], str, float | None]] = {
    # level, toward 100 from 80; at 2023 the 2022 figure is 2 of 5 years in: time share 0.4
    "level-on-track": (level(">= 100", 80), [(P, 2022, 87.6)], "on_track", 0.95),  # (7.6/20)/0.4
    "level-behind": (level(">= 100", 80), [(P, 2022, 84)], "behind", 0.5),  # (4/20)/0.4
    "level-off-track": (level(">= 100", 80), [(P, 2022, 82)], "off_track", 0.25),  # (2/20)/0.4
    "level-regressing": (level(">= 100", 80), [(P, 2022, 79)], "regressing", -0.125),  # (-1/20)/0.4
    "level-achieved": (level(">= 95", 80), [(P, 2022, 95.0)], "achieved", 2.5),  # (15/15)/0.4, early
    "level-indeterminate": (level(">= 100", 80), [(P, 2022, "近90")], "indeterminate", 1.25),  # [81, 90)
    "level-no-data": (level(">= 100", 80), [], "no_data", None),
    # lower is better: dropout from 2.0 to 1.0 or less; 1.6 in 2022: (0.4/1)/0.4 = 1.0
    "lower-on-track": (
        {"indicator": D, "target": "1.0", "baseline": {"year": 2020, "value": 2.0}},
        [(D, 2022, 1.6)],
        "on_track",
        1.0,
    ),
    # maintain >= 99 every year from 2021
    "maintain-on-track": (
        {"indicator": P, "kind": "maintain", "target": ">= 99"},
        [(P, 2021, 99.2), (P, 2022, 99.5)],
        "on_track",
        None,
    ),
    "maintain-behind": (
        {"indicator": P, "kind": "maintain", "target": ">= 99"},
        [(P, 2021, 98.0), (P, 2022, 99.5)],
        "behind",
        None,
    ),  # met now, failed before
    "maintain-off-track": (
        {"indicator": P, "kind": "maintain", "target": ">= 99"},
        [(P, 2021, 99.5), (P, 2022, 98.0)],
        "off_track",
        None,
    ),
    # cumulative >= 1000 recruited from 2021: at 2023, 2 of 5 years covered: time share 0.4
    "cumulative-on-track": (
        {"indicator": T, "kind": "cumulative", "target": ">= 1000"},
        [(T, 2021, 200), (T, 2022, 200)],
        "on_track",
        1.0,
    ),  # 0.4/0.4
    "cumulative-behind": (
        {"indicator": T, "kind": "cumulative", "target": ">= 1000"},
        [(T, 2021, 150), (T, 2022, 150)],
        "behind",
        0.75,
    ),  # 0.3/0.4
    "cumulative-off-track": (
        {"indicator": T, "kind": "cumulative", "target": ">= 1000"},
        [(T, 2021, 50), (T, 2022, 50)],
        "off_track",
        0.25,
    ),  # 0.1/0.4
    "cumulative-achieved": (
        {"indicator": T, "kind": "cumulative", "target": ">= 1000"},
        [(T, "2021-2022", "1,030")],
        "achieved",
        2.575,
    ),  # 1.03/0.4
    # change: complaints down 15 points or more from 40; 34 in 2022: (-6/-15)/0.4 = 1.0
    "change-on-track": (
        {"indicator": C, "kind": "change", "target": "<= -15", "baseline": {"year": 2020, "value": 40}},
        [(C, 2022, 34)],
        "on_track",
        1.0,
    ),
    "change-regressing": (
        {"indicator": C, "kind": "change", "target": "<= -15", "baseline": {"year": 2020, "value": 40}},
        [(C, 2022, 41)],
        "regressing",
        -0.1667,
    ),
    # milestone by 2024
    "milestone-achieved": ({"indicator": M, "kind": "milestone", "by": 2024}, [(M, 2022, 1)], "achieved", None),
    "milestone-pending": ({"indicator": M, "kind": "milestone", "by": 2024}, [(M, 2022, 0)], "pending", None),
}


@pytest.fixture
def root(make_root: Callable[..., Path]) -> Path:
    """One plan per case (each with its own indicator rows), so that cases never share figures."""
    plans, rows = [], []
    for i, (name, (target, figures, _, _)) in enumerate(CASES.items()):
        region, code = f"县{i}", f"{900000 + i}"
        plan = plan_with({"id": "t", **target}, id=name, region=region, region_code=code, title=name)
        plans.append(plan)
        rows += [(region, *figure) for figure in figures]
    return make_root(plans, rows)


def status_json(root: Path, as_of: int) -> dict[str, dict[str, Any]]:
    result = runner.invoke(app, ["status", "--data", str(root), "--as-of", str(as_of), "--json"])
    assert result.exit_code == ExitCode.OK, result.output
    return {entry["plan"]: entry for entry in json.loads(result.stdout)["targets"]}


def test_every_kind_and_status_at_2023(root: Path) -> None:
    found = status_json(root, 2023)
    for name, (_, _, status, ratio) in CASES.items():
        assert found[name]["status"] == status, name
        assert found[name]["ratio"] == (None if ratio is None else pytest.approx(ratio, abs=5e-5)), name


# At 2026 every deadline has passed (2025; 2024 for the milestones). Without a figure for the
# deadline year the latest earlier one decides between achieved and missed only, not finally;
# a failed year of a maintain target, a total reached and a milestone done are final.
AFTER_THE_DEADLINE = {
    "level-on-track": ("missed", False, 0.95),  # 87.6 < 100; R of 2022 kept: it was on pace
    "level-behind": ("missed", False, 0.5),
    "level-off-track": ("missed", False, 0.25),
    "level-regressing": ("missed", False, -0.125),
    "level-achieved": ("achieved", False, 2.5),  # 95 meets >= 95, but 2025 may say otherwise
    "level-indeterminate": ("missed", False, 1.25),  # [81, 90) lies wholly below 100
    "level-no-data": ("no_data", False, None),
    "lower-on-track": ("missed", False, 1.0),  # 1.6 is over the 1.0 cap
    "maintain-on-track": ("achieved", False, None),  # every year so far met
    "maintain-behind": ("missed", True, None),  # 2021 fell short: missed for good
    "maintain-off-track": ("missed", True, None),
    "cumulative-on-track": ("missed", False, 1.0),  # 400 of 1000 through 2022
    "cumulative-behind": ("missed", False, 0.75),
    "cumulative-off-track": ("missed", False, 0.25),
    "cumulative-achieved": ("achieved", True, 2.575),
    "change-on-track": ("missed", False, 1.0),  # -6 of -15
    "change-regressing": ("missed", False, -0.1667),
    "milestone-achieved": ("achieved", True, None),
    "milestone-pending": ("missed", False, None),  # a 0 for 2022 only: not done, provisionally
}


def test_after_the_deadline(root: Path) -> None:
    """At 2026 the deadlines have passed: no pace statuses are left, only achieved, missed and no data."""
    found = status_json(root, 2026)
    assert set(AFTER_THE_DEADLINE) == set(CASES)
    for name, (status, final, ratio) in AFTER_THE_DEADLINE.items():
        assert (found[name]["status"], found[name]["final"]) == (status, final), name
        assert found[name]["ratio"] == (None if ratio is None else pytest.approx(ratio, abs=5e-5)), name


def test_after_the_deadline_check_fails_the_misses_and_says_which_are_provisional(root: Path) -> None:
    """The default policy fails every missed target at 2026, provisional ones included; the one
    target with no figure is listed apart and fails only with --fail-on no_data."""
    result = runner.invoke(app, ["check", "--data", str(root), "--as-of", "2026"])
    assert result.exit_code == ExitCode.TARGETS_FAILED
    lines = result.stdout.splitlines()
    missed = [name for name, (status, _, _) in AFTER_THE_DEADLINE.items() if status == "missed"]
    provisional = [n for n in missed if not AFTER_THE_DEADLINE[n][1]]
    assert len(missed) == 14 and len(provisional) == 12
    assert lines[-1].startswith(
        "tracker check: FAILED - 14 of 19 targets as of 2026 (missed 14, of them provisional 12); "
        "past the deadline with no figure: 1; policy:"
    )
    provisional_line = "level-on-track/t: missed (provisional) - no 2025 figure yet; 87.6% (2022), 12.4 pp short"
    assert f"plans/level-on-track.yaml:9: {provisional_line}" in result.stdout
    assert "plans/maintain-behind.yaml:9: maintain-behind/t: missed - fell short of the goal in 2021" in result.stdout
    assert "past the deadline with no figure: 1 (not failing; --fail-on no_data makes them fail)" in lines
    assert "  plans/level-no-data.yaml:9: level-no-data/t: no_data - no figure, and the deadline 2025 has passed" in (
        result.stdout
    )
    strict = runner.invoke(app, ["check", "--data", str(root), "--as-of", "2026", "--fail-on", "no_data"])
    assert strict.exit_code == ExitCode.TARGETS_FAILED
    assert strict.stdout.splitlines() == [
        "plans/level-no-data.yaml:9: level-no-data/t: no_data - no figure, and the deadline 2025 has passed "
        "(goal: ≥100% by 2025)",
        "tracker check: FAILED - 1 of 19 targets as of 2026 (no_data 1); policy: --fail-on no_data",
    ]


def test_explain_shows_the_numbers_of_one_case(root: Path) -> None:
    result = runner.invoke(app, ["explain", "level-behind/t", "--data", str(root), "--as-of", "2023", "--lang", "en"])
    assert result.exit_code == ExitCode.OK, result.output
    out = result.stdout
    assert "0.2000" in out  # task share (84 - 80) / (100 - 80)
    assert "0.4000" in out  # time share (2022 - 2020) / (2025 - 2020)
    assert "0.5000" in out  # R
    assert "+5.3333" in out  # pace still needed: (100 - 84) / (2025 - 2022)


def test_a_cap_passed_early_is_said_as_passed(make_root: Callable[..., Path]) -> None:
    """At most 100 recruited by 2025, 120 by 2022: missed now, 20 over (not 'short'), no pace needed."""
    target = {"id": "t", "indicator": T, "kind": "cumulative", "target": "<= 100"}
    root = make_root([plan_with(target)], [("示例县", T, 2021, 60), ("示例县", T, 2022, 60)])
    check = runner.invoke(app, ["check", "--data", str(root), "--as-of", "2023"])
    assert check.exit_code == ExitCode.TARGETS_FAILED
    assert "20 over the goal" in check.stdout and "short" not in check.stdout
    explain = runner.invoke(app, ["explain", "demo/t", "--data", str(root), "--as-of", "2023", "--lang", "en"])
    out = " ".join(explain.stdout.split())  # rich wraps long lines
    assert "the total has passed the goal" in out and "deadline has come" not in out
    assert "Still needed" not in out  # nothing is needed to stay under a cap
