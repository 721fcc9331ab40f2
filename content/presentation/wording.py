"""Dates, opening hours, event times and web addresses in words, in a given language. Pure.

Shared by the screens (kiosk/app/markup.py, in the language on show) and the printouts
(printouts/text.py, in the language asked for): the same words on paper as on the screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from content.model import WEEKDAYS
from content.presentation.i18n import N_, translator


def display_url(url: str) -> str:
    """'https://www.gosuslugi.ru/600/' -> 'gosuslugi.ru/600': shorter to read and to type."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return (parts.hostname.removeprefix("www.") + parts.path).rstrip("/")


_MONTHS = (
    N_("января"), N_("февраля"), N_("марта"), N_("апреля"), N_("мая"), N_("июня"),
    N_("июля"), N_("августа"), N_("сентября"), N_("октября"), N_("ноября"), N_("декабря"),
)  # fmt: skip

_DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        (N_("пн"), N_("вт"), N_("ср"), N_("чт"), N_("пт"), N_("сб"), N_("вс")),
        strict=True,
    )
)


def format_date(iso: str | None, lang: str) -> str:
    """'2026-11-26' -> '26 ноября 2026 г.'; anything else comes back unchanged."""
    _ = translator(lang).gettext
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", (iso or "")[:10])
    if not match or not 1 <= int(match[2]) <= 12:
        return iso or ""
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    return _("{day} {month} {year} г.").format(day=day, month=_(_MONTHS[month - 1]), year=year)


def format_hours(rows: Iterable[Mapping], lang: str) -> str:
    """Schedule rows as 'пн–пт 09:00–18:00; сб 10:00–14:00'; days with the same hours merge."""
    _ = translator(lang).gettext
    by_day: dict[str, list[str]] = {}
    for row in rows:
        by_day.setdefault(row["weekday"], []).append(f"{row['opens_at']}–{row['closes_at']}")
    runs: list[tuple[list[str], str]] = []
    for day in WEEKDAYS:
        hours = ", ".join(by_day.get(day, []))
        if not hours:
            continue
        last = runs[-1] if runs else None
        if last and WEEKDAYS.index(last[0][-1]) == WEEKDAYS.index(day) - 1 and last[1] == hours:
            last[0].append(day)
        else:
            runs.append(([day], hours))
    parts = []
    for days, hours in runs:
        name = _(_DAY_NAMES[days[0]])
        if len(days) > 1:
            name += "–" + _(_DAY_NAMES[days[-1]])
        parts.append(f"{name} {hours}")
    return "; ".join(parts)


def format_event_time(starts: str | None, ends: str | None, lang: str) -> str:
    """'2027-02-10T14:00', '2027-02-10T15:30' -> '10 февраля 2027 г., 14:00–15:30'."""

    def split(value: str | None) -> tuple[str, str]:
        day, _sep, time = (value or "").partition("T")
        return day, time[:5]

    start_day, start_time = split(starts)
    end_day, end_time = split(ends)
    text = format_date(start_day, lang)
    if start_time:
        text += f", {start_time}"
    if end_day and end_day != start_day:
        text += " — " + format_date(end_day, lang) + (f", {end_time}" if end_time else "")
    elif end_time and start_time and end_time != start_time:
        text += f"–{end_time}"
    return text


def event_cost(cost: str | None, lang: str) -> str:
    """The pack's cost code in words; '' when the pack does not say."""
    _ = translator(lang).gettext
    words = {"free": _("Бесплатно"), "paid": _("Платно"), "partly_paid": _("Частично платно")}
    return words.get(cost or "", "")
