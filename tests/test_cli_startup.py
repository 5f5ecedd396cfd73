"""`tracker --help` and every `tracker COMMAND --help` stay quick: they never import pandas.

pandas (with numpy) is most of the tool's start-up time; only commands that read data
import it, inside the command. Each case runs in a fresh interpreter, since this test
process has long imported pandas. No timing is asserted (benchmarks/ measures it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from helpers import TESTS

DEMO = TESTS / "fixtures" / "demo"

PROBE = """
import json, sys
from typer.main import get_command
from typer.testing import CliRunner
from tracker.cli import app
args = json.loads(sys.argv[1])
result = CliRunner().invoke(app, args)
heavy = sorted(m for m in ("pandas", "numpy", "pydantic", "rich", "openpyxl") if m in sys.modules)
print(json.dumps({"exit": result.exit_code, "heavy": heavy, "out": result.output[:200],
                  "commands": sorted(get_command(app).commands)}))
"""


def probe(args: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_top_level_help_imports_no_pandas() -> None:
    result = probe(["--help"])
    assert result["exit"] == 0
    assert "Usage" in str(result["out"])
    assert "pandas" not in result["heavy"]
    assert "numpy" not in result["heavy"]
    assert "openpyxl" not in result["heavy"]  # the workbook format and reader import it when used


COMMANDS = sorted(probe(["--help"])["commands"])


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_imports_no_pandas(command: str) -> None:
    result = probe([command, "--help"])
    assert result["exit"] == 0, result["out"]
    assert "pandas" not in result["heavy"], f"'tracker {command} --help' imported pandas"
    assert "openpyxl" not in result["heavy"], f"'tracker {command} --help' imported openpyxl"


def test_the_probe_sees_pandas_when_a_command_reads_data() -> None:
    """The checks above can fail: the same probe on a command that reads data finds pandas."""
    result = probe(["status", "--data", str(DEMO), "--as-of", "2023"])
    assert result["exit"] == 0, result["out"]
    assert "pandas" in result["heavy"]


def test_numpy_is_told_about_huge_pages_before_it_is_imported() -> None:
    """`tracker.cli.main` sets NUMPY_MADVISE_HUGEPAGE=0 (unless set): numpy reads it when imported."""

    def setting(given: str | None) -> list[str]:
        code = (
            "import os, sys; import tracker.cli; before = 'numpy' in sys.modules; "
            "from tracker.core import tune_for_large_tables; tune_for_large_tables(); "
            "print(before, os.environ['NUMPY_MADVISE_HUGEPAGE'])"
        )
        env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
        if given is not None:
            env["NUMPY_MADVISE_HUGEPAGE"] = given
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert setting(None) == ["False", "0"]  # numpy not yet imported when main() sets it
    assert setting("1") == ["False", "1"]  # a user's own setting stands
