"""Helpers of the hostile-input suite (tests/hostile/): running tracker as a real process, data roots to spoil.

The fixtures built on them are in conftest.py; test modules import these by name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pty
import select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
VALID_ROOT = TESTS / "fixtures" / "valid"
REPO = TESTS.parent


@dataclass(frozen=True)
class Ran:
    """A finished tracker process."""

    args: tuple[str, ...]
    code: int
    out_bytes: bytes
    err_bytes: bytes

    @property
    def out(self) -> str:
        return self.out_bytes.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.err_bytes.decode("utf-8", "replace")

    @property
    def lines(self) -> list[str]:
        """Every line of standard output and standard error (GitHub reads both for commands)."""
        return self.out.splitlines() + self.err.splitlines()

    def __str__(self) -> str:
        return f"tracker {' '.join(self.args)} -> {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def base_env(**extra: str) -> dict[str, str]:
    """The environment of a tracker process: UTF-8, no colour, a fixed width, no CI variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "FORCE_COLOR", "PYTHONIOENCODING"))}
    env.update({"COLUMNS": "120", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"})
    env.pop("TERM", None)
    env.update(extra)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", *args]


def run_tracker(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 120,
) -> Ran:
    """Run `python -m tracker ARGS` in `cwd` (never the repository, whose tracker/ would shadow the installed one)."""
    done = subprocess.run(
        [*prefix, *command(*args)],
        cwd=cwd,
        env=env if env is not None else base_env(),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return Ran(tuple(args), done.returncode, done.stdout, done.stderr)


class Root:
    """A data root under test: a copy of tests/fixtures/valid, to spoil."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def plan(self) -> Path:
        return self.path / "plans" / "demo.yaml"

    @property
    def csv(self) -> Path:
        return self.path / "actuals" / "demo.csv"

    def write(self, relative: str | bytes, content: str | bytes) -> Path:
        """Write a file (its name may be any bytes, its content any bytes)."""
        name = os.fsencode(relative) if isinstance(relative, str) else relative
        path = Path(os.fsdecode(os.path.join(os.fsencode(self.path), name)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def replace_in(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def changes(self, before: dict[str, bytes]) -> list[str]:
        """The data files added, removed or changed since `before` (a `snapshot`)."""
        after = self.snapshot()
        return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))

    def snapshot(self) -> dict[str, bytes]:
        """Every file of plans/, actuals/ and the catalog, by relative path (a link as its target)."""
        found = {}
        paths = [self.path / "indicators.yaml"]
        for folder in ("plans", "actuals"):
            for base, folders, files in os.walk(self.path / folder):  # links to folders are not followed
                paths += [Path(base, name) for name in [*files, *folders]]
        for path in sorted(paths):
            relative = path.relative_to(self.path).as_posix()
            if path.is_symlink():
                found[relative] = b"-> " + os.fsencode(os.readlink(path))
            elif path.is_file():
                found[relative] = path.read_bytes()
        return found


def pty_run(args: Sequence[str], cwd: Path, env: dict[str, str], timeout: float = 60) -> bytes:
    """Run a command on a pseudo-terminal; every byte the terminal got (output and errors share it)."""
    pid, master = pty.fork()
    if pid == 0:  # the child: the pseudo-terminal is its standard input, output and error
        try:
            os.chdir(cwd)
            os.execve(args[0], list(args), env)
        finally:
            os._exit(127)
    received = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if os.waitpid(pid, os.WNOHANG) != (0, 0):
                    pid = 0
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError as exc:  # EIO: the child closed the terminal
                if exc.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(master)
        if pid:
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG) == (0, 0):
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    return bytes(received)


def fill(folder: Path) -> None:
    """Fill the file system of `folder` to the last byte."""
    filler = folder / f"filler-{uuid.uuid4().hex}"
    with contextlib.suppress(OSError), filler.open("wb") as stream:
        while True:
            stream.write(b"\0" * 4096)
            stream.flush()
    with contextlib.suppress(OSError), (folder / f"filler-{uuid.uuid4().hex}").open("wb") as stream:
        for _ in range(4096):
            stream.write(b"\0")
            stream.flush()


def give_to_nobody(path: Path) -> None:
    """Make a folder tree belong to `nobody` (for tests that run tracker as that user)."""
    subprocess.run(["chown", "-R", "nobody:nogroup", str(path)], check=True)
