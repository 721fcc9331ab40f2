"""The row of buttons that opens a request form (kiosk/app/screens/request_form.py), for
the agency and service pages. A service whose agencies take the same kind of request gets
one button for the kind; its form asks first which organisation the citizen writes to."""

from __future__ import annotations

from kivy.factory import Factory

from content.presentation.requests import TITLES
from kiosk.app.screens import request_form as _form  # noqa: F401  (its kv: RequestRow, RequestButton)


def request_row(controllers, agency_ids, listing: tuple[str, str] | None, service: str = ""):
    """The buttons that open a form: one for each kind the agencies take, then "Report wrong
    information" for `listing` (kind, id) when the pack can take it; None if there are none.

    A kind only one of the agencies takes goes to it; a kind several take (a service that
    several organisations provide) opens a form that asks which of them first. `service`
    prefills the forms that name one."""
    from kiosk.app.live_translator import _

    requests = controllers.requests
    row = Factory.RequestRow()
    offered: dict[str, list[str]] = {}  # kind -> the agencies that take it, in pack order
    for agency_id in agency_ids:
        for kind in requests.kinds_for_agency(agency_id):
            if kind != "wrong_info":
                offered.setdefault(kind, []).append(agency_id)
    for kind, takers in offered.items():
        button = Factory.RequestButton(text=_(TITLES[kind]))
        context = {"service": service} if service else {}
        if len(takers) == 1:
            context["agency"] = takers[0]
        button.bind(on_release=_opener(controllers, kind, **context))
        row.add_widget(button)
    if listing is not None and requests.can_report():
        kind_of, key = listing
        button = Factory.RequestButton(text=_("Сообщить об ошибке"))
        button.bind(on_release=_opener(controllers, "wrong_info", listing=kind_of, listing_id=key))
        row.add_widget(button)
    return row if row.children else None


def _opener(controllers, kind: str, **context):
    def open_form(*_args) -> None:
        controllers.requests.start(kind, **context)
        controllers.navigator.open("request_form", kind)

    return open_form
