"""Reading text files as users save them: UTF-8 (with or without BOM) or GB18030/GBK.

Excel on Chinese Windows saves CSV as GBK (which GB18030 contains); editors save UTF-8,
some with a byte-order mark. Line ends may be LF, CRLF or a lone CR: all become LF.
`--debug` logs which encoding read each file.

Some GB18030 bytes are valid UTF-8 too (全省 is C8 AB CA A1, which UTF-8 reads as ȫʡ).
When a file without a BOM reads both ways, `choose_encoding` keeps the reading in which
more of the non-ASCII characters are ones Chinese statistics are written with: common
hanzi (GB2312's first level, Big5's common ones for traditional characters), CJK
punctuation and full-width forms, and Latin-1 letters for Western names. Mojibake is
made of rare hanzi and stray letters. A tie goes to UTF-8, and a difference under
`CLOSE` is a close call (TRK114). The evidence for this rule over a general detector:
benchmarks/README.md, "Encodings".
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import Problem, fail, problem

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


def decode(raw: bytes, label: str, problems: list[Problem] | None = None) -> tuple[str, str]:
    """The text (LF line ends) and a name of the encoding that read it; TRK101 when none does.

    Bytes that are UTF-8 and GB18030 alike are read as `choose_encoding` says; a close call
    is a TRK114 warning added to `problems` (when given).

    A NUL byte means UTF-16 (Excel's "Unicode text", TRK101) or a binary file, which
    GB18030 would otherwise read as text; in a file that is otherwise UTF-8 it is TRK119.
    A file that is UTF-8 up to a bad byte (with Chinese before it) is a damaged UTF-8 file,
    not GB18030: read as GB18030 it would be all mojibake, and so is GB18030 text that
    decodes to private-use characters. Both are TRK101 at the bad place.
    """
    offset = raw.find(b"\x00")
    if offset < 0:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            offset = exc.start
        else:
            choice = choose_encoding(raw, text)
            if choice.close and problems is not None:
                problems.append(problem("TRK114", label, 1, chosen=choice.encoding, why=choice.why))
            if choice.encoding == "gb18030":
                log.debug("%s: %s", label, choice.why)
                return _named(raw, raw.decode("gb18030"), "gb18030")
            return _named(raw, text, "utf-8")
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


CLOSE = 0.5  # a smaller difference in the share of Chinese-statistics characters is a close call
_SAMPLE = 200_000  # characters weighed, from the start of the file


@dataclass(frozen=True)
class Choice:
    """Which encoding reads a file, why, and whether the other was nearly as good."""

    encoding: str
    why: str = ""
    close: bool = False


def choose_encoding(raw: bytes, utf8: str | None = None) -> Choice:
    """UTF-8 or GB18030 for bytes that UTF-8 reads (`utf8`: that reading, if made); for bytes
    that are GB18030 and not UTF-8, GB18030.

    ASCII and a BOM say UTF-8 at once; so do bytes GB18030 cannot read (most UTF-8 Chinese
    fails within its first cells, so this costs little). Otherwise the two readings are
    weighed (module docstring).
    """
    if raw.startswith(BOM) or raw.isascii():
        return Choice("utf-8")
    try:
        raw[:_SAMPLE].decode("gb18030")  # a cut multi-byte character at the end fails too: try all
    except UnicodeDecodeError as exc:
        if exc.start < min(len(raw), _SAMPLE) - 4:
            return Choice("utf-8")
    try:
        gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        return Choice("utf-8")
    try:
        text = utf8 if utf8 is not None else raw.decode("utf-8")
    except UnicodeDecodeError:
        return Choice("gb18030")  # not UTF-8 at all: no choice to make
    as_utf8, as_gb = chinese_share(text[:_SAMPLE]), chinese_share(gb[:_SAMPLE])
    encoding = "gb18030" if as_gb > as_utf8 else "utf-8"
    why = (
        f"read as {encoding}: the bytes are UTF-8 and GB18030 alike; {as_utf8:.0%} of the non-ASCII characters"
        f" read as UTF-8 are common Chinese (or Latin-1) characters, {as_gb:.0%} read as GB18030"
    )
    return Choice(encoding, why, abs(as_gb - as_utf8) < CLOSE)


def chinese_share(text: str) -> float:
    """The share of a text's non-ASCII characters that Chinese statistics are written with:
    common hanzi (simplified and traditional), CJK and full-width punctuation, Latin-1 letters."""
    counts: dict[str, int] = {}
    for char in text:
        if char >= "\x80":
            counts[char] = counts.get(char, 0) + 1
    total = sum(counts.values())
    if not total:
        return 1.0
    return sum(count for char, count in counts.items() if _common(char)) / total


@functools.lru_cache(maxsize=8192)
def _common(char: str) -> bool:
    if "\u00c0" <= char <= "\u00ff" or char in "\u00b0\u00b7\u00d7\u2014\u2018\u2019\u201c\u201d\u2026":
        return True
    try:
        code = char.encode("gb2312")
        if 0xA1 <= code[0] <= 0xA3 or 0xB0 <= code[0] <= 0xD7:  # punctuation rows and the first level
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= char.encode("big5")[0] <= 0xC6  # Big5's common hanzi: documents in traditional characters
    except UnicodeEncodeError:
        return False


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


def read_text(path: Path, label: str, limit: int | None = None, raw: bytes | None = None) -> str:
    """Read and decode a file (at most `limit` bytes, see `read_bytes`), or its bytes `raw`
    already read (held to the same `limit`); TRK100 when it cannot be read."""
    if raw is None:
        raw = read_bytes(path, label, limit)
    elif limit is not None and len(raw) > limit:
        raise fail("TRK117", label, 0, limit=f"{limit:,}")
    text, encoding = decode(raw, label)
    log.debug("%s: read as %s", label, encoding)
    return text
