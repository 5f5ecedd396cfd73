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

    A NUL byte means UTF-16 (Excel's "Unicode text", TRK101) or a binary file, which
    GB18030 would otherwise read as text; in a file that is otherwise UTF-8 it is TRK119.
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
    elif _utf16(raw):
        offset = 0  # UTF-16 (Excel's "Unicode text"): wrong from the start
    elif _utf8(raw):
        raise fail("TRK119", label, raw[:offset].count(b"\n") + 1, offset=offset)
    line = raw[:offset].count(b"\n") + 1
    raise fail("TRK101", label, line, offset=offset, advice=_SAVE_AS.get(Path(label).suffix.lower(), _SAVE_AS[""]))


# How to save a file as UTF-8, by the kind of file (Excel makes the CSV files).
_SAVE_AS = {
    ".csv": "save it as UTF-8 (in Excel: 'CSV UTF-8')",
    "": "save it as UTF-8 (in the editor's 'Save as' or encoding menu)",
}


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16(raw: bytes) -> bool:
    """Whether bytes with NULs look like UTF-16: a byte-order mark, or a NUL in every other byte of the start
    (Latin text; Chinese text in UTF-16 is no UTF-8, which tells it from UTF-8 text holding a NUL)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:200]
    pairs = len(head) // 2
    return pairs > 0 and (head[0::2].count(0) >= pairs * 0.9 or head[1::2].count(0) >= pairs * 0.9)


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


def read_bytes(path: Path, label: str, limit: int | None = None) -> bytes:
    """A file's bytes; TRK100 when it cannot be read or is not a regular file (a pipe would never end).

    With `limit`, a file of more bytes is TRK117 (only `limit` + 1 bytes are read to know).
    """
    try:
        if path.exists() and not path.is_file():
            raise fail("TRK100", label, 0, reason="not a regular file")
        if limit is None:
            return path.read_bytes()
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise fail("TRK100", label, 0, reason=exc.strerror or str(exc)) from None
    if len(raw) > limit:
        raise fail("TRK117", label, 0, limit=f"{limit:,}")
    return raw


def read_text(path: Path, label: str, limit: int | None = None) -> str:
    """Read and decode a file (at most `limit` bytes, see `read_bytes`); TRK100 when it cannot be read."""
    raw = read_bytes(path, label, limit)
    text, encoding = decode(raw, label)
    log.debug("%s: read as %s", label, encoding)
    return text
