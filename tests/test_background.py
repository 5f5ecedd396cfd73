"""Reading the actuals in a worker process gives exactly what reading them here gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import TESTS

from tracker import background
from tracker.background import PendingActuals
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
    """A small generated root plus a CSV with errors, codes, repeats and a conflict."""
    generate.generate(tmp_path, regions=4, targets=40)
    plan = next((tmp_path / "plans").glob("*.yaml")).read_text(encoding="utf-8")
    name = next(line.split(": ", 1)[1] for line in plan.splitlines() if line.startswith("region: "))
    code = next(line.split('"')[1] for line in plan.splitlines() if line.startswith("region_code: "))
    (tmp_path / "actuals" / "messy.csv").write_text(MESSY.format(name=name, code=code), encoding="utf-8")
    return tmp_path


def read(root: Path, monkeypatch: pytest.MonkeyPatch, parallel: str) -> tuple[pd.DataFrame, list[str]]:
    monkeypatch.setenv(background.ENV, parallel)
    dataset, problems = read_data_root(root)
    assert dataset is not None
    return dataset.actuals.frame, [p.format() for p in problems]


def test_worker_and_in_process_reading_agree(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here, here_problems = read(root, monkeypatch, "0")
    there, there_problems = read(root, monkeypatch, "1")
    pd.testing.assert_frame_equal(here, there)
    assert here_problems == there_problems
    codes = {p.split(": ")[1].split()[0] for p in here_problems}
    assert {"TRK302", "TRK304", "TRK306", "TRK308"} <= codes  # the messy file's problems came back
    # the code row was mapped to the region's name before rows of one key were merged
    assert not here["region"].str.fullmatch(r"\d{6}").any()


def test_the_setting_chooses_where_to_read(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [(p, p.name) for p in sorted((root / "actuals").glob("*.csv"))]
    monkeypatch.setenv(background.ENV, "1")
    assert background.worth_a_process(paths)
    monkeypatch.setenv(background.ENV, "0")
    assert not background.worth_a_process(paths)
    monkeypatch.delenv(background.ENV)
    assert not background.worth_a_process(paths)  # a few kilobytes: not worth a process
    monkeypatch.setattr(background, "MIN_BYTES", 1)
    monkeypatch.setattr(background, "_cores", lambda: 2)
    assert background.worth_a_process(paths)
    monkeypatch.setattr(background, "_cores", lambda: 1)
    assert not background.worth_a_process(paths)


def test_a_failing_worker_falls_back_to_reading_here(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected, expected_problems = read(root, monkeypatch, "0")
    monkeypatch.setattr(sys, "executable", "/bin/false")  # exits at once, reads nothing
    actuals, problems = read(root, monkeypatch, "1")
    pd.testing.assert_frame_equal(expected, actuals)
    assert problems == expected_problems


def test_a_worker_that_answers_garbage_is_not_believed(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, expected_problems = read(root, monkeypatch, "0")
    impostor = tmp_path / "impostor"
    impostor.write_text("#!/bin/sh\ncat > /dev/null\necho not a pickle\n", encoding="utf-8")
    impostor.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(impostor))
    actuals, problems = read(root, monkeypatch, "1")
    pd.testing.assert_frame_equal(expected, actuals)
    assert problems == expected_problems


def test_pending_actuals_reports_where_it_reads(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.actuals import IndicatorLookup

    dataset, _ = read_data_root(root)
    assert dataset is not None
    indicators = dataset.indicators
    lookup = IndicatorLookup(indicators.resolve, indicators.suggest, frozenset())
    paths = [(p, p.name) for p in sorted((root / "actuals").glob("*.csv"))]
    monkeypatch.setenv(background.ENV, "1")
    pending = PendingActuals(paths, lookup)
    assert pending.in_worker
    table, _ = pending.result()
    assert not pending.in_worker and len(table) > 0
    monkeypatch.setenv(background.ENV, "0")
    assert not PendingActuals(paths, lookup).in_worker
