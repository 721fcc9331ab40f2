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
from kivy.metrics import sp
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty

from kiosk.core import palettes


class Theme(EventDispatcher):
    """Colours (see kiosk.core.palettes.NORMAL for their meaning) and font sizes in pixels."""

    high_contrast = BooleanProperty(False)
    """Yellow and white on black, every text pair at least 7:1."""

    large_text = BooleanProperty(False)
    """Content text 1.5 times larger; the bars keep their size."""

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

    bar_font = NumericProperty(0)
    """The bars' buttons: the same size in every mode, so they never move or wrap."""

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
        scale = palettes.LARGE_TEXT_SCALE if self.large_text else 1.0
        for name, size in palettes.FONT_SIZES.items():
            setattr(self, f"font_{name}", sp(size * scale))
        self.bar_font = sp(palettes.FONT_SIZES["button"])

    def reset(self) -> None:
        """Back to the normal theme and size, for the next visitor."""
        self.high_contrast = False
        self.large_text = False


T = Theme()
"""The one theme of the app; .kv files import it as `T`."""
