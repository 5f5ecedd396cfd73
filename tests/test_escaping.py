"""The escaping layer (`tracker/escaping.py`) and the record of outputs (`tracker/ownership.py`), unit by unit.

The attacks themselves, on real processes, are in tests/hostile/.
"""

from __future__ import annotations

import io
import json
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.escaping import (
    UNSAFE_RANGES,
    GuardedStream,
    clean,
    excerpt,
    guard_line,
    guarded_output,
    json_text,
    write_clean,
    write_trusted,
)
from tracker.ownership import digest, parse_record, record_text, refusal

UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def test_the_table_is_every_control_and_format_character_of_this_python() -> None:
    """UNSAFE_RANGES is written out (computing it at start-up would cost 0.1 s); it must match unicodedata."""
    table = {code for low, high in UNSAFE_RANGES for code in range(low, high + 1)}
    expected = {code for code in range(0x110000) if unicodedata.category(chr(code)) in UNSAFE_CATEGORIES}
    assert table == expected, f"update UNSAFE_RANGES for Unicode {unicodedata.unidata_version}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("学前教育毛入园率", "学前教育毛入园率"),  # nothing to do: the same object back
        ("a\nb\r\nc\rd\te", "a b c d e"),
        ("\x1b[2Jclear", "\\x1b[2Jclear"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x9b31m", "\\x9b31m"),
        ("abc\u202edef\u2066", "abc\\u202edef\\u2066"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("line\u2028sep\x85", "line sep "),
        ("bad\udcffname", "bad\\udcffname"),
        ("tag\U000e0041", "tag\\U000e0041"),
    ],
)
def test_clean_shows_controls_as_escapes(text: str, shown: str) -> None:
    assert clean(text) == shown


@given(st.text())
@settings(max_examples=300)
def test_clean_leaves_no_control_and_one_line(text: str) -> None:
    cleaned = clean(text)
    assert not [c for c in cleaned if unicodedata.category(c) in UNSAFE_CATEGORIES]
    if not [c for c in text if unicodedata.category(c) in UNSAFE_CATEGORIES]:
        assert cleaned == text


def test_excerpt_is_short_clean_and_never_cuts_an_escape() -> None:
    assert excerpt("x" * 100, 10) == "x" * 9 + "…"
    assert excerpt("a\n\n  b", 60) == "a b"
    assert excerpt("\x1b" * 30, 20) == "\\x1b" * 4 + "\\x1…"  # cut on the escaped text: 20 characters in all
    assert len(excerpt("\x1b" * 30, 20)) == 20


@pytest.mark.parametrize(
    ("line", "guarded"),
    [
        ("::error::x", "\\::error::x"),
        ("   ::add-mask::x", "   \\::add-mask::x"),
        ("\u3000::error::x", "\u3000\\::error::x"),  # .NET's TrimStart removes the ideographic space too
        ("\x1b[1m::error::x", "\x1b[1m\\::error::x"),
        ("ok ##[error]x", "ok ##\\[error]x"),
        ("a :: b", "a :: b"),
        ("plans/x.yaml:3: TRK102 ...", "plans/x.yaml:3: TRK102 ..."),
    ],
)
def test_guard_line(line: str, guarded: str) -> None:
    assert guard_line(line) == guarded


def _through_stream(*pieces: str, flush_between: bool = False) -> str:
    target = io.StringIO()
    stream = GuardedStream(target)
    for piece in pieces:
        stream.write(piece)
        if flush_between:
            stream.flush()
    stream.flush()
    return target.getvalue()


def test_the_stream_guards_lines_however_they_are_written() -> None:
    text = "a\n::x\n  ::y\nok ##[z\n\x1b[31mred\x1b[0m\n\x1b]0;t\x07\nlast"
    expected = "a\n\\::x\n  \\::y\nok ##\\[z\n\x1b[31mred\x1b[0m\n\\x1b]0;t\\x07\nlast"
    assert _through_stream(text) == expected
    assert _through_stream(*text, flush_between=True) == expected  # a character at a time, flushed each time
    assert _through_stream("part", "::not a line start\n") == "part::not a line start\n"


def test_the_stream_writes_what_its_encoding_cannot_hold_as_escapes() -> None:
    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii")
    stream = GuardedStream(ascii_out)
    stream.write("学前 ≥95%\n")
    stream.flush()
    assert raw.getvalue() == b"\\u5b66\\u524d \\u2265" + b"95%\n" and stream.replaced == 1
    assert stream.encoding == "ascii"  # rich draws ASCII boxes for it


def test_guarded_output_restores_the_streams_and_lets_our_commands_through(capsys: pytest.CaptureFixture[str]) -> None:
    before = sys.stdout
    with guarded_output():
        assert isinstance(sys.stdout, GuardedStream)
        print("::error::from the data")
        write_trusted("::error file=plans/a.yaml,line=3,title=a%3A missed::missed\n")
        write_clean('{\n  "a": "##[x"\n}\n')
    assert sys.stdout is before
    assert capsys.readouterr().out == (
        '\\::error::from the data\n::error file=plans/a.yaml,line=3,title=a%3A missed::missed\n{\n  "a": "##\\[x"\n}\n'
    )


@given(st.text())
@settings(max_examples=300)
def test_json_text_is_the_same_document(text: str) -> None:
    document = json.dumps({"t": text}, ensure_ascii=False, indent=2)
    safe = json_text(document)
    assert json.loads(safe) == {"t": text}
    assert not [c for c in safe if unicodedata.category(c) in UNSAFE_CATEGORIES and c != "\n"]


def test_record_lists_hashes_with_lf_line_ends() -> None:
    record = {"status.md": {digest(b"a\r\nb\n")}, "junit.xml": {"0" * 64, "1" * 64}}
    text = record_text(record)
    assert text.startswith("# Files tracker wrote")
    assert parse_record(text.encode()) == record
    assert digest(b"a\r\nb\n") == digest(b"a\nb\n")
    assert parse_record(b"not a record\n\xff\xfe\n" + b"x" * 64 + b" one space\n") == {}


def test_refusal_trusts_the_record_never_the_words() -> None:
    report = b"# Plan targets\n\n<!-- Generated by tracker report; do not edit by hand. -->\n\nbody\n"
    record = {"status.md": {digest(report)}}
    assert refusal("status.md", report, record, default=False) is None
    assert "changed since tracker wrote it" in str(refusal("status.md", report + b"x", record, default=False))
    assert "tracker did not write it" in str(refusal("README.md", b"see tracker report\n", {}, default=False))
    # The default report of a data root written before the record: its exact shape only.
    assert refusal("status.md", report, {}, default=True) is None
    assert refusal("status.md", b"# Notes\nGenerated by tracker report\n", {}, default=True) is not None
    document = b'{"schema_version": 1, "as_of": 2025, "targets": []}'
    assert refusal("status.json", document, {}, default=True) is None
    assert refusal("status.json", b'{"schema_version": 1, "editor": {}}', {}, default=True) is not None
