"""One service: who can get it, how much, documents, how to apply, where; QR and actions."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty

from content.pack.reader import Pack
from content.presentation.links import qr_address
from kiosk.app import theme
from kiosk.app.markup import display_url, markdown_to_markup, service_sections, source_note
from kiosk.app.qr import QRCode  # noqa: F401  (used in service.kv)
from kiosk.app.request_buttons import request_row
from kiosk.app.screens.base import KioskScreen
from kiosk.app.side_panel import SidePanelScreen

theme.load_kv(__file__)


class ServiceScreen(SidePanelScreen, KioskScreen):
    released_on_leave = ("sections",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.watch_side()

    key = StringProperty("")
    """The service's id."""

    title = StringProperty("")
    """The service's name."""

    qr_data = StringProperty("")
    """The address the QR code opens on a phone, or '' for no code."""

    qr_caption = StringProperty("")
    """What the code is for, and the address in short."""

    in_list = BooleanProperty(False)
    """True when the service is on the visitor's "my list"."""

    message = StringProperty("")
    """A short answer to the last action (e.g. why printing did not happen), or ''."""

    message_ok = BooleanProperty(False)
    """True while `message` is good news (printing, printed): shown in the good colour."""

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        from kiosk.app.live_translator import _

        service = pack.service(key)
        if service is None:
            raise LookupError(f"no service '{key}' in the pack")
        self.key = key
        self.title = service["name"].get(lang)
        hosts = pack.meta.allowed_hosts
        online = qr_address(service.get("apply_online"), hosts)
        source = qr_address(service.get("source"), hosts)
        if online:
            self.qr_data = online
            self.qr_caption = _("Подать заявление с телефона: наведите камеру на код") + (
                f"\n{display_url(online)}"
            )
        elif source:
            self.qr_data = source
            self.qr_caption = _("Подробнее на официальном сайте: наведите камеру на код") + (
                f"\n{display_url(source)}"
            )
        else:
            self.qr_data, self.qr_caption = "", ""
        self.in_list = self.controllers.printing.in_list("service", key)
        self.message = ""
        self.fill(self.ids.sections, _sections(service, lang, self._requests(service)))
        self.ids.page.scroll_y = 1

    def _requests(self, service):
        """The request forms of the agencies that provide the service, and the error report."""
        agencies = [agency["id"] for agency in service["agencies"]]
        return request_row(self.controllers, agencies, ("service", service["id"]), service["id"])

    def toggle_in_list(self) -> None:
        self.in_list = self.controllers.printing.toggle("service", self.key)

    def print_leaflet(self) -> None:
        printing = self.controllers.printing
        self._printed(printing.print_items([("service", self.key)], reply=self._printed))

    def _printed(self, message: str) -> None:
        self.message = message
        self.message_ok = self.controllers.printing.good_news(message)

    def reset(self) -> None:
        self.message = ""
        self.in_list = False


def _sections(service, lang: str, requests=None):
    """The page's text top to bottom, one widget a section, each built when it is taken.

    One label per section: a single label for the whole page could outgrow the largest
    texture the graphics card allows.
    """
    if service["summary"]:
        yield Factory.Lead(text=markdown_to_markup(service["summary"].get(lang)))
    for section in service_sections(service, lang):
        yield Factory.Section(title=section.title, body=section.body, level=section.level)
    if requests is not None:
        from kiosk.app.live_translator import _

        yield Factory.Section(title=_("Написать в учреждение"), body="")
        yield requests
    yield Factory.Note(text=source_note(service))
