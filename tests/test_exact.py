"""Numbers are judged exactly as written: float noise never flips a status or the R shown.

The engine judges in floats and judges again, in exact fractions, every target whose figure
lies within float noise of its goal or whose R lies within its float error of a band's
edge. The cases of issue 12 (float noise with large numbers), and a property test against
an independent implementation of the level rules in exact fractions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import plan_with, write_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker.cli import app
from tracker.core import evaluate_root
from tracker.models import Status

P = "preschool_gross_enrolment_rate"
C = "complaint_rate"
runner = CliRunner()


def statuses(root: Path, as_of: int) -> dict[str, dict[str, Any]]:
    """`tracker status --json`, by plan id."""
    result = runner.invoke(app, ["status", "--data", str(root), "--as-of", str(as_of), "--json"])
    assert result.exit_code == 0, result.output
    return {entry["plan"]: entry for entry in json.loads(result.stdout)["targets"]}


def one(make_root: Callable[..., Path], target: dict[str, Any], rows: list[tuple[Any, ...]], as_of: int) -> Any:
    root = make_root([plan_with({"id": "t", **target})], [("示例县", *row) for row in rows])
    _, evaluation = evaluate_root(root, as_of)
    return root, evaluation.targets[0]


def test_r_exactly_on_the_behind_edge(make_root: Callable[..., Path]) -> None:
    """From 1000000.9 toward 1000001.1 by 2022, 1000000.95 in 2021: R = (0.05/0.2)/(1/2) = 0.5, behind.
    In floats it is 0.4999..., which would be off track."""
    target = {"indicator": P, "target": ">= 1000001.1", "by": 2022, "baseline": {"year": 2020, "value": 1000000.9}}
    root, result = one(make_root, target, [(P, 2021, 1000000.95)], 2021)
    assert (result.status, result.ratio) == (Status.BEHIND, 0.5)
    assert (statuses(root, 2021)["demo"]["status"], statuses(root, 2021)["demo"]["ratio"]) == ("behind", 0.5)


def test_r_exactly_on_the_off_track_edge_of_a_change(make_root: Callable[..., Path]) -> None:
    """Change <= -1.5 from 12345678.5, 12345678.56 in 2022: (0.06/-1.5)/(2/5) = -0.1 exactly, off track
    (in floats -0.1001, regressing)."""
    target = {"indicator": C, "kind": "change", "target": "<= -1.5", "baseline": {"year": 2020, "value": 12345678.5}}
    root, result = one(make_root, target, [(C, 2022, 12345678.56)], 2022)
    assert (result.status, result.ratio) == (Status.OFF_TRACK, -0.1)
    assert statuses(root, 2022)["demo"]["ratio"] == -0.1


def test_the_r_shown_of_a_target_far_from_its_baseline_is_exact(make_root: Callable[..., Path]) -> None:
    """From 12345678.5 toward >= 12345678.6, 2 in 2024 (4 of 5 years): R = ((2 - 12345678.5)/0.1)/(4/5)
    = -154320956.25 exactly; in floats the 0.1 is 0.0999999996 and R would be -154320956.8249."""
    target = {"indicator": P, "target": ">= 12345678.6", "baseline": {"year": 2020, "value": 12345678.5}}
    root, result = one(make_root, target, [(P, 2024, 2)], 2025)
    assert result.ratio == -154320956.25 and result.status is Status.REGRESSING
    assert statuses(root, 2025)["demo"]["ratio"] == -154320956.25
    explain = runner.invoke(app, ["explain", "demo/t", "--data", str(root), "--as-of", "2025", "--lang", "en"])
    assert "R: -154320956.2500 = " in explain.stdout


def test_a_figure_within_noise_of_its_goal_is_judged_as_written(make_root: Callable[..., Path]) -> None:
    """92.0000000004 is not >= 92.0000000005 (they differ by 1e-10, inside the float tolerance): missed;
    92.0000000005 itself meets it."""
    target = {"indicator": P, "target": ">= 92.0000000005", "baseline": {"year": 2020, "value": 85}}
    assert one(make_root, target, [(P, 2025, "92.0000000004")], 2025)[1].status is Status.MISSED
    assert one(make_root, target, [(P, 2025, "92.0000000005")], 2025)[1].status is Status.ACHIEVED


def test_a_sum_of_large_figures_on_a_band_edge(make_root: Callable[..., Path]) -> None:
    """Teachers >= 10000000.5 in total: 2,000,000.1 a year for 2021-2022 is 4000000.2 at 2 of 5 years:
    R = (4000000.2/10000000.5)/(2/5) = 0.9999999750..., on track; and 3800000.19 is exactly 0.95 * 0.4
    of the goal, so R = 0.95 exactly: on track, where floats would land on either side."""
    target = {"indicator": "teachers_recruited", "kind": "cumulative", "target": ">= 10000000.5"}
    rows = [("teachers_recruited", 2021, "1900000.095"), ("teachers_recruited", 2022, "1900000.095")]
    _, result = one(make_root, target, rows, 2023)
    assert Fraction(Decimal("3800000.19")) / Fraction(Decimal("10000000.5")) / Fraction(2, 5) == Fraction(19, 20)
    assert (result.status, result.ratio) == (Status.ON_TRACK, 0.95)


# -- an independent implementation of the level rules, in exact fractions ---------------------------

EDGES = (Fraction(19, 20), Fraction(1, 2), Fraction(-1, 10))


def exact_level(op: str, goal: Fraction, y0: Fraction, t: int, y: Fraction, by: int, as_of: int) -> tuple[str, Any]:
    """(status, R) of a level target with baseline (2020, y0) and one exact figure y for year t."""
    if (y >= goal) if op == ">=" else (y <= goal):
        status = "achieved"
    elif t == by or as_of > by:
        status = "missed"
    elif goal == y0:
        return "off_track", None
    else:
        status = ""
    if goal == y0:
        return status, None
    r = (y - y0) / (goal - y0) / Fraction(t - 2020, by - 2020)
    return status or ["on_track", "behind", "off_track", "regressing"][exact_band(r)], r


@st.composite
def level_cases(draw: st.DrawFn) -> tuple[str, Fraction, Fraction, int, Fraction, int, int]:
    """A level target whose figure often lands exactly on a band's edge or the goal, at large magnitudes."""
    op = draw(st.sampled_from([">=", "<="]))
    scale = draw(st.sampled_from([1, 1000, 10**6, 10**8]))
    y0 = Fraction(draw(st.integers(0, 10**6)), 100) + scale
    task = Fraction(draw(st.integers(1, 5000)), 10) * (1 if op == ">=" else -1)
    by = 2020 + draw(st.sampled_from([2, 4, 5]))
    t = draw(st.integers(2021, by))
    as_of = draw(st.sampled_from([t, by, by + 1]))
    r = draw(st.sampled_from([*EDGES, Fraction(1), Fraction(0), Fraction(draw(st.integers(-300, 300)), 200)]))
    y = y0 + r * task * Fraction(t - 2020, by - 2020)
    return op, y0 + task, y0, t, y, by, max(as_of, t)


def _decimal(value: Fraction) -> str | None:
    """The value as a decimal of at most 15 significant digits, or None when it has none."""
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):.20f}".rstrip("0").rstrip(".")
    written = Fraction(Decimal(text))
    if written != value or len(text.replace("-", "").replace(".", "").lstrip("0")) > 15:
        return None
    return text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases=st.lists(level_cases(), min_size=10, max_size=30))
def test_level_statuses_and_r_agree_with_exact_fractions(
    tmp_path_factory: pytest.TempPathFactory, cases: list[tuple[str, Fraction, Fraction, int, Fraction, int, int]]
) -> None:
    """Every status is the exact one, and every JSON ratio is the exact R rounded to 4 decimals toward its band."""
    usable = []
    for case in cases:
        op, goal, y0, t, y, by, as_of = case
        texts = [_decimal(goal), _decimal(y0), _decimal(y)]
        if None not in texts:
            usable.append((case, texts))
    if not usable:
        return
    plans, rows = [], []
    for k, ((op, _, _, t, _, by, _), (goal_text, y0_text, y_text)) in enumerate(usable):
        target = {"id": "t", "indicator": P, "target": f"{op} {goal_text}", "by": by}
        target["baseline"] = {"year": 2020, "value": float(y0_text)}  # written exactly as the float's repr
        plans.append(plan_with(target, id=f"case-{k}", region=f"县{k}", region_code=f"{900000 + k}"))
        rows.append((f"县{k}", P, t, y_text))
    root = write_root(tmp_path_factory.mktemp("exact"), plans, rows)
    by_as_of: dict[int, dict[str, dict[str, Any]]] = {}
    for k, ((op, goal, y0, t, y, by, as_of), _) in enumerate(usable):
        if as_of not in by_as_of:
            by_as_of[as_of] = statuses(root, as_of)
        entry = by_as_of[as_of][f"case-{k}"]
        status, r = exact_level(op, goal, y0, t, y, by, as_of)
        assert entry["status"] == status, (op, goal, y0, t, y, by, as_of)
        if r is None:
            assert entry["ratio"] is None
            continue
        shown = Fraction(Decimal(repr(entry["ratio"])))
        assert abs(shown - r) <= Fraction(1, 10**4)
        assert exact_band(shown) == exact_band(r)  # rounded toward its band, never into another


def exact_band(r: Fraction) -> int:
    """The band of R: 0 on track, 1 behind, 2 off track, 3 regressing."""
    return next((i for i, edge in enumerate(EDGES) if r >= edge), 3)
