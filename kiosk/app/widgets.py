"""The widgets screens share; their look is in theme.kv."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView


class Page(ScrollView):
    """A screen's scrolling content; see theme.kv."""

    def update_from_scroll(self, *largs) -> None:
        super().update_from_scroll(*largs)
        # Text drawn at a fraction of a pixel comes out blurred: snap to whole pixels.
        x, y = self.g_translate.xy
        self.g_translate.xy = round(x), round(y)


class CategoryTile(ButtonBehavior, BoxLayout):
    """A large tile on the home screen; a tap opens the category."""

    key = StringProperty("")
    """The category's id in the pack."""

    title = StringProperty("")
    """The category's title, plain text."""

    note = StringProperty("")
    """The category's one-line description, plain text."""

    needed_height = NumericProperty(0)
    """The height its texts need; a row of tiles takes the tallest (see TileGrid)."""


class TileGrid(GridLayout):
    """Tiles in rows of equal height: the tallest tile's, so that no text is cut."""

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        widget.bind(needed_height=self._even_out)
        self._even_out()

    def _even_out(self, *_args) -> None:
        needed = [c.needed_height for c in self.children]
        self.row_default_height = max(needed, default=0)


class ListButton(ButtonBehavior, BoxLayout):
    """One row of a list; a tap opens `target` (a screen name) with `key`."""

    target = StringProperty("service")
    """The screen the row opens: 'service', 'agency', 'event'."""

    key = StringProperty("")
    """The id in the pack of what the row shows."""

    title = StringProperty("")
    """The name, plain text."""

    summary = StringProperty("")
    """A sentence or two under the name, plain text."""

    summary_markup = StringProperty("")
    """The same as Kivy markup, when the row needs bold or colour; wins over `summary`."""

    def on_release(self) -> None:
        App.get_running_app().open(self.target, self.key)


class ServiceButton(ListButton):
    """One service in a list; a tap opens the service page."""


class Chip(ToggleButtonBehavior, Label):
    """A filter or an answer that stays selected until touched again; see theme.kv."""

    value = StringProperty("")
    """What choosing the chip means, e.g. a district's id."""


class BarToggle(ToggleButtonBehavior, Label):
    """An on/off switch in the top bar: large text, high contrast, a language."""


class Section(BoxLayout):
    """A heading with its text, kept together on a page."""

    title = StringProperty("")
    """The heading, Kivy markup."""

    body = StringProperty("")
    """The text under the heading, Kivy markup; may be empty."""

    level = NumericProperty(1)
    """1: a part of the page; 2: a smaller heading within the part before it."""
