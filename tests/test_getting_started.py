"""docs/getting-started.md runs as written: its marked blocks, in order, in a fresh folder.

A block is marked by an HTML comment on the line before its fence:

- `<!-- test: run -->` runs the block in bash (`-e -o pipefail`, the folder carried from block
  to block as a terminal keeps it); it must exit 0, or N with `<!-- test: run, exit N -->`;
- `<!-- test: output -->` is what the terminal shows for the run block before it (stdout and
  stderr as they interleave, trailing spaces dropped); `TRACKER_UPDATE_GOLDEN=1 pytest`
  rewrites these blocks from the actual output (review the diff);
- `<!-- test: file PATH -->` and `<!-- test: append PATH -->` write or append the block to
  PATH, as a reader saving it with an editor would.

Unmarked blocks (the install, the push to GitHub) are not run. The `tracker` the blocks call
is the one under test, with the clock at 2026, the year the guide is written for (the 14th
plan period over, its last figures arriving), at a terminal 110 columns wide.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import goldens
from report_support import TESTS

import tracker
from tracker.scaffold import DISTRIBUTION

DOC = TESTS.parent / "docs" / "getting-started.md"
BLOCK = re.compile(r"<!-- test: (?P<directive>[^>]+?) -->\n(?P<fence>```[^\n]*)\n(?P<body>.*?)^```$", re.S | re.M)
YEAR = 2026
WRAPPER = f"""#!{sys.executable}
import sys

import tracker.core
import tracker.scaffold

tracker.core.current_year = lambda: {YEAR}
tracker.scaffold.this_year = lambda: {YEAR}
from tracker.cli import main

main()
"""


@dataclass
class Block:
    directive: str
    body: str
    start: int  # where the body starts in the document
    end: int


def blocks(text: str) -> list[Block]:
    return [Block(m["directive"], m["body"], m.start("body"), m.end("body")) for m in BLOCK.finditer(text)]


def _environment(tmp_path: Path) -> dict[str, str]:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    wrapper = bin_folder / "tracker"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    wrapper.chmod(0o755)
    keep = {name: os.environ[name] for name in ("PATH", "SYSTEMROOT", "TMPDIR") if name in os.environ}
    return keep | {
        "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "COLUMNS": "110",
        "NO_COLOR": "1",
        "TRACKER_CACHE_DIR": str(tmp_path / "cache"),
        "GIT_CONFIG_NOSYSTEM": "1",  # git as on a computer where it was never used: the guide sets who you are
    }


def _run(body: str, cwd: Path, env: dict[str, str], where: Path) -> tuple[int, str]:
    script = f"trap 'pwd > \"{where}\"' EXIT\n{body}"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )
    return done.returncode, "".join(line.rstrip() + "\n" for line in done.stdout.splitlines())


def test_getting_started_runs_as_written(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    marked = blocks(text)
    assert sum(b.directive.startswith("run") for b in marked) >= 10, "the guide's commands are marked for testing"
    env = _environment(tmp_path)
    (tmp_path / "home").mkdir()
    cwd = tmp_path / "work"
    cwd.mkdir()
    where = tmp_path / "pwd"
    output: str | None = None
    rewrites: list[tuple[Block, str]] = []
    mismatches: list[str] = []
    for block in marked:
        directive = block.directive
        if directive.startswith("run"):
            expected = int(directive.split("exit", 1)[1]) if "exit" in directive else 0
            code, output = _run(block.body, cwd, env, where)
            assert code == expected, f"exit {code}, not {expected}, from:\n{block.body}\n{output}"
            cwd = Path(where.read_text(encoding="utf-8").strip())
        elif directive == "output":
            assert output is not None, "an output block follows a run block"
            if block.body != output:
                rewrites.append((block, output))
                mismatches.append(f"shown:\n{block.body}\nactual:\n{output}")
            output = None
        elif directive.startswith(("file ", "append ")):
            verb, name = directive.split(" ", 1)
            path = cwd / name
            with path.open("a" if verb == "append" else "w", encoding="utf-8", newline="\n") as stream:
                stream.write(block.body)
        else:
            raise AssertionError(f"unknown test directive: {directive}")
    if rewrites and goldens.updating():
        for block, actual in reversed(rewrites):
            text = text[: block.start] + actual + text[block.end :]
        goldens.refresh(DOC, text.encode("utf-8"))
        return
    assert not mismatches, "\n\n".join(mismatches) + "\n(TRACKER_UPDATE_GOLDEN=1 pytest rewrites the shown output)"


def test_getting_started_pins_this_version_and_installs_from_a_checkout() -> None:
    """The install spec the guide gives init is this release; its install step is a fresh venv."""
    text = DOC.read_text(encoding="utf-8")
    assert f"--install {DISTRIBUTION}=={tracker.__version__}" in text
    install = text[text.index("## 1.") : text.index("## 2.")]
    for step in ("python3 -m venv .venv", ".venv/bin/pip install ", "source .venv/bin/activate", "tracker --help"):
        assert step in install, step
