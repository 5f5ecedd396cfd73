"""`tracker report --format html` over many plans: the summary (`tracker.summary.Summary`) as a page.

The counts by status and by indicator (with the regions furthest behind), by parent plan,
the changes since the previous report, and the region by indicator grid: each cell coloured
by the target's status and carrying its sign (`html.STATUS_SIGNS`), so that it reads in
black and white, with the status's words in its tooltip and a legend under the grid.
Built like the page of every plan (`tracker.render.html`): the same styles, the same
escaping, no script, deterministic.
"""

from __future__ import annotations

from tracker.escaping import html_text
from tracker.messages import Lang, message, status_label
from tracker.models import Status
from tracker.render import Options, Renderer, common
from tracker.render.html import STATUS_COLOURS, STATUS_SIGNS, page, plan_title, row, status_badge
from tracker.render.summary_markdown import change_counts, words
from tracker.results import Evaluation
from tracker.summary import DETAIL_FOLDER, ChangeSummary, Grid, Summary


class HtmlSummary(Renderer[Summary]):
    """The summary report as an HTML page (see the module)."""

    suffix = "html"

    def render(self, view: Summary, options: Options) -> str:
        return render(view, options.lang)


def render(summary: Summary, lang: Lang = "zh") -> str:
    """The whole page: title, counts, by indicator, by parent plan, changes, the grid, the plan pages."""
    evaluation = summary.evaluation
    intro = "intro_detail" if summary.detail else "intro"
    folder = f"{DETAIL_FOLDER}/"
    body = [f"<h1>{html_text(words('title', lang, year=summary.as_of))}</h1>"]
    fields = {"plans": summary.plans, "targets": summary.targets, "threshold": summary.threshold, "folder": folder}
    body.append(f"<p>{html_text(words(intro, lang, **fields))}</p>")
    statuses = list(summary.counts)
    labels = [message("report.count", lang), *(status_label(s, lang) for s in statuses)]
    header = "".join(f'<th scope="col" class="num">{status_badge(s, lang)}</th>' for s in statuses)
    body += [
        f'<section id="statuses"><h2>{html_text(words("statuses", lang))}</h2>',
        '<table class="cards">',
        f'<thead><tr><th scope="col" class="num">{html_text(labels[0])}</th>{header}</tr></thead>',
        "<tbody>",
        row([str(summary.targets), *(str(n) for n in summary.counts.values())], labels, numbers=0),
        "</tbody></table></section>",
    ]
    body += by_indicator(summary, statuses, lang)
    if summary.parents:
        body += by_parent(summary, statuses, lang)
    if summary.changes is not None:
        body += changes(summary.changes, lang)
    body += grid(summary.grid, evaluation, lang)
    if summary.detail:
        body += [f"<h2>{html_text(words('detail_pages', lang))}</h2>", "<ul>"]
        body += [
            f'<li><a href="{DETAIL_FOLDER}/{html_text(plan.id)}.md">{html_text(plan_title(plan, lang))}</a> · '
            f"{html_text(plan.region)}</li>"
            for plan in evaluation.plans
        ]
        body.append("</ul>")
    return page(words("title", lang, year=summary.as_of), body, lang)


def _name(evaluation: Evaluation, indicator: str, lang: Lang) -> str:
    return html_text(common.indicator_name(evaluation.indicators, indicator, lang))


def by_indicator(summary: Summary, statuses: list[Status], lang: Lang) -> list[str]:
    heads = [words("indicator", lang), words("plans", lang), message("report.count", lang)]
    labels = [*heads, *(status_label(s, lang) for s in statuses), words("furthest_behind", lang)]
    header = f'<th scope="col">{html_text(heads[0])}</th>'
    header += "".join(f'<th scope="col" class="num">{html_text(h)}</th>' for h in heads[1:])
    header += "".join(f'<th scope="col" class="num">{status_badge(s, lang)}</th>' for s in statuses)
    header += f'<th scope="col">{html_text(labels[-1])}</th>'
    rows = []
    for entry in summary.indicators:
        behind = "<br>".join(
            f"{html_text(r.region)} (R {common.ratio(r.ratio)}, {status_label(r.status, lang)})"
            for r in entry.furthest_behind
        )
        cells = [
            f"{_name(summary.evaluation, entry.indicator, lang)}<br><code>{html_text(entry.indicator)}</code>",
            str(entry.plans),
            str(entry.targets),
            *(str(entry.counts.get(s, 0)) for s in statuses),
            behind,
        ]
        rows.append(row(cells, labels, numbers=1, name=0, stop=len(cells) - 1))
    return [
        f'<section id="by-indicator"><h2>{html_text(words("by_indicator", lang))}</h2>',
        '<table class="cards">',
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table></section>",
    ]


def by_parent(summary: Summary, statuses: list[Status], lang: Lang) -> list[str]:
    heads = [message("plan", lang), words("children", lang), message("report.count", lang)]
    labels = [*heads, *(status_label(s, lang) for s in statuses)]
    header = f'<th scope="col">{html_text(heads[0])}</th>'
    header += "".join(f'<th scope="col" class="num">{html_text(h)}</th>' for h in heads[1:])
    header += "".join(f'<th scope="col" class="num">{status_badge(s, lang)}</th>' for s in statuses)
    rows = [
        row(
            [
                f"{html_text(plan_title(entry.plan, lang))}<br><code>{html_text(entry.plan.id)}</code>",
                str(len(entry.children)),
                str(entry.targets),
                *(str(entry.counts.get(s, 0)) for s in statuses),
            ],
            labels,
            numbers=1,
            name=0,
        )
        for entry in summary.parents
    ]
    return [
        f'<section id="by-parent"><h2>{html_text(words("by_parent", lang))}</h2>',
        f'<p class="note">{html_text(words("by_parent_intro", lang))}</p>',
        '<table class="cards">',
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table></section>",
    ]


def changes(summary: ChangeSummary, lang: Lang) -> list[str]:
    out = [f'<section id="changes"><h2>{html_text(words("changes", lang, year=summary.previous_as_of))}</h2>']
    if summary.empty:
        return out + [f"<p>{html_text(message('report.no_changes', lang))}</p>", "</section>"]
    counted = change_counts(summary, lang)
    out.append(f"<p>{html_text(counted)}</p>")
    if summary.largest:
        shown = words("largest_changes", lang, shown=len(summary.largest), total=summary.status_changes)
        out.append(f"<p>{html_text(shown)}</p>")
        out.append("<ul>")
        out += [
            f"<li><code>{html_text(change.key)}</code> {html_text(change.region)}: "
            f"{status_badge(change.before, lang)} → {status_badge(change.after, lang)} ({change.steps:+d})</li>"
            for change in summary.largest
        ]
        out.append("</ul>")
    return out + ["</section>"]


def grid_cell(status: Status | None, lang: Lang) -> str:
    if status is None:
        return '<td class="cell"></td>'
    label = status_label(status, lang)
    return (
        f'<td class="cell status-{status.value}" style="background:{STATUS_COLOURS[status]}" title="{label}">'
        f'<span aria-label="{label}">{STATUS_SIGNS[status]}</span></td>'
    )


def grid(table: Grid, evaluation: Evaluation, lang: Lang) -> list[str]:
    """The region by indicator grid: one coloured cell with a sign per target, empty where none."""
    header = f'<th scope="col">{html_text(message("region", lang))}</th>'
    header += "".join(f'<th scope="col" class="col">{_name(evaluation, i, lang)}</th>' for i in table.indicators)
    rows = [
        f'<tr><th scope="row">{html_text(region)}</th>{"".join(grid_cell(status, lang) for status in cells)}</tr>'
        for region, cells in zip(table.regions, table.cells, strict=True)
    ]
    shown = [status for status in STATUS_SIGNS if any(status in cells for cells in table.cells)]
    legend = "".join(
        f'<span class="legend-item"><span class="cell" style="background:{STATUS_COLOURS[s]}">{STATUS_SIGNS[s]}</span>'
        f"{status_label(s, lang)}</span>"
        for s in shown
    )
    intro = words("grid_intro", lang, shown=len(table.regions), total=table.regions_total)
    if table.indicators_total > len(table.indicators):
        intro += words("grid_columns", lang, shown=len(table.indicators), total=table.indicators_total)
    return [
        f'<section id="grid"><h2>{html_text(words("grid", lang))}</h2>',
        f"<p>{html_text(intro)}</p>",
        '<div class="scroll"><table class="grid">',
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table></div>",
        f'<p class="legend">{html_text(words("legend", lang))}{html_text(message("colon", lang))}{legend}</p>',
        "</section>",
    ]
