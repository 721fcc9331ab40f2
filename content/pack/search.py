"""Citizen search over a pack: word forms, typos, synonyms, titles first, any input safe.

A query becomes a list of *concepts*, one per meaningful word; each concept is a set of
alternatives that all count as that word:
- its Snowball stem, so пособие / пособия / пособий are one word (content.textnorm);
- a word the pack does not know that it would know in the other keyboard layout is read in
  that layout, so "gtycbz" is "пенсия" and "зутышщт" is "pension";
- if the stem is still not in the pack's dictionary, the nearest words of the pack's own
  vocabulary by edit distance, the first letter included, so "рибенка" still finds
  "ребенка" and "ыубсидия" "субсидия";
- the members of its synonym group (pack data), so ЖКХ also finds "коммунальные услуги".

The concepts are ANDed (each an OR of quoted alternatives) into an FTS5 expression, run first
on the titles-and-keywords index and then, if that gives too few, on the full index, both
ranked with bm25. If that gives too few, the items with all but one of the concepts follow,
then those with all but two, and so on, each level ranked by bm25: an item with two of the
query's words comes before one with one. User text never reaches FTS5 syntax: only stems of
letters and digits, always quoted, are written into the MATCH expression.

Speed: FTS5 computes bm25 for every matching row before ORDER BY ... LIMIT, about 1.3 µs a
row, and stemming, synonyms and typo correction make more rows match. When the dictionary's
document counts say a query may match more than RANK_AT_MOST rows, only the first
RANK_AT_MOST matches in rowid order are ranked (the pack puts agencies, events and then
services in pack order first). That bounds the worst case at a few milliseconds of ranking;
docs/benchmarks.md has the measurements.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import extract

from content.model import Text
from content.pack import format as fmt
from content.textnorm import STOPWORDS, other_layout, stem, words

MAX_QUERY_CHARS = 200
"""Longer input is cut: nobody types more at a kiosk, and it bounds the work per query."""
MAX_CONCEPTS = 6
MAX_TYPO_ALTERNATIVES = 3
MIN_TYPO_WORD = 5
"""Shorter words are not corrected: a short word is one typo away from too many others."""
MAX_SUGGESTIONS = 4
"""Words offered at most while a word is typed: as many big buttons as fit in one row."""
MIN_SUGGESTED = 4
"""Shorter words are not offered: typing them is as quick as finding them among buttons."""
MAX_PARTIAL_CONCEPTS = 4
"""Items with only some of the query's concepts are looked for up to this many concepts
(the levels of a longer query would cost more than they help)."""
MIN_PREFIX = 4
"""The word being typed matches as a prefix only from this length: shorter prefixes match
too much of the index to rank quickly and say too little to rank well."""
RANK_AT_MOST = 4000
"""Rows ranked at most per query; see the module docstring."""
MAX_HITS = 1000
"""Hits returned at most, whatever limit a caller asks for (the CLI's --limit is 1-1000)."""
UNKNOWN = 10**9
"""The estimate for a prefix, whose count the dictionary cannot give cheaply."""


@dataclass(frozen=True)
class Hit:
    kind: str  # "service" | "agency" | "event"
    id: str
    title: Text
    summary: Text | None
    score: float


@dataclass(frozen=True)
class Concept:
    word: str
    alternatives: tuple[tuple[str, ...], ...]  # each alternative is a phrase of stems
    prefix: str | None = None  # the word still being typed matches as a prefix too

    def fts(self) -> str:
        parts = ['"' + " ".join(phrase) + '"' for phrase in self.alternatives]
        if self.prefix:
            parts.append('"' + self.prefix + '"*')
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True)
class _Index:
    table: str
    weights: tuple[float, ...]
    counts_at: int  # where Searcher.counts() gives this index's document count


_HEAD = _Index(fmt.HEAD_TABLE, fmt.HEAD_WEIGHTS, counts_at=1)
_FULL = _Index(fmt.FTS_TABLE, fmt.FTS_WEIGHTS, counts_at=0)


class Searcher:
    """Holds the pack's synonyms; the term dictionary stays in SQLite and is read per word."""

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

    # -- the dictionary --------------------------------------------------------------------

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

    # -- query analysis ------------------------------------------------------------------

    def fix_layout(self, text: str) -> str:
        """`text` with each space-separated part that the pack knows better in the other
        keyboard layout put into that layout ("gtycbz" -> "пенсия")."""
        parts = text.split(" ")
        for i, part in enumerate(parts):
            # The word being typed (the last, with no space after it) counts as known when
            # a word of the pack starts with it: "gjcj" is "посо", the start of "пособие".
            typing = i == len(parts) - 1

            def known(word: str, typing: bool = typing) -> bool:
                return self.knows(word) or (typing and self.starts_a_word(word))

            mine = [w for w in words(part) if w not in STOPWORDS]
            if not mine or all(map(known, mine)):
                continue
            other = other_layout(part)
            theirs = [w for w in words(other) if w not in STOPWORDS and len(w) > 1]
            if sum(map(known, theirs)) > sum(map(known, mine)):
                parts[i] = other
        return " ".join(parts)

    def concepts(self, query: str) -> list[Concept]:
        text = self.fix_layout(query[:MAX_QUERY_CHARS])
        typing = bool(text) and not text[-1].isspace()
        tokens = words(text)
        meaningful = [t for t in tokens if t not in STOPWORDS] or tokens
        stems = [stem(t) for t in meaningful][: MAX_CONCEPTS * 2]
        concepts: list[Concept] = []
        i = 0
        while i < len(stems) and len(concepts) < MAX_CONCEPTS:
            for size in range(min(self._longest_synonym, len(stems) - i), 0, -1):
                phrase = tuple(stems[i : i + size])
                if phrase in self.synonyms:
                    word = " ".join(meaningful[i : i + size])
                    concepts.append(Concept(word, self.synonyms[phrase]))
                    i += size
                    break
            else:
                last = typing and i == len(stems) - 1 and meaningful[i] == tokens[-1]
                concepts.append(self._word_concept(meaningful[i], stems[i], last))
                i += 1
        return [c for c in concepts if c.alternatives or c.prefix]

    def _word_concept(self, word: str, stemmed: str, typing: bool) -> Concept:
        if self.counts(stemmed)[0] or stemmed.isdigit():
            alternatives = [(stemmed,)]
        else:
            near = self.near_words(word) if self._has_words else self.near_terms(stemmed)
            alternatives = [(t,) for t in near]
            for (term,) in list(alternatives):
                alternatives += [a for a in self.synonyms.get((term,), ()) if a not in alternatives]
        # While a word is still being typed, its start counts too ("посо" -> пособие).
        prefix = word if typing and len(word) >= MIN_PREFIX else None
        return Concept(word, tuple(alternatives), prefix)

    def _estimate(self, concept: Concept, index: _Index) -> int:
        """At most how many items of `index` can match this concept."""
        if concept.prefix:
            return UNKNOWN
        return sum(
            min(self.counts(term)[index.counts_at] for term in phrase)
            for phrase in concept.alternatives
        )

    # -- running it ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best items for `query`, best first; an empty list for an empty query."""
        concepts = self.concepts(query or "")
        if not concepts or limit <= 0:
            return []
        limit = min(limit, MAX_HITS)  # SQLite's LIMIT is a 64-bit integer; nobody reads more
        found = self._matching([tuple(concepts)], limit, [])
        if len(concepts) <= MAX_PARTIAL_CONCEPTS:
            # Then the items with all but one concept, all but two, ...: more of the
            # query's words before fewer, bm25 within each level.
            for size in range(len(concepts) - 1, 0, -1):
                if len(found) >= limit:
                    break
                found = self._matching(list(combinations(concepts, size)), limit, found)
        return self._hits(found)

    def _matching(self, groups: list[tuple[Concept, ...]], limit: int, found: list):
        """`found` and after it the best items that have every concept of one of `groups`."""
        expression = " OR ".join(
            "(" + " AND ".join(c.fts() for c in group) + ")" for group in groups
        )
        found = list(found)
        seen = {rowid for rowid, _ in found}
        for index in (_HEAD, _FULL):
            estimate = sum(min(self._estimate(c, index) for c in group) for group in groups)
            # The rows already found match again: ask for enough to have `limit` new ones.
            for rowid, score in self._ranked(index, expression, limit + len(seen), estimate):
                if rowid not in seen and len(found) < limit:
                    found.append((rowid, score))
                    seen.add(rowid)
            if len(found) >= limit:
                break
        return found

    def _ranked(self, index: _Index, expression: str, limit: int, estimate: int):
        weights = ", ".join(str(w) for w in index.weights)
        sql = (
            f"SELECT rowid, bm25({index.table}, {weights}) AS score FROM {index.table} "
            f"WHERE {index.table} MATCH ?"
        )
        args: tuple = (expression,)
        if estimate > RANK_AT_MOST:
            cut = self.conn.execute(
                f"SELECT rowid FROM {index.table} WHERE {index.table} MATCH ? LIMIT 1 OFFSET ?",
                (expression, RANK_AT_MOST - 1),
            ).fetchone()
            if cut:
                sql += " AND rowid <= ?"
                args += (cut[0],)
        return self.conn.execute(sql + " ORDER BY score LIMIT ?", (*args, limit)).fetchall()

    def _hits(self, found: list[tuple[int, float]]) -> list[Hit]:
        if not found:
            return []
        marks = ", ".join("?" * len(found))
        rows = {
            row[0]: row
            for row in self.conn.execute(
                "SELECT rowid, kind, item_id, title_ru, title_en, summary_ru, summary_en "
                f"FROM search_items WHERE rowid IN ({marks})",
                [rowid for rowid, _ in found],
            )
        }
        hits = []
        for rowid, score in found:
            if rowid not in rows:  # the index names an item the pack has lost: disk damage
                raise fmt.MalformedPackError(
                    f"the search index names item {rowid}, which is not in search_items: "
                    "the file is damaged"
                )
            _, kind, item_id, title_ru, title_en, summary_ru, summary_en = rows[rowid]
            summary = Text(summary_ru, summary_en) if summary_ru else None
            hits.append(Hit(kind, item_id, Text(title_ru or item_id, title_en), summary, score))
        return hits
