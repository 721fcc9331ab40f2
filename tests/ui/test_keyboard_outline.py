"""The on-screen keyboard's keys show where they are: the colours its canvas really draws,
each key's outline against the keyboard under it, 3:1 or more in both themes (WCAG 2.2,
1.4.11 Non-text Contrast). The keys are white on a light bar: the outline is what marks them.
"""

from __future__ import annotations

import pytest
from kivy.graphics import Color, Line, Rectangle


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])


def _colour_before(canvas, kind) -> tuple:
    """The colour the first instruction of `kind` on `canvas` is drawn in."""
    colour = None
    for instruction in canvas.children:
        if isinstance(instruction, Color):
            colour = tuple(instruction.rgba)
        elif isinstance(instruction, kind):
            return colour
    raise AssertionError(f"nothing of {kind.__name__} is drawn")


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_every_keys_outline_stands_out_3_to_1_from_the_keyboard(kiosk, high_contrast):
    from kiosk.app.headless import buttons
    from kiosk.app.theme import T
    from kiosk.core.palettes import contrast_ratio

    T.high_contrast = high_contrast
    try:
        kiosk.tap(kiosk.screen.ids.search)
        kiosk.frames(3)
        board = kiosk.screen.ids.keyboard
        under = _hex(_colour_before(board.canvas.before, Rectangle))
        keys = buttons(board, "KeyButton")
        assert len(keys) > 30
        for key in keys:
            outline = _hex(_colour_before(key.canvas.before, Line))
            ratio = contrast_ratio(outline, under)
            assert ratio >= 3.0, f"key {key.text!r}: {outline} on {under} is {ratio:.2f}:1"
    finally:
        T.high_contrast = False
