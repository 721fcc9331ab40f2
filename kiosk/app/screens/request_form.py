"""A request to an office (issue 17): one form for every kind, drawn from kinds.FIELDS.

What the visitor types or picks goes straight to the requests controller
(`controllers.requests`), which holds the draft in memory, checks it and seals and queues
it on Send; this screen only draws the fields, the problem beside each, and the keyboard.
Text is typed on the app's own keyboard, a phone on a digit pad into a +7 mask. The draft
is wiped by the controller on Back, Home, the idle reset and once it is sent.

The keys (kiosk/app/form_keys.py): the screen's keyboard and digit pad, and a keyboard
attached to the terminal, which types into the field being typed in through the same door
(`FormInput`), so the field's limits hold either way and a phone field takes digits only.

Its fields are kiosk/app/form_fields.py, its words kiosk/app/form_words.py; the buttons
that open a form on the agency and service pages are kiosk/app/request_buttons.py.
"""

from __future__ import annotations

import re

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from content.pack.reader import Pack
from content.presentation.requests import TITLES
from kiosk.app import keyboard as _keyboard  # noqa: F401  (loads OnScreenKeyboard's kv)
from kiosk.app import theme
from kiosk.app.form_fields import FormField, chip_field, consent_field, note_field, text_field
from kiosk.app.form_keys import FormKeys
from kiosk.app.form_words import (
    ANSWER,
    CAPTIONS,
    CHOICES,
    CHOOSE_OFFICE_FIRST,
    FULL,
    WEEKDAY_NAMES,
    WHAT_HAPPENS,
    WHAT_HAPPENS_NO_DAYS,
)
from kiosk.app.screens.base import ALL_AT_ONCE, KioskScreen
from kiosk.core.requests import kinds
from kiosk.core.requests.kinds import CONSENT

theme.load_kv(__file__)

REBUILD_ON = ("answer", "location", "agency")
"""Choices that change the form: an answer wanted asks for a name and an address; an
office gives the days it receives on; an organisation its offices and its days."""

ANSWER_ONLY = ("name", "reply_by", "reply_to")
"""A complaint's fields that are asked for only when the citizen wants an answer."""


class RequestFormScreen(FormKeys, KioskScreen):
    title = StringProperty("")
    lead = StringProperty("")
    form_problem = StringProperty("")
    """A problem with the form as a whole (e.g. the disk is full), above Send."""

    pad = StringProperty("")
    """What is docked at the bottom: '' nothing, 'keys' the keyboard, 'digits' the pad."""

    sending = BooleanProperty(False)
    active = ObjectProperty(None, allownone=True)
    """The text field the keys type into."""

    sent = ObjectProperty(None, allownone=True)
    """The last Sent, for the confirmation screen; cleared at the reset."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._kind = ""
        self._lang = "ru"
        self._context: dict = {}  # ids only: where the form was opened, for a new empty one
        self._fields: dict[str, FormField] = {}
        self._keys = None  # the window's keyboard, held while a field is typed in
        self._docked = {
            "keys": self.ids.keyboard.__self__,
            "digits": self.ids.digits.__self__,
        }
        self.on_pad(self, self.pad)
        self.ids.page.bind(height=self._show_field)

    # -- the screen's life -------------------------------------------------------------------

    @property
    def requests(self):
        return self.controllers.requests

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        from kiosk.app.live_translator import _

        requests = self.requests
        draft = requests.draft
        if draft is None or (key and draft.kind != key):
            # Back from the confirmation: a new empty form for the same place.
            requests.start(key or self._kind, **self._context)
            draft = requests.draft
        if lang != self._lang:
            self.ids.keyboard.set_language(lang)
        self._kind, self._lang, self._pack = draft.kind, lang, pack
        self._context = dict(draft.context)
        self.title = _(TITLES[draft.kind])
        self.form_problem = ""
        self.active = None
        self.pad = ""
        self._build()
        self.ids.page.scroll_y = 1

    def reset(self) -> None:
        self._unfocus()
        self._clear_form()
        self._context = {}
        self._kind = ""
        self.sent = None
        self.pad = ""
        self.form_problem = ""
        self.title = self.lead = ""

    def on_leave(self, *args) -> None:
        super().on_leave(*args)
        self._unfocus()
        self.pad = ""
        # The draft holds what was typed (or was wiped by Back or Home); the fields need not
        # keep a copy while another page is on show. show() builds them again from the draft.
        self._clear_form()

    def _clear_form(self) -> None:
        """Empty every field and all it remembers (undo, selection), then take them away."""
        for widget in self._fields.values():
            field = getattr(widget, "input", None)
            if field is not None:
                field.unbind(text=self._typed)  # not a change of the draft
                field.forget()
        self._fields = {}
        self._release(self.ids.fields)

    def _agency(self) -> str | None:
        """The organisation the form goes to: the page's, or the one the citizen chose."""
        draft = self.requests.draft
        chosen = draft.fields.get("agency") if draft is not None else None
        return self._context.get("agency") or (chosen if isinstance(chosen, str) else None)

    def _lead(self) -> str:
        from kiosk.app.live_translator import _

        agency = self._agency()
        days = self._pack.request_settings(agency).call_back_within_days if agency else None
        if days is None and self._kind in WHAT_HAPPENS_NO_DAYS:
            return _(WHAT_HAPPENS_NO_DAYS[self._kind])
        return _(WHAT_HAPPENS[self._kind]).format(days=days if days is not None else "")

    # -- drawing -----------------------------------------------------------------------------

    def _build(self) -> None:
        draft = self.requests.draft
        values = draft.fields
        self._clear_form()
        self.lead = self._lead()
        widgets = []
        # Which organisation comes first: its offices, days and hours follow from it.
        for spec in sorted(kinds.FIELDS[draft.kind], key=lambda spec: spec.name != "agency"):
            if draft.kind == "complaint" and spec.name in ANSWER_ONLY and not values.get("answer"):
                continue
            widget = self._field(spec, values)
            if widget is not None:
                self._fields[spec.name] = widget
                widgets.append(widget)
        consent = self._consent(draft.kind, values)
        if consent is not None:
            self._fields[CONSENT] = consent
            widgets.append(consent)
        self.fill(self.ids.fields, iter(widgets), at_once=ALL_AT_ONCE)

    def _field(self, spec: kinds.Field, values: dict):
        from kiosk.app.live_translator import _

        name = spec.name
        if name in self._context:
            return None  # the page the form was opened from gave it (an agency, a listing)
        caption = _(CAPTIONS.get(name, name))
        if spec.type in (kinds.LINE, kinds.TEXT, kinds.LIST, kinds.PHONE):
            value = values.get(name, "")
            return text_field(spec, caption, value, self._typed, self._touched, self._full)
        if spec.type == kinds.ID:
            return self._id_field(spec, values, caption)
        if spec.type == kinds.CHOICE:
            options = [(choice, _(CHOICES[choice])) for choice in spec.choices]
        elif spec.type == kinds.SCORE:
            options = [(n, str(n)) for n in range(kinds.SCORE_MIN, kinds.SCORE_MAX + 1)]
        elif spec.type == kinds.FLAG:
            options = [(True, _(ANSWER[True])), (False, _(ANSWER[False]))]
        elif spec.type == kinds.DAY:
            options = self._days()
            if self.requests.reception() is None:  # the days are an office's: say so
                return note_field(name, caption, _(CHOOSE_OFFICE_FIRST))
        else:
            return None
        return self._chips(name, caption, options, values.get(name))

    def _id_field(self, spec: kinds.Field, values: dict, caption: str):
        """An id the place did not give: the organisations that take the form (a service
        several provide), the agency's offices, or the districts."""
        lang = self._lang
        if spec.name == "agency":
            options = self._agency_choices()
            if len(options) == 1:
                self.requests.set(spec.name, options[0][0])
                return None
        elif spec.name == "location" and self._agency():
            agency = self._pack.agency(self._agency())
            options = [
                (loc["id"], loc["name"].get(lang)) for loc in (agency or {}).get("locations", [])
            ]
            if len(options) == 1 and spec.required:
                self.requests.set(spec.name, options[0][0])
                return None
        elif spec.name == "district":
            options = [(d["id"], d["name"].get(lang)) for d in self._pack.districts()]
        else:
            return None
        if not options:
            return None
        # Offices and organisations have long names; districts are short.
        wide = spec.name in ("location", "agency")
        return self._chips(spec.name, caption, options, values.get(spec.name), wide=wide)

    def _agency_choices(self) -> list[tuple[str, str]]:
        """The organisations providing the form's service that take this kind of form,
        by their short names, in the service's order."""
        service = self._context.get("service")
        found = self._pack.service(service) if service else None
        if found is None:
            return []
        providers = found["agencies"]
        taking = agencies_taking(self.requests, [agency["id"] for agency in providers], self._kind)
        return [
            (agency["id"], (agency["short_name"] or agency["name"]).get(self._lang))
            for agency in providers
            if agency["id"] in taking
        ]

    def _days(self) -> list[tuple[str, str]]:
        from kiosk.app.live_translator import _

        reception = self.requests.reception()
        if reception is None:
            return []
        return [
            (day.isoformat(), f"{_(WEEKDAY_NAMES[day.weekday()])} {day:%d.%m}")
            for day in reception.days()
        ]

    def _chips(self, name: str, caption: str, options, chosen, wide: bool = False):
        return chip_field(name, caption, options, chosen, self._chosen, wide=wide)

    def _consent(self, kind: str, values: dict):
        if not kinds.has_personal_data(kind):
            return None
        if kind == "complaint" and not values.get("answer"):
            return None
        parts = self.requests.consent_text() or []
        return consent_field(parts, bool(values.get(CONSENT)), self._chosen)

    # -- what the visitor does ---------------------------------------------------------------

    def _chosen(self, chip) -> None:
        name = chip.field_name
        if name == CONSENT:
            value = chip.state == "down"
        else:
            chip.state = "down"  # a choice stays chosen; another chip of the row replaces it
            value = chip.choice
        self.requests.set(name, value)
        self._clear_problem(name)
        if name in REBUILD_ON:
            self._unfocus()
            scroll = self.ids.page.scroll_y
            self._build()
            self.ids.page.scroll_y = scroll

    def _typed(self, field, text: str) -> None:
        value = text
        if field.field_name == "household":
            value = [item.strip() for item in re.split(r"[,\n]", text)]
        self.requests.set(field.field_name, value)
        self._clear_problem(field.field_name)

    def _full(self, field) -> None:
        from kiosk.app.live_translator import _

        widget = self._fields.get(field.field_name)
        if widget is not None:
            widget.problem = _(FULL).format(limit=int(field.max_chars))

    def _touched(self, field, touch) -> bool:
        if field.collide_point(*touch.pos):
            self._focus(field)
        return False

    def _focus(self, field) -> None:
        if self.active is not None and self.active is not field:
            self.active.focus = False
        self.active = field
        self.pad = "digits" if field.digits_only else "keys"
        field.focus = True
        self._hold_keys()
        Clock.schedule_once(lambda _dt: self._show_field(), 0)

    def step(self, by: int) -> None:
        """To the next (1) or the previous (-1) text field of the form, if there is one."""
        inputs = [w.input for w in self._fields.values() if w.input is not None]
        if self.active not in inputs:
            return
        at = inputs.index(self.active) + by
        if 0 <= at < len(inputs):
            self._focus(inputs[at])

    def _show_field(self, *_args) -> None:
        """Keep the field being typed in sight, also once the keys have taken their room."""
        field = self.active
        if field is not None and field.parent is not None:
            self.ids.page.scroll_to(field, padding=dp(20), animate=False)

    def _unfocus(self) -> None:
        self._let_go_keys()
        if self.active is not None:
            self.active.focus = False
        self.active = None

    def on_pad(self, _screen, pad: str) -> None:
        dock = self.ids.dock
        dock.clear_widgets()
        if pad:
            dock.add_widget(self._docked[pad])

    def close_pad(self) -> None:
        self._unfocus()
        self.pad = ""

    def send(self) -> None:
        from kiosk.app.live_translator import _

        self._unfocus()
        self.pad = ""
        requests = self.requests
        sent = requests.submit()
        if sent is None:
            problems = requests.problems()
            for name, widget in self._fields.items():
                problem = problems.get(name)
                widget.problem = problem.text(_) if problem else ""
            shown = set(self._fields)
            rest = [p.text(_) for n, p in problems.items() if n not in shown]
            self.form_problem = "\n".join(rest)
            self._scroll_to_first_problem()
            return
        self.sent = sent
        self._clear_form()
        self.controllers.navigator.open("request_sent", sent.reference)

    def field(self, name: str) -> FormField | None:
        """The field on show for `name` (CONSENT for the consent), or None."""
        return self._fields.get(name)

    def _clear_problem(self, name: str) -> None:
        widget = self._fields.get(name)
        if widget is not None:
            widget.problem = ""

    def _scroll_to_first_problem(self) -> None:
        for widget in reversed(self.ids.fields.children):
            if widget.problem:
                self.ids.page.scroll_to(widget, padding=dp(20), animate=False)
                return
        if self.form_problem:
            self.ids.page.scroll_y = 0

    def spoken_text(self) -> str:
        """The form's words, without what was typed: a passer-by would hear it."""
        return super().spoken_text()


def agencies_taking(requests, agency_ids, kind: str) -> list[str]:
    """Those of `agency_ids` that take `kind` of form, in their order."""
    return [agency for agency in agency_ids if kind in requests.kinds_for_agency(agency)]
