"""The one escaping layer: every text from a data file that reaches a terminal or a log.

Data files are written by people we do not know (a pull request can come from anyone), and
their text is printed in terminals and CI logs. Two rules, written once here:

* `clean(text)`: one line with no control or format character. Line breaks and tabs
  (`\\n`, `\\r`, `\\t`, U+2028, U+2029, U+0085) become a space; every other character of the
  Unicode categories Cc, Cf, Cs, Zl and Zp - C0 and C1 controls, ESC and so every escape
  sequence, DEL, bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F),
  zero-width characters, lone surrogates from undecodable file names - is shown as its
  escape (`\\x1b`, `\\u202e`), so a reader sees that it is there and the terminal never acts
  on it. Renderers call it on each text before layout (rich measures what it will print).
* `guard_line(line)`: no output line is a CI workflow command unless tracker means it.
  GitHub runs a line that starts with `::` (after leading white space) and one holding `##[`
  anywhere (its older syntax); such a line gets a backslash (`\\::error`, `##\\[`). Our own
  annotations are written with `write_trusted`, past the guard.

`guarded_output()` wraps standard output and standard error for a whole command: each
line goes through `guard_line`, any control character left (a renderer that forgot
`clean`, or a usage message echoing the command line) is escaped - only colour codes
(SGR: ESC [ ... m, which rich writes on a terminal) pass - and characters the stream's
encoding cannot write (`PYTHONIOENCODING=ascii`) are written as `\\uXXXX`, with one note on
standard error saying so, instead of a crash.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator
from typing import IO, Any

# Code points of the Unicode categories Cc, Cf, Cs, Zl and Zp (UCD 14.0, Python 3.11).
# tests/test_escaping.py checks this table against the running Python's unicodedata.
UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)

# Noncharacters of the Basic Multilingual Plane (Unicode category Cn, never assigned): U+FFFE
# and U+FFFF cannot stand in XML (a workbook's sheets, a JUnit file), and none of them is text.
NONCHARACTER_RANGES: tuple[tuple[int, int], ...] = ((0xFDD0, 0xFDEF), (0xFFFE, 0xFFFF))


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges
    )


_UNSAFE = re.compile(f"[{_class(UNSAFE_RANGES + NONCHARACTER_RANGES)}]")
# The same without the line break and the tab, which whole outputs hold by design.
_UNSAFE_IN_OUTPUT = re.compile(f"[{_class(((0x00, 0x08), (0x0B, 0x1F), *UNSAFE_RANGES[1:], *NONCHARACTER_RANGES))}]")
# For whole outputs (megabytes of JSON), the same test in two fast passes: re matches a class
# of characters below U+10000 by table lookup, but one with characters above it range by
# range, many times slower; and text above U+10000 is rare.
_UNSAFE_BMP_IN_OUTPUT = re.compile(
    f"[{_class(((0x00, 0x08), (0x0B, 0x1F), *(r for r in UNSAFE_RANGES[1:] if r[1] < 0x10000), *NONCHARACTER_RANGES))}]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UNSAFE_ASTRAL = re.compile(f"[{_class(tuple(r for r in UNSAFE_RANGES if r[0] >= 0x10000))}]")


def _has_unsafe_output(text: str) -> bool:
    """Whether a whole output holds a control or format character other than line breaks and tabs."""
    if _UNSAFE_BMP_IN_OUTPUT.search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and _UNSAFE_ASTRAL.search(text) is not None


# What becomes a space: line breaks and tabs (a quote may be a multi-line YAML block).
SPACES = "\t\n\x0b\x0c\r\x85\u2028\u2029"
_SPACE_FORMS = {ord(c): " " for c in SPACES}
# Colour and style codes, the only escape sequences that may reach a terminal (rich writes them).
_SGR = re.compile(r"\x1b\[[0-9;:]*m")


def escape_char(char: str) -> str:
    """A character as a visible escape: \\x1b, \\u202e, \\U000e0041."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escaped(match: re.Match[str]) -> str:
    return escape_char(match.group())


def is_clean(text: str) -> bool:
    """Whether `text` holds no control or format character (nothing for `clean` to do)."""
    return _UNSAFE.search(text) is None


def clean(text: str) -> str:
    """`text` as one line without control or format characters (see the module docstring)."""
    if _UNSAFE.search(text) is None:
        return text
    text = text.replace("\r\n", " ").translate(_SPACE_FORMS)
    return _UNSAFE.sub(_escaped, text)


# A spreadsheet cell whose text starts with one of these is read as a formula (by openpyxl
# when writing, by Excel and WPS when editing): a workbook we write keeps such data text.
FORMULA_STARTS = ("=", "+", "-", "@")


def starts_formula(value: object) -> bool:
    """Whether `value` is a text a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def excerpt(text: str, limit: int) -> str:
    """Text from a data file, for a message: one line, `clean`, at most `limit` characters.

    A text with line breaks has its white space runs made one space. The cut is made on
    the cleaned text, so an escape such as `\\x1b` is counted whole.
    """
    text = str(text)
    if "\n" in text or "\r" in text:
        text = " ".join(text.split())
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A line GitHub would run as a workflow command: `::name ...::` at its start (after white
# space and colour codes), or the older `##[name]` anywhere in it.
_COMMAND_START = re.compile(r"^((?:\s|\x1b\[[0-9;:]*m)*)::")
_OLD_COMMAND = "##["
_ANY_COMMAND_START = re.compile(r"^(?:\s|\x1b\[[0-9;:]*m)*::", re.MULTILINE)
_MAYBE_COMMAND_START = re.compile(r"(?:[^\S\n]|\x1b\[[0-9;:]*m)*:?")


_PARTIAL_SGR = re.compile(r"\x1b(?:\[[0-9;:]*)?\Z")


def _held_at_end(text: str) -> int:
    """How many characters at the end of `text` the next write may make part of something
    else: one or two '#' (of `##[`), or the start of a colour code (ESC [ 3 ...)."""
    partial = _PARTIAL_SGR.search(text)
    if partial is not None:
        return len(text) - partial.start()
    return 2 if text.endswith("##") else 1 if text.endswith("#") else 0


def guard_line(line: str) -> str:
    """`line` made inert as a workflow command: `\\::error::...`, `##\\[add-mask]...`."""
    if _OLD_COMMAND in line:
        line = line.replace(_OLD_COMMAND, "##\\[")
    return _COMMAND_START.sub(r"\1\\::", line, count=1)


def workflow_data(text: str) -> str:
    """A text inside one of our own workflow commands: clean, and no `##[` in it."""
    return clean(text).replace(_OLD_COMMAND, "##\\[")


def _terminal_safe(line: str) -> str:
    """A line with any control character escaped, except colour codes and tabs (the stream's backstop)."""
    if _UNSAFE.search(line) is None:
        return line
    pieces = []
    at = 0
    for match in _SGR.finditer(line):
        pieces.append(_UNSAFE.sub(_unsafe_but_tab, line[at : match.start()]))
        pieces.append(match.group())
        at = match.end()
    pieces.append(_UNSAFE.sub(_unsafe_but_tab, line[at:]))
    return "".join(pieces)


def _unsafe_but_tab(match: re.Match[str]) -> str:
    char = match.group()
    return char if char == "\t" else escape_char(char)


class GuardedStream(io.TextIOBase):
    """A text stream that writes through `guard_line` and `_terminal_safe`, line by line.

    A line is held until its end (or `flush`), since both rules look at whole lines.
    Characters the underlying stream cannot encode are written as `\\uXXXX` escapes and
    counted in `replaced`. `write_trusted` writes our own workflow commands unguarded.
    """

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self.stream = stream
        self.replaced = 0
        self._pending = ""
        self._line_started = False  # text of the current line is out already (flushed early)
        self._encoding = getattr(stream, "encoding", None) or "utf-8"
        self._utf = self._encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "backslashreplace"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return bool(self.stream.isatty())

    def fileno(self) -> int:
        return self.stream.fileno()

    def write(self, text: str) -> int:
        if not self._pending and text.endswith("\n"):  # whole lines (a table, a document): no copy
            self._emit(text)
        else:
            self._pending += text
            if "\n" in text:
                complete, _, self._pending = self._pending.rpartition("\n")
                self._emit(complete + "\n")
        return len(text)

    def write_clean(self, text: str) -> None:
        """Write text known to hold no control character but line breaks (`json_text`'s), guarding
        only against workflow commands: one scan of a large document instead of two."""
        self.drain()
        if _OLD_COMMAND in text or ("::" in text and _ANY_COMMAND_START.search(text) is not None):
            self._emit(text)
            return
        self._line_started = self._started_after(text)
        self._raw(text)

    def _emit(self, text: str) -> None:
        """Write whole lines (and at most one part of a line, at the end) through the guards."""
        if not self._needs_guard(text):  # nearly always: a whole table or document at C speed
            self._line_started = self._started_after(text)
            self._raw(text)
            return
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if not line:
                continue
            safe = _terminal_safe(line)
            if i == 0 and self._line_started:  # the rest of a line whose start is out
                lines[i] = safe.replace(_OLD_COMMAND, "##\\[")
            else:
                lines[i] = guard_line(safe)
        self._line_started = self._started_after(text)
        self._raw("\n".join(lines))

    def _needs_guard(self, text: str) -> bool:
        """Whether any line of `text` holds a control character or `##[`, or starts like a workflow command."""
        if _OLD_COMMAND in text or _has_unsafe_output(text):
            return True
        return "::" in text and _ANY_COMMAND_START.search(text) is not None

    def _started_after(self, text: str) -> bool:
        """Whether, after `text`, part of a line with text in it is out (a flushed part of a line)."""
        _, newline, tail = text.rpartition("\n")
        return bool(tail.strip()) or (self._line_started and not newline)

    def _raw(self, text: str) -> None:
        if not self._utf:
            try:
                text.encode(self._encoding)
            except UnicodeEncodeError:
                self.replaced += 1
                text = text.encode(self._encoding, "backslashreplace").decode(self._encoding)
            except LookupError:
                pass
        self.stream.write(text)

    def write_trusted(self, text: str) -> None:
        """Write our own lines (workflow commands) as they are, after what is held."""
        self.drain()
        self._raw(text)
        self._line_started = not text.endswith("\n")

    def flush(self) -> None:
        """Write what is held, except what the next write may complete: the start of a line
        that may still become a command (white space and one ':'), or a '#' or two, or part
        of a colour code, at the end. A ':' flushed alone must not slip past the guard
        because the next ':' came in the next write."""
        if self._pending:
            pending = self._pending
            if not self._line_started and _MAYBE_COMMAND_START.fullmatch(pending):
                held = len(pending)
            else:
                held = _held_at_end(pending)
            self._pending = pending[len(pending) - held :] if held else ""
            if held < len(pending):
                self._emit(pending[: len(pending) - held])
        self.stream.flush()

    def drain(self) -> None:
        """Write everything held, the start of a line included (the command has ended)."""
        if self._pending:
            pending, self._pending = self._pending, ""
            self._emit(pending)
        self.stream.flush()


def write_clean(text: str) -> None:
    """Write a document already made safe by `json_text` to standard output (see `GuardedStream.write_clean`)."""
    stream: Any = sys.stdout
    if isinstance(stream, GuardedStream):
        stream.write_clean(text)
    else:
        stream.write(text)


def write_trusted(text: str) -> None:
    """Write our own workflow-command lines to standard output, past the line guard."""
    stream: Any = sys.stdout
    if isinstance(stream, GuardedStream):
        stream.write_trusted(text)
    else:
        stream.write(text)


def _note_replaced(streams: list[GuardedStream], stderr: Any) -> None:
    replaced = [s for s in streams if s.replaced]
    if not replaced or stderr is None:
        return
    names = ", ".join(dict.fromkeys(s.encoding for s in replaced))
    note = (
        f"tracker: the terminal's encoding ({names}) cannot show some characters; they are written "
        "as \\uXXXX escapes. Use a UTF-8 terminal or set PYTHONIOENCODING=utf-8 to see them (--lang en --ascii "
        "keeps tables to ASCII).\n"
    )
    with contextlib.suppress(Exception):
        stderr.write(note)
        stderr.flush()


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Standard output and standard error through `GuardedStream` while the block runs."""
    originals = (sys.stdout, sys.stderr)
    guarded: list[GuardedStream] = []
    if sys.stdout is not None and not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)
        guarded.append(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, GuardedStream):
        sys.stderr = GuardedStream(sys.stderr)
        guarded.append(sys.stderr)
    try:
        yield
    finally:
        for stream in guarded:
            with contextlib.suppress(Exception):
                stream.drain()
        sys.stdout, sys.stderr = originals
        _note_replaced(guarded, originals[1])


def json_text(text: str) -> str:
    """JSON text with every control and format character written as a \\u escape (the same string).

    `json.dumps` escapes C0 controls but writes C1 controls, bidirectional controls and
    the like as they are; a JSON document printed to a terminal must not carry them.
    """
    if not _has_unsafe_output(text):
        return text
    return _UNSAFE_IN_OUTPUT.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return char  # json.dumps escapes newlines inside strings; these are the document's own
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_HTML_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def html_text(text: str) -> str:
    """Text from the data for HTML, in an element or a quoted attribute: `clean` first (one line,
    control characters shown as escapes), then the five characters HTML gives a meaning escaped."""
    return clean(text).translate(_HTML_SPECIAL)
