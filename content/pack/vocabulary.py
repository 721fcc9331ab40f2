"""The words of a pack as the search knows them: its dictionary of stems with their counts,
its words as written, and its synonyms. The typo corrector finds the pack's nearest words
here, and the search screen the words that complete one being typed.

content.pack.search builds on it (a Searcher is a Vocabulary).
"""

from __future__ import annotations

import sqlite3

from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import extract

from content.textnorm import STOPWORDS, other_layout, stem, words

MAX_QUERY_CHARS = 200
"""Longer input is cut: nobody types more at a kiosk, and it bounds the work per query."""
MAX_TYPO_ALTERNATIVES = 3
MIN_TYPO_WORD = 5
"""Shorter words are not corrected: a short word is one typo away from too many others."""
MAX_SUGGESTIONS = 4
"""Words offered at most while a word is typed: as many big buttons as fit in one row."""
MIN_SUGGESTED = 4
"""Shorter words are not offered: typing them is as quick as finding them among buttons."""
MIN_PREFIX = 4
"""The word being typed matches as a prefix only from this length: shorter prefixes match
too much of the index to rank quickly and say too little to rank well."""


class Vocabulary:
    """The pack's words: its synonyms (held), its dictionary of stems and its words as
    written (both stay in SQLite and are read per word)."""

    def __init__(self, conn: sqlite3.Connection, synonym_groups: list[tuple[str, list[str]]]):
        self.conn = conn
        self.synonyms: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        synonym_words: dict[str, str] = {}  # a one-word synonym, folded: as the pack writes it
        for _lang, group in synonym_groups:
            phrases = tuple(dict.fromkeys(tuple(stem(w) for w in words(t)) for t in group))
            phrases = tuple(p for p in phrases if p)
            for phrase in phrases:
                known = self.synonyms.get(phrase, ())
                self.synonyms[phrase] = tuple(dict.fromkeys(known + phrases))
            for t in group:
                if len(words(t)) == 1:
                    synonym_words[words(t)[0]] = t.strip()
        self._longest_synonym = max((len(p) for p in self.synonyms), default=1)
        self._synonym_words = sorted({p[0] for p in self.synonyms if len(p) == 1})
        self._synonym_surface = sorted(synonym_words)
        self._synonym_spelling = synonym_words
        # A pack of schema 3 or later has the vocabulary of whole words; older ones only stems.
        self._has_words = bool(
            conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_words'"
            ).fetchone()
        )
        self._counts: dict[str, tuple[int, int]] = {}

    def counts(self, term: str) -> tuple[int, int]:
        """(items whose text has `term`, items whose title or keywords have it)."""
        if term not in self._counts:
            row = self.conn.execute(
                "SELECT docs, head_docs FROM search_terms WHERE term = ?", (term,)
            ).fetchone()
            self._counts[term] = row or (0, 0)
        return self._counts[term]

    def knows(self, word: str) -> bool:
        """Does the pack know this folded word: in its dictionary, a synonym, or a number?"""
        stemmed = stem(word)
        return word.isdigit() or bool(self.counts(stemmed)[0]) or (stemmed,) in self.synonyms

    def near_terms(self, term: str) -> list[str]:
        """Dictionary stems within a small edit distance of `term`, most frequent first.

        Only stems with the same first letter are considered: the way of a pack without the
        vocabulary of whole words (schema 2 and older); near_words is the way of the others.
        """
        if len(term) < MIN_TYPO_WORD:
            return []  # a short word is one typo away from too many others
        limit = 1 if len(term) < 7 else 2
        first, after = term[0], chr(ord(term[0]) + 1)
        rows = self.conn.execute(
            "SELECT term, docs FROM search_terms WHERE term >= ? AND term < ? "
            "AND length(term) BETWEEN ? AND ?",
            (first, after, len(term) - limit, len(term) + limit),
        ).fetchall()
        docs = dict(rows)
        candidates = list(docs) + [w for w in self._synonym_words if w.startswith(first)]
        found = extract(
            term, candidates, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
        )
        found.sort(key=lambda m: (m[1], -docs.get(m[0], 0), m[0]))
        return list(dict.fromkeys(m[0] for m in found))[:MAX_TYPO_ALTERNATIVES]

    def near_words(self, word: str) -> list[str]:
        """The stems of the pack's words within a small edit distance of `word`, nearest and
        then most frequent first; a wrong, missing, extra or swapped first or second letter
        counts as one edit.

        The candidates are small slices of the vocabulary, each read through an index by a
        prefix of two or three letters: the words that start as this one does (a typo from
        the third letter on), and those that would if its first or second letter were wrong,
        left out, one too many or swapped with the next (`rest` is a word without its first
        letter, `skip` without its second).
        """
        if len(word) < MIN_TYPO_WORD:
            return self._near_abbreviation(word)
        limit = 1 if len(word) < 8 else 2
        lo, hi = len(word) - limit, len(word) + limit
        a, b, c, d = word[:4]
        slices = (
            ("word", a + b),  # a typo from the third letter on
            ("rest", b + c),  # the first letter wrong
            ("word", b + c),  # a letter too many in front
            ("rest", a + b),  # the first letter left out
            ("word", b + a + c),  # the first two swapped
            ("skip", a + c + d),  # the second letter wrong
            ("word", a + c + d),  # a letter too many second
            ("skip", a + b + c),  # the second letter left out
            ("word", a + c + b),  # the second and third swapped
        )
        candidates: dict[str, tuple[str, int]] = {}
        for column, prefix in slices:
            after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            for found, term, docs in self.conn.execute(
                f"SELECT word, term, docs FROM search_words WHERE {column} >= ? "
                f"AND {column} < ? AND length(word) BETWEEN ? AND ?",
                (prefix, after, lo, hi),
            ):
                candidates[found] = (term, docs)
        for synonym in self._synonym_surface:
            if lo <= len(synonym) <= hi:
                candidates.setdefault(synonym, (stem(synonym), 0))
        # OSA: two letters swapped ("pensoin") are one edit, as a slip of the finger is.
        found = extract(word, list(candidates), scorer=OSA.distance, score_cutoff=limit, limit=None)
        found.sort(key=lambda m: (m[1], -candidates[m[0]][1], m[0]))
        terms = dict.fromkeys(candidates[m[0]][0] for m in found)
        return list(terms)[:MAX_TYPO_ALTERNATIVES]

    def _near_abbreviation(self, word: str) -> list[str]:
        """For a short word ("ыво"), the one synonym of its length a single edit away ("сво"),
        if there is only one: short words are mostly abbreviations, and a short word is one
        edit away from too many words of the whole vocabulary to guess among them."""
        if len(word) < 3:
            return []
        same = [w for w in self._synonym_surface if len(w) == len(word)]
        found = extract(word, same, scorer=OSA.distance, score_cutoff=1, limit=None)
        return [stem(found[0][0])] if len(found) == 1 else []

    def starts_a_word(self, start: str) -> bool:
        """Does some word of the pack start with `start` (a word still being typed)?"""
        if len(start) < MIN_PREFIX or not self._has_words:
            return False
        after = start[:-1] + chr(ord(start[-1]) + 1)
        query = "SELECT 1 FROM search_words WHERE word >= ? AND word < ? LIMIT 1"
        return self.conn.execute(query, (start, after)).fetchone() is not None

    def suggest(self, text: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
        """Words of the pack that complete the word being typed (the last one of `text`, if
        no space follows it), those in the most items first; read in the other keyboard
        layout when nothing starts with it as typed. Nothing for an older pack."""
        text = text[:MAX_QUERY_CHARS]
        tokens = words(text)
        if not self._has_words or not tokens or text[-1].isspace() or limit <= 0:
            return []
        start = tokens[-1]
        if not text.rstrip().lower().endswith(start) or len(start) < 2 or start.isdigit():
            return []
        limit = min(limit, 20)  # SQLite's LIMIT is a 64-bit integer, and a row holds a few
        found = self._completions(start, limit)
        if not found:
            other = words(other_layout(text.split(" ")[-1]))
            if len(other) == 1 and len(other[0]) >= 3:  # not ";r" from "ЖК"
                found = self._completions(other[0], limit)
        return found

    def _completions(self, start: str, limit: int) -> list[str]:
        after = start[:-1] + chr(ord(start[-1]) + 1)
        # Words of titles and keywords first: what items are about, not how texts say it.
        rows = self.conn.execute(
            "SELECT word, w.term FROM search_words w JOIN search_terms t ON t.term = w.term "
            "WHERE word > ? AND word < ? AND length(word) >= ? "
            "ORDER BY t.head_docs > 0 DESC, w.docs DESC, word LIMIT ?",
            (start, after, max(MIN_SUGGESTED, len(start) + 1), limit * 8),
        )
        # One form of each word, its commonest: "пособие", not also "пособия", "пособиях".
        forms: dict[str, str] = {}
        for w, term in rows:
            forms.setdefault(term, w)
        found = [w for w in forms.values() if w not in STOPWORDS and w.isalpha()]
        # Abbreviations and everyday words of the synonyms, as written there ("ЖКХ").
        found += [
            self._synonym_spelling[w]
            for w in self._synonym_surface
            if w.startswith(start) and w != start and stem(w) not in forms
        ]
        return found[:limit]
