"""`tracker validate`, and the same loader refusing bad input in every command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app

REPO = Path(__file__).parent.parent
HEADER = "region,indicator,year,value,qualifier,source,quote,note\n"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def _add_csv(root: Path, name: str, rows: str, encoding: str = "utf-8") -> None:
    (root / "actuals" / name).write_bytes((HEADER + rows).encode(encoding))


def test_clean_root_exits_0_with_a_count(valid_root: Path) -> None:
    code, out, _ = _invoke("validate", "--data", str(valid_root))
    assert code == 0
    assert out == "1 plan, 5 targets, 8 actual rows: 0 errors, 0 warnings\n"


def test_warnings_exit_0_or_1_with_strict(valid_root: Path) -> None:
    _add_csv(valid_root, "more.csv", "示例县,preschool_gross_enrolment_rate,2023,103.5,,r,,\n")
    code, out, _ = _invoke("validate", "--data", str(valid_root))
    assert code == 0
    assert out.splitlines()[0].startswith("actuals/more.csv:2:4: TRK309 ")
    assert out.splitlines()[-1] == "1 plan, 5 targets, 9 actual rows: 0 errors, 1 warning"
    code, _, _ = _invoke("validate", "--data", str(valid_root), "--strict")
    assert code == 1


def test_every_problem_in_one_run_sorted_by_file_and_line(valid_root: Path) -> None:
    _add_csv(
        valid_root,
        "b.csv",
        "示例县,dropout_rate,2022,abc,,r,,\n示例县,dropout_rate,20x2,1,,r,,\n示例县,dropout_rate,2021,1,,r\n",
    )
    _add_csv(valid_root, "a.csv", "示例县,nope_rate,2022,1,,r,,\n")
    plan = (valid_root / "plans" / "demo.yaml").read_text(encoding="utf-8")
    (valid_root / "plans" / "demo.yaml").write_text(plan.replace("region: 示例县", "region: NO"), encoding="utf-8")
    code, out, _ = _invoke("validate", "--data", str(valid_root), "--strict")
    assert code == 2
    places = [line.split(" ")[0] + " " + line.split(" ")[1] for line in out.splitlines()[:-1]]
    assert places == [
        "actuals/a.csv:2:2: TRK306",  # line 2, field 2 (indicator)
        "actuals/b.csv:2:4: TRK304",
        "actuals/b.csv:3:3: TRK303",
        "actuals/b.csv:4: TRK302",
        "plans/demo.yaml:5: TRK104",
    ]
    assert out.splitlines()[-1].endswith(": 5 errors, 0 warnings")


def test_not_a_data_root_exits_2(tmp_path: Path) -> None:
    code, out, err = _invoke("validate", "--data", str(tmp_path))
    assert code == 2
    assert err.startswith("TRK401 no plans/ folder in ")


@pytest.mark.parametrize("command", [["status"], ["validate"], ["explain", "demo/preschool"], ["report"], ["check"]])
def test_every_command_refuses_bad_input_with_the_same_message(valid_root: Path, command: list[str]) -> None:
    _add_csv(valid_root, "bad.csv", "示例县,dropout_rate,2022,较高,,r,,\n")
    before = sorted(p.relative_to(valid_root) for p in valid_root.rglob("*"))
    code, out, err = _invoke(*command, "--data", str(valid_root))
    assert code == 2
    expected = "actuals/bad.csv:2:4: TRK304 value '较高' is not a number: docs/values.md lists the forms tracker reads"
    assert expected in (out if command == ["validate"] else err)
    assert sorted(p.relative_to(valid_root) for p in valid_root.rglob("*")) == before  # nothing written


def test_unexpected_exception_is_one_line_without_debug(valid_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(root: Path) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("tracker.validation.validate_root", broken)
    code, out, err = _invoke("validate", "--data", str(valid_root))
    assert code == 2
    assert err.count("\n") == 1 and "This is a bug" in err and "ZeroDivisionError: boom" in err
    result = CliRunner().invoke(app, ["validate", "--data", str(valid_root), "--debug"])
    assert isinstance(result.exception, ZeroDivisionError)  # --debug lets the traceback through


def _run_tracker(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_debug_logs_the_encoding_of_every_file(valid_root: Path) -> None:
    _add_csv(valid_root, "gbk.csv", "示例县,dropout_rate,2021,1.5,,r,,\r\n", encoding="gb18030")
    (valid_root / "actuals" / "bom.csv").write_bytes(
        b"\xef\xbb\xbf" + (HEADER + "示例县,dropout_rate,2020,1,,r,,\n").encode()
    )
    result = _run_tracker("validate", "--data", str(valid_root), "--debug", cwd=valid_root)
    assert result.returncode == 0, result.stderr
    logged = result.stderr.splitlines()
    assert "actuals/gbk.csv: read as gb18030, CRLF line ends" in logged
    assert "actuals/bom.csv: read as utf-8 with BOM" in logged
    assert "actuals/demo.csv: read as utf-8" in logged
    assert "plans/demo.yaml: read as utf-8" in logged
    quiet = _run_tracker("validate", "--data", str(valid_root), cwd=valid_root)
    assert "read as" not in quiet.stderr


def test_no_command_writes_into_the_data(valid_root: Path) -> None:
    before = {p: p.read_bytes() for p in valid_root.rglob("*") if p.is_file()}
    for command in (["validate", "--strict"], ["status", "--as-of", "2023"], ["status", "--json"]):
        code, _, _ = _invoke(*command, "--data", str(valid_root))
        assert code == 0
    after = {p: p.read_bytes() for p in valid_root.rglob("*") if p.is_file()}
    assert after == before


def test_schema_command_prints_the_committed_schemas() -> None:
    for name in ("plan", "indicators"):
        code, out, _ = _invoke("schema", name)
        assert code == 0
        assert out == (REPO / "docs" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")


def test_data_file_that_would_be_skipped_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "r"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", root)
    (root / "plans" / "notes.yml").write_text("id: notes\n", encoding="utf-8")
    code, out, _ = _invoke("validate", "--data", str(root))
    assert code == 2
    assert out.splitlines()[0] == (
        "plans/notes.yml: TRK410 this file is not read: plans must be saved as .yaml (lower case)"
        " (plans are read from plans/*.yaml and actuals from actuals/*.csv and actuals/*.xlsx)"
    )
