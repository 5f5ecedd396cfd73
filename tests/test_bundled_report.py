"""The bundled data's report and check output at --as-of 2026, and the committed reports/status.md.

reports/status.md is `tracker report --as-of 2026` run at the repository root; the test
below regenerates it in a temporary folder and fails when the committed file differs (after
changing data or the renderer, run that command, or `TRACKER_UPDATE_GOLDEN=1 pytest`).
"""

from __future__ import annotations

from pathlib import Path

import goldens
from goldens import check_golden
from report_support import TESTS, pinned_terminal, run

from tracker.exitcodes import ExitCode

__all__ = ["pinned_terminal"]

REPO = TESTS.parent
BUNDLED_AS_OF = "2026"  # the 14th plan period has ended; its final figures arrive during 2026
COMMITTED_REPORT = REPO / "reports" / "status.md"


def test_committed_report_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "status.md"
    result = run("report", "--data", str(REPO), "--as-of", BUNDLED_AS_OF, "--out", str(fresh))
    assert result.exit_code == ExitCode.OK, result.stderr
    goldens.refresh(COMMITTED_REPORT, fresh.read_bytes())
    assert COMMITTED_REPORT.is_file(), "reports/status.md is missing: run tracker report --as-of 2026"
    assert fresh.read_bytes() == COMMITTED_REPORT.read_bytes(), (
        "reports/status.md is stale: run `tracker report --as-of 2026` at the repository root "
        "(or TRACKER_UPDATE_GOLDEN=1 pytest) and commit it"
    )


def test_bundled_report_in_english_golden() -> None:
    result = run("report", "--data", str(REPO), "--as-of", BUNDLED_AS_OF, "--lang", "en", "--out", "-")
    assert result.exit_code == ExitCode.OK, result.stderr
    check_golden("report-bundled-2026-en.md", result.stdout)


def test_bundled_check_golden() -> None:
    result = run("check", "--data", str(REPO), "--as-of", BUNDLED_AS_OF)
    assert result.exit_code in (ExitCode.OK, ExitCode.TARGETS_FAILED), result.stderr
    check_golden("check-bundled-2026.txt", f"exit {result.exit_code}\n{result.stdout}")
