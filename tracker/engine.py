"""The gap engine: every target's status at an evaluation year, as table operations.

The actuals table is sorted by region, indicator and year (`tracker.actuals`), and the
targets come as the plans' arrays (`tracker.plans.TargetColumns`). Each target finds the
figures of its region and indicator in the years its kind reads (`KindRule.window`) with two
binary searches, and the (target, figure) pairs are judged kind by kind (`KindRule.judge`,
tracker/kinds/) with whole-array numpy expressions and grouped sums, never a Python loop per
target or per figure. The rules are in the README ("Status rules").

Floats decide a status only where they can: each judge marks the targets whose figures lie
within float noise of their goal, or whose R lies within its float error of a band's edge
(or is too imprecise to show), and those few are judged again by the same judges over exact
numbers (`_judge_exactly`, `tracker.noise.exact`). So 87.6 from 80 toward 100 at 2 of 5
years is R = 0.95 exactly (on track), not 0.9499999999999998, and float noise never flips
a status.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np

from tracker import kinds
from tracker.actuals import Actuals, year_key
from tracker.columns import ResultColumns
from tracker.dataroot import DataSet
from tracker.judging import FigureArrays, Pairs, TargetArrays, Verdicts
from tracker.models import YEAR_RANGE
from tracker.results import Evaluation, Figure, PlanResult


def evaluate(dataset: DataSet, as_of: int) -> Evaluation:
    """Judge every target of every plan in `dataset` with the actuals up to `as_of`."""
    targets = TargetArrays.of(dataset, as_of)
    rows = FigureArrays.of(dataset.actuals, as_of)
    _fill_baselines(targets, rows)
    first, count = _windows(targets, rows, as_of)
    verdicts = Verdicts.empty(len(targets.kind))
    _judge_every_kind(targets, rows, first, count, verdicts, as_of)
    _judge_exactly(targets, rows, first, count, verdicts, as_of)
    return _evaluation(dataset, targets, verdicts, as_of)


def _judge_every_kind(
    targets: TargetArrays, rows: FigureArrays, first: np.ndarray, count: np.ndarray, verdicts: Verdicts, as_of: int
) -> None:
    for code, rule in enumerate(kinds.rules()):
        mine = targets.kind == code
        if mine.any():
            rule.judge(targets, Pairs.of(np.flatnonzero(mine), first, count, rows), verdicts, mine, as_of)


def _judge_exactly(
    targets: TargetArrays, rows: FigureArrays, first: np.ndarray, count: np.ndarray, verdicts: Verdicts, as_of: int
) -> None:
    """Judge again, in exact arithmetic, the targets the float judges marked too close to call.

    The same judges run over a copy of those targets and their rows whose numbers are
    Fractions (`tracker.noise.exact`); their status, R and shares replace the float ones.
    """
    positions = np.flatnonzero(verdicts.close)
    if not len(positions):
        return
    lengths, starts = count[positions], first[positions]
    offsets = np.cumsum(lengths) - lengths
    taken = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
    again = Verdicts.empty(len(positions))
    _judge_every_kind(targets.exact_at(positions), rows.exact_at(taken), offsets, lengths, again, as_of)
    verdicts.status[positions] = again.status
    verdicts.final[positions] = again.final
    verdicts.failed_years[positions], verdicts.first_failed[positions] = again.failed_years, again.first_failed
    for name in ("ratio", "progress", "time_share"):
        getattr(verdicts, name)[positions] = getattr(again, name)


def _windows(targets: TargetArrays, rows: FigureArrays, as_of: int) -> tuple[np.ndarray, np.ndarray]:
    """Each target's figures: the first and how many, of its region and indicator and with an
    end year in its kind's window (`KindRule.window`).

    Figures are sorted by key and end year, so both ends are binary searches.
    """
    size = len(targets.kind)
    since: np.ndarray = np.full(size, YEAR_RANGE[0], dtype=np.int64)
    until: np.ndarray = np.array(targets.end, dtype=np.int64)
    for code, rule in enumerate(kinds.rules()):
        at = np.flatnonzero(targets.kind == code)
        if len(at):
            since[at], until[at] = rule.window(targets, at, as_of)
    row_at = year_key(rows.key, rows.y_end)  # ascending, as the rows are
    first = np.asarray(np.searchsorted(row_at, year_key(targets.key, since), side="left"))
    count = np.maximum(np.searchsorted(row_at, year_key(targets.key, until), side="right") - first, 0)
    count[(targets.key < 0) | (since > until)] = 0
    return first, count


def _fill_baselines(targets: TargetArrays, rows: FigureArrays) -> None:
    """A baseline without a value takes the actual reported for its year (one year, no conflict).

    Of any kind of target: the value is shown with it even where the judging does not use it.
    """
    missing = np.flatnonzero(np.isnan(targets.y0) & ~np.isnan(targets.t0) & (targets.key >= 0))
    if not len(missing) or not len(rows.key):
        return
    year = targets.t0[missing].astype(np.int64)
    row_at, wanted = year_key(rows.key, rows.y_end), year_key(targets.key[missing], year)
    # FigureArrays of one key and end year are sorted by start year: the one-year row comes last.
    last = np.asarray(np.searchsorted(row_at, wanted, side="right")) - 1
    found = (last >= 0) & (row_at[np.maximum(last, 0)] == wanted)
    missing, last, year = missing[found], last[found], year[found]
    usable = (rows.y_start[last] == year) & ~rows.conflict[last]
    targets.y0[missing[usable]] = rows.value[last[usable]]


class _Figures:
    """The figure each target shows (its latest, or its cumulative sum) and its sources.

    Their fields are taken from the actuals for every target at once, when a first record
    asks for one; each Figure is then built from plain lists.
    """

    def __init__(self, table: Actuals, verdicts: Verdicts) -> None:
        self.table, self.verdicts = table, verdicts

    @functools.cached_property
    def _fields(self) -> dict[str, list[Any]]:
        return self._fields_at(np.arange(len(self.verdicts.row)))

    def _fields_at(self, at: np.ndarray) -> dict[str, list[Any]]:
        """The Figure fields of the targets at positions `at`, field by field."""
        table, verdicts = self.table, self.verdicts
        if len(table) == 0:
            return {"shown": [False] * len(at)}
        summed = verdicts.sum_from[at] >= 0
        row = np.maximum(verdicts.row[at], 0)

        def pick(name: str, total: np.ndarray) -> list[Any]:
            return np.where(summed, total[at], table.column(name)[row]).tolist()  # type: ignore[no-any-return]

        qualifiers = table.column("qualifier").categories.tolist() + ["mixed"]  # a code of -1 says "mixed"
        written = table.column("written")
        qualifier = [
            qualifiers[q]
            for q in np.where(
                summed, verdicts.sum_qualifier[at], np.asarray(table.column("qualifier").codes)[row]
            ).tolist()
        ]
        written_text = written.categories.tolist()
        return {
            "shown": (verdicts.row[at] >= 0).tolist(),
            "year": table.column("y_end")[row].tolist(),
            "year_start": pick("y_start", verdicts.sum_start),
            "value": pick("value", verdicts.sum_value),
            "qualifier": qualifier,
            "written": [
                "" if s and q in ("=", "mixed") else written_text[w]
                for s, q, w in zip(summed.tolist(), qualifier, np.asarray(written.codes)[row].tolist(), strict=True)
            ],
            "lo": pick("lo", verdicts.sum_lo),
            "hi": pick("hi", verdicts.sum_hi),
            "lo_open": pick("lo_open", verdicts.sum_lo_open),
            "hi_open": pick("hi_open", verdicts.sum_hi_open),
            "conflict": pick("conflict", verdicts.sum_conflict),
        }

    def latest(self, i: int) -> Figure | None:
        return self._figure(self._fields, i)

    def latest_at(self, positions: np.ndarray) -> list[Figure | None]:
        fields = self._fields_at(positions)
        return [self._figure(fields, k) for k in range(len(positions))]

    @staticmethod
    def _figure(fields: dict[str, list[Any]], k: int) -> Figure | None:
        if not fields["shown"][k]:
            return None
        return Figure(
            year=fields["year"][k],
            year_start=fields["year_start"][k],
            value=fields["value"][k],
            qualifier=fields["qualifier"][k],
            written=fields["written"][k],
            lo=fields["lo"][k],
            hi=fields["hi"][k],
            lo_open=fields["lo_open"][k],
            hi_open=fields["hi_open"][k],
            conflict=fields["conflict"][k],
        )

    @functools.cached_property
    def _sources(self) -> tuple[list[tuple[str, ...]], list[int], np.ndarray]:
        """Each source text as the sources it names (merged rows join theirs with ' | '),
        each target's shown row's source code, and every row's."""
        column = self.table.column("source")
        named = [tuple(part for part in text.split(" | ") if part) for text in column.categories.tolist()]
        codes = np.asarray(column.codes)
        shown = codes[np.maximum(self.verdicts.row, 0)].tolist() if len(codes) else []
        return named, shown, codes

    def sources(self, i: int) -> tuple[str, ...]:
        verdicts = self.verdicts
        if verdicts.row[i] < 0:
            return ()
        named, shown, codes = self._sources
        summed = verdicts.summed(i)
        if summed is None:
            return named[shown[i]]
        return tuple(dict.fromkeys(part for code in codes[summed].tolist() for part in named[code]))


def _evaluation(dataset: DataSet, targets: TargetArrays, verdicts: Verdicts, as_of: int) -> Evaluation:
    """The results model over the verdicts arrays."""
    figures = _Figures(dataset.actuals, verdicts)
    sizes = [len(plan.targets) for plan in dataset.plans]
    columns = ResultColumns(
        specs=targets.specs,
        regions=list(_repeat_each([plan.model.region for plan in dataset.plans], sizes)),
        files=list(_repeat_each([plan.file for plan in dataset.plans], sizes)),
        as_of=as_of,
        status=verdicts.status,
        ratio=verdicts.ratio,
        final=verdicts.final,
        progress=verdicts.progress,
        time_share=verdicts.time_share,
        points=verdicts.points,
        failed_years=verdicts.failed_years,
        first_failed=verdicts.first_failed,
        baseline_value=targets.y0,
        binding=targets.binding,
        figures=figures,
    )
    plans = []
    first = 0
    for spec, size in zip(dataset.plans, sizes, strict=True):
        model = spec.model
        plans.append(
            PlanResult(
                id=spec.id,
                title=model.title,
                title_en=model.title_en,
                region=model.region,
                period_start=model.period.start,
                period_end=model.period.end,
                file=spec.file,
                columns=columns,
                first=first,
                size=size,
                source=dict(model.source or {}),
                fail_on=tuple(model.check.fail_on) if model.check else None,
                near_misses=dataset.near_misses.get(model.region, ()),
            )
        )
        first += size
    catalog = dataset.indicators.catalog.indicators
    return Evaluation(as_of, tuple(plans), {i: catalog[i] for i in sorted(set(targets.indicator.tolist()))})


def _repeat_each(values: list[str], times: list[int]) -> Iterable[str]:
    return itertools.chain.from_iterable(map(itertools.repeat, values, times))
