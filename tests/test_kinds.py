"""Target kinds are rules of their own (tracker/kinds/): a new kind is one module and a registration.

`Once` below is such a module, written here: a kind that tracker does not have ("reach the
goal in at least one year of the period"). Registered (`kinds.register`), its targets are
judged, explained, reported and checked by the same engine, results and formats as the
bundled kinds, none of which was changed for it. docs/architecture.md ("Adding a kind")
names the lines a kind of tracker's own takes.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from builder import Data

from tracker import kinds
from tracker.checking import check
from tracker.explain import explain
from tracker.judging import STATUS, S, meets, per_target, select_status
from tracker.kinds.base import KindRule
from tracker.models import Status
from tracker.render import Options, renderer
from tracker.results import Evaluation, Report

if TYPE_CHECKING:
    from tracker.judging import Pairs, TargetArrays, Verdicts

TRACKER = Path(kinds.__file__).parent.parent
P = "preschool_gross_enrolment_rate"


# ------------------------------------------------------------------ the new kind: one module's worth


class Once(KindRule):
    """once: the goal met by a single-year figure of any year of the period, up to the deadline."""

    name = "once"
    has_trend = True
    WORDS = {"goal_prefix": {"zh": "任一年", "en": "in any year "}}

    def judge(self, targets: TargetArrays, pairs: Pairs, verdicts: Verdicts, mine: np.ndarray, as_of: int) -> None:
        """Achieved, for good, once a year meets the goal; missed once the deadline has passed
        without one; pending (with figures) or no data before."""
        verdicts.status[mine] = STATUS[S.NO_DATA]
        t = pairs.target
        y_end = pairs.column("y_end")
        rows = pairs.where((pairs.column("y_start") == y_end) & (y_end >= targets.start[t]) & (y_end <= targets.end[t]))
        if not len(rows.target):
            return
        t, size = rows.target, len(targets.kind)
        met, _ = meets(
            targets.op[t],
            targets.tv[t],
            targets.half[t],
            targets.direction[t],
            rows.column("lo"),
            rows.column("hi"),
            rows.column("lo_open"),
            rows.column("hi_open"),
        )
        done = np.bincount(t[met], minlength=size) > 0
        reported = per_target(rows, None, size) > 0
        over = as_of >= targets.by
        status = select_status([done, over & reported, reported], [S.ACHIEVED, S.MISSED, S.PENDING], S.NO_DATA)
        verdicts.status[mine] = status[mine]
        verdicts.final[mine] = (done | over)[mine]
        last = rows.last_of_each_target()
        verdicts.row[t[last]] = rows.column("row")[last]
        verdicts.points[t[last]] = per_target(rows, None, size)[t[last]]


# ------------------------------------------------------------------ its registration


@pytest.fixture
def once() -> Iterator[Once]:
    rule = Once()
    kinds.register(rule)
    yield rule
    kinds.unregister(rule.name)


def evaluated(as_of: int, *rows: tuple[Any, ...]) -> Evaluation:
    target = {"id": "peak", "indicator": P, "kind": "once", "target": ">= 95", "binding": True}
    data = Data().plan(
        target, {"id": "level", "indicator": P, "target": ">= 95", "baseline": {"year": 2020, "value": 90}}
    )
    return data.rows(*(("示例县", P, *row) for row in rows)).evaluate(as_of)


@pytest.mark.usefixtures("once")
@pytest.mark.parametrize(
    ("rows", "as_of", "status", "final"),
    [
        ([], 2023, Status.NO_DATA, False),
        ([(2021, 93), (2022, 94)], 2023, Status.PENDING, False),
        ([(2021, 93), (2022, 95.5), (2023, 94)], 2023, Status.ACHIEVED, True),  # 2022 met it: done is done
        ([(2021, 93), (2025, 94)], 2025, Status.MISSED, True),
        ([(2021, "约95")], 2022, Status.PENDING, False),  # [94.5, 95.5] may fall short
        ([(2020, 96)], 2023, Status.NO_DATA, False),  # before the period: not a year of it
    ],
)
def test_the_new_kind_is_judged_by_the_engine(
    rows: list[tuple[Any, ...]], as_of: int, status: Status, final: bool
) -> None:
    peak, level = evaluated(as_of, *rows).targets
    assert (peak.kind, peak.status, peak.final) == ("once", status, final)
    assert level.kind == "level"  # the bundled kinds beside it are judged as before


@pytest.mark.usefixtures("once")
def test_every_format_words_the_new_kind_through_its_rule() -> None:
    evaluation = evaluated(2023, (2021, 93), (2022, 95.5))
    peak = evaluation.targets[0]
    table = renderer("status", "terminal").render(Report(evaluation), Options("en"))
    assert "in any year" in str(table) and "achieved" in str(table)
    document = json.loads(renderer("status", "json").render(Report(evaluation), Options("en")))
    assert document["targets"][0]["kind"] == "once" and document["targets"][0]["status"] == "achieved"
    report = renderer("report", "markdown").render(Report(evaluation), Options("zh"))
    assert "2025年任一年≥95%" in str(report)
    missed = evaluated(2025, (2021, 93), (2025, 94))
    lines = renderer("check", "text").render(check(missed), Options("en"))
    assert "demo/peak: missed - 94% (2025), 1 pp short of the goal (in any year ≥95% by 2025)" in str(lines)
    outcome = check(evaluated(2023, (2021, 93)), (Status.PENDING,))
    assert "demo/peak: pending - not done yet, due 2025" in str(
        renderer("check", "text").render(outcome, Options("en"))
    )
    assert peak.ratio is None and peak.pace_needed is None  # what the rule leaves at its defaults


@pytest.mark.usefixtures("once")
def test_explain_asks_the_new_kind_for_its_points_and_trend() -> None:
    data = Data().plan({"id": "peak", "indicator": P, "kind": "once", "target": ">= 95", "baseline": {"year": 2020}})
    dataset = data.rows(*(("示例县", P, year, value) for year, value in ((2020, 90), (2021, 91), (2022, 93)))).dataset()
    from tracker.engine import evaluate

    evaluation = evaluate(dataset, 2023)
    explanation = explain(dataset, evaluation, "demo/peak")
    assert explanation.points == ((2020, 90.0), (2021, 91.0), (2022, 93.0))  # the default: the figures that count
    assert explanation.trend_slope == pytest.approx(1.5)  # least squares through the three points
    text = renderer("explain", "terminal").render(explanation, Options("en"))
    assert "Status: pending [pending]" in str(text)


def test_a_kind_is_registered_once() -> None:
    with pytest.raises(ValueError, match="registered already"):
        kinds.register(kinds.rule("level"))


def test_the_registration_is_the_plan_schemas_list_of_kinds() -> None:
    from tracker.models import Kind

    assert [kind.value for kind in Kind] == list(kinds.KIND_MODULES)
    assert all(kinds.rule(kind).name == kind for kind in kinds.KIND_MODULES)


# ------------------------------------------------------------------ no module branches on a kind


def _branches(tree: ast.AST) -> list[int]:
    """Lines that name a kind to decide something: `Kind.MILESTONE`, or a comparison with a kind's id."""
    ids = set(kinds.KIND_MODULES)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Kind"
            and node.attr.isupper()
        ):
            found.append(node.lineno)
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Constant) and o.value in ids for o in operands):
                found.append(node.lineno)
    return found


def test_no_module_but_the_kinds_branches_on_a_kind() -> None:
    """The engine, results, series, explain, the formats, charts and forms ask a kind's rule.

    tracker/extract/ is left out: it reads prose and names the kind of what it drafts
    (a sentence of results that says something was done is a milestone's figure).
    """
    found = []
    for path in sorted(TRACKER.rglob("*.py")):
        parts = path.relative_to(TRACKER).parts
        if parts[0] in ("kinds", "extract"):
            continue
        found += [f"{'/'.join(parts)}:{line}" for line in _branches(ast.parse(path.read_text("utf-8")))]
    assert not found, "ask the kind's rule (tracker.kinds.rule) instead: " + ", ".join(found)


@pytest.mark.parametrize(
    "code", ["if result.kind is Kind.MILESTONE:\n    pass", 'x = 1 if spec.kind == "cumulative" else 2']
)
def test_the_scan_finds_a_branch_on_a_kind(code: str) -> None:
    assert _branches(ast.parse(code))
