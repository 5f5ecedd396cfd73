"""`tracker report` over many plans: the summary (`tracker.summary.Summary`) as Markdown.

Deterministic like the report of every plan (`tracker.render.markdown`), and escaped the same
way (its `text`, `cell` and `code_cell`). `detail_pages` makes the page of each plan that
`report --detail` writes beside it: the report of that one plan, charts included.
"""

from __future__ import annotations

from tracker.messages import Lang, message
from tracker.models import Status
from tracker.render import Options, Renderer, common
from tracker.render.markdown import STATUS_MARKS, cell, code_cell, plan_title, status_cell, table, text
from tracker.render.markdown import render as render_report
from tracker.results import Evaluation
from tracker.summary import DETAIL_FOLDER, ChangeSummary, Grid, Summary


def words(key: str, lang: Lang, **fields: object) -> str:
    """A word of the summary: `summary.<key>` of the message catalog (the HTML summary's too)."""
    return message(f"summary.{key}", lang, **fields)


def change_counts(changes: ChangeSummary, lang: Lang) -> str:
    """The one-line count of what changed since the previous report (both summary formats)."""
    return words(
        "change_counts",
        lang,
        statuses=changes.status_changes,
        worse=changes.worse,
        better=changes.better,
        figures=changes.new_figures,
        added=changes.added,
        removed=changes.removed,
    )


class SummaryMarkdown(Renderer[Summary]):
    """The summary report in Markdown (see the module)."""

    suffix = "md"
    shows_changes = True

    def render(self, view: Summary, options: Options) -> str:
        return render(view, options.lang)


def render(summary: Summary, lang: Lang = "zh") -> str:
    """The whole summary: title, counts, by indicator, by parent plan, changes, the grid, the pages."""
    evaluation = summary.evaluation
    folder = f"{DETAIL_FOLDER}/"
    intro = "intro_detail" if summary.detail else "intro"
    lines = [f"# {words('title', lang, year=summary.as_of)}", "", message("report.generated", lang), ""]
    lines += [
        text(
            words(intro, lang, plans=summary.plans, targets=summary.targets, threshold=summary.threshold, folder=folder)
        ),
        "",
    ]
    statuses = list(summary.counts)
    lines += [f"## {words('statuses', lang)}", ""]
    lines += table(
        [message("report.count", lang), *(status_cell(s, lang) for s in statuses)],
        [[str(summary.targets), *(str(n) for n in summary.counts.values())]],
        right=frozenset(range(len(statuses) + 1)),
    )
    lines += ["", *_by_indicator(summary, statuses, lang)]
    if summary.parents:
        lines += ["", *_by_parent(summary, statuses, lang)]
    if summary.changes is not None:
        lines += ["", *_changes(summary.changes, evaluation, lang)]
    lines += ["", *_grid(summary.grid, evaluation, lang)]
    if summary.detail:
        lines += ["", f"## {words('detail_pages', lang)}", ""]
        lines += [
            f"- [{text(plan_title(plan, lang))}]({DETAIL_FOLDER}/{plan.id}.md) · {text(plan.region)}"
            for plan in evaluation.plans
        ]
    return "\n".join(lines) + "\n"


def _name(evaluation: Evaluation, indicator: str, lang: Lang) -> str:
    return cell(common.indicator_name(evaluation.indicators, indicator, lang))


def _counts_cells(counts: dict[Status, int], statuses: list[Status]) -> list[str]:
    return [str(counts.get(status, 0)) for status in statuses]


def _by_indicator(summary: Summary, statuses: list[Status], lang: Lang) -> list[str]:
    header = [
        words("indicator", lang),
        words("plans", lang),
        message("report.count", lang),
        *(STATUS_MARKS[s] for s in statuses),
        words("furthest_behind", lang),
    ]
    rows = []
    for entry in summary.indicators:
        behind = "<br>".join(
            f"{STATUS_MARKS[r.status]} {cell(r.region)} (R {common.ratio(r.ratio)})" for r in entry.furthest_behind
        )
        rows.append(
            [
                f"{_name(summary.evaluation, entry.indicator, lang)}<br>{code_cell(entry.indicator)}",
                str(entry.plans),
                str(entry.targets),
                *_counts_cells(entry.counts, statuses),
                behind,
            ]
        )
    return [f"## {words('by_indicator', lang)}", ""] + table(header, rows, right=frozenset(range(1, len(header) - 1)))


def _by_parent(summary: Summary, statuses: list[Status], lang: Lang) -> list[str]:
    header = [
        message("plan", lang),
        words("children", lang),
        message("report.count", lang),
        *(STATUS_MARKS[s] for s in statuses),
    ]
    rows = [
        [
            f"{cell(plan_title(entry.plan, lang))}<br>{code_cell(entry.plan.id)}",
            str(len(entry.children)),
            str(entry.targets),
            *_counts_cells(entry.counts, statuses),
        ]
        for entry in summary.parents
    ]
    lines = [f"## {words('by_parent', lang)}", "", words("by_parent_intro", lang), ""]
    return lines + table(header, rows, right=frozenset(range(1, len(header))))


def _changes(changes: ChangeSummary, evaluation: Evaluation, lang: Lang) -> list[str]:
    lines = [f"## {words('changes', lang, year=changes.previous_as_of)}", ""]
    if changes.empty:
        return lines + [message("report.no_changes", lang)]
    counted = change_counts(changes, lang)
    lines.append(text(counted))
    if not changes.largest:
        return lines
    lines += ["", words("largest_changes", lang, shown=len(changes.largest), total=changes.status_changes), ""]
    header = [
        message("target", lang),
        message("region", lang),
        words("indicator", lang),
        message("report.before", lang),
        message("report.now", lang),
        words("steps", lang),
    ]
    rows = [
        [
            code_cell(change.key),
            cell(change.region),
            _name(evaluation, change.indicator, lang) if change.indicator else "",
            status_cell(change.before, lang),
            status_cell(change.after, lang),
            f"{change.steps:+d}",
        ]
        for change in changes.largest
    ]
    return lines + table(header, rows, right=frozenset({5}))


def _grid(grid: Grid, evaluation: Evaluation, lang: Lang) -> list[str]:
    lines = [f"## {words('grid', lang)}", ""]
    lines += [words("grid_intro", lang, shown=len(grid.regions), total=grid.regions_total), ""]
    if grid.indicators_total > len(grid.indicators):
        lines += [words("grid_columns", lang, shown=len(grid.indicators), total=grid.indicators_total), ""]
    header = [message("region", lang), *(_name(evaluation, indicator, lang) for indicator in grid.indicators)]
    rows = [
        [cell(region), *("" if status is None else STATUS_MARKS[status] for status in cells)]
        for region, cells in zip(grid.regions, grid.cells, strict=True)
    ]
    lines += table(header, rows)
    shown = [status for status in STATUS_MARKS if any(status in cells for cells in grid.cells)]
    if shown:
        legend = message("and_list", lang).join(status_cell(status, lang) for status in shown)
        lines += ["", f"{words('legend', lang)}{message('colon', lang)}{legend}"]
    return lines


def detail_pages(summary: Summary, lang: Lang = "zh") -> dict[str, str]:
    """The page of each plan, by plan id: the report of that plan alone, with its charts."""
    evaluation = summary.evaluation
    return {
        plan.id: render_report(Evaluation(evaluation.as_of, (plan,), evaluation.indicators), lang, above=summary.above)
        for plan in evaluation.plans
    }
