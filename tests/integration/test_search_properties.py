"""Citizen search under any input: properties that hold for every query, on the demo pack.

For any text a visitor can type (any Unicode, FTS5 syntax, control characters, lone
combining marks, the wrong keyboard layout, very long input), `Pack.search` answers
without an error; with at most `limit` hits, each an item of the pack with its own title,
none twice; the same answer twice, and from a fresh connection; FTS5's syntax characters
count as spaces (but in a word typed in the wrong keyboard layout, where they are the keys of
Russian letters: "gjcj,bt" is "пособие"). And a real oracle: an item's own title finds that
item first. The hostile corpus (tests/hostile/queries.txt) is run through the same checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from content.pack.reader import open_pack
from content.pack.search import Searcher

CORPUS = Path(__file__).resolve().parent.parent / "hostile" / "queries.txt"
SYNTAX = '"*()^:-+{},'
"""FTS5's query syntax characters (and the column filter's braces and comma)."""
RU = "йцукенгшщзхъфывапролджэячсмитьбю"
EN = "qwertyuiop[]asdfghjkl;'zxcvbnm,."
WRONG_LAYOUT = str.maketrans(RU + EN, EN + RU)
"""The same keys on the other layout: a visitor who forgot to switch."""


@pytest.fixture(scope="module")
def pack(demo_pack):
    with open_pack(demo_pack) as opened:
        yield opened


def _items(demo_pack) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(kind, id) -> (Russian title, English title), read from the content tables, not
    from the search index the search itself uses."""
    with open_pack(demo_pack) as pack:
        rows = pack.conn.execute(
            "SELECT 'service', id, name_ru, name_en FROM services UNION ALL "
            "SELECT 'agency', id, name_ru, name_en FROM agencies UNION ALL "
            "SELECT 'event', id, title_ru, title_en FROM events"
        ).fetchall()
    return {(kind, item): (ru, en) for kind, item, ru, en in rows}


@pytest.fixture(scope="module")
def items(demo_pack):
    return _items(demo_pack)


def check_answer(pack, items, query: str, limit: int) -> list:
    """The properties every answer has; the hits."""
    hits = pack.search(query, limit=limit)
    assert len(hits) <= max(limit, 0)
    keys = [(h.kind, h.id) for h in hits]
    assert len(set(keys)) == len(keys), keys  # no item twice
    for hit in hits:
        assert (hit.kind, hit.id) in items, hit
        ru, en = items[(hit.kind, hit.id)]
        assert (hit.title.ru, hit.title.en) == (ru, en), hit
    assert pack.search(query, limit=limit) == hits  # the same answer twice
    return hits


# -- what a visitor can type ---------------------------------------------------------------

WORDS = ["пенсия", "пособие", "ребенка", "инвалидность", "ЖКХ", "субсидия", "pension",
         "children", "маткапитал", "многодетным", "Пермь", "МФЦ", "2026"]  # fmt: skip
PIECES = [*SYNTAX, "OR", "AND", "NOT", "NEAR", "NEAR/2", "title:", "'", "\\", "\x00", "\t",
          "\n", "\u0301", "\u0308", "\u200b", "\u202e", "\ufeff", "🙂", "👵🏻", "東京",
          "مرحبا", "ﬁ", "ｐｅｎｓｉｏｎ", "ё", "Ё", "%", "_", "--", ";"]  # fmt: skip

word = st.sampled_from(WORDS)
piece = st.sampled_from(PIECES) | word | word.map(lambda w: w.lower().translate(WRONG_LAYOUT))
gap = st.sampled_from(["", " ", "  ", "\t", "\n"])
composed = st.lists(st.tuples(piece, gap), max_size=12).map(
    lambda parts: "".join(p + g for p, g in parts)
)
long_runs = st.tuples(piece | st.text(max_size=3), st.integers(1, 3000)).map(
    lambda run: run[0] * run[1]
)
queries = st.text(max_size=300) | composed | long_runs


@given(query=queries, limit=st.integers(-3, 60) | st.integers(min_value=-(2**70), max_value=2**70))
@example(query="пенсия", limit=99999999999999999999)  # past SQLite's 64-bit LIMIT
@example(query='" OR * ( NEAR', limit=20)
@example(query="пособие " * 1500, limit=20)
@example(query="\u0301" * 50, limit=5)
def test_any_query_is_answered_with_at_most_limit_items_of_the_pack(pack, items, query, limit):
    check_answer(pack, items, query, limit)


@given(before=st.lists(queries, max_size=4), query=queries)
def test_an_answer_does_not_depend_on_the_queries_before_it(pack, demo_pack, before, query):
    for earlier in before:  # on top of every query the module's pack has answered
        pack.search(earlier)
    with open_pack(demo_pack) as fresh:
        assert pack.search(query) == fresh.search(query)


def same_layout(pack, *queries: str) -> bool:
    """Does the search take each of `queries` in the layout it was typed in?"""
    searcher = Searcher(pack.conn, pack.synonym_groups())
    return all(searcher.fix_layout(q) == q for q in queries)


@given(query=composed | st.text(max_size=100))
def test_fts5_syntax_characters_count_as_spaces(pack, query):
    # Both end in a space: a last word still being typed would also match as a prefix.
    plain = query.translate({ord(c): " " for c in SYNTAX})
    if same_layout(pack, query + " ", plain + " "):
        assert pack.search(query + " ") == pack.search(plain + " ")


@given(query=composed | st.text(max_size=100), limit=st.integers(1, 30))
def test_a_smaller_limit_gives_the_start_of_a_larger_ones_answer(pack, query, limit):
    ids = [(h.kind, h.id) for h in pack.search(query, limit=30)]
    assert [(h.kind, h.id) for h in pack.search(query, limit=limit)] == ids[:limit]


# -- the oracle: an item's own title finds it ------------------------------------------------


def title_variants(title: str) -> st.SearchStrategy[str]:
    """The title as a visitor may type it: another case, spaces or FTS5 syntax around."""
    return st.sampled_from(
        [title, title.upper(), title.lower(), f"  {title}\t", f'"{title}"', f"({title})*",
         title.replace(" ", " : ")]
    )  # fmt: skip


@given(data=st.data())
def test_an_items_own_title_finds_it_first(pack, items, data):
    key = data.draw(st.sampled_from(sorted(items)), label="item")
    ru, en = items[key]
    title = data.draw(st.sampled_from([t for t in (ru, en) if t]), label="title")
    query = data.draw(title_variants(title), label="query")
    hits = check_answer(pack, items, query, 20)
    assert hits and (hits[0].kind, hits[0].id) == key, [(h.kind, h.id) for h in hits[:3]]


def test_every_items_title_finds_it_first(pack, items):
    missed = {}
    for key, titles in items.items():
        for title in filter(None, titles):
            hits = pack.search(title, limit=1)
            if [(h.kind, h.id) for h in hits] != [key]:
                missed[title] = [(h.kind, h.id) for h in hits]
    assert missed == {}


# -- the hostile corpus ----------------------------------------------------------------------

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|t|n|\\)")


def _unescape(match: re.Match) -> str:
    code = match[1]
    return {"t": "\t", "n": "\n", "\\": "\\"}.get(code) or chr(int(code[1:], 16))


def corpus() -> list[str]:
    lines = CORPUS.read_text("utf-8").splitlines()
    return [_ESCAPE.sub(_unescape, line) for line in lines if line and not line.startswith("#")]


def test_the_corpus_reads_its_escapes():
    cases = corpus()
    assert "\x00" in cases and "\\" in cases and "\x20\x20пенсия\x20\x20" in cases
    assert len(cases) > 80


@pytest.mark.parametrize("query", corpus())
def test_hostile_query_corpus(pack, items, query):
    for limit in (1, 20):
        check_answer(pack, items, query, limit)
    plain = query.translate({ord(c): " " for c in SYNTAX})
    if same_layout(pack, query + " ", plain + " "):
        assert pack.search(query + " ") == pack.search(plain + " ")
