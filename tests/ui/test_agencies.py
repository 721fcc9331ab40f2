"""Agencies by touch: from Home to the list, its filters, an agency's page and its services.

Every office of the demo pack has an address, hours, phones and accessibility (issue 18);
most of them are illustrative and marked "уточняйте". The Social Fund's centre in Kudymkar
(Mon-Fri 09:00-16:00) has checked hours; the employment centre in Chusovoy has steps at the
door. Offices whose hours are unknown are the unit tests' (tests/unit/test_agency_filter.py).
"""

from __future__ import annotations

from datetime import datetime

import pytest

MONDAY_10 = datetime(2026, 11, 30, 10, 0)
SUNDAY_12 = datetime(2026, 11, 29, 12, 0)
THREE_DISTRICTS = ("perm", "berezniki", "kudymkar")
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
    assert screen.status.startswith(f"Найдено {len(pack.agencies())} учреждени")
    for row in rows(kiosk):
        assert row.target == "agency"
        assert set(row.offices) == {loc["id"] for loc in pack.agency(row.key)["locations"]}


def test_illustrative_facts_in_the_list_say_to_be_confirmed(kiosk, at):
    at(MONDAY_10)
    open_agencies(kiosk)
    choose_district(kiosk, "perm")
    sfr = next(r for r in rows(kiosk) if r.key == "sfr-perm")
    assert "ул. Ленина, д. 48, Пермь [i](уточняйте)[/i] — " in sfr.summary_markup
    assert "пн–чт 08:30–17:30" in sfr.summary_markup and "открыто сейчас" in sfr.summary_markup
    choose_district(kiosk, "kudymkar")
    sfr = next(r for r in rows(kiosk) if r.key == "sfr-perm")
    assert "ул. Калинина, д. 20, Кудымкар — " in sfr.summary_markup
    assert "уточняйте" not in sfr.summary_markup  # its address and hours are checked


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


def expected(pack, district: str, moment: datetime, *, open_now=False, step_free=False):
    """Agency id -> its offices in `district` that pass the filters, worked out from the pack."""
    from kiosk.core.agency_filter import is_step_free, open_status

    found = {}
    for agency in pack.agencies():
        for loc in pack.agency(agency["id"])["locations"]:
            if loc["district_id"] != district:
                continue
            if open_now and open_status(loc, moment) is not True:
                continue
            if step_free and not is_step_free(loc):
                continue
            found.setdefault(agency["id"], []).append(loc["id"])
    return found


@pytest.mark.parametrize("district", THREE_DISTRICTS)
def test_open_now_on_a_weekday_morning_answers_in_three_districts(kiosk, pack, at, district):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    choose_district(kiosk, district)
    kiosk.tap(screen.ids.open_now)
    want = expected(pack, district, MONDAY_10, open_now=True)
    assert shown(kiosk) == want and want
    assert sum(map(len, want.values())) >= 2


def test_open_now_on_sunday_keeps_only_what_opens_on_sunday(kiosk, pack, at):
    at(SUNDAY_12)
    screen = open_agencies(kiosk)
    choose_district(kiosk, "perm")
    kiosk.tap(screen.ids.open_now)
    want = expected(pack, "perm", SUNDAY_12, open_now=True)
    weekday = expected(pack, "perm", MONDAY_10, open_now=True)
    assert shown(kiosk) == want and want
    assert sum(map(len, want.values())) < sum(map(len, weekday.values()))
    assert "library-gorky" in want and "sfr-perm" not in want


@pytest.mark.parametrize("district", THREE_DISTRICTS)
def test_step_free_answers_in_three_districts(kiosk, pack, at, district):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    choose_district(kiosk, district)
    before = sum(map(len, shown(kiosk).values()))
    kiosk.tap(screen.ids.step_free)
    want = expected(pack, district, MONDAY_10, step_free=True)
    assert shown(kiosk) == want and want
    assert sum(map(len, want.values())) < before  # some offices there have steps
    kiosk.tap(screen.ids.step_free)
    assert sum(map(len, shown(kiosk).values())) == before


def test_step_free_where_no_office_confirms_it_says_so(kiosk, at):
    at(MONDAY_10)
    screen = open_agencies(kiosk)
    choose_district(kiosk, "chusovoy")
    kiosk.tap(screen.ids.step_free)
    assert shown(kiosk) == {}
    assert screen.status == "Нет учреждений, где это подтверждено. Уточните по телефону."
    assert screen.status in "\n".join(t for t in _texts(kiosk.screen))  # in the header


def test_a_non_profit_is_named_as_one_in_the_list_and_on_its_page(kiosk, pack, at):
    at(MONDAY_10)
    open_agencies(kiosk)
    ngos = [a["id"] for a in pack.agencies() if a["type"] == "ngo"]
    assert len(ngos) >= 8
    listed = {r.key: r for r in rows(kiosk)}
    for agency_id in ngos:
        assert "Некоммерческая организация" in listed[agency_id].summary_markup
    assert "Некоммерческая организация" not in listed["sfr-perm"].summary_markup
    tap_in_view(kiosk, listed["vog-perm"])
    assert kiosk.screen.name == "agency"
    assert kiosk.screen.subtitle == "Общество глухих (ВОГ) · Некоммерческая организация"
    text = "\n".join(_texts(kiosk.screen))
    assert "[i](уточняйте)[/i]" in text and "Сведения проверены: 4 декабря 2026 г." in text


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
    assert "Адрес:[/b] ул. Ленина, д. 48, Пермь [i](уточняйте)[/i]" in text
    assert "Адрес:[/b] ул. Калинина, д. 20, Кудымкар\n" in text  # checked: no mark
    assert "Доступность:[/b] вход без ступенек" in text
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
