"""`tracker compare --json`: the comparison as a JSON document (schema_version 1, docs/compare.md).

The keys are a public contract, as the status document's (`tracker.jsondoc`): keys may be
added; none is renamed or dropped without a new schema_version. A row per line, as there.
"""

from __future__ import annotations

from typing import Any

from tracker.compare import Comparison, Unplanned
from tracker.escaping import json_text
from tracker.jsondoc import figure_document, ratio_document
from tracker.render import Options, Renderer, Stream
from tracker.render.json import layout
from tracker.results import TargetResult

SCHEMA_VERSION = 1


class CompareJson(Renderer[Comparison]):
    """The comparison as JSON text (see the module)."""

    suffix = "json"
    stream = Stream.CLEAN  # json_text writes every control character as an escape

    def render(self, view: Comparison, options: Options) -> str:
        return json_text(layout(document(view)))


def _target_row(result: TargetResult) -> dict[str, Any]:
    return {
        "region": result.region,
        "plan": result.plan_id,
        "target": result.target_id,
        "status": result.status.value,
        "ratio": ratio_document(result.ratio),
        "latest": figure_document(result.latest),
        "op": result.op,
        "target_value": result.target_value,
        "by": result.by,
    }


def _unplanned_row(row: Unplanned) -> dict[str, Any]:
    return {
        "region": row.region,
        "plan": None,
        "target": None,
        "status": None,
        "ratio": None,
        "latest": figure_document(row.latest),
        "op": None,
        "target_value": None,
        "by": None,
    }


def document(view: Comparison) -> dict[str, Any]:
    """The document: as_of, the indicator's id, the rows (plan targets, then regions without
    one), the targets per status and the spread of the latest figures (null for none)."""
    spread = view.spread
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": view.as_of,
        "indicator": view.indicator,
        "rows": [*map(_target_row, view.rows), *map(_unplanned_row, view.unplanned)],
        "counts": {status.value: count for status, count in view.counts.items()},
        "spread": None
        if spread is None
        else {
            "median": spread.median,
            "lowest": spread.lowest,
            "highest": spread.highest,
            "regions": spread.regions,
            "years": [spread.first_year, spread.last_year],
        },
    }
