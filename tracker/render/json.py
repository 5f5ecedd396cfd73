"""The JSON document (`tracker.jsondoc`) as text: `status --json` and `report --format json`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tracker.escaping import json_text
from tracker.jsondoc import document
from tracker.render import Options, Renderer, Stream
from tracker.results import Evaluation, Report

if TYPE_CHECKING:
    from tracker.above import Above


class JsonDocument(Renderer[Report]):
    """The JSON document of the evaluation (`status --json`, `report --format json`)."""

    suffix = "json"
    stream = Stream.CLEAN  # json_text has written every control character as an escape

    def render(self, view: Report, options: Options) -> str:
        return render(view.evaluation, view.above)


def render(evaluation: Evaluation, above: Mapping[str, Above] | None = None) -> str:
    """The document as stable, human-diffable JSON text ending in a newline: each key of the
    document on a line of its own, and each target on one line, so that a diff of two
    documents shows the targets that changed.

    Every line is written by the json module's C encoder: `indent=` would send the whole
    document through its pure-Python encoder, too slow for a national document.
    Control and format characters from the data are written as \\u escapes (`json_text`).
    """
    return json_text(layout(document(evaluation, above)))


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
