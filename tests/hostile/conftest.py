"""Shared set-up of the hostile-input suite: real `tracker` processes on data roots we do not trust.

Every test here runs `python -m tracker ...` in a subprocess, as CI does, on a data root a
stranger could have sent in a pull request. The fixtures are general on purpose, for every
module of this suite:

* `tracker` (and `run_tracker`): run a command, get its exit code, its bytes and its text;
* `hostile_root`: a fresh copy of a small valid data root to spoil, with helpers to write
  files as raw bytes;
* `run_in_pty`: a command on a real terminal (a pseudo-terminal), returning every byte the
  terminal received;
* `small_tmpfs`: a real, small file system that fills up (a tmpfs, mounted when the machine
  allows it; the test is skipped with the reason otherwise);
* `as_user`: the command prefix that runs a command as an unprivileged user (`nobody`),
  for tests of permissions (skipped with the reason when not root or without `setpriv`);
* `outside_dir`, `public_dir`: folders under /tmp that every user may read (secrets to
  leak; a data root for `as_user`).

Plain helpers (`Ran`, `Root`, `run_tracker`, `base_env`, `command`, `pty_run`, `fill`,
`give_to_nobody`, `VALID_ROOT`) are in `hostile_support.py`: `from hostile_support import ...`.
Each test should fail on code without the defence it tests; a test that guards new
machinery instead says so in its docstring.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile_support import VALID_ROOT, Ran, Root, base_env, command, pty_run, run_tracker


@pytest.fixture
def tracker(tmp_path: Path) -> Callable[..., Ran]:
    """`tracker(*args, cwd=..., env=...)`: run in tmp_path unless told otherwise."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, **kwargs: object) -> Ran:
        return run_tracker(*args, cwd=cwd or tmp_path, env=env, **kwargs)  # type: ignore[arg-type]

    return run


@pytest.fixture
def hostile_root(tmp_path: Path) -> Root:
    """A fresh, valid data root (one plan, eight rows) at tmp_path/root."""
    root = tmp_path / "root"
    shutil.copytree(VALID_ROOT, root)
    return Root(root)


@pytest.fixture
def outside_dir() -> Iterator[Path]:
    """A folder outside every data root, under /tmp, that every user may read (secrets go here)."""
    path = Path(tempfile.mkdtemp(prefix="tracker-outside-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A folder under /tmp that every user may enter (pytest's own tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="tracker-public-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def run_in_pty(tmp_path: Path) -> Callable[..., bytes]:
    """`run_in_pty(*args, columns=100, cwd=...)`: tracker on a real terminal, with colour allowed."""

    def run(*args: str, columns: int = 100, cwd: Path | None = None, **extra: str) -> bytes:
        env = base_env(COLUMNS=str(columns), TERM="xterm-256color", **extra)
        env.pop("NO_COLOR", None)
        return pty_run(command(*args), cwd or tmp_path, env)

    return run


@pytest.fixture
def small_tmpfs() -> Iterator[Callable[[int], Path]]:
    """`small_tmpfs(size_bytes)`: a new tmpfs of that size (unmounted after the test).

    Needs root and a kernel that lets us mount; otherwise the test is skipped, saying why.
    """
    mounted: list[Path] = []

    def mount(size: int) -> Path:
        point = Path(tempfile.mkdtemp(prefix="tracker-tmpfs-"))
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            point.rmdir()
            pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'mount failed'}): no real full disk")
        mounted.append(point)
        return point

    if shutil.which("mount") is None:
        pytest.skip("no mount command: no real full disk to test with")
    try:
        yield mount
    finally:
        for point in mounted:
            subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)
            with contextlib.suppress(OSError):
                point.rmdir()


@pytest.fixture
def as_user() -> list[str]:
    """The command prefix that runs a command as the unprivileged user `nobody`.

    Skipped, saying why, when this process is not root or `setpriv` is missing.
    """
    if os.geteuid() != 0:
        pytest.skip("not root: cannot run a command as another user to test permissions")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("no setpriv: cannot run a command as another user to test permissions")
    probe = subprocess.run(
        [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c", "import tracker"],
        capture_output=True,
        cwd="/",
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"the user nobody cannot run this Python and tracker: {probe.stderr.decode(errors='replace')}")
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
