"""The terminal's day of use (kiosk.core.usage.Day): counted as the schema says, read back
by the report's own strict reader, and nothing kept that the privacy rules forbid."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.usage import MAX_KEPT, Day, length_bucket
from kiosk.core.usage_file import LENGTHS, MAX_BYTES, parse_usage

KEY = bytes(range(32))
DAY = date(2026, 12, 5)


def new_day() -> Day:
    return Day("perm-test-1", DAY, KEY, "0.1.0", ("perm-demo", 7))


def read_back(day: Day):
    """The day as the report reads it (the strict reader: a wrong key fails here)."""
    return parse_usage(json.dumps(day.to_document(), ensure_ascii=False).encode("utf-8"))


def visit(day: Day, *searches: tuple[str, int], seconds: float = 60) -> None:
    day.start_session()
    for text, results in searches:
        day.search(text, results)
    day.end_session(seconds)


def test_an_empty_day_reads_back_as_an_empty_day():
    back = read_back(new_day())
    assert (back.terminal, back.date, back.sessions, back.searches) == ("perm-test-1", DAY, 0, 0)
    assert (back.pack_id, back.pack_version, back.app_version) == ("perm-demo", 7, "0.1.0")
    assert back.touches_by_hour == (0,) * 24


@pytest.mark.parametrize(
    "seconds, bucket",
    [(0, "lt_30s"), (29.9, "lt_30s"), (30, "30s_2m"), (119, "30s_2m"), (120, "2m_5m"),
     (299, "2m_5m"), (300, "5m_15m"), (899, "5m_15m"), (900, "ge_15m"), (86400, "ge_15m")],
)  # fmt: skip
def test_a_session_length_is_only_its_bucket(seconds, bucket):
    assert length_bucket(seconds) == bucket
    day = new_day()
    day.start_session()
    day.end_session(seconds)
    back = read_back(day)
    assert back.session_lengths == {name: int(name == bucket) for name in LENGTHS}
    assert back.sessions == 1 and back.session_seconds == round(seconds)


def test_everything_counted_is_in_the_file():
    day = new_day()
    day.start_session()
    for hour in (9, 9, 14):
        day.touch(hour)
    for screen in ("home", "search", "service", "service"):
        day.screen(screen)
    day.view("service", "child-birth-grant")
    day.view("service", "child-birth-grant")
    day.view("agency", "uszn-perm")
    day.finder(["child-birth-grant", "pension-help", "child-birth-grant"])
    day.printout("leaflet")
    day.printout("brochure", 3)
    day.request("appointment")
    day.setting("lang_en")
    day.setting("lang_en")  # one visit: once
    day.setting("large_text")
    day.end_session(200)
    day.start_session()
    day.setting("lang_en")  # another visit: again
    day.end_session(10)
    back = read_back(day)
    assert back.touches_by_hour[9] == 2 and back.touches_by_hour[14] == 1
    assert back.screens == {"home": 1, "search": 1, "service": 2}
    assert back.viewed == {"service": {"child-birth-grant": 2}, "agency": {"uszn-perm": 1}}
    assert back.finder_runs == 1
    assert back.suggested == {"child-birth-grant": 1, "pension-help": 1}
    assert back.printouts == {"leaflet": 1, "brochure": 3}
    assert back.requests == {"appointment": 1}
    assert back.settings == {"lang_en": 2, "large_text": 1}
    assert (back.sessions, back.session_seconds) == (2, 210)


def test_names_the_schema_refuses_are_not_counted():
    day = new_day()
    day.screen("Home Screen")
    day.view("service", "x" * 65)
    day.view("service", "пенсия")
    day.touch(24)
    back = read_back(day)
    assert back.screens == {} and back.viewed == {} and sum(back.touches_by_hour) == 0


def test_a_text_is_kept_at_its_third_visit_and_not_before():
    day = new_day()
    visit(day, ("Путёвка  в САНАТОРИЙ", 0))
    visit(day, ("путевка в санаторий", 0))
    assert read_back(day).kept_found_nothing == {}
    assert "путевка в санаторий" not in repr(vars(day))  # only its HMAC so far
    visit(day, ("путёвка в санаторий ", 0))
    back = read_back(day)
    assert back.kept_found_nothing == {"путевка в санаторий": 3}
    assert (back.searches, back.found_nothing, back.kept) == (3, 3, {})
    visit(day, ("путевка в санаторий", 0))
    assert read_back(day).kept_found_nothing == {"путевка в санаторий": 4}


def test_one_visitor_typing_a_text_three_times_does_not_make_it_kept():
    day = new_day()
    visit(day, *[("иванов иван", 0)] * 3)
    visit(day, ("иванов иван", 0))
    back = read_back(day)
    assert back.searches == 4 and back.found_nothing == 4
    assert back.kept_found_nothing == {}


def test_a_kept_text_leaves_memory_once_written_and_comes_back_from_the_file():
    day = new_day()
    for _ in range(3):
        visit(day, ("ремонт крыши", 0))
    written = read_back(day)
    day.forget_texts()
    assert held_texts(day) <= set(LENGTHS)  # only counts and HMACs now
    assert read_back(day).kept_found_nothing == {}  # not known: left out, not invented
    visit(day, ("ремонт крыши", 0))
    day.forget_texts()
    again = parse_usage(day.to_json(known=written.kept_found_nothing))
    assert again.kept_found_nothing == {"ремонт крыши": 4}
    assert again.searches == 4


def test_found_and_not_found_are_kept_apart():
    day = new_day()
    for _ in range(3):
        visit(day, ("пособие на ребенка", 5))
    for _ in range(2):
        visit(day, ("пособие на ребенка", 0))
    back = read_back(day)
    assert back.kept == {"пособие на ребенка": 3} and back.kept_found_nothing == {}


@pytest.mark.parametrize(
    "text",
    ["пенсия 2026", "снилс 123-456", "один два три четыре пять шесть", "а" * 101,
     "пенсия\u200b", "٣ пособие"],
)  # fmt: skip
def test_a_text_the_rules_forbid_is_counted_never_kept(text):
    day = new_day()
    for _ in range(5):
        visit(day, (text, 0))
    back = read_back(day)
    assert (back.searches, back.found_nothing) == (5, 5)
    assert back.kept_found_nothing == {} and back.kept == {}
    assert back.dropped == 0  # nothing the report would have to drop


def test_the_kept_texts_are_bounded():
    day = new_day()
    words = [f"слово{chr(0x430 + i % 32)}{chr(0x430 + i // 32)}" for i in range(MAX_KEPT + 50)]
    for word in words:
        for _ in range(3):
            visit(day, (word, 0))
    assert len(read_back(day).kept_found_nothing) == MAX_KEPT


def test_a_day_too_large_for_the_schema_drops_its_rarest_entries():
    day = new_day()
    for kind in ("service", "agency", "event"):
        for i in range(2000):
            day.view(kind, f"{kind}-{i:04d}-" + "x" * 50)
    day.view("service", "service-0000-" + "x" * 50)
    raw = day.to_json()
    assert len(raw) <= MAX_BYTES
    back = parse_usage(raw)
    assert back.viewed["service"]["service-0000-" + "x" * 50] == 2  # the commonest stays


def test_absorb_adds_a_day_read_back():
    day = new_day()
    visit(day, *[("пенсия", 4)])
    day.touch(10)
    for _ in range(3):
        visit(day, ("ремонт крыши", 0))
    again = Day.from_usage_day(read_back(day), bytes(32))
    again.absorb(read_back(day))
    back = read_back(again)
    assert back.sessions == 8 and back.searches == 8 and back.found_nothing == 6
    assert back.kept_found_nothing == {"ремонт крыши": 6}
    assert back.touches_by_hour[10] == 2


def test_a_short_key_is_refused():
    with pytest.raises(ValueError):
        Day("t", DAY, b"short", "")


# -- whatever is typed ------------------------------------------------------------------------

WORDS = st.sampled_from(["пенсия", "путёвка", "в", "санаторий", "Ёлка", "2026", "a1", "мфц",
                         "снилс", "123", "ребёнок", " ", "\t", "ПОСОБИЕ", "x" * 30])  # fmt: skip
TYPED = st.one_of(
    st.lists(WORDS, min_size=1, max_size=8).map(" ".join),
    st.text(min_size=1, max_size=120),
)
VISITS = st.lists(st.lists(st.tuples(TYPED, st.integers(0, 3)), max_size=4), max_size=12)


@settings(max_examples=150, deadline=None)
@given(visits=VISITS)
def test_no_stored_text_breaks_the_rules_and_none_under_three_visits_is_in_clear(visits):
    day = new_day()
    for searches in visits:
        visit(day, *searches)
    back = read_back(day)
    assert back.dropped == 0
    for kept, found in ((back.kept, True), (back.kept_found_nothing, False)):
        for text, times in kept.items():
            assert not any(c.isnumeric() for c in text) and len(text.split(" ")) <= 5
            assert len(text) <= 100 and times >= 3
            # ...and it really was searched (found or not as listed) in that many visits
            visits_with = sum(
                any(t.casefold().replace("ё", "е").split() == text.split() and (n > 0) == found
                    for t, n in searches)
                for searches in visits
            )  # fmt: skip
            assert visits_with == times
    # A text seen in fewer than three visits is nowhere in clear, not even in memory: the
    # only texts the day holds (in any map or set of it) are the kept ones and the buckets.
    allowed = set(back.kept) | set(back.kept_found_nothing) | set(LENGTHS)
    assert held_texts(day) <= allowed
    assert back.searches == sum(len(s) for s in visits)
    assert back.found_nothing == sum(n == 0 for s in visits for _t, n in s)


def held_texts(day: Day) -> set[str]:
    """Every string a map or a set of the day holds (a key, a value or an item)."""
    held = set()
    for value in vars(day).values():
        maps = value.values() if isinstance(value, dict) else []
        for container in (value, *[m for m in maps if isinstance(m, dict)]):
            if isinstance(container, dict):
                held |= {s for s in (*container, *container.values()) if isinstance(s, str)}
            elif isinstance(container, set):
                held |= {item for item in container if isinstance(item, str)}
    return held
