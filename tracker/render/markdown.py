"""`tracker report`: the status of every plan as a Markdown document, committed to a repository.

Deterministic: the same data and as-of year give the same bytes (no clock, plans in
engine order, targets in plan order, one number rule from `common`, `\\n` endings and a
final newline). Every string from a data file goes through `text()` or `cell()`, which
escape what would break a table or inject Markdown, HTML or math (control characters
first, by `escaping.clean`). Charts are `tracker.charts` specifications written as Mermaid
(`tracker.charts.mermaid`, which makes its own labels safe), each with its legend line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tracker.changes import Changes
from tracker.charts.mermaid import mermaid_chart
from tracker.charts.spec import chart_spec
from tracker.escaping import clean
from tracker.messages import Lang, by_language, message, status_label
from tracker.models import Status
from tracker.render import Options, Renderer, common
from tracker.render.charted import chart_input
from tracker.results import Evaluation, Figure, PlanResult, Report, TargetResult

if TYPE_CHECKING:
    from tracker.above import Above

STATUS_MARKS = {
    Status.ACHIEVED: "✅",
    Status.ON_TRACK: "🟢",
    Status.BEHIND: "🟡",
    Status.OFF_TRACK: "🟠",
    Status.REGRESSING: "🔴",
    Status.MISSED: "❌",
    Status.PENDING: "⏳",
    Status.INDETERMINATE: "❔",
    Status.NO_DATA: "⚪",
}
Figures = Mapping[tuple[str, str], tuple[Figure, ...]]  # `Report.figures`

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~$])")


def words(key: str, lang: Lang, **fields: Any) -> str:
    """A word of the report: `report.<key>` of the message catalog."""
    return message(f"report.{key}", lang, **fields)


@functools.lru_cache(maxsize=65_536)  # a national report repeats names, goals and figures
def text(value: str) -> str:
    """Inline text from a data file, safe in a paragraph, heading or list item (one line)."""
    value = clean(_LINE_BREAKS.sub(" ", value))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", value)


@functools.lru_cache(maxsize=65_536)
def cell(value: str) -> str:
    """Text for a table cell: like `text`, with line breaks kept as <br>."""
    return "<br>".join(text(line) for line in _LINE_BREAKS.split(value))


@functools.lru_cache(maxsize=65_536)
def code(value: str) -> str:
    """Text in a code span, kept as written (a file named `x,y:z%.yaml` stays so).

    Nothing inside a code span is Markdown or HTML, so only what would end the span is
    handled: line breaks become spaces, control characters are escaped (`escaping.clean`), and the fence is
    one backtick longer than any run of backticks inside (padded with a space when the text
    starts or ends with a backtick or space, which CommonMark then strips).
    """
    value = clean(_LINE_BREAKS.sub(" ", value))
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value[:1] in ("`", " ") or value[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


@functools.lru_cache(maxsize=65_536)
def code_cell(value: str) -> str:
    """A code span in a table cell: `|` escaped as well (GitHub shows it as |, even in code)."""
    return code(value.replace("|", "\\|"))


def table(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """A GitHub-flavoured Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def status_cell(status: Status, lang: Lang) -> str:
    return f"{STATUS_MARKS[status]} {status_label(status, lang)}"


def target_status_cell(result: TargetResult, lang: Lang) -> str:
    """A target's status, and under a provisional one the figure it waits for."""
    cell_text = status_cell(result.status, lang)
    if result.awaited_year is None:
        return cell_text
    return f"{cell_text}<br>{text(message('awaiting', lang, year=result.awaited_year))}"


def target_name(result: TargetResult, evaluation: Evaluation, lang: Lang) -> str:
    return text(common.indicator_name(evaluation.indicators, result.indicator, lang))


def plan_title(plan: PlanResult, lang: Lang) -> str:
    return by_language(lang, plan.title, plan.title_en or plan.title)


def _statuses(evaluation: Evaluation) -> list[Status]:
    return list(evaluation.counts)


def overview_parts(evaluation: Evaluation, lang: Lang) -> tuple[list[str], list[list[str]], list[str]]:
    """The overview table's header, one row per plan (region, period, targets per status) and the total row."""
    statuses = _statuses(evaluation)
    header = [message("plan", lang), message("region", lang), message("period", lang), words("count", lang)]
    header += [status_cell(s, lang) for s in statuses]
    rows = []
    for plan in evaluation.plans:
        counts = plan.counts
        rows.append(
            [
                f"{cell(plan_title(plan, lang))}<br>{code_cell(plan.id)}",
                cell(plan.region),
                f"{plan.period_start}-{plan.period_end}",
                str(len(plan.targets)),
                *(str(counts.get(s, 0)) for s in statuses),
            ]
        )
    totals = evaluation.counts
    total = [
        f"**{words('total', lang)}**",
        "",
        "",
        str(len(evaluation.targets)),
        *(str(totals.get(s, 0)) for s in statuses),
    ]
    return header, rows, total


def overview_table(header: list[str], rows: list[list[str]]) -> list[str]:
    return table(header, rows, right=frozenset(range(3, len(header))))


def overview(evaluation: Evaluation, lang: Lang) -> list[str]:
    """One row per plan (region, period, targets per status) and a total row."""
    header, rows, total = overview_parts(evaluation, lang)
    return overview_table(header, [*rows, total])


def _source_line(plan: PlanResult, lang: Lang) -> str | None:
    parts = [text(value) if key is None else f"{text(key)}: {text(value)}" for key, value in common.source_items(plan)]
    return message("source", lang) + message("colon", lang) + " · ".join(parts) if parts else None


def plan_section(
    plan: PlanResult,
    evaluation: Evaluation,
    lang: Lang,
    above: Mapping[str, Above] | None = None,
    figures: Figures | None = None,
) -> list[str]:
    """A plan's heading, source, target table (with the goals above), the lines needing attention and its charts."""
    above = above or {}
    figures = figures or {}
    lines = [f"## {text(plan_title(plan, lang))}", ""]
    heading = f"{code(plan.id)} · {text(plan.region)} · {plan.period_start}-{plan.period_end} · {code(plan.file)}"
    parent = common.parent_of([result.key for result in plan.targets], above) if above else None
    if parent is not None:
        heading += f" · {text(message('above.parent', lang, plan=''))}{code(parent)}"
    lines.append(heading)
    if plan.near_misses:
        names = message("and_list", lang).join(name for name, _ in plan.near_misses)
        ignored = message("near_miss_rows", lang, rows=plan.ignored_rows, region=plan.region, names=names)
        lines += ["", f"⚠️ {text(ignored)}"]
    source = _source_line(plan, lang)
    if source:
        lines += ["", source]
    header = [
        message(k, lang) for k in ("target", "quote", "baseline", "latest", "goal", "progress", "ratio", "status")
    ]
    rows = []
    for result in plan.targets:
        unit = common.unit_of(evaluation.indicators, result.indicator)
        latest = common.latest_cell(result, unit, lang)
        rows.append(
            [
                f"{target_name(result, evaluation, lang)}<br>{code_cell(result.target_id)}",
                cell(result.quote),
                cell(common.baseline(result, unit)),
                cell(latest),
                cell(common.goal(result, unit, lang) + (" ◆" if result.binding else ""))
                + (
                    f"<br>{cell(common.above_text(above[result.key], evaluation, lang))}" if result.key in above else ""
                ),
                f"`{common.bar(progress)}`" if (progress := common.shown_progress(result)) is not None else "",
                common.ratio(result.ratio),
                target_status_cell(result, lang),
            ]
        )
    lines += [""] + table(header, rows, right=frozenset({6}))
    attention = [r for r in plan.targets if r.status in common.NEEDS_ATTENTION]
    if attention:
        lines += ["", f"**{words('attention', lang)}**", ""]
        for result in attention:
            label, what = common.attention(result, evaluation, lang)
            said = words("attention_item", lang, label=label)
            lines.append(f"- {target_name(result, evaluation, lang)} {code(result.target_id)}{said}{text(what)}")
    charts = [chart for result in plan.targets if (chart := markdown_chart(result, plan, evaluation, figures, lang))]
    if charts:
        lines += ["", "<details>", f"<summary>{words('charts', lang)}</summary>"]
        for chart in charts:
            lines += [""] + chart
        lines += ["", "</details>"]
    return lines


def markdown_chart(
    result: TargetResult, plan: PlanResult, evaluation: Evaluation, figures: Figures, lang: Lang
) -> list[str] | None:
    """A Mermaid xychart of a target with two or more points (`tracker.charts.mermaid`), and its legend line."""
    if len(result.series) < 2:
        return None
    drawn = figures.get((result.region, result.indicator)) if figures else None  # None: from the series
    data = chart_input(result, plan.period_start, evaluation, drawn, lang)
    if data is None:
        return None
    chart = mermaid_chart(chart_spec(data), lang)
    return [*chart.lines, "", f"{code(result.target_id)} {text(chart.caption)}"]


def _figure_of(entry: dict[str, Any]) -> Figure:
    year = int(entry["year"])
    value = float(entry["value"])
    start = entry.get("year_start")
    return Figure(
        year, int(start) if isinstance(start, int) else year, value, str(entry.get("qualifier", "=")), "", value, value
    )


def _status_word(value: str, lang: Lang) -> str:
    try:
        return status_cell(Status(value), lang)
    except ValueError:
        return cell(value)


# Around the Changes section, so that a scheduled job can tell a report whose only difference
# is that section (it compares with the previous run, so it differs every time) from a new one.
CHANGES_START = "<!-- tracker:changes -->"
CHANGES_END = "<!-- /tracker:changes -->"


def changes_section(changes: Changes, evaluation: Evaluation, lang: Lang) -> list[str]:
    """Statuses that changed, new figures, new and removed targets since the previous document."""
    lines = [f"## {words('changes', lang, year=changes.previous_as_of)}", ""]
    if changes.empty:
        return lines + [words("no_changes", lang)]

    results = {result.key: result for result in evaluation.targets}

    def name(key: str, in_table: bool = True) -> str:
        result = results.get(key)
        label = target_name(result, evaluation, lang) + " " if result else ""
        return f"{label}{code_cell(key) if in_table else code(key)}"

    def unit(key: str) -> str:
        result = results.get(key)
        return common.unit_of(evaluation.indicators, result.indicator) if result else ""

    before, now = words("before", lang), words("now", lang)
    if changes.statuses:
        rows = [[name(c.key), _status_word(c.before, lang), _status_word(c.after, lang)] for c in changes.statuses]
        lines += (
            [f"### {words('status_changes', lang)}", ""] + table([message("target", lang), before, now], rows) + [""]
        )
    if changes.figures:
        rows = [
            [
                name(c.key),
                "-" if c.before is None else cell(common.figure_with_year(_figure_of(c.before), unit(c.key))),
                cell(common.figure_with_year(_figure_of(c.after), unit(c.key))),
            ]
            for c in changes.figures
        ]
        lines += [f"### {words('new_figures', lang)}", ""] + table([message("target", lang), before, now], rows) + [""]
    if changes.added:
        added = [f"- {name(key, in_table=False)}" for key in changes.added]
        lines += [f"### {words('new_targets', lang)}", "", *added, ""]
    if changes.removed:
        lines += [f"### {words('removed_targets', lang)}", ""] + [f"- {code(key)}" for key in changes.removed] + [""]
    return lines[:-1]


class MarkdownReport(Renderer[Report]):
    """`tracker report`: the Markdown document (see the module)."""

    suffix = "md"
    shows_changes = True
    draws_charts = True

    def render(self, view: Report, options: Options) -> str:
        return render(view.evaluation, options.lang, view.changes, view.above, view.figures)


def render(
    evaluation: Evaluation,
    lang: Lang = "zh",
    changes: Changes | None = None,
    above: Mapping[str, Above] | None = None,
    figures: Figures | None = None,
) -> str:
    """The whole report: title, overview, changes (with --since), a section per plan, the legend."""
    targets = evaluation.targets
    lines = [f"# {words('title', lang, year=evaluation.as_of)}", "", words("generated", lang), ""]
    lines += [words("intro", lang, plans=len(evaluation.plans), targets=len(targets)), ""]
    lines += [f"## {words('overview', lang)}", ""] + overview(evaluation, lang)
    provisional = sum(result.provisional for result in targets)
    if provisional:
        lines += ["", text(words("overview_provisional", lang, count=provisional))]
    if changes is not None:
        lines += ["", CHANGES_START, *changes_section(changes, evaluation, lang), "", CHANGES_END]
    for plan in evaluation.plans:
        lines += [""] + plan_section(plan, evaluation, lang, above, figures)
    legend = []
    if any(t.binding for t in targets):
        legend.append(message("legend.binding", lang))
    if any(t.judged_on_earlier_figure for t in targets):
        legend.append(text(message("legend.provisional", lang)))
    if above:
        legend.append(text(message("legend.above", lang)))
    if legend:
        lines += ["", "---", "", "<br>\n".join(legend)]
    return "\n".join(lines) + "\n"
