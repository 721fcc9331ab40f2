"""What every frame costs the software renderer: colours cleared only, no multisampling."""

from __future__ import annotations


def test_the_app_clears_only_the_colour_buffer(kiosk, monkeypatch):
    from kivy.graphics import opengl as gl

    cleared = []
    monkeypatch.setattr(gl, "glClear", cleared.append)
    kiosk.window.clear()
    assert cleared == [gl.GL_COLOR_BUFFER_BIT]


def test_the_background_is_still_the_themes_colour(kiosk, tmp_path):
    from PIL import Image

    from kiosk.app.live_theme import T

    kiosk.app.controllers.navigator.open("events")
    kiosk.settle()
    image = Image.open(kiosk.screenshot(tmp_path / "events.png")).convert("RGB")
    # Between the page's left edge and its cards: nothing but the cleared background.
    x, y = 8, image.height // 2
    expected = tuple(round(c * 255) for c in T.background[:3])
    assert all(abs(a - b) <= 1 for a, b in zip(image.getpixel((x, y)), expected, strict=True))


def test_the_window_is_drawn_without_multisampling(kiosk):
    # Kivy's default (2) would have Mesa's software renderer draw every pixel four times.
    from kivy.graphics import opengl as gl

    assert gl.glGetIntegerv(gl.GL_SAMPLE_BUFFERS) == [0]
    assert gl.glGetIntegerv(gl.GL_SAMPLES) == [0]
