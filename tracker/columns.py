"""The storage under the results model: every target's result as columns (`tracker.results.ResultStore`).

`ResultColumns` is what the engine computes, one array per field for every target of an
evaluation; a plan's `TargetResult` records are built from it when asked for: `record(i)`
for a renderer that reads every target (the columns become Python lists once, as indexing
arrays one by one is slow), `records(positions)` for a few (`tracker check` reads a national
tracker's statuses as one array and builds only the records that fail). `RecordColumns`
stores records made by hand (tests, other tools) the same way.
"""

from __future__ import annotations

import copy
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from tracker.bands import STATUS_ORDER
from tracker.models import Status
from tracker.results import Figure, TargetResult

if TYPE_CHECKING:
    from tracker.plans import TargetSpec

Series = Mapping[int, tuple[tuple[int, float], ...]]


class FigureSource(Protocol):
    """Where `ResultColumns` finds each target's latest figure and sources (the engine's `_Figures`)."""

    def latest(self, i: int) -> Figure | None:
        """The figure target `i` shows (None: no figure)."""

    def latest_at(self, positions: np.ndarray) -> list[Figure | None]:
        """`latest` of each of `positions`, reading the actuals only at those."""

    def sources(self, i: int) -> tuple[str, ...]:
        """The sources of target `i`'s figure."""


class _Values(NamedTuple):
    """The numbers and statuses of some targets as Python lists, as records hold them."""

    status: list[Status]
    final: list[bool]
    points: list[int]
    failed_years: list[int]
    first_failed: list[int]
    ratio: list[float | None]
    baseline_value: list[float | None]
    progress: list[float | None]
    time_share: list[float | None]


class ResultColumns:
    """Every target's result, column by column, in plan order (see the module).

    Numbers are numpy arrays (NaN where a record says None; 0 for no first failed year).
    """

    def __init__(
        self,
        specs: Sequence[TargetSpec],
        regions: Sequence[str],
        files: Sequence[str],
        as_of: int,
        status: np.ndarray,
        ratio: np.ndarray,
        final: np.ndarray,
        progress: np.ndarray,
        time_share: np.ndarray,
        points: np.ndarray,
        failed_years: np.ndarray,
        first_failed: np.ndarray,
        baseline_value: np.ndarray,
        binding: np.ndarray,
        figures: FigureSource,
        series: Series | None = None,
    ) -> None:
        self.specs, self.regions, self.files, self.as_of = specs, regions, files, as_of
        self.status = status  # positions in STATUS_ORDER
        self.binding = binding
        self.ratio, self.final, self.progress, self.time_share = ratio, final, progress, time_share
        self.points, self.baseline_value = points, baseline_value
        self.failed_years, self.first_failed = failed_years, first_failed
        self.figures = figures
        self.series: Series = series or {}

    def __len__(self) -> int:
        return len(self.status)

    def counts(self, start: int, stop: int) -> Counter[Status]:
        """Targets per status among positions start to stop."""
        found = np.bincount(self.status[start:stop], minlength=len(STATUS_ORDER))
        return Counter({status: int(n) for status, n in zip(STATUS_ORDER, found.tolist(), strict=True) if n})

    def with_series(self, series: Series) -> ResultColumns:
        """The same results with a chart series for the targets in `series` (by position)."""
        made = copy.copy(self)
        made.series = series  # the lists cached by `_values` do not depend on it
        return made

    def _lists(self, at: np.ndarray | slice) -> _Values:
        """The numbers and statuses at `at` as Python lists."""
        return _Values(
            status=[STATUS_ORDER[s] for s in self.status[at].tolist()],
            final=self.final[at].tolist(),
            points=self.points[at].tolist(),
            failed_years=self.failed_years[at].tolist(),
            first_failed=self.first_failed[at].tolist(),
            ratio=_optional(self.ratio[at]),
            baseline_value=_optional(self.baseline_value[at]),
            progress=_optional(self.progress[at]),
            time_share=_optional(self.time_share[at]),
        )

    @functools.cached_property
    def _values(self) -> _Values:
        """Every target's `_lists` (indexing numpy arrays one by one is slow)."""
        return self._lists(slice(None))

    def record(self, i: int) -> TargetResult:
        """The result of the target at position `i`."""
        return self._record(i, self._values, i, self.figures.latest(i))

    def records(self, positions: Sequence[int]) -> list[TargetResult]:
        """The results of the targets at `positions`, taking from the columns only what they need."""
        at = np.asarray(positions, dtype=np.int64)
        values, latest = self._lists(at), self.figures.latest_at(at)
        return [self._record(i, values, k, latest[k]) for k, i in enumerate(positions)]

    def _record(self, i: int, values: _Values, k: int, latest: Figure | None) -> TargetResult:
        """The record of target `i`, whose numbers are entry `k` of `values`."""
        spec = self.specs[i]
        return TargetResult(
            plan_id=spec.plan_id,
            target_id=spec.id,
            indicator=spec.indicator,
            region=self.regions[i],
            kind=spec.kind,
            status=values.status[k],
            ratio=values.ratio[k],
            final=values.final[k],
            latest=latest,
            op=spec.op,
            target_value=spec.value,
            target_step=spec.step,
            target_text=spec.text,
            by=spec.by,
            binding=spec.binding,
            baseline_year=spec.baseline_year,
            baseline_value=values.baseline_value[k],
            sources=self.figures.sources(i),
            quote=spec.quote,
            file=self.files[i],
            line=spec.line,
            progress=values.progress[k],
            time_share=values.time_share[k],
            points=values.points[k],
            as_of=self.as_of,
            series=self.series.get(i, ()),
            better=spec.better,
            failed_years=values.failed_years[k],
            first_failed=values.first_failed[k] or None,
        )


def _optional(values: np.ndarray) -> list[float | None]:
    """A float column as Python floats, NaN as None."""
    boxed: np.ndarray = values.astype(object)
    boxed[np.isnan(values)] = None
    return boxed.tolist()  # type: ignore[no-any-return]


def number_or_none(value: float) -> float | None:
    """A float of a results column as a record holds it: NaN is None."""
    return None if value != value else float(value)  # NaN is the only value unequal to itself


class RecordColumns(ResultColumns):
    """The columns of records made by hand (tests, other tools): the same store, read the same way.

    The records' own evaluation year is the first's (an evaluation has one).
    """

    def __init__(self, records: Sequence[TargetResult]) -> None:
        from tracker.plans import TargetSpec

        given = tuple(records)

        def column(name: str, dtype: Any, none: Any = np.nan) -> np.ndarray:
            values: np.ndarray = np.array(
                [none if getattr(r, name) is None else getattr(r, name) for r in given], dtype=dtype
            )
            return values

        super().__init__(
            specs=[
                TargetSpec(
                    plan_id=r.plan_id,
                    id=r.target_id,
                    indicator=r.indicator,
                    kind=r.kind,
                    op=r.op,
                    value=r.target_value,
                    step=r.target_step,
                    text=r.target_text,
                    by=r.by,
                    baseline_year=r.baseline_year,
                    baseline_value=r.baseline_value,
                    binding=r.binding,
                    quote=r.quote,
                    line=r.line,
                    better=r.better,
                )
                for r in given
            ],
            regions=[r.region for r in given],
            files=[r.file for r in given],
            as_of=given[0].as_of if given else 0,
            status=np.array([STATUS_ORDER.index(r.status) for r in given], dtype=np.int8),
            ratio=column("ratio", np.float64),
            final=column("final", bool),
            progress=column("progress", np.float64),
            time_share=column("time_share", np.float64),
            points=column("points", np.int64),
            failed_years=column("failed_years", np.int64),
            first_failed=column("first_failed", np.int64, 0),
            baseline_value=column("baseline_value", np.float64),
            binding=column("binding", bool),
            figures=_GivenFigures(given),
            series={i: r.series for i, r in enumerate(given) if r.series},
        )


class _GivenFigures:
    """The figures and sources of records made by hand."""

    def __init__(self, records: tuple[TargetResult, ...]) -> None:
        self.given = records

    def latest(self, i: int) -> Figure | None:
        return self.given[i].latest

    def latest_at(self, positions: np.ndarray) -> list[Figure | None]:
        return [self.given[i].latest for i in positions.tolist()]

    def sources(self, i: int) -> tuple[str, ...]:
        return self.given[i].sources
