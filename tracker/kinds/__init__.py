"""The kinds of target, one module each, and their registration.

A kind (level, maintain, cumulative, change, milestone) is one `KindRule` (tracker/kinds/base.py)
in a module of its own: which figures its targets read, how it judges them (over whole
arrays, in floats and exactly), what it needs of a plan, its R, pace and path, which
figures count over time, and the words that explain it. Everything else asks the rule of a
target's kind (`rule(kind)`) and never branches on the kind itself.

`KIND_MODULES` below is the registration: a kind's id, as plans write it (`kind: level`),
and the module holding its rule (its `RULE`). The plan schema's `kind` takes these ids, in
this order (`tracker.models.Kind`). `register` adds a rule while the process runs (a test's
kind, or another tool's); it is judged like the others but plan files cannot name it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.kinds.base import KindRule

KIND_MODULES: dict[str, str] = {
    "level": "tracker.kinds.level",
    "maintain": "tracker.kinds.maintain",
    "cumulative": "tracker.kinds.cumulative",
    "change": "tracker.kinds.change",
    "milestone": "tracker.kinds.milestone",
}
KIND_IDS: tuple[str, ...] = tuple(KIND_MODULES)  # the ids plan files may write

_RULES: dict[str, KindRule] = {}  # loaded or registered, by id
_ADDED: list[str] = []  # ids registered while the process runs, after KIND_IDS


def rule(kind: str) -> KindRule:
    """The rule of a kind, by its id (a `Kind` is its id); KeyError for an unknown kind."""
    found = _RULES.get(kind)
    if found is None:
        module = importlib.import_module(KIND_MODULES[kind])
        found = _RULES[kind] = module.RULE
    return found


def ids() -> tuple[str, ...]:
    """Every kind's id, in registration order (the engine codes a kind as its position here)."""
    return (*KIND_IDS, *_ADDED)


def rules() -> Iterator[KindRule]:
    """Every kind's rule, in registration order."""
    return (rule(kind) for kind in ids())


def codes() -> dict[str, int]:
    """Each kind as the target arrays hold it: its position in `ids()`."""
    if len(_CODES) != len(KIND_IDS) + len(_ADDED):
        _CODES.clear()
        _CODES.update({kind: i for i, kind in enumerate(ids())})
    return _CODES


_CODES: dict[str, int] = {}


def register(added: KindRule) -> None:
    """Add a kind while the process runs (see the module's docstring)."""
    if added.name in _RULES or added.name in KIND_MODULES:
        raise ValueError(f"a kind '{added.name}' is registered already")
    _RULES[added.name] = added
    _ADDED.append(added.name)
    _CODES.clear()


def unregister(kind: str) -> None:
    """Remove a kind `register` added."""
    _ADDED.remove(kind)
    del _RULES[kind]
    _CODES.clear()
