"""The goal above a target, shown beside it by `status`, `report`, `explain` and `status --json`.

The data root, as of 2023 (level targets from a 2020 baseline, due 2025: the time share of a
2023 figure is 3/5 = 0.6):

    national 全国   preschool >= 90 from 80: 88 -> task 0.8, R 1.3333 on track
                    dropout   <= 1  from 2:  1.5 -> task 0.5, R 0.8333 behind
      province 某省 (parent national)
                    preschool >= 92 from 80: 86 -> task 0.5, R 0.8333 behind
        county 某县 (parent province)
                    preschool >= 85 from 80: 82 -> task 0.4, R 0.6667 behind; below the
                        province's 92: less ambitious (TRK220)
                    dropout   <= 1  from 2: no figure -> no data; the province sets no
                        dropout goal, so the goal above is the nation's (<= 1, behind)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import write_root
from report_support import run

from tracker.exitcodes import ExitCode

PRESCHOOL = "preschool_gross_enrolment_rate"


def _target(target_id: str, indicator: str, goal: str, baseline: float) -> dict[str, Any]:
    return {
        "id": target_id,
        "indicator": indicator,
        "target": goal,
        "by": 2025,
        "baseline": {"year": 2020, "value": baseline},
    }


def _plan(plan_id: str, region: str, parent: str | None, *targets: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = {"id": plan_id, "title": f"{region}规划", "region": region}
    if parent is not None:
        plan["parent"] = parent
    plan["period"] = {"start": 2021, "end": 2025}
    plan["targets"] = list(targets)
    return plan


@pytest.fixture
def root(tmp_path: Path) -> Path:
    plans = [
        _plan(
            "national",
            "全国",
            None,
            _target("preschool", PRESCHOOL, ">= 90", 80),
            _target("dropout", "dropout_rate", "<= 1", 2),
        ),
        _plan("province", "某省", "national", _target("preschool", PRESCHOOL, ">= 92", 80)),
        _plan(
            "county",
            "某县",
            "province",
            _target("preschool", PRESCHOOL, ">= 85", 80),
            _target("dropout", "dropout_rate", "<= 1", 2),
        ),
    ]
    rows = [
        ("全国", PRESCHOOL, 2023, 88),
        ("全国", "dropout_rate", 2023, 1.5),
        ("某省", PRESCHOOL, 2023, 86),
        ("某县", PRESCHOOL, 2023, 82),
    ]
    return write_root(tmp_path / "root", plans, rows)


def status_lines(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch, columns: int = 160) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("status", "--data", str(root), "--as-of", "2023", "--lang", "en", *args)
    assert result.exit_code == ExitCode.OK, result.stderr
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_status_shows_the_goal_above_under_the_targets_goal(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = status_lines(root, "--plan", "county", monkeypatch=monkeypatch)
    preschool = next(i for i, line in enumerate(lines) if line.startswith("Preschool gross enrolment rate"))
    assert "≥85% by 2025" in lines[preschool] and "behind" in lines[preschool]
    # the province was not selected, and is evaluated for its goal: 86 in 2023, behind
    assert "above: ≥92% by 2025, behind" in lines[preschool + 1]
    dropout = next(i for i, line in enumerate(lines) if line.startswith("Dropout rate"))
    # the province sets no dropout goal: the nation's, named
    assert "above (national): ≤1% by 2025, behind" in lines[dropout + 1]
    assert "plan above: province" in lines
    assert lines[-1] == "above: the goal of the plan above (parent:) on the same indicator, and its status"


def test_status_at_80_columns_keeps_the_status_column(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = status_lines(root, "--plan", "county", monkeypatch=monkeypatch, columns=80)
    assert all(len(line) <= 80 for line in lines)
    preschool = next(i for i, line in enumerate(lines) if line.startswith("Preschool gross"))
    assert lines[preschool].endswith("behind")
    below = " ".join(lines[preschool + 1 : preschool + 4])
    assert "above:" in below and "≥92%" in below


def test_a_plan_at_the_top_shows_no_goal_above(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = status_lines(root, "--plan", "national", monkeypatch=monkeypatch)
    assert not any("above" in line for line in lines)


def test_report_shows_the_goal_above_in_the_goal_cell(root: Path) -> None:
    result = run("report", "--data", str(root), "--as-of", "2023", "--lang", "en", "-o", "-")
    assert result.exit_code == ExitCode.OK, result.stderr
    text = result.stdout
    assert "`county` · 某县 · 2021-2025 · `plans/county.yaml` · plan above: `province`" in text
    assert "| ≥85% by 2025<br>above: ≥92% by 2025, behind |" in text
    assert "| ≤1% by 2025<br>above (national): ≤1% by 2025, behind |" in text
    assert "`national` · 全国 · 2021-2025 · `plans/national.yaml`\n" in text  # no plan above


def test_explain_names_the_goal_above_and_how_the_goal_compares(root: Path) -> None:
    result = run("explain", "county/preschool", "--data", str(root), "--as-of", "2023", "--lang", "en")
    assert result.exit_code == ExitCode.OK, result.stderr
    text = " ".join(result.stdout.split())  # unwrapped
    assert (
        "Goal above: province/preschool: ≥92% by 2025, behind (R 0.83); "
        "this goal is less ambitious (tracker validate: TRK220)"
    ) in text
    national = run("explain", "province/preschool", "--data", str(root), "--as-of", "2023", "--lang", "en")
    assert "national/preschool: ≥90% by 2025, on track (R 1.33); this goal is more ambitious" in " ".join(
        national.stdout.split()
    )


def test_status_json_has_an_optional_above_key(root: Path) -> None:
    result = run("status", "--data", str(root), "--as-of", "2023", "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    targets = {f"{t['plan']}/{t['target']}": t for t in json.loads(result.stdout)["targets"]}
    assert "above" not in targets["national/preschool"] and "above" not in targets["national/dropout"]
    assert targets["county/preschool"]["above"] == {
        "plan": "province",
        "target": "preschool",
        "op": ">=",
        "target_value": 92.0,
        "by": 2025,
        "status": "behind",
    }
    assert targets["county/dropout"]["above"]["plan"] == "national"
    assert targets["province/preschool"]["above"]["status"] == "on_track"
