"""The same chart written four ways, for the comparison in docs/charts.md.

Each writer draws a `ChartSpec` (the honest rules are shared; only the drawing differs):
- `svg`: tracker.charts.svg, SVG written directly;
- `vegalite`: a Vega-Lite spec (a dict, as altair would produce) turned into SVG by vl-convert;
- `matplotlib`: matplotlib's SVG backend with `svg.fonttype: none`, so text stays text;
- `echarts`: pyecharts options for ECharts, drawn in the browser by the inlined echarts.min.js.
The three library writers draw the same marks, lines and legend but were not polished as far
as the chosen one; they exist to measure the technologies, not to ship.
"""

from __future__ import annotations

import io
import math
from typing import Any

from tracker.charts.spec import ChartSpec, Role
from tracker.charts.svg import COLOURS, svg_chart

DASH = {Role.PATH: [7, 4], Role.TREND: [1.5, 3.5], Role.GOAL: [1, 0]}
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "DejaVu Sans"]


def write_svg(spec: ChartSpec, chart_id: str) -> str:
    return svg_chart(spec, chart_id)


def _finite(value: float, lo: float, hi: float) -> float:
    return min(max(value, lo), hi) if math.isfinite(value) else (hi if value > 0 else lo)


def vegalite_spec(spec: ChartSpec) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for mark in spec.figures:
        lo, hi = _finite(mark.lo, spec.y.lo, spec.y.hi), _finite(mark.hi, spec.y.lo, spec.y.hi)
        rows.append(
            {"layer": "figure", "role": mark.role.value, "year": mark.year, "v": mark.value, "lo": lo, "hi": hi}
        )
    for line in spec.lines:
        for x, y in line.points:
            rows.append({"layer": "line", "role": line.role.value, "year": x, "v": y})
    for point in spec.points:
        rows.append({"layer": "point", "role": point.role.value, "year": point.year, "v": point.value})
    roles = [entry.role.value for entry in spec.legend if entry.role in COLOURS]
    labels = {entry.role.value: entry.text for entry in spec.legend}
    colour = {
        "field": "label",
        "type": "nominal",
        "scale": {"domain": [labels[r] for r in roles], "range": [COLOURS[Role(r)] for r in roles]},
        "legend": {"orient": "bottom", "columns": 3, "title": None},
    }
    for row in rows:
        row["label"] = labels.get(row["role"], row["role"])
    x = {
        "field": "year",
        "type": "quantitative",
        "scale": {"domain": [spec.x.lo, spec.x.hi]},
        "title": None,
        "axis": {"values": list(spec.x.ticks), "format": "d"},
    }
    y = {
        "field": "v",
        "type": "quantitative",
        "scale": {"domain": [spec.y.lo, spec.y.hi], "zero": False},
        "title": spec.y_label,
        "axis": {"values": list(spec.y.ticks)},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": spec.title,
        "description": spec.description,
        "width": 340,
        "height": 200,
        "data": {"values": rows},
        "config": {"font": ",".join(FONTS)},
        "layer": [
            {
                "transform": [{"filter": "datum.layer == 'line'"}],
                "mark": {"type": "line"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
                    "detail": {"field": "role"},
                    "strokeDash": {
                        "field": "role",
                        "scale": {"domain": [r.value for r in DASH], "range": list(DASH.values())},
                        "legend": None,
                    },
                },
            },
            {
                "transform": [{"filter": "datum.layer == 'figure' && datum.role != 'reported'"}],
                "mark": "rule",
                "encoding": {
                    "x": x,
                    "y": {"field": "lo", "type": "quantitative"},
                    "y2": {"field": "hi"},
                    "color": colour,
                },
            },
            {
                "transform": [{"filter": "datum.layer != 'line'"}],
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {"x": x, "y": y, "color": colour, "shape": {"field": "role", "legend": None}},
            },
            {
                "transform": [{"filter": "datum.layer == 'figure'"}],
                "mark": {"type": "text", "dx": 8, "align": "left"},
                "encoding": {"x": x, "y": y, "text": {"field": "v"}},
            },
        ],
    }


def write_vegalite(spec: ChartSpec, chart_id: str) -> str:
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(vegalite_spec(spec))
    return svg


def write_matplotlib(spec: ChartSpec, chart_id: str) -> str:
    import matplotlib

    matplotlib.use("svg")
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {"svg.fonttype": "none", "svg.hashsalt": chart_id, "font.family": "sans-serif", "font.sans-serif": FONTS}
    )
    figure = Figure(figsize=(4.2, 3.4), dpi=100)
    axes = figure.add_subplot()
    for line in spec.lines:
        xs, ys = zip(*line.points, strict=True)
        axes.plot(xs, ys, color=COLOURS[line.role], dashes=DASH[line.role], label=line.label, lw=1.6)
    for mark in spec.figures:
        colour = COLOURS[mark.role]
        if mark.role is Role.REPORTED:
            axes.plot([mark.year], [mark.value], "o", color=colour)
        else:
            lo, hi = _finite(mark.lo, spec.y.lo, spec.y.hi), _finite(mark.hi, spec.y.lo, spec.y.hi)
            axes.plot([mark.year, mark.year], [lo, hi], color=colour, lw=2)
            axes.plot([mark.year], [mark.value], "o", mfc="white", color=colour)
        axes.annotate(mark.label, (mark.year, mark.value), xytext=(6, 0), textcoords="offset points", fontsize=8)
    for point in spec.points:
        axes.plot([point.year], [point.value], "s" if point.role is Role.BASELINE else "D", color=COLOURS[point.role])
    axes.set_xlim(spec.x.lo, spec.x.hi)
    axes.set_ylim(spec.y.lo, spec.y.hi)
    axes.set_xticks(list(spec.x.ticks), list(spec.x.labels))
    axes.set_yticks(list(spec.y.ticks), list(spec.y.labels))
    axes.set_title(spec.title, loc="left", fontsize=11)
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Title": spec.title, "Description": spec.description})
    text = out.getvalue()
    return text[text.index("<svg") :]


def echarts_options(spec: ChartSpec) -> str:
    """ECharts options built with pyecharts; the series data are set as [year, value] pairs on a
    value axis afterwards (pyecharts' Line pairs values with category labels)."""
    from pyecharts import options as opts
    from pyecharts.charts import Line
    from pyecharts.commons.utils import JsCode

    chart = Line(
        init_opts=opts.InitOpts(
            width="420px",
            height="340px",
            renderer="svg",
            chart_id="c",
            animation_opts=opts.AnimationOpts(animation=False),
        )
    )
    chart.add_xaxis([])
    data: list[list[Any]] = []
    styles = {Role.PATH: "dashed", Role.TREND: "dotted", Role.GOAL: "solid"}
    for line in spec.lines:
        chart.add_yaxis(
            line.label,
            [],
            symbol="none",
            color=COLOURS[line.role],
            linestyle_opts=opts.LineStyleOpts(type_=styles[line.role], width=2),
        )
        data.append([list(p) for p in line.points])
    for role in (Role.REPORTED, Role.INTERVAL, Role.OPEN, Role.CONFLICT):
        marks = [m for m in spec.figures if m.role is role]
        if not marks:
            continue
        values: list[Any] = []
        for mark in marks:
            if role is Role.REPORTED:
                values.append([mark.year, mark.value])
            else:
                lo, hi = _finite(mark.lo, spec.y.lo, spec.y.hi), _finite(mark.hi, spec.y.lo, spec.y.hi)
                values += [[mark.year, lo], [mark.year, hi], "-"]
        chart.add_yaxis(
            next(e.text for e in spec.legend if e.role is role),
            [],
            color=COLOURS[role],
            is_connect_nones=False,
            symbol_size=8,
            label_opts=opts.LabelOpts(is_show=False),
            linestyle_opts=opts.LineStyleOpts(width=0 if role is Role.REPORTED else 2),
        )
        data.append(values)
    for point in spec.points:
        chart.add_yaxis(
            point.label or point.role.value,
            [],
            color=COLOURS[point.role],
            symbol="diamond" if point.role is Role.GOAL else "rect",
            symbol_size=10,
        )
        data.append([[point.year, point.value]])
    chart.set_global_opts(
        title_opts=opts.TitleOpts(title=spec.title),
        xaxis_opts=opts.AxisOpts(
            type_="value",
            min_=spec.x.lo,
            max_=spec.x.hi,
            axislabel_opts={
                "formatter": JsCode("function (v) { return String(v); }"),
                "customValues": [int(t) for t in spec.x.ticks],
            },
            axistick_opts={"customValues": [int(t) for t in spec.x.ticks]},
        ),
        yaxis_opts=opts.AxisOpts(type_="value", min_=spec.y.lo, max_=spec.y.hi, name=spec.y_label),
        legend_opts=opts.LegendOpts(pos_bottom=0),
    )
    for series, values in zip(chart.options["series"], data, strict=True):
        series["data"] = values
    options: str = chart.dump_options()
    return options


def write_echarts(spec: ChartSpec, chart_id: str) -> str:
    """A <div> and the script that draws it; the page inlines echarts.min.js once."""
    return (
        f'<div id="{chart_id}" style="width:420px;height:340px" role="img" aria-label="{spec.title}"></div>\n'
        f"<script>echarts.init(document.getElementById('{chart_id}'), null, {{renderer: 'svg'}})"
        f".setOption({echarts_options(spec)});</script>\n"
    )


WRITERS = {"svg": write_svg, "vegalite": write_vegalite, "matplotlib": write_matplotlib, "echarts": write_echarts}
IMPORTS = {
    "svg": "import tracker.charts.svg, tracker.charts.spec",
    "vegalite": "import vl_convert",
    "vegalite+altair": "import altair, vl_convert",
    "matplotlib": "import matplotlib; matplotlib.use('svg'); import matplotlib.figure, matplotlib.backends.backend_svg",
    "echarts": "import pyecharts.charts, pyecharts.options",
}
