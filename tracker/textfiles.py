"""Reading text files as users save them: UTF-8 (with or without BOM) or GB18030/GBK.

Excel on Chinese Windows saves CSV as GBK (which GB18030 contains); editors save UTF-8,
some with a byte-order mark. Line ends may be LF, CRLF or a lone CR: all become LF.
`--debug` logs which encoding read each file.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from tracker.errors import fail

log = logging.getLogger("tracker")

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
    A file that is UTF-8 up to a bad byte (with Chinese before it) is a damaged UTF-8 file,
    not GB18030: read as GB18030 it would be all mojibake, and so is GB18030 text that
    decodes to private-use characters. Both are TRK101 at the bad place.
    """
    offset = raw.find(b"\x00")
    if offset < 0:
        try:
            return _named(raw, raw.decode("utf-8-sig"), "utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start
        if not _damaged_utf8(raw):
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                pass  # neither: the place UTF-8 stopped at is the one to show
            else:
                odd = _PRIVATE_USE.search(text)
                if odd is None:
                    return _named(raw, text.removeprefix("\ufeff"), "gb18030")
                offset = len(text[: odd.start()].encode("gb18030"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Excel's "Unicode text"): wrong from the start
        offset = 0
    line = raw[:offset].count(b"\n") + 1
    raise fail("TRK101", label, line, offset=offset)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_CJK = re.compile("[\u4e00-\u9fff]")


def _damaged_utf8(raw: bytes) -> bool:
    """UTF-8 text with a few bad bytes: read leniently, it holds ten Chinese characters or more
    for each byte it cannot read (GB18030 text read as UTF-8 is mostly unreadable bytes)."""
    lenient = raw.decode("utf-8", errors="replace")
    return len(_CJK.findall(lenient)) >= 10 * lenient.count("\ufffd")


def _named(raw: bytes, text: str, encoding: str) -> tuple[str, str]:
    """The text with LF line ends, and how it was read."""
    name = encoding_name(raw, "\r\n" in text, "\r" in text, encoding)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, name


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
