"""A `ChartSpec` as a Mermaid xychart for the Markdown report, honest where Mermaid can be.

Mermaid's xychart has bars and lines on evenly spaced categories, no points, ranges, dash
styles or legend. So, from the same spec as the SVG:
- the categories are every year of the spec's x axis, so years keep their spacing and a
  year without a figure is a category without a bar: its value is a whole axis span below
  the axis (Mermaid draws no bar for it; at the axis minimum itself it draws a sliver, which
  reads as a small figure);
- the y axis is the spec's (it includes the goal and baseline; amounts start at zero; a
  rate's axis that does not start at zero says so in its title);
- bars are the baseline and the reported figures (running totals for cumulative targets);
  a figure with a qualifier is drawn at its written value (a closed range at its middle) and
  the caption says so; a conflicting year has no bar and the caption names it;
- lines, in this order and colour: the goal (green, flat), the straight path (grey), the
  trend (pink; left out when it leaves the axis, and the caption says so);
- the legend is a caption line for under the chart, naming colours and what they show.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from tracker.charts.spec import ChartSpec, Line, Role
from tracker.charts.svg import COLOURS
from tracker.escaping import clean
from tracker.messages import Lang, message

_UNSAFE = re.compile(r"[\"`\\<>{}\[\]#;|:\x00-\x1f\x7f\u2028\u2029\x85]+")
DIGITS = 6  # significant figures of data values
PALETTE = ", ".join(COLOURS[role] for role in (Role.REPORTED, Role.GOAL, Role.PATH, Role.TREND))


@dataclass(frozen=True)
class MermaidChart:
    """The fenced ```mermaid block (lines) and the legend line to print under it."""

    lines: tuple[str, ...]
    caption: str


@functools.lru_cache(maxsize=65_536)  # a national report repeats names, goals and units
def label_text(value: str) -> str:
    """Text for a quoted Mermaid label: control characters shown as escapes (`escaping.clean`), then
    quotes, brackets and line breaks removed and % made full-width (`%%` starts a Mermaid
    comment or directive). The one rule for every Mermaid label, the Markdown report's too."""
    return " ".join(_UNSAFE.sub(" ", clean(value)).replace("%", "％").split())


@functools.lru_cache(maxsize=65_536)
def data_number(value: float) -> str:
    """A value at DIGITS significant figures, in plain digits (Mermaid reads no exponent)."""
    if value == 0 or not math.isfinite(value):
        return "0"
    decimals = DIGITS - 1 - math.floor(math.log10(abs(value)))
    return f"{Decimal(repr(round(value, decimals) + 0.0)).normalize():f}"


def missing_value(spec: ChartSpec) -> float:
    """The bar value of a year without a figure: below the axis, so that no bar is drawn."""
    return spec.y.lo - (spec.y.hi - spec.y.lo)


def _at(line: Line, year: float) -> float:
    (x0, y0), (x1, y1) = line.points[0], line.points[-1]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (year - x0) / (x1 - x0)


def mermaid_chart(spec: ChartSpec, lang: Lang) -> MermaidChart:
    years = [int(t) for t in spec.x.ticks]
    bars = dict.fromkeys(years, missing_value(spec))
    notes: list[str] = []
    baseline = spec.point(Role.BASELINE)
    if baseline is not None and baseline.year in bars:
        bars[baseline.year] = baseline.value
    for mark in spec.figures:
        if mark.role is Role.CONFLICT:
            lo, hi = spec.number(mark.lo), spec.number(mark.hi)
            notes.append(message("chart.mermaid_conflict", lang, year=mark.year, lo=lo, hi=hi))
            continue
        bars[mark.year] = mark.value  # the written value; a closed range of totals at its middle
        if mark.role is not Role.REPORTED:
            drawn = spec.number(mark.value)
            notes.append(message("chart.mermaid_drawn_at", lang, year=mark.year, label=mark.label, value=drawn))
    legend = [message("chart.mermaid_bars_total" if spec.cumulative else "chart.mermaid_bars", lang)]
    series = []
    by_role = {entry.role: entry.text for entry in spec.legend}
    goal, path, trend = spec.line(Role.GOAL), spec.line(Role.PATH), spec.line(Role.TREND)
    palette = [COLOURS[Role.REPORTED]]
    if goal is not None:
        series.append([goal.points[0][1]] * len(years))
        legend.append(message("chart.mermaid_goal", lang, text=by_role[Role.GOAL]))
        palette.append(COLOURS[Role.GOAL])
    if path is not None:
        series.append([_at(path, year) for year in years])
        legend.append(message("chart.mermaid_path", lang))
        palette.append(COLOURS[Role.PATH])
    if trend is not None:
        values = [_at(trend, year) for year in years]
        whole = trend.points[0][0] <= years[0] and trend.points[-1][0] >= years[-1]
        if whole or all(spec.y.contains(v) for v in values):
            series.append(values)
            legend.append(message("chart.mermaid_trend", lang, text=by_role[Role.TREND]))
            palette.append(COLOURS[Role.TREND])
        else:
            legend.append(message("chart.mermaid_trend_off", lang, text=by_role[Role.TREND]))
    axis_title = spec.y_label + (f" ({spec.y_note})" if spec.y_note else "")
    init = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "' + ", ".join(palette) + '"}}}}%%'
    lines = [
        "```mermaid",
        init,
        "xychart-beta",
        f'    title "{label_text(spec.title)}"',
        "    x-axis [" + ", ".join(f'"{year}"' for year in years) + "]",
        f'    y-axis "{label_text(axis_title)}" {data_number(spec.y.lo)} --> {data_number(spec.y.hi)}',
        "    bar [" + ", ".join(data_number(bars[year]) for year in years) + "]",
    ]
    lines += ["    line [" + ", ".join(data_number(v) for v in values) + "]" for values in series]
    lines.append("```")
    sep = message("chart.clause_sep", lang)
    caption = message("chart.mermaid_legend", lang, items=sep.join(legend + notes))
    return MermaidChart(tuple(lines), caption)
