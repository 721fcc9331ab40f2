"""Agencies by touch: from Home to the list, its filters, an agency's page and its services.

The demo pack is thin on purpose: most offices only name their town, one (the Social Fund's
centre in Kudymkar, Mon-Fri 09:00-16:00) has hours, and none confirms step-free access.
"""

from __future__ import annotations

from datetime import datetime

import pytest

MONDAY_10 = datetime(2026, 11, 30, 10, 0)
SUNDAY_12 = datetime(2026, 11, 29, 12, 0)
KUDYMKAR_CENTRE = "sfr-perm-kudymkar-center"


@pytest.fixture(scope="module")
def pack(demo_pack):
    from content.pack.reader import open_pack

    with open_pack(demo_pack) as pack:
        yield pack


@pytest.fixture
def at(kiosk, monkeypatch):
    """Set the kiosk's wall clock: `at(MONDAY_10)`."""

    def set_time(moment: datetime) -> None:
        monkeypatch.setattr(kiosk.app.controllers, "now", lambda: moment)

    return set_time


def rows(kiosk):
    from kiosk.app.headless import buttons

    return buttons(kiosk.screen, "AgencyRow")


def shown(kiosk) -> dict[str, list[str]]:
    """Agency id -> the ids of its offices listed, as on screen."""
    return {row.key: list(row.offices) for row in rows(kiosk)}


def open_agencies(kiosk):
    kiosk.tap(kiosk.screen.ids.agencies)
    assert kiosk.screen.name == "agencies"
    return kiosk.screen


def choose_district(kiosk, value: str) -> None:
    """Open the district chooser and touch `value` ('' for every district)."""
    from kiosk.app.headless import buttons

    screen = kiosk.screen
    kiosk.tap(screen.ids.choose_district)
    assert screen.choosing == "district"
    choice = next(c for c in buttons(screen, "DistrictChoice") if c.key == value)
    tap_in_view(kiosk, choice)
    assert screen.choosing == ""


def tap_in_view(kiosk, widget):
    """Scroll the page until `widget` is in sight, then touch it."""
    kiosk.screen.ids.page.scroll_to(widget, animate=False)
    kiosk.frames(3)
    kiosk.tap(widget)


def test_the_list_shows_every_agency_of_the_pack(kiosk, pack, at):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    assert set(shown(kiosk)) == {a["id"] for a in pack.agencies()}
    assert screen.status == f"Найдено {len(pack.agencies())} учреждений"
    for row in rows(kiosk):
        assert row.target == "agency"
        assert set(row.offices) == {loc["id"] for loc in pack.agency(row.key)["locations"]}


def test_offices_without_hours_say_so_and_never_closed(kiosk, at):
    at(MONDAY_10)
    open_agencies(kiosk)
    sfr = next(r for r in rows(kiosk) if r.key == "sfr-perm")
    assert "Пермь — часы работы не указаны" in sfr.summary_markup
    assert "открыто сейчас" in sfr.summary_markup and "закрыто" not in sfr.summary_markup


def test_a_district_chosen_narrows_the_list_to_that_districts_offices(kiosk, pack, at):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    choose_district(kiosk, "kudymkar")
    expected = {}
    for agency in pack.agencies():
        offices = [
            loc["id"]
            for loc in pack.agency(agency["id"])["locations"]
            if loc["district_id"] == "kudymkar"
        ]
        if offices:
            expected[agency["id"]] = offices
    assert shown(kiosk) == expected
    assert KUDYMKAR_CENTRE in expected["sfr-perm"]
    assert "«Кудымкар»" in _texts(screen)
    kiosk.tap(screen.ids.clear_district)  # "All districts"
    assert screen.district == "" and len(shown(kiosk)) == len(pack.agencies())
    assert screen.ids.clear_district.parent is None  # nothing to clear now
    choose_district(kiosk, "kudymkar")
    choose_district(kiosk, "")  # "All districts" in the chooser does the same
    assert len(shown(kiosk)) == len(pack.agencies())


def test_the_district_chooser_lists_each_district_with_offices_and_how_many(kiosk, pack):
    from kiosk.app.headless import buttons

    screen = open_agencies(kiosk)
    kiosk.tap(screen.ids.choose_district)
    choices = buttons(screen, "DistrictChoice")
    offices = [loc for a in pack.agencies() for loc in pack.agency(a["id"])["locations"]]
    used = {loc["district_id"] for loc in offices}
    expected = [d["id"] for d in pack.districts() if d["id"] in used]
    assert [c.key for c in choices] == ["", *expected]
    kudymkar = next(c for c in choices if c.key == "kudymkar")
    n = sum(1 for loc in offices if loc["district_id"] == "kudymkar")
    assert kudymkar.summary.split()[0] == str(n)
    assert choices[0].summary.split()[0] == str(len(offices))
    assert not rows(kiosk)  # the chooser takes the list's place
    kiosk.tap(buttons(screen, "DistrictChooserCancel")[0])
    assert screen.choosing == "" and screen.district == "" and rows(kiosk)


def test_open_now_on_a_weekday_morning_keeps_the_office_with_hours(kiosk, at):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    kiosk.tap(screen.ids.open_now)
    assert shown(kiosk) == {"sfr-perm": [KUDYMKAR_CENTRE]}
    assert "Найдено 1 учреждение" in screen.status
    assert "часы остальных уточните по телефону" in screen.status.lower()


def test_open_now_on_sunday_finds_none_and_says_so_kindly(kiosk, at):
    at(SUNDAY_12)
    screen = open_agencies(kiosk)
    kiosk.tap(screen.ids.open_now)
    assert shown(kiosk) == {}
    assert "уточните по телефону" in screen.status
    assert screen.status in "\n".join(t for t in _texts(kiosk.screen))  # in the header


def test_step_free_in_the_demo_confirms_nothing_and_says_so(kiosk, at):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    kiosk.tap(screen.ids.step_free)
    assert shown(kiosk) == {}
    assert screen.status == "Нет учреждений, где это подтверждено. Уточните по телефону."
    kiosk.tap(screen.ids.step_free)
    assert shown(kiosk)


def test_the_service_filter_narrows_to_the_agencies_that_provide_it(kiosk, pack, at):
    from kiosk.app.headless import buttons

    at(MONDAY_10)
    screen = open_agencies(kiosk)
    kiosk.tap(screen.ids.choose_service)
    choices = buttons(kiosk.screen, "ServiceChoice")
    choice = next(c for c in choices if c.key == "library-for-the-blind")
    tap_in_view(kiosk, choice)
    assert screen.service_id == "library-for-the-blind" and not screen.choosing
    service = pack.service("library-for-the-blind")
    expected = {}
    for loc in service["locations"]:
        expected.setdefault(loc["agency_id"], []).append(loc["id"])
    assert shown(kiosk) == expected
    assert set(expected) == {a["id"] for a in service["agencies"]}
    kiosk.screen.ids.page.scroll_y = 1
    kiosk.frames(3)
    kiosk.tap(screen.ids.clear_service)
    assert screen.service_id == "" and len(shown(kiosk)) == len(pack.agencies())


def test_opened_with_a_service_the_list_starts_narrowed(kiosk, pack, at):
    at(MONDAY_10)
    kiosk.app.controllers.navigator.open("agencies", "unemployment-benefit")
    kiosk.frames(3)
    agencies = {a["id"] for a in pack.service("unemployment-benefit")["agencies"]}
    assert set(shown(kiosk)) == agencies
    assert kiosk.screen.service_name == pack.service("unemployment-benefit")["name"].ru


def test_a_visitors_filters_are_gone_after_a_reset(kiosk, at):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    choose_district(kiosk, "perm")
    kiosk.tap(screen.ids.open_now)
    kiosk.app.controllers.visit.reset()
    kiosk.frames()
    kiosk.start_session()
    open_agencies(kiosk)
    assert screen.filters() == type(screen.filters())()
    assert screen.district_name == "" and "«Пермь»" not in _texts(screen)
    assert screen.ids.clear_district.parent is None and screen.ids.open_now.state == "normal"


def test_an_agency_page_shows_its_offices_and_services_and_opens_a_service(kiosk, pack, at):
    from kiosk.app.headless import buttons

    at(MONDAY_10)
    open_agencies(kiosk)
    row = next(r for r in rows(kiosk) if r.key == "sfr-perm")
    tap_in_view(kiosk, row)
    assert kiosk.screen.name == "agency"
    text = "\n".join(_texts(kiosk.screen))
    agency = pack.agency("sfr-perm")
    assert agency["name"].ru in text
    for location in agency["locations"]:
        assert location["name"].ru in text
    assert "ул. Калинина, д. 20, Кудымкар" in text
    assert "пн–пт 09:00–16:00" in text and "открыто сейчас" in text
    assert "Часы работы:[/b] не указаны" in text
    assert "Доступность:[/b] не подтверждена" in text
    assert "8 800 100-00-01" in text
    assert kiosk.screen.qr_data == "https://sfr.gov.ru/branches/perm/"
    services = buttons(kiosk.screen, "ServiceButton")
    assert "maternity-capital" in {s.key for s in services}
    target = services[0]
    tap_in_view(kiosk, target)
    assert kiosk.screen.name == "service" and kiosk.screen.key == target.key


def test_an_agency_goes_on_my_list(kiosk, at):
    at(MONDAY_10)
    kiosk.app.controllers.navigator.open("agency", "mfc-perm")
    kiosk.frames(3)
    kiosk.tap(kiosk.screen.ids.add_to_list)
    assert ("agency", "mfc-perm") in kiosk.app.controllers.visit.data.my_list
    assert kiosk.app.my_list_count == 1 and kiosk.screen.in_list


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_agency_screens_fit_their_text_and_targets_are_large(kiosk, at, lang):
    at(MONDAY_10)
    kiosk.app.controllers.visit.set_language(lang)
    try:
        open_agencies(kiosk)
        _check_fit(kiosk)
        kiosk.tap(kiosk.screen.ids.choose_service)
        _check_fit(kiosk)
        kiosk.tap(kiosk.screen.ids.choose_district)
        _check_fit(kiosk)
        kiosk.app.controllers.navigator.open("agency", "sfr-perm")
        kiosk.frames(5)
        _check_fit(kiosk)
    finally:
        kiosk.app.controllers.visit.set_language("ru")


def _check_fit(kiosk):
    from kivy.metrics import dp, sp
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    from kiosk.app.headless import walk

    kiosk.frames(5)
    for widget in walk(kiosk.screen):
        # ListButton's '›' is drawn at 56sp into a smaller box; lead's to settle (theme.kv).
        if isinstance(widget, Label) and widget.text not in ("", "›") and widget.opacity:
            tw, th = widget.texture_size
            assert tw <= widget.width + 1 and th <= widget.height + 1, widget.text[:60]
            assert widget.font_size >= sp(20), widget.text[:60]
        if isinstance(widget, ButtonBehavior):
            assert widget.height >= dp(48) and widget.width >= dp(48), widget


def _texts(widget):
    from kiosk.app.headless import texts

    return texts(widget)


def test_the_district_chosen_is_kept_between_visits_and_named_in_another_language(kiosk):
    screen = open_agencies(kiosk)
    choose_district(kiosk, "kudymkar")
    kiosk.tap(kiosk.app.root.ids.nav.ids["back"])
    screen = open_agencies(kiosk)
    assert screen.district == "kudymkar" and "«Кудымкар»" in _texts(screen)

    kiosk.app.controllers.visit.set_language("en")
    kiosk.frames()
    try:
        assert "«Kudymkar»" in _texts(screen)
        assert screen.ids.choose_district.text == "Another district"
        assert screen.ids.clear_district.text == "All districts"
    finally:
        kiosk.app.controllers.visit.set_language("ru")


@pytest.mark.parametrize("large_text", [False, True])
def test_the_filters_leave_the_first_results_in_sight(kiosk, large_text):
    """However many districts the pack has, and in large text too, the list the visitor
    came for starts on the first screen, under the filters."""
    from kiosk.app.theme import T

    kiosk.tap(kiosk.app.root.ids.top.ids["large_text"]) if large_text else None
    try:
        screen = open_agencies(kiosk)
        page, first = screen.ids.page, rows(kiosk)[0]
        bottom = page.to_window(page.x, page.y)[1]
        top = page.to_window(page.x, page.top)[1]
        assert bottom < first.to_window(first.x, first.top)[1] < top
    finally:
        T.reset()
