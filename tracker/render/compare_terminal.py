"""`tracker compare` at a terminal: a row per plan target on the indicator, worst first, then the
regions without a plan target, a line of status counts and the spread of the latest figures."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tracker.compare import Comparison
from tracker.escaping import clean
from tracker.messages import Lang, by_language, message, status_label
from tracker.render import Options, Renderer, common
from tracker.render.terminal import (
    STATUS_STYLES,
    WIDE_AT,
    fit_widths,
    make_console,
    plain,
    status_cell,
    without_trailing_spaces,
)


class CompareTable(Renderer[Comparison]):
    """The comparison as a table (see the module)."""

    def render(self, view: Comparison, options: Options) -> str:
        console = make_console()
        with console.capture() as captured:
            print_comparison(console, view, options.lang, options.ascii_only)
        return without_trailing_spaces(captured.get())


def heading(view: Comparison, lang: Lang) -> str:
    """'学前教育毛入园率（preschool_gross_enrolment_rate），评估年份 2026；…的下级规划；级别：县级'."""
    name = by_language(lang, view.entry.name, view.entry.name_en)
    parts = [message("compare.title", lang, name=name, id=view.indicator, year=view.as_of)]
    if view.parent is not None:
        parts.append(message("compare.under", lang, plan=view.parent))
    if view.level is not None:
        parts.append(message("compare.level", lang, level=message(f"compare.level.{view.level}", lang)))
    return message("then", lang).join(parts)


def print_comparison(console: Console, view: Comparison, lang: Lang, ascii_only: bool = False) -> None:
    """The heading, the table (without the baseline below WIDE_AT columns), the counts and the spread."""
    unit = view.entry.unit
    console.print(Text(plain(heading(view, lang), ascii_only), style="bold"))
    if not view.rows and not view.unplanned:
        console.print(message("compare.no_targets", lang))
    if view.rows or view.unplanned:
        wide = console.width >= WIDE_AT
        keys = [
            k
            for k in ("region", "compare.plan", "goal", "baseline", "latest", "ratio", "status")
            if wide or k != "baseline"
        ]
        table = Table(
            box=box.ASCII if ascii_only else box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=not wide,
        )
        rows: list[list[Text]] = []
        for r in view.rows:
            goal = common.goal(r, unit, lang) + (" ◆" if r.binding else "")
            cells = {
                "region": Text(plain(r.region, ascii_only)),
                "compare.plan": Text(clean(r.plan_id)) + Text(f"\n{clean(r.target_id)}", style="dim"),
                "goal": Text(plain(goal, ascii_only)),
                "baseline": Text(plain(common.baseline(r, unit), ascii_only)),
                "latest": Text(plain(common.latest_cell(r, unit, lang), ascii_only)),
                "ratio": Text(common.ratio(r.ratio)),
                "status": status_cell(r, lang),
            }
            rows.append([cells[key] for key in keys])
        for row in view.unplanned:
            cells = {
                "region": Text(plain(row.region, ascii_only)),
                "compare.plan": Text(message("compare.no_plan", lang), style="dim"),
                "latest": Text(plain(common.figure_with_year(row.latest, unit), ascii_only)),
            }
            rows.append([cells.get(key, Text("")) for key in keys])
        headers = [message(key, lang) for key in keys]
        widths = fit_widths(keys, headers, rows, console.width, COMPARE_FLOORS)
        for i, key in enumerate(keys):
            table.add_column(
                headers[i],
                justify="right" if key == "ratio" else "left",
                no_wrap=key not in WRAPPING,
                width=widths[i] if widths else None,
                overflow="fold",
            )
        for cells_of_row in rows:
            table.add_row(*cells_of_row)
        console.print(table)
    console.print(counts_line(view, lang, ascii_only))
    if view.spread is not None:
        spread = view.spread
        said = message(
            "compare.spread",
            lang,
            regions=spread.regions,
            years=str(spread.first_year)
            if spread.first_year == spread.last_year
            else f"{spread.first_year}-{spread.last_year}",
            median=common.quantity(spread.median, unit, lang),
            lowest=common.quantity(spread.lowest, unit, lang),
            highest=common.quantity(spread.highest, unit, lang),
        )
        console.print(Text(plain(said, ascii_only)))
    if any(r.binding for r in view.rows):
        console.print(Text(plain(message("legend.binding", lang), ascii_only), style="dim"))
    if any(r.judged_on_earlier_figure for r in view.rows):
        console.print(Text(message("legend.provisional", lang), style="dim"))


def counts_line(view: Comparison, lang: Lang, ascii_only: bool = False) -> Text:
    """'5 targets: missed 1 · behind 2 · achieved 2; 3 more regions with figures and no plan target'."""
    text = Text(message("compare.counts", lang, count=len(view.rows)))
    for i, (status, count) in enumerate(view.counts.items()):
        if i:
            text.append(plain(" · ", ascii_only))
        text.append(f"{status_label(status, lang)} {count}", style=STATUS_STYLES[status])
    if view.unplanned:
        text.append(message("then", lang) + message("compare.unplanned_count", lang, count=len(view.unplanned)))
    return text


# The columns that wrap when the terminal is narrow; the others keep their width. A plan or
# target id, a figure and R stay whole (`terminal.fit_widths` keeps every ASCII word whole).
WRAPPING = ("region", "compare.plan", "goal", "baseline", "latest")
# The narrowest each wrapping column becomes for Chinese text, which folds anywhere.
COMPARE_FLOORS = {"region": 4, "compare.plan": 10, "goal": 8, "baseline": 6, "latest": 6}
