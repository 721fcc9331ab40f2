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
    width = int(lead.width)
    rows = [pixels[i : i + width] for i in range(0, len(pixels), width)]
    drawn = [x for row in rows for x, pixel in enumerate(row) if pixel != pixels[0]]
    assert drawn and min(drawn) < 40  # the text starts at the left edge ...
    assert max(drawn) <= lead.texture.width  # ... and ends where its texture does
