"""The fleet report in words: its headings, columns, each flag and each note as the staff
read them, Russian first.

The msgids are Russian, marked with N_ and translated where shown (fleet_page, through
content.presentation.i18n), as the usage report's are (usage_report_words.py). A note is
kept as a msgid and its values (`Note`), never as glued text, and said in words only when
shown: a span of time, a share and a decimal number each in the language's own way
("3,0 дн.", "8 %"). The flags' keys stay English codes: `--json` and scripts read them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple

from babel.numbers import format_decimal, format_percent

from content.presentation.i18n import N_, Translator

TITLE = N_("Терминалы")
HEADING = N_("Терминалов: {n}, требуют внимания: {flagged}")
AS_OF = N_("Сведения на {moment} (UTC). Сначала — те, что в худшем состоянии.")
SUMMARY = N_("терминалов: {n}, требуют внимания: {flagged}")
OK = N_("в порядке")

COLUMNS = {
    "terminal": N_("Терминал"),
    "needs": N_("Что не так"),
    "details": N_("Подробности"),
    "reported": N_("Последний отчёт"),
    "pack": N_("Пакет"),
    "printer": N_("Принтер"),
    "pages": N_("Страниц сегодня"),
    "outbox": N_("Ждут отправки"),
}

FLAGS = {
    "unreadable": N_("файл не читается"),
    "silent": N_("молчит"),
    "printer stopped": N_("принтер остановлен"),
    "out of paper": N_("нет бумаги"),
    "outbox stuck": N_("очередь застряла"),
    "disk low": N_("мало места на диске"),
    "pack behind": N_("старый пакет"),
    "toner low": N_("мало тонера"),
}
"""Each flag's key (as --json gives it) in words."""

PRINTER_STATES = {
    "idle": N_("готов"),
    "processing": N_("печатает"),
    "stopped": N_("остановлен"),
    "missing": N_("не найден"),
    "unknown": N_("неизвестно"),
}

SILENT = N_("нет отчёта {span}")
PACK_BEHIND = N_("пакет {version}, новейший {newest}")
PRINTER_STOPPED = {
    "stopped": (N_("принтер остановлен"), N_("принтер остановлен: {reasons}")),
    "missing": (N_("принтер не найден"), N_("принтер не найден: {reasons}")),
}
"""A stopped or missing printer: without CUPS's reasons, and with them (its own keywords)."""
MARKER_LOW = N_("{name}: осталось {level} %")
DISK_LOW = N_("свободно {share} диска")
OUTBOX_STUCK = N_("в очереди {n}, самое старое ждёт {span}")
TOO_LARGE = N_("слишком большой для отчёта о состоянии")

CUPS_REASONS = {
    "media-empty": N_("бумага закончилась (media-empty)"),
    "media-needed": N_("нужно положить бумагу (media-needed)"),
    "media-jam": N_("бумага застряла (media-jam)"),
    "toner-low": N_("тонер заканчивается (toner-low)"),
    "toner-empty": N_("тонер закончился (toner-empty)"),
    "marker-supply-low": N_("расходный материал заканчивается (marker-supply-low)"),
    "marker-supply-empty": N_("расходный материал закончился (marker-supply-empty)"),
}
"""The CUPS printer-state-reasons the report flags, in words; the keyword stays beside them,
as `lpstat -p` on the terminal prints it."""

MINUTES = N_("{n} мин")
HOURS = N_("{n} ч")
DAYS = N_("{n} дн.")
"""Units as abbreviations: the same for every number, so no plural forms are needed."""

AS_IS = "{text}"
"""A reason from elsewhere (an OS error, an HTTP status) shown as it came; not a message."""


class Note:
    """One detail of a row: a msgid and its values, in words only when shown.

    Values are said in the language shown: a timedelta as a span ("11 мин", "25,0 ч",
    "3,0 дн."), a float as a share ("8 %"); anything else as it is."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any):
        self.msgid = msgid
        self.params = params

    def text(self, tr: Translator) -> str:
        values = {key: _value(value, tr) for key, value in self.params.items()}
        return tr.gettext(self.msgid).format(**values)

    def __repr__(self) -> str:
        return f"Note({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Note) and (self.msgid, self.params) == (other.msgid, other.params)


class Says(NamedTuple):
    """A row's words in one language: its flags and its notes."""

    flags: list[str]
    notes: list[str]


def flag_words(flag: str, tr: Translator) -> str:
    return tr.gettext(FLAGS[flag])


def says(flags: list[str], notes: list[Note], tr: Translator) -> Says:
    return Says([flag_words(f, tr) for f in flags], [n.text(tr) for n in notes])


def span(delta: timedelta, tr: Translator) -> str:
    """'11 мин' under two hours, '25,0 ч' under two days, '3,0 дн.' after."""
    hours = delta.total_seconds() / 3600
    if hours < 2:
        return tr.gettext(MINUTES).format(n=f"{delta.total_seconds() / 60:.0f}")
    if hours < 48:
        return tr.gettext(HOURS).format(n=_decimal(hours, tr.lang))
    return tr.gettext(DAYS).format(n=_decimal(hours / 24, tr.lang))


def _decimal(number: float, lang: str) -> str:
    return format_decimal(number, format="0.0", locale=lang)


def _value(value: Any, tr: Translator) -> str:
    if isinstance(value, timedelta):
        return span(value, tr)
    if isinstance(value, float):
        return format_percent(value, locale=tr.lang)
    return str(value)
