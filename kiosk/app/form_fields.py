"""The fields of the request form (kiosk/app/screens/request_form.py, whose .kv styles them):
a text field that keeps its limits whatever types into it, a phone in its +7 mask, and the
boxes of a caption, an input or a row of choices, and the problem under it."""

from __future__ import annotations

import re

from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.app.widgets import SealedInput
from kiosk.core.requests import kinds
from kiosk.core.requests.kinds import CONSENT

PHONE_MASK = "+7 (___) ___-__-__"
PHONE_DIGITS = 10
DIGITS = "0123456789"


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


def _escape(text: str) -> str:
    from kivy.utils import escape_markup

    return escape_markup(text or "")


def max_chars(spec: kinds.Field) -> int:
    """The characters a field takes at most: its limit; a list's items and their commas."""
    if spec.type == kinds.LIST:
        return spec.items * (spec.limit + 2)
    return spec.limit


def text_field(spec: kinds.Field, caption: str, value, on_typed, on_touch, on_full) -> FormField:
    """A field typed in: on the screen's keyboard, or on the digit pad for a phone."""
    if isinstance(value, list):
        value = ", ".join(value)
    box = FormField(name=spec.name, caption=caption)
    field = FormInput(
        multiline=spec.type in (kinds.TEXT, kinds.LIST),
        text=value or "",
        field_name=spec.name,
        digits_only=spec.type == kinds.PHONE,
        max_chars=max_chars(spec),
    )
    if spec.type == kinds.PHONE:
        field.hint_text = PHONE_MASK
    field.bind(text=on_typed, on_touch_down=on_touch, on_full=on_full)
    box.input = field
    box.ids.holder.add_widget(field)
    return box


def note_field(name: str, caption: str, note: str) -> FormField:
    """A field with nothing to choose yet: a note says why."""
    box = FormField(name=name, caption=caption)
    box.ids.holder.add_widget(Factory.Note(text=note))
    box.input = None
    return box


def chip_field(name: str, caption: str, options, chosen, on_choose, wide: bool = False):
    """A row of choices, (value, label) each, `chosen` down; wide chips for long names."""
    box = FormField(name=name, caption=caption)
    row = Factory.ChipRow()
    group = f"request-{name}"
    for value, label in options:
        chip = (Factory.WideChip if wide else Factory.FormChip)(text=label, group=group)
        chip.choice = value
        chip.field_name = name
        if value == chosen:
            chip.state = "down"
        chip.bind(on_release=on_choose)
        row.add_widget(chip)
    box.ids.holder.add_widget(row)
    box.input = None
    return box


def consent_field(parts, agreed: bool, on_choose) -> FormField:
    """The consent to the processing of personal data: the pack's text and one chip."""
    from kiosk.app.live_translator import _

    # The parts (operator, purpose, ...) are paragraphs of one text; their keys are no titles.
    text = "\n\n".join(_escape(body) for _part, body in parts if body)
    box = FormField(name=CONSENT, caption=_("Согласие на обработку персональных данных"))
    box.explanation = " ".join(body for _part, body in parts if body)
    box.add_widget(Factory.Note(text=text), index=2)
    chip = Factory.FormChip(text=_("Я согласен(на)"))
    chip.choice = True
    chip.field_name = CONSENT
    chip.state = "down" if agreed else "normal"
    chip.bind(on_release=on_choose)
    row = Factory.ChipRow()
    row.add_widget(chip)
    box.ids.holder.add_widget(row)
    box.input = None
    return box
