"""Citizen search over a pack: word forms, typos, synonyms, titles first, any input safe.

A query becomes a list of *concepts*, one per meaningful word; each concept is a set of
alternatives that all count as that word:
- its Snowball stem, so пособие / пособия / пособий are one word (content.textnorm);
- if the stem is not in the pack's dictionary, the nearest stems by edit distance, so
  "рибенка" still finds "ребенка";
- the members of its synonym group (pack data), so ЖКХ also finds "коммунальные услуги".

The concepts are ANDed (each an OR of quoted alternatives) into an FTS5 expression, run first
on the titles-and-keywords index and then, if that gives too few, on the full index, both
ranked with bm25. Only if nothing has all the words are the concepts ORed. User text never
reaches FTS5 syntax: only stems of letters and digits, always quoted, are written into the
MATCH expression.

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

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from content.model import Text
from content.pack import format as fmt
from content.textnorm import STOPWORDS, stem, words

MAX_QUERY_CHARS = 200
"""Longer input is cut: nobody types more at a kiosk, and it bounds the work per query."""
MAX_CONCEPTS = 6
MAX_TYPO_ALTERNATIVES = 3
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
        for _lang, group in synonym_groups:
            phrases = tuple(dict.fromkeys(tuple(stem(w) for w in words(t)) for t in group))
            phrases = tuple(p for p in phrases if p)
            for phrase in phrases:
                known = self.synonyms.get(phrase, ())
                self.synonyms[phrase] = tuple(dict.fromkeys(known + phrases))
        self._longest_synonym = max((len(p) for p in self.synonyms), default=1)
        self._synonym_words = sorted({p[0] for p in self.synonyms if len(p) == 1})
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

    def near_terms(self, term: str) -> list[str]:
        """Dictionary stems within a small edit distance of `term`, most frequent first.

        Only stems with the same first letter are considered: people rarely mistype it, and
        it keeps the candidates to one slice of the dictionary's index.
        """
        if len(term) < 5:
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
        found = extract(term, candidates, scorer=Levenshtein.distance, score_cutoff=limit)
        found.sort(key=lambda m: (m[1], -docs.get(m[0], 0), m[0]))
        return list(dict.fromkeys(m[0] for m in found))[:MAX_TYPO_ALTERNATIVES]

    # -- query analysis ------------------------------------------------------------------

    def concepts(self, query: str) -> list[Concept]:
        text = query[:MAX_QUERY_CHARS]
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
            alternatives = [(t,) for t in self.near_terms(stemmed)]
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
        found = self._all_words(concepts, limit, " AND ", min)
        if not found and len(concepts) > 1:
            found = self._all_words(concepts, limit, " OR ", sum)
        return self._hits(found)

    def _all_words(self, concepts, limit: int, joiner: str, combine) -> list[tuple[int, float]]:
        expression = joiner.join(c.fts() for c in concepts)
        found: list[tuple[int, float]] = []
        for index in (_HEAD, _FULL):
            estimate = combine(self._estimate(c, index) for c in concepts)
            seen = {rowid for rowid, _ in found}
            for rowid, score in self._ranked(index, expression, limit, estimate):
                if rowid not in seen and len(found) < limit:
                    found.append((rowid, score))
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
