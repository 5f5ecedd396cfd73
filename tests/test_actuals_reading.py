"""The two ways a CSV is read - plain files in one pandas stream, any other record by record -
give the same table and the same problems; and a messy file gives every problem it holds."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import TESTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import csvfiles
from tracker.dataroot import read_data_root

sys.path.insert(0, str(TESTS.parent / "benchmarks"))

import generate  # noqa: E402

MESSY = """region,indicator,year,value,qualifier,source,quote,note
{name},enrolment_rate_01,2019,超92%,,a,,
{code},enrolment_rate_01,2019,92.5,>=,b,,
{name},enrolment_rate_01,2018,not a number,,c,,
{name},unknown_indicator,2018,5,,c,,
{name},teachers_recruited_01,2016,1.5万余,,d,,
{name},teachers_recruited_01,2016,9000,,e,,
{name},teachers_recruited_01
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small generated root (plain files) plus a CSV with errors, codes, repeats and a conflict."""
    generate.generate(tmp_path, regions=4, targets=40)
    plan = next((tmp_path / "plans").glob("*.yaml")).read_text(encoding="utf-8")
    name = next(line.split(": ", 1)[1] for line in plan.splitlines() if line.startswith("region: "))
    code = next(line.split('"')[1] for line in plan.splitlines() if line.startswith("region_code: "))
    (tmp_path / "actuals" / "messy.csv").write_text(MESSY.format(name=name, code=code), encoding="utf-8")
    return tmp_path


def read(root: Path) -> tuple[pd.DataFrame, list[str]]:
    dataset, problems = read_data_root(root)
    assert dataset is not None
    return dataset.actuals.frame, [p.format() for p in problems]


def read_exactly(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[pd.DataFrame, list[str]]:
    """The same root with every file read record by record (no file is taken as plain)."""
    with monkeypatch.context() as patch:
        patch.setattr(csvfiles, "_plain", lambda data, label: None)
        return read(root)


def test_plain_and_exact_reading_agree(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, fast_problems = read(root)
    exact, exact_problems = read_exactly(root, monkeypatch)
    pd.testing.assert_frame_equal(fast, exact, check_categorical=False)
    assert fast_problems == exact_problems
    codes = {p.split(": ")[1].split()[0] for p in fast_problems}
    assert {"TRK302", "TRK304", "TRK306", "TRK308"} <= codes  # the messy file's problems
    # the code row was mapped to the region's name before rows of one key were merged
    assert not fast["region"].astype(str).str.fullmatch(r"\d{6}").any()


def test_the_generated_files_are_read_as_plain(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above compares two paths: the generated files do take the plain one."""
    taken = []
    plain = csvfiles._plain
    monkeypatch.setattr(csvfiles, "_plain", lambda data, label: taken.append(label) or plain(data, label))
    read(root)
    assert any(label.endswith("2024.csv") for label in taken)
    assert plain((root / "actuals" / "2024.csv").read_bytes(), "2024.csv") is not None
    assert plain((root / "actuals" / "messy.csv").read_bytes(), "messy.csv") is None  # a short last line


_LINE = st.sampled_from(
    [
        "示例县,preschool_gross_enrolment_rate,2022,87.6,,demo report 2022,,",
        "999999,teachers_recruited,2021,200,,r,,",
        "示例县,teachers_recruited,2022,近200,,r,,",
        "示例县,compulsory_retention_rate,2023,99%以上,,r,,",
        "示例县,compulsory_retention_rate,2023,99.1,>=,r2,,",
        "示例县,complaint_rate,2022,34,~,r,,",
        "示例县,complaint_rate,2022,35,,r,,",
        "示例县,dropout_rate,2021,1.50,plus,r,,",
        "示例县,dropout_rate,2021,x,,r,,",
        "示例县,dropout_rate,2021-2019,1,,r,,",
        "示例縣,dropout_rate,2020,1,,r,,",
        ",,,,,,,",
        "示例县,dropout_rate,2020,1,,r,,,",
        "示例县,dropout_rate,2020",
        "",
        "示例县,unknown,2020,1,,r,,",
        "示例县,quality_balance_passed,2022,1,,r,,",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, max_size=8), crlf=st.booleans(), bom=st.booleans())
def test_any_mix_of_lines_reads_the_same_both_ways(
    lines: list[str], crlf: bool, bom: bool, valid_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    end = "\r\n" if crlf else "\n"
    text = end.join(["region,indicator,year,value,qualifier,source,quote,note", *lines]) + end
    (valid_root / "actuals" / "demo.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    fast, fast_problems = read(valid_root)
    exact, exact_problems = read_exactly(valid_root, monkeypatch)
    pd.testing.assert_frame_equal(fast, exact, check_categorical=False)
    assert fast_problems == exact_problems


def test_large_groups_read_in_two_halves_give_the_same_table(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group of plain files over PARALLEL_BYTES is read as two halves in two threads."""
    whole, whole_problems = read(root)
    halves: list[int] = []
    split = csvfiles._halves
    monkeypatch.setattr(csvfiles, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(csvfiles, "_THREADS", 2)
    monkeypatch.setattr(csvfiles, "_halves", lambda group: halves.append(len(split(group))) or split(group))
    halved, halved_problems = read(root)
    assert 2 in halves  # the generated years were read as two halves
    pd.testing.assert_frame_equal(halved, whole, check_categorical=False)
    assert halved_problems == whole_problems


def test_halves_are_runs_of_whole_files_of_about_the_same_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvfiles, "PARALLEL_BYTES", 10)
    monkeypatch.setattr(csvfiles, "_THREADS", 2)

    def plain(label: str, size: int) -> csvfiles._Plain:
        return csvfiles._Plain(label, b"", [], [], memoryview(b"x" * size), b"", 1, False)

    group = [plain("a", 10), plain("b", 10), plain("c", 30), plain("d", 5)]
    first, second = csvfiles._halves(group)
    # 55 bytes: the cut is before the file that reaches half of them (20 | 35, not 50 | 5)
    assert [p.label for p in first] == ["a", "b"] and [p.label for p in second] == ["c", "d"]
    assert csvfiles._halves(group[:1]) == [group[:1]]  # one file is never split
    monkeypatch.setattr(csvfiles, "_THREADS", 1)
    assert csvfiles._halves(group) == [group]  # one core: one stream


def test_the_table_is_sorted_by_region_indicator_and_years(root: Path) -> None:
    """The engine reads the columns as they are, in this order (one row per key after merging)."""
    dataset, _ = read_data_root(root)
    assert dataset is not None
    columns = dataset.actuals.columns
    key = list(zip(dataset.actuals.key.tolist(), columns["y_end"].tolist(), columns["y_start"].tolist(), strict=True))
    assert key == sorted(key) and len(set(key)) == len(key) > 100
