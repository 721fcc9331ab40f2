"""What every screen has: `show()` for a place, `reset()` between visitors, `spoken_text()`,
and the controllers it asks (`controllers`)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from contextlib import contextmanager
from itertools import islice
from math import ceil

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.factory import Factory
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from content.pack.reader import Pack
from kiosk.app.label_pixels import let_go_of_pixels
from kiosk.app.widgets import enclosing

AT_ONCE = 6
"""Widgets a list gets before the screen is first drawn: a screenful of rows or cards, at
most; fewer once the list has shown how tall its rows are (`KioskScreen.rows_in_view`)."""

PER_FRAME = 3
"""Widgets added on each later frame, until the list is complete."""

ALL_AT_ONCE = sys.maxsize
"""For `fill(at_once=...)` where the place on the page must not move while it fills."""


class KioskScreen(Screen):
    """A screen of the app. Subclasses fill themselves in `show()` from the pack."""

    controllers = ObjectProperty(None)
    """The app's controllers (kiosk.core.controllers.Controllers), given by the app when it
    makes the screen: what the screen does beyond drawing, it asks them."""

    def __init__(self, **kwargs):
        self._filling = {}  # container uid -> what is left to add to it
        self._whole = False  # fill() builds whole lists at once (see whole_lists)
        self._row_height = {}  # container uid -> its shortest row seen, px (rows_in_view)
        super().__init__(**kwargs)

    @contextmanager
    def whole_lists(self):
        """Within this, `fill()` builds whole lists at once: for a page drawn again in place
        (another language, another colour), whose place on the page must not move."""
        self._whole = True
        try:
            yield
        finally:
            self._whole = False

    def fill(self, container: Widget, widgets: Iterable[Widget], at_once: int = AT_ONCE) -> None:
        """Empty `container` and put `widgets` (best a generator: built only when taken)
        into it: the first `at_once` now (0: none, for a list out of sight at first), the
        rest PER_FRAME a frame once the screen has been drawn.

        Building a row (its kv rules, its labels' text) costs a few milliseconds on a
        terminal's CPU. A list of 20 cards built at once keeps the old screen on show for
        a quarter of a second after the tap; built this way the new screen is drawn at once
        with what fits on it, and the rows below follow before anyone can scroll to them.
        """
        self.stop_filling(container)
        self._release(container)
        widgets = iter(widgets)
        if self._whole or at_once == ALL_AT_ONCE:
            at_once = ALL_AT_ONCE
        else:
            at_once = self.rows_in_view(container, at_once)
        if _add_some(container, widgets, at_once):
            self._filling[container.uid] = _Filling(
                container, widgets, done=lambda: self._filling.pop(container.uid, None)
            )

    def rows_in_view(self, container: Widget, at_most: int = AT_ONCE) -> int:
        """How many rows of `container` the visitor can see at once: its page's height over
        the shortest row it has shown, and at most `at_most` (also the answer until the
        list has been on show once).

        Each row built before the first frame holds that frame back by several
        milliseconds, and a row out of sight is built a frame later at no cost to anyone:
        two result rows fill the finder's view, where twelve used to be built first.
        """
        row = self._row_height.get(container.uid)
        page = enclosing(container, ScrollView)
        if not row or page is None:
            return at_most
        return min(at_most, ceil(page.height / row))

    def _release(self, container: Widget) -> None:
        """Empty `container`, its rows' pixels returned at once (label_pixels.let_go_of_pixels)
        and their height remembered for `rows_in_view`."""
        self._measure_rows(container)
        for row in container.children:
            let_go_of_pixels(row)
        container.clear_widgets()

    def _measure_rows(self, container: Widget) -> None:
        """Remember the shortest row `container` shows now, for `rows_in_view`."""
        if not isinstance(container, BoxLayout) or container.orientation != "vertical":
            return
        rows = container.children
        if not rows:
            return
        # The first row's kind: a note at the end ("and 12 more") is no row.
        kind = type(rows[-1])
        shortest = min(row.height for row in rows if type(row) is kind) + container.spacing
        if shortest > 1:
            # The smallest over every visit: a list of shorter rows later must not come up
            # short in its first frame; building one row too many is the cheap mistake.
            known = self._row_height.get(container.uid, shortest)
            self._row_height[container.uid] = min(known, shortest)

    @property
    def filling(self) -> bool:
        """True while a list of this screen is still being filled."""
        return bool(self._filling)

    def stop_filling(self, container: Widget | None = None) -> None:
        """Stop adding to `container` (None: to every list of this screen)."""
        uids = list(self._filling) if container is None else [container.uid]
        for uid in uids:
            filling = self._filling.pop(uid, None)
            if filling is not None:
                filling.cancel()

    released_on_leave: tuple[str, ...] = ()
    """Ids of containers emptied when the visitor leaves the screen. `show()` fills them
    again on the next visit anyway, and their labels' textures are most of the app's
    memory: a terminal that keeps every page it has shown grows with every visit."""

    def on_leave(self, *args) -> None:
        self.stop_filling()
        for name in self.released_on_leave:
            self._release(self.ids[name])

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        """Fill the screen for `key` in `lang`; called on every visit and language switch."""

    def reset(self) -> None:
        """Forget whatever the last visitor left here (typed text, choices)."""

    def spoken_text(self) -> str:
        """What Read aloud says: the visible text of the screen, top to bottom."""
        from kiosk.adapters.speech import speakable

        parts = []
        for widget in shown(self):
            if isinstance(widget, Label) and widget.text:
                if widget.text.strip() in ("›", "‹"):
                    continue
                parts.append(speakable(widget.text))
        return "\n".join(p for p in parts if p.strip())


def category_tiles(pack: Pack, lang: str):
    """A tile for each of the pack's categories (theme.kv's CategoryTile), in its order:
    Home's grid, and the search's when nothing is typed yet."""
    for category in pack.categories():
        note = category["description"]
        yield Factory.CategoryTile(
            key=category["id"],
            title=category["title"].get(lang),
            note=note.get(lang) if note else "",
            icon=category["icon"] or "",
        )


def shown(widget):
    """`widget` and what it holds, top to bottom, but nothing hidden: a widget made
    invisible (opacity 0) hides all it holds, as it does on the screen. What Read aloud
    says is what the visitor could see: never a button hidden on an empty list."""
    if widget.opacity <= 0:
        return
    yield widget
    for child in reversed(widget.children):
        yield from shown(child)


class _Filling:
    """The rest of a list, added PER_FRAME widgets a frame from the frame after the next
    one drawn: a batch built before that would only hold the first picture back.

    While it grows, what the visitor has in sight stays where it is: a ScrollView keeps
    its place as a fraction of the content's height, so rows added below would otherwise
    pull the page up under the visitor's finger.
    """

    def __init__(self, container: Widget, widgets, done):
        self._container, self._widgets, self._done = container, widgets, done
        self._event = None
        self._page = enclosing(container, ScrollView)
        # What scrolls in it: a ScrollView holds one child.
        self._content = self._page.children[0] if self._page and self._page.children else None
        self._from_top = 0.0  # pixels between the top of the content and the top of the view
        Window.fbind("on_flip", self._drawn)

    def _drawn(self, *_args) -> None:
        Window.funbind("on_flip", self._drawn)
        self._event = Clock.schedule_interval(self._more, 0)
        if self._content is not None:
            self._content.fbind("height", self._hold_place)

    def _more(self, _dt) -> bool:
        self._remember_place()
        if _add_some(self._container, self._widgets, PER_FRAME):
            return True
        self._done()
        # Let go once the last rows have been laid out, which happens before the next draw.
        Window.fbind("on_flip", self._let_go)
        return False  # the clock drops the event

    def _remember_place(self) -> None:
        page = self._page
        if self._content is not None:
            scrollable = self._content.height - page.height
            self._from_top = (1 - page.scroll_y) * scrollable if scrollable > 0 else 0.0

    def _hold_place(self, content, height) -> None:
        scrollable = height - self._page.height
        if scrollable > 0:
            self._page.scroll_y = 1 - min(self._from_top, scrollable) / scrollable

    def _let_go(self, *_args) -> None:
        Window.funbind("on_flip", self._let_go)
        if self._content is not None:
            self._content.funbind("height", self._hold_place)

    def cancel(self) -> None:
        Window.funbind("on_flip", self._drawn)
        if self._event is not None:
            self._event.cancel()
        self._let_go()


def _add_some(container: Widget, widgets, count: int) -> bool:
    """Add up to `count` of `widgets` to `container`; True when there may be more."""
    added = 0
    for widget in islice(widgets, count):
        container.add_widget(widget)
        added += 1
    return added == count
