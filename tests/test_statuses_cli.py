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

from tracker.cli import ExitCode, app

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


def test_after_the_deadline(root: Path) -> None:
    """At 2026 the deadline (2025) has passed: no 2025 figure, so the latest earlier figure
    decides, not finally; milestones due 2024 without a 1 are missed."""
    found = status_json(root, 2026)
    # the 2022 figure still decides: R = (7.6/20)/(2/5) = 0.95, on track, but not final
    assert (found["level-on-track"]["status"], found["level-on-track"]["final"]) == ("on_track", False)
    assert found["milestone-pending"]["status"] == "missed" and found["milestone-pending"]["final"] is True
    assert found["milestone-achieved"]["status"] == "achieved"
    # cumulative: 400 of 1000 with figures through 2022 only: not through 2025, R = 0.4 / (2/5)
    assert found["cumulative-on-track"]["status"] == "on_track"


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
