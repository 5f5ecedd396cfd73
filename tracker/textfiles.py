"""Reading text files as users save them: UTF-8 (with or without BOM) or GB18030/GBK."""

from __future__ import annotations

import logging
from pathlib import Path

from tracker.errors import fail

log = logging.getLogger("tracker")

ENCODINGS = ("utf-8-sig", "gb18030")


def decode(raw: bytes, label: str) -> tuple[str, str]:
    """The text and the encoding that read it; TRK101 when neither does."""
    first_error: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if "\x00" in text:
            break
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    offset = first_error.start if first_error else raw.find(b"\x00")
    raise fail("TRK101", label, 1, offset=offset)


def read_text(path: Path, label: str) -> str:
    """Read and decode a file; TRK100 when it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail("TRK100", label, 0, reason=exc.strerror or str(exc)) from None
    text, encoding = decode(raw, label)
    log.debug("%s: read as %s", label, encoding)
    return text
