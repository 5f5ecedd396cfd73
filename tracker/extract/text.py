"""Normalising source text for matching while keeping the way back to the source.

Three steps, in order: strip scraped pinyin noise such as "農(nóng)" (a parenthesis of
Latin letters right after a Han character), fold compatibility forms with NFKC (full-width
digits and punctuation), and convert traditional to simplified characters with zhconv.
`Normalised.source_offset` maps every normalised position back to the source, so quotes
and offsets in the drafts are verbatim slices of the SOURCE text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import zhconv  # type: ignore[import-untyped]

_PINYIN_NOISE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, the source offset it came from."""

    source: str
    text: str
    offsets: tuple[int, ...]

    def source_offset(self, index: int) -> int:
        """The source offset of normalised position `index` (the end maps past the last char)."""
        if index >= len(self.offsets):
            return len(self.source)
        return self.offsets[index]

    def source_slice(self, start: int, end: int) -> str:
        """The verbatim source text behind the normalised span [start, end)."""
        if end <= start:
            return ""
        return self.source[self.source_offset(start) : self.offsets[min(end, len(self.offsets)) - 1] + 1]


def strip_pinyin_noise(text: str) -> tuple[str, list[int]]:
    """Remove "(pīn)" noise after Han characters; return the text and its source offsets."""
    kept: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _PINYIN_NOISE.finditer(text):
        kept.append(text[position : match.start()])
        offsets.extend(range(position, match.start()))
        position = match.end()
    kept.append(text[position:])
    offsets.extend(range(position, len(text)))
    return "".join(kept), offsets


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese, character for character when phrases would change length."""
    converted: str = zhconv.convert(text, "zh-cn")
    if len(converted) == len(text):
        return converted
    chars = [str(zhconv.convert(char, "zh-cn")) for char in text]
    return "".join(new if len(new) == 1 else old for new, old in zip(chars, text, strict=True))


def normalise(source: str) -> Normalised:
    """Pinyin noise stripped, NFKC-folded, simplified text with a map back to `source`."""
    stripped, offsets = strip_pinyin_noise(source)
    chars: list[str] = []
    folded_offsets: list[int] = []
    for char, offset in zip(stripped, offsets, strict=True):
        folded = unicodedata.normalize("NFKC", char) if not char.isspace() or char == "\n" else " "
        folded = folded or char
        chars.append(folded)
        folded_offsets.extend([offset] * len(folded))
    folded_text = "".join(chars)
    return Normalised(source, to_simplified(folded_text), tuple(folded_offsets))


def simplify_name(name: str) -> str:
    """A catalog name or alias in the same normal form as the text (for matching)."""
    return normalise(name).text
