"""The benchmark scripts: the generator writes valid, deterministic data; run.py works.

Benchmarks are not tests: nothing here asserts a time. The smoke test runs run.py at the
1% size with one repetition, as CI does, and checks the shape of what it writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import TESTS

from tracker import kinds
from tracker.dataroot import load_data_root
from tracker.models import Kind

BENCHMARKS = TESTS.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate  # noqa: E402
import run  # noqa: E402


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sizes_follow_the_scale() -> None:
    assert generate.size_of(None, None, None) == (2850, 40)
    assert generate.size_of(0.01, None, None) == (28, 40)  # 28.5 rounds to even
    assert generate.size_of(0.1, None, None) == (285, 40)
    assert generate.size_of(0.1, 7, 50) == (7, 50)


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", regions=3, targets=40)
    second = generate.generate(tmp_path / "b", regions=3, targets=40)
    assert first == second
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    assert first["targets"] == 3 * 40
    assert len(list((tmp_path / "a" / "plans").glob("*.yaml"))) == 3
    # one CSV per year 2015-2024 plus the second sources
    assert sorted(p.name for p in (tmp_path / "a" / "actuals").iterdir()) == [
        *(f"{year}.csv" for year in range(2015, 2025)),
        "yearbook.csv",
    ]
    rows = sum(len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in (tmp_path / "a" / "actuals").iterdir())
    assert rows == first["rows"]


def test_generated_data_is_valid_input(tmp_path: Path) -> None:
    counts = generate.generate(tmp_path, regions=12, targets=45)
    dataset = load_data_root(tmp_path)  # raises on any error
    assert len(dataset.plans) == 12
    specs = [t for plan in dataset.plans for t in plan.targets]
    assert len(specs) == counts["targets"] == 12 * 45  # no target was dropped
    assert {t.kind for t in specs} == set(Kind)
    for plan in dataset.plans:
        assert plan.model.region_code is not None and len(plan.model.region_code) == 6
        for target in plan.targets:
            assert plan.model.period.start <= target.by <= plan.model.period.end
            if kinds.rule(target.kind).needs_baseline:
                assert target.baseline_year is not None and target.baseline_year < target.by
            if target.kind is Kind.MILESTONE:
                assert target.op is None and target.value is None
    # The mess is there: region codes, Chinese indicator names, qualifiers, spans, repeats.
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "actuals").iterdir())
    codes = {plan.model.region_code for plan in dataset.plans}
    assert any(f"\n{code}," in text for code in codes)
    assert ",合成" in text and ",2021-2022," in text
    assert {">=", ">", "~", "near", "plus"} <= set(dataset.actuals.frame["qualifier"])
    assert counts["repeats"] + counts["conflicts"] > 0
    warnings = {p.code for p in dataset.problems}
    assert warnings <= {"TRK307", "TRK308", "TRK309"}


def test_run_py_smoke_at_one_percent(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--scales",
            "0.01",
            "--repeat",
            "1",
            "--data-dir",
            str(tmp_path / "data"),
            "--out",
            str(out),
            "--sections",
            "commands,side",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) >= {"machine", "as_of", "repeat", "scales"}
    scale = results["scales"]["0.01"]
    assert scale["data"]["regions"] == 28 and scale["data"]["targets"] == 28 * 40
    assert set(scale["commands"]) == {name for name, _ in run.COMMANDS}
    # check fails on the missed targets the data has; report and status succeed
    assert scale["commands"]["check"]["exit"] == 1
    assert scale["commands"]["report"]["exit"] == 0
    assert scale["commands"]["status --json"]["exit"] == 0
    assert scale["commands"]["report --format html"]["exit"] == 0
    assert (tmp_path / "data" / "scale-0.01" / "reports" / "status.md").is_file()
    assert scale["commands"]["report xlsx"]["exit"] == 0
    assert (tmp_path / "data" / "scale-0.01" / "reports" / "status.xlsx").is_file()
    assert (tmp_path / "data" / "scale-0.01" / "reports" / "status.html").is_file()
    for command in scale["commands"].values():
        assert command["wall"] > 0 and command["peak_mb"] > 0 and len(command["runs"]) == 1
    assert set(scale["stages"]) == {*run.STAGES, *(f"{stage}_cpu" for stage in run.STAGES)}
    assert scale["floor"] > 0 and scale["floor_runs"][0]["rows"] == scale["data"]["rows"]
    assert scale["after_read_ratio"] > 0
    assert "| 0.01 |" in done.stdout
    side = scale["side"]
    assert {"check, no cache", "check, empty cache", "check, warm cache", "bare pandas read_csv"} <= set(side["wall"])
    assert all(len(runs) == 1 and runs[0]["exit"] in (0, 1) for runs in side["runs"].values())
    assert side["ratios"]["warm / bare read"] > 0
    if run.peers_available():  # the bench extra: the peers ran and agree with tracker on most targets
        assert side["agreement"]["polars peer"]["agree"] > 0.9 * side["agreement"]["polars peer"]["level_targets"]


def test_the_regions_benchmark_runs(tmp_path: Path) -> None:
    """benchmarks/regions.py at a small size: its table, with the ten near misses found."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "regions.py"),
            "--sizes",
            "200",
            "--repeat",
            "1",
            "--data-dir",
            str(tmp_path),
            "--tracker-path",
            str(TESTS.parent),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header, rule, row = done.stdout.splitlines()
    assert header.startswith("| regions without a plan | rows | validate s (median) |")
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[:2] == ["200", "300"] and cells[-1] == "10"


def test_columns_py_smoke() -> None:
    """benchmarks/columns.py runs (small) and prints both tables; no time is asserted."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "columns.py"), "--small"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "| 50 |" in done.stdout and "header check alone" in done.stdout and "| 1,000 |" in done.stdout
