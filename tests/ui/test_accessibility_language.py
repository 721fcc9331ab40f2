"""Language switch in place; large text and high contrast at once on the screen on show."""

from __future__ import annotations

import pytest

from kiosk.app.headless import buttons, texts, walk


@pytest.fixture
def theme():
    from kiosk.app.theme import T

    yield T
    T.reset()


def top(kiosk, name):
    return kiosk.app.root.ids.top.ids[name]


def nav(kiosk, name):
    return kiosk.app.root.ids.nav.ids[name]


def all_text(kiosk):
    return "\n".join(texts(kiosk.app.root))


def test_english_redraws_the_service_page_in_place_and_russian_brings_it_back(kiosk):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.tap(buttons(kiosk.screen, "ServiceButton")[0])
    service = kiosk.app.controllers.packs.pack.service(kiosk.screen.key)
    kiosk.screen.ids.page.scroll_y = 0.5
    kiosk.frames()
    kiosk.tap(top(kiosk, "lang_en"))
    assert kiosk.screen.name == "service" and kiosk.screen.key == service["id"]
    assert kiosk.screen.ids.page.scroll_y == pytest.approx(0.5)
    shown = all_text(kiosk)
    assert service["name"].en in shown and "Who can get it" in shown
    assert "Back" in nav(kiosk, "back").text and "Home" == nav(kiosk, "home").text
    assert "Information as of" in top(kiosk, "date").text
    assert "Кто может получить" not in shown and "Назад" not in shown
    kiosk.tap(top(kiosk, "lang_ru"))
    assert service["name"].ru in all_text(kiosk) and "Назад" in nav(kiosk, "back").text


def test_back_still_works_after_a_language_switch(kiosk):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[1])
    kiosk.tap(top(kiosk, "lang_en"))
    kiosk.tap(nav(kiosk, "back"))
    assert kiosk.screen.name == "home"
    assert kiosk.app.controllers.packs.pack.categories()[1]["title"].en in all_text(kiosk)


def test_large_text_doubles_the_page_and_grows_the_bars_on_the_screen_on_show(kiosk, theme):
    from kiosk.core.sizes import LARGE_BAR_SCALE, LARGE_TEXT_SCALE

    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.tap(buttons(kiosk.screen, "ServiceButton")[0])
    lead = kiosk.screen.ids.sections.children[-1]
    back = nav(kiosk, "back")
    before, bar_before, back_height = lead.font_size, back.font_size, back.height
    kiosk.tap(top(kiosk, "large_text"))
    assert theme.large_text
    assert lead.font_size == pytest.approx(before * LARGE_TEXT_SCALE, rel=0.01)
    assert back.font_size == pytest.approx(bar_before * LARGE_BAR_SCALE, rel=0.01)
    assert back.height > back_height  # the bar's buttons grow with their words


def test_high_contrast_recolours_the_screen_on_show(kiosk, theme, tmp_path):
    from kiosk.core.palettes import HIGH_CONTRAST, rgba

    kiosk.tap(top(kiosk, "contrast"))
    assert theme.high_contrast
    title = next(w for w in walk(kiosk.screen) if type(w).__name__ == "Title")
    assert tuple(title.color) == rgba(HIGH_CONTRAST["text"])
    tile = buttons(kiosk.screen, "CategoryTile")[0]
    kiosk.frames()
    assert _pixel(kiosk, tile, tmp_path) == pytest.approx(
        rgba(HIGH_CONTRAST["primary"])[:3], abs=0.02
    )


@pytest.mark.parametrize("mode", ["normal", "large_text", "high_contrast", "both"])
@pytest.mark.parametrize("where", ["home", "category", "service"])
def test_text_fits_and_targets_stay_large_in_every_mode(kiosk, theme, mode, where):
    from kivy.metrics import dp
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    from kiosk.app.widgets import enclosing

    theme.large_text = mode in ("large_text", "both")
    theme.high_contrast = mode in ("high_contrast", "both")
    if where != "home":
        kiosk.tap(buttons(kiosk.screen, "CategoryTile")[2])
    if where == "service":
        kiosk.tap(buttons(kiosk.screen, "ServiceButton")[0])
    kiosk.frames(5)
    for widget in walk(kiosk.app.root):
        if isinstance(widget, Label) and widget.text and widget.opacity and widget.width:
            tw, th = widget.texture_size
            assert tw <= widget.width + 1 and th <= widget.height + 1, widget.text[:60]
            button = enclosing(widget, ButtonBehavior)
            if button is not None:
                # A tile whose background is shorter than its text: the label sticks out.
                assert button.collide_widget(widget), widget.text[:60]
                assert button.y - 1 <= widget.y and widget.top <= button.top + 1, widget.text[:60]
        if isinstance(widget, ButtonBehavior) and widget.opacity and widget.width:
            assert widget.height >= dp(48) and widget.width >= dp(48), widget


def _pixel(kiosk, widget, tmp_path):
    """The colour drawn near the top left inside `widget`, read from a screenshot (its top:
    the first row of tiles may run on under the bottom bar)."""
    from PIL import Image

    x, y = widget.to_window(widget.x + 6, widget.top - 6)
    shot = kiosk.screenshot(tmp_path / "pixel.png")
    with Image.open(shot) as image:
        r, g, b = image.convert("RGB").getpixel((int(x), image.height - 1 - int(y)))
    return (r / 255, g / 255, b / 255)
