"""docs/architecture.md names lines of code as `file:line` followed by what the line says; they still do."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "architecture.md"
REFERENCE = re.compile(r"`(?P<file>[\w./-]+\.py):(?P<line>\d+)`")
QUOTED = re.compile(r"`(?P<file>[\w./-]+\.py):(?P<line>\d+)`\s+`(?P<text>[^`]+)`")


def _references(text: str) -> list[tuple[str, int, str]]:
    return [(m["file"], int(m["line"]), m["text"]) for m in QUOTED.finditer(text)]


def test_every_line_reference_quotes_its_line() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert len(REFERENCE.findall(text)) == len(_references(text)), "a `file:line` without the quoted line after it"


def test_every_referenced_line_says_what_the_doc_quotes() -> None:
    references = _references(DOC.read_text(encoding="utf-8"))
    assert len(references) >= 15
    wrong = []
    for file, number, quoted in references:
        lines = (REPO / file).read_text(encoding="utf-8").splitlines()
        actual = lines[number - 1] if 0 < number <= len(lines) else "(no such line)"
        if quoted not in actual:
            wrong.append(f"{file}:{number}: the doc quotes {quoted!r}, the line is {actual.strip()!r}")
    assert not wrong, "docs/architecture.md is stale:\n" + "\n".join(wrong)


def test_a_moved_line_is_found() -> None:
    """The check above can fail: a reference one line off does not quote its line."""
    file, number, quoted = _references(DOC.read_text(encoding="utf-8"))[0]
    lines = (REPO / file).read_text(encoding="utf-8").splitlines()
    assert quoted in lines[number - 1] and quoted not in lines[number]
