"""A request to an office (issue 17): one form for every kind, drawn from kinds.FIELDS.

What the visitor types or picks goes straight to the requests controller
(`controllers.requests`), which holds the draft in memory, checks it and seals and queues
it on Send; this screen only draws the fields, the problem beside each, and the keyboard.
Text is typed on the app's own keyboard, a phone on a digit pad into a +7 mask. The draft
is wiped by the controller on Back, Home, the idle reset and once it is sent.

A keyboard attached to the terminal (staff, a visitor's own assistive keyboard) types into
the field being typed in too: while a field is, the screen holds the window's keyboard and
hands its keys to that field (`FormInput`), through the same door as the screen's keys, so
the field's limits hold either way and a phone field takes digits only. Tab moves to the
next text field, Escape folds the keyboard away as Done does (a second Escape is Back).

`request_row()` is the row of buttons that opens a form, for the agency and service pages.
A service whose agencies take the same kind of request gets one button for the kind; its
form asks first which organisation the citizen writes to.
"""

from __future__ import annotations

import re

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty

from content.pack.reader import Pack
from content.presentation.i18n import N_
from kiosk.app import keyboard as _keyboard  # noqa: F401  (loads OnScreenKeyboard's kv)
from kiosk.app import theme
from kiosk.app.screens.base import ALL_AT_ONCE, KioskScreen
from kiosk.app.widgets import SealedInput
from kiosk.core import keyboard as layouts
from kiosk.core.requests import kinds
from kiosk.core.requests.kinds import CONSENT

theme.load_kv(__file__)

TITLES = {
    "appointment": N_("Записаться на приём"),
    "callback": N_("Заказать обратный звонок"),
    "rating": N_("Оценить качество услуги"),
    "complaint": N_("Написать жалобу"),
    "wrong_info": N_("Сообщить об ошибке в сведениях"),
    "about_me": N_("Рассказать о себе"),
}
"""A form's title, also the label of the button that opens it."""

WHAT_HAPPENS = {
    "appointment": N_(
        "Это заявка на приём, а не запись на точное время: сотрудники позвонят вам "
        "в течение {days} рабочих дней и подтвердят день и время."
    ),
    "callback": N_("Сотрудники позвонят вам в течение {days} рабочих дней."),
    "rating": N_("Оцените по пяти вопросам от 1 (плохо) до 5 (отлично). Имя и телефон не нужны."),
    "complaint": N_(
        "Если вы укажете, куда ответить, жалобу зарегистрируют и ответят в течение 30 дней "
        "(закон № 59-ФЗ). Без адреса для ответа жалобу прочтут, но ответа не будет."
    ),
    "wrong_info": N_(
        "Сообщение получат сотрудники, которые ведут сведения на терминале. Имя и телефон не нужны."
    ),
    "about_me": N_(
        "Сотрудники найдут ваше сообщение по его номеру, когда вы придёте. "
        "Не пишите номер паспорта или СНИЛС."
    ),
}
"""The plain sentence under the title: what happens to the form."""

WHAT_HAPPENS_NO_DAYS = {
    "appointment": N_(
        "Это заявка на приём, а не запись на точное время: сотрудники выбранной "
        "организации позвонят вам и подтвердят день и время."
    ),
    "callback": N_("Сотрудники выбранной организации позвонят вам."),
}
"""The same before the organisation is chosen (its pack data say within how many days)."""

CAPTIONS = {
    "agency": N_("Выберите организацию"),
    "topic": N_("О чём вы хотите поговорить"),
    "mode": N_("Как с вами связаться"),
    "day": N_("Желаемый день"),
    "part_of_day": N_("Время дня"),
    "name": N_("Ваше имя"),
    "phone": N_("Телефон"),
    "location": N_("Отделение"),
    "district": N_("Район"),
    "household": N_("Кто живёт с вами (через запятую)"),
    "help": N_("Какая помощь вам нужна"),
    "comment": N_("Комментарий (если хотите)"),
    "text": N_("Текст"),
    "answer": N_("Нужен ли вам ответ"),
    "reply_by": N_("Как ответить"),
    "reply_to": N_("Адрес для ответа: почтовый или электронной почты"),
    "wrong": N_("Что неверно"),
    "waiting": N_("Время ожидания в очереди"),
    "staff": N_("Вежливость и компетентность сотрудников"),
    "comfort": N_("Комфортность помещения"),
    "duration": N_("Время предоставления услуги"),
    "information": N_("Доступность информации об услуге"),
}

CHOICES = {
    "morning": N_("Утром"),
    "afternoon": N_("После обеда"),
    "callback": N_("Позвонить мне"),
    "online": N_("Онлайн-консультация"),
    "post": N_("Почтой"),
    "email": N_("Электронной почтой"),
    "address": N_("Адрес"),
    "hours": N_("Часы работы"),
    "phone": N_("Телефон"),
    "link": N_("Ссылка на сайт"),
    "other": N_("Другое"),
}

ANSWER = {True: N_("Да, жду ответа"), False: N_("Нет, ответ не нужен")}

WEEKDAY_NAMES = (
    N_("пн"),
    N_("вт"),
    N_("ср"),
    N_("чт"),
    N_("пт"),
    N_("сб"),
    N_("вс"),
)

PHONE_MASK = "+7 (___) ___-__-__"
PHONE_DIGITS = 10
DIGIT_PAD = "123456789"

REBUILD_ON = ("answer", "location", "agency")
"""Choices that change the form: an answer wanted asks for a name and an address; an
office gives the days it receives on; an organisation its offices and its days."""

CHOOSE_OFFICE_FIRST = N_("Дни приёма появятся здесь, когда вы выберете отделение")
"""Where an appointment's days go until an office is chosen."""

FULL = N_("Больше не поместится: здесь не больше {limit} символов")
"""Beside a field that has taken all the characters it takes."""

DIGITS = "0123456789"

ANSWER_ONLY = ("name", "reply_by", "reply_to")
"""A complaint's fields that are asked for only when the citizen wants an answer."""


def phone_masked(digits: str) -> str:
    """Up to ten digits after +7 put into the mask as far as they go: '+7 (342) 12'."""
    out, taken = "", 0
    for char in PHONE_MASK:
        if taken == len(digits):
            break
        if char == "_":
            out += digits[taken]
            taken += 1
        else:
            out += char
    return out or "+7"


def phone_digits(text: str) -> str:
    """The digits after +7 of a masked number."""
    digits = re.sub(r"\D", "", text)
    return digits[1:] if text.startswith("+7") else digits


class FormInput(SealedInput):
    """A form's text field (request_form.kv). The screen's keys and a keyboard attached to
    the terminal both type through `insert_text`, which keeps the field's limits: never more
    than `max_chars`, and a phone field takes digits only, shown in the +7 mask."""

    field_name = StringProperty("")
    """The form's field it types into."""

    digits_only = BooleanProperty(False)
    """A phone: only digits reach it, at most PHONE_DIGITS, shown in PHONE_MASK."""

    max_chars = NumericProperty(0)
    """The most characters the field takes (the request model's limit); 0 for no limit."""

    __events__ = ("on_full",)

    def insert_text(self, substring, from_undo=False):
        if from_undo:
            return super().insert_text(substring, from_undo=True)
        if self.digits_only:
            self.type_digits(substring)
            return None
        full = False
        if self.max_chars:
            room = max(0, int(self.max_chars) - len(self.text))
            if len(substring) > room:
                substring, full = substring[:room], True
        if substring:
            super().insert_text(substring, from_undo=False)
        if full:
            self.dispatch("on_full")
        return None

    def on_full(self) -> None:
        """A character was refused: the field holds `max_chars` already."""

    def type_digits(self, typed: str) -> None:
        """The digits of `typed` after those typed so far, as far as the mask goes."""
        digits = phone_digits(self.text) + "".join(c for c in typed if c in DIGITS)
        self._show_digits(digits[:PHONE_DIGITS])

    def erase_digit(self) -> None:
        """The last digit, and the mask's signs after it, go."""
        self._show_digits(phone_digits(self.text)[:-1])

    def do_backspace(self, from_undo=False, mode="bkspc"):
        if self.digits_only and not from_undo:
            if mode == "bkspc":  # Delete, after the last digit, has nothing to take
                self.erase_digit()
            return
        super().do_backspace(from_undo=from_undo, mode=mode)

    def _show_digits(self, digits: str) -> None:
        self.text = phone_masked(digits) if digits else ""
        self.cursor = (len(self.text), 0)


class FormField(Factory.BoxLayout):
    """A field's caption, its input and the problem under it (request_form.kv)."""

    name = StringProperty("")
    caption = StringProperty("")
    problem = StringProperty("")
    explanation = StringProperty("")
    """What a choice agrees to, when the field shows a text for it (the consent's): the
    keypad mode says it with the choice, so that no one agrees without hearing to what."""


class RequestFormScreen(KioskScreen):
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
            multiline = spec.type in (kinds.TEXT, kinds.LIST)
            value = values.get(name, "")
            if isinstance(value, list):
                value = ", ".join(value)
            box = FormField(name=name, caption=caption)
            field = FormInput(
                multiline=multiline,
                text=value or "",
                field_name=name,
                digits_only=spec.type == kinds.PHONE,
                max_chars=_max_chars(spec),
            )
            if spec.type == kinds.PHONE:
                field.hint_text = PHONE_MASK
            field.bind(text=self._typed, on_touch_down=self._touched, on_full=self._full)
            box.input = field
            box.ids.holder.add_widget(field)
            return box
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
                box = FormField(name=name, caption=caption)
                box.ids.holder.add_widget(Factory.Note(text=_(CHOOSE_OFFICE_FIRST)))
                box.input = None
                return box
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
        box = FormField(name=name, caption=caption)
        row = Factory.ChipRow()
        group = f"request-{name}"
        for value, label in options:
            chip = (Factory.WideChip if wide else Factory.FormChip)(text=label, group=group)
            chip.choice = value
            chip.field_name = name
            if value == chosen:
                chip.state = "down"
            chip.bind(on_release=self._chosen)
            row.add_widget(chip)
        box.ids.holder.add_widget(row)
        box.input = None
        return box

    def _consent(self, kind: str, values: dict):
        from kiosk.app.live_translator import _

        if not kinds.has_personal_data(kind):
            return None
        if kind == "complaint" and not values.get("answer"):
            return None
        parts = self.requests.consent_text() or []
        # The parts (operator, purpose, ...) are paragraphs of one text; their keys are no titles.
        text = "\n\n".join(_escape(body) for _part, body in parts if body)
        box = FormField(name=CONSENT, caption=_("Согласие на обработку персональных данных"))
        box.explanation = " ".join(body for _part, body in parts if body)
        box.add_widget(Factory.Note(text=text), index=2)
        chip = Factory.FormChip(text=_("Я согласен(на)"))
        chip.choice = True
        chip.field_name = CONSENT
        chip.state = "down" if values.get(CONSENT) else "normal"
        chip.bind(on_release=self._chosen)
        row = Factory.ChipRow()
        row.add_widget(chip)
        box.ids.holder.add_widget(row)
        box.input = None
        return box

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

    # -- a keyboard attached to the terminal -------------------------------------------------

    def _hold_keys(self) -> None:
        """Take the window's keyboard, for the field being typed in (once: a widget that
        asks for it again is told first that it lost it)."""
        if self._keys is not None:
            return
        from kivy.core.window import Window

        keys = Window.request_keyboard(self._keys_taken, self)
        keys.bind(on_key_down=self._key_down, on_textinput=self._text_typed)
        self._keys = keys

    def _keys_taken(self) -> None:
        """Kivy's word that the keyboard went (to another widget, or given back): let go."""
        keys, self._keys = self._keys, None
        if keys is not None:
            keys.unbind(on_key_down=self._key_down, on_textinput=self._text_typed)

    def _let_go_keys(self) -> None:
        keys = self._keys
        if keys is not None:
            self._keys_taken()
            keys.release()

    def _key_down(self, keyboard, keycode, text, modifiers) -> bool:
        """A key pressed: Tab and Escape are the form's, the rest the field's (Backspace,
        the arrows; shortcuts, which a SealedInput ignores). True: taken, not Back."""
        field = self.active
        if field is None:
            return False
        name, modifiers = keycode[1], set(modifiers)
        if name == "tab" and not modifiers & {"ctrl", "alt", "meta", "super", "compose"}:
            self.step(-1 if "shift" in modifiers else 1)
            return True
        if name == "escape":
            self.close_pad()
            return True
        return bool(field.keyboard_on_key_down(keyboard, keycode, text, modifiers))

    def _text_typed(self, keyboard, text: str) -> None:
        """What the key typed (SDL sends it apart from the key, an emoji or a character of
        an input method without a key at all): into the field, through its limits."""
        field = self.active
        if field is not None:
            field.keyboard_on_textinput(keyboard, text)

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

    def type_key(self, key: layouts.Key) -> None:
        """A key of the on-screen keyboard: into the field being typed."""
        field = self.active
        if field is None:
            return
        if key.kind == layouts.DONE:
            self._unfocus()
            self.pad = ""
            return
        if key.kind == layouts.BACKSPACE:
            field.do_backspace()
        elif key.text:
            field.insert_text(key.text)
        field.focus = True

    def type_digit(self, digit: str) -> None:
        """A key of the digit pad: the phone's digits, shown in the +7 mask."""
        field = self.active
        if field is None:
            return
        if digit == "<":
            field.erase_digit()
        else:
            field.type_digits(digit)
        field.focus = True

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


def _escape(text: str) -> str:
    from kivy.utils import escape_markup

    return escape_markup(text or "")


def _max_chars(spec: kinds.Field) -> int:
    """The characters a field takes at most: its limit; a list's items and their commas."""
    if spec.type == kinds.LIST:
        return spec.items * (spec.limit + 2)
    return spec.limit


def agencies_taking(requests, agency_ids, kind: str) -> list[str]:
    """Those of `agency_ids` that take `kind` of form, in their order."""
    return [agency for agency in agency_ids if kind in requests.kinds_for_agency(agency)]


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
