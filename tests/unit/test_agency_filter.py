"""The agencies screen's filters: district, service, open now and step-free, over a small pack.

The pack is built from code: the factories' Social Fund office in Perm (mo-fr 09:00-18:00),
an MFC with a step-free office in Perm (hours unknown), an office in Kudymkar with a ramp
(mo-fr 09:00-16:00, sa 10:00-14:00) and one in Lysva with only a lift (hours unknown), and
a library in Perm open tu-su 10:00-19:00.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml
from factories import service, write_folder

from kiosk.core.agency_filter import (
    Filters,
    agency_service_count,
    agency_services,
    catalogue,
    districts_with_offices,
    is_step_free,
    match,
    open_status,
    service_offices,
)

MONDAY_10 = datetime(2026, 11, 30, 10, 0)
MONDAY_17 = datetime(2026, 11, 30, 17, 0)
SATURDAY_11 = datetime(2026, 12, 5, 11, 0)
SUNDAY_12 = datetime(2026, 11, 29, 12, 0)
MONDAY_NIGHT = datetime(2026, 11, 30, 23, 0)

DISTRICTS = [
    {"id": "perm", "name": {"ru": "Пермь", "en": "Perm"}},
    {"id": "kudymkar", "name": {"ru": "Кудымкар", "en": "Kudymkar"}},
    {"id": "lysva", "name": {"ru": "Лысьва", "en": "Lysva"}},
    {"id": "chusovoy", "name": {"ru": "Чусовой", "en": "Chusovoy"}},
]


def office(office_id, district, hours=None, accessibility=()):
    item = {
        "id": office_id,
        "name": {"ru": f"Офис {office_id}"},
        "address": {"city": {"ru": district.title()}},
        "district": district,
        "accessibility": list(accessibility),
    }
    if hours:
        item["hours"] = hours
    return item


def agency(agency_id, name, offices):
    return {
        "id": agency_id,
        "name": {"ru": name},
        "source": "https://sfr.gov.ru/",
        "reviewed": "2026-11-20",
        "locations": offices,
    }


MFC = agency(
    "mfc",
    "МФЦ",
    [
        office("mfc-perm", "perm", accessibility=["step_free_entrance"]),
        office(
            "mfc-kudymkar",
            "kudymkar",
            hours={"mo-fr": "09:00-16:00", "sa": "10:00-14:00", "su": "closed"},
            accessibility=["ramp", "accessible_toilet"],
        ),
        office("mfc-lysva", "lysva", accessibility=["elevator"]),
    ],
)
LIBRARY = agency(
    "library", "Библиотека", [office("library-perm", "perm", hours={"tu-su": "10:00-19:00"})]
)


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    from content.pack.reader import open_pack
    from content.publisher.build import build_pack

    root = tmp_path_factory.mktemp("agencies")
    services = [
        service(),  # the Social Fund's, at all its offices
        service("mfc-docs", "Документы в МФЦ", agencies=["mfc"], locations=["mfc-kudymkar"]),
        service("reading", "Чтение вслух", agencies=["library", "mfc"]),
    ]
    write_folder(root, services=services)
    for name, data in [("districts.yaml", DISTRICTS), ("agencies/mfc.yaml", MFC)]:
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    (root / "agencies" / "library.yaml").write_text(
        yaml.safe_dump(LIBRARY, allow_unicode=True), "utf-8"
    )
    build_pack(root, root / "pack.sqlite")
    with open_pack(root / "pack.sqlite") as opened:
        yield opened


@pytest.fixture(scope="module")
def agencies(pack):
    return catalogue(pack)


def found(matches) -> list[tuple[str, str, bool | None]]:
    return [
        (group.agency["id"], o.location["id"], o.open_now)
        for group in matches.agencies
        for o in group.offices
    ]


def test_catalogue_holds_every_agency_with_its_offices_by_name(agencies):
    assert [a["id"] for a in agencies] == ["library", "mfc", "sfr-perm"]
    assert [loc["id"] for loc in agencies[1]["locations"]] == [
        "mfc-perm",
        "mfc-kudymkar",
        "mfc-lysva",
    ]


@pytest.mark.parametrize(
    "filters, at, expected",
    [
        (
            Filters(),
            MONDAY_10,
            [
                ("library", "library-perm", False),
                ("mfc", "mfc-perm", None),
                ("mfc", "mfc-kudymkar", True),
                ("mfc", "mfc-lysva", None),
                ("sfr-perm", "sfr-perm-main", True),
            ],
        ),
        (
            Filters(district="perm"),
            SATURDAY_11,
            [
                ("library", "library-perm", True),
                ("mfc", "mfc-perm", None),
                ("sfr-perm", "sfr-perm-main", False),
            ],
        ),
        (Filters(district="lysva"), MONDAY_10, [("mfc", "mfc-lysva", None)]),
        (Filters(district="chusovoy"), MONDAY_10, []),
        (
            Filters(open_now=True),
            MONDAY_10,
            [("mfc", "mfc-kudymkar", True), ("sfr-perm", "sfr-perm-main", True)],
        ),
        (Filters(open_now=True), MONDAY_17, [("sfr-perm", "sfr-perm-main", True)]),
        (
            Filters(open_now=True),
            SATURDAY_11,
            [("library", "library-perm", True), ("mfc", "mfc-kudymkar", True)],
        ),
        (Filters(open_now=True), SUNDAY_12, [("library", "library-perm", True)]),
        (Filters(open_now=True), MONDAY_NIGHT, []),
        (
            Filters(step_free=True),
            MONDAY_10,
            [("mfc", "mfc-perm", None), ("mfc", "mfc-kudymkar", True)],
        ),
        (Filters(step_free=True, district="lysva"), MONDAY_10, []),  # a lift is not enough
        (Filters(step_free=True, open_now=True), SUNDAY_12, []),
        (Filters(service="mfc-docs"), MONDAY_10, [("mfc", "mfc-kudymkar", True)]),
        (Filters(service="child-allowance"), MONDAY_10, [("sfr-perm", "sfr-perm-main", True)]),
        (
            Filters(service="reading", district="perm"),
            MONDAY_10,
            [("library", "library-perm", False), ("mfc", "mfc-perm", None)],
        ),
        (Filters(service="reading", open_now=True), SUNDAY_12, [("library", "library-perm", True)]),
        (Filters(service="no-such-service"), MONDAY_10, []),
    ],
    ids=[
        "nothing-chosen-lists-all",
        "district",
        "district-with-unknown-hours",
        "district-without-offices",
        "open-now-weekday-morning",
        "open-now-weekday-evening",
        "open-now-saturday",
        "open-now-sunday",
        "open-now-night",
        "step-free-or-ramp",
        "lift-alone-is-not-step-free",
        "step-free-and-open",
        "service-at-named-office",
        "service-at-every-office-of-its-agency",
        "service-and-district",
        "service-and-open-now",
        "unknown-service",
    ],
)
def test_filters_keep_the_offices_that_match(pack, agencies, filters, at, expected):
    offices = service_offices(pack, filters.service) if filters.service else None
    matches = match(agencies, filters, at, service_offices=offices)
    assert found(matches) == expected
    assert matches.offices == len(expected) and matches.more == 0


def test_unknown_hours_are_unknown_never_closed(agencies):
    mfc_perm = agencies[1]["locations"][0]
    assert open_status(mfc_perm, MONDAY_10) is None
    assert open_status(mfc_perm, MONDAY_NIGHT) is None
    kudymkar = agencies[1]["locations"][1]
    assert open_status(kudymkar, MONDAY_NIGHT) is False


def test_the_catalogue_reads_each_schedule_once_and_answers_as_the_rows_do(pack, agencies):
    offices = [loc for agency in agencies for loc in agency["locations"]]
    assert any(loc["opening_hours"] for loc in offices)
    for office in offices:
        fresh = pack.location(office["id"])  # straight from the pack, schedule rows only
        assert "opening_hours" not in fresh
        for at in (MONDAY_10, MONDAY_17, MONDAY_NIGHT):
            assert open_status(office, at) == open_status(fresh, at)


def test_the_catalogue_keeps_what_a_row_shows_and_no_more(pack, agencies):
    from kiosk.app.markup import office_address  # words only: it opens no window

    for agency in agencies:
        full = pack.agency(agency["id"])
        assert agency["name"] == full["name"] and agency["short_name"] == full["short_name"]
        assert "description" not in agency and "phones" not in agency
        for office, whole in zip(agency["locations"], full["locations"], strict=True):
            assert office["id"] == whole["id"]
            for lang in ("ru", "en"):
                assert office_address(office, lang) == office_address(whole, lang)
            assert office["hours"] == whole["hours"]
            assert office["district_id"] == whole["district_id"]
            assert is_step_free(office) == is_step_free(whole)
            assert "phones" not in office and "transit" not in office


@pytest.mark.parametrize(
    "features, step_free",
    [
        ([], False),
        (["step_free_entrance"], True),
        (["ramp", "elevator"], True),
        (["elevator"], False),
        (["wheelchair_available"], False),
    ],
)
def test_only_a_confirmed_way_in_without_steps_counts(features, step_free):
    assert is_step_free({"accessibility": features}) is step_free


@pytest.mark.parametrize("limit, listed, more", [(2, 2, 3), (3, 3, 2), (5, 5, 0), (9, 5, 0)])
def test_long_results_are_cut_and_the_rest_counted(agencies, limit, listed, more):
    matches = match(agencies, Filters(), MONDAY_10, limit=limit)
    assert (matches.offices, matches.more) == (listed, more)
    assert found(matches) == found(match(agencies, Filters(), MONDAY_10))[:listed]


def test_a_service_filter_needs_its_offices():
    with pytest.raises(ValueError):
        match([], Filters(service="x"), MONDAY_10)


def test_filters_say_whether_they_narrow_anything():
    assert not Filters().active
    assert Filters(open_now=True).active and Filters(district="perm").active


def test_district_chips_only_for_districts_with_offices(pack, agencies):
    assert [d["id"] for d in districts_with_offices(pack, agencies)] == [
        "perm",
        "kudymkar",
        "lysva",
    ]


def test_an_agency_lists_the_services_it_provides(pack):
    names = [s["name"].ru for s in agency_services(pack, "mfc")]
    assert names == ["Документы в МФЦ", "Чтение вслух"]
    assert [s["id"] for s in agency_services(pack, "mfc", limit=1)] == ["mfc-docs"]
    assert agency_service_count(pack, "mfc") == 2
    assert agency_services(pack, "nobody") == []
