"""The kiosk's two colour themes, as data, with the contrast check (sizes: kiosk.core.sizes).

Kivy-free: kiosk/app/theme.py turns a palette into Kivy properties that every .kv binds to,
and tests/unit/test_palettes.py checks every text/background pair the screens use against
WCAG's contrast ratio (at least 7:1 in the high-contrast theme, 4.5:1 in the normal one).
"""

from __future__ import annotations

NORMAL = {
    "background": "#F5F4EF",  # warm off-white: less glare than pure white
    "surface": "#FFFFFF",
    "bar": "#E6E4DC",
    "text": "#1B1B1B",
    "muted": "#454545",
    "line": "#7A7870",  # 3.5:1 on the bar: a key's outline must show (WCAG 1.4.11)
    "primary": "#1F4E79",
    "primary_down": "#12314D",
    "primary_text": "#FFFFFF",
    "primary_text_soft": "#E1EAF3",
    "pressed": "#DCE7F2",
    "selected": "#1F4E79",
    "selected_text": "#FFFFFF",
    "badge": "#FFD24D",
    "badge_line": "#8A6500",
    "badge_text": "#1B1B1B",
    "good": "#1B5E20",
    "warning": "#8A1C1C",
}

HIGH_CONTRAST = {
    "background": "#000000",
    "surface": "#000000",
    "bar": "#1A1A1A",
    "text": "#FFFFFF",
    "muted": "#E6E6E6",
    "line": "#FFFFFF",
    "primary": "#FFE14D",  # yellow on black: the classic low-vision scheme
    "primary_down": "#FFFFFF",
    "primary_text": "#000000",
    "primary_text_soft": "#1A1A1A",
    "pressed": "#333333",
    "selected": "#FFFFFF",
    "selected_text": "#000000",
    "badge": "#FFE14D",
    "badge_line": "#FFFFFF",
    "badge_text": "#000000",
    "good": "#8CFF8C",
    "warning": "#FFB3B3",
}

PALETTES = {"normal": NORMAL, "high_contrast": HIGH_CONTRAST}

TEXT_PAIRS = [
    ("text", "background"),
    ("text", "surface"),
    ("text", "bar"),
    ("muted", "background"),
    ("muted", "surface"),
    ("primary", "background"),  # headings are drawn in the primary colour
    ("primary", "surface"),
    ("primary_text", "primary"),
    ("primary_text", "primary_down"),
    ("primary_text_soft", "primary"),
    ("selected_text", "selected"),
    ("text", "pressed"),
    ("badge_text", "badge"),
    ("good", "surface"),
    ("warning", "surface"),
    ("good", "background"),
    ("warning", "background"),
    ("warning", "bar"),  # "may be out of date" beside the date in the top bar
]
"""(text colour, background colour) pairs that the screens actually draw."""

MINIMUM_CONTRAST = {"normal": 4.5, "high_contrast": 7.0}

OUTLINE_PAIRS = [
    ("line", "bar"),  # a key's outline on the on-screen keyboard
    ("line", "background"),  # a card's or a field's outline on the page
    ("line", "surface"),
    ("primary", "bar"),  # a special key's outline (Backspace, Space, Done)
]
"""(outline colour, the colour around it) pairs that show where a control is: the
on-screen keyboard's keys are white on the bar, so their outline alone marks them."""

MINIMUM_OUTLINE_CONTRAST = 3.0
"""WCAG 2.2, 1.4.11 Non-text Contrast: what identifies a control, 3:1 against what is
next to it."""


def rgba(hex_colour: str) -> tuple[float, float, float, float]:
    """'#1F4E79' -> (r, g, b, 1.0) in 0..1, the form Kivy's colours take."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, 1.0)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgba(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
