"""A target's chart input from the results model: the one mapping both reports use.

`chart_input` turns a `TargetResult`, its plan's period and the figures of its region and
indicator (`Report.figures`) into the `tracker.charts.inputs.ChartInput` that
`tracker.charts.spec.chart_spec` draws from (docs/charts.md, "The input"): names and units in
the report's language, numbers written by the report's own rule, qualified figures as their
intervals, conflicting ones marked, and the trend `tracker explain` fits.
"""

from __future__ import annotations

from tracker import kinds
from tracker.charts.inputs import Better, ChartFigure, ChartGoal, ChartInput, ChartTrend, Scale
from tracker.escaping import clean
from tracker.explain import least_squares
from tracker.messages import Lang
from tracker.models import Kind
from tracker.render import common
from tracker.results import Evaluation, Figure, TargetResult

# What a catalog unit measures, which decides where a chart's y axis may start (docs/charts.md).
PERCENT_UNITS = frozenset({"percent", "percentage_point"})
RATE_UNITS = frozenset({"ratio", "year", "hour", "mbps"})


def scale_of(unit: str) -> Scale:
    if unit in PERCENT_UNITS:
        return Scale.PERCENT
    return Scale.RATE if unit in RATE_UNITS else Scale.AMOUNT


def is_charted(result: TargetResult) -> bool:
    """Whether a target gets a chart: a charted kind with a goal and a series (`tracker.series`)."""
    return bool(result.series) and result.op is not None and result.target_value is not None


def chart_figure(figure: Figure, unit: str) -> ChartFigure:
    return ChartFigure(
        year=figure.year,
        value=figure.value,
        lo=figure.lo,
        hi=figure.hi,
        qualifier=figure.qualifier,
        written="" if figure.is_exact else clean(common.figure(figure, unit)),
        lo_open=figure.lo_open,
        hi_open=figure.hi_open,
        conflict=figure.conflict,
        year_start=figure.year_start,
    )


def series_figures(result: TargetResult, period_start: int) -> tuple[ChartFigure, ...]:
    """The figures of a target's series (`tracker.series`) as exact ones, for a view that has no
    `Report.figures` (the summary's detail pages): levels as they are, the baseline left out;
    running totals back to what each year (or span since the previous total) added."""
    if kinds.rule(result.kind).running_total:
        figures, total, year = [], 0.0, period_start - 1
        for end, value in result.series:
            flow = value - total
            figures.append(ChartFigure(end, flow, flow, flow, year_start=year + 1))
            total, year = value, end
        return tuple(figures)
    return tuple(
        ChartFigure(year, value, value, value) for year, value in result.series if year != result.baseline_year
    )


def trend_of(result: TargetResult, period_start: int) -> ChartTrend | None:
    """The least-squares line `tracker explain` fits to the target's points, if its kind has one."""
    rule = kinds.rule(result.kind)
    if not rule.has_trend:
        return None
    points = rule.trend_points(result.series, period_start)
    slope, at_deadline = least_squares(points, result.by)
    if slope is None or at_deadline is None:
        return None
    return ChartTrend(points[0][0], slope, at_deadline)


def chart_input(
    result: TargetResult,
    period_start: int,
    evaluation: Evaluation,
    figures: tuple[Figure, ...] | None,
    lang: Lang,
) -> ChartInput | None:
    """The chart of `result` (None when it has none, `is_charted`); `figures` are those of its
    region and indicator (`Report.figures`), or None for a view without them (`series_figures`)."""
    if not is_charted(result) or not kinds.rule(result.kind).charted:
        return None
    assert result.op is not None and result.target_value is not None  # is_charted
    unit = common.unit_of(evaluation.indicators, result.indicator)
    entry = evaluation.indicators.get(result.indicator)
    baseline = None
    if result.baseline_year is not None and result.baseline_value is not None:
        baseline = (result.baseline_year, result.baseline_value)

    def number(value: float) -> str:
        return common.number(value, unit)

    return ChartInput(
        indicator=clean(common.indicator_name(evaluation.indicators, result.indicator, lang)),
        unit="%" if unit == "percent" else clean(common.axis_label(unit, lang)),
        scale=scale_of(unit),
        kind=Kind(result.kind),
        figures=(
            series_figures(result, period_start)
            if figures is None
            else tuple(chart_figure(figure, unit) for figure in figures)
        ),
        goal=ChartGoal(result.op, result.target_value, result.by, clean(common.goal(result, unit, lang))),
        as_of=evaluation.as_of,
        period_start=period_start,
        baseline=baseline,
        better=Better(entry.better) if entry is not None else Better.HIGHER,
        trend=trend_of(result, period_start),
        lang=lang,
        number=number,
    )
