"""Which characters a text may hold: one check for what staff write and what citizens type.

The publisher refuses them in content sources (content/publisher/limits.py) and the request
model in what a citizen typed at the terminal (kiosk/core/requests): controls, invisible
formatting (bidirectional overrides, zero-width spaces), private-use symbols, non-characters.
Pure: the standard library only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

ZWJ = "\u200d"
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""The characters that change the order in which a text is shown, and so can disguise it."""


def hidden_characters(text: str) -> Iterator[int]:
    """The index of each character a text may not hold: controls, invisible formatting
    (bidirectional overrides, zero-width spaces), private-use symbols, non-characters.

    Newlines and tabs are allowed, and so is every kind of space (no-break, thin, narrow).
    A zero-width joiner is allowed between two emoji, where it makes one picture of them.
    """
    if text.isprintable():
        return
    start = 0
    for line in text.split("\n"):
        if not line.isprintable():
            for offset, char in enumerate(line):
                if not char.isprintable() and _refused(line, offset, char):
                    yield start + offset
        start += len(line) + 1


def _refused(line: str, offset: int, char: str) -> bool:
    if char == "\t":
        return False
    category = unicodedata.category(char)
    if category == "Zs":
        return False
    return not (char == ZWJ and _between_emoji(line, offset))


def _between_emoji(line: str, offset: int) -> bool:
    before = line[offset - 1] if offset else ""
    after = line[offset + 1] if offset + 1 < len(line) else ""
    return _emoji_end(before) and unicodedata.category(after or " ") == "So"


def _emoji_end(char: str) -> bool:
    # An emoji, its presentation selector (U+FE0F) or a skin tone (U+1F3FB-U+1F3FF).
    return bool(char) and (
        unicodedata.category(char) == "So"
        or char == "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
    )
