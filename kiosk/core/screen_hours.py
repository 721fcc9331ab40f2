"""When the screen is on: the config's `screen_hours`, and a touch that wakes it.

Outside its hours a terminal in a closed office shows a black screen, which costs the
screen's panel and the graphics nothing (no frame is drawn). A touch on the dark screen
wakes it for the config's `screen_wake_minutes`: a visitor in the building after hours can
still use it. A visit is never cut short: the screen goes dark only between visitors.
Kivy-free: the app (kiosk/app/screen_hours.py) asks `dark()` from its clock.
"""

from __future__ import annotations

import math
from datetime import datetime

from content.hours import HoursError, is_open, parse_hours
from content.model import OpeningHours

ScreenHours = tuple[OpeningHours, ...]
"""The weekly intervals the screen is on (content.hours' opening hours, read the same way)."""


def read_screen_hours(value: object) -> ScreenHours:
    """The config's table (`{ mo-fr = "08:00-19:00", sa = "10:00-16:00" }`) as intervals;
    HoursError says what is wrong. A day not named is a day the screen stays dark."""
    if not isinstance(value, dict):
        raise HoursError(f"not a table of days and hours, got {value!r}")
    if not value:
        raise HoursError("no days: name the days the screen is on, or leave the key out")
    for days, hours in value.items():
        if not days.isprintable():
            raise HoursError(f"the days {days!r} hold a character that is not text")
        if not isinstance(hours, str) or not hours.isprintable():
            raise HoursError(f"the hours of '{days}' must be text in quotes, got {hours!r}")
    hours = parse_hours(value)
    if not hours:
        raise HoursError("every day is closed: the screen would never be on by itself")
    return hours


def screen_on(hours: ScreenHours | None, at: datetime) -> bool:
    """Whether the screen is on at the local time `at` by its hours (None: always)."""
    return hours is None or is_open(hours, at)


class ScreenWake:
    """A touch keeps the screen on for a while, whatever the hours say."""

    def __init__(self) -> None:
        self.woken_until = -math.inf
        """Monotonic time until which the last touch keeps the screen on."""

    def touched(self, at: float, wake_seconds: float) -> None:
        """A touch at monotonic time `at`: on for `wake_seconds` from now."""
        self.woken_until = max(self.woken_until, at + wake_seconds)

    def dark(self, hours: ScreenHours | None, local: datetime, at: float, visiting: bool) -> bool:
        """Whether the screen should be dark: outside its hours, no visitor, no recent touch."""
        return not visiting and at >= self.woken_until and not screen_on(hours, local)
