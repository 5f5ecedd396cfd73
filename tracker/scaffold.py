"""`tracker init DIR`: a new data root with a catalog, an example plan, an example CSV and CI workflows.

The files are package data under `tracker/templates/` (shipped in the wheel). The catalog
is the 23 standard indicators (`indicators.yaml`), or with `--full-catalog` every entry of
the bundled catalog (`indicators-full.yaml`: a copy of this repository's `indicators.yaml`,
kept identical by a test, with the Chinese names and aliases extraction needs). After
writing, `init` prints the next steps (`next_steps`), in Chinese or English. Nothing is
overwritten: if any file to create already exists, nothing is written at all, and a write
that fails half-way (a full disk) removes the files and folders it had made. A folder on
the way that is a link (`plans/` linked into another data root) is refused: init writes
into the new data root only. `reports/.gitignore` keeps out of git the temporary files
that a write stopped with `kill -9` leaves behind.

The example plan's years are relative to the year `init` runs (a five-year plan starting
that year, its baseline the year before), so a new data root passes its own gate: `tracker
check` and `tracker validate --strict` are clean on the day it is made.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shlex
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from tracker.atomic import cannot_write, hold_signals
from tracker.errors import TrackerError, fail, problem
from tracker.messages import Lang, message

# The distribution name on the package index (`pip install five-year-plan-tracker`); the import
# package and the command are `tracker`, a name the index gives to an unrelated project.
DISTRIBUTION = "five-year-plan-tracker"
# What the workflows show where `init` is given no --install and cannot tell (tests use it).
PLACEHOLDER_INSTALL = "git+https://github.com/OWNER/tracker@COMMIT"
PLAN_YEARS = 5  # the example plan runs for five years from the year init runs

# (template, where it goes in the new data root); both may hold the @...@ year placeholders.
FILES: tuple[tuple[str, str], ...] = (
    ("indicators.yaml", "indicators.yaml"),
    ("example-plan.yaml", "plans/example-county-@START@-@END@.yaml"),
    ("actuals.csv", "actuals/actuals.csv"),
    ("check.yml", ".github/workflows/tracker-check.yml"),
    ("report.yml", ".github/workflows/tracker-report.yml"),
    ("pages.yml", ".github/workflows/tracker-pages.yml"),
    ("reports.gitignore", "reports/.gitignore"),
)


@dataclass(frozen=True)
class Created:
    """What `init` wrote, relative to the new data root."""

    root: Path
    files: tuple[str, ...]


def this_year() -> int:
    return datetime.date.today().year


def _fill(text: str, year: int) -> str:
    for name, value in (("@BASE@", year - 1), ("@START@", year), ("@END@", year + PLAN_YEARS - 1)):
        text = text.replace(name, str(value))
    return text


def files(year: int) -> tuple[tuple[str, str], ...]:
    """FILES with the years of a data root made in `year`."""
    return tuple((name, _fill(target, year)) for name, target in FILES)


def pinned_install(distribution: str = DISTRIBUTION) -> str | None:
    """The pip spec of the tracker that is running, pinned: what the workflows install by default.

    From the installation's own record (PEP 610 `direct_url.json`): installed from a git URL,
    `git+URL@COMMIT`; installed from a package index (no record), `five-year-plan-tracker==VERSION`;
    installed from a local folder that is a git clone, its `origin` remote at the commit
    checked out there. None when none of these tells (a folder without a remote).
    """
    from importlib import metadata

    try:
        found = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return None
    record = found.read_text("direct_url.json")
    where = Path(str(getattr(found, "_path", "")))
    if record is None and where.name.endswith(".egg-info"):  # run from a source tree: `python -m tracker`
        return _clone_at_commit(where.parent)
    if record is None:
        return f"{distribution}=={found.version}"
    try:
        direct = json.loads(record)
    except ValueError:
        return None
    url, vcs = str(direct.get("url", "")), direct.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"git+{url}@{vcs['commit_id']}"
    if url.startswith("file://"):
        return _clone_at_commit(Path(url.removeprefix("file://")))
    return None


def _clone_at_commit(folder: Path) -> str | None:
    """`git+ORIGIN@COMMIT` for a git clone (an scp-style remote as https), or None."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None

    remote, commit = git("remote", "get-url", "origin"), git("rev-parse", "HEAD")
    if remote is None or commit is None:
        return None
    if remote.startswith("git@") and ":" in remote:  # git@github.com:org/tracker.git
        host, _, path = remote.removeprefix("git@").partition(":")
        remote = f"https://{host}/{path}"
    if not remote.startswith(("https://", "http://", "ssh://")):
        return None
    return f"git+{remote}@{commit}"


def install_command(spec: str) -> str:
    """The workflows' install step, `python -m pip install SPEC`, as a YAML scalar.

    The spec is shell-quoted (`shlex.quote`) and the command YAML-quoted when a plain
    scalar would not read back as itself (a ` #` or `: ` in it); TRK405 for a spec that is
    empty, holds a line break or control character, or starts with '-' (pip would take it
    for an option).
    """
    if not spec.strip():
        raise fail("TRK405", "--install", reason="needs a package spec, e.g. tracker or git+https://...")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in spec):
        raise fail("TRK405", "--install", reason="the spec holds a line break or control character")
    if spec.startswith("-"):
        raise fail("TRK405", "--install", reason=f"'{spec}' would be read as a pip option; give a package spec")
    command = f"python -m pip install {shlex.quote(spec)}"
    try:
        plain = yaml.safe_load(f"run: {command}") == {"run": command}
    except yaml.YAMLError:
        plain = False
    return command if plain else json.dumps(command, ensure_ascii=False)


def template(name: str, install: str = PLACEHOLDER_INSTALL, year: int | None = None) -> str:
    """A template's text: the workflows' install step and the example's years filled in."""
    text = resources.files("tracker.templates").joinpath(name).read_text(encoding="utf-8")
    text = text.replace("@INSTALL_COMMAND@", install_command(install))
    return _fill(text, this_year() if year is None else year)


FULL_CATALOG = "indicators-full.yaml"
# The comments above `indicators:` in the full catalog a new data root gets (the bundled
# file's own comments speak of this repository's data set and its schema path).
FULL_CATALOG_HEADER = """\
# The indicator catalog: every measure plans and actuals may name. These are the entries
# bundled with tracker, written from the documents of its bundled data, with the Chinese
# names and aliases that `tracker extract` and Chinese CSV rows are matched against.
# id: lower_snake_case, used in plans/*.yaml and actuals/*.csv (the Chinese name or an
# alias works too). Units: percent, percentage_point, person, person_time, school, place,
# yuan, year, month, hour, count, boolean (1 = done), ratio, tonne, mbps.
# better: higher, lower or none (which way is progress). Add your own entries below.
"""


def full_catalog() -> str:
    """The bundled catalog as `init --full-catalog` writes it: its entries, a new data root's header."""
    text = resources.files("tracker.templates").joinpath(FULL_CATALOG).read_text(encoding="utf-8")
    start = text.index("\nindicators:") + 1
    return FULL_CATALOG_HEADER + text[start:]


def init(root: Path, install: str, year: int | None = None, full: bool = False) -> Created:
    """Create a data root in `root` (made if missing), its example plan starting in `year` (default: this year).

    `full`: the catalog is every bundled entry (`full_catalog`), not the 23 standard ones.
    TRK405 for an unusable install spec; TRK409 listing every file that already exists;
    TRK411 when a file or folder cannot be made (`root` is a file, no permission, a full
    disk), after removing what was written.
    """
    year = this_year() if year is None else year
    texts = {name: template(name, install, year) for name, _ in FILES}
    if full:
        texts["indicators.yaml"] = full_catalog()
    wanted = files(year)
    existing = [target for _, target in wanted if os.path.lexists(root / target)]
    if existing:
        raise TrackerError([problem("TRK409", (root / target).as_posix()) for target in existing])
    if root.exists() and not root.is_dir():
        raise fail("TRK411", root.as_posix(), reason="it is a file, not a folder")
    links = _linked_folders(root, [target for _, target in wanted])
    if links:
        raise TrackerError([problem("TRK408", (root / link).as_posix(), reason=_LINKED) for link in links])
    made: list[Path] = []  # files and folders, in the order they were made
    path = root
    try:
        with hold_signals():  # a stopped init removes what it made, as a failed one does
            for name, target in wanted:
                path = root / target
                _make_folders(root, path.parent, made)
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
                made.append(path)
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                    stream.write(texts[name])
    except OSError as exc:
        for done in reversed(made):
            with contextlib.suppress(OSError):
                if done.is_dir():
                    done.rmdir()
                else:
                    done.unlink()
        raise cannot_write(path, exc) from None
    return Created(root, tuple(target for _, target in wanted))


_LINKED = "it is a link; tracker init writes into the new data root only, never through a link out of it"


def _linked_folders(root: Path, targets: list[str]) -> list[str]:
    """The folders inside `root` on the way to `targets` that exist as links (plans/ linked to another data root)."""
    linked: list[str] = []
    for target in targets:
        parts = Path(target).parts[:-1]
        for depth in range(1, len(parts) + 1):
            folder = Path(*parts[:depth]).as_posix()
            if folder not in linked and (root / folder).is_symlink():
                linked.append(folder)
    return linked


def _make_folders(root: Path, folder: Path, made: list[Path]) -> None:
    """Make `folder` and the folders above it up to `root`, recording each one made."""
    missing = []
    while not folder.exists() and folder != root.parent:
        missing.append(folder)
        folder = folder.parent
    for below in reversed(missing):
        below.mkdir()
        made.append(below)


# What `init` prints after writing: the next steps, short enough to read at once. The
# example plan's first target shows `tracker explain`; a test runs every command printed.
EXAMPLE_TARGET = "preschool-enrolment"


def next_steps(where: str, created: Created, install: str, chosen: bool, full: bool, lang: Lang = "zh") -> str:
    """The next steps after `init` in `lang` (zh or en): `where` is the folder as given,
    `chosen` says init chose the install spec itself (no --install), `full` the full catalog."""

    def part(name: str, **blanks: str) -> str:
        return message(f"init.{name}", lang, **blanks)

    plan_file = next(name for name in created.files if name.startswith("plans/"))
    here = where in (".", "./", "")
    return message(
        "init.next_steps",
        lang,
        where=where,
        count=len(created.files),
        cd=part("here") if here else part("cd", folder=shlex.quote(where)),
        plan_file=plan_file,
        catalog=part("full" if full else "standard"),
        plan_id=Path(plan_file).stem,
        target_id=EXAMPLE_TARGET,
        install=install,
        pinned=part("pinned" if chosen else "given"),
    )
