"""One service: who can get it, how much, which documents, how to apply and where."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from content.pack import Pack
from kiosk.app import theme
from kiosk.app.present import markdown_to_markup, service_sections, source_note

theme.load_kv(__file__)


class ServiceScreen(Screen):
    title = StringProperty("")
    """The service's name."""

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        service = pack.service(key)
        self.title = service["name"].get(lang)
        column = self.ids.sections
        column.clear_widgets()
        # One label per section: a single label for the whole page could outgrow the
        # largest texture the graphics card allows.
        if service["summary"]:
            column.add_widget(Factory.Lead(text=markdown_to_markup(service["summary"].get(lang))))
        for section in service_sections(service, lang):
            column.add_widget(
                Factory.Section(title=section.title, body=section.body, level=section.level)
            )
        column.add_widget(Factory.Note(text=source_note(service)))
        self.ids.page.scroll_y = 1
