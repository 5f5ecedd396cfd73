"""The JSON document of `status --json` and `report --format json`: a public contract (schema_version 1).

What the document holds, key by key, is defined here once: the JSON renderer writes it
(`tracker.render.json`), `report --since` reads an earlier one back (`tracker.changes`).
Keys may be added; none is ever renamed or dropped without a new schema_version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tracker.bands import shown_ratio
from tracker.results import Evaluation, Figure, TargetResult

if TYPE_CHECKING:
    from tracker.above import Above

SCHEMA_VERSION = 1
RATIO_DECIMALS = 4  # rounded toward the band (`bands.shown_ratio`): 0.94996 is 0.9499, not 0.95


def figure_document(figure: Figure | None) -> dict[str, Any] | None:
    """A figure as every document gives it (`latest`): its years, value and qualifier."""
    if figure is None:
        return None
    return {"year": figure.year, "year_start": figure.year_start, "value": figure.value, "qualifier": figure.qualifier}


def ratio_document(ratio: float | None) -> float | None:
    """R as every document gives it: RATIO_DECIMALS decimals, rounded toward its band."""
    return None if ratio is None else float(shown_ratio(ratio, RATIO_DECIMALS))


def target_document(result: TargetResult) -> dict[str, Any]:
    """One target's entry of the document."""
    return {
        "plan": result.plan_id,
        "target": result.target_id,
        "indicator": result.indicator,
        "region": result.region,
        "kind": str(result.kind),
        "status": result.status.value,
        "ratio": ratio_document(result.ratio),
        "final": result.final,
        "latest": figure_document(result.latest),
        "op": result.op,
        "target_value": result.target_value,
        "by": result.by,
        "binding": result.binding,
        "sources": list(result.sources),
    }


def above_document(above: Above) -> dict[str, Any]:
    """The `above` key of a target with a goal above it (docs/hierarchy.md): that goal's plan,
    target, goal and status at the same year. An optional key, added in schema_version 1:
    targets without a goal above have none."""
    goal = above.result
    return {
        "plan": goal.plan_id,
        "target": goal.target_id,
        "op": goal.op,
        "target_value": goal.target_value,
        "by": goal.by,
        "status": goal.status.value,
    }


def document(evaluation: Evaluation, above: Mapping[str, Above] | None = None) -> dict[str, Any]:
    """The whole document for an evaluation (with `above`, the goal above each target that has one)."""
    targets = [target_document(t) for t in evaluation.targets]
    if above:
        for entry, result in zip(targets, evaluation.targets, strict=True):
            if result.key in above:
                entry["above"] = above_document(above[result.key])
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": evaluation.as_of,
        "targets": targets,
    }
