"""The staff inbox's page in words: its headings, each field's caption and each coded value
(a choice, a flag, a score) as the staff of a welfare office read them.

The msgids are Russian, marked with N_ and translated where shown (views.as_html, through
content.presentation.i18n); scripts/messages.py takes them into the catalogues. Where the
citizen's form (kiosk/app/screens/request_form.py) said the same thing, the same msgid is
used, so the page names a field or a choice as the citizen saw it; where the form spoke to
the citizen ("Ваше имя"), the page speaks of them ("Имя"). The office does not import the
app: the wording is repeated here, and the catalogue holds it once.

Ids from the pack (an agency, an office, a service, a district) stay ids: the inbox has no
pack to name them from.
"""

from __future__ import annotations

import re
from typing import Any

from content.presentation.i18n import N_, Translator
from content.presentation.wording import format_date
from kiosk.core.requests import kinds

KIND_TITLES = {
    "appointment": N_("Заявки на приём"),
    "callback": N_("Обратные звонки и онлайн-консультации"),
    "rating": N_("Оценки качества услуг"),
    "complaint": N_("Жалобы"),
    "wrong_info": N_("Ошибки в сведениях"),
    "about_me": N_("Рассказали о себе (найти по номеру обращения)"),
}

CAPTIONS = {
    "service": N_("Услуга"),
    "location": N_("Отделение"),
    "agency": N_("Организация"),
    "day": N_("Желаемый день"),
    "part_of_day": N_("Время дня"),
    "name": N_("Имя"),
    "phone": N_("Телефон"),
    "topic": N_("Тема"),
    "mode": N_("Как связаться"),
    "waiting": N_("Время ожидания в очереди"),
    "staff": N_("Вежливость и компетентность сотрудников"),
    "comfort": N_("Комфортность помещения"),
    "duration": N_("Время предоставления услуги"),
    "information": N_("Доступность информации об услуге"),
    "comment": N_("Комментарий"),
    "text": N_("Текст"),
    "answer": N_("Нужен ли ответ"),
    "reply_by": N_("Как ответить"),
    "reply_to": N_("Адрес для ответа"),
    "listing": N_("Где ошибка"),
    "listing_id": N_("Что именно (id в справочнике)"),
    "wrong": N_("Что неверно"),
    "district": N_("Район"),
    "household": N_("Кто живёт вместе с заявителем"),
    "help": N_("Какая помощь нужна"),
    kinds.CONSENT: N_("Согласие на обработку персональных данных"),
}
"""Each field's caption, whatever its kind (KIND_CAPTIONS overrides a few)."""

KIND_CAPTIONS = {
    ("complaint", "text"): N_("Текст жалобы"),
    ("wrong_info", "text"): N_("Пояснение"),
}

OTHER_FIELD = N_("Другое поле")
"""The caption of a field no form has (an envelope from a newer terminal, say): its key,
shown beside every caption, says which."""

CHOICES = {
    "part_of_day": {
        "morning": N_("Утром (до {noon})"),
        "afternoon": N_("После обеда (с {noon})"),
    },
    "mode": {"callback": N_("Обратный звонок"), "online": N_("Онлайн-консультация")},
    "reply_by": {"post": N_("Почтой"), "email": N_("Электронной почтой")},
    "listing": {
        "service": N_("В описании услуги"),
        "agency": N_("В сведениях об организации"),
        "location": N_("В сведениях об отделении"),
        "event": N_("В описании мероприятия"),
    },
    "wrong": {
        "address": N_("Адрес"),
        "hours": N_("Часы работы"),
        "phone": N_("Телефон"),
        "link": N_("Ссылка на сайт"),
        "other": N_("Другое"),
    },
}
"""A choice field's codes in words."""

YES, NO = N_("Да"), N_("Нет")

SCORE_WORDS = {
    1: N_("плохо"),
    2: N_("неудовлетворительно"),
    3: N_("удовлетворительно"),
    4: N_("хорошо"),
    5: N_("отлично"),
}
SCORE = N_("{score} из {top} — {words}")
"""A rating's score: "4 из 5 — хорошо". The form asked from 1 (плохо) to 5 (отлично)."""

# -- the page

TITLE = N_("Открытые обращения")
OPEN_COUNT = N_("Открытые обращения: {n}")
AS_OF = N_("Сведения на {moment} по пермскому времени.")
OFFICE = N_("Отделение: {office}")
AGENCY = N_("Организация: {agency}")
NO_OFFICE = N_("Отделение не указано")
SENT = N_("Отправлено {moment} с терминала {terminal}")
ANSWER_BY = N_("Ответить до {date}")
OVERDUE = N_("ПРОСРОЧЕНО")
NOTHING_OPEN = N_("Открытых обращений нет.")

_PHONE = re.compile(r"\+7(\d{3})(\d{3})(\d{2})(\d{2})")


def caption(kind: str, name: str, tr: Translator) -> str:
    """The field `name` of a `kind` form as staff read it."""
    msgid = KIND_CAPTIONS.get((kind, name)) or CAPTIONS.get(name) or OTHER_FIELD
    return tr.gettext(msgid)


def field_order(kind: str, fields: dict[str, Any]) -> list[str]:
    """The names in `fields` in the order the form asked them, the consent after them, and
    any other field last, as it came."""
    asked = [spec.name for spec in kinds.FIELDS.get(kind, ())] + [kinds.CONSENT]
    return [name for name in asked if name in fields] + [
        name for name in fields if name not in asked
    ]


def value_words(kind: str, name: str, value: Any, tr: Translator) -> str:
    """A field's value as staff read it: codes in words, a day as a date, a phone grouped,
    a list an item a line; free text and ids as they were sent. A code no form has is
    shown as it is."""
    _ = tr.gettext
    spec = kinds.fields_of(kind).get(name) if kind in kinds.FIELDS else None
    if isinstance(value, bool):
        return _(YES) if value else _(NO)
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, str) and value in CHOICES.get(name, {}):
        return _(CHOICES[name][value]).format(noon=kinds.NOON)
    if spec is not None and spec.type == kinds.SCORE and isinstance(value, int):
        if value not in SCORE_WORDS:
            return str(value)
        return _(SCORE).format(score=value, top=kinds.SCORE_MAX, words=_(SCORE_WORDS[value]))
    if spec is not None and spec.type == kinds.DAY and isinstance(value, str):
        return format_date(value, tr.lang)
    if spec is not None and spec.type == kinds.PHONE and isinstance(value, str):
        match = _PHONE.fullmatch(value)
        return f"+7 ({match[1]}) {match[2]}-{match[3]}-{match[4]}" if match else value
    return str(value)


def deadline_note(days: int, tr: Translator) -> str:
    """What the page says of the 59-FZ deadline, for `days` days."""
    return tr.ngettext(
        "Жалобы, в которых указан адрес для ответа, рассматриваются в течение {n} дня "
        "(ст. 12 Федерального закона № 59-ФЗ). Срок указан от дня отправки, то есть "
        "с запасом: по закону он отсчитывается со дня регистрации.",
        "Жалобы, в которых указан адрес для ответа, рассматриваются в течение {n} дней "
        "(ст. 12 Федерального закона № 59-ФЗ). Срок указан от дня отправки, то есть "
        "с запасом: по закону он отсчитывается со дня регистрации.",
        days,
    ).format(n=days)
