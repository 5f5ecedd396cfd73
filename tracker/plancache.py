"""Plan files read through the cache: a file whose bytes were read before is not parsed again.

What `tracker.plans.read_plan` makes of a file (the PlanSpec, its problems, its identity)
depends on the file's name and bytes, the catalog, and tracker's code; an entry is filed
under all of them (the code through `tracker.cache.runtime`, the catalog through
`catalog_digest`), one entry per data root holding every plan file's result beside the
SHA-256 of the bytes it was made from. A file whose digest differs, a new file, or an entry
that cannot be read is parsed afresh; files no longer there are dropped; the entry is
written again only when something changed. The rules across plan files (the same id in two
files, TRK201; a region code of two regions, TRK213) and of the plan hierarchy
(`tracker.hierarchy`) are not cached: `dataroot` applies them to every run's plans.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import hashlib
import io
import logging
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tracker import cache, models
from tracker.errors import TrackerError
from tracker.limits import MAX_YAML_BYTES
from tracker.plans import IndicatorIndex, PlanFile, TargetSpec, read_plan
from tracker.textfiles import read_bytes

log = logging.getLogger("tracker")

KIND = "plans"
FORMAT = "2"  # the layout of an entry's body; change it when the layout changes

Entry = dict[str, tuple[bytes, bytes]]  # label -> (SHA-256 of the file's bytes, the pickled PlanFile)


def read_plan_files(root: Path, files: list[tuple[Path, str]], indicators: IndicatorIndex) -> list[PlanFile]:
    """`read_plan` of every (path, label), in order, taking unchanged files from the cache when it is on."""
    if not cache.enabled():
        return [read_plan(path, label, indicators) for path, label in files]
    store = cache.Store(KIND, cache.context_digest(KIND, {"format": FORMAT, "catalog": catalog_digest(indicators)}))
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]
    before = _entry(store.read(name))
    found: dict[str, PlanFile] = {}
    to_parse: dict[str, tuple[bytes, bytes]] = {}  # label -> (digest, bytes) of the files not in the cache
    with _no_cyclic_collection():  # the hits: a few objects per target, none in a cycle
        for path, label in files:
            try:
                raw = read_bytes(path, label, MAX_YAML_BYTES)
            except TrackerError:
                continue  # read_plan says why it cannot be read
            digest = hashlib.sha256(raw).digest()
            entry = before.get(label)
            cached = _plan_file(entry[1]) if entry is not None and entry[0] == digest else None
            if cached is None:
                to_parse[label] = (digest, raw)
            else:
                log.debug("%s: from the cache", label)
                found[label] = cached
    after: Entry = {}
    loaded = []
    for path, label in files:
        if label in found:
            after[label] = before[label]
        elif label in to_parse:
            digest, raw = to_parse[label]
            found[label] = read_plan(path, label, indicators, raw)
            after[label] = (digest, _pickled(found[label]))
        else:
            found[label] = read_plan(path, label, indicators)
        loaded.append(found[label])
    if after != before:
        store.write(name, pickle.dumps(after, protocol=pickle.HIGHEST_PROTOCOL))
    return loaded


def catalog_digest(indicators: IndicatorIndex) -> str:
    """A digest of everything a plan's reading uses of the catalog: its valid entries in order,
    and the names of the entries with errors."""
    digest = hashlib.sha256(indicators.catalog.model_dump_json().encode())
    digest.update(repr(sorted(indicators.unusable.items())).encode())
    return digest.hexdigest()


def _entry(body: memoryview | None) -> Entry:
    """The entry's table of files; empty when there is none or it is not what this version writes."""
    if body is None:
        return {}
    try:
        table = pickle.loads(body)
    except Exception:  # an authenticated entry this code cannot read: rebuild it
        log.debug("cache: a plans entry could not be read; rebuilt")
        return {}
    if not isinstance(table, dict) or not all(
        isinstance(v, tuple) and len(v) == 2 and all(isinstance(part, bytes) for part in v) for v in table.values()
    ):
        return {}
    return table


def _plan_file(blob: bytes) -> PlanFile | None:
    try:
        found = pickle.loads(blob)
    except Exception:
        return None
    return found if isinstance(found, PlanFile) else None


@contextlib.contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while the plans are unpickled, then file what was made
    with the old objects (`freeze` and `unfreeze` move every tracked object to the oldest
    generation at once): the collector would otherwise scan a national plan set's objects,
    which hold no cycles, again and again as they are made and then once more."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()


def _pickled(found: PlanFile) -> bytes:
    """The PlanFile pickled, its models and target tuples rebuilt by one small function or a C call.

    pydantic's own pickling calls `__getstate__` and `__setstate__` per model in Python, once
    per target of a national plan set; the state is the same. Models of classes not in
    `tracker.models` are pickled the usual way.
    """
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(found)
    return stream.getvalue()


def _reduce_model(model: BaseModel) -> tuple[Any, ...]:
    state = (model.__dict__, model.__pydantic_fields_set__, model.__pydantic_extra__, model.__pydantic_private__)
    return _model, (type(model), *state)


def _reduce_target(target: TargetSpec) -> tuple[Any, ...]:
    return tuple.__new__, (TargetSpec, tuple(target))


def _reduce_member(member: enum.Enum) -> tuple[Any, ...]:
    return getattr, (type(member), member.name)  # a C call, where pickle would call Kind("level")


_CLASSES = [cls for cls in vars(models).values() if isinstance(cls, type)]
_REDUCERS: dict[type, Any] = {
    **{cls: _reduce_model for cls in _CLASSES if issubclass(cls, BaseModel)},
    **{cls: _reduce_member for cls in _CLASSES if issubclass(cls, enum.Enum)},
    TargetSpec: _reduce_target,
}
_new = object.__new__
_set = object.__setattr__


def _model(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str], extra: Any, private: Any) -> BaseModel:
    """A pydantic model with the state it was pickled with (what BaseModel.__setstate__ does)."""
    model = _new(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", extra)
    _set(model, "__pydantic_private__", private)
    return model
