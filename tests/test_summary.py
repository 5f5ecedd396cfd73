"""The summary report (`tracker.summary`, `tracker.render.summary_markdown`): when it replaces
the report of every plan, and what it counts, ranks and lists.

The data root, as of 2023: a national plan and 55 county plans under it (r01 to r55, regions
R01 to R55), each with `preschool >= 90 by 2025` from 80 in 2020 (time share of a 2023
figure: 3/5 = 0.6, R = ((figure - 80) / 10) / 0.6):

    R01..R10  figure 80 - k (79 .. 70)   R from -0.1667 to -1.6667   regressing (10)
    R11..R20  figure 82                  R 0.3333                     off track (10)
    R21..R55  figure 88                  R 1.3333                     on track (35)
    全国       figure 88                  R 1.3333                     on track
    R01 also has `dropout <= 1 by 2025` (from 2 in 2020) without a figure: no data.

Hand-worked: 57 targets (on track 36, off track 10, regressing 10, no data 1); preschool has
56 plans and targets, its furthest behind R10, R09, R08, R07, R06 (the lowest R); the national
plan's 55 children hold 56 targets (on track 35, off track 10, regressing 10, no data 1); the
grid shows 50 of 55 regions (全国 has one target on track, as the 35 R21..R55, and ranks among
them by name, after them: 'R' sorts before '全'): R01 (regressing 1, no data 1) before R02..R10
(regressing 1), then R11..R20, then R21..R50.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import check_golden, write_root
from report_support import run

from tracker.core import report_view
from tracker.exitcodes import ExitCode
from tracker.models import Status
from tracker.summary import GRID_REGIONS, Summary

PRESCHOOL = "preschool_gross_enrolment_rate"


def _preschool() -> dict[str, Any]:
    return {
        "id": "preschool",
        "indicator": PRESCHOOL,
        "target": ">= 90",
        "by": 2025,
        "baseline": {"year": 2020, "value": 80},
    }


def _plan(plan_id: str, region: str, parent: str | None, *targets: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = {"id": plan_id, "title": f"{region}规划", "region": region}
    if parent is not None:
        plan["parent"] = parent
    plan["period"] = {"start": 2021, "end": 2025}
    plan["targets"] = list(targets)
    return plan


def figure_of(k: int) -> float:
    return 80 - k if k <= 10 else 82 if k <= 20 else 88


def make(root: Path, counties: int = 55, figures: dict[int, float] | None = None) -> Path:
    dropout = {
        "id": "dropout",
        "indicator": "dropout_rate",
        "target": "<= 1",
        "by": 2025,
        "baseline": {"year": 2020, "value": 2},
    }
    plans = [_plan("national", "全国", None, _preschool())]
    rows: list[tuple[Any, ...]] = [("全国", PRESCHOOL, 2023, 88)]
    for k in range(1, counties + 1):
        targets = [_preschool(), dropout] if k == 1 else [_preschool()]
        plans.append(_plan(f"r{k:02d}", f"R{k:02d}", "national", *targets))
        rows.append((f"R{k:02d}", PRESCHOOL, 2023, (figures or {}).get(k, figure_of(k))))
    return write_root(root, plans, rows)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make(tmp_path / "root")


def summary_of(root: Path, **options: Any) -> Summary:
    _, view = report_view(root, 2023, **options)
    assert isinstance(view, Summary)
    return view


def test_the_counts_across_plans(root: Path) -> None:
    summary = summary_of(root)
    assert (summary.plans, summary.targets) == (56, 57)
    assert summary.counts == {Status.ON_TRACK: 36, Status.OFF_TRACK: 10, Status.REGRESSING: 10, Status.NO_DATA: 1}
    preschool, dropout = summary.indicators
    assert (preschool.indicator, preschool.plans, preschool.targets) == (PRESCHOOL, 56, 56)
    assert preschool.counts == {Status.ON_TRACK: 36, Status.OFF_TRACK: 10, Status.REGRESSING: 10}
    assert (dropout.indicator, dropout.plans, dropout.counts) == ("dropout_rate", 1, {Status.NO_DATA: 1})


def test_the_regions_furthest_behind(root: Path) -> None:
    preschool, dropout = summary_of(root).indicators
    assert [r.region for r in preschool.furthest_behind] == ["R10", "R09", "R08", "R07", "R06"]
    assert [round(r.ratio or 0, 4) for r in preschool.furthest_behind] == [-1.6667, -1.5, -1.3333, -1.1667, -1.0]
    assert dropout.furthest_behind == ()  # no data is not behind


def test_the_parent_plans_children(root: Path) -> None:
    (parent,) = summary_of(root).parents
    assert parent.plan.id == "national" and len(parent.children) == 55 and parent.children[0] == "r01"
    assert parent.counts == {Status.ON_TRACK: 35, Status.OFF_TRACK: 10, Status.REGRESSING: 10, Status.NO_DATA: 1}


def test_the_grid_holds_the_50_regions_furthest_behind(root: Path) -> None:
    grid = summary_of(root).grid
    assert GRID_REGIONS == 50 and grid.regions_total == 56 and len(grid.regions) == 50
    expected = [f"R{k:02d}" for k in range(1, 51)]
    assert list(grid.regions) == expected
    assert grid.indicators == (PRESCHOOL, "dropout_rate")
    assert grid.cells[0] == (Status.REGRESSING, Status.NO_DATA)
    assert grid.cells[1] == (Status.REGRESSING, None)
    assert grid.cells[10] == (Status.OFF_TRACK, None)
    assert grid.cells[49] == (Status.ON_TRACK, None)


@pytest.mark.parametrize(("threshold", "summarized"), [(56, False), (55, True), (0, True)])
def test_the_threshold_switches_the_form(root: Path, tmp_path: Path, threshold: int, summarized: bool) -> None:
    """56 plans: the report of every plan at a threshold of 56, the summary at 55 (more plans than it)."""
    out = tmp_path / "out.md"
    result = run(
        "report", "--data", str(root), "--as-of", "2023", "--summary-threshold", str(threshold), "-o", str(out)
    )
    assert result.exit_code == ExitCode.OK, result.stderr
    full = tmp_path / "full.md"
    assert (
        run("report", "--data", str(root), "--as-of", "2023", "--summary-threshold", "100", "-o", str(full)).exit_code
        == 0
    )
    assert (out.read_bytes() == full.read_bytes()) is not summarized
    assert out.read_text(encoding="utf-8").startswith("# 规划目标进展摘要") is summarized


@pytest.mark.parametrize(("counties", "summarized"), [(29, False), (30, True)])
def test_the_default_threshold_is_30_plans(tmp_path: Path, counties: int, summarized: bool) -> None:
    """30 plans (29 counties and the nation) are reported plan by plan; 31 are summarized."""
    root = make(tmp_path / "root", counties)
    result = run("report", "--data", str(root), "--as-of", "2023", "-o", "-", "--lang", "en")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout.startswith("# Plan targets: a summary") is summarized
    assert ("## R01规划" in result.stdout) is not summarized


def test_json_is_the_same_document_whatever_the_size(root: Path) -> None:
    result = run("report", "--data", str(root), "--as-of", "2023", "--format", "json", "-o", "-")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert len(json.loads(result.stdout)["targets"]) == 57


def previous_document(tmp_path: Path, figures: dict[int, float]) -> Path:
    before = make(tmp_path / "before", figures=figures)
    result = run("status", "--data", str(before), "--as-of", "2023", "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    path = tmp_path / "previous.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_changes_since_the_previous_report_are_counted_and_ranked(root: Path, tmp_path: Path) -> None:
    # before: R01 on track at 88 (now regressing at 79: 3 steps worse), R11 regressing at 78
    # (now off track at 82: 1 step better), R21 at 87 (still on track: a new figure only)
    previous = previous_document(tmp_path, {1: 88, 11: 78, 21: 87})
    changes = summary_of(root, since=previous).changes
    assert changes is not None
    assert (changes.status_changes, changes.worse, changes.better) == (2, 1, 1)
    assert (changes.new_figures, changes.added, changes.removed) == (3, 0, 0)
    assert [(c.key, c.before, c.after, c.steps) for c in changes.largest] == [
        ("r01/preschool", Status.ON_TRACK, Status.REGRESSING, 3),
        ("r11/preschool", Status.REGRESSING, Status.OFF_TRACK, -1),
    ]
    assert (changes.largest[0].region, changes.largest[0].indicator) == ("R01", PRESCHOOL)


def test_only_the_50_largest_changes_are_listed(root: Path, tmp_path: Path) -> None:
    previous = previous_document(tmp_path, {})
    document = json.loads(previous.read_text(encoding="utf-8"))
    for entry in document["targets"]:
        entry["status"] = "achieved"  # every target was achieved before
    previous.write_text(json.dumps(document), encoding="utf-8")
    changes = summary_of(root, since=previous).changes
    assert changes is not None
    # achieved -> regressing is 4 steps (10), -> off track 3 (10), -> on track 1 (36), and
    # -> no data (1) no measurable distance: neither worse nor better, listed last
    assert (changes.status_changes, changes.worse, changes.better) == (57, 56, 0)
    assert len(changes.largest) == 50
    steps = [c.steps for c in changes.largest]
    assert steps == [4] * 10 + [3] * 10 + [1] * 30
    assert changes.largest[0].key == "r01/preschool" and changes.largest[10].key == "r11/preschool"


def test_detail_pages_only_with_detail(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "status.md"
    assert run("report", "--data", str(root), "--as-of", "2023", "-o", str(out)).exit_code == 0
    assert not (out.parent / "plans").exists()
    result = run("report", "--data", str(root), "--as-of", "2023", "-o", str(out), "--detail", "--lang", "en")
    assert result.exit_code == ExitCode.OK, result.stderr
    pages = sorted(path.name for path in (out.parent / "plans").iterdir() if path.suffix == ".md")
    assert len(pages) == 56 and pages[0] == "national.md" and pages[1] == "r01.md"
    page = (out.parent / "plans" / "r02.md").read_text(encoding="utf-8")
    assert "## R02规划" in page and "```mermaid" in page  # the plan with its chart
    assert "above: ≥90% by 2025, on track" in page
    assert "- [R02规划](plans/r02.md) · R02" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_summary(root: Path, tmp_path: Path, lang: str) -> None:
    previous = previous_document(tmp_path, {1: 88, 11: 78, 21: 87})
    result = run("report", "--data", str(root), "--as-of", "2023", "-o", "-", "--lang", lang, "--since", str(previous))
    assert result.exit_code == ExitCode.OK, result.stderr
    check_golden(f"summary-{lang}.md", result.stdout)


def test_the_grid_keeps_the_indicators_with_the_most_targets(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for one indicator, the grid keeps preschool (56 targets) and says that dropout (1) is left out."""
    import tracker.summary

    monkeypatch.setattr(tracker.summary, "GRID_INDICATORS", 1)
    grid = summary_of(root).grid
    assert (grid.indicators, grid.indicators_total) == ((PRESCHOOL,), 2)
    assert grid.cells[0] == (Status.REGRESSING,)
    result = run("report", "--data", str(root), "--as-of", "2023", "-o", "-", "--lang", "en")
    assert "Columns: the 1 indicators with the most targets (of 2)." in result.stdout


def test_detail_pages_are_replaced_but_never_a_file_tracker_did_not_write(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "status.md"
    args = ["report", "--data", str(root), "--as-of", "2023", "-o", str(out), "--detail"]
    assert run(*args).exit_code == ExitCode.OK
    pages = out.parent / "plans"
    before = (pages / "r03.md").read_bytes()
    assert run(*args, "--lang", "en").exit_code == ExitCode.OK  # its own pages: replaced
    assert (pages / "r03.md").read_bytes() != before
    (pages / "r02.md").write_text("# our notes on R02\n", encoding="utf-8")
    english = (pages / "r03.md").read_bytes()
    refused = run(*args)
    assert refused.exit_code == ExitCode.BAD_INPUT and "TRK408" in refused.stderr
    assert (pages / "r02.md").read_text(encoding="utf-8") == "# our notes on R02\n"
    assert (pages / "r03.md").read_bytes() == english  # checked before any page is written


def test_achieved_targets_never_rank_a_region_as_further_behind() -> None:
    """The bundled data at 2026: nothing missed or behind anywhere; 集安市 has 36 targets without a
    figure, 齐齐哈尔市 16, 全国 1 (and 8 achieved): that order, not the most achieved first."""
    repo = Path(__file__).resolve().parent.parent
    _, view = report_view(repo, 2026, threshold=0)
    assert isinstance(view, Summary)
    assert view.grid.regions == ("集安市", "齐齐哈尔市", "全国")


def test_detail_without_a_summary_is_said_not_ignored(root: Path, tmp_path: Path) -> None:
    """--detail with a format that never summarises is a usage error; under the threshold, a note."""
    refused = run("report", "--data", str(root), "--detail", "--format", "xlsx", "--out", str(tmp_path / "s.xlsx"))
    assert refused.exit_code == ExitCode.BAD_INPUT and "--detail: TRK405" in refused.stderr
    assert not (tmp_path / "s.xlsx").exists()
    under = run("report", "--data", str(root), "--as-of", "2023", "--detail", "--summary-threshold", "100", "-o", "-")
    assert under.exit_code == ExitCode.OK
    assert "--detail ignored: 56 plan(s), not more than --summary-threshold 100" in under.stderr
