"""`tracker report --format xlsx`: the workbook read back with openpyxl and python-calamine.

Expected values are worked out by hand from tests/fixtures/report-root at 2024, e.g.
alpha/preschool: baseline 85 (2020), 91.2 in 2023, goal >= 95 by 2025: task done
(91.2-85)/(95-85) = 62%, time gone (2023-2020)/(2025-2020) = 0.6, R = 0.62/0.6 = 1.03.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from report_support import AS_OF, REPORT_ROOT, copy_root, run

from tracker.core import evaluate_root
from tracker.messages import message
from tracker.render.xlsx import TARGET_COLUMNS, ZIP_TIME, number_format, workbook_bytes
from tracker.results import Evaluation

FORBIDDEN_IN_SHEET_NAMES = set("[]:*?/\\")


def _evaluation() -> Evaluation:
    return evaluate_root(REPORT_ROOT, int(AS_OF))[1]


@pytest.fixture(scope="module")
def english() -> bytes:
    return workbook_bytes(_evaluation(), "en")


def _rows(data: bytes, sheet: str) -> list[list[Any]]:
    rows: list[list[Any]] = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()
    return rows


def _by_header(data: bytes, sheet: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Targets sheet rows by (plan id, target id), each a {header: value} (calamine's reading)."""
    header, *rows = _rows(data, sheet)
    named = [dict(zip(header, row, strict=True)) for row in rows]
    return {(row["Plan id"], row["Target id"]): row for row in named}


def test_sheet_names_and_the_views_of_each_sheet(english: bytes) -> None:
    book = load_workbook(io.BytesIO(english))
    assert book.sheetnames == ["Overview", "Targets", "Statuses"]
    assert [book[name].freeze_panes for name in book.sheetnames] == ["B2", "C2", "A2"]
    # The filter covers the header and the plans (2) / targets (14) / statuses (9), not the total or notes.
    assert [book[name].auto_filter.ref for name in book.sheetnames] == ["A1:O3", "A1:Y15", "A1:D10"]
    assert CalamineWorkbook.from_filelike(io.BytesIO(english)).sheet_names == book.sheetnames
    zh = load_workbook(io.BytesIO(workbook_bytes(_evaluation(), "zh")))
    assert zh.sheetnames == ["概览", "目标", "状态说明"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sheet_names_are_allowed_by_excel(lang: str) -> None:
    for key in ("xlsx.sheet.overview", "xlsx.sheet.targets", "xlsx.sheet.statuses"):
        name = message(key, lang)  # type: ignore[arg-type]
        assert 0 < len(name) <= 31 and not set(name) & FORBIDDEN_IN_SHEET_NAMES, name


def test_overview_counts_by_plan_and_total(english: bytes) -> None:
    rows = _rows(english, "Overview")
    assert rows[0][:5] == ["Plan id", "Plan", "Region", "Period", "Targets"]
    assert rows[0][5:] == [
        "achieved",
        "on track",
        "behind",
        "off track",
        "regressing",
        "missed",
        "pending",
        "indeterminate",
        "no data",
        "Of them provisional",
    ]
    # alpha: on track preschool; behind retention, places, complaints; off track senior; regressing
    # dropout; pending balance; indeterminate satisfaction; no data schooling.
    assert rows[1] == ["alpha-county-2021-2025", "Alpha county 14th Five-Year Education Plan", "甲县", "2021-2025"] + [
        9.0,
        *[0.0, 1.0, 3.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0],
        0.0,
    ]
    # beta: achieved preschool and balance; missed retention, teachers and (provisionally) dropout.
    assert rows[2][4:] == [5.0, 2.0, 0, 0, 0, 0, 3.0, 0, 0, 0, 1.0]
    assert rows[3] == [""] * 15  # a blank row keeps the total out of the filter
    assert rows[4] == ["Total", "", "", "", 14.0, 2.0, 1.0, 3.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0]
    cells = load_workbook(io.BytesIO(english))["Overview"]
    assert cells["E2"].value == 9 and cells["E2"].data_type == "n"


def test_target_rows_hold_numbers_read_back_by_calamine(english: bytes) -> None:
    rows = _by_header(english, "Targets")
    assert len(rows) == 14
    preschool = rows["alpha-county-2021-2025", "preschool"]
    assert preschool["Goal"] == "≥95% by 2025"
    assert (preschool["Goal comparison"], preschool["Goal value"], preschool["Deadline"]) == ("≥", 95.0, 2025.0)
    assert (preschool["Baseline year"], preschool["Baseline value"]) == (2020.0, 85.0)
    assert (preschool["Latest year"], preschool["Latest value"], preschool["Unit"]) == (2023.0, 91.2, "%")
    assert (preschool["Task done (%)"], preschool["R"], preschool["Status"]) == (62.0, 1.03, "on track")
    assert preschool["Binding or expected"] == "binding"
    assert preschool["Source"] == "甲县统计公报2023"
    assert preschool["File:line"] == "plans/alpha-county-2021-2025.yaml:12"
    senior = rows["alpha-county-2021-2025", "senior"]  # (83-80)/12 = 25% in 60% of the time: R 0.42
    assert (senior["Task done (%)"], senior["R"], senior["Status"]) == (25.0, 0.42, "off track")
    places = rows["alpha-county-2021-2025", "places"]  # 4000 (2021-2022) + 1500余 (2023)
    assert (places["Latest year"], places["Latest value"], places["Qualifier"]) == ("2021-2023", 5500.0, "≈")
    assert (places["Goal value"], places["Unit"], places["Task done (%)"]) == (10000.0, "places", 55.0)
    satisfaction = rows["alpha-county-2021-2025", "satisfaction"]  # 88 (A) and 92 (B) for 2023
    assert (satisfaction["Latest value"], satisfaction["Qualifier"]) == ("", "conflicting")
    assert satisfaction["R"] == "" and satisfaction["Status id"] == "indeterminate"
    dropout = rows["beta-city-2021-2023", "dropout"]  # deadline 2023, latest 0.6 (2022): missed for now
    assert (dropout["Status"], dropout["Provisional (awaiting)"]) == ("missed", "awaiting 2023")
    assert dropout["Why"] == "no 2023 figure yet; 0.6% (2022), 0.1 pp over the goal (≤0.5% by 2023)"
    assert rows["alpha-county-2021-2025", "preschool"]["Provisional (awaiting)"] == ""


def test_number_formats_show_values_as_written(english: bytes) -> None:
    sheet = load_workbook(io.BytesIO(english))["Targets"]
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    header = [cell.value for cell in sheet[1]]
    assert header == [message(key, "en") for key in TARGET_COLUMNS]

    def cell(row: int, name: str) -> Any:
        return sheet[f"{column[name]}{row}"]

    # row 2: alpha/preschool, row 6: alpha/places
    assert (cell(2, "Latest value").value, cell(2, "Latest value").number_format) == (91.2, "0.0")
    assert (cell(2, "Baseline value").value, cell(2, "Baseline value").number_format) == (85, "0")
    assert (cell(6, "Goal value").value, cell(6, "Goal value").number_format) == (10000, "#,##0")
    assert (cell(2, "R").value, cell(2, "R").number_format) == (1.03, "0.00")
    assert (cell(2, "Task done (%)").value, cell(2, "Task done (%)").number_format) == (62.0, "0.0")
    assert cell(2, "Deadline").data_type == "n"
    assert cell(2, "Status").fill.fgColor.rgb == "00E2F0D9"  # on track: light green


@pytest.mark.parametrize(
    ("value", "shown"), [(92.9, "0.0"), (95.0, "0"), (0.55, "0.00"), (10_000.0, "#,##0"), (1500.0, "0")]
)
def test_number_format_keeps_the_decimals_written(value: float, shown: str) -> None:
    assert number_format(value) == shown


def test_statuses_sheet_explains_every_status(english: bytes) -> None:
    rows = _rows(english, "Statuses")
    assert rows[0] == ["Status", "Status id", "R range", "What it means"]
    assert [row[1] for row in rows[1:10]] == [
        "achieved",
        "on_track",
        "behind",
        "off_track",
        "regressing",
        "missed",
        "pending",
        "indeterminate",
        "no_data",
    ]
    assert rows[2][2] == "R >= 0.95" and rows[3][2] == "0.5 <= R < 0.95" and rows[1][2] == ""
    assert rows[11][0] == "As of 2024"


def test_same_data_same_bytes(english: bytes) -> None:
    """No clock in the file: fixed ZIP entry times and document times (the evaluation year)."""
    assert workbook_bytes(_evaluation(), "en") == english
    with zipfile.ZipFile(io.BytesIO(english)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core) == [
        ("created", "2024-01-01T00:00:00Z"),
        ("modified", "2024-01-01T00:00:00Z"),
    ]


def test_report_writes_the_default_workbook(tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    result = run("report", "--data", str(root), "--as-of", AS_OF, "--format", "xlsx", "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    written = (root / "reports" / "status.xlsx").read_bytes()
    assert written == workbook_bytes(_evaluation(), "zh")
    assert _rows(written, "目标")[0][:4] == ["地区", "指标", "规划编号", "目标编号"]
    # Written again over its own file (the record of outputs lists it).
    again = run("report", "--data", str(root), "--as-of", AS_OF, "--format", "xlsx", "--lang", "zh")
    assert again.exit_code == 0, again.stderr


def test_a_workbook_is_not_written_to_standard_output(tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    result = run("report", "--data", str(root), "--as-of", AS_OF, "--format", "xlsx", "--out", "-")
    assert result.exit_code == 2
    assert "TRK405" in result.stderr and "--out status.xlsx" in result.stderr
    assert result.stdout == ""
    assert not (root / "reports").exists()


def test_since_is_for_the_markdown_report(tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    previous = tmp_path / "before.json"
    previous.write_text(run("status", "--data", str(root), "--as-of", AS_OF, "--json").stdout, encoding="utf-8")
    result = run("report", "--data", str(root), "--format", "xlsx", "--since", str(previous))
    assert result.exit_code == 2
    assert "TRK405" in result.stderr and "drop it with --format xlsx" in result.stderr
    assert not (root / "reports").exists()
