"""The chart of one target, computed from a `ChartInput`: what is drawn where, in data units.

Every rule that keeps a chart honest lives here, so that each writer (SVG, Mermaid) only
places what the spec says:
- years on a value axis (2020, 2022, 2024 are two years apart; a year without a figure is a gap);
- a figure with a qualifier is drawn as its interval: closed (约10.6, 近90, 1.5万余) as a range,
  open-ended (超88%, 99%以上, 不足100) as a bound with an arrow to the edge; a year whose
  reports conflict is marked as such, with the range the reports disagree over;
- the baseline, the straight path from it to the goal, the goal as a line with a point at its
  deadline, and the trend `tracker explain` fits (clipped to the plot, its deadline value in
  the legend);
- cumulative targets draw running totals from 0 the year before the period (as
  `tracker.series` does: a span counts at its last year, conflicting figures are left out);
- the y axis of `tracker.charts.axes`.
Figures are selected as `tracker.series` selects them: single years after the baseline year
up to the as-of year and the deadline (cumulative: the window's years and spans).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from tracker import kinds
from tracker.charts.axes import Axis, y_axis, year_axis
from tracker.charts.inputs import ChartFigure, ChartInput
from tracker.messages import message

OP_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "~": "≈"}


class Role(enum.StrEnum):
    """What a drawn thing is; each has its own look and legend entry."""

    REPORTED = "reported"  # an exact figure
    INTERVAL = "interval"  # a figure known to lie in a closed range
    OPEN = "open"  # a figure known only from one side
    CONFLICT = "conflict"  # reports for the year contradict each other
    BASELINE = "baseline"
    PATH = "path"  # the straight path from the baseline to the goal
    GOAL = "goal"
    GOAL_ZONE = "goal_zone"  # the side of the goal line where the goal is met
    TREND = "trend"


@dataclass(frozen=True)
class FigureMark:
    """A reported figure (or running total) at `year`: its point `value` and its interval [lo, hi].

    lo or hi is infinite on an open-ended side; for a conflict [lo, hi] is the range the
    reports disagree over and `value` its middle.
    """

    role: Role
    year: int
    value: float
    lo: float
    hi: float
    label: str
    lo_open: bool = False
    hi_open: bool = False
    first_year: int | None = None


@dataclass(frozen=True)
class Line:
    """A straight line through `points` (year, value): the path, the goal or the trend."""

    role: Role
    points: tuple[tuple[float, float], ...]
    label: str


@dataclass(frozen=True)
class Point:
    """A single labelled point: the baseline, or the goal at its deadline."""

    role: Role
    year: int
    value: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    role: Role
    text: str


@dataclass(frozen=True)
class ChartSpec:
    """One chart, ready for a writer: axes, what is drawn, a legend and the accessible texts."""

    title: str
    description: str
    x: Axis
    y: Axis
    y_label: str
    y_note: str  # "axis starts at 75%" when it does not start at zero, else ""
    figures: tuple[FigureMark, ...]
    lines: tuple[Line, ...]
    points: tuple[Point, ...]
    legend: tuple[LegendEntry, ...]
    goal_side: Literal["above", "below"] | None = None  # where the goal is met
    as_of: int | None = None  # the evaluation year, drawn when it falls before the deadline
    as_of_label: str = ""
    cumulative: bool = False  # figures are running totals
    number: Callable[[float], str] = str  # the caller's rule for writing a value

    def line(self, role: Role) -> Line | None:
        return next((line for line in self.lines if line.role is role), None)

    def point(self, role: Role) -> Point | None:
        return next((point for point in self.points if point.role is role), None)

    def figure_at(self, year: int) -> FigureMark | None:
        return next((mark for mark in self.figures if mark.year == year), None)


def chart_spec(data: ChartInput) -> ChartSpec:
    """The chart of `data` under the rules above. Milestones have no chart (ValueError)."""
    rule = kinds.rule(data.kind)
    if not rule.charted:
        raise ValueError(f"a {data.kind} target has no chart")
    lang = data.lang
    cumulative = rule.running_total
    start = rule.start(data.baseline, data.period_start)
    marks = _running_totals(data) if cumulative else _levels(data)
    goal_level = _goal_level(data)
    goal_text = _goal_text(data)

    lines: list[Line] = []
    points: list[Point] = []
    if start is not None:  # labelled with its value (a cumulative target's start, 0, is not)
        points.append(Point(Role.BASELINE, start[0], start[1], "" if cumulative else data.label(start[1])))
    deadline = data.goal.by if data.goal is not None else None
    if goal_level is not None and deadline is not None:
        points.append(Point(Role.GOAL, deadline, goal_level, message("chart.goal_label", lang, goal=goal_text)))
        path = rule.planned_path(data.baseline, data.goal.value if data.goal else None, deadline, data.period_start)
        if path is not None and not path.is_goal:
            lines.append(Line(Role.PATH, (path.start, path.end), message("chart.path", lang)))

    years = [m.year for m in marks] + [m.first_year for m in marks if m.first_year is not None]
    years += [p.year for p in points]
    if data.trend is not None:
        years.append(data.trend.from_year)
    if not years:
        years = [data.as_of]
    x = year_axis(min(years), max(years))

    shown = [p.value for p in points]
    for mark in marks:
        shown += [v for v in (mark.lo, mark.hi, mark.value) if math.isfinite(v)]
    y = y_axis(shown, data.scale, data.label)

    if goal_level is not None:
        lines.append(
            Line(Role.GOAL, ((x.lo, goal_level), (x.hi, goal_level)), message("chart.goal_label", lang, goal=goal_text))
        )
    trend_line = _trend_line(data, x, y)
    if trend_line is not None:
        lines.append(trend_line)

    y_note = "" if y.from_zero else message("chart.axis_from", lang, value=data.label(y.lo))
    roles_drawn = {m.role for m in marks} | {line.role for line in lines} | {p.role for p in points}
    if _goal_side(data) is not None:
        roles_drawn.add(Role.GOAL_ZONE)
    legend = tuple(_legend(data, roles_drawn, goal_text, cumulative))
    as_of = data.as_of if deadline is not None and x.lo < data.as_of < deadline else None
    return ChartSpec(
        title=data.indicator + (f" ({message('chart.running_total', lang)})" if cumulative else ""),
        description=_description(data, marks, goal_text, y),
        x=x,
        y=y,
        y_label=data.unit,
        y_note=y_note,
        figures=tuple(marks),
        lines=tuple(lines),
        points=tuple(points),
        legend=legend,
        goal_side=_goal_side(data),
        as_of=as_of,
        as_of_label=message("chart.as_of", lang, year=as_of) if as_of is not None else "",
        cumulative=cumulative,
        number=data.label,
    )


def _last_year(data: ChartInput) -> int:
    return min(data.as_of, data.goal.by) if data.goal is not None else data.as_of


def _levels(data: ChartInput) -> list[FigureMark]:
    """The single-year figures after the baseline year up to the as-of year and the deadline."""
    first = data.baseline[0] if data.baseline is not None else data.period_start - 1
    last = _last_year(data)
    chosen = sorted(
        (f for f in data.figures if not f.is_span and first < f.year <= last), key=lambda f: (f.year, f.conflict)
    )
    marks: dict[int, FigureMark] = {}
    for figure in chosen:
        marks.setdefault(figure.year, _mark(data, figure, 0.0))
    return list(marks.values())


def _running_totals(data: ChartInput) -> list[FigureMark]:
    """Running totals of the window's figures at each year a figure ends (a conflict marks its year)."""
    last = _last_year(data)
    chosen = sorted(
        (f for f in data.figures if f.first_year >= data.period_start and f.year <= last),
        key=lambda f: (f.year, f.first_year),
    )
    lo = hi = 0.0
    lo_open = hi_open = False
    totals: dict[int, FigureMark] = {}
    conflicts: dict[int, FigureMark] = {}
    for figure in chosen:
        if figure.conflict:
            conflicts.setdefault(figure.year, _mark(data, figure, lo))
            continue
        lo, hi = lo + figure.lo, hi + figure.hi
        lo_open, hi_open = lo_open or figure.lo_open, hi_open or figure.hi_open
        exact = lo == hi
        totals[figure.year] = FigureMark(
            role=_role_of(lo, hi),
            year=figure.year,
            value=lo if exact else _point_of(lo, hi),
            lo=lo,
            hi=hi,
            label=_interval_text(data, lo, hi, lo_open, hi_open),
            lo_open=lo_open,
            hi_open=hi_open,
            first_year=figure.first_year if figure.is_span else None,
        )
    for year, mark in conflicts.items():
        totals.setdefault(year, mark)
    return [totals[year] for year in sorted(totals)]


def _role_of(lo: float, hi: float) -> Role:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return Role.OPEN
    return Role.REPORTED if lo == hi else Role.INTERVAL


def _point_of(lo: float, hi: float) -> float:
    """Where a running total's mark sits: the middle of a closed interval, else its finite end."""
    if math.isfinite(lo) and math.isfinite(hi):
        return (lo + hi) / 2
    return lo if math.isfinite(lo) else hi


def _interval_text(data: ChartInput, lo: float, hi: float, lo_open: bool, hi_open: bool) -> str:
    if lo == hi:
        return data.label(lo)
    if not math.isfinite(hi):
        return (">" if lo_open else "≥") + data.label(lo)
    if not math.isfinite(lo):
        return ("<" if hi_open else "≤") + data.label(hi)
    return f"{data.label(lo)}–{data.label(hi)}"


def _mark(data: ChartInput, figure: ChartFigure, offset: float) -> FigureMark:
    """The mark of one figure, shifted by `offset` (the running total before it)."""
    if figure.conflict:
        lo, hi = sorted((figure.lo + offset, figure.hi + offset))
        return FigureMark(Role.CONFLICT, figure.year, (lo + hi) / 2, lo, hi, message("chart.conflict_label", data.lang))
    label = figure.written or _interval_text(data, figure.lo, figure.hi, figure.lo_open, figure.hi_open)
    return FigureMark(
        role=_role_of(figure.lo, figure.hi),
        year=figure.year,
        value=figure.value + offset,
        lo=figure.lo + offset,
        hi=figure.hi + offset,
        label=label,
        lo_open=figure.lo_open,
        hi_open=figure.hi_open,
    )


def _goal_level(data: ChartInput) -> float | None:
    """Where the goal sits on the y axis: its value, or baseline + change for a change target."""
    if data.goal is None:
        return None
    return kinds.rule(data.kind).goal_level(None if data.baseline is None else data.baseline[1], data.goal.value)


def _goal_text(data: ChartInput) -> str:
    goal = data.goal
    if goal is None:
        return ""
    if goal.text:
        return goal.text
    symbol = OP_SYMBOLS.get(goal.op, goal.op)
    return message("chart.goal_text", data.lang, by=goal.by, symbol=symbol, op=goal.op, value=data.label(goal.value))


def _goal_side(data: ChartInput) -> Literal["above", "below"] | None:
    if data.goal is None or _goal_level(data) is None:
        return None
    if data.goal.op in (">=", ">"):
        return "above"
    if data.goal.op in ("<=", "<"):
        return "below"
    return None


def _trend_line(data: ChartInput, x: Axis, y: Axis) -> Line | None:
    """The trend from its first year to the deadline, cut where it leaves the plot."""
    trend, goal = data.trend, data.goal
    if trend is None or goal is None or goal.by <= trend.from_year:
        return None
    x0, x1 = float(trend.from_year), float(goal.by)
    y0, y1 = trend.at(x0, goal.by), trend.at_deadline
    if y0 != y1:  # keep the part with y.lo <= y <= y.hi
        t_lo, t_hi = sorted(((y.lo - y0) / (y1 - y0), (y.hi - y0) / (y1 - y0)))
        t0, t1 = max(0.0, t_lo), min(1.0, t_hi)
        if t0 >= t1:
            return None
        x0, x1, y0, y1 = x0 + (x1 - x0) * t0, x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t0, y0 + (y1 - y0) * t1
    elif not y.contains(y0):
        return None
    label = message("chart.trend_label", data.lang, year=goal.by, value=data.label(round(trend.at_deadline, 2)))
    return Line(Role.TREND, ((x0, y0), (x1, y1)), label)


def _legend(data: ChartInput, roles: set[Role], goal_text: str, cumulative: bool) -> Iterable[LegendEntry]:
    lang = data.lang
    for role in Role:
        if role not in roles:
            continue
        if role is Role.GOAL:
            text = message("chart.goal_label", lang, goal=goal_text)
        elif role is Role.TREND and data.trend is not None and data.goal is not None:
            text = message(
                "chart.trend_label", lang, year=data.goal.by, value=data.label(round(data.trend.at_deadline, 2))
            )
        elif role is Role.BASELINE and cumulative:
            text = message("chart.start", lang)
        else:
            text = message(f"chart.{role.value}", lang)
        yield LegendEntry(role, text)


def _description(data: ChartInput, marks: list[FigureMark], goal_text: str, y: Axis) -> str:
    """The chart in words, for screen readers (<desc>) and for anyone who cannot see it."""
    lang = data.lang
    parts = [data.indicator + message("chart.title_colon", lang)]
    if data.baseline is not None and not kinds.rule(data.kind).running_total:
        year, value = data.baseline
        parts.append(message("chart.desc_baseline", lang, year=year, value=data.label(value)))
    if goal_text:
        parts.append(message("chart.desc_goal", lang, goal=goal_text))
    items = []
    for mark in marks:
        if mark.role is Role.CONFLICT:
            items.append(
                message("chart.desc_conflict", lang, year=mark.year, lo=data.label(mark.lo), hi=data.label(mark.hi))
            )
        else:
            items.append(message("chart.year_value", lang, year=mark.year, value=mark.label))
    parts.append(
        message("chart.desc_figures", lang, items=message("chart.list_sep", lang).join(items))
        if items
        else message("chart.desc_none", lang)
    )
    if data.trend is not None and data.goal is not None:
        parts.append(
            message("chart.desc_trend", lang, year=data.goal.by, value=data.label(round(data.trend.at_deadline, 2)))
        )
    parts.append(message("chart.desc_axis", lang, lo=data.label(y.lo), hi=data.label(y.hi)))
    return message("chart.sentences", lang).join(parts)
