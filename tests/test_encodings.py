"""CSV and YAML files in the encodings and line ends users save them with."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.dataroot import read_data_root
from tracker.errors import TrackerError
from tracker.textfiles import decode

CSV_TEXT = (
    "region,indicator,year,value,qualifier,source,quote,note\n"
    "示例县,preschool_gross_enrolment_rate,2022,87.6,,县教育局报告,,\n"
    '示例县,teachers_recruited,2021,"1,030",,"报告, 第3页","引文\n两行",\n'
    "示例县,compulsory_retention_rate,2023,99%以上,,r,,\n"
)
VARIANTS = {
    "utf-8": CSV_TEXT.encode("utf-8"),
    "utf-8-bom": b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),
    "gb18030": CSV_TEXT.encode("gb18030"),
    "gbk": CSV_TEXT.encode("gbk"),
    "utf-8-crlf": CSV_TEXT.replace("\n", "\r\n").encode("utf-8"),
    "gb18030-crlf": CSV_TEXT.replace("\n", "\r\n").encode("gb18030"),
    "utf-8-bom-cr": b"\xef\xbb\xbf" + CSV_TEXT.replace("\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_csv_variants_load_the_same_rows(variant: str, valid_root: Path) -> None:
    (valid_root / "actuals" / "demo.csv").write_bytes(VARIANTS[variant])
    dataset, problems = read_data_root(valid_root)
    assert problems == []
    assert dataset is not None
    table = dataset.actuals.frame.sort_values("line")
    assert table["line"].tolist() == [2, 3, 5]  # the quoted line break makes the third row two lines
    assert table["value"].tolist() == [87.6, 1030, 99]
    assert table["qualifier"].tolist() == ["=", "=", ">="]
    assert table["source"].tolist() == ["县教育局报告", "报告, 第3页", "r"]


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("示例".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "示例".encode(), "utf-8 with BOM"),
        ("示例".encode("gb18030"), "gb18030"),
        ("示例\r\n".encode("gbk"), "gb18030, CRLF line ends"),
        (b"a\rb", "utf-8, CR line ends"),
    ],
)
def test_decode_names_the_encoding(raw: bytes, encoding: str) -> None:
    text, used = decode(raw, "f")
    assert used == encoding
    assert text.rstrip("\n") in {"示例", "a\nb"}


@pytest.mark.parametrize(
    ("raw", "line", "code"),
    [
        ("示例\n".encode("utf-16"), 1, "TRK101"),  # NUL bytes: UTF-16 is not read as GB18030 garbage
        ("示例\n".encode("utf-16-le"), 2, "TRK101"),  # without a byte-order mark: at its first NUL
        (b"ok\nok\ncaf\xe9\xff\n", 3, "TRK101"),
        (b"binary\x00\x01", 1, "TRK119"),  # a NUL in text that is not UTF-16: not plain text, not an encoding
    ],
)
def test_undecodable_files_are_trk101_at_their_line(raw: bytes, line: int, code: str) -> None:
    with pytest.raises(TrackerError) as caught:
        decode(raw, "f.csv")
    assert [(p.code, p.line) for p in caught.value.problems] == [(code, line)]


def test_gb18030_plan_loads(valid_root: Path) -> None:
    plan = valid_root / "plans" / "demo.yaml"
    plan.write_bytes(plan.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    dataset, problems = read_data_root(valid_root)
    assert problems == []
    assert dataset is not None and dataset.plans[0].model.region == "示例县"
    assert [t.line for t in dataset.plans[0].targets] == [9, 14, 18, 23, 27]
