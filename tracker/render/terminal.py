"""`tracker status` and `tracker explain` at a terminal, with rich.

rich measures CJK characters as two cells, so Chinese columns stay aligned.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import IO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from tracker import kinds
from tracker.above import Above
from tracker.bands import band_of, band_text
from tracker.escaping import clean
from tracker.explain import Explanation
from tracker.messages import Lang, by_language, message, status_label
from tracker.models import Status
from tracker.render import Options, Renderer, common
from tracker.results import Evaluation, PlanResult, Report, TargetResult

# Below this many columns the table leaves out the progress bars so that the status fits.
WIDE_AT = 100
# The goal column is kept this wide at least (Chinese goals have no spaces to wrap at).
GOAL_MAX_WIDTH = 18

STATUS_STYLES = {
    Status.ACHIEVED: "bold green",
    Status.ON_TRACK: "green",
    Status.BEHIND: "yellow",
    Status.OFF_TRACK: "dark_orange",
    Status.REGRESSING: "bold red",
    Status.MISSED: "bold red",
    Status.PENDING: "cyan",
    Status.INDETERMINATE: "magenta",
    Status.NO_DATA: "dim",
}


# --ascii: what the table prints in East Asian "ambiguous" width (drawn two cells wide by
# terminals in a CJK locale, which breaks the columns) as plain ASCII, data text included.
ASCII_FORMS = str.maketrans(
    {
        "≥": ">=",
        "≤": "<=",
        "≈": "~",
        "◆": "!",  # not "*": that marks a figure from before the deadline year
        "·": "-",
        "—": "-",
        "–": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "…": "...",
        "∞": "inf",
        "±": "+/-",
        "×": "x",
        "→": "->",
    }
)


def plain(text: str, ascii_only: bool) -> str:
    """`text` as the terminal gets it: `escaping.clean` (no control character from the data), and
    in ASCII forms under --ascii."""
    text = clean(text)
    return text.translate(ASCII_FORMS) if ascii_only else text


class StatusTables(Renderer[Report]):
    """`tracker status` at a terminal: a table per plan, in colour on a terminal (see the module)."""

    def render(self, view: Report, options: Options) -> str:
        console = make_console()
        with console.capture() as captured:
            print_status(console, view.evaluation, options.lang, options.ascii_only, view.above)
        return captured.get()


class ExplainLines(Renderer[Explanation]):
    """`tracker explain`: the arithmetic behind one status, a labelled line per step."""

    def render(self, view: Explanation, options: Options) -> str:
        console = make_console()
        with console.capture() as captured:
            print_explanation(console, view, options.lang)
        return captured.get()


def make_console(width: int | None = None, color: bool | None = None, file: IO[str] | None = None) -> Console:
    """A console for our output: colour only on a terminal and without NO_COLOR (rich checks both)."""
    return Console(
        file=file,
        width=width,
        force_terminal=color,
        no_color=None if color is None else not color,
        highlight=False,
        soft_wrap=False,
    )


def status_text(status: Status, lang: Lang) -> Text:
    return Text(status_label(status, lang), style=STATUS_STYLES[status])


def status_cell(result: TargetResult, lang: Lang) -> Text:
    """The status, and under a provisional one the figure it waits for ('no 2025 figure yet')."""
    text = status_text(result.status, lang)
    if result.awaited_year is not None:
        text += Text("\n" + message("awaiting_short", lang, year=result.awaited_year), style="dim")
    return text


def plan_table(
    plan: PlanResult,
    evaluation: Evaluation,
    lang: Lang,
    ascii_only: bool = False,
    width: int | None = None,
    above: Mapping[str, Above] | None = None,
) -> Table | Group:
    """One plan as a table: a row per target, fitted to `width` columns.

    The progress, R and status columns keep their full width; the text columns wrap to fit
    what is left (never below their longest unbreakable word, e.g. a Chinese goal). Narrower
    than WIDE_AT columns the progress bars are left out, so the status is never cut off.
    Where even that does not fit, the plan is a list instead (`plan_list`): rich would
    otherwise drop whole columns, the target's among them.
    """
    title = by_language(lang, plan.title, plan.title_en or plan.title)
    title_text = Text(plain(f"{title} [{plan.id}]", ascii_only))  # Text, not markup: a title may hold [/b] or [red]
    wide = width is None or width >= WIDE_AT
    keys = [
        k for k in ("target", "baseline", "latest", "goal", "progress", "ratio", "status") if wide or k != "progress"
    ]
    rows = [
        _row_cells(result, evaluation, lang, ascii_only, wide, (above or {}).get(result.key)) for result in plan.targets
    ]
    headers = [message(key, lang) for key in keys]
    widths = _fit_widths(keys, headers, rows, width)
    if width is not None and widths is None:
        return plan_list(title_text, keys, headers, rows)
    table = Table(
        title=title_text,
        title_justify="left",
        box=box.ASCII if ascii_only else box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for i, key in enumerate(keys):
        table.add_column(
            headers[i],
            justify="right" if key == "ratio" else "left",
            no_wrap=key in FIXED_COLUMNS,
            width=widths[i] if widths else None,
            overflow="fold",
        )
    for cells in rows:
        table.add_row(*cells)
    return table


def plan_list(title: Text, keys: list[str], headers: list[str], rows: list[list[Text]]) -> Group:
    """A plan for a terminal too narrow for its table: per target, its name and id, then
    status and R, then a labelled line each for the baseline, latest figure and goal."""
    lines: list[Text] = [title]
    cell = {key: i for i, key in enumerate(keys)}
    for cells in rows:
        lines += [Text(""), cells[cell["target"]]]
        lines.append(Text("  ") + cells[cell["status"]] + Text(f"  R {cells[cell['ratio']].plain.strip()}"))
        for key in ("baseline", "latest", "goal"):
            lines.append(Text(f"  {headers[cell[key]]}: ") + cells[cell[key]])
    return Group(*lines)


# Columns that never wrap; the others share what is left of the width.
FIXED_COLUMNS = ("progress", "ratio", "status")
# The narrowest a text column may become (it folds below its longest word if it must).
MIN_TEXT_WIDTH = {"target": 10, "baseline": 6, "latest": 6, "goal": 8}
GAP = 3  # padding and the column separator between two columns


def _row_cells(
    result: TargetResult, evaluation: Evaluation, lang: Lang, ascii_only: bool, wide: bool, above: Above | None = None
) -> list[Text]:
    unit = common.unit_of(evaluation.indicators, result.indicator)
    name = common.indicator_name(evaluation.indicators, result.indicator, lang)
    latest = common.latest_cell(result, unit, lang)
    cells = [
        Text(plain(name, ascii_only)) + Text(f"\n{clean(result.target_id)}", style="dim"),
        Text(plain(common.baseline(result, unit), ascii_only)),
        Text(plain(latest, ascii_only)),
        Text(plain(common.goal(result, unit, lang) + (" ◆" if result.binding else ""), ascii_only)),
    ]
    if above is not None:  # the goal above, under the target's own
        cells[-1] += Text("\n" + plain(common.above_text(above, evaluation, lang), ascii_only), style="dim")
    if wide:
        cells.append(Text(common.bar(common.shown_progress(result), ascii_only)))
    return [*cells, Text(common.ratio(result.ratio)), status_cell(result, lang)]


def _fit_widths(keys: list[str], headers: list[str], rows: list[list[Text]], width: int | None) -> list[int] | None:
    """Column widths that fill at most `width` cells: fixed columns whole, text columns shrunk
    widest-first down to their longest word (goal: capped at GOAL_MAX_WIDTH). None: let rich decide."""
    if width is None:
        return None
    lines = [[headers[i], *(line for row in rows for line in row[i].plain.split("\n"))] for i in range(len(keys))]
    natural = [max(cell_len(line) for line in column) for column in lines]
    minimum = []
    for key, column, size in zip(keys, lines, natural, strict=True):
        if key in FIXED_COLUMNS:
            minimum.append(size)
            continue
        longest_word = max((cell_len(word) for line in column for word in line.split()), default=1)
        cap = GOAL_MAX_WIDTH if key == "goal" else MIN_TEXT_WIDTH[key]
        minimum.append(min(size, max(MIN_TEXT_WIDTH[key], min(longest_word, cap))))
    budget = width - GAP * (len(keys) - 1)
    if sum(minimum) > budget:
        return None
    widths = list(natural)
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > minimum[i]]
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
    return widths


def counts_line(plan: PlanResult, lang: Lang, ascii_only: bool = False) -> Text:
    text = Text(f"{len(plan.targets)} {message('targets', lang)}: ")
    for i, (status, count) in enumerate(plan.counts.items()):
        if i:
            text.append(plain(" · ", ascii_only))
        text.append(f"{status_label(status, lang)} {count}", style=STATUS_STYLES[status])
    provisional = sum(result.provisional for result in plan.targets)
    if provisional:
        text.append(message("then", lang) + message("provisional_count", lang, count=provisional))
    return text


def near_miss_line(plan: PlanResult, lang: Lang, ascii_only: bool = False) -> Text | None:
    """The rows under names close to the plan's region that were not read (TRK318, TRK328), or None."""
    if not plan.near_misses:
        return None
    names = message("and_list", lang).join(name for name, _ in plan.near_misses)
    said = message("near_miss_rows", lang, rows=plan.ignored_rows, region=plan.region, names=names)
    return Text(plain(said, ascii_only), style="yellow")


def print_status(
    console: Console,
    evaluation: Evaluation,
    lang: Lang,
    ascii_only: bool = False,
    above: Mapping[str, Above] | None = None,
) -> None:
    """Every plan's table and its one-line count of statuses (and its plan above, where a goal above is shown)."""
    above = above or {}
    console.print(f"{message('as_of', lang)} {evaluation.as_of}", style="bold")
    for plan in evaluation.plans:
        console.print()
        console.print(plan_table(plan, evaluation, lang, ascii_only, console.width, above))
        console.print(counts_line(plan, lang, ascii_only))
        parent = common.parent_of([result.key for result in plan.targets], above) if above else None
        if parent is not None:
            console.print(Text(plain(message("above.parent", lang, plan=parent), ascii_only), style="dim"))
        ignored = near_miss_line(plan, lang, ascii_only)
        if ignored is not None:
            console.print(ignored)
    if any(t.binding for t in evaluation.targets):
        console.print(Text(plain(message("legend.binding", lang), ascii_only), style="dim"))
    if any(t.judged_on_earlier_figure for t in evaluation.targets):
        console.print(Text(message("legend.provisional", lang), style="dim"))
    if above:
        console.print(Text(plain(message("legend.above", lang), ascii_only), style="dim"))


def print_explanation(console: Console, explanation: Explanation, lang: Lang) -> None:
    """The arithmetic behind one status, a line per step."""
    for label, value in explanation_lines(explanation, lang):
        console.print(Text(f"{label}: ", style="bold") + Text(clean(value)))


def _per_year(value: float, unit: str, lang: Lang) -> str:
    """A yearly change with its sign, percentages in points: '+4.1333 pp/year', '每年+4.1333个百分点'."""
    return message("explain.per_year", lang, change=common.amount(value, unit, lang, decimals=4, sign=True))


def _interval(explanation: Explanation) -> str:
    """The latest figure's interval with the brackets its openness gives: [87.6, 87.6], (86, 87), [90, ∞)."""
    fig = explanation.result.latest
    assert fig is not None
    lo_open = explanation.lo_open or math.isinf(fig.lo)
    hi_open = explanation.hi_open or math.isinf(fig.hi)
    return f"{'(' if lo_open else '['}{common.number(fig.lo)}, {common.number(fig.hi)}{')' if hi_open else ']'}"


def conflict_text(explanation: Explanation, unit: str, lang: Lang) -> str:
    """'conflicting figures for 2023: 88 (A) vs 92 (B)', from what the merged figure keeps.

    The merged figure is the first one as written, and the other's nearest end of its
    interval (the intersection of two disjoint intervals runs backwards, [92, 88]): its exact
    value when it was stated exactly, which is the usual case. With more than two sources
    only the sources are named; `tracker validate` (TRK308) quotes every figure as written.
    """
    r = explanation.result
    fig = r.latest
    assert fig is not None
    head = message("explain.conflict_head", lang, year=fig.year_text)
    if len(r.sources) == 2:
        first = common.figure(fig, unit)
        if fig.lo > fig.value:  # the other lies above: its lower end
            other = (">" if explanation.lo_open else "") + common.number(fig.lo, unit)
        else:  # the other lies below: its upper end
            other = ("<" if explanation.hi_open else "") + common.number(fig.hi, unit)
        said = message(
            "explain.conflict_pair",
            lang,
            first=first,
            first_source=r.sources[0],
            other=other,
            other_source=r.sources[1],
        )
    else:
        said = message("and_list", lang).join(r.sources)
    return head + message("colon", lang) + said


# Statuses a band of R does not decide, each with a word of why (explain's "Band" line).
_NOT_THE_BAND = (Status.ACHIEVED, Status.MISSED, Status.PENDING, Status.INDETERMINATE)


def band_line(explanation: Explanation, unit: str, lang: Lang) -> str | None:
    """The band of R, and whether it is what decided the status."""
    r = explanation.result
    if explanation.conflicting:
        return message("explain.band_conflict", lang)
    if r.ratio is None:
        return None
    band = band_of(r.ratio)
    text = f"{band_text(band)} -> {status_label(band, lang)}"
    if band is r.status:
        return text
    why = message(f"explain.not_band.{r.status.value if r.status in _NOT_THE_BAND else 'other'}", lang)
    own = kinds.rule(r.kind).why_not_the_band(r, common.phrases(unit, lang))
    if r.provisional:
        verdict = message("explain.verdict_misses" if r.status is Status.MISSED else "explain.verdict_meets", lang)
        why = message("explain.not_band.provisional", lang, verdict=verdict)
    elif own is not None:
        why = own
    return message("explain.band_not_decisive", lang, band=text, status=status_label(r.status, lang), why=why)


def above_line(explanation: Explanation, lang: Lang) -> str:
    """The goal above, its status and R, and how this target's goal compares with it."""
    above = explanation.above
    assert above is not None
    goal = above.result
    unit = common.unit_of(explanation.evaluation.indicators, goal.indicator)
    ambition = message(f"explain.ambition.{above.ambition.value}", lang)
    if above.acknowledged is not None:
        ambition += message("then", lang) + message("explain.acknowledged", lang, reason=above.acknowledged)
    return message(
        "explain.above_line",
        lang,
        target=goal.key,
        goal=common.goal(goal, unit, lang),
        status=status_label(goal.status, lang),
        ratio=common.ratio(goal.ratio),
        ambition=ambition,
    )


def explanation_lines(explanation: Explanation, lang: Lang) -> list[tuple[str, str]]:
    """(label, text) pairs: what was compared with what, and the arithmetic of R."""
    r, evaluation = explanation.result, explanation.evaluation
    unit = common.unit_of(evaluation.indicators, r.indicator)
    name = common.indicator_name(evaluation.indicators, r.indicator, lang)
    rule, say = kinds.rule(r.kind), common.phrases(unit, lang)
    kind = f"{r.kind}, " + message("binding" if r.binding else "expected", lang)
    lines = [(message("explain.target", lang), f"{r.key} - {name} ({kind})")]
    if r.quote:
        lines.append((message("quote", lang), r.quote))
    lines.append((message("goal", lang), common.goal(r, unit, lang)))
    if explanation.above is not None:
        lines.append((message("explain.above", lang), above_line(explanation, lang)))
    if r.baseline_year is not None:
        baseline = common.baseline(r, unit)
        if r.baseline_unknown:
            baseline += message("colon", lang) + message(
                "baseline_missing", lang, year=r.baseline_year, region=r.region, indicator=name
            )
        lines.append((message("baseline", lang), baseline))
    conflicting = explanation.conflicting
    if r.latest is not None:
        label = rule.latest_label(say)
        if conflicting:
            lines.append((label, conflict_text(explanation, unit, lang)))
        else:
            shown = common.figure_with_year(r.latest, unit)
            lines.append((label, message("explain.latest_value", lang, figure=shown, interval=_interval(explanation))))
        if r.sources and not conflicting:  # a conflict names its sources itself
            lines.append((message("source", lang), "; ".join(r.sources)))
    else:
        lines.append((message("latest", lang), message("explain.no_figure", lang)))
    if r.progress is not None and r.time_share is not None and not conflicting:
        lines.append((message("explain.task_share", lang), f"{r.progress:.4f}"))
        lines.append((message("explain.time_share", lang), f"{r.time_share:.4f}"))
    if r.ratio is not None and r.progress is not None and r.time_share is not None:
        bounds = r.ratio_bounds
        spread = ""
        if bounds and bounds[0] != bounds[1]:
            spread = message("explain.interval_ends", lang, lo=common.ratio(bounds[0]), hi=common.ratio(bounds[1]))
        lines.append(("R", f"{common.ratio(r.ratio, 4)} = {r.progress:.4f} / {r.time_share:.4f}{spread}"))
    band = band_line(explanation, unit, lang)
    if band:
        lines.append((message("explain.band", lang), band))
    note = rule.point_note(say)
    for year, value in explanation.points:
        lines.append((str(year), common.quantity(value, unit, lang) + note))
    final = "" if r.final else f" ({message('not_final', lang)})"
    lines.append((message("status", lang), f"{status_label(r.status, lang)} [{r.status.value}]{final}"))
    waiting = common.awaiting(r, unit, lang)
    if waiting is not None:
        lines.append((message("provisional", lang).capitalize(), waiting))
    if explanation.failed_years:
        years = message("and_list", lang).join(str(year) for year in explanation.failed_years)
        lines.append((message("years_short", lang), years))
    if r.pace_needed is not None and not conflicting:
        lines.append((message("explain.pace_needed", lang), _per_year(r.pace_needed, unit, lang)))
    if r.flow_needed is not None and r.latest is not None and not conflicting:
        years = common.year_span(r.latest.year + 1, r.by)
        still = common.amount(r.flow_needed, unit, lang, decimals=4)
        key = "explain.still_needed_yearly_in" if "-" in years else "explain.still_needed_in"
        lines.append((message("explain.still_needed", lang), message(key, lang, years=years, amount=still)))
    if explanation.pace_so_far is not None and not conflicting:
        lines.append((message("explain.pace_so_far", lang), _per_year(explanation.pace_so_far, unit, lang)))
    if explanation.trend_slope is not None and explanation.trend_at_deadline is not None:
        at_deadline = common.quantity(round(explanation.trend_at_deadline, 2), unit, lang)
        pace = _per_year(explanation.trend_slope, unit, lang)
        trend = message(
            "explain.trend_line", lang, pace=pace, count=len(explanation.points), by=r.by, value=at_deadline
        )
        lines.append((message("explain.trend", lang), trend))
    return lines
