"""The real app, offscreen, driven by touches: home -> category -> service, Back and Home.

Kivy allows one window per process, so one app serves all UI tests (tests/ui/conftest.py);
each test starts as a new visitor on the home screen.
"""

from __future__ import annotations

import pytest

DEMO_BADGE = "Демонстрационные материалы"


@pytest.fixture(scope="module")
def pack(demo_pack):
    from content.pack.reader import open_pack

    with open_pack(demo_pack) as pack:
        yield pack


def tiles(kiosk):
    from kiosk.app.headless import buttons

    return buttons(kiosk.screen, "CategoryTile")


def service_buttons(kiosk):
    from kiosk.app.headless import buttons

    return buttons(kiosk.screen, "ServiceButton")


def nav(kiosk, name):
    return kiosk.app.root.ids.nav.ids[name]


def shown_text(kiosk) -> str:
    from kiosk.app.headless import texts

    return "\n".join(texts(kiosk.screen))


def _walk(widget):
    from kiosk.app.headless import walk

    return walk(widget)


def test_home_lists_every_category_of_the_pack_as_a_tile(kiosk, pack):
    assert kiosk.screen.name == "home"
    assert [t.title for t in tiles(kiosk)] == [c["title"].ru for c in pack.categories()]
    assert "Пенсионерам и пожилым людям" in shown_text(kiosk)


def test_home_shows_pack_title_date_and_demo_badge(kiosk, pack):
    from kiosk.app.headless import texts

    assert "Социальная поддержка в Пермском крае" in shown_text(kiosk)
    top = kiosk.app.root.ids.top
    assert any(t.startswith("Информация на ") for t in texts(top))
    badge = next(w for w in _walk(top) if getattr(w, "text", None) == DEMO_BADGE)
    assert badge.opacity == 1 and badge.width > 100 and badge.height >= 28


def test_touching_the_first_category_lists_its_services(kiosk, pack):
    first = pack.categories()[0]
    kiosk.tap(tiles(kiosk)[0])
    assert kiosk.screen.name == "category"
    assert kiosk.screen.title == first["title"].ru
    names = [b.title for b in service_buttons(kiosk)]
    assert names == [s["name"].ru for s in pack.services_in_category(first["id"])]
    assert "Единовременное пособие при рождении ребёнка" in names


def test_touching_a_service_shows_its_name_summary_and_where_to_go(kiosk, pack):
    kiosk.tap(tiles(kiosk)[0])
    button = service_buttons(kiosk)[0]
    kiosk.tap(button)
    service = pack.service(button.key)
    assert kiosk.screen.name == "service"
    text = shown_text(kiosk)
    assert service["name"].ru in text
    assert service["summary"].ru in text
    assert "Кто может получить" in text and "Куда обращаться" in text
    assert service["agencies"][0]["name"].ru in text


def test_back_returns_to_the_category_and_home_returns_home(kiosk, pack):
    kiosk.tap(tiles(kiosk)[1])
    category_title = kiosk.screen.title
    kiosk.tap(service_buttons(kiosk)[0])
    kiosk.tap(nav(kiosk, "back"))
    assert kiosk.screen.name == "category"
    assert kiosk.screen.title == category_title == "Пенсионерам и пожилым людям"
    kiosk.tap(service_buttons(kiosk)[0])
    kiosk.tap(nav(kiosk, "home"))
    assert kiosk.screen.name == "home"


def test_back_and_home_are_in_the_same_place_on_every_screen(kiosk):
    def places():
        return [tuple(nav(kiosk, n).to_window(*nav(kiosk, n).pos)) for n in ("back", "home")]

    on_home = places()
    kiosk.tap(tiles(kiosk)[0])
    on_category = places()
    kiosk.tap(service_buttons(kiosk)[0])
    assert on_home == on_category == places()


def test_escape_goes_back_and_does_not_close_the_app(kiosk):
    kiosk.tap(tiles(kiosk)[0])
    kiosk.tap(service_buttons(kiosk)[0])
    kiosk.press_key(27)
    assert kiosk.screen.name == "category"
    kiosk.press_key(27)
    kiosk.press_key(27)
    assert kiosk.screen.name == "home"
    assert kiosk.app.root.get_root_window() is not None


@pytest.mark.parametrize(
    "path", [(), (0,), (0, 0), (2, 0)], ids=["home", "category", "service", "long-service"]
)
def test_text_fits_its_box_and_targets_are_large(kiosk, path):
    from kivy.metrics import dp, sp
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    if path:
        kiosk.tap(tiles(kiosk)[path[0]])
    if len(path) > 1:
        kiosk.tap(service_buttons(kiosk)[path[1]])
    kiosk.frames(5)
    for widget in _walk(kiosk.screen):
        if isinstance(widget, Label) and widget.text and widget.opacity:
            tw, th = widget.texture_size
            assert tw <= widget.width + 1 and th <= widget.height + 1, widget.text[:60]
            assert widget.font_size >= sp(20), widget.text[:60]
        if isinstance(widget, ButtonBehavior):
            assert widget.height >= dp(48) and widget.width >= dp(48)
