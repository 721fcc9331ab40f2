"""The terminals' days of use, gathered from the drop box for the usage report.

Each terminal uploads one file a local day to stats/<terminal>/<YYYY-MM-DD>.json
(kiosk/core/usage_file.py). They are read here from any source the inbox reads
(kiosk/office/sources.py: the drop box's folder, a copy of it, or the staff listing over
http(s)), strictly: a file that does not read, or whose content is not the terminal and
the day its place names, is listed with the reason and counted nowhere.

A terminal's day is counted once. The same day can come twice when staff give two sources
that overlap (the drop box and a USB copy of it, or last month's archive); the first copy
found is counted, the others listed as left out, with whether they said the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from kiosk.core.usage_file import MAX_BYTES, UsageDay, UsageError, parse_date, parse_usage
from kiosk.office.sources import TooLarge, Tree, Unreadable

FOLDER = "stats"
FILE_NAME = re.compile(r"(.+)\.json")


@dataclass(frozen=True)
class Duplicate:
    """A second file for a terminal's day that was not counted."""

    terminal: str
    day: date
    counted: str
    left_out: str
    same: bool
    """True when the copy left out says exactly what the counted one does."""


@dataclass
class Collected:
    """The days read, and what was not counted and why."""

    days: list[UsageDay] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(where, why) of each file that was not read."""


def collect(
    sources: Iterable[tuple[str, Tree]], first: date | None = None, last: date | None = None
) -> Collected:
    """Every day of use in `sources` ((label, tree) pairs, read in order) from `first` to
    `last` (both included; None: no bound). A file outside the dates is not even read."""
    out = Collected()
    counted: dict[tuple[str, date], tuple[str, UsageDay]] = {}
    for label, tree in sources:
        base = FOLDER if FOLDER in tree.folders() else ""
        for terminal in tree.folders(base):
            folder = f"{base}/{terminal}" if base else terminal
            for name in tree.files(folder):
                where = f"{label.rstrip('/')}/{folder}/{name}"
                try:
                    named = _named_day(name)
                    if (first and named < first) or (last and named > last):
                        continue
                    day = _read(tree, f"{folder}/{name}", terminal, named)
                except UsageError as exc:
                    out.unreadable.append((where, str(exc)))
                    continue
                key = (day.terminal, day.date)
                if key in counted:
                    kept_where, kept = counted[key]
                    out.duplicates.append(Duplicate(*key, kept_where, where, kept == day))
                    continue
                counted[key] = (where, day)
                out.days.append(day)
    out.days.sort(key=lambda d: (d.date, d.terminal))
    return out


def _named_day(name: str) -> date:
    match = FILE_NAME.fullmatch(name)
    if match is None:
        raise UsageError("the name is not <YYYY-MM-DD>.json")
    return parse_date(match[1], "the file's name")


def _read(tree: Tree, path: str, terminal: str, named: date) -> UsageDay:
    try:
        day = parse_usage(tree.read_file(path, MAX_BYTES))
    except TooLarge:
        raise UsageError(f"larger than {MAX_BYTES} bytes: too large for a day of use") from None
    except Unreadable as exc:
        raise UsageError(f"cannot be read now ({exc})") from None
    if day.terminal != terminal:
        raise UsageError(f"it says terminal {day.terminal!r}, but lies in {terminal!r}'s folder")
    if day.date != named:
        raise UsageError(f"it says {day.date.isoformat()}, but is named {named.isoformat()}")
    return day
