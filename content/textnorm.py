"""Text normalisation shared by the search index (at build time) and the query (at run time).

Both sides must fold and stem words identically, or a query would miss its own documents;
keeping one module for both is what guarantees it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[A-Za-z]")
_STEMMERS = {"ru": Stemmer.Stemmer("russian"), "en": Stemmer.Stemmer("english")}

STOPWORDS = frozenset(
    # Russian prepositions, conjunctions and particles that carry no meaning in a search.
    "а в во и или на над о об от по под при про с со у к ко из за для до без не ни же ли "
    "бы то как что это мне мой моя мои я мы вы он она они его ее их мне нам вам кто где "
    "когда какой какая какое какие каких можно нужно надо есть сколько куда зачем почему "
    "хочу хотел хотела "
    # English function words.
    "a an and or the of to in on for at by with from is are be as it my me i we you how "
    "what where can do does get".split()
)


# Forms Snowball cannot join because the word changes its root: дети is the plural of
# ребёнок, ребёнок loses its о in ребёнка, children is the plural of child. Mapped after
# stemming, so every form of each side meets at one stem.
_IRREGULAR_STEMS = {
    "ребенок": "ребенк",
    "дет": "ребенк",
    "children": "child",
    "peopl": "person",
    "men": "man",
    "women": "woman",
    "люд": "человек",
}


# The Russian ЙЦУКЕН and the English QWERTY layouts key by key (unshifted, then shifted):
# a word typed with the wrong layout active becomes the other one's letters and marks.
_RU_KEYS = "йцукенгшщзхъфывапролджэячсмитьбю.ёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,Ё"
_EN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,./`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?~"
_TO_RU = str.maketrans(_EN_KEYS, _RU_KEYS)
_TO_EN = str.maketrans(_RU_KEYS, _EN_KEYS)


def other_layout(text: str) -> str:
    """`text` as if typed with the other keyboard layout: "gtycbz" <-> "пенсия".

    Text in Cyrillic letters becomes what the same keys give in QWERTY, anything else what
    they give in ЙЦУКЕН; a text that mixes both scripts is returned as it is.
    """
    cyrillic = bool(_CYRILLIC.search(text.lower()))
    latin = bool(_LATIN.search(text))
    if cyrillic and latin:
        return text
    return text.translate(_TO_EN if cyrillic else _TO_RU)


def fold(text: str) -> str:
    """Lower-case, compatibility-normalise and fold ё to е (people rarely type ё)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("ё", "е")


def words(text: str) -> list[str]:
    """The folded words of a text: letters and digits, nothing else survives."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of one folded word, Russian or English by its letters."""
    if word.isdigit():
        return word
    lang = "ru" if _CYRILLIC.search(word) else "en"
    stemmed = _STEMMERS[lang].stemWord(word)
    return _IRREGULAR_STEMS.get(stemmed, stemmed)


def forget_words() -> None:
    """Forget every word stemmed so far, which both caches here keep: the kiosk calls this
    between visitors, so that no word a visitor typed stays in its memory."""
    stem.cache_clear()
    for stemmer in _STEMMERS.values():
        size = stemmer.maxCacheSize
        stemmer.maxCacheSize = 0  # PyStemmer empties its own cache when it is turned off
        stemmer.maxCacheSize = size


def index_text(text: str | None) -> str:
    """What goes into the full-text index: folded, stemmed words separated by spaces."""
    if not text:
        return ""
    return " ".join(stem(word) for word in words(text))
