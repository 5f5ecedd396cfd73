"""Reading the actuals CSVs in a second process while this one reads the plans.

The two inputs are independent until the very end (region codes are resolved with the
plans, after both are read), and at a national scale each costs seconds: 2,850 plan
files are pure-Python YAML work, a million CSV rows are pandas work. On a machine with
two cores, reading them side by side takes about as long as the longer of the two
(benchmarks/README.md). The worker is a fresh interpreter running this module: it gets
the paths and the indicator lookup pickled on stdin and answers with the parsed table
and its problems pickled on stdout, the same result as reading in this process.

Small data roots (where starting a process costs more than it saves) and single-core
machines read in this process; so does everything when the worker fails for any reason.
`TRACKER_PARALLEL=0` never starts a worker, `TRACKER_PARALLEL=1` always does (tests).
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import Problem

if TYPE_CHECKING:
    import pandas as pd

    from tracker.actuals import IndicatorLookup

ENV = "TRACKER_PARALLEL"
# Below this many bytes of CSV (about 350,000 rows) a worker costs more than it saves: it
# needs half a second to start (an interpreter and pandas) and to hand its table back,
# while the CSVs of such a data root take about that long to read (benchmarks/README.md).
MIN_BYTES = 20_000_000
log = logging.getLogger("tracker")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def worth_a_process(paths: Sequence[tuple[Path, str]]) -> bool:
    """Whether to read these CSVs in a worker: big enough and a second core to run it."""
    setting = os.environ.get(ENV, "")
    if setting in ("0", "1"):
        return setting == "1"
    if _cores() < 2:
        return False
    size = 0
    for path, _ in paths:
        try:
            size += path.stat().st_size
        except OSError:
            pass  # read_actual_files reports it
    return size >= MIN_BYTES


class PendingActuals:
    """CSVs being read, in a worker process or (when not worth one) on `result()`."""

    def __init__(self, paths: Sequence[tuple[Path, str]], indicators: IndicatorLookup) -> None:
        self._paths = list(paths)
        self._indicators = indicators
        self._worker: subprocess.Popen[bytes] | None = None
        if worth_a_process(self._paths):
            self._start()

    @property
    def in_worker(self) -> bool:
        return self._worker is not None

    def _start(self) -> None:
        env = dict(os.environ)
        env[ENV] = "0"  # the worker reads in its own process, always
        # The worker must import this very copy of tracker (tests, editable checkouts).
        env["PYTHONPATH"] = os.pathsep.join(p or os.getcwd() for p in sys.path)
        try:
            self._worker = subprocess.Popen(
                [sys.executable, "-m", "tracker.background"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
            )
            assert self._worker.stdin is not None
            with self._worker.stdin:
                pickle.dump((self._paths, self._indicators), self._worker.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError) as exc:  # pragma: no cover - no processes here
            log.debug("reading the actuals in this process: %s", exc)
            self._stop()

    def result(self) -> tuple[pd.DataFrame, list[Problem]]:
        """The parsed table (regions as written) and the problems of every CSV."""
        from tracker.actuals import read_actual_files

        worker, self._worker = self._worker, None
        if worker is not None:
            try:
                assert worker.stdout is not None
                with worker.stdout:
                    answer = pickle.load(worker.stdout)
                if worker.wait() == 0 and isinstance(answer, tuple):
                    return answer
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                log.debug("the actuals worker failed (%s); reading in this process", exc)
            finally:
                if worker.poll() is None:
                    worker.kill()
                worker.wait()
        return read_actual_files(self._paths, self._indicators)

    def _stop(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.wait()
            self._worker = None

    def __del__(self) -> None:
        self._stop()


def _serve() -> None:
    """The worker: read the request on stdin, answer on stdout."""
    from tracker.actuals import read_actual_files
    from tracker.core import collect_garbage_rarely

    collect_garbage_rarely()
    paths, indicators = pickle.load(sys.stdin.buffer)
    answer: Any = read_actual_files(paths, indicators)
    pickle.dump(answer, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _serve()
