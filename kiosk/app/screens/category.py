"""A category: its services as large buttons with name and summary."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from content.pack import Pack
from kiosk.app import theme

theme.load_kv(__file__)


class CategoryScreen(Screen):
    title = StringProperty("")
    """The category's title."""

    note = StringProperty("")
    """The category's one-line description, or ''."""

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        category = pack.category(key)
        self.title = category["title"].get(lang)
        self.note = category["description"].get(lang) if category["description"] else ""
        services = self.ids.services
        services.clear_widgets()
        for service in pack.services_in_category(key):
            services.add_widget(
                Factory.ServiceButton(
                    key=service["id"],
                    title=service["name"].get(lang),
                    summary=service["summary"].get(lang) if service["summary"] else "",
                )
            )
        self.ids.page.scroll_y = 1
