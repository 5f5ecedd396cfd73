"""One rule for the names that join the files: regions, region codes, indicator names and aliases.

A plan's `region`, a CSV row's `region`, a plan's `indicator:` and the catalog's names and
aliases are compared as text, so they are read the same way everywhere (`identifier`):

1. Unicode NFKC: full-width and compatibility forms become their plain ones (`２２０５８２`
   is `220582`, `Ａ` is `A`, a CJK compatibility ideograph its unified one);
2. invisible characters are removed: format characters (Unicode category Cf: zero-width
   space and joiners, soft hyphen U+00AD, LRM/RLM U+200E/U+200F, bidi embeddings and
   isolates, word joiner, BOM), variation selectors, the combining grapheme joiner, Hangul
   fillers, and control characters;
3. runs of white space become one space, and none is kept at either end.

Web pages and editors leave such characters in names: `集安市` followed by a U+200B is
another text, and without this rule every figure would silently miss the plan.
`changed_meaningfully` says when the rule changed more than white space, so that the
loaders can warn (TRK116) without warning about every trailing space.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Format characters (category Cf) as of Unicode 15, and the invisible characters of other
# categories (variation selectors, the combining grapheme joiner, Hangul fillers).
# tests/hostile/test_identifiers.py checks that every Cf code point of unicodedata is here.
_INVISIBLE_RANGES = (
    "\u00ad",
    "\u034f",
    "\u0600-\u0605",
    "\u061c",
    "\u06dd",
    "\u070f",
    "\u0890-\u0891",
    "\u08e2",
    "\u115f-\u1160",
    "\u17b4-\u17b5",
    "\u180b-\u180f",
    "\u200b-\u200f",
    "\u202a-\u202e",
    "\u2060-\u2064",
    "\u2066-\u206f",
    "\u3164",
    "\ufe00-\ufe0f",
    "\ufeff",
    "\uffa0",
    "\ufff9-\ufffb",
    "\U000110bd",
    "\U000110cd",
    "\U00013430-\U0001343f",
    "\U0001bca0-\U0001bca3",
    "\U0001d173-\U0001d17a",
    "\U000e0001",
    "\U000e0020-\U000e007f",
    "\U000e0100-\U000e01ef",
)
INVISIBLE = re.compile("[" + "".join(_INVISIBLE_RANGES) + "\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65_536)  # plans repeat indicator names; regions repeat across files
def identifier(text: str) -> str:
    """A name as every file is compared by it: NFKC, no invisible characters, single spaces."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()
    if unicodedata.is_normalized("NFKC", text) and text.isprintable() and not INVISIBLE.search(text):
        return _SPACES.sub(" ", text).strip() if "  " in text else text.strip()
    folded = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", folded).strip()


def without_invisible(text: str) -> str:
    """Free text (a source, a note) without invisible characters and without spaces at its ends."""
    return INVISIBLE.sub("", text).strip()


def changed_meaningfully(written: str, read: str) -> bool:
    """Whether `identifier` changed more than white space in `written` (a line break, a double space)."""
    return " ".join(written.split()) != read


def shown(text: str, limit: int = 60) -> str:
    """Text for a message: invisible and non-printable characters as <U+200B>, cut to `limit`."""
    visible = "".join(
        character if character.isprintable() and not INVISIBLE.match(character) else f"<U+{ord(character):04X}>"
        for character in text[: limit * 2]
    )
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"
