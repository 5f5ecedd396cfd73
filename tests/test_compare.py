"""`tracker compare INDICATOR`: the rows worst first, the regions without a plan target, the
counts, the spread, `--parent` through two levels, `--level`, and the JSON document.

The data root (as of 2023; every level target starts from 80 in 2020 and is due in 2025, so
the time share of a 2023 figure is 3/5 = 0.6, and R = ((figure - 80) / (goal - 80)) / 0.6):

    national 全国 (national)       >= 90   88 -> task 0.8,    R 1.3333  on track
      province 某省 (province)     >= 90   84 -> task 0.4,    R 0.6667  behind
        a  A县 (county)            >= 92   82 -> task 2/12,   R 0.2778  off track
        b  B县 (county)            >= 90   86 -> task 0.6,    R 1.0     on track
        c  C县 (county)            >= 90   78 -> task -0.2,   R -0.3333 regressing
        f  F县 (county)            >= 90   no figure                    no data
      e  E县 (county)              a dropout target only; preschool 91 in 2023 (no plan target)
      g  G县 (county)              >= 90   90 -> meets the goal         achieved
    D县: figures only, 85 (2022) and 87 (2023)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import write_root
from report_support import run

from tracker.exitcodes import ExitCode

PRESCHOOL = "preschool_gross_enrolment_rate"


def _plan(plan_id: str, region: str, level: str, parent: str | None, *targets: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = {"id": plan_id, "title": f"{region}规划", "region": region, "level": level}
    if parent is not None:
        plan["parent"] = parent
    plan["period"] = {"start": 2021, "end": 2025}
    plan["targets"] = list(targets)
    return plan


def _preschool(goal: str) -> dict[str, Any]:
    return {
        "id": "preschool",
        "indicator": PRESCHOOL,
        "target": goal,
        "by": 2025,
        "baseline": {"year": 2020, "value": 80},
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dropout = {
        "id": "dropout",
        "indicator": "dropout_rate",
        "target": "<= 1",
        "by": 2025,
        "baseline": {"year": 2020, "value": 2},
    }
    plans = [
        _plan("national", "全国", "national", None, _preschool(">= 90")),
        _plan("province", "某省", "province", "national", _preschool(">= 90")),
        _plan("a", "A县", "county", "province", _preschool(">= 92")),
        _plan("b", "B县", "county", "province", _preschool(">= 90")),
        _plan("c", "C县", "county", "province", _preschool(">= 90")),
        _plan("f", "F县", "county", "province", _preschool(">= 90")),
        _plan("e", "E县", "county", "national", dropout),
        _plan("g", "G县", "county", "national", _preschool(">= 90")),
    ]
    rows = [
        ("全国", PRESCHOOL, 2023, 88),
        ("某省", PRESCHOOL, 2023, 84),
        ("A县", PRESCHOOL, 2023, 82),
        ("B县", PRESCHOOL, 2023, 86),
        ("C县", PRESCHOOL, 2023, 78),
        ("E县", PRESCHOOL, 2023, 91),
        ("G县", PRESCHOOL, 2023, 90),
        ("D县", PRESCHOOL, 2022, 85),
        ("D县", PRESCHOOL, 2023, 87),
    ]
    return write_root(tmp_path / "root", plans, rows)


def compare_json(root: Path, *args: str) -> dict[str, Any]:
    result = run("compare", PRESCHOOL, "--data", str(root), "--as-of", "2023", "--json", *args)
    assert result.exit_code == ExitCode.OK, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def regions(document: dict[str, Any]) -> list[str]:
    return [row["region"] for row in document["rows"]]


def test_rows_worst_first_then_regions_without_a_plan_target(root: Path) -> None:
    document = compare_json(root)
    assert regions(document) == ["C县", "A县", "某省", "B县", "全国", "G县", "F县", "D县", "E县"]
    statuses = [row["status"] for row in document["rows"]]
    assert statuses == ["regressing", "off_track", "behind", "on_track", "on_track", "achieved", "no_data", None, None]
    ratios = [row["ratio"] for row in document["rows"]]
    assert ratios[:5] == [-0.3333, 0.2778, 0.6667, 1.0, 1.3333]  # 4 decimals, as status --json


def test_a_region_without_a_plan_target_has_its_latest_figure_and_no_status(root: Path) -> None:
    rows = {row["region"]: row for row in compare_json(root)["rows"]}
    assert rows["D县"] == {
        "region": "D县",
        "plan": None,
        "target": None,
        "status": None,
        "ratio": None,
        "latest": {"year": 2023, "year_start": 2023, "value": 87.0, "qualifier": "="},
        "op": None,
        "target_value": None,
        "by": None,
    }
    # E县 has a plan, but no target on the indicator: listed with its figure too
    assert rows["E县"]["plan"] is None and rows["E县"]["latest"]["value"] == 91.0


def test_the_json_document(root: Path) -> None:
    document = compare_json(root)
    assert list(document) == ["schema_version", "as_of", "indicator", "rows", "counts", "spread"]
    assert document["schema_version"] == 1 and document["as_of"] == 2023 and document["indicator"] == PRESCHOOL
    assert document["rows"][1] == {
        "region": "A县",
        "plan": "a",
        "target": "preschool",
        "status": "off_track",
        "ratio": 0.2778,
        "latest": {"year": 2023, "year_start": 2023, "value": 82.0, "qualifier": "="},
        "op": ">=",
        "target_value": 92.0,
        "by": 2025,
    }
    assert document["rows"][6]["latest"] is None  # F县: no figure
    # the counts in the canonical status order
    assert document["counts"] == {
        "achieved": 1,
        "on_track": 2,
        "behind": 1,
        "off_track": 1,
        "regressing": 1,
        "no_data": 1,
    }
    # 78 82 84 86 | 87 88 90 91: eight regions with a figure, the median between 86 and 87
    assert document["spread"] == {"median": 86.5, "lowest": 78.0, "highest": 91.0, "regions": 8, "years": [2023, 2023]}


def test_parent_takes_its_children_and_their_children(root: Path) -> None:
    under_national = compare_json(root, "--parent", "national")
    assert regions(under_national) == ["C县", "A县", "某省", "B县", "G县", "F县"]  # not the nation itself
    assert under_national["counts"] == {
        "achieved": 1,
        "on_track": 1,
        "behind": 1,
        "off_track": 1,
        "regressing": 1,
        "no_data": 1,
    }
    under_province = compare_json(root, "--parent", "province")
    assert regions(under_province) == ["C县", "A县", "B县", "F县"]
    # 78 82 86: the median is the middle one
    expected = {"median": 82.0, "lowest": 78.0, "highest": 86.0, "regions": 3, "years": [2023, 2023]}
    assert under_province["spread"] == expected


def test_level_keeps_the_plans_of_that_level(root: Path) -> None:
    assert regions(compare_json(root, "--level", "county")) == ["C县", "A县", "B县", "G县", "F县"]
    assert regions(compare_json(root, "--level", "province")) == ["某省"]
    assert regions(compare_json(root, "--level", "prefecture")) == []
    both = compare_json(root, "--parent", "national", "--level", "province")
    assert regions(both) == ["某省"]


@pytest.mark.parametrize("name", ["学前教育毛入园率", "学前三年毛入园率", "Preschool gross enrolment rate", PRESCHOOL])
def test_the_indicator_by_id_name_english_name_or_alias(root: Path, name: str) -> None:
    result = run("compare", name, "--data", str(root), "--as-of", "2023", "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert json.loads(result.stdout)["indicator"] == PRESCHOOL


def test_an_unknown_indicator_is_exit_2_with_the_nearest_names(root: Path) -> None:
    result = run("compare", "preschool", "--data", str(root), "--as-of", "2023")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "TRK414" in result.stderr and "'preschool_gross_enrolment_rate'" in result.stderr
    assert "Traceback" not in result.stderr
    typo = run("compare", "学前教育毛入学率", "--data", str(root))
    assert typo.exit_code == ExitCode.BAD_INPUT and "'学前教育毛入园率'" in typo.stderr


def test_an_unknown_parent_is_exit_2(root: Path) -> None:
    result = run("compare", PRESCHOOL, "--data", str(root), "--parent", "provinse")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "--parent: TRK403" in result.stderr and "did you mean 'province'" in result.stderr


def test_the_terminal_table_counts_and_spread(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = run("compare", PRESCHOOL, "--data", str(root), "--as-of", "2023", "--lang", "en")
    assert result.exit_code == ExitCode.OK, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Preschool gross enrolment rate (preschool_gross_enrolment_rate), as of 2023"
    first_cells = [line.split()[0] for line in lines[3:] if line and not line.startswith(" ")]
    assert first_cells[:9] == ["C县", "A县", "某省", "B县", "全国", "G县", "F县", "D县", "E县"]
    d_row = next(line for line in lines if line.startswith("D县"))
    assert "no plan target" in d_row and "87% (2023)" in d_row
    assert (
        "Targets (7): achieved 1 · on track 2 · behind 1 · off track 1 · regressing 1 · no data 1; "
        "regions with figures and no plan target: 2" in lines
    )
    assert "Latest single-year figures (regions: 8, 2023): median 86.5%, lowest 78%, highest 91%" in lines


def test_no_spread_for_a_yes_no_indicator(tmp_path: Path) -> None:
    milestone = {"id": "m", "indicator": "quality_balance_passed", "kind": "milestone", "by": 2024}
    root = write_root(
        tmp_path / "r", [_plan("x", "X县", "county", None, milestone)], [("X县", "quality_balance_passed", 2023, 1)]
    )
    document = json.loads(
        run("compare", "quality_balance_passed", "--data", str(root), "--as-of", "2023", "--json").stdout
    )
    assert document["spread"] is None and len(document["rows"]) == 1


REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("doc", ["README.md", "docs/compare.md"])
def test_the_documented_example_is_current(monkeypatch: pytest.MonkeyPatch, doc: str) -> None:
    """The example of `tracker compare` on the bundled data is this output at 106 columns."""
    monkeypatch.setenv("COLUMNS", "106")
    result = run("compare", "学前教育毛入园率", "--data", str(REPO), "--as-of", "2026", "--lang", "en")
    assert result.exit_code == ExitCode.OK, result.stderr
    live = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    text = (REPO / doc).read_text(encoding="utf-8")
    first = live.splitlines()[0]
    start = text.index(f"```text\n{first}\n") + len("```text\n")
    block = text[start : text.index("```", start)].rstrip("\n")
    assert block == live, f"update the example in {doc}"


def test_at_80_columns_ids_stay_whole_and_lines_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader copies a plan or target id into `tracker explain`: it is never broken inside."""
    monkeypatch.setenv("COLUMNS", "80")
    result = run("compare", "学前教育毛入园率", "--data", str(REPO), "--as-of", "2026", "--lang", "en")
    assert result.exit_code == ExitCode.OK, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)
    words = {word for line in lines for word in line.split()}
    assert {"national-education-2021-2025", "jian-education-2021-2025", "preschool-enrolment"} <= words


def test_at_80_columns_the_status_and_its_note_stay_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The goal and the latest figure wrap; the provisional note under a status is never cut."""
    monkeypatch.setenv("COLUMNS", "80")
    root = REPO / "tests" / "fixtures" / "report-root"
    result = run("compare", PRESCHOOL, "--data", str(root), "--as-of", "2026", "--lang", "en")
    assert result.exit_code == ExitCode.OK, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    missed = next(i for i, line in enumerate(lines) if line.startswith("甲县"))
    assert lines[missed].endswith("missed") and lines[missed + 1].endswith("awaiting 2025")
