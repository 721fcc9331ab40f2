"""A category: its services as large buttons with name and summary."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty

from content.pack.reader import Pack
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen

theme.load_kv(__file__)

MAX_ROWS = 25
"""A list longer than this shows its first rows and asks the visitor to search: hundreds of
rows are more than anyone reads on a screen, and each costs drawing time."""


class CategoryScreen(KioskScreen):
    released_on_leave = ("services",)

    title = StringProperty("")
    """The category's title."""

    note = StringProperty("")
    """The category's one-line description, or ''."""

    icon = StringProperty("")
    """The category's pictogram (content/presentation/pictograms.py), or ''."""

    more = StringProperty("")
    """Said under a list cut at MAX_ROWS: how many more there are, and to use the search."""

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        from kiosk.app.live_translator import _

        category = pack.category(key)
        self.title = category["title"].get(lang)
        self.note = category["description"].get(lang) if category["description"] else ""
        self.icon = category["icon"] or ""
        rows = pack.services_in_category(key, limit=MAX_ROWS + 1)
        self.fill(
            self.ids.services,
            (
                Factory.ServiceButton(
                    key=service["id"],
                    title=service["name"].get(lang),
                    summary=service["summary"].get(lang) if service["summary"] else "",
                )
                for service in rows[:MAX_ROWS]
            ),
        )
        cut = len(rows) > MAX_ROWS
        self.more = (
            _("Показаны первые {n}. Чтобы найти нужное, воспользуйтесь поиском.").format(n=MAX_ROWS)
            if cut
            else ""
        )
        self.ids.page.scroll_y = 1
