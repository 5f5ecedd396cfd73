"""`tracker init DIR`: a new data root with a catalog, an example plan, an empty CSV and CI workflows.

The files are package data under `tracker/templates/` (shipped in the wheel). Nothing is
overwritten: if any file to create already exists, nothing is written at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tracker.errors import TrackerError, problem

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
    """Create a data root in `root` (made if missing); TRK409 listing every file that already exists."""
    existing = [target for _, target in FILES if (root / target).exists()]
    if existing:
        raise TrackerError([problem("TRK409", (root / target).as_posix()) for target in existing])
    for name, target in FILES:
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(template(name, install))
    return Created(root, tuple(target for _, target in FILES))
