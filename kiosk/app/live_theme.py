"""The live theme every .kv binds to (`T`); kiosk/app/theme.py loads theme.kv.

`T` holds the current colours and font sizes as Kivy properties. The .kv files use them as
`T.text`, `T.font_body`, …; Kivy re-evaluates those rules when a property changes, so the
high-contrast theme and large text apply at once to every screen, the one on show included.
The palettes and sizes themselves are data in kiosk/core/palettes.py.

A module of its own so that .kv files can `#:import T kiosk.app.live_theme.T` while
kiosk/app/theme.py is still loading theme.kv.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty

from kiosk.core import palettes, sizes

DOCKED_SIZES = ("bar_font", "bar_small", "header_title", "header_body", "docked_button")


class Theme(EventDispatcher):
    """Colours (see kiosk.core.palettes.NORMAL for their meaning) and font sizes in pixels,
    from the capital heights in millimetres of kiosk.core.sizes."""

    high_contrast = BooleanProperty(False)
    """Yellow and white on black, every text pair at least 7:1."""

    large_text = BooleanProperty(False)
    """Every text twice as large, the bars' too; everything sized by text grows with it."""

    grow = NumericProperty(1.0)
    """1, or kiosk.core.sizes.LARGE_TEXT_SCALE with large text: for sizes that follow the
    text without being text (gaps, a pictogram's room)."""

    background = ColorProperty()
    surface = ColorProperty()
    bar = ColorProperty()
    text = ColorProperty()
    muted = ColorProperty()
    line = ColorProperty()
    primary = ColorProperty()
    primary_down = ColorProperty()
    primary_text = ColorProperty()
    primary_text_soft = ColorProperty()
    pressed = ColorProperty()
    selected = ColorProperty()
    selected_text = ColorProperty()
    badge = ColorProperty()
    badge_line = ColorProperty()
    badge_text = ColorProperty()
    good = ColorProperty()
    warning = ColorProperty()

    font_small = NumericProperty(0)
    font_body = NumericProperty(0)
    font_lead = NumericProperty(0)
    font_heading = NumericProperty(0)
    font_button = NumericProperty(0)
    font_tile = NumericProperty(0)
    font_title = NumericProperty(0)

    large_bar_scale = NumericProperty(sizes.LARGE_BAR_SCALE)
    """How much large text grows what is docked around the page on this screen
    (kiosk.core.sizes.large_bar_scale; set once the screen's size is known)."""

    bar_grow = NumericProperty(1.0)
    """As `grow`, for what is docked around the page: `large_bar_scale` with large text."""

    docked_button = NumericProperty(0)
    """A button's text docked around the page: the keyboards' keys, the search field."""

    bar_font = NumericProperty(0)
    """The bars' buttons."""

    header_title = NumericProperty(0)
    """The title in a screen's header band, which stays on show above the page: it grows
    with large text as the bars do."""

    header_body = NumericProperty(0)
    """The line under that title (what a filter found, "Question 2")."""

    bar_small = NumericProperty(0)
    """The bars' smaller words: the date of the information, the demo badge."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.apply()

    def on_high_contrast(self, *_args) -> None:
        self.apply()

    def on_large_text(self, *_args) -> None:
        self.apply()

    def apply(self) -> None:
        palette = palettes.PALETTES["high_contrast" if self.high_contrast else "normal"]
        for name, value in palette.items():
            setattr(self, name, palettes.rgba(value))
        large = self.large_text
        self.grow = sizes.LARGE_TEXT_SCALE if large else 1.0
        for name in ("small", "body", "lead", "heading", "button", "tile", "title"):
            setattr(self, f"font_{name}", dp(sizes.font_dp(name, large)))
        scale = self.large_bar_scale
        self.bar_grow = scale if large else 1.0
        self.bar_font = dp(sizes.font_dp("bar", large, bar=True, bar_scale=scale))
        self.bar_small = dp(sizes.font_dp("small", large, bar=True, bar_scale=scale))
        self.header_title = dp(sizes.font_dp("title", large, bar=True, bar_scale=scale))
        self.header_body = dp(sizes.font_dp("body", large, bar=True, bar_scale=scale))
        self.docked_button = dp(sizes.font_dp("button", large, bar=True, bar_scale=scale))
        # A docked text is a page text's class with its size set over it (a Title in the
        # header band at `header_title`): both kv rules bind, and the last one to fire
        # wins. The page sizes have just fired; fire the docked ones after them, even when
        # their value did not change (a short screen's bars do not grow).
        for name in DOCKED_SIZES:
            self.property(name).dispatch(self)

    def reset(self) -> None:
        """Back to the normal theme and size, for the next visitor."""
        self.high_contrast = False
        self.large_text = False


T = Theme()
"""The one theme of the app; .kv files import it as `T`."""
