"""The collection form (`tracker template`): one row per target and year still without a figure.

A bureau sends the form out, gets it back filled, and drops it into `actuals/` as it is.
The form's goal column (`tracker.headers.VOCABULARY[FORM]`, 规划目标（参考）) is its mark: the
reader takes a sheet or CSV with that column as a form, whose rows left without a value
are no figure (counted by `validate`), where an ordinary table's empty value is an error.
The other reference column (名称（参考）) and the unit are known to the reader too, so a
filled form reads with no editing.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from tracker import kinds
from tracker.dataroot import DataSet
from tracker.escaping import clean, starts_formula
from tracker.headers import FORM, NOT_READ, VOCABULARY
from tracker.messages import Lang, by_language, message
from tracker.numbers import QUALIFIERS, canonical_number
from tracker.plans import TargetSpec

# The form's columns: (field, header in English, header in Chinese).
COLUMNS = [
    (name, VOCABULARY[name][0], VOCABULARY[name][1])
    for name in ("region", "indicator", NOT_READ, "unit", "year", "value", "qualifier", "source", "note", FORM)
]
COLUMNS[2] = (NOT_READ, "name (reference)", "名称（参考）")
# The qualifier drop-down: the ids and the Chinese words reports use most.
QUALIFIER_CHOICES = [*QUALIFIERS, "以上", "不低于", "超过", "以下", "不超过", "不足", "约", "左右", "近", "余"]
_UNITS = {"percent": "%", "person": "人", "person_time": "人次", "school": "所", "yuan": "元", "hour": "小时"}


@dataclass(frozen=True)
class FormRow:
    """One row to fill: a target's indicator in a year without a figure."""

    region: str
    indicator: str
    name: str
    unit: str
    year: int
    goal: str


def form_rows(dataset: DataSet, plan_id: str, years: tuple[int, int] | None, lang: Lang) -> list[FormRow]:
    """The rows of a plan's form: each target, each year of `years` (default: the plan's
    period) up to its deadline, that has no figure for the plan's region yet."""
    plan = dataset.plan(plan_id)
    first, last = years or (plan.model.period.start, plan.model.period.end)
    frame = dataset.actuals.frame
    single = frame[(frame["region"] == plan.model.region) & (frame["y_start"] == frame["y_end"])]
    have = set(zip(single["indicator"].astype(str), single["y_end"].astype(int), strict=True))
    catalog = dataset.indicators.catalog.indicators
    rows = []
    for target in plan.targets:
        entry = catalog[target.indicator]
        name = by_language(lang, entry.name, entry.name_en)
        unit = _UNITS.get(entry.unit, "是1/否0" if entry.unit == "boolean" else "")
        for year in range(first, min(last, target.by) + 1):
            if (target.indicator, year) not in have:
                rows.append(FormRow(plan.model.region, target.indicator, name, unit, year, goal_text(target, lang)))
    return rows


def year_range(text: str) -> tuple[int, int]:
    """`--years`: 2021-2025 or 2024; TRK405 when it is not years in order."""
    from tracker.errors import fail
    from tracker.models import YEAR_RANGE

    first, _, last = text.partition("-")
    try:
        span = int(first), int(last or first)
    except ValueError:
        raise fail("TRK405", "--years", reason=f"'{text}' is not YEAR or YEAR-YEAR, e.g. 2021-2025") from None
    if not YEAR_RANGE[0] <= span[0] <= span[1] <= YEAR_RANGE[1]:
        raise fail("TRK405", "--years", reason=f"'{text}' is not a span of years in order, e.g. 2021-2025")
    return span


def goal_text(target: TargetSpec, lang: Lang) -> str:
    """The plan's goal for reference: 2025年≥95, 2025年累计≥1000, done by 2023."""
    op, value = target.op, target.value
    amount = "" if op is None or value is None else f"{op}{canonical_number(float(value))}"
    return kinds.rule(target.kind).form_goal(amount, target.by, lang)


def headers(lang: Lang) -> list[str]:
    return [by_language(lang, zh, en) for _, en, zh in COLUMNS]


def _cells(row: FormRow) -> list[object]:
    return [row.region, row.indicator, row.name, row.unit, row.year, None, None, None, None, row.goal]


def csv_form(rows: list[FormRow], lang: Lang) -> str:
    """The form as CSV text (written with a BOM, so that Excel reads it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers(lang))
    writer.writerows(["" if cell is None else cell for cell in _cells(row)] for row in rows)
    return out.getvalue()


def xlsx_form(rows: list[FormRow], lang: Lang, title: str) -> bytes:
    """The form as a workbook: frozen header, a drop-down of qualifiers, widths for CJK text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = message("form.sheet", lang)
    sheet.append(headers(lang))
    for row in rows:
        sheet.append([clean(cell) if isinstance(cell, str) else cell for cell in _cells(row)])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if starts_formula(cell.value):  # a region or name from a plan is data, never a formula
                cell.data_type = "s"
                cell.quotePrefix = True
    bold, shaded = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = bold
    value_column = [name for name, _, _ in COLUMNS].index("value") + 1
    for r in range(2, len(rows) + 2):
        sheet.cell(r, value_column).fill = shaded  # the cells to fill
    sheet.freeze_panes = "A2"
    last = max(len(rows) + 1, 2)
    qualifier_column = chr(ord("A") + [name for name, _, _ in COLUMNS].index("qualifier"))
    choices = DataValidation(type="list", formula1='"' + ",".join(QUALIFIER_CHOICES) + '"', allow_blank=True)
    choices.add(f"{qualifier_column}2:{qualifier_column}{last}")
    sheet.add_data_validation(choices)
    for index, header in enumerate(headers(lang), start=1):
        texts = [header, *(str(_cells(row)[index - 1] or "") for row in rows)]
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = min(60, max(display_width(t) for t in texts) + 3)
    workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def display_width(text: str) -> int:
    """Columns a text takes: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
