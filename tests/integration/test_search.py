"""Citizen search on the demo pack and on small packs built from code."""

import json

import pytest
from command import kiosk
from factories import service, write_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.pack.reader import open_pack
from content.publisher.build import build_pack


@pytest.fixture(scope="module")
def pack(demo_pack):
    with open_pack(demo_pack) as opened:
        yield opened


def ids(hits, n=5):
    return [h.id for h in hits[:n]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("пособее на рибенка", "unified-child-allowance"),  # two typos
        ("пособие на детей", "unified-child-allowance"),  # дети is the plural of ребёнок
        ("коммуналка", "housing-utility-subsidy"),  # everyday word, via synonyms
        ("ЖКХ субсидия", "housing-utility-subsidy"),  # abbreviation, via synonyms
        ("инвалидность коляска", "assistive-devices"),
        ("ПЕНСИЯ ПО СТАРОСТИ", "old-age-pension"),
        ("child allowance", "unified-child-allowance"),
        ("children", "unified-child-allowance"),
        ("pension", "old-age-pension"),
        ("wheelchair", "assistive-devices"),
        ("материнский капитал", "maternity-capital"),
        ("маткапитал", "maternity-capital"),
        ("многодетным", "large-family-status"),
        ("пособие по безработице", "unemployment-benefit"),
    ],
)
def test_everyday_queries_find_the_right_service(pack, query, expected):
    assert expected in ids(pack.search(query)), [h.title.ru for h in pack.search(query)[:5]]


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        '" OR * ( NEAR',
        '"',
        "((((",
        "*",
        "NEAR(a b, 3)",
        "AND OR NOT",
        "пособие AND NOT",
        "title:пособие",
        "^пособие",
        "{title}: x",
        "пособие\x00",
        "🙂👵🏻♿",
        "' ; DROP TABLE services; --",
        "пособие " * 1500,
        "я" * 10_000,
        "\u200b\u202e",
        "ё",
        "12345",
    ],
)
def test_any_input_is_answered_without_error(pack, query):
    hits = pack.search(query)
    assert isinstance(hits, list) and len(hits) <= 20


def test_ranking_puts_title_matches_first(pack):
    hits = pack.search("пенсия")
    assert "пенси" in hits[0].title.ru.lower()


def test_word_being_typed_matches_as_a_prefix(pack):
    assert "unified-child-allowance" in ids(pack.search("единое посо"), 3)


def test_synonyms_are_pack_data_not_code(tmp_path):
    items = [service("utility-subsidy", name="Субсидия на коммунальные услуги")]
    plain = build_pack(write_folder(tmp_path / "a", services=items), tmp_path / "a.sqlite")
    groups = {"ru": [["ЖКХ", "коммунальные услуги"]]}
    with_synonyms = write_folder(tmp_path / "b", services=items, synonyms=groups)
    build_pack(with_synonyms, tmp_path / "b.sqlite")
    with open_pack(plain.path) as p:
        assert p.search("ЖКХ") == []
    with open_pack(tmp_path / "b.sqlite") as p:
        assert ids(p.search("ЖКХ")) == ["utility-subsidy"]


def test_search_command_prints_json(demo_pack):
    result = kiosk("content", "search", demo_pack, "ЖКХ субсидия", "--json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "housing-utility-subsidy"
    assert rows[0]["kind"] == "service" and "subsid" in rows[0]["title"].lower()


def test_very_common_words_rank_only_the_first_matches(tmp_path, monkeypatch):
    """Past RANK_AT_MOST matching rows, ranking is bounded to the first ones in pack order."""
    import content.pack.search

    items = [service(f"s{i}", name=f"Пособие номер {i}") for i in range(8)]
    build_pack(write_folder(tmp_path / "c", services=items), tmp_path / "p.sqlite")
    with open_pack(tmp_path / "p.sqlite") as pack:
        assert len(pack.search("пособие")) == 8
    monkeypatch.setattr(content.pack.search, "RANK_AT_MOST", 3)
    with open_pack(tmp_path / "p.sqlite") as pack:
        capped = pack.search("пособие")
        assert {h.id for h in capped} == {"s0", "s1", "s2"}
        # A rare word is not capped: its estimate from the dictionary is small. (The items
        # with one of the two words follow the one with both.)
        assert ids(pack.search("номер 7"))[:1] == ["s7"]


@pytest.mark.parametrize("limit", ["99999999999999999999", "1001", "0", "-5"])
def test_search_command_refuses_a_limit_out_of_range_in_one_line(demo_pack, limit):
    result = kiosk("content", "search", demo_pack, "пенсия", "--limit", limit)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert f"Invalid value for '--limit': {limit} is not in the range 1<=x<=1000" in result.stderr


def test_search_command_gives_at_most_the_limit(demo_pack):
    def found(limit: int) -> list:
        result = kiosk("content", "search", demo_pack, "пособие", "--json", "--limit", limit)
        assert result.returncode == 0, result.stderr
        return [row["id"] for row in json.loads(result.stdout)]

    every = found(1000)
    assert len(every) > 3 and found(3) == every[:3]


@pytest.mark.parametrize(
    "typed, nearest",
    [
        ("пенсионерочка", "older-people"),
        ("колясочник", "disability"),
        ("мамулечки детишки", "families"),
    ],
)
def test_a_query_that_finds_nothing_leads_to_the_nearest_category_first(pack, typed, nearest):
    assert pack.search(typed) == []  # what the visitor typed found nothing
    order = [c["id"] for c in pack.nearest_categories(typed)]
    assert order[0] == nearest
    assert sorted(order) == sorted(c["id"] for c in pack.categories())  # none left out


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_text_orders_every_category_and_nonsense_keeps_the_packs_order(pack, text):
    order = [c["id"] for c in pack.nearest_categories(text)]
    assert sorted(order) == sorted(c["id"] for c in pack.categories())
    assert [c["id"] for c in pack.nearest_categories("зюзюкин ъъъъ")] == [
        c["id"] for c in pack.categories()
    ]
