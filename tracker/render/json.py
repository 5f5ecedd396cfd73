"""The JSON document of `status --json` and `report --format json` (schema_version 1)."""

from __future__ import annotations

import json
from typing import Any

from tracker.escaping import json_text
from tracker.render.common import shown_ratio
from tracker.results import Evaluation, TargetResult

SCHEMA_VERSION = 1
RATIO_DECIMALS = 4  # rounded toward the band (`common.shown_ratio`): 0.94996 is 0.9499, not 0.95


def target_document(result: TargetResult) -> dict[str, Any]:
    """One target's entry of the document: a public contract, add keys but never rename."""
    latest = result.latest
    return {
        "plan": result.plan_id,
        "target": result.target_id,
        "indicator": result.indicator,
        "region": result.region,
        "kind": result.kind.value,
        "status": result.status.value,
        "ratio": None if result.ratio is None else float(shown_ratio(result.ratio, RATIO_DECIMALS)),
        "final": result.final,
        "latest": None
        if latest is None
        else {
            "year": latest.year,
            "year_start": latest.year_start,
            "value": latest.value,
            "qualifier": latest.qualifier,
        },
        "op": result.op,
        "target_value": result.target_value,
        "by": result.by,
        "binding": result.binding,
        "sources": list(result.sources),
    }


def document(evaluation: Evaluation) -> dict[str, Any]:
    """The whole document for an evaluation."""
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": evaluation.as_of,
        "targets": [target_document(t) for t in evaluation.targets],
    }


def render(evaluation: Evaluation) -> str:
    """The document as stable, human-diffable JSON text ending in a newline: each key of the
    document on a line of its own, and each target on one line, so that a diff of two
    documents shows the targets that changed.

    Every line is written by the json module's C encoder: `indent=` would send the whole
    document through its pure-Python encoder, which a national document waits seconds for.
    Control and format characters from the data are written as \\u escapes (`json_text`).
    """
    return json_text(layout(document(evaluation)))


_encode = json.JSONEncoder(ensure_ascii=False).encode  # indent=None: the C encoder


def layout(doc: dict[str, Any]) -> str:
    """`doc` as JSON: one line per key, and a list's items (the targets) one per line."""
    fields = []
    for key, value in doc.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(map(_encode, value))
            fields.append(f"  {_encode(key)}: [\n    {items}\n  ]")
        else:
            fields.append(f"  {_encode(key)}: {_encode(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"
