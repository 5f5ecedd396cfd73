"""A `ChartSpec` as a standalone SVG element: deterministic, text kept as text, readable in black and white.

Each kind of mark differs in shape or dash pattern, not only in colour (colours are the
Okabe-Ito set, distinct for colour-blind readers): exact figures are filled circles,
ranges are capped bars with a hollow circle, one-sided figures an arrow to the edge,
conflicting years a hatched box; the goal is a solid line with a diamond at its deadline,
the straight path dashed, the trend dotted. The chart carries its own <title> and <desc>
(the spec's description), so a screen reader or a text-only reader gets the same facts.
Coordinates are rounded to 0.1 px and nothing depends on a clock or random ids: the same
spec gives the same bytes. Chinese text uses the reader's system fonts (no font is fetched
or embedded); text widths for layout are estimated (a CJK character is one em).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.charts.spec import ChartSpec, FigureMark, LegendEntry, Role

WIDTH = 420
PAD = 10
FONT = 13
SMALL = 12
TITLE = 15
PLOT_HEIGHT = 200
FONT_FAMILY = (
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei',"
    "'WenQuanYi Micro Hei',sans-serif"
)

INK = "#222222"
GRID = "#d9d9d9"
COLOURS = {
    Role.REPORTED: "#0072B2",
    Role.INTERVAL: "#0072B2",
    Role.OPEN: "#0072B2",
    Role.CONFLICT: "#D55E00",
    Role.BASELINE: "#222222",
    Role.PATH: "#555555",
    Role.GOAL: "#009E73",
    Role.TREND: "#CC79A7",
}
HALO = 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
DASHES = {Role.PATH: "7 4", Role.TREND: "1.5 3.5", Role.GOAL: ""}
LINE_WIDTHS = {Role.PATH: 1.6, Role.TREND: 2.2, Role.GOAL: 1.8}


def text_width(text: str, size: float) -> float:
    """An estimate of the width of `text`: one em per wide (CJK) character, 0.6 em for others."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def num(value: float) -> str:
    """A coordinate rounded to 0.1, written without a trailing .0 (never -0)."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def wrap(text: str, size: float, width: float) -> list[str]:
    """`text` cut into lines no wider than `width` (at spaces when there are any, else anywhere)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and text_width(line + piece, size) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _pieces(text: str) -> Iterator[str]:
    """Words with their following space for Latin text, single characters for CJK."""
    word = ""
    for c in text:
        if unicodedata.east_asian_width(c) in "WF":
            if word:
                yield word
                word = ""
            yield c
        else:
            word += c
            if c == " ":
                yield word
                word = ""
    if word:
        yield word


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in the SVG, and the mapping from data units to pixels."""

    spec: ChartSpec
    left: float
    top: float
    right: float
    bottom: float

    def x(self, year: float) -> float:
        axis = self.spec.x
        return self.left + (year - axis.lo) / (axis.hi - axis.lo) * (self.right - self.left)

    def y(self, value: float) -> float:
        axis = self.spec.y
        if value == math.inf:
            return self.top
        if value == -math.inf:
            return self.bottom
        at = self.bottom - (value - axis.lo) / (axis.hi - axis.lo) * (self.bottom - self.top)
        return min(max(at, self.top), self.bottom)


def svg_chart(spec: ChartSpec, chart_id: str) -> str:
    """The chart as an <svg> element; `chart_id` prefixes its internal ids (unique within a page)."""
    out: list[str] = []
    title_lines = wrap(spec.title, TITLE, WIDTH - 2 * PAD)
    y = float(PAD + TITLE)
    heading = []
    for title_line in title_lines:
        heading.append(
            f'<text x="{PAD}" y="{num(y)}" font-size="{TITLE}" font-weight="bold">{escape(title_line)}</text>'
        )
        y += TITLE + 5
    label_width = max((text_width(label, SMALL) for label in spec.y.labels), default=0.0)
    unit_top = y + 4
    left, top = PAD + max(label_width, text_width(spec.y_label, SMALL)) + 8, unit_top + 12
    frame = _Frame(spec, left, top, WIDTH - PAD - 6, top + PLOT_HEIGHT)
    body = list(heading)
    body.append(
        f'<text x="{num(frame.left - 6)}" y="{num(unit_top)}" font-size="{SMALL}" text-anchor="end">'
        f"{escape(spec.y_label)}</text>"
    )
    body += _grid(frame)
    body += _goal_zone(frame, chart_id)
    body += _as_of(frame)
    for line in spec.lines:
        body.append(_line(frame, line.role, line.points))
    body += _goal_point(frame)  # under the figures: a figure on the goal at the deadline stays in view
    for mark in spec.figures:
        body += _figure(frame, mark, chart_id)
    body += _baseline_point(frame)
    y = frame.bottom + 18 + SMALL
    if spec.y_note:
        body.append(_axis_break(frame))
        body.append(
            f'<text x="{PAD}" y="{num(y)}" font-size="{SMALL}" font-style="italic">{escape(spec.y_note)}</text>'
        )
        y += SMALL + 8
    legend, y = _legend(spec.legend, y + 4, chart_id)
    body += legend
    height = math.ceil(y + PAD)
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT_FAMILY}" '
        f'font-size="{FONT}" fill="{INK}" class="tracker-chart">'
    )
    out.append(f'<title id="{chart_id}-title">{escape(spec.title)}</title>')
    out.append(f'<desc id="{chart_id}-desc">{escape(spec.description)}</desc>')
    out.append(_defs(chart_id))
    out.append('<rect width="100%" height="100%" fill="#ffffff"/>')
    out += body
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _defs(chart_id: str) -> str:
    conflict = COLOURS[Role.CONFLICT]
    goal = COLOURS[Role.GOAL]
    return (
        "<defs>"
        f'<pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{conflict}" stroke-width="2.5"/></pattern>'
        f'<pattern id="{chart_id}-zone" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="8" stroke="{goal}" '
        f'stroke-width="1" stroke-opacity="0.35"/></pattern>'
        "</defs>"
    )


def _grid(frame: _Frame) -> list[str]:
    spec = frame.spec
    out = []
    for tick, label in zip(spec.y.ticks, spec.y.labels, strict=True):
        y = num(frame.y(tick))
        out.append(
            f'<line x1="{num(frame.left)}" y1="{y}" x2="{num(frame.right)}" y2="{y}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{num(frame.left - 6)}" y="{num(frame.y(tick) + SMALL * 0.35)}" font-size="{SMALL}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    axis_y = num(frame.bottom)
    out.append(
        f'<line x1="{num(frame.left)}" y1="{axis_y}" x2="{num(frame.right)}" y2="{axis_y}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    out.append(
        f'<line x1="{num(frame.left)}" y1="{num(frame.top)}" x2="{num(frame.left)}" y2="{axis_y}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for tick, label in zip(spec.x.ticks, spec.x.labels, strict=True):
        x = num(frame.x(tick))
        out.append(
            f'<line x1="{x}" y1="{axis_y}" x2="{x}" y2="{num(frame.bottom + 4)}" stroke="{INK}" stroke-width="1"/>'
        )
        if label:
            out.append(
                f'<text x="{x}" y="{num(frame.bottom + 6 + SMALL)}" font-size="{SMALL}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    return out


def _axis_break(frame: _Frame) -> str:
    """A zigzag across the foot of the y axis: the axis does not start at zero."""
    x, y = frame.left, frame.bottom - 16
    return (
        f'<rect x="{num(x - 5)}" y="{num(y - 3)}" width="10" height="8" fill="#ffffff"/>'
        f'<path d="M{num(x - 5)} {num(y)} l3.3 -3 l3.3 3 l3.3 -3" fill="none" stroke="{INK}" stroke-width="1.2"/>'
        f'<path d="M{num(x - 5)} {num(y + 5)} l3.3 -3 l3.3 3 l3.3 -3" fill="none" stroke="{INK}" stroke-width="1.2"/>'
    )


def _goal_zone(frame: _Frame, chart_id: str) -> list[str]:
    """A light hatch over the side of the goal line where the goal is met."""
    spec = frame.spec
    goal = spec.point(Role.GOAL)
    if goal is None or spec.goal_side is None:
        return []
    at = frame.y(goal.value)
    top, bottom = (frame.top, at) if spec.goal_side == "above" else (at, frame.bottom)
    if bottom - top < 0.5:
        return []
    return [
        f'<rect x="{num(frame.left)}" y="{num(top)}" width="{num(frame.right - frame.left)}" '
        f'height="{num(bottom - top)}" fill="url(#{chart_id}-zone)"/>'
    ]


def _as_of(frame: _Frame) -> list[str]:
    """The evaluation year, when the deadline is still ahead: a thin rule and its label."""
    spec = frame.spec
    if spec.as_of is None:
        return []
    x = frame.x(spec.as_of)
    return [
        f'<line x1="{num(x)}" y1="{num(frame.top)}" x2="{num(x)}" y2="{num(frame.bottom)}" stroke="#999999" '
        f'stroke-width="1" stroke-dasharray="2 2"/>',
        f'<text x="{num(x - 3)}" y="{num(frame.top + SMALL)}" font-size="{SMALL - 1}" text-anchor="end" '
        f'fill="#666666">{escape(spec.as_of_label)}</text>',
    ]


def _line(frame: _Frame, role: Role, points: tuple[tuple[float, float], ...]) -> str:
    path = " ".join(f"{'M' if i == 0 else 'L'}{num(frame.x(x))} {num(frame.y(y))}" for i, (x, y) in enumerate(points))
    dash = DASHES.get(role, "")
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    cap = ' stroke-linecap="round"' if role is Role.TREND else ""
    return (
        f'<path d="{path}" fill="none" stroke="{COLOURS[role]}" stroke-width="{LINE_WIDTHS.get(role, 1.5)}"'
        f'{dashed}{cap} class="{role.value}"/>'
    )


def _label(frame: _Frame, x: float, y: float, text: str, colour: str = INK, gap: float = 7) -> str:
    """A small label right of (x, y), or left of it when it would leave the chart."""
    width = text_width(text, SMALL)
    halo = f'font-size="{SMALL}" fill="{colour}" {HALO}'  # legible where it crosses a line
    if x + gap + width > WIDTH - PAD:
        return f'<text x="{num(x - gap)}" y="{num(y + SMALL * 0.35)}" {halo} text-anchor="end">{escape(text)}</text>'
    return f'<text x="{num(x + gap)}" y="{num(y + SMALL * 0.35)}" {halo}>{escape(text)}</text>'


def _figure(frame: _Frame, mark: FigureMark, chart_id: str) -> list[str]:
    colour = COLOURS[mark.role]
    x = frame.x(mark.year)
    title = f"<title>{mark.year}: {escape(mark.label)}</title>"
    if mark.role is Role.CONFLICT:
        top, bottom = frame.y(mark.hi), frame.y(mark.lo)
        height = max(bottom - top, 6.0)
        return [
            f'<g class="figure conflict">{title}<rect x="{num(x - 7)}" y="{num((top + bottom - height) / 2)}" '
            f'width="14" height="{num(height)}" fill="url(#{chart_id}-hatch)" stroke="{colour}" stroke-width="1.2"/>'
            "</g>",
            _label(frame, x, (top + bottom) / 2, mark.label, colour, gap=11),
        ]
    y = frame.y(mark.value)
    parts = [f'<g class="figure {mark.role.value}">{title}']
    if mark.role is Role.REPORTED:
        parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="4.5" fill="{colour}"/>')
    else:
        top, bottom = frame.y(mark.hi), frame.y(mark.lo)
        parts.append(
            f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" stroke="{colour}" stroke-width="2"/>'
        )
        for value, end in ((mark.hi, top), (mark.lo, bottom)):
            if math.isfinite(value):
                parts.append(
                    f'<line x1="{num(x - 5)}" y1="{num(end)}" x2="{num(x + 5)}" y2="{num(end)}" stroke="{colour}" '
                    'stroke-width="2"/>'
                )
            else:
                tip = 1 if value > 0 else -1  # an arrowhead at the edge the range runs off
                parts.append(
                    f'<path d="M{num(x - 5)} {num(end + 8 * tip)} L{num(x)} {num(end)} L{num(x + 5)} '
                    f'{num(end + 8 * tip)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="#ffffff" stroke="{colour}" stroke-width="2"/>')
    parts.append("</g>")
    return ["".join(parts), _label(frame, x, y, mark.label)]


def _baseline_point(frame: _Frame) -> list[str]:
    out = []
    baseline = frame.spec.point(Role.BASELINE)
    if baseline is not None:
        x, y = frame.x(baseline.year), frame.y(baseline.value)
        out.append(
            f'<rect x="{num(x - 4.5)}" y="{num(y - 4.5)}" width="9" height="9" fill="#ffffff" stroke="{INK}" '
            f'stroke-width="2" class="baseline"><title>{baseline.year}: {escape(baseline.label)}</title></rect>'
        )
        if baseline.label:
            out.append(_label(frame, x, y, baseline.label))
    return out


def _goal_point(frame: _Frame) -> list[str]:
    out = []
    goal = frame.spec.point(Role.GOAL)
    if goal is not None:
        x, y = frame.x(goal.year), frame.y(goal.value)
        colour = COLOURS[Role.GOAL]
        out.append(
            f'<path d="M{num(x)} {num(y - 7)} L{num(x + 7)} {num(y)} L{num(x)} {num(y + 7)} L{num(x - 7)} {num(y)} Z" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="1" class="goal"><title>{escape(goal.label)}</title></path>'
        )
    return out


def _legend(entries: tuple[LegendEntry, ...], top: float, chart_id: str) -> tuple[list[str], float]:
    """The legend in rows under the plot; returns its elements and where it ends."""
    out = []
    x, y = float(PAD), top + SMALL
    for entry in entries:
        width = 30 + text_width(entry.text, SMALL)
        if x > PAD and x + width > WIDTH - PAD:
            x, y = float(PAD), y + SMALL + 9
        out.append(_swatch(entry.role, x, y - SMALL * 0.35, chart_id))
        out.append(f'<text x="{num(x + 26)}" y="{num(y)}" font-size="{SMALL}">{escape(entry.text)}</text>')
        x += width + 14
    return out, y + 4


def _swatch(role: Role, x: float, y: float, chart_id: str) -> str:
    colour = COLOURS[Role.GOAL if role is Role.GOAL_ZONE else role]
    centre = x + 10
    if role is Role.GOAL_ZONE:
        return (
            f'<rect x="{num(x)}" y="{num(y - 7)}" width="20" height="14" fill="url(#{chart_id}-zone)" '
            f'stroke="{colour}" stroke-width="0.8" stroke-opacity="0.5"/>'
        )
    if role in (Role.PATH, Role.TREND, Role.GOAL):
        dash = DASHES.get(role, "")
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        cap = ' stroke-linecap="round"' if role is Role.TREND else ""
        line = (
            f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x + 20)}" y2="{num(y)}" stroke="{colour}" '
            f'stroke-width="{LINE_WIDTHS[role]}"{dashed}{cap}/>'
        )
        if role is Role.GOAL:
            line += (
                f'<path d="M{num(centre)} {num(y - 5)} L{num(centre + 5)} {num(y)} L{num(centre)} {num(y + 5)} '
                f'L{num(centre - 5)} {num(y)} Z" fill="{colour}"/>'
            )
        return line
    if role is Role.REPORTED:
        return f'<circle cx="{num(centre)}" cy="{num(y)}" r="4.5" fill="{colour}"/>'
    if role is Role.BASELINE:
        return (
            f'<rect x="{num(centre - 4.5)}" y="{num(y - 4.5)}" width="9" height="9" fill="#ffffff" stroke="{colour}" '
            'stroke-width="2"/>'
        )
    if role is Role.CONFLICT:
        return (
            f'<rect x="{num(centre - 6)}" y="{num(y - 7)}" width="12" height="14" fill="url(#{chart_id}-hatch)" '
            f'stroke="{colour}" stroke-width="1.2"/>'
        )
    bar = (
        f'<line x1="{num(centre)}" y1="{num(y - 8)}" x2="{num(centre)}" y2="{num(y + 8)}" '
        f'stroke="{colour}" stroke-width="2"/>'
    )
    if role is Role.INTERVAL:
        ends = "".join(
            f'<line x1="{num(centre - 4)}" y1="{num(end)}" x2="{num(centre + 4)}" y2="{num(end)}" stroke="{colour}" '
            'stroke-width="2"/>'
            for end in (y - 8, y + 8)
        )
    else:
        ends = (
            f'<path d="M{num(centre - 4)} {num(y - 2)} L{num(centre)} {num(y - 8)} L{num(centre + 4)} {num(y - 2)}" '
            f'fill="none" stroke="{colour}" stroke-width="2"/>'
            f'<line x1="{num(centre - 4)}" y1="{num(y + 8)}" x2="{num(centre + 4)}" y2="{num(y + 8)}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return (
        bar
        + ends
        + f'<circle cx="{num(centre)}" cy="{num(y + 2)}" r="3" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    )
