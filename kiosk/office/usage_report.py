"""The usage report: the terminals' days of use added up, in total, by day, by terminal.

`kiosk stats report SOURCE --html OUT` gathers the days (kiosk/office/usage_report_files.py),
adds them up here, lays them out as tables (usage_report_tables.py) and draws them as a page
with charts (usage_report_page.py, usage_report_charts.py) or writes the tables as CSV.

The key output is the searches that found nothing: what citizens looked for in the pack and
did not find, most asked first — the content staff should add. Only texts the privacy rules
let a terminal keep reach here (seen three times on a terminal's day, no digits, at most
five words), so a rare or personal search is counted but never shown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.core.usage_file import HOURS, UsageDay
from kiosk.office.usage_report_files import Collected, Duplicate

MAX_SPAN_DAYS = 3 * 366
"""Days the by-day table spans at most: a file dated 1970 must not make a million rows."""


@dataclass
class Usage:
    """Counts added up over some terminals' days."""

    terminal_days: int = 0
    terminals: set[str] = field(default_factory=set)
    sessions: int = 0
    session_seconds: int = 0
    lengths: Counter = field(default_factory=Counter)
    screens: Counter = field(default_factory=Counter)
    viewed: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    searches: int = 0
    found_nothing: int = 0
    found: Counter = field(default_factory=Counter)
    gaps: Counter = field(default_factory=Counter)
    gap_terminals: defaultdict = field(default_factory=lambda: defaultdict(set))
    finder_runs: int = 0
    suggested: Counter = field(default_factory=Counter)
    printouts: Counter = field(default_factory=Counter)
    requests: Counter = field(default_factory=Counter)
    settings: Counter = field(default_factory=Counter)
    touches_by_hour: list[int] = field(default_factory=lambda: [0] * HOURS)
    dropped: int = 0
    """Search texts left out because they broke the privacy rules."""

    def add(self, day: UsageDay) -> None:
        self.terminal_days += 1
        self.terminals.add(day.terminal)
        self.sessions += day.sessions
        self.session_seconds += day.session_seconds
        self.lengths.update(day.session_lengths)
        self.screens.update(day.screens)
        for kind, ids in day.viewed.items():
            self.viewed[kind].update(ids)
        self.searches += day.searches
        self.found_nothing += day.found_nothing
        self.found.update(day.kept)
        self.gaps.update(day.kept_found_nothing)
        for text in day.kept_found_nothing:
            self.gap_terminals[text].add(day.terminal)
        self.finder_runs += day.finder_runs
        self.suggested.update(day.suggested)
        self.printouts.update(day.printouts)
        self.requests.update(day.requests)
        self.settings.update(day.settings)
        for hour, touches in enumerate(day.touches_by_hour):
            self.touches_by_hour[hour] += touches
        self.dropped += day.dropped


@dataclass
class Report:
    """Everything the page and the CSV files show."""

    first: date | None
    last: date | None
    total: Usage
    by_terminal: dict[str, Usage]
    by_date: dict[date, Usage]
    """Every date from first to last, a day without any file too (its Usage is empty)."""
    latest: dict[str, UsageDay]
    """Each terminal's latest day: its app and pack then."""
    duplicates: list[Duplicate]
    unreadable: list[tuple[str, str]]


def build(collected: Collected, first: date | None = None, last: date | None = None) -> Report:
    """The report of the collected days; `first`/`last` the period asked for (default: the
    days found)."""
    days = collected.days
    total = Usage()
    by_terminal: dict[str, Usage] = defaultdict(Usage)
    by_date: dict[date, Usage] = defaultdict(Usage)
    latest: dict[str, UsageDay] = {}
    for day in days:
        total.add(day)
        by_terminal[day.terminal].add(day)
        by_date[day.date].add(day)
        if day.terminal not in latest or latest[day.terminal].date < day.date:
            latest[day.terminal] = day
    first = first or (min(by_date) if by_date else None)
    last = last or (max(by_date) if by_date else None)
    return Report(
        first=first,
        last=last,
        total=total,
        by_terminal=dict(sorted(by_terminal.items())),
        by_date=_every_date(by_date, first, last),
        latest=latest,
        duplicates=collected.duplicates,
        unreadable=collected.unreadable,
    )


def _every_date(by_date: dict[date, Usage], first: date | None, last: date | None):
    if first is None or last is None or last < first:
        return dict(sorted(by_date.items()))
    span = min((last - first).days, MAX_SPAN_DAYS)
    every = {first + timedelta(days=n): Usage() for n in range(span + 1)}
    every.update(by_date)  # days outside the span (only past the cap) are kept as they are
    return dict(sorted(every.items()))


def ranked(counts: Counter, limit: int | None = None) -> list[tuple[str, int]]:
    """(key, count) most first, then in key order: the same input gives the same rows."""
    rows = sorted(((k, n) for k, n in counts.items() if n > 0), key=lambda kn: (-kn[1], kn[0]))
    return rows[:limit] if limit is not None else rows


def gaps(usage: Usage) -> list[tuple[str, int, int]]:
    """The searches that found nothing: (text, times, on how many terminals), most first."""
    return [(text, n, len(usage.gap_terminals[text])) for text, n in ranked(usage.gaps)]
