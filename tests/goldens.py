"""Golden files: the one place that knows `TRACKER_UPDATE_GOLDEN`.

A golden file is committed output that a test compares with what the code prints now: the
files under tests/golden/, reports/status.md, the README's status examples, the output
blocks of docs/getting-started.md and tracker/templates/indicators-full.yaml.

`TRACKER_UPDATE_GOLDEN=1 pytest` makes `refresh` write the current output over every golden
file that differs. The test then compares again (and passes), but the run is not a pass:
the hooks below (conftest.py imports them) list every file written at the end and make
pytest exit 1, so an update is never mistaken for a green run. Review the listed files'
diff, commit them, run pytest again. A run in which no golden file differed is an ordinary
run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ENVIRONMENT_VARIABLE = "TRACKER_UPDATE_GOLDEN"
REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"

_written: list[Path] = []


def updating() -> bool:
    """Whether this run rewrites golden files (`TRACKER_UPDATE_GOLDEN=1`)."""
    return os.environ.get(ENVIRONMENT_VARIABLE) == "1"


def refresh(path: Path, content: bytes) -> None:
    """When updating, write `content` to the golden file `path` if it differs, and remember it.

    Outside an update this does nothing; the caller compares and fails as usual.
    """
    if not updating():
        return
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".golden-tmp")
    temporary.write_bytes(content)
    temporary.replace(path)
    if path not in _written:
        _written.append(path)


def written() -> list[Path]:
    """The golden files this run rewrote, in the order it wrote them."""
    return list(_written)


def check_golden(name: str, actual: str) -> None:
    """Compare `actual` with tests/golden/NAME byte for byte (UTF-8); an update rewrites it first."""
    path = GOLDEN / name
    refresh(path, actual.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run {ENVIRONMENT_VARIABLE}=1 pytest to create it"
    assert actual.encode("utf-8") == path.read_bytes(), (
        f"{name} differs from its golden file ({ENVIRONMENT_VARIABLE}=1 pytest updates it)"
    )


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that rewrote golden files fails: an update is not a pass."""
    if _written and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List the golden files this run rewrote, for review before committing them."""
    if not _written:
        return
    terminalreporter.section(f"{ENVIRONMENT_VARIABLE}=1 rewrote {len(_written)} golden file(s)", red=True)
    for path in _written:
        terminalreporter.write_line(_shown(path))
    terminalreporter.write_line("Review the diff (git diff), commit it, run pytest again: this run counts as failed.")
