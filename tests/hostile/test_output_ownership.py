"""Outputs: tracker replaces only files it wrote, never writes through a link, never into the data.

Each attack is one a pull request (or a careless command line) could make: a README that
mentions "tracker report", a settings.json with a "schema_version", a pytest JUnit file,
`init` into a folder whose plans/ links into another data root, GITHUB_STEP_SUMMARY
pointing at a plan, a folder swapped for a link while tracker writes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import Ran, Root, base_env

README = "# Our data\n\nRun `tracker report` every month; this README explains the data.\n"
SETTINGS = '{"schema_version": 3, "editor": {"tabs": 4}}\n'
PYTEST_JUNIT = '<?xml version="1.0"?>\n<testsuites><testsuite name="pytest" tests="412"/></testsuites>\n'


@pytest.mark.parametrize(
    ("name", "content", "args"),
    [
        ("README.md", README, ["report", "--out", "README.md"]),
        ("notes.md", "Notes on the tracker report of May.\n", ["report", "--out", "notes.md"]),
        ("settings.json", SETTINGS, ["report", "--format", "json", "--out", "settings.json"]),
        ("junit.xml", PYTEST_JUNIT, ["check", "--junit", "junit.xml"]),
        ("README.md", README, ["check", "--junit", "README.md"]),
    ],
)
def test_a_file_that_mentions_tracker_is_not_replaced(
    tracker: Callable[..., Ran], hostile_root: Root, name: str, content: str, args: list[str]
) -> None:
    """The words of a file never make it tracker's: only the record of what tracker wrote does."""
    victim = hostile_root.write(name, content)
    ran = tracker(*args, "--data", ".", "--as-of", "2024", cwd=hostile_root.path)
    assert ran.code == 2, ran
    assert f"{name}: TRK408 refusing to write here: it exists and tracker did not write it" in ran.err, ran
    assert victim.read_text(encoding="utf-8") == content


def test_a_report_edited_by_hand_is_not_replaced(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """tracker's own output, changed by a person since, is theirs now; an unchanged one is replaced."""
    cwd = hostile_root.path
    assert tracker("report", "--as-of", "2024", "--out", "monthly.md", cwd=cwd).code == 0
    assert tracker("report", "--as-of", "2025", "--out", "monthly.md", cwd=cwd).code == 0  # unchanged: replaced
    edited = (cwd / "monthly.md").read_text(encoding="utf-8") + "\nOur comments on the figures.\n"
    (cwd / "monthly.md").write_text(edited, encoding="utf-8")
    ran = tracker("report", "--as-of", "2024", "--out", "monthly.md", cwd=cwd)
    assert ran.code == 2 and "it has changed since tracker wrote it" in ran.err, ran
    assert (cwd / "monthly.md").read_text(encoding="utf-8") == edited


def test_out_with_a_trailing_slash_is_a_folder(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    ran = tracker("report", "--as-of", "2024", "--out", "newdir/", cwd=hostile_root.path)
    assert ran.code == 2 and "newdir/: TRK408 refusing to write here: it names a folder" in ran.err, ran
    assert not (hostile_root.path / "newdir").exists()


def test_out_never_goes_through_a_linked_folder(
    tracker: Callable[..., Ran], hostile_root: Root, outside_dir: Path
) -> None:
    """reports/ linked to a folder elsewhere: `--out reports/x.md` would leave the folder it names."""
    (hostile_root.path / "reports").symlink_to(outside_dir, target_is_directory=True)
    for args in (["report", "--out", "reports/status.md"], ["report"], ["check", "--junit", "reports/junit.xml"]):
        ran = tracker(*args, "--as-of", "2024", cwd=hostile_root.path)
        assert ran.code == 2 and "reports is a link; tracker does not write through links" in ran.err, ran
    assert list(outside_dir.iterdir()) == []


def test_init_refuses_plans_and_actuals_linked_into_another_root(
    tracker: Callable[..., Ran], hostile_root: Root, tmp_path: Path
) -> None:
    before = hostile_root.snapshot()
    new = tmp_path / "new"
    new.mkdir()
    (new / "plans").symlink_to(hostile_root.path / "plans", target_is_directory=True)
    (new / "actuals").symlink_to(hostile_root.path / "actuals", target_is_directory=True)
    ran = tracker("init", str(new), "--install", "five-year-plan-tracker==0.1.0")
    assert ran.code == 2, ran
    assert f"{new.as_posix()}/plans: TRK408 refusing to write here: it is a link" in ran.err, ran
    assert f"{new.as_posix()}/actuals: TRK408" in ran.err
    assert hostile_root.snapshot() == before
    assert sorted(p.name for p in new.iterdir()) == ["actuals", "plans"]  # nothing else was made


def _check_in_github(tracker: Callable[..., Ran], root: Root, summary: Path) -> Ran:
    env = base_env(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary), GITHUB_WORKSPACE=str(root.path))
    return tracker("check", "--as-of", "2024", cwd=root.path, env=env)


def test_step_summary_pointing_at_a_plan_leaves_it_alone(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    before = hostile_root.snapshot()
    ran = _check_in_github(tracker, hostile_root, hostile_root.plan)
    assert ran.code == 1, ran  # the check's own result stands: a target is missed
    assert "TRK412 cannot append the job summary: tracker never writes into plans/" in ran.err, ran
    assert hostile_root.snapshot() == before


def test_step_summary_through_a_link_to_a_plan_leaves_it_alone(
    tracker: Callable[..., Ran], hostile_root: Root, outside_dir: Path
) -> None:
    link = outside_dir / "summary.md"
    link.symlink_to(hostile_root.plan)
    before = hostile_root.snapshot()
    ran = _check_in_github(tracker, hostile_root, link)
    assert ran.code == 1 and "TRK412 cannot append the job summary: it is a link" in ran.err, ran
    assert hostile_root.snapshot() == before


# A second process swaps a name between a real file (or folder) and a link, as fast as it can.
FLIPPER = """
import os, sys, time
real, target, name = sys.argv[1:4]
spare, n = name + ".real", 0
os.rename(real, name)
while True:
    n += 1
    os.rename(name, spare)
    os.symlink(target, name)
    time.sleep(0.0003)
    os.unlink(name)
    try:
        os.rename(spare, name)
    except OSError:  # tracker made a folder of that name meanwhile: move it aside
        os.rename(name, f"{name}.made-{n}")
        os.rename(spare, name)
    time.sleep(0.0003)
"""


def _flipping(real: Path, link_target: Path, name: Path) -> subprocess.Popen[bytes]:
    """A process that keeps swapping `name` between `real` (moved in and out) and a link to `link_target`."""
    return subprocess.Popen([sys.executable, "-c", FLIPPER, str(real), str(link_target), str(name)])


def test_summary_swapped_for_a_link_while_checking_never_reaches_the_plan(
    tracker: Callable[..., Ran], hostile_root: Root, outside_dir: Path
) -> None:
    """Two processes at once: whatever the name is at the moment tracker opens it, a plan is never written."""
    summary = outside_dir / "summary.md"
    real = outside_dir / "real-summary.md"
    real.write_text("", encoding="utf-8")
    before = hostile_root.snapshot()
    flipper = _flipping(real, hostile_root.plan, summary)
    try:
        time.sleep(0.2)
        for _ in range(8):
            ran = _check_in_github(tracker, hostile_root, summary)
            assert ran.code == 1, ran
            assert hostile_root.changes(before) == [], "the job summary was appended to a plan"
        assert flipper.poll() is None, "the swapping process stopped"
    finally:
        flipper.kill()
        flipper.wait()


def test_report_folder_swapped_for_a_link_while_writing_never_reaches_the_plans(
    tracker: Callable[..., Ran], hostile_root: Root, tmp_path: Path
) -> None:
    """Two processes at once: reports/ becomes a link to plans/ between tracker's check and its write."""
    reports = hostile_root.path / "reports"
    real = tmp_path / "real-reports"
    real.mkdir()
    before = hostile_root.snapshot()
    flipper = _flipping(real, hostile_root.path / "plans", reports)
    try:
        time.sleep(0.2)
        for _ in range(12):
            ran = tracker("report", "--as-of", "2024", "--out", "reports/status.md", cwd=hostile_root.path)
            assert ran.code in (0, 2), ran  # written into the real folder, or refused: never elsewhere
            assert "unexpected error" not in ran.err, ran
            assert hostile_root.changes(before) == [], "a report was written into plans/"
        assert flipper.poll() is None, "the swapping process stopped"
    finally:
        flipper.kill()
        flipper.wait()
    shutil.rmtree(real, ignore_errors=True)
