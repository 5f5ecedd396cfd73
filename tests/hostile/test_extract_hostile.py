"""`tracker extract` on hostile input and hostile machines, through the real CLI in subprocesses.

Issue 18: a text too long to read in reasonable time is refused with a clear message (exit
2) before any of it is read; a long text shows its progress on stderr; a full disk gives a
clear error (exit 2) and leaves no temporary file and no half-made folder; drafts get the
mode the umask gives, not 0600. The full-disk test mounts a small tmpfs (we run as root);
it skips with a message where mounting is not possible.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "tests" / "extract" / "documents" / "dev"


def run_extract(*args: str, cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "tracker", "extract", *args, "--data", str(ROOT)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=set_umask,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def some_documents(folder: Path, copies: int = 1) -> Path:
    """The dev test documents as one text, `copies` times over."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS.glob("*.txt")))
    path = folder / "documents.txt"
    path.write_text("\n\n".join([text] * copies), encoding="utf-8")
    return path


def test_a_text_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from tracker.limits import MAX_EXTRACT_BYTES

    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as stream:
        line = "全县新建学校3所，新增学位3200个。\n"
        stream.write(line * (MAX_EXTRACT_BYTES // len(line.encode("utf-8")) + 10))
    result = run_extract(str(big), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert "TRK100" in result.stderr and "at most 4 MB" in result.stderr and big.as_posix() in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_long_text_shows_its_progress_on_stderr(tmp_path: Path) -> None:
    document = some_documents(tmp_path, copies=25)  # about 0.29 MB
    result = run_extract(str(document), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("extract: ")]
    assert len(progress) >= 5 and progress[-1].endswith("read")
    assert all(document.as_posix() in line for line in progress)
    assert "extract: " not in result.stdout  # the summary stays on stdout, progress on stderr only


def test_a_short_text_shows_no_progress(tmp_path: Path) -> None:
    result = run_extract(str(sorted(DOCUMENTS.glob("*.txt"))[0]), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0 and "extract: " not in result.stderr


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_drafts_are_created_with_the_umasks_mode(tmp_path: Path, umask: int, mode: int) -> None:
    out = tmp_path / "out"
    result = run_extract(str(sorted(DOCUMENTS.glob("*.txt"))[0]), "--out", str(out), cwd=tmp_path, umask=umask)
    assert result.returncode == 0, result.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 3  # a plan, actuals and review.md at least
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {mode}


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KB tmpfs, unmounted afterwards; skips where mounting is not possible."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode(errors='replace').strip()}); needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_is_a_clear_error_and_leaves_nothing_behind(tmp_path: Path, small_disk: Path) -> None:
    document = some_documents(tmp_path)
    out = small_disk / "drafts"
    result = run_extract(str(document), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "TRK411" in result.stderr and "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert list(small_disk.iterdir()) == []  # no temporary file, no half-made drafts folder


def test_a_full_disk_keeps_a_folder_the_user_made(tmp_path: Path, small_disk: Path) -> None:
    out = small_disk / "mine"
    out.mkdir()
    result = run_extract(str(some_documents(tmp_path)), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2 and "TRK411" in result.stderr
    assert [p.name for p in small_disk.iterdir()] == ["mine"] and list(out.iterdir()) == []
