"""The CLI is thin: its output is the core's result rendered, and errors map to exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from goldens import check_golden
from helpers import TESTS, plan_with
from typer.testing import CliRunner

from tracker.cli import app
from tracker.core import evaluate_root
from tracker.exitcodes import ExitCode
from tracker.jsondoc import document

DEMO = TESTS / "fixtures" / "demo"
runner = CliRunner()


def test_status_json_is_the_core_result() -> None:
    result = runner.invoke(app, ["status", "--data", str(DEMO), "--as-of", "2023", "--json"])
    assert result.exit_code == ExitCode.OK
    _, evaluation = evaluate_root(DEMO, 2023)
    assert json.loads(result.stdout) == document(evaluation)


def test_status_json_values() -> None:
    """Hand-computed: 87.6 from 80 toward 100 at 2 of 5 years is R = 0.95, on track."""
    result = runner.invoke(app, ["status", "--data", str(DEMO), "--as-of", "2023", "--json"])
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["as_of"] == 2023
    first = doc["targets"][0]
    assert first["plan"] == "demo" and first["target"] == "preschool"
    assert first["status"] == "on_track" and first["ratio"] == 0.95 and first["final"] is False
    assert first["latest"] == {"year": 2022, "year_start": 2022, "value": 87.6, "qualifier": "="}
    statuses = {t["target"]: t["status"] for t in doc["targets"]}
    assert statuses == {
        "preschool": "on_track",
        "recruit": "on_track",
        "retention": "behind",
        "balance": "pending",
        "complaints": "on_track",
        "dropout": "on_track",
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_table_golden(lang: str) -> None:
    result = runner.invoke(app, ["status", "--data", str(DEMO), "--as-of", "2023", "--lang", lang])
    assert result.exit_code == ExitCode.OK
    check_golden(f"status-demo-{lang}.txt", result.stdout)


def test_explain_shows_the_arithmetic() -> None:
    result = runner.invoke(app, ["explain", "demo/preschool", "--data", str(DEMO), "--as-of", "2023", "--lang", "en"])
    assert result.exit_code == ExitCode.OK
    out = result.stdout
    assert "Task share: 0.3800" in out
    assert "Time share: 0.4000" in out
    assert "R: 0.9500 = 0.3800 / 0.4000" in out
    assert "R >= 0.95 -> on track" in out
    assert "Pace needed: +4.1333 pp/year" in out  # a percentage moves by percentage points


def test_explain_unknown_target_suggests() -> None:
    result = runner.invoke(app, ["explain", "demo/preschol", "--data", str(DEMO)])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "TRK404" in result.stderr and "did you mean 'preschool'" in result.stderr


def test_unknown_plan_is_bad_input() -> None:
    result = runner.invoke(app, ["status", "--data", str(DEMO), "--plan", "demoo"])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "TRK403" in result.stderr and "did you mean 'demo'" in result.stderr


def test_folder_without_plans_says_how_to_point_at_data(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", "--data", str(tmp_path)])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "no plans/ folder" in result.stderr and "--data DIR" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_plan_file_names_file_and_line(make_root: Callable[..., Path]) -> None:
    plan = plan_with({"id": "t", "indicator": "no_such_indicator", "target": ">= 1", "baseline": {"year": 2020}})
    root = make_root([plan], [])
    result = runner.invoke(app, ["status", "--data", str(root)])
    assert result.exit_code == ExitCode.BAD_INPUT
    line = next(i for i, text in enumerate((root / "plans/demo.yaml").read_text().splitlines(), 1) if "no_such" in text)
    assert result.stderr.startswith(f"plans/demo.yaml:{line}: TRK203 unknown indicator 'no_such_indicator'")
    assert "Traceback" not in result.stderr


def test_unexpected_errors_ask_for_a_bug_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("tracker.core.evaluate_root", broken)
    result = runner.invoke(app, ["status", "--data", str(DEMO)])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "unexpected error (RuntimeError: boom)" in result.stderr and "--debug" in result.stderr
    with pytest.raises(RuntimeError):
        runner.invoke(app, ["status", "--data", str(DEMO), "--debug"], catch_exceptions=False)


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "status", "--data", str(DEMO), "--as-of", "2023", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["as_of"] == 2023


def test_a_reader_that_stops_early_is_no_bug(make_root: Callable[..., Path]) -> None:
    """`tracker validate | head -1`: the pipe closes under tracker, which stops without a traceback."""
    target = {"id": "t", "indicator": "teachers_recruited", "kind": "cumulative", "target": ">= 10"}
    repeats = [("示例县", "teachers_recruited", 2021, 5)] * 3000  # 2,999 warnings: more than a pipe holds
    root = make_root([plan_with(target)], repeats)
    done = subprocess.run(
        f"{sys.executable} -m tracker validate --data {root} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "TRK307" in done.stdout and done.stdout.count("\n") == 1
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
