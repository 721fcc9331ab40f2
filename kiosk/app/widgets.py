"""The buttons that carry a pack id; their look is in theme.kv."""

from __future__ import annotations

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
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


class ServiceButton(ButtonBehavior, BoxLayout):
    """One service in a category's list; a tap opens the service."""

    key = StringProperty("")
    """The service's id in the pack."""

    title = StringProperty("")
    """The service's name, plain text."""

    summary = StringProperty("")
    """What the service gives, in a sentence or two, plain text."""


class Section(BoxLayout):
    """A heading with its text, kept together on a page."""

    title = StringProperty("")
    """The heading, Kivy markup."""

    body = StringProperty("")
    """The text under the heading, Kivy markup; may be empty."""

    level = NumericProperty(1)
    """1: a part of the page; 2: a smaller heading within the part before it."""
