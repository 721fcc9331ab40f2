"""Upcoming free classes and events, soonest first, each with "add to my list"."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import escape_markup

from content.pack.reader import Pack
from content.pack.records import Record
from content.presentation.links import qr_address
from kiosk.app import theme
from kiosk.app.markup import (
    display_url,
    event_cost,
    format_event_time,
    markdown_to_markup,
    office_address,
)
from kiosk.app.qr import QRCode  # noqa: F401  (used in events.kv)
from kiosk.app.screens.base import KioskScreen

theme.load_kv(__file__)

MAX_EVENTS = 20
"""At most this many events are listed: more than a visitor reads, and each costs drawing."""

CARDS_AT_ONCE = 3
"""Cards built before the screen is drawn: those that fit on it (see KioskScreen.fill)."""


class EventCard(BoxLayout):
    """One event: when, what, where, cost and registration; its code and "my list"."""

    key = StringProperty("")
    """The event's id."""

    when = StringProperty("")
    """Date and time in words: '10 февраля 2027 г., 14:00–15:30'."""

    title = StringProperty("")
    """The event's title, plain text."""

    details = StringProperty("")
    """Topic, place, cost and registration, Kivy markup."""

    description = StringProperty("")
    """What happens there, Kivy markup."""

    qr_data = StringProperty("")
    """The event's page for the QR code, or '' when it has none on the allowlist."""

    qr_caption = StringProperty("")
    """What the code is for, and the address in short."""

    in_list = BooleanProperty(False)
    """True when the event is on the visitor's "my list"."""

    printing = ObjectProperty(None)
    """The printing controller (kiosk.core.controllers.printing), which keeps "my list"."""

    reporter = ObjectProperty(None, allownone=True)
    """Opens "Report wrong information" for an event id, or None when the pack takes none."""

    def toggle_in_list(self) -> None:
        self.in_list = self.printing.toggle("event", self.key)

    def report(self) -> None:
        if self.reporter is not None:
            self.reporter(self.key)


def event_details(event: Record, pack: Pack, lang: str) -> str:
    """The lines under an event's title: topic, place, cost, registration."""
    from kiosk.app.live_translator import _

    def text(record: Record, field: str) -> str:
        value = record.get(field)
        return value.get(lang) if value else ""

    lines = []
    if text(event, "topic"):
        lines.append(f"[b]{_('Тема:')}[/b] " + escape_markup(text(event, "topic")))
    place = []
    location = pack.location(event["location_id"]) if event.get("location_id") else None
    if location is not None:
        place.append(text(location, "name"))
        place.append(office_address(location, lang))
    if text(event, "place"):
        place.append(text(event, "place"))
    if place:
        lines.append(f"[b]{_('Где:')}[/b] " + escape_markup(", ".join(p for p in place if p)))
    cost = event_cost(event.get("cost"))
    if cost:
        lines.append(f"[b]{_('Стоимость:')}[/b] " + cost)
    if text(event, "registration"):
        lines.append(f"[b]{_('Запись:')}[/b] " + escape_markup(text(event, "registration")))
    return "\n".join(lines)


class EventsScreen(KioskScreen):
    released_on_leave = ("cards",)

    empty = BooleanProperty(False)
    """True when the pack has no upcoming events."""

    more = StringProperty("")
    """Under a list cut at MAX_EVENTS: that there are more."""

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        from kiosk.app.live_translator import _

        after = self.controllers.now().strftime("%Y-%m-%dT%H:%M")
        events = pack.events(after=after, limit=MAX_EVENTS + 1)
        cards = _cards(events[:MAX_EVENTS], pack, lang, self.controllers.printing, self._reporter())
        self.fill(self.ids.cards, cards, at_once=CARDS_AT_ONCE)
        self.empty = not events
        self.more = (
            _("Показаны ближайшие {n}.").format(n=MAX_EVENTS) if len(events) > MAX_EVENTS else ""
        )
        self.ids.page.scroll_y = 1

    def _reporter(self):
        """Opens the wrong-information form for an event, if the pack takes requests."""
        controllers = self.controllers
        if not controllers.requests.can_report():
            return None

        def report(event_id: str) -> None:
            controllers.requests.start("wrong_info", listing="event", listing_id=event_id)
            controllers.navigator.open("request_form", "wrong_info")

        return report

    def reset(self) -> None:
        self.ids.cards.clear_widgets()  # filled again, for the next visitor, on the next visit
        self.empty = False
        self.more = ""


def _cards(events: list[Record], pack: Pack, lang: str, printing, reporter=None):
    """A card for each event, built when it is taken."""
    from kiosk.app.live_translator import _

    hosts = pack.meta.allowed_hosts
    for event in events:
        address = qr_address(event.get("url"), hosts)
        description = event.get("description")
        yield EventCard(
            key=event["id"],
            when=format_event_time(event["starts"], event.get("ends")),
            title=event["title"].get(lang),
            details=event_details(event, pack, lang),
            description=markdown_to_markup(description.get(lang)) if description else "",
            qr_data=address,
            qr_caption=(
                _("Подробнее: наведите камеру телефона на код") + f"\n{display_url(address)}"
                if address
                else ""
            ),
            in_list=printing.in_list("event", event["id"]),
            printing=printing,
            reporter=reporter,
        )
