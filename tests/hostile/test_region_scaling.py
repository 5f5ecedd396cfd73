"""Regions without a plan cost time in proportion to their number, not its square (issue 18).

A data root may hold figures for hundreds of thousands of regions no plan has (every county
of a national bulletin), and `validate` and `check` look for the ones that nearly match a
plan's region. That search once scanned every row for every such region. The tests here
assert no time (benchmarks/regions.py measures it): they count the work. The search must
pass over the rows a fixed number of times whatever the number of regions, and look each
region name up once, whatever the number of plans; and at scale it must still find exactly
the names that nearly match, with their rows.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tracker import regions
from tracker.dataroot import near_misses, read_data_root

REPO = Path(__file__).resolve().parents[2]
P = "preschool_gross_enrolment_rate"
CATALOG = f"indicators:\n  {P}:\n    name: 学前教育毛入园率\n    name_en: Preschool gross enrolment rate\n"
CATALOG += "    unit: percent\n    better: higher\n"
NEAR = 10  # names that nearly match a plan's region, every other one with a province before it


def data_root(root: Path, plans: int, unplanned: int) -> Path:
    """`plans` county plans with a figure each, one figure for each of `unplanned` regions no plan
    has, and NEAR rows under names close to the first plans' regions (示例0 or 吉林省示例1县)."""
    (root / "plans").mkdir(parents=True)
    (root / "actuals").mkdir()
    (root / "indicators.yaml").write_text(CATALOG, encoding="utf-8")
    for k in range(plans):
        (root / "plans" / f"county-{k}.yaml").write_text(
            f"id: county-{k}\ntitle: 示例{k}县规划\nregion: 示例{k}县\nperiod: {{start: 2021, end: 2025}}\n"
            f"targets:\n  - id: t\n    indicator: {P}\n    target: '>= 95'\n    baseline: {{year: 2020, value: 90}}\n",
            encoding="utf-8",
        )
    with (root / "actuals" / "figures.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["region", "indicator", "year", "value"])
        writer.writerows([f"示例{k}县", P, 2022, 92] for k in range(plans))
        writer.writerows([f"地区{i}", P, 2022, 90] for i in range(unplanned))
        writer.writerows([f"吉林省示例{k}县" if k % 2 else f"示例{k}", P, 2023, 93] for k in range(NEAR))
    return root


@contextmanager
def counted(names: list[str]) -> Iterator[Counter[str]]:
    """Count the calls of these numpy functions (each one pass over an array) while inside."""
    calls: Counter[str] = Counter()
    originals = {name: getattr(np, name) for name in names}

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    for name, function in originals.items():
        setattr(np, name, counting(name, function))
    try:
        yield calls
    finally:
        for name, function in originals.items():
            setattr(np, name, function)


ROW_PASSES = ["flatnonzero", "nonzero", "where", "unique", "bincount", "lexsort", "argsort", "isin", "searchsorted"]


def test_the_rows_are_passed_over_a_fixed_number_of_times(tmp_path: Path) -> None:
    """With 1,000 and with 20,000 regions without a plan, the search makes the same few passes."""
    passes = []
    for unplanned in (1_000, 20_000):
        dataset, _ = read_data_root(data_root(tmp_path / f"r{unplanned}", 20, unplanned))
        assert dataset is not None
        with counted(ROW_PASSES) as calls:
            found = near_misses(dataset.actuals, dataset.plans)
        assert len(found) == NEAR
        passes.append(sum(calls.values()))
    assert passes[0] == passes[1] <= 8, passes


def test_each_name_is_looked_up_once_whatever_the_number_of_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name is compared with no plan: it is reduced to its keys once, and looked up in a dictionary."""
    lookups: Counter[int] = Counter()
    near = regions.NameKeys.near

    def counting(self: regions.NameKeys, name: str) -> Any:
        lookups[len(self.by_folded)] += 1
        return near(self, name)

    monkeypatch.setattr(regions.NameKeys, "near", counting)
    for plans in (2, 200):
        dataset, _ = read_data_root(data_root(tmp_path / f"p{plans}", plans, 3_000))
        assert dataset is not None
    # Every name without a plan is looked up once, with 2 plans as with 200 (and validate reads once).
    assert lookups == Counter({2: 3_000 + NEAR, 200: 3_000 + NEAR})


def test_at_scale_validate_finds_exactly_the_names_that_nearly_match(tmp_path: Path) -> None:
    """100,000 regions without a plan, ten near misses among them: `validate` names those ten, each at
    its row with its count, through the real command line."""
    root = data_root(tmp_path / "root", 100, 100_000)
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "validate", "--data", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "100 plans, 100 targets, 100110 actual rows: 0 errors, 10 warnings"
    first = 100 + 100_000 + 2  # the header, the plans' rows and the unplanned ones come first
    for k, line in enumerate(lines[:-1]):
        name = f"吉林省示例{k}县" if k % 2 else f"示例{k}"
        assert line.startswith(f"actuals/figures.csv:{first + k}: TRK328 region '{name}' is no plan's region"), line
        assert f"differs from '示例{k}县' (plans/county-{k}.yaml)" in line and "rows under it are not read: 1" in line
