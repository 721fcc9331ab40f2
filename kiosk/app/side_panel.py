"""A side panel that steps into the page when the page beside it would be too narrow.

The service and agency screens show the code for the phone, Print and My list in a panel
beside the page. With large text on a small screen (a 10" panel) the page beside it would
be narrower than a long Russian word ("многофункциональный") in a heading: Kivy would break
the word in two. Then the panel's content moves to the top of the page (`side_inline`), and
the page takes the whole width. The screen's .kv gives the panel `width: root.side_width`
and holds an `inline_slot` at the top of the page.
"""

from __future__ import annotations

from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty

from kiosk.app.live_theme import T

NARROWEST_PAGE_EM = 12
"""The narrowest page beside the panel, in heading font sizes: room for a 19-letter word in
bold (a heading's longest words), with its margins."""


class SidePanelScreen:
    """Mixin for a KioskScreen with `ids.side` (the panel's content), `ids.side_page` (the
    panel) and `ids.inline_slot` (its place at the top of the page)."""

    side_inline = BooleanProperty(False)
    """True while the panel's content is at the top of the page (no room beside it)."""

    side_width = NumericProperty(0)
    """The panel's width: ten capitals of its buttons' text and more, at most two fifths
    of the screen; 0 while its content is in the page."""

    def watch_side(self) -> None:
        """Call once the .kv rules are applied."""
        self.fbind("width", self._place_side)
        T.fbind("font_heading", self._place_side)
        T.fbind("docked_button", self._place_side)
        self._place_side()

    def _place_side(self, *_args) -> None:
        beside = min(self.width * 0.4, max(dp(380), T.docked_button * 13))
        inline = self.width - beside < T.font_heading * NARROWEST_PAGE_EM
        # The widgets themselves, not the ids' weak proxies: a ScrollView knows its one
        # child by identity, and a proxy is not it.
        side, slot, panel = (self.ids[n].__self__ for n in ("side", "inline_slot", "side_page"))
        home = slot if inline else panel
        if side.parent is not home:
            if side.parent is not None:
                side.parent.remove_widget(side)
            home.add_widget(side)
        self.side_inline = inline
        self.side_width = 0 if inline else beside
