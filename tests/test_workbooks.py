"""Workbooks, Chinese headers, wide tables and guessed encodings, read as statisticians save them.

The workbooks are built here with openpyxl. openpyxl writes a formula without a stored
value (what a workbook never opened in Excel holds); `store_formula_value` writes the
value Excel would have stored into the sheet's XML, as a saved workbook has it.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from tracker.cli import app
from tracker.dataroot import read_data_root
from tracker.errors import Problem
from tracker.headers import read_header, vocabulary_table
from tracker.textfiles import choose_encoding, decode


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def store_formula_value(path: Path, sheet: int, cell: str, value: str) -> None:
    """Give the formula in `cell` the stored value Excel would save with it."""
    part = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            if info.filename == part:
                data, count = re.subn(
                    rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)<v\s*/>'.encode(),
                    rb"\1\2<v>" + value.encode() + b"</v>",
                    data,
                )
                assert count == 1, "the formula cell was not found"
            archive.writestr(info, data)


def places(problems: list[Problem]) -> list[str]:
    return sorted(f"{p.code} {p.place}" for p in problems)


def figures(root: Path) -> list[tuple[Any, ...]]:
    dataset, problems = read_data_root(root)
    assert dataset is not None, [p.format() for p in problems]
    frame = dataset.actuals.frame
    return sorted(
        zip(frame["indicator"], frame["y_start"], frame["y_end"], frame["value"], frame["qualifier"], strict=True)
    )


@pytest.fixture
def root(valid_root: Path) -> Path:
    (valid_root / "actuals" / "demo.csv").unlink()
    return valid_root


def messy_workbook(path: Path) -> None:
    """A county's figures as a real workbook holds them (the cells the tests below name)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["示例县教育主要指标"])  # row 1: a title, merged across the table
    sheet.merge_cells("A1:F1")
    sheet.append([])  # row 2: a spacer
    sheet.append(["地区", "指标名称", "年度", "数据", "来源", "备注"])  # row 3: the header
    sheet.append(["示例县", "学前教育毛入园率", 2022, 0.876, "县统计公报", None])  # row 4: 87.6%
    sheet["D4"].number_format = "0.0%"
    sheet.append([None, "招聘教师", 2021, "约200", "县统计公报", None])  # row 5: text with a word
    sheet.append([None, "九年义务教育巩固率", "２０２１", "９９．２", "r", None])  # row 6: full width
    sheet.append([None, "九年义务教育巩固率", 2022, "=98+0.5", "r", None])  # row 7: formula, value stored
    sheet.append([None, "投诉率", 2022, "=30+4", "r", None])  # row 8: formula, no value
    sheet.append([None, "优质均衡验收", datetime.date(1905, 7, 14), 0, "r", None])  # row 9: 2022 in a date cell
    sheet.append([None, "招聘教师", datetime.date(2022, 3, 1), 300, "r", None])  # row 10: a real date
    sheet.merge_cells("A4:A10")  # the region written once for the rows
    sheet.append([])
    sheet.append(["注：数据来源于县教育局。"])  # row 12: the notes
    sheet.append(["资料来源：县统计局"])
    sheet.append(["示例县", "招聘教师", 2023, 100])  # row 14: figures after the notes
    wide = book.create_sheet("示例县")  # the region is the sheet's name
    wide.append(["指标", "2021年", "2022年", 2023, "单位"])
    wide.append(["九年义务教育巩固率", None, None, "99%以上", "%"])
    wide.append(["招聘教师", 0.02, "-", None, "万人"])  # 0.02万 = 200, within 约200 of row 5
    hidden = book.create_sheet("底稿")
    hidden.sheet_state = "hidden"
    book.save(path)
    store_formula_value(path, 1, "D7", "98.5")


def test_a_messy_workbook_gives_exact_figures_and_cells(root: Path) -> None:
    messy_workbook(root / "actuals" / "figures.xlsx")
    dataset, problems = read_data_root(root)
    assert places(problems) == [
        "TRK321 actuals/figures.xlsx:Sheet1!D8",  # a formula without a stored value
        "TRK322 actuals/figures.xlsx:Sheet1!C10",  # a date where a year was meant
        "TRK323 actuals/figures.xlsx:Sheet1!C9",  # 2022 typed into a date-formatted cell
        "TRK324 actuals/figures.xlsx:底稿",  # a hidden sheet: not read, and said
        "TRK326 actuals/figures.xlsx:Sheet1!D14",  # figures after the notes
    ]
    messages = {p.code: p.message for p in problems}
    assert "=30+4" in messages["TRK321"]
    assert "1905-07-14" in messages["TRK323"]
    assert dataset is not None
    assert dataset.actuals.empty == 4  # the wide sheet's cells without a figure: B2, C2, C3 ('-'), D3
    # Rows with an error are left out (D8, C10, row 14); 约200 (195-205) and 0.02万 (200) merge.
    assert figures(root) == [
        ("compulsory_retention_rate", 2021, 2021, 99.2, "="),
        ("compulsory_retention_rate", 2022, 2022, 98.5, "="),
        ("compulsory_retention_rate", 2023, 2023, 99.0, ">="),
        ("preschool_gross_enrolment_rate", 2022, 2022, 87.6, "="),
        ("quality_balance_passed", 2022, 2022, 0.0, "="),
        ("teachers_recruited", 2021, 2021, 200.0, "="),
    ]


def test_the_percent_format_decides_not_the_size(root: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["region", "indicator", "year", "value"])
    sheet.append(["示例县", "preschool_gross_enrolment_rate", 2021, 0.945])  # General: 0.945 as written
    sheet.append(["示例县", "preschool_gross_enrolment_rate", 2022, 0.945])
    sheet["D3"].number_format = "0.0%"  # shows 94.5%
    sheet.append(["示例县", "preschool_gross_enrolment_rate", 2023, 1.0])
    sheet["D4"].number_format = "0%"  # shows 100%
    book.save(root / "actuals" / "rates.xlsx")
    assert [row[3] for row in figures(root)] == [0.945, 94.5, 100.0]


def clean_workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "数据"
    sheet.append(["地区", "指标", "年份", "数值", "限定词", "来源"])
    sheet.append(["示例县", "学前教育毛入园率", 2022, 87.6, None, "demo report 2022"])
    sheet.append(["999999", "teachers_recruited", 2021, 200, None, "r"])
    sheet.append(["示例县", "teachers_recruited", 2022, "近200", None, "r"])
    sheet.append(["示例县", "compulsory_retention_rate", 2021, 99.2, None, "r"])
    sheet.append(["示例县", "compulsory_retention_rate", 2022, 98.5, None, "r"])
    sheet.append(["示例县", "compulsory_retention_rate", 2023, "99%", "以上", "r"])
    sheet.append(["示例县", "complaint_rate", 2022, 34, None, "r"])
    sheet.append(["示例县", "quality_balance_passed", 2022, 0, None, "r"])
    book.save(path)


def test_status_of_a_workbook_equals_that_of_the_same_csv(valid_root: Path, root: Path, tmp_path: Path) -> None:
    """The fixture's CSV and the same figures in a workbook with Chinese headers: one JSON."""
    code, from_csv, _ = invoke("status", "--data", str(VALID), "--as-of", "2023", "--json")
    assert code == 0
    clean_workbook(root / "actuals" / "demo.xlsx")
    code, from_workbook, _ = invoke("status", "--data", str(root), "--as-of", "2023", "--json")
    assert code == 0
    assert json.loads(from_workbook) == json.loads(from_csv)
    code, out, _ = invoke("validate", "--data", str(root))
    assert (code, out.splitlines()[-1]) == (0, "1 plan, 5 targets, 8 actual rows: 0 errors, 0 warnings")


VALID = Path(__file__).parent / "fixtures" / "valid"


def test_cli_locates_a_workbook_problem_and_exits_2(root: Path) -> None:
    messy_workbook(root / "actuals" / "figures.xlsx")
    code, out, _ = invoke("validate", "--data", str(root))
    assert code == 2
    assert "actuals/figures.xlsx:Sheet1!D8: TRK321 the cell holds the formula =30+4" in out
    code, _, err = invoke("status", "--data", str(root))
    assert code == 2
    assert err.splitlines()[:2] == [
        "actuals/figures.xlsx:Sheet1!D8: TRK321 the cell holds the formula =30+4 but no value computed from it"
        " (or its value is an error) (open the workbook in Excel or WPS and save it, so that the values are stored;"
        " or type the number)",
        "actuals/figures.xlsx:Sheet1!C10: TRK322 the cell is the date 2022-03-01; the year column needs a year such as"
        " 2023 (type the year (2023) or the number in a cell formatted as General, Number or Text)",
    ]


def test_a_sheet_without_a_table_and_a_default_name_without_a_region(root: Path) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本表由县教育局填报"])
    other = book.create_sheet("Sheet2")
    other.append(["指标", "2021"])  # a wide sheet: no region column, and a default name
    other.append(["招聘教师", 10])
    book.save(root / "actuals" / "x.xlsx")
    _, problems = read_data_root(root)
    assert places(problems) == ["TRK301 actuals/x.xlsx:Sheet2!1:1", "TRK325 actuals/x.xlsx:说明!1:1"]


# -- CSV: Chinese headers, wide tables, encodings -----------------------------------------


def test_a_gb18030_csv_with_chinese_headers(root: Path) -> None:
    text = (
        "地区,指标名称,年份,数值,限定词,来源\n"
        "示例县,学前教育毛入园率,2022,87.6,,县公报\n"
        "示例县,招聘教师,2021,1.5万,,县公报\n"
    )
    (root / "actuals" / "gbk.csv").write_bytes(text.encode("gb18030"))
    assert figures(root) == [
        ("preschool_gross_enrolment_rate", 2022, 2022, 87.6, "="),
        ("teachers_recruited", 2021, 2021, 15000.0, "="),
    ]


def test_gb18030_bytes_that_are_utf8_too_are_read_as_gb18030(valid_root: Path) -> None:
    """全省 in GB18030 (C8 AB CA A1) is valid UTF-8 for ȫʡ: read as the plan's region."""
    plan = valid_root / "plans" / "demo.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("region: 示例县", "region: 全省"), encoding="utf-8")
    (valid_root / "actuals" / "demo.csv").unlink()
    data = "region,indicator,year,value\n全省,dropout_rate,2022,1.5\n".encode("gb18030")
    data.decode("utf-8")  # the premise: these bytes are UTF-8 too
    (valid_root / "actuals" / "province.csv").write_bytes(data)
    dataset, problems = read_data_root(valid_root)
    assert problems == []
    assert dataset is not None and dataset.actuals.frame["region"].tolist() == ["全省"]
    assert decode(data, "f")[1] == "gb18030"
    choice = choose_encoding(data)
    assert (choice.encoding, choice.close) == ("gb18030", False)
    assert "0% of the non-ASCII characters read as UTF-8" in choice.why


def test_debug_says_why_and_a_close_call_warns(root: Path) -> None:
    (root / "actuals" / "province.csv").write_bytes(
        "region,indicator,year,value\n全省,dropout_rate,2022,1.5\n".encode("gb18030")
    )
    (root / "actuals" / "west.csv").write_bytes(
        "region,indicator,year,value,note\n999999,dropout_rate,2021,1.4,Café\n".encode()
    )
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "validate", "--data", str(root), "--debug"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert "actuals/province.csv: read as gb18030: the bytes are UTF-8 and GB18030 alike" in result.stderr
    assert "actuals/west.csv:1: TRK114 the bytes read as UTF-8 and as GB18030; read as utf-8" in result.stdout


def test_a_wide_csv_and_a_long_one_side_by_side(root: Path) -> None:
    (root / "actuals" / "long.csv").write_text("地区,指标,年份,数值\n示例县,辍学率,2020,1.6\n", encoding="utf-8")
    (root / "actuals" / "wide.csv").write_text(
        "地区,指标,2021,2022年,2023\n示例县,辍学率,1.5,,1.2\n示例县,招聘教师,100,120,—\n", encoding="utf-8"
    )
    assert figures(root) == [
        ("dropout_rate", 2020, 2020, 1.6, "="),
        ("dropout_rate", 2021, 2021, 1.5, "="),
        ("dropout_rate", 2023, 2023, 1.2, "="),
        ("teachers_recruited", 2021, 2021, 100.0, "="),
        ("teachers_recruited", 2022, 2022, 120.0, "="),
    ]
    dataset, _ = read_data_root(root)
    assert dataset is not None and dataset.actuals.empty == 2
    (root / "actuals" / "wide.csv").write_text("地区,指标,2021\n示例县,辍学率,abc\n", encoding="utf-8")
    _, problems = read_data_root(root)
    assert places(problems) == ["TRK304 actuals/wide.csv:2:3"]  # the cell of 2021


def test_unknown_headers_name_the_nearest_known_one(root: Path) -> None:
    (root / "actuals" / "x.csv").write_text(
        "地区,指标,年份,数值,数据出处\n示例县,辍学率,2022,1.5,县局\n", encoding="utf-8"
    )
    _, problems = read_data_root(root)
    assert [p.format() for p in problems] == [
        "actuals/x.csv:1:5: TRK316 column '数据出处' is not one tracker reads; it is ignored"
        " (the nearest known header is '出处')"
    ]


def test_the_vocabulary_reads_the_headers_the_issue_names() -> None:
    header = read_header(["地区", "行政区划代码", "指标名称", "年度", "值", "限定词", "来源", "原文", "备注"])
    assert header.fields == {
        "region": 1,
        "region_code": 2,
        "indicator": 3,
        "year": 4,
        "value": 5,
        "qualifier": 6,
        "source": 7,
        "quote": 8,
        "note": 9,
    }
    assert read_header(["区域", "指标", "2021年", "2022"]).years == [(3, "2021"), (4, "2022")]
    assert read_header(["行政区划", "数据"]).fields == {"region": 1, "value": 2}


def test_docs_list_the_whole_vocabulary() -> None:
    text = (Path(__file__).parent.parent / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    assert vocabulary_table() in text


# -- the collection form -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_form_round_trip_for_every_kind(root: Path, tmp_path: Path, suffix: str) -> None:
    """template -> fill some rows (the others stay empty) -> the form in actuals/ -> status."""
    form = tmp_path / f"form{suffix}"
    code, out, err = invoke(
        "template", "--data", str(root), "--plan", "demo", "--out", str(form), "--years", "2021-2023"
    )
    assert code == 0, err
    # 5 targets x 3 years, the milestone's deadline is 2023: 15 rows
    assert out.strip() == f"wrote {form}: 15 rows to fill"
    filled = {
        ("preschool_gross_enrolment_rate", 2022): "90",  # level: (90-80)/(100-80) / (2/5) = 1.25
        ("compulsory_retention_rate", 2021): "99.5",  # maintain
        ("compulsory_retention_rate", 2022): "超99",
        ("teachers_recruited", 2021): "400",  # cumulative: 400 + 450 of 1000
        ("teachers_recruited", 2022): "450",
        ("complaint_rate", 2022): "31",  # change: -9 of -15 in 2 of 5 years
        ("quality_balance_passed", 2022): "1",  # milestone done
    }
    if suffix == ".xlsx":
        book = load_workbook(form)
        sheet = book.active
        assert sheet is not None and sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]][:6] == ["地区", "指标", "名称（参考）", "单位", "年份", "数值"]
        assert sheet.data_validations.dataValidation[0].formula1.startswith('"=,>=,>')
        for row in sheet.iter_rows(min_row=2):
            key = (row[1].value, row[4].value)
            if key in filled:
                row[5].value = float(filled[key]) if filled[key][0].isdigit() else filled[key]
        book.save(form)
    else:
        lines = form.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0] == "地区,指标,名称（参考）,单位,年份,数值,限定词,来源,备注,规划目标（参考）"
        out_lines = [lines[0]]
        for line in lines[1:]:
            cells = line.split(",")
            cells[5] = filled.get((cells[1], int(cells[4])), "")
            out_lines.append(",".join(cells))
        form.write_text("\n".join(out_lines) + "\n", encoding="utf-8-sig")
    (root / "actuals" / form.name).write_bytes(form.read_bytes())
    code, out, _ = invoke("validate", "--data", str(root))
    assert (code, out.splitlines()[-1]) == (
        0,
        "1 plan, 5 targets, 7 actual rows, 8 left empty: 0 errors, 0 warnings",
    )
    code, out, _ = invoke("status", "--data", str(root), "--as-of", "2023", "--json")
    statuses = {t["target"]: t["status"] for t in json.loads(out)["targets"]}
    assert statuses == {
        "preschool": "on_track",  # R = ((90 - 80) / (100 - 80)) / (2 / 5) = 1.25
        "retention": "on_track",  # 99.5 and 超99 both meet >= 99
        "recruit": "on_track",  # R = (850 / 1000) / (2 / 5) = 2.125, the total not yet reached
        "complaints": "on_track",  # R = (-9 / -15) / (2 / 5) = 1.5
        "balance": "achieved",  # 1 in 2022, before the deadline 2023
    }


def test_an_empty_value_in_an_ordinary_csv_stays_an_error(root: Path) -> None:
    (root / "actuals" / "x.csv").write_text("地区,指标,年份,数值\n示例县,辍学率,2022,\n", encoding="utf-8")
    _, problems = read_data_root(root)
    assert places(problems) == ["TRK304 actuals/x.csv:2:4"]
