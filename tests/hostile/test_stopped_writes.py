"""A write that is stopped (SIGTERM, SIGHUP, SIGINT, kill -9) or runs out of disk leaves nothing half-done.

A second process watches the report folder and sends the signal the moment tracker's
temporary file appears, so the signal arrives while the file is being written.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import VALID_ROOT, Ran, Root, base_env, command, fill, run_tracker

QUOTE = "到2025年全县学前三年毛入园率达到95%以上，普惠性幼儿园覆盖率稳定在85%以上。" * 40


def _big_root(root: Root) -> None:
    """A plan of 3,000 targets with long quotes: a Markdown report of several megabytes, slow to write."""
    targets = "".join(
        f"  - id: t{i}\n    indicator: preschool_gross_enrolment_rate\n    target: '>= 95'\n"
        f"    baseline: {{year: 2020, value: 80}}\n    quote: {QUOTE}{i}\n"
        for i in range(3000)
    )
    root.write(
        "plans/big.yaml", "id: big\ntitle: 大\nregion: 示例县\nperiod: {start: 2021, end: 2025}\ntargets:\n" + targets
    )


def _temporary_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp")) if folder.is_dir() else []


def _stop_while_writing(root: Root, signum: int, cwd: Path) -> int:
    """Start `tracker report`, send `signum` as soon as a temporary file appears; its exit status."""
    reports = root.path / "reports"
    reports.mkdir(exist_ok=True)
    process = subprocess.Popen(
        command("report", "--data", str(root.path), "--as-of", "2024"),
        cwd=cwd,
        env=base_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if any(name.endswith(".tmp") for name in os.listdir(reports)):
                process.send_signal(signum)
                break
        else:
            pytest.fail(f"no temporary file seen (exit {process.returncode}): {process.stderr.read()!r}")
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def whole_report(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The report of `_big_root`, written without interruption."""
    root = Root(tmp_path_factory.mktemp("whole") / "root")
    shutil.copytree(VALID_ROOT, root.path)
    _big_root(root)
    ran = run_tracker("report", "--data", str(root.path), "--as-of", "2024", "--out", "-", cwd=root.path)
    assert ran.code == 0, ran
    return ran.out_bytes


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
def test_a_signal_during_the_write_leaves_no_temporary_file(
    hostile_root: Root, tmp_path: Path, signum: signal.Signals, whole_report: bytes
) -> None:
    _big_root(hostile_root)
    status = _stop_while_writing(hostile_root, signum, tmp_path)
    reports = hostile_root.path / "reports"
    assert _temporary_files(reports) == []
    assert status != 0  # it was stopped (after the rename, or before the report was complete)
    report = reports / "status.md"
    if report.exists():  # the rename happened: the report is whole
        assert report.read_bytes() == whole_report, "a torn report"


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def test_what_kill_9_leaves_is_ignored_by_git_in_a_new_data_root(tracker: Callable[..., Ran], tmp_path: Path) -> None:
    """kill -9 cannot be caught: the temporary file stays, and the data root `init` made ignores it."""
    root = tmp_path / "data"
    assert tracker("init", str(root), "--install", "five-year-plan-tracker==0.1.0").code == 0
    _big_root(Root(root))
    _git("init", "-q", cwd=root)
    status = _stop_while_writing(Root(root), signal.SIGKILL, tmp_path)
    assert status == -signal.SIGKILL
    left = _temporary_files(root / "reports")
    if not left:  # the kill came after the rename: leave one as kill -9 would have
        left = [".status.md.abcd1234.tmp"]
        (root / "reports" / left[0]).write_text("half a report", encoding="utf-8")
    _git("add", "reports/", cwd=root)  # what the report workflow does
    staged = _git("diff", "--cached", "--name-only", cwd=root).split()
    assert not [name for name in staged if name.endswith(".tmp")], staged
    assert _git("check-ignore", f"reports/{left[0]}", cwd=root).strip() == f"reports/{left[0]}"


def test_init_on_a_full_disk_leaves_nothing_behind(
    tracker: Callable[..., Ran], small_tmpfs: Callable[[int], Path]
) -> None:
    disk = small_tmpfs(12 * 1024)  # the catalog and the plan fit, the rest does not
    ran = tracker("init", str(disk / "new"), "--install", "five-year-plan-tracker==0.1.0")
    assert ran.code == 2 and "TRK411 cannot write output: No space left on device" in ran.err, ran
    assert "unexpected error" not in ran.err
    assert list(disk.iterdir()) == [], sorted(p.relative_to(disk).as_posix() for p in disk.rglob("*"))


def test_a_report_on_a_full_disk_keeps_the_previous_one_and_its_record(
    tracker: Callable[..., Ran], hostile_root: Root, small_tmpfs: Callable[[int], Path]
) -> None:
    """Guards the record of outputs: when the disk fills up, the report and the record stay as they were
    (no temporary file), and once there is room again the next report replaces it."""
    disk = small_tmpfs(1024 * 1024)
    out = disk / "out" / "status.md"
    assert tracker("report", "--data", str(hostile_root.path), "--as-of", "2024", "--out", str(out)).code == 0
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()}
    fill(disk)
    ran = tracker("report", "--data", str(hostile_root.path), "--as-of", "2025", "--out", str(out))
    assert ran.code == 2 and "TRK411 cannot write output: No space left on device" in ran.err, ran
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before
    for filler in disk.glob("filler-*"):
        filler.unlink()
    assert tracker("report", "--data", str(hostile_root.path), "--as-of", "2025", "--out", str(out)).code == 0
    assert "评估年份：2025" in out.read_text(encoding="utf-8")
