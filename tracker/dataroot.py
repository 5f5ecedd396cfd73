"""A data root: indicators.yaml, plans/*.yaml and actuals/*.csv and *.xlsx, loaded and checked as one.

Every command reads its input through `load_data_root`, so `status`, `report`, `check`
and `validate` refuse bad input with the same messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import Problem, TrackerError, clip, fail, problem
from tracker.hierarchy import Hierarchy
from tracker.plancache import read_plan_files
from tracker.plans import IndicatorIndex, PlanSpec, cross_plan_problems, read_catalog

if TYPE_CHECKING:
    from tracker.actuals import Actuals, IndicatorLookup
    from tracker.regions import NearMiss

CATALOG_FILE = "indicators.yaml"
ACTUALS_SUFFIXES = (".csv", ".xlsx")  # the actuals files read: CSV and workbooks
PLANS_DIR = "plans"
ACTUALS_DIR = "actuals"
REPORTS_DIR = "reports"


@dataclass
class DataSet:
    """Everything in a data root, ready for the engine; `problems` holds the warnings (the
    notes, acknowledged warnings, only `validate` prints)."""

    root: Path
    indicators: IndicatorIndex
    plans: list[PlanSpec]
    actuals: Actuals
    problems: list[Problem] = field(default_factory=list)
    # Per plan region: the near-miss names of the actuals and their row counts (`tracker.regions`).
    near_misses: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # The parent links of every plan loaded (`--plan` keeps them all): parents, descendants, goals above.
    hierarchy: Hierarchy = field(default_factory=lambda: Hierarchy(()))

    def plan(self, plan_id: str) -> PlanSpec:
        for spec in self.plans:
            if spec.id == plan_id:
                return spec
        from tracker.errors import suggestion

        raise fail("TRK403", plan=plan_id, suggestion=suggestion(plan_id, [p.id for p in self.plans]))


def _label(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def check_root(root: Path) -> None:
    """Refuse a folder that is not a data root, saying how to point at one, and a data root
    whose plans/, actuals/ or indicators.yaml is a link out of it (TRK413)."""
    if not (root / PLANS_DIR).is_dir():
        raise fail("TRK401", root=root.resolve())
    if not (root / CATALOG_FILE).is_file():
        raise fail("TRK402", root=root.resolve())
    outside = [
        problem("TRK413", name, what="a folder" if name.endswith("/") else "a file")
        for name in (f"{PLANS_DIR}/", f"{ACTUALS_DIR}/", CATALOG_FILE)
        if leaves_root(root / name.rstrip("/"), root)
    ]
    if outside:
        raise TrackerError(outside)


def leaves_root(path: Path, root: Path) -> bool:
    """Whether `path` (in `root`) is, or lies through, a link to a place outside `root`, or into its `.git/`.

    A data root is text from people we do not know: a link in a pull request must not make
    tracker read (and print) a file of the machine that checks it, such as a credentials file,
    nor the repository's `.git/config`, where CI's checkout may keep a token. Other links
    that stay inside the root are followed.
    """
    base = os.path.realpath(root).rstrip(os.sep) + os.sep
    real = os.path.realpath(path)
    return not real.startswith(base) or real.startswith(base + ".git" + os.sep) or real == base + ".git"


def read_data_root(root: Path) -> tuple[DataSet | None, list[Problem]]:
    """Read the whole data root and collect every problem; the DataSet is None if unusable."""
    from tracker.actualscache import read_actuals_cached

    check_root(root)
    problems: list[Problem] = []
    indicators, found = read_catalog(root / CATALOG_FILE, CATALOG_FILE)
    if indicators is None:
        return None, found
    problems.extend(found)
    lookup = indicator_lookup(indicators)
    plans, identities = [], []
    plan_paths, found = data_files(root, PLANS_DIR, ".yaml")
    problems.extend(found)
    for loaded in read_plan_files(root, [(path, _label(path, root)) for path in plan_paths], indicators):
        problems.extend(loaded.problems)
        if loaded.spec is not None:
            plans.append(loaded.spec)
        if loaded.identity is not None:
            identities.append(loaded.identity)
    problems.extend(cross_plan_problems(identities))
    hierarchy = Hierarchy(plans, indicators, (identity.id for identity in identities))
    problems.extend(hierarchy.problems())
    csv_paths, found = data_files(root, ACTUALS_DIR, *ACTUALS_SUFFIXES)
    problems.extend(found)
    actuals, found = read_actuals_cached(
        root, [(p, _label(p, root)) for p in csv_paths], indicators, lookup, other_names(plans)
    )
    problems.extend(found)
    dataset, found = data_set(root, indicators, plans, actuals, hierarchy)
    problems.extend(found)
    problems.extend(unread_files(root))
    return dataset, sorted(problems)


def data_set(
    root: Path,
    indicators: IndicatorIndex,
    plans: list[PlanSpec],
    actuals: Actuals,
    hierarchy: Hierarchy | None = None,
) -> tuple[DataSet, list[Problem]]:
    """The data set of a catalog, plans and actuals read, and the problems only they together show:
    regions of the actuals that nearly match a plan's (TRK318, TRK328), baselines without a figure (TRK216)."""
    near = near_misses(actuals, plans)
    problems = near_miss_problems(near, plans) + baselines_without_figures(actuals, plans, indicators)
    dataset = DataSet(root, indicators, plans, actuals, hierarchy=hierarchy or Hierarchy(plans, indicators))
    for found_near in near:
        dataset.near_misses[found_near.region] = (
            *dataset.near_misses.get(found_near.region, ()),
            (found_near.name, found_near.rows),
        )
    return dataset, problems


def other_names(plans: list[PlanSpec]) -> dict[str, str]:
    """The names actuals rows may give a plan's region by, other than the region itself: its
    code and its `region_aliases`, each to the region."""
    names = {alias: p.model.region for p in plans for alias in p.model.region_aliases}
    names.update({p.model.region_code: p.model.region for p in plans if p.model.region_code})
    for p in plans:  # a region's own name is never another region's alias (TRK215 says so)
        names.pop(p.model.region, None)
    return names


def indicator_lookup(indicators: IndicatorIndex) -> IndicatorLookup:
    """What the actuals loader needs of the catalog."""
    from tracker.actuals import IndicatorLookup

    def of_unit(unit: str) -> frozenset[str]:
        return frozenset(i for i, entry in indicators.catalog.indicators.items() if entry.unit == unit)

    return IndicatorLookup(indicators.resolve, indicators.suggest, of_unit("percent"), of_unit("boolean"))


def data_files(root: Path, folder: str, *suffixes: str) -> tuple[list[Path], list[Problem]]:
    """The files a data folder holds (`plans/*.yaml`), sorted; hidden ones (`_hidden`) skipped.

    A folder that cannot be listed is a TRK100, not an empty folder.
    """
    where = root / folder
    if not where.is_dir():
        return [], []
    try:
        names = sorted(
            path for path in where.iterdir() if any(path.match(f"*{s}") for s in suffixes) and not _hidden(path)
        )
    except OSError as exc:
        return [], [problem("TRK100", f"{folder}/", 0, reason=exc.strerror or str(exc))]
    outside = [path for path in names if path.is_symlink() and leaves_root(path, root)]
    problems = [problem("TRK413", _label(path, root), what="a file") for path in outside]
    return [path for path in names if path not in outside], problems


def _hidden(path: Path) -> bool:
    """Files that editors and systems leave beside the data: .#x.yaml, ._x.csv (macOS), ~$x.xlsx (Excel)."""
    return path.name.startswith((".", "~$"))


def near_misses(actuals: Actuals, plans: list[PlanSpec]) -> list[NearMiss]:
    """Every region of the actuals that no plan has but nearly matches one's (`tracker.regions`),
    with its row count, in the order of their first rows.

    Linear in the rows and the distinct regions: rows are counted per region once
    (`np.bincount`), and each region name is looked up, not compared with every plan's.
    """
    import numpy as np

    from tracker.regions import NameKeys, NearMiss

    known = {p.model.region for p in plans} | {p.model.region_code for p in plans if p.model.region_code}
    region = actuals.column("region")
    names = region.categories.tolist()
    unknown = [code for code, text in enumerate(names) if text not in known]
    if not unknown or not plans:
        return []
    keys = NameKeys((name, p.model.region) for p in plans for name in (p.model.region, *p.model.region_aliases))
    codes = np.asarray(region.codes)
    rows = np.bincount(codes, minlength=len(names)).tolist()
    close = {code: near for code in unknown if rows[code] and (near := keys.near(str(names[code]))) is not None}
    if not close:
        return []
    # The first row of each near-miss name in file and line order (files are coded in reading order).
    wanted: np.ndarray = np.zeros(len(names), dtype=bool)
    wanted[list(close)] = True
    at = np.flatnonzero(wanted[codes])
    files, lines = np.asarray(actuals.column("file").codes)[at], np.asarray(actuals.column("line"))[at]
    at = at[np.lexsort((lines, files))]
    first = dict(zip(*(part.tolist() for part in np.unique(codes[at], return_index=True)), strict=True))
    labels = actuals.column("file").categories.tolist()
    found = []
    for code, (plan_region, problem_code) in close.items():
        row = int(at[first[code]])
        where = actuals.place(str(labels[actuals.column("file").codes[row]]), int(actuals.column("line")[row]))
        found.append(NearMiss(str(names[code]), plan_region, problem_code, rows[code], *where))
    return sorted(found, key=lambda near: (near.file, near.line))


def near_miss_problems(near: list[NearMiss], plans: list[PlanSpec]) -> list[Problem]:
    """TRK318 or TRK328 for each near-miss name, at its first row in file and line order."""
    if not near:
        return []
    return [
        problem(
            found.code,
            found.file,
            found.line,
            found.col,
            sheet=found.sheet,
            region=clip(found.name),
            close=clip(found.region),
            rows=found.rows,
            plans=_plans_of(found.region, plans),
        )
        for found in near
    ]


def _plans_of(region: str, plans: list[PlanSpec]) -> str:
    files = [p.file for p in plans if p.model.region == region]
    return ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")


def baselines_without_figures(actuals: Actuals, plans: list[PlanSpec], indicators: IndicatorIndex) -> list[Problem]:
    """TRK216 for a target whose kind needs a baseline (level, change) and whose baseline has a
    year but no value, when the actuals have no figure for that year but do have figures
    after it: the target reads
    those, and has no start to measure them from (its status is indeterminate before the
    deadline, and R is missing). Before any figure comes, the target is simply without data.

    Two binary searches per target over the actuals' sorted keys, as the engine looks.
    """
    import numpy as np

    from tracker import kinds
    from tracker.actuals import year_key

    candidates = [
        (plan, spec)
        for plan in plans
        for spec in plan.targets
        if spec.baseline_year is not None and spec.baseline_value is None and kinds.rule(spec.kind).needs_baseline
    ]
    if not candidates or not len(actuals):
        return []
    region_code = {name: i for i, name in enumerate(actuals.column("region").categories.tolist())}
    indicator_index = actuals.column("indicator").categories
    region = np.array([region_code.get(plan.model.region, -1) for plan, _ in candidates], dtype=np.int64)
    indicator = np.asarray(indicator_index.get_indexer([spec.indicator for _, spec in candidates]), dtype=np.int64)
    key = np.where((region >= 0) & (indicator >= 0), region * (len(indicator_index) + 1) + indicator, -1)
    year = np.array([spec.baseline_year for _, spec in candidates], dtype=np.int64)
    by = np.array([spec.by for _, spec in candidates], dtype=np.int64)
    y_start, y_end = np.asarray(actuals.column("y_start")), np.asarray(actuals.column("y_end"))
    row_at = year_key(actuals.key, y_end)  # ascending: the table is sorted by key and year
    wanted = year_key(key, year)
    # Rows of one key and end year are sorted by start year: the one-year row comes last.
    last = np.asarray(np.searchsorted(row_at, wanted, side="right")) - 1
    at = np.maximum(last, 0)
    usable = (last >= 0) & (row_at[at] == wanted) & (y_start[at] == year) & ~np.asarray(actuals.column("conflict"))[at]
    later = np.searchsorted(row_at, year_key(key, by), side="right") - np.searchsorted(row_at, wanted, side="right")
    problems = []
    for k in np.flatnonzero((key >= 0) & ~usable & (later > 0)).tolist():
        plan, spec = candidates[k]
        name = indicators[spec.indicator].name if spec.indicator in indicators.catalog.indicators else spec.indicator
        problems.append(
            problem(
                "TRK216",
                plan.file,
                spec.line,
                year=spec.baseline_year,
                region=clip(plan.model.region),
                indicator=clip(name),
            )
        )
    return problems


# Files that look like data but would be skipped: refuse them rather than lose their rows.
_NEAR_MISSES = {
    PLANS_DIR: ((".yaml",), {".yml", ".yaml", ".json"}, "plans must be saved as .yaml (lower case)"),
    ACTUALS_DIR: (
        ACTUALS_SUFFIXES,
        {".csv", ".xlsx", ".xls", ".xlsm", ".et", ".ods", ".tsv", ".txt"},
        "actuals must be saved as .csv or .xlsx (lower case; in Excel or WPS: 'Excel Workbook (*.xlsx)')",
    ),
}


def unread_files(root: Path) -> list[Problem]:
    """TRK410 for data-like files the glob would skip: plans/x.yml, actuals/x.xls, actuals/X.CSV."""
    problems = []
    for folder, (wanted, suffixes, reason) in _NEAR_MISSES.items():
        if not (root / folder).is_dir():
            continue
        try:
            paths = sorted((root / folder).iterdir())
        except OSError:
            continue  # data_files says so
        for path in paths:
            if _hidden(path):
                continue
            if path.suffix.lower() in suffixes and not any(path.match(f"*{w}") for w in wanted):
                problems.append(problem("TRK410", _label(path, root), 0, reason=reason))
    return problems


def load_data_root(root: Path, plan_ids: list[str] | None = None) -> DataSet:
    """Load a data root for a command: raise TrackerError on any error, keep the warnings."""
    dataset, problems = read_data_root(root)
    errors = [p for p in problems if p.is_error]
    if errors or dataset is None:
        raise TrackerError(errors or problems)
    dataset.problems = [p for p in problems if not p.is_note]
    if plan_ids:
        dataset.plans = [dataset.plan(plan_id) for plan_id in plan_ids]
    return dataset


def problem_count_line(problems: list[Problem]) -> str:
    """`2 errors, 1 warning`, and `, 1 note` when there are notes."""
    errors = sum(p.is_error for p in problems)
    warnings = sum(p.is_warning for p in problems)
    notes = len(problems) - errors - warnings
    line = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return line + (f", {notes} note{'s' * (notes != 1)}" if notes else "")


__all__ = ["DataSet", "check_root", "load_data_root", "problem", "problem_count_line", "read_data_root"]
