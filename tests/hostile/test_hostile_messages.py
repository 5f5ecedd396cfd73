"""Messages for odd but honest input: NUL bytes, other separators, narrow terminals, other encodings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hostile_support import Ran, Root, base_env


def test_a_nul_byte_in_a_utf8_csv_is_named_as_such(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    data = hostile_root.csv.read_bytes().replace(b"demo report 2022", b"demo\x00report")
    hostile_root.csv.write_bytes(data)
    ran = tracker("validate", "--data", str(hostile_root.path))
    assert ran.code == 2, ran
    assert "actuals/demo.csv:2: TRK119 the file holds a NUL byte (offset" in ran.out, ran
    assert "neither UTF-8 nor GB18030" not in ran.out, ran


def test_a_nul_byte_in_a_plan_gets_no_excel_advice(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    hostile_root.plan.write_bytes(hostile_root.plan.read_bytes().replace(b"Demo county", b"Demo\x00county"))
    ran = tracker("validate", "--data", str(hostile_root.path))
    assert ran.code == 2 and "plans/demo.yaml:4: TRK119 the file holds a NUL byte" in ran.out, ran
    assert "Excel" not in ran.out, ran


def test_a_plan_in_latin1_is_told_to_be_saved_as_utf8_without_excel(
    tracker: Callable[..., Ran], hostile_root: Root
) -> None:
    hostile_root.plan.write_bytes(hostile_root.plan.read_bytes() + b"note: caf\xe9 \xff\xfe\n")
    hostile_root.csv.write_bytes(hostile_root.csv.read_bytes() + b"\xff\xfe,x\n")
    ran = tracker("validate", "--data", str(hostile_root.path))
    plan_line = next(line for line in ran.out.splitlines() if line.startswith("plans/demo.yaml"))
    csv_line = next(line for line in ran.out.splitlines() if line.startswith("actuals/demo.csv"))
    assert "TRK101" in plan_line and "save it as UTF-8" in plan_line and "Excel" not in plan_line, ran
    assert "TRK101" in csv_line and "in Excel: 'CSV UTF-8'" in csv_line, ran


@pytest.mark.parametrize(("separator", "named"), [(";", "semicolons (;)"), ("\t", "tabs")])
def test_another_separator_is_named_once(
    tracker: Callable[..., Ran], hostile_root: Root, separator: str, named: str
) -> None:
    rows = hostile_root.csv.read_text(encoding="utf-8").replace(",", separator)
    hostile_root.csv.write_text(rows, encoding="utf-8")
    ran = tracker("validate", "--data", str(hostile_root.path))
    assert ran.code == 2, ran
    assert ran.out.splitlines()[0] == (
        f"actuals/demo.csv:1: TRK330 the header is separated by {named}, not by commas "
        "(save the file as comma-separated CSV (in Excel: 'CSV UTF-8 (Comma delimited)'))"
    ), ran
    assert "TRK301" not in ran.out and ran.out.count("TRK") == 1, ran


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_narrow_terminal_keeps_every_target(tracker: Callable[..., Ran], hostile_root: Root, lang: str) -> None:
    """At 20 columns the table cannot fit; each target is still named, with its id and status."""
    ran = tracker(
        "status", "--data", str(hostile_root.path), "--as-of", "2024", "--lang", lang, env=base_env(COLUMNS="20")
    )
    assert ran.code == 0, ran
    text = ran.out
    for target in ("preschool", "recruit", "retention", "balance", "complaints"):
        assert f"\n{target}\n" in text, text
    names = ["Preschool", "Teachers", "Nine-year", "Quality-balance", "Complaint"] if lang == "en" else ["学前"]
    assert all(name in text for name in names), text
    statuses = ["on track", "behind", "missed"] if lang == "en" else ["符合预期", "需加快", "未实现"]
    assert all(status in text for status in statuses), text


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["status", "--as-of", "2024"], 0),
        (["status", "--json"], 0),
        (["explain", "demo/preschool", "--as-of", "2024"], 0),
        (["report", "--as-of", "2024", "--out", "-"], 0),
        (["check", "--as-of", "2024", "--lang", "zh"], 1),
    ],
)
def test_every_output_encoding_works_or_says_why(
    tracker: Callable[..., Ran], hostile_root: Root, encoding: str, args: list[str], code: int
) -> None:
    """Standard output that cannot hold Chinese: the command works, writes \\uXXXX, and says so once."""
    ran = tracker(*args, "--data", str(hostile_root.path), env=base_env(PYTHONIOENCODING=encoding))
    assert ran.code == code, ran
    assert "unexpected error" not in ran.err and "Traceback" not in ran.err, ran
    ran.out_bytes.decode(encoding)  # what was written is in the stream's encoding
    if "\\u" in ran.out:
        assert ran.err.count("cannot show some characters; they are written as \\uXXXX escapes") == 1, ran
