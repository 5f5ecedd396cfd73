"""`tracker report --format html`: one self-contained page to open, print and forward.

The overview and per-plan tables of the Markdown report, with each status in its colour and
words, a header row that stays in view, the provisional markers and the sources, and per
charted target its chart (`tracker.charts`: SVG written here, no script, no font, no request).
Print styles lay it out on A4 portrait without cutting a row, a table head or a chart across
pages; the charts tell their marks apart by shape and dash, so black and white reads the same.

Deterministic like the Markdown report: no clock, plans in engine order, ids by position
(`plan-3`, `chart-3-2`), so the same data give the same bytes. Every text from the data goes
through `escaping.html_text` (control characters shown as escapes, then HTML's five special
characters); chart texts through `tracker.charts.svg`, which escapes them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tracker.charts.spec import chart_spec
from tracker.charts.svg import svg_chart
from tracker.escaping import html_text
from tracker.messages import Lang, by_language, message, status_label
from tracker.models import Status
from tracker.render import Options, Renderer, common
from tracker.render.charted import chart_input
from tracker.results import Evaluation, Figure, PlanResult, Report, TargetResult

if TYPE_CHECKING:
    from tracker.above import Above

Figures = Mapping[tuple[str, str], tuple[Figure, ...]]

# Status colours: a background light enough for black text, the same hue family as the
# terminal's; the label is always written, so colour is never the only sign.
STATUS_COLOURS = {
    Status.ACHIEVED: "#b7e4c7",
    Status.ON_TRACK: "#d8f3dc",
    Status.BEHIND: "#fff3b0",
    Status.OFF_TRACK: "#ffd6a5",
    Status.REGRESSING: "#ffadad",
    Status.MISSED: "#f28b82",
    Status.PENDING: "#e2e8f0",
    Status.INDETERMINATE: "#e9d8fd",
    Status.NO_DATA: "#f1f1f1",
}

# A sign per status for the grid's cells, so that the grid reads without colour (in print).
STATUS_SIGNS = {
    Status.ACHIEVED: "✓",
    Status.ON_TRACK: "↗",
    Status.BEHIND: "…",
    Status.OFF_TRACK: "!",
    Status.REGRESSING: "↓",
    Status.MISSED: "✗",
    Status.PENDING: "·",
    Status.INDETERMINATE: "?",
    Status.NO_DATA: "–",
}

STYLE = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --head: #f3f5f7; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei',
  'WenQuanYi Micro Hei',system-ui,sans-serif; color: var(--ink); margin: 0; line-height: 1.5; font-size: 15px; }
main { max-width: 1360px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 1.6em; margin: 0.4em 0; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.4em; border-bottom: 2px solid var(--line); padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
p { margin: 0.4em 0; }
.nowrap { white-space: nowrap; }
.meta, .source, .note { color: var(--muted); font-size: 0.92em; overflow-wrap: anywhere; }
code { font-family: ui-monospace,'DejaVu Sans Mono',monospace; font-size: 0.85em; color: var(--muted);
  overflow-wrap: break-word; }
nav ol { columns: 2 320px; margin: 0.4em 0; padding-left: 1.6em; }
a { color: #0550ae; }
table { border-collapse: separate; border-spacing: 0; width: 100%; margin: 0.6em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { white-space: nowrap; }
thead th { position: sticky; top: 0; z-index: 1; background: var(--head); border-bottom: 2px solid #8c959f; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #8c959f; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; border: 1px solid rgba(0,0,0,0.25);
  white-space: nowrap; }
.awaiting, .above { display: block; font-size: 0.85em; color: var(--muted); }
.quote { max-width: 28em; }
.bar { display: inline-block; width: 80px; height: 10px; border: 1px solid #8c959f; vertical-align: middle;
  background: #fff; margin-right: 4px; }
.bar > span { display: block; height: 100%; background: #57606a; }
.attention li { margin: 0.2em 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 400px), 1fr)); gap: 16px;
  margin-top: 0.6em; }
figure.chart { margin: 0; padding: 6px; border: 1px solid var(--line); border-radius: 6px; break-inside: avoid; }
figure.chart svg { display: block; width: 100%; max-width: 480px; height: auto; margin: 0 auto; }
figure.chart figcaption { font-size: 0.85em; color: var(--muted); padding: 4px 4px 0; }
table.grid { width: auto; }
table.grid th, table.grid td { padding: 2px 8px; }
table.grid th.col { white-space: normal; min-width: 4.5em; max-width: 8em; font-weight: normal; font-size: 0.9em; }
table.grid td.cell { text-align: center; min-width: 2.4em; font-weight: bold; }
.legend-item { display: inline-block; margin: 0 1em 0.3em 0; white-space: nowrap; }
.legend-item .cell { display: inline-block; min-width: 1.8em; text-align: center; border: 1px solid #8c959f;
  margin-right: 0.3em; font-weight: bold; }
.scroll { overflow-x: auto; }
footer { margin-top: 2em; border-top: 1px solid var(--line); padding-top: 0.6em; color: var(--muted); }
@media (max-width: 700px) {
  main { padding: 10px 12px 30px; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards thead { display: none; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 10px; padding: 4px 8px; }
  table.cards td { border: 0; padding: 3px 0; text-align: left; }
  table.cards td:empty { display: none; }
  table.cards td[data-label]::before { content: attr(data-label) "："; color: var(--muted); font-size: 0.9em; }
  table.cards td.num { white-space: normal; }
  table.cards td.name { font-weight: bold; }
  .quote { max-width: none; }
}
@media print {
  @page { size: A4 portrait; margin: 14mm 12mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, td, th, figure.chart, .attention li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .charts { display: block; }
  figure.chart { display: inline-block; width: 49%; vertical-align: top; border: 0; padding: 0 0 8px; }
  .status { border-color: #555; }
  .bar { width: 40px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


NUMBER_HEAD = ' class="num"'


def words(key: str, lang: Lang, **fields: object) -> str:
    """A word of the report: `report.<key>` of the message catalog."""
    return message(f"report.{key}", lang, **fields)


def status_badge(status: Status, lang: Lang) -> str:
    colour = STATUS_COLOURS[status]
    return f'<span class="status status-{status.value}" style="background:{colour}">{status_label(status, lang)}</span>'


def lines_html(value: str) -> str:
    """Data text that may hold line breaks (a quote): each line escaped, joined by <br>."""
    return "<br>".join(html_text(line) for line in value.splitlines() or [""])


class HtmlReport(Renderer[Report]):
    """`tracker report --format html`: the page (see the module)."""

    suffix = "html"
    draws_charts = True

    def render(self, view: Report, options: Options) -> str:
        return render(view.evaluation, options.lang, view.figures, view.above)


def render(
    evaluation: Evaluation,
    lang: Lang = "zh",
    figures: Figures | None = None,
    above: Mapping[str, Above] | None = None,
) -> str:
    """The whole page: title, contents, overview, a section per plan with its charts, the legend."""
    figures = figures or {}
    above = above or {}
    targets = evaluation.targets
    title = html_text(words("title", lang, year=evaluation.as_of))
    body = [f"<h1>{title}</h1>"]
    body.append(f"<p>{html_text(words('intro', lang, plans=len(evaluation.plans), targets=len(targets)))}</p>")
    body += contents(evaluation, lang)
    body += overview(evaluation, lang)
    for number, plan in enumerate(evaluation.plans, 1):
        body += plan_section(number, plan, evaluation, figures, lang, above)
    body += legend(evaluation, lang, bool(above))
    return page(words("title", lang, year=evaluation.as_of), body, lang)


def page(title: str, body: list[str], lang: Lang) -> str:
    """The document around `body` (lines of HTML): the head with its title (escaped here) and styles."""
    head = (
        f'<!DOCTYPE html>\n<html lang="{by_language(lang, "zh-CN", "en")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="tracker report">\n<title>{html_text(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n"
    )
    return head + "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"


def contents(evaluation: Evaluation, lang: Lang) -> list[str]:
    if len(evaluation.plans) < 2:
        return []
    items = [
        f'<li><a href="#plan-{n}">{html_text(plan_title(plan, lang))}</a></li>'
        for n, plan in enumerate(evaluation.plans, 1)
    ]
    return [f'<nav aria-label="{html_text(message("html.contents", lang))}"><ol>', *items, "</ol></nav>"]


def plan_title(plan: PlanResult, lang: Lang) -> str:
    return by_language(lang, plan.title, plan.title_en or plan.title)


def overview(evaluation: Evaluation, lang: Lang) -> list[str]:
    """One row per plan (region, period, targets per status) and a total row."""
    statuses = list(evaluation.counts)
    heads = [message("plan", lang), message("region", lang), message("period", lang)]
    header = [f'<th scope="col">{html_text(h)}</th>' for h in heads]
    header.append(f'<th scope="col" class="num">{html_text(words("count", lang))}</th>')
    header += [f'<th scope="col" class="num">{status_badge(s, lang)}</th>' for s in statuses]
    labels = [*heads, words("count", lang), *(status_label(s, lang) for s in statuses)]
    rows = []
    for number, plan in enumerate(evaluation.plans, 1):
        counts = plan.counts
        cells = [
            f'<a href="#plan-{number}">{html_text(plan_title(plan, lang))}</a><br><code>{html_text(plan.id)}</code>',
            html_text(plan.region),
            f'<span class="nowrap">{plan.period_start}-{plan.period_end}</span>',
            str(len(plan.targets)),
            *(str(counts.get(s, 0)) for s in statuses),
        ]
        rows.append(row(cells, labels, numbers=3, name=0))
    totals = evaluation.counts
    total = ["", "", str(len(evaluation.targets)), *(str(totals.get(s, 0)) for s in statuses)]
    rows.append(row([html_text(words("total", lang)), *total], labels, numbers=3, name=0, css="total"))
    out = [f'<section id="overview"><h2>{html_text(words("overview", lang))}</h2>']
    out += ['<table class="overview cards">', "<thead><tr>" + "".join(header) + "</tr></thead>", "<tbody>"]
    out += rows + ["</tbody></table>"]
    provisional = sum(result.provisional for result in evaluation.targets)
    if provisional:
        out.append(f'<p class="note">{html_text(words("overview_provisional", lang, count=provisional))}</p>')
    return out + ["</section>"]


def row(cells: list[str], labels: list[str], numbers: int = 99, name: int = -1, css: str = "", stop: int = 99) -> str:
    """A table row; cells from `numbers` up to `stop` are right-aligned numbers, `name` is the
    row's name (shown bold on a phone). Each cell carries its column's label for the narrow layout."""
    out = []
    for i, (value, label) in enumerate(zip(cells, labels, strict=True)):
        classes = " ".join(c for c in ("num" if numbers <= i < stop else "", "name" if i == name else "") if c)
        attributes = (f' class="{classes}"' if classes else "") + (
            f' data-label="{html_text(label)}"' if i != name and value else ""
        )
        out.append(f"<td{attributes}>{value}</td>")
    return (f'<tr class="{css}">' if css else "<tr>") + "".join(out) + "</tr>"


def progress_bar(result: TargetResult) -> str:
    progress = common.shown_progress(result)
    if progress is None:
        return ""
    width = max(0.0, min(1.0, progress)) * 100
    return (
        f'<span class="bar" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>{round(progress * 100)}%'
    )


def plan_section(
    number: int,
    plan: PlanResult,
    evaluation: Evaluation,
    figures: Figures,
    lang: Lang,
    above: Mapping[str, Above] | None = None,
) -> list[str]:
    """A plan's heading, source, target table (with the goals above), the targets needing attention and its charts."""
    above = above or {}
    out = [f'<section class="plan" id="plan-{number}">', f"<h2>{html_text(plan_title(plan, lang))}</h2>"]
    meta = [
        f"<code>{html_text(plan.id)}</code>",
        html_text(plan.region),
        f"{plan.period_start}-{plan.period_end}",
        f"<code>{html_text(plan.file)}</code>",
    ]
    parent = common.parent_of([result.key for result in plan.targets], above) if above else None
    if parent is not None:
        meta.append(f"{html_text(message('above.parent', lang, plan=''))}<code>{html_text(parent)}</code>")
    out.append('<p class="meta">' + " · ".join(meta) + "</p>")
    if plan.near_misses:
        names = message("and_list", lang).join(name for name, _ in plan.near_misses)
        ignored = message("near_miss_rows", lang, rows=plan.ignored_rows, region=plan.region, names=names)
        out.append(f'<p class="note">⚠️ {html_text(ignored)}</p>')
    items = common.source_items(plan)
    if items:
        parts = [html_text(value) if key is None else f"{html_text(key)}: {html_text(value)}" for key, value in items]
        out.append(
            f'<p class="source">{html_text(message("source", lang) + message("colon", lang))}{" · ".join(parts)}</p>'
        )
    keys = ("target", "quote", "baseline", "latest", "goal", "progress", "ratio", "status")
    labels = [message(k, lang) for k in keys]
    header = "".join(
        f'<th scope="col"{NUMBER_HEAD if k in ("progress", "ratio") else ""}>{html_text(label)}</th>'
        for k, label in zip(keys, labels, strict=True)
    )
    charts: list[str] = []
    rows = []
    for index, result in enumerate(plan.targets, 1):
        unit = common.unit_of(evaluation.indicators, result.indicator)
        chart_id = f"chart-{number}-{index}"
        chart = target_chart(result, plan, evaluation, figures, lang, chart_id)
        name = html_text(common.indicator_name(evaluation.indicators, result.indicator, lang))
        if chart is not None:
            charts.append(chart)
            name = f'<a href="#{chart_id}">{name}</a>'
        status = status_badge(result.status, lang)
        if result.awaited_year is not None:
            status += f'<span class="awaiting">{html_text(message("awaiting", lang, year=result.awaited_year))}</span>'
        cells = [
            f"{name}<br><code>{html_text(result.target_id)}</code>",
            f'<span class="quote">{lines_html(result.quote)}</span>' if result.quote else "",
            html_text(common.baseline(result, unit)),
            html_text(common.latest_cell(result, unit, lang)),
            html_text(common.goal(result, unit, lang) + (" ◆" if result.binding else ""))
            + (
                f'<span class="above">{html_text(common.above_text(above[result.key], evaluation, lang))}</span>'
                if result.key in above
                else ""
            ),
            progress_bar(result),
            html_text(common.ratio(result.ratio)),
            status,
        ]
        rows.append(row(cells, labels, numbers=5, name=0))
    out += ['<table class="targets cards">', f"<thead><tr>{header}</tr></thead>", "<tbody>", *rows, "</tbody></table>"]
    attention = [r for r in plan.targets if r.status in common.NEEDS_ATTENTION]
    if attention:
        out += [f"<h3>{html_text(words('attention', lang))}</h3>", '<ul class="attention">']
        for result in attention:
            label, what = common.attention(result, evaluation, lang)
            name = html_text(common.indicator_name(evaluation.indicators, result.indicator, lang))
            said = html_text(words("attention_item", lang, label=label) + what)
            out.append(f"<li><b>{name}</b> <code>{html_text(result.target_id)}</code>{said}</li>")
        out.append("</ul>")
    if charts:
        out += [f"<h3>{html_text(words('charts', lang))}</h3>", '<div class="charts">', *charts, "</div>"]
    return out + ["</section>"]


def target_chart(
    result: TargetResult, plan: PlanResult, evaluation: Evaluation, figures: Figures, lang: Lang, chart_id: str
) -> str | None:
    """A target's chart as a <figure> with its SVG (None when it has none, or no figure to draw)."""
    data = chart_input(result, plan.period_start, evaluation, figures.get((result.region, result.indicator), ()), lang)
    if data is None:
        return None
    spec = chart_spec(data)
    if not spec.figures:  # a baseline and a goal only: the table says there is no figure yet
        return None
    goal = common.goal(result, common.unit_of(evaluation.indicators, result.indicator), lang)
    caption = f"<code>{html_text(result.target_id)}</code> · {html_text(goal)} · {status_badge(result.status, lang)}"
    return (
        f'<figure class="chart" id="{chart_id}">\n{svg_chart(spec, chart_id)}'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def legend(evaluation: Evaluation, lang: Lang, above: bool = False) -> list[str]:
    targets = evaluation.targets
    notes = []
    if any(t.binding for t in targets):
        notes.append(html_text(message("legend.binding", lang)))
    if any(t.judged_on_earlier_figure for t in targets):
        notes.append(html_text(message("legend.provisional", lang)))
    if above:
        notes.append(html_text(message("legend.above", lang)))
    notes.append(html_text(message("html.generated", lang)))
    return ["<footer>", *(f"<p>{note}</p>" for note in notes), "</footer>"]
