"""My list: what the visitor collected in this session, to print together or scan as codes."""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from content.pack.reader import Pack
from content.presentation.links import qr_address
from kiosk.app import theme
from kiosk.app.qr import QRCode  # noqa: F401  (used in my_list.kv)
from kiosk.app.screens.base import KioskScreen

theme.load_kv(__file__)

CODES_AT_ONCE = 2
"""QR codes built before the screen is drawn, for a short list: they sit below it."""

ROWS_FILLING_THE_SCREEN = 4
"""From this many rows on, the codes below them are out of sight at first: none is built
before the screen is drawn (each is a few milliseconds), they follow a few a frame."""


def list_entry(pack: Pack, kind: str, key: str, lang: str) -> dict | None:
    """Title, one line and the QR address of an item on the list; None if the pack lost it."""
    if kind == "service":
        record = pack.service_row(key)
        if record is None:
            return None
        url = record.get("apply_online") or record.get("source")
        summary = record["summary"].get(lang) if record["summary"] else ""
        return {"title": record["name"].get(lang), "summary": summary, "url": url}
    if kind == "agency":
        record = pack.agency(key)
        if record is None:
            return None
        return {"title": record["name"].get(lang), "summary": "", "url": record.get("website")}
    if kind == "event":
        record = pack.event(key)
        if record is None:
            return None
        return {"title": record["title"].get(lang), "summary": "", "url": record.get("url")}
    return None


class MyListRow(BoxLayout):
    """One item on the list, with Open and Remove; see my_list.kv."""

    kind = StringProperty("")
    key = StringProperty("")
    title = StringProperty("")
    summary = StringProperty("")


class MyListCode(BoxLayout):
    """One item's QR code with its name under it."""

    title = StringProperty("")
    data = StringProperty("")


class MyListScreen(KioskScreen):
    released_on_leave = ("rows", "codes")

    count = NumericProperty(0)
    """How many items are on the list."""

    message = StringProperty("")
    message_ok = BooleanProperty(False)
    """True while `message` is good news (printing, printed): shown in the good colour."""
    """A short answer to the last action (e.g. why printing did not happen), or ''."""

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        hosts = pack.meta.allowed_hosts
        entries = []
        for kind, item_key in self.controllers.printing.my_list:
            entry = list_entry(pack, kind, item_key, lang)
            if entry is not None:
                entries.append((kind, item_key, entry, qr_address(entry["url"], hosts)))
        self.count = len(entries)
        self.fill(
            self.ids.rows,
            (
                MyListRow(kind=kind, key=item_key, title=entry["title"], summary=entry["summary"])
                for kind, item_key, entry, _address in entries
            ),
        )
        self.fill(
            self.ids.codes,
            (
                MyListCode(title=entry["title"], data=address)
                for _kind, _key, entry, address in entries
                if address
            ),
            at_once=0 if len(entries) >= ROWS_FILLING_THE_SCREEN else CODES_AT_ONCE,
        )
        self.message = ""
        self.ids.page.scroll_y = 1

    def remove(self, kind: str, key: str) -> None:
        c = self.controllers
        c.printing.toggle(kind, key)
        self.show(c.packs.pack, None, c.visit.lang)

    def print_all(self) -> None:
        printing = self.controllers.printing
        self._printed(printing.print_items(list(printing.my_list), reply=self._printed))

    def _printed(self, message: str) -> None:
        self.message = message
        self.message_ok = self.controllers.printing.good_news(message)

    def reset(self) -> None:
        self.ids.rows.clear_widgets()
        self.ids.codes.clear_widgets()
        self.count = 0
        self.message = ""
