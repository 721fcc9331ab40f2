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

from dataclasses import dataclass
from itertools import combinations

from content.model import Text
from content.pack import format as fmt
from content.pack.vocabulary import MAX_QUERY_CHARS, MIN_PREFIX, Vocabulary
from content.textnorm import STOPWORDS, other_layout, stem, words

MAX_CONCEPTS = 6
MAX_PARTIAL_CONCEPTS = 4
"""Items with only some of the query's concepts are looked for up to this many concepts
(the levels of a longer query would cost more than they help)."""
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


class Searcher(Vocabulary):
    """Turns a query into concepts over the pack's words (Vocabulary) and ranks the items
    that have them."""

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
