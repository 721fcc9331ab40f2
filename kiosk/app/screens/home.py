"""The start screen: the pack's title and date, and one large tile per category."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from content.pack import Pack
from kiosk.app import theme
from kiosk.app.i18n import _
from kiosk.app.present import format_date

theme.load_kv(__file__)


class HomeScreen(Screen):
    title = StringProperty("")
    """The pack's title: the heading of the start screen."""

    date_text = StringProperty("")
    """How fresh the content is: "Информация на 26 ноября 2026 г."."""

    notice = StringProperty("")
    """The pack's notice to visitors (for a demo pack: not to be relied on), or ''."""

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        meta = pack.meta
        self.title = meta.title.get(lang)
        self.date_text = _("Информация на {date}").format(date=format_date(meta.date))
        self.notice = meta.notice.get(lang) if meta.notice else ""
        tiles = self.ids.tiles
        tiles.clear_widgets()
        for category in pack.categories():
            note = category["description"]
            tiles.add_widget(
                Factory.CategoryTile(
                    key=category["id"],
                    title=category["title"].get(lang),
                    note=note.get(lang) if note else "",
                )
            )
        self.ids.page.scroll_y = 1
