"""Dates, opening hours, event times and web addresses in words, in a given language. Pure.

Shared by the screens (kiosk/app/markup.py, in the language on show) and the printouts
(printouts/text.py, in the language asked for): the same words on paper as on the screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from functools import cache
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import get_day_names

from content.model import WEEKDAYS
from content.presentation.i18n import translator


def display_url(url: str) -> str:
    """'https://www.gosuslugi.ru/600/' -> 'gosuslugi.ru/600': shorter to read and to type."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return (parts.hostname.removeprefix("www.") + parts.path).rstrip("/")


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def _day_names(lang: str) -> dict[str, str]:
    """'mo' -> 'пн' / 'Mon': CLDR's short names, as they stand alone in a timetable."""
    names = get_day_names("abbreviated", context="stand-alone", locale=_locale(lang))
    return {day: names[i] for i, day in enumerate(WEEKDAYS)}  # Babel counts from Monday too


def format_date(iso: str | None, lang: str) -> str:
    """'2026-11-26' -> '26 ноября 2026 г.' ('November 26, 2026'); anything else unchanged.

    CLDR's long date (Babel), with the month in the genitive where the language has one.
    CLDR puts a narrow no-break space (U+202F) before 'г.'. Neither the screens' Roboto nor
    the printouts' PT Sans has that character, so what shows would be each renderer's
    stand-in for a missing glyph; the ordinary space the kiosk always used stays instead.
    """
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", (iso or "")[:10])
    try:
        day = date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:  # 2026-13-01, 2026-02-30: not a day, so not said as one
        day = None
    if day is None:
        return iso or ""
    return babel_date(day, format="long", locale=_locale(lang)).replace("\u202f", " ")


def format_moment(stamp: str | None, lang: str, zone: tzinfo | None = None) -> str:
    """'2026-12-03T09:15:00Z' -> '3 декабря 2026 г., 14:15' in `zone` (None: the machine's
    own time zone, the terminal's wall clock): a stored UTC moment as staff read a clock.
    Anything that is not an ISO moment is returned unchanged (shown, not lost)."""
    text = stamp or ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:  # the stores write UTC; a moment without a zone is not one
        return text
    try:
        local = moment.astimezone(zone)
    except OverflowError:  # year 1 or 9999 moved past the calendar's end
        return text
    return f"{format_date(local.date().isoformat(), lang)}, {local:%H:%M}"


def format_hours(rows: Iterable[Mapping], lang: str) -> str:
    """Schedule rows as 'пн–пт 09:00–18:00; сб 10:00–14:00'; days with the same hours merge."""
    day_names = _day_names(lang)
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
        name = day_names[days[0]]
        if len(days) > 1:
            name += "–" + day_names[days[-1]]
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
