"""Plain text cut into sentences, for read-aloud to say one at a time (Russian and English).

A full stop ends a sentence unless it ends an abbreviation that a name or a number follows
("г. Пермь", "ул. Ленина", "д. 5", "А. С. Пушкин"); an abbreviation that can also close
a sentence ("и т.д.", "100 руб.", "в 2026 г.") ends one only when the next word begins
with a capital letter. Nothing is lost or added: the sentences, joined by spaces, are the
text's words in their order (a test checks it for any text).
"""

from __future__ import annotations

_ENDS = ".!?…"
_CLOSING = "\"')]»”’"  # a sentence may end inside quotes or brackets: «Так.»
_OPENING = "\"'([«„“‘"

NEVER_LAST = frozenset(
    """ул пр просп пер пл наб ш б-р бул д корп стр кв каб оф эт им тел факс с п пос дер
    р-н ст гр тов см рис табл
    mr mrs ms dr st no tel vs e.g i.e cf""".split()
)
"""Abbreviations a name or a number always follows: "ул. Ленина, д. 5"."""

MAY_BE_LAST = frozenset(
    """т.д т.п т.е др пр-во руб коп тыс млн млрд мин ч сек г гг в вв обл кр etc""".split()
)
"""Abbreviations that may close a sentence too: "и т.д." ends one if a capital follows."""


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each its words joined by single spaces; none empty."""
    words = text.split()
    sentences: list[str] = []
    start = 0
    for i, word in enumerate(words[:-1]):
        if _ends_sentence(word, words[i - 1] if i else "", words[i + 1]):
            sentences.append(" ".join(words[start : i + 1]))
            start = i + 1
    if start < len(words):
        sentences.append(" ".join(words[start:]))
    return sentences


def _ends_sentence(word: str, before: str, after: str) -> bool:
    """True if a sentence ends with `word`, `before` coming before it and `after` next."""
    bare = word.rstrip(_CLOSING)
    if not bare or bare[-1] not in _ENDS:
        return False
    if not bare.endswith(".") or bare.endswith(".."):
        return True  # "?", "!", "…", "..." always end one
    name = bare.lstrip(_OPENING)[:-1].lower()
    if not name or not name[-1].isalpha():
        return True  # "16:00." or "5." : a number closing a sentence
    capital = _starts_with_capital(after)
    if name == "г" and not _is_number(before):
        return False  # "г. Пермь" (a town), not "2026 г." (a year)
    if name in MAY_BE_LAST or (name in ("д", "п", "е") and before.lower() == "т."):
        return capital  # "и т.д. Далее", "и т. д. Далее"
    if name in NEVER_LAST or name == "т":  # "т." of "т. е.", "т. д."
        return False
    if len(name) == 1 and name.isalpha() and bare.lstrip(_OPENING)[0].isupper():
        return False  # an initial: "А. С. Пушкин"
    return True


def _starts_with_capital(word: str) -> bool:
    bare = word.lstrip(_OPENING)
    return bool(bare) and (bare[0].isupper() or bare[0].isdigit())


def _is_number(word: str) -> bool:
    return any(ch.isdigit() for ch in word)
