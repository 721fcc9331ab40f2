"""Checking a form before it is sent: each field's problem, in words the form shows beside it.

`check(kind, fields)` never raises, whatever it is given: it returns the fields as they will
be sent (a phone as +7 and 10 digits, a date as text, empty optional fields left out) and a
problem per field, a Russian msgid (marked with N_, translated by the screen) and its
parameters. No parameter ever holds what the citizen typed, so a problem may be logged.

With a `Reception` (today, the office's opening hours, how many days ahead) an appointment's
day and part of day are checked against the days the office receives on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from content.characters import hidden_characters
from content.model import WEEKDAYS, OpeningHours
from content.presentation.i18n import N_
from kiosk.core.requests import kinds
from kiosk.core.requests.kinds import CONSENT, Field

FORM = ""
"""The key of a problem with the form as a whole rather than one field."""

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
"""A pack's ids, as the publisher reads them (content/publisher/fields.py)."""
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
_PHONE_CHARS = re.compile(r"\+?[\d\s().\-‐‑–—]*")

# A passport or СНИЛС number has no place at a public terminal (the issue): the forms never
# ask for one, and a free text that holds one is refused rather than sent and kept. A phone
# number is not mistaken for them: СНИЛС is written 123-456-789 01 (and must add up to its
# check digits), a passport's 10 digits count only after the word passport or series.
_SNILS_GROUPED = re.compile(r"(?<!\d)(\d{3})[- ](\d{3})[- ](\d{3})[- ](\d{2})(?!\d)")
_SNILS_NAMED = re.compile(r"снилс\D{0,20}((?:\d[\s\-]?){10}\d)(?!\d)", re.IGNORECASE)
_PASSPORT = re.compile(r"(паспорт|сери[яи])\D{0,40}\d{2}\s?\d{2}\D{0,12}\d{6}(?!\d)", re.IGNORECASE)

REQUIRED = N_("Заполните это поле")
UNKNOWN = N_("Такого поля в этой форме нет")
WRONG_VALUE = N_("Неверное значение")
TOO_LONG = N_("Слишком длинно: не больше {limit} символов, сейчас {length}")
TOO_MANY = N_("Слишком много: не больше {limit}, сейчас {count}")
HIDDEN = N_("В тексте есть невидимый или управляющий символ (знак {position}): удалите его")
ONE_LINE = N_("Здесь нужна одна строка")
ID_DOCUMENT = N_("Не пишите номер паспорта или СНИЛС: он здесь не нужен")
CHOOSE = N_("Выберите один из вариантов")
SCORE = N_("Поставьте оценку от 1 до 5")
PHONE_LETTERS = N_("В номере телефона могут быть только цифры")
PHONE_DIGITS = N_("Номер телефона: +7 и 10 цифр, например +7 342 123-45-67")
DAY_FORMAT = N_("Выберите день")
DAY_OUTSIDE = N_("Выберите день с {first} по {last}")
DAY_CLOSED = N_("В этот день отделение не принимает")
PART_CLOSED = N_("В это время дня отделение не принимает")
CONSENT_NEEDED = N_("Нужно ваше согласие на обработку персональных данных")
EMAIL = N_("Проверьте адрес электронной почты")
ADDRESS_UNNEEDED = N_("Адрес нужен, только если вы ждёте ответа")
NOT_A_FORM = N_("Форма не заполнена")
UNKNOWN_KIND = N_("Такой формы нет")


class Problem(NamedTuple):
    """What is wrong with a field: a msgid and its parameters (never the typed value)."""

    msgid: str
    params: Mapping[str, Any] = {}

    def text(self, gettext=None) -> str:
        """The message in words: `gettext` translates the msgid (Russian without one).
        Dates among the parameters are shown as the caller formats them beforehand."""
        message = gettext(self.msgid) if gettext else self.msgid
        return message.format(**self.params)


@dataclass(frozen=True)
class Reception:
    """When the office of an appointment receives: what a preferred day is checked against."""

    today: date
    """The terminal's local date."""
    hours: tuple[OpeningHours, ...]
    """The office's opening hours (content.hours.parse_hours, or the pack's Location.hours)."""
    days_ahead: int = 14
    """The last day that may be asked for, counted from today; today itself may not be."""

    def days(self) -> list[date]:
        """The days a citizen may choose: tomorrow to `days_ahead`, when the office receives."""
        open_days = {h.weekday for h in self.hours}
        window = (self.today + timedelta(days=n) for n in range(1, self.days_ahead + 1))
        return [day for day in window if WEEKDAYS[day.weekday()] in open_days]

    def parts_of_day(self, day: date) -> tuple[str, ...]:
        """The parts of `day` (morning, afternoon) in which the office receives."""
        weekday = WEEKDAYS[day.weekday()]
        intervals = [h for h in self.hours if h.weekday == weekday]
        parts = []
        if any(h.opens < kinds.NOON for h in intervals):
            parts.append("morning")
        if any(h.closes > kinds.NOON for h in intervals):
            parts.append("afternoon")
        return tuple(parts)


@dataclass(frozen=True)
class Checked:
    """A form after the check: the fields as they will be sent, and the problems by field."""

    fields: dict[str, Any] = field(default_factory=dict, repr=False)
    """Left out of the repr: nothing a citizen typed in a log or a traceback."""
    problems: dict[str, Problem] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(kind: object, fields: object, *, reception: Reception | None = None) -> Checked:
    """Check a form of `kind`; never raises. See the module's docstring."""
    try:
        return _check(kind, fields, reception)
    except Exception:  # a bug here must refuse the form, never let it through unchecked
        return Checked({}, {FORM: Problem(WRONG_VALUE)})


def _check(kind: object, fields: object, reception: Reception | None) -> Checked:
    if not isinstance(kind, str) or kind not in kinds.FIELDS:
        return Checked({}, {FORM: Problem(UNKNOWN_KIND)})
    if not isinstance(fields, Mapping):
        return Checked({}, {FORM: Problem(NOT_A_FORM)})
    specs = kinds.fields_of(kind)
    clean: dict[str, Any] = {}
    problems: dict[str, Problem] = {}
    for name in fields:
        if name == CONSENT and kinds.has_personal_data(kind):
            continue
        if not isinstance(name, str) or name not in specs:
            key = name if isinstance(name, str) and FIELD_NAME.fullmatch(name) else FORM
            problems.setdefault(key, Problem(UNKNOWN))
    for name, spec in specs.items():
        value, problem = _value(spec, fields.get(name))
        if problem:
            problems[name] = problem
        elif value is not None:
            clean[name] = value
    _RULES.get(kind, _no_rule)(clean, problems, reception)
    _consent(kind, specs, fields.get(CONSENT), clean, problems)
    return Checked(clean, problems)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and not _filled(value))


def _filled(value: str | list | tuple) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return any(not isinstance(item, str) or item.strip() for item in value)


def _value(spec: Field, value: object) -> tuple[Any, Problem | None]:
    """The value to send (None: leave it out) or the field's problem."""
    if _empty(value):
        return None, (Problem(REQUIRED) if spec.required else None)
    reader = _READERS[spec.type]
    return reader(spec, value)


def _text(spec: Field, value: object, *, one_line: bool = False) -> tuple[Any, Problem | None]:
    if not isinstance(value, str):
        return None, Problem(WRONG_VALUE)
    if len(value) > spec.limit:
        return None, Problem(TOO_LONG, {"limit": spec.limit, "length": len(value)})
    for index in hidden_characters(value):
        return None, Problem(HIDDEN, {"position": index + 1})
    if one_line and ("\n" in value or "\r" in value):
        return None, Problem(ONE_LINE)
    if holds_id_document(value):
        return None, Problem(ID_DOCUMENT)
    return value, None


def _line(spec: Field, value: object) -> tuple[Any, Problem | None]:
    return _text(spec, value, one_line=True)


def _list(spec: Field, value: object) -> tuple[Any, Problem | None]:
    if not isinstance(value, list | tuple):
        return None, Problem(WRONG_VALUE)
    if len(value) > spec.items:
        return None, Problem(TOO_MANY, {"limit": spec.items, "count": len(value)})
    items = []
    for item in value:
        if isinstance(item, str) and not item.strip():
            continue  # an empty line of the list, as a form leaves one
        checked, problem = _line(spec, item)
        if problem:
            return None, problem
        items.append(checked)
    return items, None


def _id(spec: Field, value: object) -> tuple[Any, Problem | None]:
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return value, None
    return None, Problem(WRONG_VALUE)


def _choice(spec: Field, value: object) -> tuple[Any, Problem | None]:
    if isinstance(value, str) and value in spec.choices:
        return value, None
    return None, Problem(CHOOSE)


def _score(spec: Field, value: object) -> tuple[Any, Problem | None]:
    if type(value) is int and kinds.SCORE_MIN <= value <= kinds.SCORE_MAX:
        return value, None
    return None, Problem(SCORE)


def _flag(spec: Field, value: object) -> tuple[Any, Problem | None]:
    if type(value) is bool:
        return value, None
    return None, Problem(WRONG_VALUE)


def _day(spec: Field, value: object) -> tuple[Any, Problem | None]:
    if type(value) is date:
        return value.isoformat(), None
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat(), None
        except ValueError:
            pass
    return None, Problem(DAY_FORMAT)


def _phone(spec: Field, value: object) -> tuple[Any, Problem | None]:
    if not isinstance(value, str):
        return None, Problem(WRONG_VALUE)
    phone = normalize_phone(value)
    if phone:
        return phone, None
    if len(value) <= 40 and any(char.isalpha() for char in value):
        return None, Problem(PHONE_LETTERS)
    return None, Problem(PHONE_DIGITS)


_READERS = {
    kinds.TEXT: _text,
    kinds.LINE: _line,
    kinds.ID: _id,
    kinds.CHOICE: _choice,
    kinds.SCORE: _score,
    kinds.FLAG: _flag,
    kinds.DAY: _day,
    kinds.PHONE: _phone,
    kinds.LIST: _list,
}


_YES = frozenset({"yes", "true", "1", "да"})
_NO = frozenset({"no", "false", "0", "нет"})


def from_texts(kind: str, pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A form from `name=value` texts (`kiosk request KIND --field name=value …`), typed as
    `kind` wants: scores as ints, flags from yes/no (true/false, да/нет), a list from the
    same name given again. A text that does not convert stays text, for `check` to tell."""
    specs = kinds.fields_of(kind) if kind in kinds.FIELDS else {}
    form: dict[str, Any] = {}
    for name, text in pairs:
        spec = specs.get(name)
        kind_of = spec.type if spec else (kinds.FLAG if name == CONSENT else None)
        if kind_of == kinds.LIST:
            form.setdefault(name, []).append(text)
        elif kind_of == kinds.SCORE and text.strip().isdecimal() and text.strip().isascii():
            form[name] = int(text)
        elif kind_of == kinds.FLAG and text.strip().lower() in _YES | _NO:
            form[name] = text.strip().lower() in _YES
        else:
            form[name] = text
    return form


def normalize_phone(text: str) -> str | None:
    """A Russian phone number as +7 and 10 digits, or None.

    Takes +7 912 345-67-89, 8 (912) 345 67 89, 7..., or the 10 digits alone (the digit pad
    shows +7 and asks for the rest); no letters."""
    if len(text) > 40 or not _PHONE_CHARS.fullmatch(text.strip()):
        return None
    digits = "".join(char for char in text if char.isdigit())
    if not digits.isascii():
        return None
    if text.strip().startswith("+"):
        ok = len(digits) == 11 and digits[0] == "7"
    else:
        ok = len(digits) == 10 or (len(digits) == 11 and digits[0] in "78")
    return f"+7{digits[-10:]}" if ok else None


def holds_id_document(text: str) -> bool:
    """True if `text` seems to hold a passport or СНИЛС number (see the patterns above)."""
    if not any(char.isdigit() for char in text):
        return False
    for match in _SNILS_GROUPED.finditer(text):
        if _snils_adds_up("".join(match.groups())):
            return True
    return bool(_SNILS_NAMED.search(text) or _PASSPORT.search(text))


def _snils_adds_up(digits: str) -> bool:
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:9]))
    return total % 101 % 100 == int(digits[9:])


# -- rules across fields ---------------------------------------------------------------------


def _no_rule(clean: dict, problems: dict, reception: Reception | None) -> None:
    return None


def _appointment(clean: dict, problems: dict, reception: Reception | None) -> None:
    if reception is None or "day" not in clean:
        return
    day = date.fromisoformat(clean["day"])
    first = reception.today + timedelta(days=1)
    last = reception.today + timedelta(days=reception.days_ahead)
    if not first <= day <= last:
        problems["day"] = Problem(DAY_OUTSIDE, {"first": first, "last": last})
    elif day not in reception.days():
        problems["day"] = Problem(DAY_CLOSED)
    elif "part_of_day" in clean and clean["part_of_day"] not in reception.parts_of_day(day):
        problems["part_of_day"] = Problem(PART_CLOSED)


def _complaint(clean: dict, problems: dict, reception: Reception | None) -> None:
    if clean.get("answer"):
        # 59-FZ, article 7: an appeal gives the name and the address for the answer.
        for name in ("name", "reply_by", "reply_to"):
            if name not in clean:
                problems.setdefault(name, Problem(REQUIRED))
        if clean.get("reply_by") == "email" and "reply_to" in clean:
            if not _EMAIL.fullmatch(clean["reply_to"].strip()):
                problems["reply_to"] = Problem(EMAIL)
    else:
        # No answer, no address: nothing personal is kept that is not needed (152-FZ).
        for name in ("reply_by", "reply_to"):
            if name in clean:
                problems[name] = Problem(ADDRESS_UNNEEDED)


def _wrong_info(clean: dict, problems: dict, reception: Reception | None) -> None:
    if clean.get("wrong") == "other" and "text" not in clean:
        problems.setdefault("text", Problem(REQUIRED))


_RULES = {"appointment": _appointment, "complaint": _complaint, "wrong_info": _wrong_info}


def _consent(kind: str, specs: dict[str, Field], given: object, clean: dict, problems: dict):
    # Consent is asked for as soon as a personal field is filled in or needed (a problem on
    # it): said at once, not after the citizen has fixed the rest.
    needed = any(
        spec.personal and (name in clean or name in problems) for name, spec in specs.items()
    )
    if given is True and kinds.has_personal_data(kind):
        clean[CONSENT] = True
    elif needed:
        problems.setdefault(CONSENT, Problem(CONSENT_NEEDED))
