"""Plans and the catalog as YAML: what only YAML 1.1 reads, periods, cross-plan rules, messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import Problem
from tracker.plans import IndicatorIndex, load_catalog, load_plan

VALID_ROOT = Path(__file__).parent / "fixtures" / "valid"
DEMO = (VALID_ROOT / "plans" / "demo.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def indicators() -> IndicatorIndex:
    index, problems = load_catalog(VALID_ROOT / "indicators.yaml", "indicators.yaml")
    assert problems == []
    return index


def _plan(tmp_path: Path, text: str, indicators: IndicatorIndex, name: str = "demo") -> list[Problem]:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_plan(path, f"plans/{name}.yaml", indicators)
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
