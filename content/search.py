"""Citizen search over a pack: word forms, typos, synonyms, titles first, any input safe.

A query becomes a list of *concepts*, one per meaningful word; each concept is a set of
alternatives that all count as that word:
- its Snowball stem, so пособие / пособия / пособий are one word (content.textnorm);
- if the stem is not in the pack's dictionary, the nearest stems by edit distance, so
  "рибенка" still finds "ребенка";
- the members of its synonym group (pack data), so ЖКХ also finds "коммунальные услуги".
The FTS5 query ANDs the concepts (each an OR of quoted alternatives) and ranks with bm25
weighting titles above summaries above bodies. If that finds too little, the concepts are
ORed instead. User text never reaches FTS5 syntax: only stems made of letters and digits,
always quoted, are written into the MATCH expression.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from content import packformat as fmt
from content.model import Text
from content.textnorm import STOPWORDS, stem, words

MAX_QUERY_CHARS = 200
"""Longer input is cut: nobody types more at a kiosk, and it bounds the work per query."""
MAX_CONCEPTS = 6
MAX_TYPO_ALTERNATIVES = 3
MIN_PREFIX = 4
"""The word being typed matches as a prefix only from this length: shorter prefixes match
too much of the index to rank quickly and say too little to rank well."""


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


class Searcher:
    """Holds the pack's term dictionary and synonyms; `search()` is then pure SQL work."""

    def __init__(self, conn: sqlite3.Connection, synonym_groups: list[tuple[str, list[str]]]):
        self.conn = conn
        self.terms: dict[str, int] = dict(conn.execute("SELECT term, docs FROM search_terms"))
        self._by_length: dict[int, list[str]] = {}
        for term in self.terms:
            if not term.isdigit():
                self._by_length.setdefault(len(term), []).append(term)
        self.synonyms: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for _lang, group in synonym_groups:
            phrases = tuple(dict.fromkeys(tuple(stem(w) for w in words(t)) for t in group))
            phrases = tuple(p for p in phrases if p)
            for phrase in phrases:
                known = self.synonyms.get(phrase, ())
                self.synonyms[phrase] = tuple(dict.fromkeys(known + phrases))
        self._longest_synonym = max((len(p) for p in self.synonyms), default=1)
        weights = ", ".join(str(w) for w in fmt.FTS_WEIGHTS)
        self._sql = (
            f"SELECT rowid, bm25({fmt.FTS_TABLE}, {weights}) AS score FROM {fmt.FTS_TABLE} "
            f"WHERE {fmt.FTS_TABLE} MATCH ? ORDER BY score LIMIT ?"
        )

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
                    concepts.append(
                        Concept(" ".join(meaningful[i : i + size]), self.synonyms[phrase])
                    )
                    i += size
                    break
            else:
                last = typing and i == len(stems) - 1 and tokens and meaningful[i] == tokens[-1]
                concepts.append(self._word_concept(meaningful[i], stems[i], bool(last)))
                i += 1
        return [c for c in concepts if c.alternatives or c.prefix]

    def _word_concept(self, word: str, stemmed: str, typing: bool) -> Concept:
        if stemmed in self.terms or stemmed.isdigit():
            alternatives = [(stemmed,)]
        else:
            alternatives = [(t,) for t in self.near_terms(stemmed)]
            for (term,) in list(alternatives):
                alternatives += [a for a in self.synonyms.get((term,), ()) if a not in alternatives]
        # While a word is still being typed, its start counts too ("посо" -> пособие).
        prefix = word if typing and len(word) >= MIN_PREFIX else None
        return Concept(word, tuple(alternatives), prefix)

    def near_terms(self, term: str) -> list[str]:
        """Dictionary stems within a small edit distance of `term`, most frequent first."""
        if len(term) < 5:
            return []  # a short word is one typo away from too many others
        limit = 1 if len(term) < 7 else 2
        candidates: list[str] = []
        for length in range(len(term) - limit, len(term) + limit + 1):
            candidates.extend(self._by_length.get(length, ()))
        synonym_words = [p[0] for p in self.synonyms if len(p) == 1]
        candidates.extend(w for w in synonym_words if abs(len(w) - len(term)) <= limit)
        found = extract(term, candidates, scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
        if len(term) < 7:  # people rarely mistype the first letter; short words need that anchor
            found = [m for m in found if m[0][0] == term[0]]
        found.sort(key=lambda m: (m[1], -self.terms.get(m[0], 0), m[0]))
        return list(dict.fromkeys(m[0] for m in found))[:MAX_TYPO_ALTERNATIVES]

    # -- running it ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best items for `query`, best first; an empty list for an empty query."""
        concepts = self.concepts(query or "")
        if not concepts or limit <= 0:
            return []
        found = self._run(" AND ".join(c.fts() for c in concepts), limit)
        if len(found) < limit and len(concepts) > 1:
            seen = {rowid for rowid, _ in found}
            more = self._run(" OR ".join(c.fts() for c in concepts), limit)
            found += [(rowid, score) for rowid, score in more if rowid not in seen]
        return self._hits(found[:limit])

    def _run(self, expression: str, limit: int) -> list[tuple[int, float]]:
        return self.conn.execute(self._sql, (expression, limit)).fetchall()

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
            _, kind, item_id, title_ru, title_en, summary_ru, summary_en = rows[rowid]
            summary = Text(summary_ru, summary_en) if summary_ru else None
            hits.append(Hit(kind, item_id, Text(title_ru or item_id, title_en), summary, score))
        return hits
