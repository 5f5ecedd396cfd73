"""The status workbook (`report --format xlsx`): text from the data never becomes a formula.

openpyxl takes a string starting with `=` for a formula, and Excel and WPS run what is typed
(or re-entered) as one when it starts with = + - @. A plan or CSV from a stranger must not
put a formula, a hyperlink to a stranger's site or a DDE call into a leader's workbook, and
a control character (which the file format cannot hold) must not stop the report.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from hostile_support import Ran, Root
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

HOSTILE = {
    "quote": '=HYPERLINK("https://example.invalid/x","click")',
    "title": "+cmd|' /C calc'!A0",
    "source_at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "source_minus": "-2+3+cmd|' /C calc'!A0",
}


def _spoil(root: Root) -> None:
    root.replace_in(root.plan, "quote: 学前三年毛入园率达到100%", f"quote: '{HOSTILE['quote']}'")
    root.replace_in(root.plan, "title_en: Demo county plan", f'title_en: "{HOSTILE["title"]}"')
    root.replace_in(root.csv, "demo report 2022", '"' + HOSTILE["source_at"] + '"')
    root.replace_in(
        root.csv, "示例县,complaint_rate,2022,34,,r", '示例县,complaint_rate,2022,34,,"' + HOSTILE["source_minus"] + '"'
    )
    root.replace_in(root.plan, '    target: ">= 1000"', '    target: ">= 1000"\n    quote: "bell\\abell"')  # YAML's \a


def test_text_that_looks_like_a_formula_stays_text(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    _spoil(hostile_root)
    out = hostile_root.path.parent / "status.xlsx"
    ran = tracker(
        "report",
        "--data",
        str(hostile_root.path),
        "--as-of",
        "2024",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--out",
        str(out),
    )
    assert ran.code == 0, ran
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets)  # no formula cell at all
    book = load_workbook(out)
    cells = {cell.value: cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value}
    for text in HOSTILE.values():
        assert text in cells, text
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    values = {
        v
        for name in ("Overview", "Targets")
        for row in CalamineWorkbook.from_path(str(out)).get_sheet_by_name(name).to_python()
        for v in row
    }
    assert set(HOSTILE.values()) <= values  # calamine reads the same texts, as text
    assert any(isinstance(v, str) and "bell\\x07bell" in v for v in values)  # the bell shown escaped, as at a terminal


def test_a_form_keeps_a_formula_like_region_as_text(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """`tracker template` writes the plan's region into every row of the form it sends out."""
    region = '=HYPERLINK("https://example.invalid/x","click")'
    hostile_root.replace_in(hostile_root.plan, "region: 示例县", f"region: '{region}'")
    hostile_root.replace_in(hostile_root.plan, 'region_code: "999999"', "")
    out = hostile_root.path.parent / "form.xlsx"
    ran = tracker("template", "--data", str(hostile_root.path), "--plan", "demo", "--out", str(out))
    assert ran.code == 0, ran
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    regions = [row[0].value for row in load_workbook(out).active.iter_rows(min_row=2)]  # type: ignore[union-attr]
    assert regions and set(regions) == {region}


def test_a_noncharacter_in_a_title_leaves_the_workbook_readable(
    tracker: Callable[..., Ran], hostile_root: Root
) -> None:
    """U+FFFE cannot stand in a sheet's XML: written raw, Excel would offer to repair the file."""
    hostile_root.replace_in(hostile_root.plan, "title_en: Demo county plan", 'title_en: "A\\uFFFEB\\uFFFFC"')
    out = hostile_root.path.parent / "status.xlsx"
    ran = tracker(
        "report",
        "--data",
        str(hostile_root.path),
        "--as-of",
        "2024",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--out",
        str(out),
    )
    assert ran.code == 0, ran
    values = {cell.value for sheet in load_workbook(out) for row in sheet.iter_rows() for cell in row}
    assert "A\\ufffeB\\uffffC" in values  # shown escaped, as at a terminal
