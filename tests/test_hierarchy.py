"""The plan hierarchy (`tracker.hierarchy`): parent links, their errors, and the goal above a target.

Every expected comparison is worked by hand from the goals as written (docs/hierarchy.md):
a goal is the bound it sets on the side of progress, `~ v` read as tracker reads it (at
least v minus half a step where higher is better, at most v plus half a step where lower
is better), a strict bound above an inclusive one at the same number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import INDICATORS
from typer.testing import CliRunner

from tracker.cli import app
from tracker.dataroot import read_data_root
from tracker.errors import Problem, Severity, TrackerError
from tracker.hierarchy import Ambition, Hierarchy

REPO = Path(__file__).resolve().parent.parent

CATALOG: dict[str, dict[str, Any]] = {
    **INDICATORS,
    "pay_ratio": {"name": "教师工资比", "name_en": "Teacher pay ratio", "unit": "ratio", "better": "none"},
}
# indicator -> (a baseline value that suits it)
BASELINES = {
    "preschool_gross_enrolment_rate": 80,
    "dropout_rate": 3,
    "complaint_rate": 9,
    "working_age_schooling_years": 10,
    "teachers_recruited": 10,
    "pay_ratio": 0.9,
}


def target(
    target_id: str, indicator: str, goal: str | None, by: int = 2025, kind: str = "level", **extra: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {"id": target_id, "indicator": indicator, "kind": kind}
    if goal is not None:
        found["target"] = goal
    found["by"] = by
    if kind in ("level", "change"):
        found["baseline"] = {"year": 2020, "value": BASELINES[indicator]}
    found.update(extra)
    return found


def plan(
    plan_id: str,
    *targets: dict[str, Any],
    parent: str | None = None,
    period: tuple[int, int] = (2021, 2025),
    **extra: Any,
) -> dict[str, Any]:
    found: dict[str, Any] = {"id": plan_id, "title": f"{plan_id} plan", "region": f"{plan_id}县"}
    if parent is not None:
        found["parent"] = parent
    found.update(extra)
    found["period"] = {"start": period[0], "end": period[1]}
    found["targets"] = list(targets)
    return found


def write(root: Path, *plans: dict[str, Any]) -> Path:
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "actuals").mkdir(exist_ok=True)
    catalog = yaml.safe_dump({"indicators": CATALOG}, allow_unicode=True)
    (root / "indicators.yaml").write_text(catalog, encoding="utf-8")
    for found in plans:
        text = yaml.safe_dump(found, allow_unicode=True, sort_keys=False)
        (root / "plans" / f"{found['id']}.yaml").write_text(text, encoding="utf-8")
    return root


def line_of(root: Path, plan_id: str, text: str, after: str = "") -> int:
    """The line of `plan_id`'s file where `text` first appears (after the line holding `after`)."""
    lines = (root / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def problems_of(root: Path, *codes: str) -> list[Problem]:
    _, found = read_data_root(root)
    return [p for p in found if p.code in codes] if codes else found


def hierarchy_of(root: Path) -> Hierarchy:
    dataset, found = read_data_root(root)
    assert dataset is not None, found
    return dataset.hierarchy


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


PRESCHOOL = "preschool_gross_enrolment_rate"


def national(*goals: dict[str, Any]) -> dict[str, Any]:
    return plan("national", *(goals or (target("preschool", PRESCHOOL, ">= 90"),)))


# -- unknown parents and circles ---------------------------------------------------------


def test_unknown_parent_is_an_error_at_the_parent_line_with_the_nearest_id(tmp_path: Path) -> None:
    root = write(tmp_path, national(), plan("county", target("preschool", PRESCHOOL, ">= 95"), parent="natinal"))
    (found,) = problems_of(root, "TRK218")
    assert found.place == f"plans/county.yaml:{line_of(root, 'county', 'parent:')}"
    assert found.message.startswith(
        "parent plan 'natinal' is not the id of any plan in plans/ (did you mean 'national'?)"
    )
    assert found.is_error
    code, out, _ = invoke("validate", "--data", str(root))
    assert code == 2
    assert out.splitlines()[0] == found.format()
    code, _, err = invoke("status", "--data", str(root))  # every command reads through the same loader
    assert code == 2 and found.format() in err


def test_a_parent_whose_file_has_errors_is_not_unknown(tmp_path: Path) -> None:
    broken = plan("province", target("preschool", PRESCHOOL, ">= 90"))
    broken["targets"][0]["kind"] = "levle"  # the file fails validation, but its id is read
    root = write(tmp_path, broken, plan("county", target("preschool", PRESCHOOL, ">= 80"), parent="province"))
    assert [p.code for p in problems_of(root) if p.is_error] == ["TRK105"]  # the bad kind, nothing about the link


def test_a_plan_that_is_its_own_parent(tmp_path: Path) -> None:
    root = write(tmp_path, plan("alone", target("preschool", PRESCHOOL, ">= 90"), parent="alone"))
    (found,) = problems_of(root, "TRK219")
    assert found.place == f"plans/alone.yaml:{line_of(root, 'alone', 'parent:')}"
    assert found.message == (
        "the parent links go round in a circle: 'alone' -> 'alone' (the plan names itself); a plan cannot"
        " carry out itself (remove or correct one of these parent: lines)"
    )
    assert hierarchy_of_unchecked(root).parent("alone") is None


def hierarchy_of_unchecked(root: Path) -> Hierarchy:
    """The hierarchy of a data root with errors, built as the loader builds it."""
    from tracker.plancache import read_plan_files
    from tracker.plans import read_catalog

    indicators, _ = read_catalog(root / "indicators.yaml", "indicators.yaml")
    files = sorted((root / "plans").glob("*.yaml"))
    loaded = read_plan_files(root, [(p, f"plans/{p.name}") for p in files], indicators)
    return Hierarchy([f.spec for f in loaded if f.spec is not None], indicators)


def test_a_circle_of_two_is_one_error_naming_both_links(tmp_path: Path) -> None:
    goal = target("preschool", PRESCHOOL, ">= 90")
    root = write(tmp_path, plan("alpha", goal, parent="beta"), plan("beta", goal, parent="alpha"))
    (found,) = problems_of(root, "TRK219")
    beta = line_of(root, "beta", "parent:")
    assert found.place == f"plans/alpha.yaml:{line_of(root, 'alpha', 'parent:')}"
    assert found.message.startswith(
        f"the parent links go round in a circle: 'alpha' -> 'beta' -> 'alpha' (also at plans/beta.yaml:{beta});"
    )


def test_a_circle_of_three_and_a_plan_under_it(tmp_path: Path) -> None:
    goal = target("preschool", PRESCHOOL, ">= 90")
    root = write(
        tmp_path,
        plan("city", goal, parent="province"),
        plan("county", goal, parent="city"),
        plan("province", goal, parent="county"),
        plan("village", target("preschool", PRESCHOOL, ">= 80"), parent="county"),
    )
    (found,) = problems_of(root, "TRK219")  # one circle, one error; `village` only hangs under it
    line = {name: line_of(root, name, "parent:") for name in ("city", "county", "province")}
    assert found.place == f"plans/city.yaml:{line['city']}"
    assert f"'city' -> 'province' -> 'county' -> 'city' (also at plans/province.yaml:{line['province']}," in (
        found.message
    )
    assert f"plans/county.yaml:{line['county']});" in found.message
    hierarchy = hierarchy_of_unchecked(root)
    assert [p.id for p in hierarchy.ancestors("village")] == ["county"]  # the circle's links do not count
    assert hierarchy.parent("county") is None
    # `village` (>= 80) is compared with `county` (>= 90) all the same: its link counts.
    assert [p.code for p in problems_of(root, "TRK220")] == ["TRK220"]
    code, out, _ = invoke("validate", "--data", str(root), "--strict")
    assert code == 2 and out.splitlines()[-1] == "4 plans, 4 targets, 0 actual rows: 1 error, 1 warning"


# -- as ambitious, less, more ------------------------------------------------------------


def test_a_child_exactly_as_ambitious_as_its_parent_is_not_warned(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(target("preschool", PRESCHOOL, ">= 90"), target("dropout", "dropout_rate", "<= 1.5")),
        plan(
            "county",
            target("preschool", PRESCHOOL, "90"),  # a bare number: at least 90
            target("dropout", "dropout_rate", "1.5"),  # at most 1.5
            parent="national",
        ),
    )
    assert problems_of(root) == []
    hierarchy = hierarchy_of(root)
    for target_id in ("preschool", "dropout"):
        above = hierarchy.goal_above("county", target_id)
        assert above is not None and above.ambition is Ambition.SAME and not above.warned
        assert (above.plan.id, above.target.id) == ("national", target_id)
    code, out, _ = invoke("validate", "--data", str(root), "--strict")
    assert (code, out) == (0, "2 plans, 4 targets, 0 actual rows: 0 errors, 0 warnings\n")


def test_a_lower_goal_where_higher_is_better_is_warned_naming_both_places(tmp_path: Path) -> None:
    root = write(tmp_path, national(), plan("county", target("preschool", PRESCHOOL, ">= 88"), parent="national"))
    (found,) = problems_of(root, "TRK220")
    child, parent = line_of(root, "county", "- id: preschool"), line_of(root, "national", "- id: preschool")
    assert found.place == f"plans/county.yaml:{child}"
    assert found.severity is Severity.WARNING
    assert found.message == (
        "target 'preschool' aims at >= 88 by 2025: less ambitious than the plan above, 'national', which sets"
        f" >= 90 by 2025 at plans/national.yaml:{parent} (carry out the plan above; or, if the difference is"
        " deliberate, list the indicator under parent_differences: with the reason, and validate prints this"
        " as a note)"
    )
    code, out, _ = invoke("validate", "--data", str(root))
    assert (code, out) == (0, found.format() + "\n2 plans, 2 targets, 0 actual rows: 0 errors, 1 warning\n")
    code, _, _ = invoke("validate", "--data", str(root), "--strict")
    assert code == 1
    code, _, err = invoke("status", "--data", str(root), "--as-of", "2023")
    assert code == 0 and "tracker: 1 warning(s) in the data" in err


def test_a_higher_goal_where_lower_is_better_is_warned(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        plan("national", target("dropout", "dropout_rate", "<= 1.5")),
        plan("county", target("dropout", "dropout_rate", "<= 2"), parent="national"),
        plan("town", target("dropout", "dropout_rate", "< 1.2"), parent="national"),
    )
    (found,) = problems_of(root, "TRK220")
    assert found.place == f"plans/county.yaml:{line_of(root, 'county', '- id: dropout')}"
    assert found.message.startswith("target 'dropout' aims at <= 2 by 2025: less ambitious than the plan above")
    assert "which sets <= 1.5 by 2025" in found.message
    assert hierarchy_of(root).goal_above("town", "dropout").ambition is Ambition.MORE


@pytest.mark.parametrize(
    ("child", "parent", "ambition"),
    [
        # strict and inclusive bounds at one number: > 90 is not met by 90, >= 90 is
        (">= 90", "> 90", Ambition.LESS),
        ("> 90", ">= 90", Ambition.MORE),
        ("> 90", "> 90", Ambition.SAME),
        ("≥ 90", ">= 90", Ambition.SAME),
        # `== v` is read as its value
        ("== 90", ">= 90", Ambition.SAME),
        ("== 89.9", ">= 90", Ambition.LESS),
        (">= 90", "== 90", Ambition.SAME),
        # `~ v` is at least v minus half a step here: ~ 92 is 91.5, ~ 92.0 is 91.95, and ~ 90 is 85
        # (the step of 90 is 10: README, "Formats")
        ("~ 92", ">= 92", Ambition.LESS),
        ("~ 92", ">= 91.5", Ambition.SAME),
        ("~ 92", "> 91.5", Ambition.LESS),
        ("~ 92.0", ">= 91.9", Ambition.MORE),
        ("~ 92", "~ 92", Ambition.SAME),
        ("~ 92.0", "~ 92", Ambition.MORE),
        ("~ 90", ">= 85", Ambition.SAME),
        ("~ 8.2", ">= 8.15", Ambition.SAME),  # 8.2 - 0.05 is 8.149999999999999 in floats
        # a cap on a measure where higher is better bounds no progress
        ("<= 95", ">= 90", Ambition.NOT_COMPARED),
    ],
)
def test_operators_where_higher_is_better(tmp_path: Path, child: str, parent: str, ambition: Ambition) -> None:
    root = write(
        tmp_path,
        national(target("preschool", PRESCHOOL, parent)),
        plan("county", target("preschool", PRESCHOOL, child), parent="national"),
    )
    above = hierarchy_of(root).goal_above("county", "preschool")
    assert above is not None and above.ambition is ambition
    assert len(problems_of(root, "TRK220")) == (ambition is Ambition.LESS)


@pytest.mark.parametrize(
    ("child", "parent", "ambition"),
    [
        ("~ 5", "<= 5", Ambition.LESS),  # at most 5.5
        ("~ 5", "<= 5.5", Ambition.SAME),
        ("~ 10.8", "<= 10.85", Ambition.SAME),  # 10.8 + 0.05 is 10.850000000000001 in floats
        ("<= 2", "< 2", Ambition.LESS),
        ("< 2", "<= 2", Ambition.MORE),
        ("== 2", "<= 2", Ambition.SAME),
    ],
)
def test_operators_where_lower_is_better(tmp_path: Path, child: str, parent: str, ambition: Ambition) -> None:
    root = write(
        tmp_path,
        plan("national", target("complaints", "complaint_rate", parent)),
        plan("county", target("complaints", "complaint_rate", child), parent="national"),
    )
    above = hierarchy_of(root).goal_above("county", "complaints")
    assert above is not None and above.ambition is ambition
    assert len(problems_of(root, "TRK220")) == (ambition is Ambition.LESS)


def test_about_a_value_is_shown_as_read(tmp_path: Path) -> None:
    schooling = "working_age_schooling_years"
    root = write(
        tmp_path,
        plan("national", target("schooling", schooling, ">= 11.3")),
        plan("county", target("schooling", schooling, "~ 10.8"), parent="national"),
    )
    (found,) = problems_of(root, "TRK220")
    assert found.message.startswith(
        "target 'schooling' aims at ~ 10.8 (read as >= 10.75) by 2025: less ambitious than the plan above,"
        " 'national', which sets >= 11.3 by 2025"
    )


def test_a_child_due_after_its_parent_is_not_compared(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(),
        plan("county", target("preschool", PRESCHOOL, ">= 85", by=2026), parent="national", period=(2022, 2026)),
    )
    assert problems_of(root) == []
    assert hierarchy_of(root).goal_above("county", "preschool") is None


def test_totals_counts_and_measures_without_a_direction_are_not_compared(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        plan(
            "national",
            target("teachers", "teachers_recruited", ">= 10000"),
            target("pay", "pay_ratio", "~ 1.2"),
            target("preschool-total", PRESCHOOL, ">= 450", kind="cumulative"),
        ),
        plan(
            "county",
            target("teachers", "teachers_recruited", ">= 30"),  # persons: on the scale of the region
            target("pay", "pay_ratio", "~ 1"),  # better: none
            target("preschool-total", PRESCHOOL, ">= 400", kind="cumulative"),
            parent="national",
        ),
    )
    assert problems_of(root) == []
    hierarchy = hierarchy_of(root)
    assert hierarchy.goal_above("county", "teachers").ambition is Ambition.NOT_COMPARED
    assert hierarchy.goal_above("county", "pay").ambition is Ambition.NOT_COMPARED
    assert hierarchy.goal_above("county", "preschool-total") is None


def test_maintain_and_level_goals_compare(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(target("preschool", PRESCHOOL, ">= 90", kind="maintain")),
        plan("county", target("preschool", PRESCHOOL, ">= 85"), parent="national"),
    )
    (found,) = problems_of(root, "TRK220")
    assert "aims at >= 85 by 2025" in found.message


# -- further up, several goals -----------------------------------------------------------


def test_a_grandchild_is_compared_with_the_nearest_plan_above_that_sets_a_goal(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(),
        plan("province", target("dropout", "dropout_rate", "<= 1"), parent="national"),
        plan("county", target("preschool", PRESCHOOL, ">= 88"), parent="province"),
    )
    (found,) = problems_of(root, "TRK220")
    assert found.place == f"plans/county.yaml:{line_of(root, 'county', '- id: preschool')}"
    assert "'national', which sets >= 90 by 2025 at plans/national.yaml:" in found.message
    assert found.message.split(" (carry out")[0].endswith(", above its parent 'province', which sets no such goal")
    hierarchy = hierarchy_of(root)
    assert [p.id for p in hierarchy.ancestors("county")] == ["province", "national"]
    assert [p.id for p in hierarchy.descendants("national")] == ["province", "county"]
    assert [p.id for p in hierarchy.children("national")] == ["province"]
    assert hierarchy.parent("county").id == "province"


def test_a_gap_is_warned_once_where_it_opens(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(),
        plan("province", target("preschool", PRESCHOOL, ">= 88"), parent="national"),
        plan("county", target("preschool", PRESCHOOL, ">= 88"), parent="province"),
    )
    assert [p.place for p in problems_of(root, "TRK220")] == [
        f"plans/province.yaml:{line_of(root, 'province', '- id: preschool')}"
    ]  # the county carries out its province's 88 in full


def test_a_parent_with_several_goals_on_the_indicator(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(
            target("preschool-2023", PRESCHOOL, ">= 85", by=2023),
            target("preschool-2025", PRESCHOOL, ">= 90", by=2025),
        ),
        plan("a", target("p", PRESCHOOL, ">= 86", by=2023), parent="national"),  # vs 85 by 2023: more
        plan("b", target("p", PRESCHOOL, ">= 84", by=2022), parent="national"),  # vs 85 by 2023: less
        plan("c", target("p", PRESCHOOL, ">= 88", by=2024), parent="national"),  # vs 90 by 2025: less
        plan(
            "d",  # 80 by 2022 is compared with 85 by 2023: it has no later goal of its own by 2023
            target("p-2022", PRESCHOOL, ">= 80", by=2022),
            target("p-2025", PRESCHOOL, ">= 92", by=2025),
            parent="national",
        ),
    )
    hierarchy = hierarchy_of(root)

    def above(plan_id: str, target_id: str) -> tuple[str, Ambition, bool]:
        found = hierarchy.goal_above(plan_id, target_id)
        assert found is not None
        return found.target.id, found.ambition, found.interim

    assert above("a", "p") == ("preschool-2023", Ambition.MORE, False)
    assert above("b", "p") == ("preschool-2023", Ambition.LESS, False)
    assert above("c", "p") == ("preschool-2025", Ambition.LESS, False)
    assert above("d", "p-2022") == ("preschool-2023", Ambition.LESS, False)
    assert above("d", "p-2025") == ("preschool-2025", Ambition.MORE, False)
    warned = sorted(p.place.split(":")[0] for p in problems_of(root, "TRK220"))
    assert warned == ["plans/b.yaml", "plans/c.yaml", "plans/d.yaml"]
    (for_c,) = [p for p in problems_of(root, "TRK220") if p.file == "plans/c.yaml"]
    assert "which sets >= 90 by 2025" in for_c.message


def test_an_earlier_goal_on_the_way_to_a_later_one_is_not_warned(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(),  # >= 90 by 2025
        plan(
            "county",  # 80 by 2023 is a step on the way to 92 by 2025, which meets 90 by 2025
            target("p-2023", PRESCHOOL, ">= 80", by=2023),
            target("p-2025", PRESCHOOL, ">= 92", by=2025),
            parent="national",
        ),
        plan(
            "town",  # a step on the way to 89 by 2025: only the 2025 goal is warned
            target("p-2023", PRESCHOOL, ">= 80", by=2023),
            target("p-2025", PRESCHOOL, ">= 89", by=2025),
            parent="national",
        ),
    )
    hierarchy = hierarchy_of(root)
    early = hierarchy.goal_above("county", "p-2023")
    assert early is not None and (early.target.id, early.ambition, early.interim) == ("preschool", Ambition.LESS, True)
    assert not early.warned
    assert [(p.file, p.line) for p in problems_of(root, "TRK220")] == [
        ("plans/town.yaml", line_of(root, "town", "- id: p-2025"))
    ]


def test_of_two_goals_due_the_same_year_the_more_ambitious_counts(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(
            target("preschool-level", PRESCHOOL, ">= 88"), target("preschool-keep", PRESCHOOL, ">= 90", kind="maintain")
        ),
        plan("county", target("preschool", PRESCHOOL, ">= 89"), parent="national"),
    )
    above = hierarchy_of(root).goal_above("county", "preschool")
    assert above is not None and (above.target.id, above.ambition) == ("preschool-keep", Ambition.LESS)


# -- acknowledged differences ------------------------------------------------------------


def test_an_acknowledged_difference_is_a_note_that_strict_accepts(tmp_path: Path) -> None:
    reason = "a county far below the national average"
    county = plan(
        "county",
        target("preschool", PRESCHOOL, ">= 88"),
        parent="national",
        parent_differences=[{"indicator": "学前三年毛入园率", "reason": reason}],  # by an alias
    )
    root = write(tmp_path, national(), county)
    (found,) = problems_of(root)
    assert found.code == "TRK220" and found.severity is Severity.NOTE and found.is_note
    listed = line_of(root, "county", "indicator: 学前三年毛入园率")
    assert found.message.endswith(
        f" at plans/national.yaml:{line_of(root, 'national', '- id: preschool')}"
        f" (a known difference, parent_differences at line {listed}: {reason})"
    )
    code, out, _ = invoke("validate", "--data", str(root), "--strict")
    assert (code, out) == (0, found.format() + "\n2 plans, 2 targets, 0 actual rows: 0 errors, 0 warnings, 1 note\n")
    code, _, err = invoke("status", "--data", str(root), "--as-of", "2023")
    assert code == 0 and "warning" not in err  # a note is not a warning of the data
    above = hierarchy_of(root).goal_above("county", "preschool")
    assert above is not None and above.acknowledged == reason and above.warned


def test_an_acknowledgement_covers_its_indicator_only(tmp_path: Path) -> None:
    county = plan(
        "county",
        target("preschool", PRESCHOOL, ">= 88"),
        target("dropout", "dropout_rate", "<= 2"),
        parent="national",
        parent_differences=[{"indicator": "dropout_rate", "reason": "known"}],
    )
    root = write(
        tmp_path, national(target("preschool", PRESCHOOL, ">= 90"), target("dropout", "dropout_rate", "<= 1")), county
    )
    severities = {p.message.split("'")[1]: p.severity for p in problems_of(root, "TRK220")}
    assert severities == {"preschool": Severity.WARNING, "dropout": Severity.NOTE}


def test_parent_differences_naming_no_indicator_or_without_a_parent(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        national(),
        plan(
            "county",
            target("preschool", PRESCHOOL, ">= 90"),
            parent="national",
            parent_differences=[{"indicator": "preschool_gross_enrolment_rat", "reason": "typo"}],
        ),
        plan(
            "orphan",
            target("preschool", PRESCHOOL, ">= 90"),
            parent_differences=[{"indicator": PRESCHOOL, "reason": "no parent"}],
        ),
    )
    found = [(p.code, p.place, p.message) for p in problems_of(root) if p.is_error]
    assert found == [
        (
            "TRK203",
            f"plans/county.yaml:{line_of(root, 'county', 'indicator: preschool_gross_enrolment_rat')}",
            "unknown indicator 'preschool_gross_enrolment_rat' (did you mean 'preschool_gross_enrolment_rate'?)",
        ),
        (
            "TRK111",
            f"plans/orphan.yaml:{line_of(root, 'orphan', 'indicator:')}",
            "'parent_differences': the plan names no parent: add parent: PLAN_ID, or remove parent_differences",
        ),
    ]


def test_a_difference_needs_a_reason(tmp_path: Path) -> None:
    county = plan(
        "county",
        target("preschool", PRESCHOOL, ">= 88"),
        parent="national",
        parent_differences=[{"indicator": PRESCHOOL, "reason": "  "}],
    )
    root = write(tmp_path, national(), county)
    (found,) = [p for p in problems_of(root) if p.is_error]
    assert found.place == f"plans/county.yaml:{line_of(root, 'county', 'reason:')}"
    assert "parent_differences.0.reason" in found.message


# -- the cache, the bundled data ---------------------------------------------------------


def test_the_hierarchy_is_checked_afresh_when_only_the_parent_changed(tmp_path: Path) -> None:
    """The child's file is read from the plan cache; the rule still sees the new parent."""
    root = write(tmp_path, national(), plan("county", target("preschool", PRESCHOOL, ">= 92"), parent="national"))
    assert invoke("validate", "--data", str(root), "--strict")[0] == 0
    write(root, national(target("preschool", PRESCHOOL, ">= 95")))
    code, out, _ = invoke("validate", "--data", str(root), "--strict")
    assert code == 1 and "TRK220 target 'preschool' aims at >= 92 by 2025" in out
    (root / "plans" / "national.yaml").unlink()
    code, out, _ = invoke("validate", "--data", str(root))
    assert code == 2 and "TRK218 parent plan 'national' is not the id of any plan" in out


def test_the_loader_refuses_a_circle_in_every_command(tmp_path: Path) -> None:
    root = write(tmp_path, plan("alone", target("preschool", PRESCHOOL, ">= 90"), parent="alone"))
    from tracker.dataroot import load_data_root

    with pytest.raises(TrackerError) as refused:
        load_data_root(root)
    assert [p.code for p in refused.value.problems] == ["TRK219"]


def test_the_bundled_data_finds_jians_years_of_schooling() -> None:
    dataset, found = read_data_root(REPO)
    assert dataset is not None
    hierarchy = dataset.hierarchy
    national_outline = "national-education-2021-2025"
    assert [p.id for p in hierarchy.children(national_outline)] == [
        "jian-education-2021-2025",
        "national-county-high-school-2021-2025",
        "national-preschool-2021-2025",
        "national-special-education-2021-2025",
    ]
    assert hierarchy.parent(national_outline) is None
    assert hierarchy.parent("qiqihar-education-2020") is None
    (note,) = [p for p in found if p.code == "TRK220"]
    assert note.is_note and note.file == "plans/jian-education-2021-2025.yaml"
    schooling = dataset.plan("jian-education-2021-2025").targets
    assert note.line == next(t.line for t in schooling if t.id == "years-of-schooling")
    assert "aims at ~ 10.8 (read as >= 10.75) by 2025" in note.message
    assert "which sets >= 11.3 by 2025 at plans/national-education-2021-2025.yaml:" in note.message
    expected = {
        ("jian-education-2021-2025", "preschool-enrolment"): Ambition.MORE,  # 95 vs 90
        ("jian-education-2021-2025", "senior-secondary-enrolment"): Ambition.MORE,  # 95 vs 92
        ("jian-education-2021-2025", "years-of-schooling"): Ambition.LESS,  # 10.75 vs 11.3
        ("national-preschool-2021-2025", "preschool-enrolment"): Ambition.SAME,  # 90 vs 90
        ("national-county-high-school-2021-2025", "senior-secondary-enrolment"): Ambition.SAME,  # 92 vs 92
    }
    compared = {
        (spec.id, t.id): above.ambition
        for spec in dataset.plans
        for t in spec.targets
        if (above := hierarchy.goal_above(spec.id, t.id)) is not None
    }
    assert compared == expected
    code, out, _ = invoke("validate", "--data", str(REPO), "--strict")
    assert code == 0 and out.endswith(": 0 errors, 0 warnings, 1 note\n")


def test_an_empty_hierarchy_answers_every_question() -> None:
    """What a DataSet built without plans holds (`DataSet.hierarchy`'s default)."""
    empty = Hierarchy(())
    assert empty.problems() == []
    assert (empty.parent("x"), empty.ancestors("x"), empty.descendants("x"), empty.goal_above("x", "y")) == (
        None,
        [],
        [],
        None,
    )
