"""A label's pixels are kept once (in its texture), and its text is still drawn and redrawn."""

from __future__ import annotations

from kivy.uix.label import Label

from kiosk.app.headless import buttons, walk
from kiosk.app.label_pixels import SURFACE

SERVICE = "child-birth-grant"


def drawn_labels(widget) -> list[Label]:
    return [w for w in walk(widget) if isinstance(w, Label) and w.text.strip() and w._label]


def on_screen(kiosk, label, tmp_path) -> list[bytes]:
    """The pixels of the window inside `label`."""
    from PIL import Image

    shot = kiosk.screenshot(tmp_path / "screen.png")
    x, y = label.to_window(*label.pos)
    with Image.open(shot) as image:
        top = image.height - int(y + label.height)
        box = (int(x), top, int(x + label.width), top + int(label.height))
        data = image.convert("RGB").crop(box).tobytes()
    return [data[i : i + 3] for i in range(0, len(data), 3)]


def ink(pixels: list[bytes]) -> int:
    """Pixels that differ from the colour of the top-left corner: the text drawn."""
    return sum(1 for pixel in pixels if pixel != pixels[0])


def test_labels_on_a_page_keep_no_second_copy_of_their_pixels(kiosk):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    service = next(b for b in buttons(kiosk.screen, "ServiceButton") if b.key == SERVICE)
    kiosk.tap(service)
    labels = drawn_labels(kiosk.screen)
    assert len(labels) > 10
    kept = [label.text[:40] for label in labels if SURFACE in vars(label._label)]
    assert kept == []
    assert all(label.texture is not None and label.texture.width > 1 for label in labels)


def test_a_label_is_drawn_and_drawn_again_when_its_text_changes(kiosk, tmp_path):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    title = next(w for w in walk(kiosk.screen) if type(w).__name__ == "Title")
    before = on_screen(kiosk, title, tmp_path)
    assert ink(before) > 100  # the text is on the screen

    title.text = "Проверка: другой заголовок"
    kiosk.frames(3)
    after = on_screen(kiosk, title, tmp_path)
    assert SURFACE not in vars(title._label)
    assert ink(after) > 100
    assert after != before  # drawn again with the new text, not left as it was


def test_body_text_is_as_wide_as_its_text_and_drawn_from_the_left(kiosk, tmp_path):
    lead = next(w for w in walk(kiosk.screen) if type(w).__name__ == "Lead")
    assert lead.halign == "left" and lead.text_size[0] == lead.width
    assert 1 < lead.texture.width < lead.width / 2  # a short line, a narrow texture

    pixels = on_screen(kiosk, lead, tmp_path)
    x, _y = lead.to_window(*lead.pos)
    width = int(x + lead.width) - int(x)  # the crop's width, as on_screen cut it
    rows = [pixels[i : i + width] for i in range(0, len(pixels), width)]
    drawn = [x for row in rows for x, pixel in enumerate(row) if pixel != pixels[0]]
    assert drawn and min(drawn) < 40  # the text starts at the left edge ...
    assert max(drawn) <= lead.texture.width  # ... and ends where its texture does


def body(text: str, **options):
    from kivy.factory import Factory

    label = Factory.Body(text=text, size_hint=(None, None), width=600)
    for name, value in options.items():  # after the kv rules, which bind to the theme
        setattr(label, name, value)
    label.texture_update()
    return label


def test_text_in_one_colour_is_kept_as_ink_only_two_bytes_a_pixel(kiosk):
    from kiosk.app.label_pixels import ONE_COLOUR

    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    one_colour = [
        w for w in drawn_labels(kiosk.screen) if type(w).__name__ in ("Body", "Lead", "Title")
    ]
    assert len(one_colour) > 5
    assert {w.texture.colorfmt for w in one_colour} == {ONE_COLOUR}
    # Markup of several colours keeps its colours: four bytes a pixel, as Kivy makes it.
    coloured = body("[color=#1b5e20]открыто сейчас[/color], часы: 9:00–18:00")
    assert coloured.texture.colorfmt == "rgba"
    coloured.text = "часы: 9:00–18:00"  # the same label, one colour again
    coloured.texture_update()
    assert coloured.texture.colorfmt == ONE_COLOUR


def test_ink_is_drawn_in_the_labels_colour(kiosk, tmp_path):
    red = (1, 0, 0, 1)
    label = body("[b]ЖЖЖ[/b]", font_size=90, color=red)
    label.pos = (40, 300)
    kiosk.window.add_widget(label)
    try:
        kiosk.frames(3)
        pixels = on_screen(kiosk, label, tmp_path)
    finally:
        kiosk.window.remove_widget(label)
    # The strokes, solid red: untinted, the ink would be white.
    assert pixels.count(bytes((255, 0, 0))) > 500


def test_a_page_left_returns_its_rows_pixels_without_waiting_for_the_collector(kiosk, monkeypatch):
    import gc
    import weakref

    monkeypatch.setattr(kiosk.app.collector, "check", lambda: False)  # no pass in between
    category = buttons(kiosk.screen, "CategoryTile")[0]
    kiosk.tap(category)
    rows = kiosk.screen.ids.services.children
    textures = [weakref.ref(label.texture) for row in rows for label in drawn_labels(row)]
    assert len(textures) >= 2 * len(rows) > 0  # a title and a line a row
    was_enabled = gc.isenabled()
    gc.disable()  # as the app's collector keeps it between its passes
    try:
        kiosk.app.controllers.navigator.home()
        kiosk.frames(2)
        assert [ref for ref in textures if ref() is not None] == []
    finally:
        if was_enabled:
            gc.enable()


def test_rows_drawn_again_in_place_get_their_pixels_back(kiosk, tmp_path):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.app.controllers.visit.set_language("en")  # the same list, filled again
    try:
        kiosk.settle()
        rows = kiosk.screen.ids.services.children
        labels = [label for row in rows for label in drawn_labels(row)]
        assert labels and all(label.texture is not None for label in labels)
        assert ink(on_screen(kiosk, labels[-1], tmp_path)) > 50
    finally:
        kiosk.app.controllers.visit.set_language("ru")
