"""The bad-input corpus (tests/bad/cases.yaml): every case gives exactly its problems.

A case writes one bad file into a copy of the valid fixture root; the loader every
command uses must report exactly the listed codes at the listed places - no traceback,
no missing problem, no extra one.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tracker.dataroot import read_data_root
from tracker.errors import CATALOG, Problem

BAD = Path(__file__).parent / "bad"
CASES: list[dict[str, Any]] = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))


def _place(found: Problem) -> str:
    return f"{found.code} {found.place}"  # file:line[:col], or file:Sheet!C7 in a workbook


def test_corpus_is_large_and_well_formed() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) >= 60
    assert len(set(names)) == len(names)
    codes = {expected.split()[0] for case in CASES for expected in case["expect"]}
    assert codes <= set(CATALOG)
    files = {case["file"] for case in CASES if "file" in case}
    assert files == {path.name for path in (BAD / "files").iterdir()}, "cases.yaml and files/ disagree"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_input_gives_its_problems(case: dict[str, Any], valid_root: Path) -> None:
    target = valid_root / case["into"]
    if case.get("directory"):
        target.mkdir()
    else:
        shutil.copyfile(BAD / "files" / case["file"], target)
    _, problems = read_data_root(valid_root)
    assert sorted(_place(p) for p in problems) == sorted(case["expect"]), "\n".join(p.format() for p in problems)
    if "says" in case:
        first = next(p for p in problems if _place(p) == case["expect"][0])
        assert case["says"] in first.message
