"""Sizes true to the screen: text and touch targets in millimetres, whatever its pixels.

A terminal's screen is named in its config by its diagonal (or its pixels per inch); with
its size in pixels that gives the pixels a millimetre takes. The app then sets Kivy's
density so that one dp is truly 1/160 inch on that screen, and every size in the .kv files
(dp, or `mm()`) is a physical size: a 15.6" 1920x1080 panel and a 10" 1280x800 one show
the same 5 mm capital letters.

Kivy-free: the app (kiosk/app/sizes.py) applies these figures to Kivy's Metrics and to the
live theme; tests/ui/test_physical_sizes.py measures the result in the real app.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DP_PER_INCH = 160
"""Kivy's (and Android's) density-independent pixel: 1/160 inch at density 1."""
MM_PER_INCH = 25.4

CAPITAL_PER_EM = 1456 / 2048
"""Roboto's capital height as a share of its font size (capHeight over unitsPerEm in the
font's OS/2 table). Kivy's font_size is the em in pixels; tests measure the ink."""

MIN_CAPITAL_MM = 4.8
"""Section 508, 402.4: characters on a closed terminal's screen at least 3/16 inch
(4.8 mm) high, measured on the capital I. Every text of the app is at least this."""

MIN_TARGET_MM = 12.0
"""The smallest thing a finger is asked to touch: 12 mm a side (about 19 mm is a fingertip;
WCAG 2.5.5 asks 44 CSS px, about 11.6 mm at a desktop screen's reference distance)."""

LARGE_TEXT_SCALE = 2.0
"""Large text: every text, the bars' included, twice its normal size. It gives a capital of
9.6 mm or more, 0.7 degrees of view up to 78 cm away (EN 301 549, 5.1.4)."""

LARGE_BAR_SCALE = 1.5
"""Large text in what is docked around the page (the bars, a screen's header band, the
speech panel, the keyboards): half as large again, a capital of 7.3 mm (0.7 degrees up to
60 cm away), on a screen at least FULL_BARS_MM tall (large_bar_scale). Not twice: on a
1280x800 panel the bars at twice their size would wrap into five rows and leave the page
a quarter of the screen; at 1.5 the page keeps two thirds of it
(docs/accessibility-measurements.md)."""

FULL_BARS_MM = 180.0
NO_BAR_GROWTH_MM = 140.0
"""On a screen shorter than FULL_BARS_MM (15.6" panels are 194 to 210 mm tall, a 13.3"
one 166 mm, a 10" one 136 mm) the docked parts grow less with large text, and not at all
below NO_BAR_GROWTH_MM: the page between them must keep room to read. They never go below
their normal size (a 4.8 mm capital, Section 508 402.4)."""


def large_bar_scale(screen_height_mm: float) -> float:
    """How much the docked parts grow with large text on a screen this tall."""
    share = (screen_height_mm - NO_BAR_GROWTH_MM) / (FULL_BARS_MM - NO_BAR_GROWTH_MM)
    return 1.0 + (LARGE_BAR_SCALE - 1.0) * min(1.0, max(0.0, share))


CAPITAL_MM = {
    "small": 4.85,  # notes, captions, the date in the top bar
    "body": 5.0,
    "lead": 5.2,
    "heading": 5.6,
    "button": 5.0,
    "tile": 5.4,
    "title": 6.2,
    "bar": 4.9,  # the top and bottom bars' buttons
}
"""The capital letter's height of each kind of text, in millimetres, at the normal size."""

DEFAULT_DIAGONAL_INCHES = 15.6
"""What the app assumes when the config names no screen: the terminals the project buys
(a 15.6" touch panel). A smaller screen must be named in the config, or its text is too
small; docs/deployment.md says so."""

DIAGONAL_RANGE = (7.0, 110.0)
PPI_RANGE = (50.0, 600.0)


@dataclass(frozen=True)
class Screen:
    """The physical screen: its diagonal in inches, or its pixels per inch (not both)."""

    diagonal_inches: float | None = None
    ppi: float | None = None

    def pixels_per_inch(self, width_px: int, height_px: int) -> float:
        """Pixels per inch of this screen showing `width_px` x `height_px` pixels."""
        if self.ppi is not None:
            return float(self.ppi)
        diagonal = self.diagonal_inches or DEFAULT_DIAGONAL_INCHES
        return math.hypot(width_px, height_px) / diagonal

    def describe(self, width_px: int, height_px: int) -> str:
        """'15.6" 1280x800 (97 ppi)': for the log and the staff screen."""
        ppi = self.pixels_per_inch(width_px, height_px)
        diagonal = math.hypot(width_px, height_px) / ppi
        return f'{diagonal:.1f}" {width_px}x{height_px} ({ppi:.0f} ppi)'


def density(ppi: float) -> float:
    """Kivy's density for a screen of `ppi`: pixels per dp."""
    return ppi / DP_PER_INCH


def mm_to_dp(mm: float) -> float:
    """`mm` millimetres in dp (a dp is 1/160 inch once the density is set)."""
    return mm * DP_PER_INCH / MM_PER_INCH


def dp_to_mm(dp: float) -> float:
    return dp * MM_PER_INCH / DP_PER_INCH


def px_to_mm(px: float, ppi: float) -> float:
    return px * MM_PER_INCH / ppi


def font_dp(
    kind: str, large: bool = False, bar: bool = False, bar_scale: float = LARGE_BAR_SCALE
) -> float:
    """The font size (em) in dp that gives the capital height CAPITAL_MM[kind], for a text
    on the page or (`bar`) docked around it, which large text grows by `bar_scale`."""
    scale = (bar_scale if bar else LARGE_TEXT_SCALE) if large else 1.0
    return mm_to_dp(CAPITAL_MM[kind] * scale / CAPITAL_PER_EM)
