"""One agency: what it does, its offices with address, hours and access, phones, services."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.utils import escape_markup, get_hex_from_color

from content.pack.reader import Pack
from content.presentation.links import qr_address
from kiosk.app import theme
from kiosk.app.markup import (
    agency_kind,
    display_url,
    markdown_to_markup,
    office_markup,
    phones_markup,
    source_note,
    unverified_mark,
)
from kiosk.app.qr import QRCode  # noqa: F401  (used in agency.kv)
from kiosk.app.request_buttons import request_row
from kiosk.app.screens.base import KioskScreen
from kiosk.app.side_panel import SidePanelScreen
from kiosk.core import agency_filter

theme.load_kv(__file__)

MAX_SERVICES = 20

MAX_OFFICES = 20
"""Offices listed at most on the page; the agencies screen filters them by district."""
"""The page lists at most this many of the agency's services; the search finds the rest."""


class AgencyScreen(SidePanelScreen, KioskScreen):
    released_on_leave = ("sections",)

    key = StringProperty("")
    """The agency's id."""

    title = StringProperty("")
    """The agency's full name."""

    subtitle = StringProperty("")
    """The name people know it by (МФЦ, Соцфонд), and "Некоммерческая организация" for a
    non-profit; or ''."""

    qr_data = StringProperty("")
    """The agency's website for the QR code, or '' when it has none on the allowlist."""

    qr_caption = StringProperty("")
    """What the code is for, and the address in short."""

    in_list = BooleanProperty(False)
    """True when the agency is on the visitor's "my list"."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._lang = "ru"
        theme.T.bind(good=lambda *_args: self._redraw())
        self.watch_side()

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        from kiosk.app.live_translator import _

        agency = pack.agency(key)
        if agency is None:
            raise LookupError(f"no agency '{key}' in the pack")
        self.key, self._lang = key, lang
        self.title = agency["name"].get(lang)
        short = agency["short_name"].get(lang) if agency["short_name"] else ""
        self.subtitle = " · ".join(filter(None, (short, agency_kind(agency))))
        website = qr_address(agency.get("website"), pack.meta.allowed_hosts)
        self.qr_data = website
        self.qr_caption = (
            _("Сайт учреждения: наведите камеру телефона на код") + f"\n{display_url(website)}"
            if website
            else ""
        )
        self.in_list = self.controllers.printing.in_list("agency", key)
        self.fill(self.ids.sections, self._sections(pack, agency, lang))
        self.ids.page.scroll_y = 1

    def _redraw(self) -> None:
        if self.key and self.manager and self.manager.current == self.name:
            page = self.ids.page
            scroll = page.scroll_y
            with self.whole_lists():  # the place on the page must not move
                self.show(self.controllers.packs.pack, self.key, self._lang)
            page.scroll_y = scroll

    def _sections(self, pack: Pack, agency, lang: str):
        """The page's parts top to bottom, each built when it is taken."""
        from kiosk.app.live_translator import _

        if agency["description"]:
            yield Factory.Lead(text=markdown_to_markup(agency["description"].get(lang)))
        contacts = phones_markup(agency["phones"], lang)
        if contacts:
            contacts += unverified_mark(agency, "phones")
        if agency.get("email"):
            contacts += (
                ("\n" if contacts else "")
                + _("Эл. почта: ")
                + escape_markup(agency["email"])
                + unverified_mark(agency, "email")
            )
        if agency.get("website"):
            contacts += (
                ("\n" if contacts else "")
                + _("Сайт: ")
                + escape_markup(display_url(agency["website"]))
            )
        if contacts:
            yield Factory.Section(title=_("Как связаться"), body=contacts)
        row = request_row(self.controllers, [agency["id"]], ("agency", agency["id"]))
        if row is not None:
            yield Factory.Section(title=_("Написать в учреждение"), body="")
            yield row
        now = self.controllers.now()
        good = "#" + get_hex_from_color(theme.T.good)[1:7]
        if agency["locations"]:
            yield Factory.Section(title=_("Адреса и часы работы"), body="")
        for location in agency["locations"][:MAX_OFFICES]:
            status = agency_filter.open_status(location, now)
            yield Factory.Section(
                title=escape_markup(location["name"].get(lang)),
                body=office_markup(location, status, lang, good),
                level=2,
            )
        if len(agency["locations"]) > MAX_OFFICES:
            more = len(agency["locations"]) - MAX_OFFICES
            yield Factory.Note(
                text=_("И ещё адресов: {n}. Выберите район на экране «Учреждения».").format(n=more)
            )
        services = agency_filter.agency_services(pack, agency["id"], limit=MAX_SERVICES)
        if services:
            yield Factory.Section(title=_("Услуги учреждения"), body="")
        for service in services:
            yield Factory.ServiceButton(
                key=service["id"],
                title=service["name"].get(lang),
                summary=service["summary"].get(lang) if service["summary"] else "",
            )
        total = agency_filter.agency_service_count(pack, agency["id"])
        if total > len(services):
            yield Factory.Note(
                text=_("Показаны первые {n}. Остальные найдёт поиск.").format(n=len(services))
            )
        yield Factory.Note(text=source_note(agency))

    def toggle_in_list(self) -> None:
        self.in_list = self.controllers.printing.toggle("agency", self.key)

    def reset(self) -> None:
        # The next visitor must not find the page the last one opened.
        self.ids.sections.clear_widgets()
        self.key = self.title = self.subtitle = self.qr_data = self.qr_caption = ""
        self.in_list = False
