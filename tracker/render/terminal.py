"""`tracker status` and `tracker explain` at a terminal, with rich.

rich measures CJK characters as two cells, so Chinese columns stay aligned.
"""

from __future__ import annotations

import math
import re
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
        return without_trailing_spaces(captured.get())


class ExplainLines(Renderer[Explanation]):
    """`tracker explain`: the arithmetic behind one status, a labelled line per step."""

    def render(self, view: Explanation, options: Options) -> str:
        console = make_console()
        with console.capture() as captured:
            print_explanation(console, view, options.lang)
        return without_trailing_spaces(captured.get())


def without_trailing_spaces(text: str) -> str:
    """`text` without the spaces rich pads the last column's lines with (noise in a file or diff)."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


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
    widths = fit_widths(keys, headers, rows, width)
    if width is not None and widths is None:
        return plan_list(title_text, keys, headers, rows)
    table = Table(
        title=title_text,
        title_justify="left",
        box=box.ASCII if ascii_only else box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=gap(width) == NARROW_GAP,
        leading=1 if widths is not None and _wraps(keys, rows, widths) else 0,  # a blank line between rows
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


def _wraps(keys: list[str], rows: list[list[Text]], widths: list[int]) -> bool:
    """Whether a row takes more than its two lines (name and id) at these widths: then a blank line
    between targets shows where one ends."""
    return any(
        cell_len(line) > widths[i] or (keys[i] != "target" and len(row[i].plain.split("\n")) > 2)
        for row in rows
        for i in range(len(keys))
        for line in row[i].plain.split("\n")
    )


def plan_list(title: Text, keys: list[str], headers: list[str], rows: list[list[Text]]) -> Group:
    """A plan for a terminal too narrow for its table: per target, its name and id, then
    status and R, then a labelled line each for the baseline, latest figure and goal."""
    lines: list[Text] = [title]
    cell = {key: i for i, key in enumerate(keys)}
    for cells in rows:
        lines += [Text(""), cells[cell["target"]]]
        status, *notes = cells[cell["status"]].split("\n")  # the status, and under a provisional one its note
        lines.append(Text("  ") + status + Text(f"  R {cells[cell['ratio']].plain.strip()}"))
        lines += [Text("  ") + note for note in notes]
        for key in ("baseline", "latest", "goal"):
            first, *more = cells[cell[key]].split("\n")  # the goal's cell may hold the goal above under it
            lines.append(Text(f"  {headers[cell[key]]}: ") + first)
            lines += [Text("    ") + line for line in more]
    return Group(*lines)


# Columns that never wrap; the others share what is left of the width.
FIXED_COLUMNS = ("progress", "ratio", "status")
# The narrowest a text column may become (it folds below its longest word if it must).
MIN_TEXT_WIDTH = {"target": 10, "baseline": 6, "latest": 6, "goal": 8}
GAP = 3  # padding and the column separator between two columns
NARROW_GAP = 2  # narrower than WIDE_AT: the padding of two neighbours collapses into one space


def gap(width: int | None) -> int:
    """Cells between two columns at this width."""
    return GAP if width is None or width >= WIDE_AT else NARROW_GAP


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


def fit_widths(
    keys: list[str],
    headers: list[str],
    rows: list[list[Text]],
    width: int | None,
    floors: Mapping[str, int] = MIN_TEXT_WIDTH,
) -> list[int] | None:
    """Column widths that fill at most `width` cells: fixed columns whole, text columns shrunk
    widest-first down to their minimum (`floors` by key, for a Chinese text). None: let rich
    decide. `status` and `compare` lay out their tables by it.

    A text column's minimum is its longest word, so that nothing is broken inside a word: a
    target id (`senior-secondary-enrolment`, which a reader types into `tracker explain`) and a
    figure (`1,030,000`, `(2024)*`) stay whole. The goal is kept at GOAL_MAX_WIDTH at most (a
    Chinese goal has no spaces, and folds anywhere), a Chinese name at MIN_TEXT_WIDTH.
    """
    if width is None:
        return None
    lines = [[headers[i], *(line for row in rows for line in row[i].plain.split("\n"))] for i in range(len(keys))]
    natural = [max(cell_len(line) for line in column) for column in lines]
    minimum = []
    for key, column, size in zip(keys, lines, natural, strict=True):
        if key in FIXED_COLUMNS:
            minimum.append(size)
            continue
        words = [word for line in column for word in line.split()]
        if key == "goal":
            longest_word = min(max(cell_len(word) for word in words), GOAL_MAX_WIDTH)
        else:  # a Chinese name folds anywhere
            longest_word = max((cell_len(word) for word in words if word.isascii()), default=1)
        minimum.append(min(size, max(floors[key], longest_word)))
    budget = width - gap(width) * (len(keys) - 1)
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
    """The arithmetic behind one status, a line per step: 'Label: text'.

    At a terminal a long text wraps at its width, under itself (a hanging indent after the
    label); piped to a file or another program, every step stays one line, whatever the width.
    """
    for label, value in explanation_lines(explanation, lang):
        head, body = f"{label}: ", clean(value)
        if not console.is_terminal:
            console.print(Text(head, style="bold") + Text(body), soft_wrap=True)
            continue
        indent = min(cell_len(head), console.width // 2)
        first, *rest = wrapped(body, console.width - indent) or [""]
        console.print(Text(head, style="bold") + Text(first), soft_wrap=True)
        for line in rest:
            console.print(Text(" " * indent + line), soft_wrap=True)


# Where a line may break: at spaces, and between two Chinese characters (or full-width
# punctuation), which are written without spaces.
_WRAP_TOKENS = re.compile(r"\s+|[\u2e80-\uffff]|[^\s\u2e80-\uffff]+")


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces or between Chinese characters;
    a word longer than a line (a long id) is folded."""
    lines, line = [], ""
    for token in _WRAP_TOKENS.findall(text):
        if token.isspace():
            line += " " if line else ""
            continue
        if line.strip() and cell_len(line + token) > width:
            lines.append(line.rstrip())
            line = ""
        while cell_len(line + token) > width > 1:  # longer than a whole line: fold it
            room = width - cell_len(line)
            cut = max(1, next((i for i in range(len(token), 0, -1) if cell_len(token[:i]) <= room), 1))
            lines.append(line + token[:cut])
            line, token = "", token[cut:]
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


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


def against_goal(r: TargetResult, unit: str, lang: Lang) -> str | None:
    """After the deadline, judged on an earlier figure: how that figure stands against the goal,
    and that the deadline year's figure decides (in place of a pace to a past deadline)."""
    rule = kinds.rule(r.kind)
    if not rule.judged_by_latest or not r.judged_on_earlier_figure or r.latest is None:
        return None
    short = r.shortfall
    if short is None:
        return None
    key = "explain.against.meets" if short <= 0 else "explain.against.over" if r.is_cap else "explain.against.short"
    return message(
        key,
        lang,
        latest=common.figure_with_year(r.latest, unit),
        aim=common.goal(r, unit, lang),
        gap=common.amount(abs(short), unit, lang),
        year=r.by,
    )


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
    against = against_goal(r, unit, lang)
    if against is not None and not conflicting:
        lines.append((message("explain.against_goal", lang), against))
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
