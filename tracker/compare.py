"""`tracker compare INDICATOR`: one indicator across every plan and region (docs/compare.md).

A read model, like `tracker.results`: the targets on the indicator worst first, then the
regions that report figures for it but have no plan target on it, a count of statuses and
the spread of the latest figures. No words: the formats (`tracker.render.FORMATS["compare"]`)
say it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tracker.bands import WORST_RANK
from tracker.errors import clip, fail
from tracker.models import Indicator, Status
from tracker.results import Evaluation, Figure, ResultStore, TargetResult, status_counts

if TYPE_CHECKING:
    from tracker.actuals import Actuals
    from tracker.dataroot import DataSet
    from tracker.plans import IndicatorIndex, PlanSpec

NEAREST = 3  # how many indicator names an unknown one is answered with


@dataclass(frozen=True)
class Unplanned:
    """A region with figures for the indicator and no plan target on it: its latest figure."""

    region: str
    latest: Figure


@dataclass(frozen=True)
class Spread:
    """Each shown region's latest single-year figure (never a running total, so that regions
    are compared on one scale): their median, lowest and highest, how many regions have one,
    and the earliest and latest of their years."""

    median: float
    lowest: float
    highest: float
    regions: int
    first_year: int
    last_year: int


@dataclass(frozen=True)
class Comparison:
    """One indicator across plans (see the module).

    `rows`: every target on the indicator of the plans compared, worst status first
    (`bands.WORST_FIRST`), by R from lowest within a status (no R last), then by region and
    plan; `unplanned`: the regions without a plan target on it that report figures, worst
    figure first where the indicator has a direction (lowest first where higher is better),
    else by name - listed only when neither `parent` nor `level` narrows the plans, as such a
    region has no plan to place it; `spread`: None for a yes/no indicator or without figures.
    """

    indicator: str
    entry: Indicator
    as_of: int
    rows: tuple[TargetResult, ...]
    unplanned: tuple[Unplanned, ...]
    counts: dict[Status, int]
    spread: Spread | None
    parent: str | None = None
    level: str | None = None


def resolve_indicator(indicators: IndicatorIndex, name: str) -> str:
    """The id of the indicator `name` gives (an id, a name, an English name or an alias); TRK414
    with the nearest names when the catalog has none."""
    import difflib

    found = indicators.resolve_usable(name)
    if found is not None:
        return found
    english = {entry.name_en.casefold(): i for i, entry in indicators.catalog.indicators.items()}
    if name.strip().casefold() in english:
        return english[name.strip().casefold()]
    entries = indicators.catalog.indicators
    wanted = name.strip().casefold()
    containing = [
        i
        for i, entry in entries.items()
        if wanted and any(wanted in text.casefold() for text in (i, entry.name, entry.name_en))
    ]
    choices = [*entries, *(entry.name for entry in entries.values())]
    close = containing[:NEAREST] or difflib.get_close_matches(name, choices, n=NEAREST, cutoff=0.5)
    nearest = " (nearest: " + ", ".join(f"'{c}'" for c in close) + ")" if close else ""
    raise fail("TRK414", "INDICATOR", indicator=clip(name), suggestion=nearest)


def selected_plans(dataset: DataSet, indicator: str, parent: str | None, level: str | None) -> list[PlanSpec]:
    """The plans compared: those with a target on `indicator`, under `parent` (its children and
    their children) and at `level` when given; TRK403 for a parent that is no plan."""
    plans = dataset.plans
    if parent is not None:
        if parent not in {spec.id for spec in plans}:
            raise dataset_plan_error(dataset, parent)
        below = {spec.id for spec in dataset.hierarchy.descendants(parent)}
        plans = [spec for spec in plans if spec.id in below]
    if level is not None:
        plans = [spec for spec in plans if spec.model.level == level]
    return [spec for spec in plans if any(target.indicator == indicator for target in spec.targets)]


def dataset_plan_error(dataset: DataSet, plan_id: str) -> Exception:
    from tracker.errors import suggestion

    known = [spec.id for spec in dataset.plans]
    return fail("TRK403", "--parent", plan=clip(plan_id), suggestion=suggestion(plan_id, known))


def compare(
    dataset: DataSet,
    evaluation: Evaluation,
    indicator: str,
    parent: str | None = None,
    level: str | None = None,
) -> Comparison:
    """The comparison of `indicator` over `evaluation` (the plans `selected_plans` chose)."""
    entry = dataset.indicators[indicator]
    rows = sorted(
        _results_on(evaluation, indicator),
        key=lambda r: (
            WORST_RANK[r.status],
            np.inf if r.ratio is None else r.ratio,
            r.region,
            r.plan_id,
            r.target_id,
        ),
    )
    latest = latest_figures(dataset.actuals, indicator, evaluation.as_of)
    planned = {result.region for result in rows}
    unplanned: list[Unplanned] = []
    if parent is None and level is None:
        planned |= {spec.model.region for spec in dataset.plans if any(t.indicator == indicator for t in spec.targets)}
        unplanned = [Unplanned(region, figure) for region, figure in latest.items() if region not in planned]
        unplanned.sort(key=lambda row: (_worst_value(row.latest.value, entry.better), row.region))
    regions_shown = {result.region for result in rows} | {row.region for row in unplanned}
    shown = [figure for region, figure in latest.items() if region in regions_shown]
    counted = Counter(result.status for result in rows)
    return Comparison(
        indicator=indicator,
        entry=entry,
        as_of=evaluation.as_of,
        rows=tuple(rows),
        unplanned=tuple(unplanned),
        counts=status_counts(counted),
        spread=_spread(shown) if entry.unit != "boolean" else None,
        parent=parent,
        level=level,
    )


def _results_on(evaluation: Evaluation, indicator: str) -> list[TargetResult]:
    """The results of the targets on `indicator`, records built for those only (a national
    evaluation has a hundred thousand targets, a few thousand on one indicator)."""
    found: list[TargetResult] = []
    stores: dict[int, tuple[ResultStore, list[int]]] = {}
    for plan in evaluation.plans:
        specs = plan.columns.specs
        wanted = [i for i in plan.positions if specs[i].indicator == indicator]
        if wanted:
            stores.setdefault(id(plan.columns), (plan.columns, []))[1].extend(wanted)
    for store, positions in stores.values():
        found.extend(store.records(positions))
    return found


def _worst_value(value: float, better: str) -> float:
    return value if better == "higher" else -value if better == "lower" else 0.0


def _spread(figures: list[Figure]) -> Spread | None:
    if not figures:
        return None
    values, years = [figure.value for figure in figures], [figure.year for figure in figures]
    return Spread(float(statistics.median(values)), min(values), max(values), len(values), min(years), max(years))


def latest_figures(actuals: Actuals, indicator: str, as_of: int) -> dict[str, Figure]:
    """Each region's latest figure for `indicator` up to `as_of` (of a year's figures the one for
    that year alone; figures that conflict are left out), by region in name order."""
    if not len(actuals):
        return {}
    names = actuals.column("indicator")
    categories = list(names.categories)
    if indicator not in categories:
        return {}
    y_end = np.asarray(actuals.column("y_end"), dtype=np.int64)
    y_start = np.asarray(actuals.column("y_start"), dtype=np.int64)
    wanted = (
        (np.asarray(names.codes) == categories.index(indicator))
        & (y_end <= as_of)
        & ~np.asarray(actuals.column("conflict"))
    )
    at = np.flatnonzero(wanted)
    region = np.asarray(actuals.column("region").codes)[at]
    # The last row of each region by end year, then start year (the one-year figure last).
    order = np.lexsort((y_start[at], y_end[at], region))
    at, region = at[order], region[order]
    last: np.ndarray = np.append(region[1:] != region[:-1], True) if len(at) else np.zeros(0, bool)
    regions = actuals.column("region").categories
    value = np.asarray(actuals.column("value"), dtype=float)
    qualifier, written = actuals.column("qualifier"), actuals.column("written")
    lo, hi = np.asarray(actuals.column("lo"), dtype=float), np.asarray(actuals.column("hi"), dtype=float)
    found: dict[str, Figure] = {}
    for row, code in zip(at[last].tolist(), region[last].tolist(), strict=True):
        found[str(regions[code])] = Figure(
            year=int(y_end[row]),
            year_start=int(y_start[row]),
            value=float(value[row]),
            qualifier=str(qualifier[row]),
            written=str(written[row]) if written[row] == written[row] else "",
            lo=float(lo[row]),
            hi=float(hi[row]),
        )
    return dict(sorted(found.items()))
