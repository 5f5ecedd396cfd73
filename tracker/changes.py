"""What changed since an earlier run, for `tracker report --since PREVIOUS.json`.

Both sides are the JSON document of `status --json` (schema_version 1), so an old report
is compared with the new one field by field: statuses that changed, targets whose latest
figure changed (a new data point), targets that are new, and targets that are gone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import fail
from tracker.jsondoc import SCHEMA_VERSION
from tracker.limits import MAX_JSON_DEPTH
from tracker.textfiles import read_text

Document = dict[str, Any]


@dataclass(frozen=True)
class StatusChange:
    key: str
    before: str
    after: str


@dataclass(frozen=True)
class FigureChange:
    """A target whose latest figure is new: `before` is None when it had none."""

    key: str
    before: dict[str, Any] | None
    after: dict[str, Any]


@dataclass(frozen=True)
class Changes:
    """The differences between a previous document and the current one, each in target order."""

    previous_as_of: int
    statuses: tuple[StatusChange, ...]
    figures: tuple[FigureChange, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.statuses or self.figures or self.added or self.removed)


def load_previous(path: Path) -> Document:
    """Read and check the previous JSON document; TRK407 when it is not one."""
    label = path.as_posix()
    text = read_text(path, label)
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        reason = f"it is nested {depth:,} levels deep, more than the {MAX_JSON_DEPTH} allowed"
        raise fail("TRK407", label, path=label, reason=reason)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail("TRK407", label, exc.lineno, path=label, reason=f"not JSON ({exc.msg})") from None
    _check_document(document, label)
    return document  # type: ignore[no-any-return]


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def json_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, without parsing it (the parser
    recurses, and a deep enough text exhausts the stack). Strings are left out first."""
    import numpy as np

    brackets = np.frombuffer(_JSON_STRING.sub("", text).encode("utf-8", "replace"), dtype=np.uint8)
    steps: np.ndarray = np.zeros(len(brackets), dtype=np.int64)
    steps[(brackets == ord("[")) | (brackets == ord("{"))] = 1
    steps[(brackets == ord("]")) | (brackets == ord("}"))] = -1
    return int(np.cumsum(steps).max(initial=0))


def _check_document(document: Any, label: str) -> None:
    def bad(reason: str) -> Exception:
        return fail("TRK407", label, path=label, reason=reason)

    if not isinstance(document, dict):
        raise bad("the document is not a JSON object")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise bad(f"schema_version is {document.get('schema_version')!r}, expected {SCHEMA_VERSION}")
    if not isinstance(document.get("as_of"), int) or not isinstance(document.get("targets"), list):
        raise bad("'as_of' (a year) or 'targets' (a list) is missing")
    for i, entry in enumerate(document["targets"]):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("plan", "target", "status")):
            raise bad(f"targets[{i}] lacks 'plan', 'target' or 'status'")
        latest = entry.get("latest")
        if latest is not None and not (
            isinstance(latest, dict) and isinstance(latest.get("year"), int) and _is_number(latest.get("value"))
        ):
            raise bad(f"targets[{i}].latest is not {{year, value, ...}}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _key(entry: dict[str, Any]) -> str:
    return f"{entry['plan']}/{entry['target']}"


def _same_figure(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    if before is None or after is None:
        return before is after
    fields = ("year", "year_start", "value", "qualifier")
    return all(before.get(f) == after.get(f) for f in fields)


def diff(previous: Document, current: Document, plans: Collection[str] | None = None) -> Changes:
    """Compare two documents target by target (matched by plan/target id).

    With `plans` (the `--plan` selection) only those plans' targets of the previous document
    are compared: the others were not evaluated this time, not removed.
    """
    selected = previous["targets"] if plans is None else [e for e in previous["targets"] if e["plan"] in plans]
    before = {_key(entry): entry for entry in selected}
    now = {_key(entry): entry for entry in current["targets"]}
    statuses, figures, added = [], [], []
    for key, entry in now.items():
        old = before.get(key)
        if old is None:
            added.append(key)
            continue
        if old["status"] != entry["status"]:
            statuses.append(StatusChange(key, old["status"], entry["status"]))
        if entry["latest"] is not None and not _same_figure(old.get("latest"), entry["latest"]):
            figures.append(FigureChange(key, old.get("latest"), entry["latest"]))
    removed = tuple(key for key in before if key not in now)
    return Changes(previous["as_of"], tuple(statuses), tuple(figures), tuple(added), removed)
