"""`tracker init DIR`: a new data root with a catalog, an example plan, an empty CSV and CI workflows.

The files are package data under `tracker/templates/` (shipped in the wheel). Nothing is
overwritten: if any file to create already exists, nothing is written at all, and a write
that fails half-way removes the files it had made.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tracker.atomic import cannot_write
from tracker.errors import TrackerError, fail, problem

INSTALL_PLACEHOLDER = "@INSTALL@"
# Where CI installs tracker from; a data repository created with `init` should pin its own.
DEFAULT_INSTALL = "git+https://github.com/OWNER/tracker"

# (template, where it goes in the new data root)
FILES: tuple[tuple[str, str], ...] = (
    ("indicators.yaml", "indicators.yaml"),
    ("example-plan.yaml", "plans/example-county-2021-2025.yaml"),
    ("actuals.csv", "actuals/actuals.csv"),
    ("check.yml", ".github/workflows/tracker-check.yml"),
    ("report.yml", ".github/workflows/tracker-report.yml"),
)


@dataclass(frozen=True)
class Created:
    """What `init` wrote, relative to the new data root."""

    root: Path
    files: tuple[str, ...]


def template(name: str, install: str = DEFAULT_INSTALL) -> str:
    """A template's text, with the install line of the workflows filled in."""
    text = resources.files("tracker.templates").joinpath(name).read_text(encoding="utf-8")
    return text.replace(INSTALL_PLACEHOLDER, install)


def init(root: Path, install: str = DEFAULT_INSTALL) -> Created:
    """Create a data root in `root` (made if missing).

    TRK409 listing every file that already exists; TRK411 when a file or folder cannot be
    made (`root` is a file, no permission, a full disk), after removing what was written.
    """
    existing = [target for _, target in FILES if (root / target).exists()]
    if existing:
        raise TrackerError([problem("TRK409", (root / target).as_posix()) for target in existing])
    if root.exists() and not root.is_dir():
        raise fail("TRK411", root.as_posix(), reason="it is a file, not a folder")
    written: list[Path] = []
    path = root
    try:
        for name, target in FILES:
            path = root / target
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as stream:
                written.append(path)
                stream.write(template(name, install))
    except OSError as exc:
        for done in written:
            with contextlib.suppress(OSError):
                done.unlink()
        raise cannot_write(path, exc) from None
    return Created(root, tuple(target for _, target in FILES))
