"""`tracker report --format xlsx`: the status as a workbook to hand to leaders (docs/spreadsheets.md).

Three sheets, each a plain table from A1 with a filterable, frozen header row:
* the overview: a row per plan with its targets per status (every status a column, so that
  workbooks of different years line up), then a total row below a blank one;
* the targets: a row per target of every plan - goal, baseline and latest figure as numbers
  (shown with the decimals they were written with, the unit in a column of its own, so
  percentages stay 92.9 as the plans write them), R, the status coloured, the provisional
  mark, the one-line reason and the source;
* the statuses: what each status means and its range of R, then notes.

Safe: every text from a data file goes through `escaping.clean` (no control character, which
the file format cannot hold), and a text that a spreadsheet would take for a formula (= + - @
first) is written as a string cell with Excel's quote prefix, so that it stays text even when
a user edits the cell. Deterministic: the same data give the same bytes (fixed document times
and ZIP entry times), so a golden hash can pin a workbook.

openpyxl is imported here only, when the format is used, so `tracker --help` stays fast.
"""

from __future__ import annotations

import datetime
import functools
import io
import math
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracker.bands import BAND_EDGES, BELOW_EVERY_BAND, band_text, shown_ratio
from tracker.escaping import clean, starts_formula
from tracker.forms import display_width
from tracker.messages import Lang, by_language, message, status_label
from tracker.models import Status
from tracker.numbers import canonical_number
from tracker.render import Options, Renderer, common
from tracker.results import Evaluation, Figure, PlanResult, Report, TargetResult

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Light fills for the status cells, in the colours of the terminal's statuses.
STATUS_FILLS = {
    Status.ACHIEVED: "C6EFCE",
    Status.ON_TRACK: "E2F0D9",
    Status.BEHIND: "FFF2CC",
    Status.OFF_TRACK: "FCE4D6",
    Status.REGRESSING: "F8CBAD",
    Status.MISSED: "F4B6B6",
    Status.PENDING: "DDEBF7",
    Status.INDETERMINATE: "E4DFEC",
    Status.NO_DATA: "EDEDED",
}
HEADER_FILL = "D9E1F2"
# What a spreadsheet reads as the start of a formula when the text is typed or edited.
MAX_COLUMN_WIDTH = 60
# The documents' fixed times: the ZIP format's first day for its entries; the workbook's
# created/modified properties are the first day of the evaluation year.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
RATIO_FORMAT = "0.00"
SHARE_FORMAT = "0.0"

TARGET_COLUMNS = (
    "region",
    "xlsx.indicator",
    "xlsx.plan_id",
    "xlsx.target_id",
    "xlsx.indicator_id",
    "xlsx.nature",
    "quote",
    "goal",
    "xlsx.goal_op",
    "xlsx.goal_value",
    "xlsx.deadline",
    "xlsx.baseline_year",
    "xlsx.baseline_value",
    "xlsx.latest_year",
    "xlsx.latest_value",
    "xlsx.qualifier",
    "xlsx.unit",
    "xlsx.task_share",
    "ratio",
    "status",
    "xlsx.provisional",
    "xlsx.status_id",
    "xlsx.reason",
    "source",
    "xlsx.file",
)
TARGETS_FROZEN = "C2"  # the header row, the region and the indicator's name stay in view


class StatusWorkbook(Renderer[Report]):
    """`tracker report --format xlsx`: the workbook (see the module)."""

    binary = True
    suffix = "xlsx"

    def render(self, view: Report, options: Options) -> bytes:
        return workbook_bytes(view.evaluation, options.lang)


def workbook_bytes(evaluation: Evaluation, lang: Lang) -> bytes:
    """The whole workbook as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    _table(book.create_sheet(message("xlsx.sheet.overview", lang)), *_overview(evaluation, lang), frozen="B2")
    _table(book.create_sheet(message("xlsx.sheet.targets", lang)), *_targets(evaluation, lang), frozen=TARGETS_FROZEN)
    _table(book.create_sheet(message("xlsx.sheet.statuses", lang)), *_statuses(evaluation, lang), frozen="A2")
    when = datetime.datetime(evaluation.as_of, 1, 1)
    book.properties.created = book.properties.modified = when
    book.properties.creator = "tracker"
    book.properties.title = message("report.title", lang, year=evaluation.as_of)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()  # not Workbook.save, which stamps the time of saving
    return fixed_times(out.getvalue())


def fixed_times(data: bytes) -> bytes:
    """The ZIP archive `data` again, every entry dated ZIP_TIME (openpyxl dates them now)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            archive.writestr(entry, source.read(info))
    return out.getvalue()


class Cell:
    """A value with how to show it: a number format, bold, a fill."""

    __slots__ = ("value", "number_format", "bold", "fill")

    def __init__(self, value: Any, number_format: str | None = None, bold: bool = False, fill: str | None = None):
        self.value, self.number_format, self.bold, self.fill = value, number_format, bold, fill


Row = Sequence[Any]  # plain values or Cells; None is an empty cell


def text(value: str) -> str:
    """Text from a data file as a cell holds it: one line of printable characters."""
    return clean(value)


def _table(sheet: WriteOnlyWorksheet, header: list[str], rows: list[Row], after: list[Row], frozen: str) -> None:
    """`header` and `rows` as a table from A1 with a filter on its header, then the rows `after`
    (a total, notes) below a blank row, outside the filter; widths fitted to the text."""
    from openpyxl.utils import get_column_letter

    every = [header, *rows, *(row for row in after if len(row) > 1)]  # not the notes, a cell each
    views: Any = sheet  # a write-only sheet has these, set before its first row; its type stubs lack them
    for index in range(len(header)):
        widest = max((display_width(_shown(row[index])) for row in every if index < len(row)), default=0)
        views.column_dimensions[get_column_letter(index + 1)].width = min(MAX_COLUMN_WIDTH, widest + 2)
    sheet.freeze_panes = frozen
    views.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    sheet.append([_cell(sheet, Cell(word, bold=True, fill=HEADER_FILL)) for word in header])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    if after:
        sheet.append([])
        for row in after:
            sheet.append([_cell(sheet, value) for value in row])


def _shown(value: Any) -> str:
    """Roughly what a cell shows, for its column's width."""
    value = value.value if isinstance(value, Cell) else value
    if value is None:
        return ""
    if isinstance(value, float):
        return common.number(value)
    return str(value)


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """What a row holds for `value`: the value itself when it needs nothing, else a write-only
    cell with its format; a text that would start a formula stays text."""
    from openpyxl.cell import WriteOnlyCell

    formula_like = starts_formula(value)
    if not isinstance(value, Cell) and not formula_like:
        return value
    shown = value if isinstance(value, Cell) else Cell(value)
    made = WriteOnlyCell(sheet, shown.value)
    if starts_formula(shown.value):
        made.data_type = "s"  # openpyxl takes a text starting with = for a formula
        made.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if shown.number_format:
        made.number_format = shown.number_format
    if shown.bold:
        made.font = _bold()
    if shown.fill:
        made.fill = _fill(shown.fill)
    return made


@functools.cache
def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


@functools.cache
def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour)


def number_format(value: float) -> str:
    """The format that shows `value` as it was written: 92.9 -> 0.0, 95 -> 0, 10000 -> #,##0."""
    written = canonical_number(value)
    decimals = len(written.partition(".")[2])
    if decimals:
        return "0." + "0" * decimals
    return "#,##0" if abs(value) >= 10_000 else "0"


def value_cell(value: float | None) -> Cell | None:
    """A value of the data as a number shown with its written decimals; None when there is none."""
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return Cell(common.number(value))  # an end without bound: no number a cell can hold
    return Cell(value, number_format(value))


def _overview(evaluation: Evaluation, lang: Lang) -> tuple[list[str], list[Row], list[Row]]:
    statuses = list(Status)
    header = [message(key, lang) for key in ("xlsx.plan_id", "xlsx.plan_title", "region", "xlsx.period", "xlsx.count")]
    header += [status_label(status, lang) for status in statuses] + [message("xlsx.provisional_count", lang)]
    rows: list[Row] = []
    for plan in evaluation.plans:
        counts = plan.counts
        title = by_language(lang, plan.title, plan.title_en or plan.title)
        rows.append(
            [
                text(plan.id),
                text(title),
                text(plan.region),
                f"{plan.period_start}-{plan.period_end}",
                plan.size,
                *(counts.get(status, 0) for status in statuses),
                sum(result.provisional for result in plan.targets),
            ]
        )
    totals = evaluation.counts
    total: Row = [
        Cell(message("xlsx.total", lang), bold=True),
        None,
        None,
        None,
        evaluation.target_count,
        *(totals.get(status, 0) for status in statuses),
        sum(result.provisional for result in evaluation.targets),
    ]
    return header, rows, [total]


def _targets(evaluation: Evaluation, lang: Lang) -> tuple[list[str], list[Row], list[Row]]:
    header = [message(key, lang) for key in TARGET_COLUMNS]
    rows = [target_row(result, plan, evaluation, lang) for plan in evaluation.plans for result in plan.targets]
    return header, rows, []


def target_row(result: TargetResult, plan: PlanResult, evaluation: Evaluation, lang: Lang) -> Row:
    """One target's row, in the order of TARGET_COLUMNS."""
    unit = common.unit_of(evaluation.indicators, result.indicator)
    name = common.indicator_name(evaluation.indicators, result.indicator, lang)
    latest = result.latest
    conflicting = common.is_conflicting(latest)
    baseline = result.baseline_value if result.baseline_year is not None else None
    return [
        text(result.region),
        text(name),
        text(result.plan_id),
        text(result.target_id),
        text(result.indicator),
        message("binding" if result.binding else "expected", lang),
        text(result.quote) or None,
        common.goal(result, unit, lang),
        common.op_symbol(result.op) or None,
        value_cell(result.target_value),
        result.by,
        result.baseline_year,
        value_cell(baseline),
        _year(latest),
        None if conflicting or latest is None else value_cell(latest.value),
        message("xlsx.conflicting", lang) if conflicting else _qualifier(latest),
        common.axis_label(unit, lang) if unit else None,
        _share(common.shown_progress(result)),
        _ratio(result.ratio),
        Cell(status_label(result.status, lang), fill=STATUS_FILLS[result.status]),
        None if result.awaited_year is None else message("awaiting_short", lang, year=result.awaited_year),
        result.status.value,
        text(common.reason(result, unit, lang, name)),
        text("; ".join(result.sources)) or None,
        text(f"{result.file}:{result.line}"),
    ]


def _year(latest: Figure | None) -> int | str | None:
    """The latest figure's year; a span ('2021-2023') for a sum over years."""
    if latest is None:
        return None
    return latest.year if latest.year_start == latest.year else latest.year_text


def _qualifier(latest: Figure | None) -> str | None:
    """The figure's qualifier as written (超, 以上, 约) or its sign (≥, ≈); none for an exact figure."""
    if latest is None:
        return None
    return text(common.qualifier_text(latest)) or None


def _ratio(value: float | None) -> Cell | None:
    """R as the tables show it (two decimals, rounded toward its band), as a number."""
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return Cell(common.ratio(value))
    return Cell(float(shown_ratio(value, 2)), RATIO_FORMAT)


def _share(progress: float | None) -> Cell | None:
    """The share of the task done, in percent (62.0 for 0.62)."""
    if progress is None or not math.isfinite(progress):
        return None
    return Cell(round(progress * 100, 1) + 0.0, SHARE_FORMAT)


def _statuses(evaluation: Evaluation, lang: Lang) -> tuple[list[str], list[Row], list[Row]]:
    header = [message(key, lang) for key in ("status", "xlsx.status_id", "xlsx.band", "xlsx.meaning")]
    banded = {status for _, status in BAND_EDGES} | {BELOW_EVERY_BAND}
    rows: list[Row] = [
        [
            Cell(status_label(status, lang), fill=STATUS_FILLS[status]),
            status.value,
            band_text(status) if status in banded else None,
            message(f"xlsx.meaning.{status.value}", lang),
        ]
        for status in Status
    ]
    notes: list[Row] = [
        [Cell(message("xlsx.as_of", lang, year=evaluation.as_of), bold=True)],
        [message("xlsx.ratio_note", lang)],
        [message("xlsx.values_note", lang)],
        [message("legend.provisional", lang)],
        [message("legend.binding", lang)],
    ]
    return header, rows, notes
