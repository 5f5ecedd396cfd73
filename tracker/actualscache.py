"""The actuals read through the cache: unchanged files are not read and parsed again.

The loaded table (`tracker.actuals.read_actuals`) depends on every actuals file's name and
bytes, the catalog (indicator names), the plans' region codes, and tracker's code and
libraries; one entry per data root is filed under all of them (`tracker.cache`), so any
change to any of them is a miss and the table is loaded afresh and written back. Unlike a
plan file, the table is one result of all the files together: there is nothing to reuse
when one of them changes.

The files are hashed before `read_actuals` reads them again; a file whose size or times
changed meanwhile (an editor saving it) makes the result uncacheable, so an entry is never
filed under bytes it was not made from.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tracker import cache
from tracker.actuals import Actuals, IndicatorLookup, read_actuals
from tracker.errors import Problem, TrackerError
from tracker.plancache import catalog_digest
from tracker.plans import IndicatorIndex
from tracker.textfiles import read_bytes

log = logging.getLogger("tracker")

KIND = "actuals"
FORMAT = "1"


def read_actuals_cached(
    root: Path,
    files: list[tuple[Path, str]],
    indicators: IndicatorIndex,
    lookup: IndicatorLookup,
    region_of: Mapping[str, str],
) -> tuple[Actuals, list[Problem]]:
    """`read_actuals(files, lookup, region_of)`, from the cache when nothing it depends on changed."""
    if not cache.enabled() or not files:
        return read_actuals(files, lookup, region_of)
    before = [_state(path) for path, _ in files]
    digest = hashlib.sha256()
    try:
        for path, label in files:
            digest.update(f"{label}\0".encode() + hashlib.sha256(read_bytes(path, label)).digest())
    except TrackerError:
        return read_actuals(files, lookup, region_of)  # it says which file cannot be read
    context = {
        "format": FORMAT,
        "files": digest.hexdigest(),
        "catalog": catalog_digest(indicators),
        "regions": hashlib.sha256(repr(sorted(region_of.items())).encode()).hexdigest(),
        **_libraries(files),
    }
    store = cache.Store(KIND, cache.context_digest(KIND, context))
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]
    found = _table(store.read(name))
    if found is not None:
        log.debug("actuals: from the cache")
        return found
    table, problems = read_actuals(files, lookup, region_of)
    if [_state(path) for path, _ in files] == before:
        state = (table.columns, table.sources, table.empty, problems)
        store.write(name, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    return table, problems


def _state(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is written: size, inode, modification and change times."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns


def _libraries(files: list[tuple[Path, str]]) -> dict[str, str]:
    """The versions of the readers the files go through: pandas, and for workbooks their readers."""
    import pandas

    versions = {"pandas": pandas.__version__}
    if any(path.suffix == ".xlsx" for path, _ in files):
        from importlib.metadata import version

        versions |= {name: version(name) for name in ("openpyxl", "python-calamine")}
    return versions


def _table(body: memoryview | None) -> tuple[Actuals, list[Problem]] | None:
    if body is None:
        return None
    try:
        columns, sources, empty, problems = pickle.loads(body)
    except Exception:  # an authenticated entry this code cannot read: load afresh
        log.debug("cache: an actuals entry could not be read; rebuilt")
        return None
    if not isinstance(columns, dict) or not isinstance(problems, list):
        return None
    found: tuple[Actuals, list[Any]] = (Actuals(columns, sources, empty), problems)
    return found
