"""Names are read by one rule everywhere (issue 18): NFKC, invisible characters removed, with a warning.

A zero-width space, a soft hyphen or a direction mark pasted into a plan's `region`, a CSV's
region or indicator cell, or a catalog alias made the name another text: every figure missed
the plan, without a word. Each test writes a data root as a stranger's pull request could,
and runs the real command line in a subprocess (`python -m tracker`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import plan_with, write_root

from tracker.identifiers import INVISIBLE, identifier

REPO = Path(__file__).resolve().parents[2]
ZWSP, SHY, LRM, RLM, BOM = "\u200b", "\u00ad", "\u200e", "\u200f", "\ufeff"
P = "preschool_gross_enrolment_rate"
TARGET = {"id": "t", "indicator": P, "target": ">= 95", "baseline": {"year": 2020, "value": 90}}


def tracker(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m tracker ARGS` in a fresh process, as CI runs it (UTF-8 out, no colour)."""
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, text=True, env=env, cwd=REPO, check=False
    )


def statuses(root: Path, as_of: int = 2026) -> dict[str, str]:
    done = tracker("status", "--data", str(root), "--as-of", str(as_of), "--json")
    assert done.returncode == 0, done.stderr
    return {f"{t['plan']}/{t['target']}": t["status"] for t in json.loads(done.stdout)["targets"]}


def test_an_invisible_character_in_a_plans_region_no_longer_hides_its_figures(tmp_path: Path) -> None:
    """region: 集安市 + U+200B: the CSV's 集安市 rows are its rows, and validate says what it read."""
    plan = plan_with(TARGET, region=f"集安市{ZWSP}", region_code="220582")
    root = write_root(tmp_path / "root", [plan], [("集安市", P, 2025, 96)])
    assert statuses(root) == {"demo/t": "achieved"}
    done = tracker("validate", "--data", str(root))
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "plans/demo.yaml:3: TRK116 region '集安市<U+200B>' is read as '集安市': invisible characters (zero-width,"
        " soft hyphen, direction marks) removed and full-width forms folded (names are compared after this;"
        " retype the name to be sure it is the one meant)",
        "1 plan, 1 target, 1 actual row: 0 errors, 1 warning",
    ]
    assert tracker("validate", "--data", str(root), "--strict").returncode == 1


@pytest.mark.parametrize(
    ("mark", "shown"), [(SHY, "<U+00AD>"), (LRM, "<U+200E>"), (RLM, "<U+200F>"), (BOM, "<U+FEFF>")]
)
def test_format_characters_in_csv_regions_are_read_away_and_counted(tmp_path: Path, mark: str, shown: str) -> None:
    """Two rows with the mark inside the region name: one warning at the first, with its column and count."""
    rows = [("示例县", P, 2023, 93), (f"示例{mark}县", P, 2024, 94), (f"示例{mark}县", P, 2025, 95.5)]
    root = write_root(tmp_path / "root", [plan_with(TARGET)], rows)
    assert statuses(root) == {"demo/t": "achieved"}  # 95.5 for 2025 reaches it
    done = tracker("validate", "--data", str(root))
    assert done.stdout.splitlines()[0] == (
        f"actuals/data.csv:3:1: TRK116 region '示例{shown}县' is read as '示例县' (2 rows): invisible characters"
        " (zero-width, soft hyphen, direction marks) removed and full-width forms folded (names are compared"
        " after this; retype the name to be sure it is the one meant)"
    )
    assert mark not in done.stdout  # the message shows the character, it does not print it


def test_full_width_region_codes_and_names_are_folded(tmp_path: Path) -> None:
    """A CSV region code typed in full-width digits (２２０５８２) is the plan's code 220582."""
    plan = plan_with(TARGET, region="集安市", region_code="220582")
    root = write_root(tmp_path / "root", [plan], [("２２０５８２", P, 2025, 95)])
    assert statuses(root) == {"demo/t": "achieved"}
    assert "TRK116 region '２２０５８２' is read as '220582'" in tracker("validate", "--data", str(root)).stdout


def test_indicator_names_and_aliases_follow_the_same_rule(tmp_path: Path) -> None:
    """A catalog alias with a soft hyphen, a plan naming the indicator with a word joiner, a CSV naming
    it with a zero-width joiner: one indicator throughout, and a warning at each place."""
    catalog = {
        P: {
            "name": "学前教育毛入园率",
            "name_en": "Preschool gross enrolment rate",
            "unit": "percent",
            "better": "higher",
            "aliases": [f"学前三年{SHY}毛入园率"],
        }
    }
    target = {**TARGET, "indicator": "学前教育\u2060毛入园率"}
    rows = [("示例县", "学前三年毛入园率\u200d", 2025, 96)]
    root = write_root(tmp_path / "root", [plan_with(target)], rows, indicators=catalog)
    assert statuses(root) == {"demo/t": "achieved"}
    lines = tracker("validate", "--data", str(root)).stdout.splitlines()
    assert [line.split(" is read as ")[0] for line in lines[:-1]] == [
        "actuals/data.csv:2:2: TRK116 indicator '学前三年毛入园率<U+200D>'",
        "indicators.yaml:4: TRK116 aliases.0 '学前三年<U+00AD>毛入园率'",
        "plans/demo.yaml:10: TRK116 targets.0.indicator '学前教育<U+2060>毛入园率'",
    ]


def test_two_regions_that_differ_only_by_invisible_characters_are_one(tmp_path: Path) -> None:
    """集安市 with and without a zero-width space in two plans is one region: the figure counts for both."""
    first = plan_with(TARGET, region="集安市", region_code="220582")
    second = plan_with(TARGET, id="other", region=f"{ZWSP}集安市", region_code="220582")
    root = write_root(tmp_path / "root", [first, second], [("集安市", P, 2025, 96)])
    assert statuses(root) == {"demo/t": "achieved", "other/t": "achieved"}
    # One region code for one region: no TRK213 (the two regions are the same name as read).
    assert "TRK213" not in tracker("validate", "--data", str(root)).stdout


def test_every_format_character_is_invisible_to_the_rule() -> None:
    """The rule's list holds every code point of Unicode category Cf that this Python knows."""
    missing = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) == "Cf" and not INVISIBLE.match(chr(code))
    ]
    assert missing == []
    assert identifier(f" {ZWSP}集安\u00a0市{BOM} ") == "集安 市"  # NBSP is a space; spaces collapse
    assert identifier("\uf900") == "\u8c48"  # a CJK compatibility ideograph is its unified one
