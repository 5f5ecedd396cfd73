"""Plans and the catalog as YAML: what only YAML 1.1 reads, periods, cross-plan rules, messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.dataroot import read_data_root
from tracker.errors import Problem
from tracker.plans import (
    IndicatorIndex,
    PlanIdentity,
    cross_plan_problems,
    duplicate_plan_ids,
    read_catalog,
    read_plan,
)
from tracker.validation import validate_root

VALID_ROOT = Path(__file__).parent / "fixtures" / "valid"
DEMO = (VALID_ROOT / "plans" / "demo.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def indicators() -> IndicatorIndex:
    index, problems = read_catalog(VALID_ROOT / "indicators.yaml", "indicators.yaml")
    assert problems == []
    return index


def _plan(tmp_path: Path, text: str, indicators: IndicatorIndex, name: str = "demo") -> list[Problem]:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    problems = read_plan(path, f"plans/{name}.yaml", indicators).problems
    return problems


def _places(problems: list[Problem]) -> list[str]:
    return [f"{p.code}:{p.line}" for p in problems]


# ------------------------------------------------------- numbers only YAML 1.1 reads


@pytest.mark.parametrize(
    ("old", "new", "line", "says"),
    [
        (
            'region_code: "999999"',
            "region_code: 0123",
            6,
            "'region_code' is 0123, which YAML 1.1 reads as the number 83",
        ),
        ('region_code: "999999"', "region_code: 000000", 6, 'the number 0; quote it: "000000"'),
        ('region_code: "999999"', "region_code: 0x1F", 6, "the number 31"),
        ("value: 80", "value: 070", 12, "'targets.0.baseline.value' is 070, which YAML 1.1 reads as the number 56"),
        ("value: 80", "value: 1:30", 12, "the number 90"),
        ("value: 80", "value: -1:30", 12, "the number -90"),
        ("value: 80", "value: 1:30.5", 12, "the number 90.5"),
        ("value: 80", "value: 1_000", 12, "the number 1000"),
        ("value: 80", "value: 1_000.5", 12, "the number 1000.5"),
        ("value: 80", "value: 0b11", 12, "the number 3"),
        ("value: 80", "value: 00", 12, "the number 0"),
        ("by: 2023", "by: 02023", 26, "the number 1043"),
        ("title_en: Demo county plan", "title_en: 0123", 4, 'quote it: "0123"'),
    ],
)
def test_numbers_only_yaml_1_1_reads_are_refused(
    tmp_path: Path, indicators: IndicatorIndex, old: str, new: str, line: int, says: str
) -> None:
    problems = _plan(tmp_path, DEMO.replace(old, new, 1), indicators)
    assert _places(problems) == [f"TRK113:{line}"], [p.format() for p in problems]
    assert says in problems[0].message
    assert "leading zeros" in problems[0].message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('region_code: "999999"', 'region_code: "0123"'),  # quoted: text as written
        ("value: 80", "value: 0"),
        ("value: 80", "value: -0"),
        ("value: 80", "value: 0.5"),
        ("value: 80", "value: 08"),  # not octal, so YAML 1.1 keeps the text, and 8 is what was meant
        ("value: 80", "value: 080.5"),
        ("value: 80", "value: +80"),
    ],
)
def test_numbers_all_yaml_versions_agree_on_are_fine(
    tmp_path: Path, indicators: IndicatorIndex, old: str, new: str
) -> None:
    assert _plan(tmp_path, DEMO.replace(old, new, 1), indicators) == []


def test_yaml_1_1_number_under_an_unknown_key_is_reported_once(tmp_path: Path, indicators: IndicatorIndex) -> None:
    problems = _plan(tmp_path, DEMO.replace('region_code: "999999"', "region_cod: 0123"), indicators)
    assert _places(problems) == ["TRK106:6"]


# ------------------------------------------------------------------ the period


def test_a_period_running_backwards_is_an_error_at_its_line(tmp_path: Path, indicators: IndicatorIndex) -> None:
    text = DEMO.replace("period: {start: 2021, end: 2025}", "period: {start: 2025, end: 2021}")
    problems = _plan(tmp_path, text, indicators)
    # not a TRK205 for every target whose deadline defaults to the period's end
    assert _places(problems) == ["TRK111:7"]
    assert problems[0].message.startswith("'period': it runs backwards (start 2025, end 2021)")


def test_a_period_running_backwards_is_found_beside_shape_errors(tmp_path: Path, indicators: IndicatorIndex) -> None:
    text = DEMO.replace("period: {start: 2021, end: 2025}", "period: {start: 2025, end: 2021}")
    text = text.replace("quote: 学前三年毛入园率达到100%", "quot: 学前三年毛入园率达到100%")
    assert _places(_plan(tmp_path, text, indicators)) == ["TRK106:13", "TRK111:7"]


def test_a_one_year_period_is_fine(tmp_path: Path, indicators: IndicatorIndex) -> None:
    text = DEMO.replace("period: {start: 2021, end: 2025}", "period: {start: 2023, end: 2023}")
    text = text.replace("    by: 2023\n", "")
    assert _places(_plan(tmp_path, text, indicators)) == []


def test_yaml_1_1_number_in_the_catalog(tmp_path: Path) -> None:
    text = (VALID_ROOT / "indicators.yaml").read_text(encoding="utf-8").replace("name: 辍学率", "name: 0123")
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = read_catalog(path, "indicators.yaml")
    line = text.splitlines().index("    name: 0123") + 1
    assert _places(problems) == [f"TRK113:{line}"]


# ---------------------------------------------- a catalog error hides nothing else


def _catalog(root: Path, old: str, new: str) -> None:
    path = root / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_bad_catalog_entry_hides_no_plan_or_csv_problem(valid_root: Path) -> None:
    _catalog(valid_root, "better: higher\n    aliases", "better: hgiher\n    aliases")
    plan = valid_root / "plans" / "demo.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("indicator: complaint_rate", "indicator: complaints"))
    with (valid_root / "actuals" / "demo.csv").open("a", encoding="utf-8") as csv:
        csv.write("示例县,compulsory_retention_rate,2024,较高,,r,,\n")
    validation = validate_root(valid_root)
    assert [f"{p.file}:{p.line} {p.code}" for p in validation.problems] == [
        "actuals/demo.csv:10 TRK304",
        "indicators.yaml:7 TRK105",
        "plans/demo.yaml:28 TRK203",
    ]
    assert (validation.plans, validation.targets) == (1, 5)


def test_plans_and_rows_naming_the_bad_entry_are_not_unknown_on_top(valid_root: Path) -> None:
    """The preschool target and the 87.6 row name the broken entry: the catalog's error is enough."""
    _catalog(valid_root, "better: higher\n    aliases", "better: hgiher\n    aliases")
    plan = valid_root / "plans" / "demo.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "indicator: preschool_gross_enrolment_rate", "indicator: 学前三年毛入园率"
        )
    )
    _, problems = read_data_root(valid_root)
    assert [p.code for p in problems] == ["TRK105"]


def test_the_index_keeps_the_valid_entries(tmp_path: Path) -> None:
    text = (VALID_ROOT / "indicators.yaml").read_text(encoding="utf-8")
    text = text.replace("dropout_rate:", "dropout-rate:").replace("unit: boolean", "unit: [boolean]")
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    index, problems = read_catalog(path, "indicators.yaml")
    assert sorted(p.code for p in problems) == ["TRK105", "TRK111"]
    assert "quality_balance_passed" not in index.catalog.indicators and len(index.catalog.indicators) == 4
    assert index.resolve_usable("学前三年毛入园率") == "preschool_gross_enrolment_rate"
    # listed, with errors: resolve knows them (rows are not 'unknown'), resolve_usable does not
    assert (index.resolve("优质均衡验收"), index.resolve_usable("优质均衡验收")) == ("quality_balance_passed", None)
    assert (index.resolve("辍学率"), index.resolve("dropout-rate")) == ("dropout-rate", "dropout-rate")
    assert index.resolve("dropout_rate") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("indicator:\n  a: 1\n", "TRK106"),  # no `indicators:` at all
        ("indicators: [a, b]\n", "TRK105"),
        ("- a\n", "TRK109"),
        ("indicators: {a: [\n", "TRK102"),
    ],
)
def test_a_catalog_without_an_indicators_mapping_is_unusable(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    index, problems = read_catalog(path, "indicators.yaml")
    assert index is None
    assert code in [p.code for p in problems]


def test_an_unknown_top_level_key_keeps_every_entry(tmp_path: Path) -> None:
    text = (VALID_ROOT / "indicators.yaml").read_text(encoding="utf-8") + "notes: x\n"
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    index, problems = read_catalog(path, "indicators.yaml")
    assert [p.code for p in problems] == ["TRK106"] and len(index.catalog.indicators) == 6


# ------------------------------------------------------------ rules across plans


def _read_plans(root: Path) -> list[Problem]:
    """What tracker.dataroot does with the plans, through read_plan and cross_plan_problems."""
    indicators, problems = read_catalog(root / "indicators.yaml", "indicators.yaml")
    files = [read_plan(path, f"plans/{path.name}", indicators) for path in sorted((root / "plans").glob("*.yaml"))]
    problems = [p for loaded in files for p in loaded.problems]
    identities = [loaded.identity for loaded in files if loaded.identity is not None]
    return sorted(problems + cross_plan_problems(identities))


def _write_plan(root: Path, name: str, text: str) -> None:
    (root / "plans" / f"{name}.yaml").write_text(text, encoding="utf-8")


def _codes(problems: list[Problem]) -> list[str]:
    return [f"{p.code} {p.file}:{p.line}" for p in problems]


@pytest.mark.parametrize("broken", ["demo", "other", "both"])
def test_a_duplicate_plan_id_is_found_when_a_plan_has_a_shape_error(valid_root: Path, broken: str) -> None:
    typo = DEMO.replace("quote: 学前三年毛入园率达到100%", "quot: 学前三年毛入园率达到100%")
    _write_plan(valid_root, "demo", typo if broken in ("demo", "both") else DEMO)
    _write_plan(valid_root, "other", typo if broken in ("other", "both") else DEMO)
    problems = _read_plans(valid_root)
    assert "TRK201 plans/other.yaml:2" in _codes(problems)
    assert next(p for p in problems if p.code == "TRK201").message == ("plan id 'demo' is also used by plans/demo.yaml")
    assert [p.code for p in problems].count("TRK201") == 1


def test_a_plan_without_a_readable_id_has_no_identity(valid_root: Path) -> None:
    _write_plan(valid_root, "other", DEMO.replace("id: demo", "id: [demo]", 1))
    assert "TRK201" not in [p.code for p in _read_plans(valid_root)]
    _write_plan(valid_root, "other", "id: [demo\n")
    assert "TRK201" not in [p.code for p in _read_plans(valid_root)]


def test_one_region_code_for_two_regions_names_both_plans(valid_root: Path) -> None:
    other = DEMO.replace("id: demo", "id: other").replace("region: 示例县", "region: 另一县")
    _write_plan(valid_root, "other", other)
    problems = _read_plans(valid_root)
    assert _codes(problems) == ["TRK213 plans/other.yaml:6"]
    assert problems[0].message.startswith(
        "region_code '999999' of plan 'other' (region '另一县') is also the code of plan 'demo'"
        " (plans/demo.yaml) for region '示例县'"
    )


def test_one_region_code_for_one_region_in_two_plans_is_fine(valid_root: Path) -> None:
    """Qiqihar has two plans, both 齐齐哈尔市 with 230200."""
    _write_plan(valid_root, "other", DEMO.replace("id: demo", "id: other"))
    assert _read_plans(valid_root) == []


def test_region_codes_of_malformed_plans_count_too(valid_root: Path) -> None:
    other = DEMO.replace("id: demo", "id: other").replace("region: 示例县", "region: 另一县")
    _write_plan(valid_root, "other", other.replace("baseline:", "baselin:", 1))
    assert "TRK213 plans/other.yaml:6" in _codes(_read_plans(valid_root))


def test_cross_plan_problems_take_plan_specs_too(valid_root: Path, indicators: IndicatorIndex) -> None:
    spec = read_plan(valid_root / "plans" / "demo.yaml", "plans/demo.yaml", indicators).spec
    assert spec is not None
    other = PlanIdentity("other", "plans/other.yaml", 2, "另一县", "999999", 6)
    assert _codes(cross_plan_problems([spec, other])) == ["TRK213 plans/other.yaml:6"]
    assert _codes(duplicate_plan_ids([spec, spec.identity])) == ["TRK201 plans/demo.yaml:2"]


# ------------------------------------------------------------------- messages


def _messages(tmp_path: Path, indicators: IndicatorIndex, old: str, new: str) -> list[str]:
    return [p.format() for p in _plan(tmp_path, DEMO.replace(old, new, 1), indicators)]


@pytest.mark.parametrize(("written", "shown"), [("1", "1"), ("95", "95"), ("95.0", "95.0"), ("10.80", "10.80")])
def test_a_milestone_target_is_quoted_as_written(
    tmp_path: Path, indicators: IndicatorIndex, written: str, shown: str
) -> None:
    messages = _messages(tmp_path, indicators, "    by: 2023\n", f"    by: 2023\n    target: {written}\n")
    assert messages == [f"plans/demo.yaml:27: TRK208 a milestone is done (1) or not (0); remove 'target: {shown}'"]


def test_a_bare_number_target_keeps_its_text(tmp_path: Path, indicators: IndicatorIndex) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(DEMO.replace('target: ">= 99"', "target: 99"), encoding="utf-8")
    read = read_plan(path, "plans/demo.yaml", indicators)
    spec, problems = read.spec, read.problems
    assert problems == [] and spec is not None
    retention = next(t for t in spec.targets if t.id == "retention")
    assert (retention.text, retention.op, retention.value) == ("99", ">=", 99.0)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title_en: Demo county plan", '"title\\nen": x', "plans/demo.yaml:4: TRK106 unknown key 'title en'"),
        (
            "title_en: Demo county plan",
            'note: x\n"note": y',
            "plans/demo.yaml:5:1: TRK103 key 'note' appears twice",
        ),
        (
            "title_en: Demo county plan",
            '"a\\nb": x\n"a\\nb": y',
            "plans/demo.yaml:5:1: TRK103 key 'a b' appears twice",
        ),
        (
            "indicator: complaint_rate",
            'indicator: "complaint\\nrate"',
            "plans/demo.yaml:28: TRK203 unknown indicator 'complaint rate'",
        ),
        ('target: "<= -15"', 'target: "<= -15\\n%%"', "plans/demo.yaml:30: TRK204 target '<= -15 %%' is not"),
    ],
)
def test_user_text_in_messages_is_one_line(
    tmp_path: Path, indicators: IndicatorIndex, old: str, new: str, expected: str
) -> None:
    messages = _messages(tmp_path, indicators, old, new)
    assert any(expected in message for message in messages), messages
    assert all("\n" not in message for message in messages)


def test_long_user_text_is_clipped(tmp_path: Path, indicators: IndicatorIndex) -> None:
    [message] = _messages(tmp_path, indicators, "indicator: complaint_rate", "indicator: " + "x" * 500)
    assert "TRK203 unknown indicator '" + "x" * 59 + "…'" in message


def test_an_empty_value_is_nothing_not_none(tmp_path: Path, indicators: IndicatorIndex) -> None:
    messages = _messages(tmp_path, indicators, 'title: 示例县"十四五"教育发展规划', "title:")
    assert messages == ["plans/demo.yaml:3: TRK105 'title' should be text, got nothing (the value is empty)"]


def test_ids_say_their_form_in_words(tmp_path: Path, indicators: IndicatorIndex) -> None:
    messages = _messages(tmp_path, indicators, "  - id: preschool", "  - id: Pre_School")
    assert messages == [
        "plans/demo.yaml:9: TRK111 'targets.0.id': 'Pre_School' should be lowercase letters, digits and single"
        " dashes, like jian-education-2021-2025"
    ]
    text = (VALID_ROOT / "indicators.yaml").read_text(encoding="utf-8").replace("dropout_rate:", "DropoutRate:")
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = read_catalog(path, "indicators.yaml")
    assert [p.message for p in problems] == [
        "'indicators.DropoutRate': the id 'DropoutRate' should be lower_snake_case like preschool_gross_enrolment_rate"
    ]
    assert "^[a-z" not in problems[0].message


def test_years_out_of_range_say_the_range(tmp_path: Path, indicators: IndicatorIndex) -> None:
    messages = _messages(tmp_path, indicators, "start: 2021", "start: 1021")
    assert messages == ["plans/demo.yaml:7: TRK111 'period.start': 1021 is not a year from 1900 to 2200"]
