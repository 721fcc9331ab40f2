"""A terminal's day of use read strictly: a file is read whole or refused with the reason,
and a search text that breaks the privacy rules is dropped, never shown."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from usage_days import all_days, day, document

from kiosk.core.usage_file import (
    LENGTHS,
    MAX_COUNT,
    UsageDay,
    UsageError,
    keepable,
    normalise,
    parse_usage,
)

ONE = day("perm-library-2", date(2026, 12, 4))


def raw(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def with_(path: str, value) -> bytes:
    """ONE's document with the value at `path` ('a.b.c') replaced (None: removed)."""
    doc = document(ONE)
    *parents, last = path.split(".")
    here = doc
    for key in parents:
        here = here[key]
    if value is None:
        del here[last]
    else:
        here[last] = value
    return raw(doc)


def test_every_day_survives_its_own_round_trip():
    for one in all_days():
        assert parse_usage(one.to_json().encode()) == one


def test_the_schemas_example_reads_whole():
    example = {
        "schema": 1, "terminal": "perm-uszn-lenina-1", "date": "2026-12-05",
        "app_version": "0.20.0", "pack": {"id": "perm-demo", "version": 12},
        "sessions": {"count": 41, "total_seconds": 5230,
                     "length": {"lt_30s": 9, "30s_2m": 17, "2m_5m": 10, "5m_15m": 4, "ge_15m": 1}},
        "screens": {"home": 40, "category": 55, "service": 80, "search": 20},
        "viewed": {"service": {"child-birth-grant": 12}, "agency": {"uszn-perm": 3},
                   "event": {"digital-literacy-course": 2}},
        "searches": {"count": 25, "found_nothing": 6, "kept": {"пособие на ребенка": 4},
                     "kept_found_nothing": {"субсидия на газ": 3}},
        "finder": {"runs": 7, "suggested": {"child-birth-grant": 3}},
        "printouts": {"leaflet": 9, "list": 2, "brochure": 1, "slip": 3},
        "requests": {"appointment": 2, "callback": 1, "complaint": 0, "rating": 3, "wrong_info": 1},
        "settings": {"lang_en": 5, "large_text": 3, "high_contrast": 2, "read_aloud": 4,
                     "keypad": 1},
        "touches_by_hour": [0] * 8 + [12, 40] + [0] * 14,
    }  # fmt: skip
    one = parse_usage(raw(example))
    assert one.terminal == "perm-uszn-lenina-1" and one.date == date(2026, 12, 5)
    assert one.kept_found_nothing == {"субсидия на газ": 3} and one.dropped == 0
    assert one.session_lengths == dict(zip(LENGTHS, [9, 17, 10, 4, 1], strict=True))
    assert sum(one.touches_by_hour) == 52 and one.pack_version == 12


@pytest.mark.parametrize(
    "text, count",
    [
        ("субсидия 2026", 5),                 # a digit
        ("пособие ٣ ребенка", 5),              # an Arabic-Indic digit
        ("квартира ½", 5),                    # a numeric character
        ("один два три четыре пять шесть", 5),  # six words
        ("субсидия на газ", 2),               # seen fewer than three times
        ("иванов\u202eвонави", 5),             # a bidi override
        ("а" * 101, 5),                       # too long
        ("   ", 5),                           # nothing left
    ],
)  # fmt: skip
def test_a_kept_text_that_breaks_the_privacy_rules_is_dropped_and_counted(text, count):
    for key in ("kept", "kept_found_nothing"):
        one = parse_usage(with_(f"searches.{key}", {text: count, "ремонт крыши": 3}))
        assert getattr(one, key) == {"ремонт крыши": 3}
        assert one.dropped == 1


def test_kept_texts_are_normalised_and_merged_as_the_terminal_keeps_them():
    one = parse_usage(with_("searches.kept_found_nothing", {"Субсидия  на ГАЗ ": 3,
                                                            "субсидия на газ": 4,
                                                            "Путёвка в лагерь": 3}))  # fmt: skip
    assert one.kept_found_nothing == {"субсидия на газ": 7, "путевка в лагерь": 3}
    assert normalise("  Ёлка\tи  ЁЖ ") == "елка и еж"
    assert keepable("пять слов это ещё можно") and not keepable("а б в г д е")


@pytest.mark.parametrize(
    "data, why",
    [
        (b"\xff\xfe", "not JSON"),
        (b"[" * 100_000, "not JSON"),
        (b"[]", "not a JSON object"),
        (b" " * (256 * 1024 + 1), "too large"),
        (b'{"schema": 1, "schema": 1}', "repeated"),
        (with_("schema", 2), "schema 2"),
        (with_("schema", None), "schema None"),
        (with_("terminal", "../etc"), "terminal"),
        (with_("date", "20261204"), "YYYY-MM-DD"),
        (with_("date", "2026-02-30"), "not a date"),
        (with_("date", None), "date"),
        (with_("visitor", "ivanov"), "unknown key 'visitor'"),
        (with_("pack.date", "2026-12-01"), "'pack' has an unknown key"),
        (with_("sessions.count", -1), "sessions.count"),
        (with_("sessions.count", True), "sessions.count"),
        (with_("sessions.count", 1.5), "sessions.count"),
        (with_("sessions.count", MAX_COUNT + 1), "sessions.count"),
        (with_("sessions.length.gt_1h", 1), "sessions.length"),
        (with_("screens", {"Home Screen": 1}), "not a name"),
        (with_("screens", {f"s{n}": 1 for n in range(2001)}), "2001 keys"),
        (with_("screens", []), "'screens' must be an object"),
        (with_("viewed.service", {"child-birth-grant": "12"}), "viewed.service"),
        (with_("searches.found_nothing", 26), "more than count"),
        (with_("searches.kept_found_nothing", {"субсидия на газ": 16}), "more searches"),
        (with_("searches.kept", {"тайна 1": "x"}), "a count must be"),
        (with_("touches_by_hour", [0] * 23), "exactly 24"),
        (with_("touches_by_hour", [0] * 23 + [-1]), "touches_by_hour"),
        (with_("app_version", "0.20\n"), "app_version"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_day_of_use_is_told_for_what_it_is(data, why):
    with pytest.raises(UsageError, match=why):
        parse_usage(data)


def test_a_bad_count_never_repeats_the_text_it_belongs_to():
    with pytest.raises(UsageError) as refused:
        parse_usage(with_("searches.kept", {"тайна иванова": "x"}))
    assert "иванова" not in str(refused.value)


SECTION_KEYS = ["schema", "terminal", "date", "app_version", "pack", "sessions", "screens",
                "viewed", "searches", "finder", "printouts", "requests", "settings",
                "touches_by_hour", "count", "total_seconds", "length", "kept",
                "kept_found_nothing", "found_nothing", "runs", "suggested", "service", "id",
                "version", "lt_30s", "home"]  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=25)
        | st.dictionaries(st.sampled_from(SECTION_KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=40,
)


def _read_whole_or_refused(data: bytes) -> UsageDay | None:
    try:
        one = parse_usage(data)
    except UsageError as exc:
        assert str(exc)
        return None
    # Whatever was accepted obeys the contract, the privacy rules above all.
    assert len(one.touches_by_hour) == 24 and all(0 <= n <= MAX_COUNT for n in one.touches_by_hour)
    for texts in (one.kept, one.kept_found_nothing):
        for text, n in texts.items():
            assert n >= 3 and keepable(text) and normalise(text) == text
            assert not any(c.isdigit() for c in text) and len(text.split()) <= 5
    assert one.found_nothing <= one.searches
    return one


@given(json_values)
def test_hostile_documents_are_refused_with_a_reason_or_read_whole(data):
    doc = (
        {"schema": 1, "terminal": "t", "date": "2026-12-04", **data}
        if isinstance(data, dict)
        else data
    )
    _read_whole_or_refused(json.dumps(doc, ensure_ascii=False).encode())


@given(st.sampled_from(["sessions", "searches", "finder", "pack", "viewed", "screens",
                        "printouts", "requests", "settings", "touches_by_hour"]),
       json_values)  # fmt: skip
def test_a_good_day_with_one_part_spoilt_is_refused_or_read_whole(section, value):
    doc = document(ONE)
    doc[section] = value
    _read_whole_or_refused(raw(doc))


@given(st.dictionaries(st.text(max_size=120), st.integers(0, 5), max_size=8))
def test_any_kept_texts_read_leave_only_what_the_rules_allow(texts):
    doc = document(ONE)
    doc["searches"] = {"count": 1000, "found_nothing": 500, "kept": texts,
                       "kept_found_nothing": texts}  # fmt: skip
    _read_whole_or_refused(raw(doc))


@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_reader(data):
    _read_whole_or_refused(data)
