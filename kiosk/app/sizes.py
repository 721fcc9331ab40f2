"""The screen's physical size into Kivy: its density, so that dp and `mm()` are true.

`fit_to_screen()` runs once, when the window exists and before any .kv file is loaded: the
.kv files' `#:set` sizes are worked out when they load, from the density of that moment.
The figures themselves are in kiosk/core/sizes.py.
"""

from __future__ import annotations

import logging

from kivy.metrics import Metrics, dp

from kiosk.core import sizes

log = logging.getLogger("kiosk.app")


def fit_to_screen(screen: sizes.Screen, width_px: int, height_px: int) -> float:
    """Set Kivy's density (and dpi) for `screen` showing `width_px` x `height_px`; the
    pixels per inch used. The live theme's font sizes are worked out again."""
    from kiosk.app.live_theme import T

    ppi = screen.pixels_per_inch(width_px, height_px)
    Metrics.density = sizes.density(ppi)
    Metrics.dpi = ppi
    Metrics.fontscale = 1.0  # the visitor's text size is the app's own large-text switch
    T.large_bar_scale = sizes.large_bar_scale(sizes.px_to_mm(height_px, ppi))
    T.apply()
    log.info("screen: %s", screen.describe(width_px, height_px))
    return ppi


def mm(value: float) -> float:
    """`value` millimetres in pixels on this screen (Kivy's own `mm()` agrees once the dpi
    is set; this one goes through dp, like every other size of the app)."""
    return dp(sizes.mm_to_dp(value))


def px_per_mm() -> float:
    return dp(sizes.mm_to_dp(1.0))
