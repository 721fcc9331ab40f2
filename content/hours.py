"""Opening hours as staff write them (`mo-fr: 09:00-13:00, 14:00-18:00`), and "open now"."""

from __future__ import annotations

import re
from datetime import datetime

from content.model import WEEKDAYS, OpeningHours

_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


class HoursError(ValueError):
    """Opening hours that cannot be read; the message says what is wrong."""


def parse_days(spec: str) -> list[str]:
    """'mo-fr' -> [mo, tu, we, th, fr]; 'mo,we' -> [mo, we]; 'sa' -> [sa]."""
    days: list[str] = []
    for part in str(spec).lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise HoursError(f"unknown day '{part}' (use mo tu we th fr sa su, e.g. 'mo-fr')")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        if end < start:
            raise HoursError(f"the day range '{part}' runs backwards")
        days.extend(WEEKDAYS[start : end + 1])
    return days


def parse_intervals(value: str) -> list[tuple[str, str]]:
    """'09:00-13:00, 14:00-18:00' -> [('09:00', '13:00'), ('14:00', '18:00')]; 'closed' -> []."""
    if str(value).strip().lower() in ("closed", "выходной"):
        return []
    intervals = []
    for part in str(value).split(","):
        match = _INTERVAL.match(part)
        if not match:
            raise HoursError(f"cannot read the hours '{part.strip()}' (write e.g. 09:00-18:00)")
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise HoursError(f"'{part.strip()}' is not a time of day")
        opens, closes = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
        if closes <= opens:
            raise HoursError(f"'{part.strip()}' closes before it opens")
        if intervals and opens < intervals[-1][1]:
            raise HoursError(f"'{part.strip()}' overlaps the interval before it")
        intervals.append((opens, closes))
    return intervals


def parse_hours(spec: dict) -> tuple[OpeningHours, ...]:
    """A whole week from the `hours:` mapping; a day given twice is an error."""
    seen: set[str] = set()
    result: list[OpeningHours] = []
    for days, value in spec.items():
        intervals = parse_intervals(value)
        for day in parse_days(days):
            if day in seen:
                raise HoursError(f"the day '{day}' is given twice")
            seen.add(day)
            result.extend(OpeningHours(day, opens, closes) for opens, closes in intervals)
    order = {day: i for i, day in enumerate(WEEKDAYS)}
    return tuple(sorted(result, key=lambda h: (order[h.weekday], h.opens)))


def is_open(hours: tuple[OpeningHours, ...], at: datetime) -> bool:
    """True if one of the intervals contains the local time `at`."""
    day, now = WEEKDAYS[at.weekday()], at.strftime("%H:%M")
    return any(h.weekday == day and h.opens <= now < h.closes for h in hours)
