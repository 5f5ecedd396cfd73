"""Reading text files as users save them: UTF-8 (with or without BOM) or GB18030/GBK.

Excel on Chinese Windows saves CSV as GBK (which GB18030 contains); editors save UTF-8,
some with a byte-order mark. Line ends may be LF, CRLF or a lone CR: all become LF.
`--debug` logs which encoding read each file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tracker.errors import fail

log = logging.getLogger("tracker")

ENCODINGS = ("utf-8-sig", "gb18030")
BOM = b"\xef\xbb\xbf"


def encoding_name(raw: bytes, crlf: bool, cr: bool, encoding: str = "utf-8") -> str:
    """How a file was read, for `--debug`: 'utf-8 with BOM, CRLF line ends'."""
    name = "utf-8 with BOM" if encoding == "utf-8" and raw.startswith(BOM) else encoding
    if crlf:
        name += ", CRLF line ends"
    elif cr:
        name += ", CR line ends"
    return name


def decode(raw: bytes, label: str) -> tuple[str, str]:
    """The text (LF line ends) and a name of the encoding that read it; TRK101 when none does.

    A NUL byte means a binary file or UTF-16, which GB18030 would otherwise read as text.
    """
    first_error: UnicodeDecodeError | None = None
    nul = raw.find(b"\x00")
    if nul < 0:
        for encoding in ENCODINGS:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                first_error = first_error or exc
                continue
            crlf = "\r\n" in text
            name = encoding_name(raw, crlf, "\r" in text, encoding.replace("utf-8-sig", "utf-8"))
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            return text, name
    offset = nul if nul >= 0 else (first_error.start if first_error else 0)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Excel's "Unicode text"): wrong from the start
        offset = 0
    line = raw[:offset].count(b"\n") + 1
    raise fail("TRK101", label, line, offset=offset)


def read_bytes(path: Path, label: str) -> bytes:
    """A file's bytes; TRK100 when it cannot be read or is not a regular file (a pipe would never end)."""
    try:
        if path.exists() and not path.is_file():
            raise fail("TRK100", label, 0, reason="not a regular file")
        return path.read_bytes()
    except OSError as exc:
        raise fail("TRK100", label, 0, reason=exc.strerror or str(exc)) from None


def read_text(path: Path, label: str) -> str:
    """Read and decode a file; TRK100 when it cannot be read."""
    raw = read_bytes(path, label)
    text, encoding = decode(raw, label)
    log.debug("%s: read as %s", label, encoding)
    return text
