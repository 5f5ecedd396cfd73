"""TRACKER_UPDATE_GOLDEN=1: rewritten golden files are listed and the run exits 1 (tests/goldens.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

SUITE = """
from pathlib import Path

from goldens import refresh

GOLDEN = Path(__file__).parent / "expected.txt"


def test_output_matches() -> None:
    refresh(GOLDEN, b"new output\\n")
    assert GOLDEN.read_bytes() == b"new output\\n"
"""


def _pytest(folder: Path, update: bool) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "TRACKER_UPDATE_GOLDEN"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), env.get("PYTHONPATH", "")]))
    if update:
        env["TRACKER_UPDATE_GOLDEN"] = "1"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "goldens", "-p", "no:cacheprovider", str(folder)]
    return subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True, timeout=120)


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    (tmp_path / "test_suite.py").write_text(SUITE, encoding="utf-8")
    (tmp_path / "expected.txt").write_bytes(b"old output\n")
    return tmp_path


def test_an_update_that_rewrites_a_file_lists_it_and_fails(suite: Path) -> None:
    result = _pytest(suite, update=True)
    assert result.returncode == 1, result.stdout
    assert "TRACKER_UPDATE_GOLDEN=1 rewrote 1 golden file(s)" in result.stdout
    assert str(suite / "expected.txt") in result.stdout
    assert "1 passed" in result.stdout  # the test itself passed; the run did not
    assert (suite / "expected.txt").read_bytes() == b"new output\n"


def test_an_update_with_nothing_to_rewrite_is_an_ordinary_pass(suite: Path) -> None:
    (suite / "expected.txt").write_bytes(b"new output\n")
    result = _pytest(suite, update=True)
    assert result.returncode == 0, result.stdout
    assert "rewrote" not in result.stdout


def test_without_the_variable_nothing_is_written_and_the_test_fails(suite: Path) -> None:
    result = _pytest(suite, update=False)
    assert result.returncode == 1, result.stdout
    assert "rewrote" not in result.stdout
    assert (suite / "expected.txt").read_bytes() == b"old output\n"
