"""The categories nearest to a query that found nothing: what the search offers instead.

`nearest_categories` is a method of `Pack` (content.pack.reader); the words of each
category are worked out once per open pack and kept on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.pack.opening import guarded

if TYPE_CHECKING:
    from content.pack.reader import Pack
    from content.pack.records import Record

MAX_NEAREST_WORDS = 8
"""Words of a query that `nearest_categories` weighs: a long paste counts no further."""
NEAREST_LIKENESS = 60
"""The least likeness (RapidFuzz's ratio, 0-100) of a typed word to a category's that counts."""
NEAREST_SERVICES = 200
"""Services of a category whose words stand for it there: a big pack's first ones."""


@guarded
def nearest_categories(pack: Pack, text: str) -> list[Record]:
    """All the categories, those whose words come nearest to the words of `text` first:
    what the search offers when a query found nothing. A category's words are those of
    its title and description and of its first services' names and summaries; each
    typed word counts with its likeness (0-100) to the nearest of them, if it is like
    one at all. Ties, and a text of nothing like the pack's words, keep the pack's
    order."""
    from rapidfuzz import fuzz, process

    from content.textnorm import stem, words

    typed = [stem(word) for word in words(text) if len(word) >= 3][:MAX_NEAREST_WORDS]
    ranked = []
    for position, category in enumerate(pack.categories()):
        vocabulary = _category_words(pack, category)
        score = 0.0
        for word in typed:
            # A word like none of the category's (under NEAREST_LIKENESS) counts nothing:
            # a query of nonsense keeps the pack's order.
            best = process.extractOne(
                word, vocabulary, scorer=fuzz.ratio, score_cutoff=NEAREST_LIKENESS
            )
            score += best[1] if best else 0.0
        ranked.append((-score, position, category))
    return [category for _score, _position, category in sorted(ranked, key=lambda r: r[:2])]


def _category_words(pack: Pack, category: Record) -> list[str]:
    """The stems of a category's words in every language (kept: they are the pack's)."""
    from content.textnorm import stem, words

    cache = pack._category_vocabulary
    if category["id"] not in cache:
        texts = [category["title"], category["description"]]
        for service in pack.services_in_category(category["id"], limit=NEAREST_SERVICES):
            texts += [service["name"], service["summary"]]
        found = {
            stem(word)
            for text in texts
            if text is not None
            for lang in (text.ru, text.en)
            if lang
            for word in words(lang)
            if len(word) >= 3
        }
        cache[category["id"]] = sorted(found)
    return cache[category["id"]]
