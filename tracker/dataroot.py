"""A data root: indicators.yaml, plans/*.yaml and actuals/*.csv and *.xlsx, loaded and checked as one.

Every command reads its input through `load_data_root`, so `status`, `report`, `check`
and `validate` refuse bad input with the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import Problem, TrackerError, fail, problem
from tracker.plancache import read_plan_files
from tracker.plans import IndicatorIndex, PlanSpec, cross_plan_problems, load_catalog

if TYPE_CHECKING:
    from tracker.actuals import Actuals, IndicatorLookup

CATALOG_FILE = "indicators.yaml"
ACTUALS_SUFFIXES = (".csv", ".xlsx")  # the actuals files read: CSV and workbooks
PLANS_DIR = "plans"
ACTUALS_DIR = "actuals"
REPORTS_DIR = "reports"


@dataclass
class DataSet:
    """Everything in a data root, ready for the engine; `problems` holds the warnings."""

    root: Path
    indicators: IndicatorIndex
    plans: list[PlanSpec]
    actuals: Actuals
    problems: list[Problem] = field(default_factory=list)

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
    """Refuse a folder that is not a data root, saying how to point at one."""
    if not (root / PLANS_DIR).is_dir():
        raise fail("TRK401", root=root.resolve())
    if not (root / CATALOG_FILE).is_file():
        raise fail("TRK402", root=root.resolve())


def read_data_root(root: Path) -> tuple[DataSet | None, list[Problem]]:
    """Read the whole data root and collect every problem; the DataSet is None if unusable."""
    from tracker.actualscache import load_actuals_cached

    check_root(root)
    problems: list[Problem] = []
    try:
        indicators, found = load_catalog(root / CATALOG_FILE, CATALOG_FILE)
    except TrackerError as exc:
        return None, exc.problems
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
    region_of = {p.model.region_code: p.model.region for p in plans if p.model.region_code}
    csv_paths, found = data_files(root, ACTUALS_DIR, *ACTUALS_SUFFIXES)
    problems.extend(found)
    actuals, found = load_actuals_cached(root, [(p, _label(p, root)) for p in csv_paths], indicators, lookup, region_of)
    problems.extend(found)
    problems.extend(regions_close_to_plans(actuals, plans))
    problems.extend(unread_files(root))
    return DataSet(root, indicators, plans, actuals), sorted(problems)


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
    return names, []


def _hidden(path: Path) -> bool:
    """Files that editors and systems leave beside the data: .#x.yaml, ._x.csv (macOS), ~$x.xlsx (Excel)."""
    return path.name.startswith((".", "~$"))


def regions_close_to_plans(actuals: Actuals, plans: list[PlanSpec]) -> list[Problem]:
    """TRK318 for a region of the actuals that no plan has, but one has in other characters (示例縣, 示例县).

    Rows of other regions are kept without a word (national and provincial figures for
    comparison); a plan's region in traditional characters or full-width forms is surely
    meant as that plan's, and worth saying.
    """
    import numpy as np

    known = {p.model.region for p in plans} | {p.model.region_code for p in plans if p.model.region_code}
    region = actuals.column("region")
    unknown = [(code, text) for code, text in enumerate(region.categories.tolist()) if text not in known]
    if not unknown:
        return []
    from tracker.extract.text import to_simplified
    from tracker.numbers import fold_width

    def folded(text: str) -> str:
        return to_simplified(fold_width(text)).replace(" ", "")

    by_folded = {folded(str(name)): str(name) for name in known}
    codes = np.asarray(region.codes)
    file_order = np.asarray(actuals.column("file").codes)
    problems = []
    for code, text in unknown:
        close = by_folded.get(folded(str(text)))
        rows = np.flatnonzero(codes == code)
        if close is not None and len(rows):
            # The first of them in file and line order (files are coded in reading order).
            first = int(rows[np.lexsort((actuals.column("line")[rows], file_order[rows]))[0]])
            key, line = str(actuals.column("file")[first]), int(actuals.column("line")[first])
            file, line, col, sheet = actuals.place(key, line)
            problems.append(problem("TRK318", file, line, col, sheet=sheet, region=text, close=close, rows=len(rows)))
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
    dataset.problems = problems
    if plan_ids:
        dataset.plans = [dataset.plan(plan_id) for plan_id in plan_ids]
    return dataset


def problem_count_line(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


__all__ = ["DataSet", "check_root", "load_data_root", "problem", "problem_count_line", "read_data_root"]
