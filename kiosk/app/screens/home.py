"""The start screen: search, the benefit finder, agencies, events, and the category tiles."""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from content.pack.reader import Pack
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen, category_tiles


class HomeAction(ButtonBehavior, BoxLayout):
    """One of the three large ways in: the finder, agencies, events; see home.kv."""

    text = StringProperty("")
    note = StringProperty("")
    """A line under the text that says what is behind it."""

    pictogram = StringProperty("")
    """The pictogram beside the text (content/presentation/pictograms.py)."""

    needed_height = NumericProperty(0)
    """The height its texts need; the row takes the tallest (see TileGrid)."""


theme.load_kv(__file__)


class HomeScreen(KioskScreen):
    title = StringProperty("")
    """The pack's title: the heading of the start screen."""

    notice = StringProperty("")
    """The pack's notice to visitors (for a demo pack: not to be relied on), or ''."""

    takes_requests = BooleanProperty(False)
    """True when the pack takes requests: "Tell us about yourself" is on show."""

    def __init__(self, **kwargs):
        self._tiles_pack: Pack | None = None  # the pack and language of the tiles on show
        self._tiles_lang = ""
        super().__init__(**kwargs)

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        meta = pack.meta
        self.title = meta.title.get(lang)
        self.notice = meta.notice.get(lang) if meta.notice else ""
        self.takes_requests = pack.takes_requests
        self.ids.page.scroll_y = 1
        if self._tiles_pack is pack and self._tiles_lang == lang:
            return  # the same tiles as last time: Home is the page most often shown
        self._tiles_pack, self._tiles_lang = pack, lang
        tiles = self.ids.tiles
        tiles.clear_widgets()
        for tile in category_tiles(pack, lang):
            tiles.add_widget(tile)

    def about_me(self) -> None:
        """ "Tell us about yourself": the form staff find by its reference when you come."""
        self.controllers.requests.start("about_me")
        self.controllers.navigator.open("request_form", "about_me")
