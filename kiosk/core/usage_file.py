"""A terminal's day of use: what it uploads to stats/<terminal>/<YYYY-MM-DD>.json (schema 1).

Pure: the document and its strict reading. This module is the contract: the terminal
writes it (kiosk/core/usage.py, kiosk/adapters/usage_store.py), the staff's usage report
(kiosk/office/usage_report*.py) reads it. Like a status report (kiosk/core/status.py), the
file may have been written by anyone with a drop-box login: every field is checked for its
type and range, an unknown key is refused, and a file that is not a day of use is told as
such, never trusted in part.

The privacy rules are checked again here, because a report that showed a search text the
terminal should not have kept would publish it: a kept text is normalised as the terminal
does (casefold, ё as е, one space between words), and one with a digit, more than five
words, more than 100 characters, a hidden character, or a count under 3 is dropped, not
shown. `UsageDay.dropped` counts them, so the report can say a terminal breaks the rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

SCHEMA = 1
MAX_BYTES = 256 * 1024
"""A day of use is a few KB; the contract's limit."""
MAX_COUNT = 10_000_000
MAX_KEYS = 2_000
"""Keys in one map (screens, ids, texts): a terminal's pack has a few hundred items."""

MIN_SIGHTINGS = 3
MAX_WORDS = 5
MAX_TEXT = 100

LENGTHS = ("lt_30s", "30s_2m", "2m_5m", "5m_15m", "ge_15m")
"""A session's length, in buckets only: nothing finer ties a count to a visitor."""
HOURS = 24

_TERMINAL = re.compile(r"[A-Za-z0-9._-]{1,64}")
_NAME = re.compile(r"[a-z0-9_.-]{1,64}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SPACES = re.compile(r"\s+")

_TOP = {
    "schema", "terminal", "date", "app_version", "pack", "sessions", "screens", "viewed",
    "searches", "finder", "printouts", "requests", "settings", "touches_by_hour",
}  # fmt: skip


class UsageError(ValueError):
    """A file that is not a usable day of use; the message says what is wrong."""


@dataclass(frozen=True)
class UsageDay:
    """One terminal's counts for one of its local days."""

    terminal: str
    date: date
    app_version: str = ""
    pack_id: str = ""
    pack_version: int = 0
    sessions: int = 0
    session_seconds: int = 0
    session_lengths: dict[str, int] = field(default_factory=dict)
    screens: dict[str, int] = field(default_factory=dict)
    viewed: dict[str, dict[str, int]] = field(default_factory=dict)
    """kind (service, agency, event) -> pack id -> views."""
    searches: int = 0
    found_nothing: int = 0
    kept: dict[str, int] = field(default_factory=dict)
    """Search texts that found something, as kept under the privacy rules -> times."""
    kept_found_nothing: dict[str, int] = field(default_factory=dict)
    """Search texts that found nothing: the content's gaps."""
    finder_runs: int = 0
    suggested: dict[str, int] = field(default_factory=dict)
    printouts: dict[str, int] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)
    settings: dict[str, int] = field(default_factory=dict)
    touches_by_hour: tuple[int, ...] = (0,) * HOURS
    dropped: int = field(default=0, compare=False)
    """Search texts in the file that broke the privacy rules and were left out."""

    def to_json(self) -> str:
        """The day as the terminal uploads it (what parse_usage reads back)."""
        return json.dumps(
            {
                "schema": SCHEMA,
                "terminal": self.terminal,
                "date": self.date.isoformat(),
                "app_version": self.app_version,
                "pack": {"id": self.pack_id, "version": self.pack_version},
                "sessions": {
                    "count": self.sessions,
                    "total_seconds": self.session_seconds,
                    "length": {k: self.session_lengths.get(k, 0) for k in LENGTHS},
                },
                "screens": self.screens,
                "viewed": self.viewed,
                "searches": {
                    "count": self.searches,
                    "found_nothing": self.found_nothing,
                    "kept": self.kept,
                    "kept_found_nothing": self.kept_found_nothing,
                },
                "finder": {"runs": self.finder_runs, "suggested": self.suggested},
                "printouts": self.printouts,
                "requests": self.requests,
                "settings": self.settings,
                "touches_by_hour": list(self.touches_by_hour),
            },
            ensure_ascii=False,
            indent=1,
        )


def normalise(text: str) -> str:
    """A search text as the terminal keeps it: casefolded, ё as е, one space between words."""
    return _SPACES.sub(" ", text.casefold().replace("ё", "е")).strip()


def keepable(text: str) -> bool:
    """True for a normalised text the privacy rules let a report show (its count aside)."""
    return (
        0 < len(text) <= MAX_TEXT
        and text.isprintable()  # no control, bidi or invisible character
        and not any(char.isnumeric() for char in text)  # any digit, in any script
        and len(text.split(" ")) <= MAX_WORDS
    )


def is_name(text: str) -> bool:
    """True for a name a map of counts may hold: a screen, a pack id, a kind, a setting."""
    return bool(_NAME.fullmatch(text))


def parse_usage(raw: bytes) -> UsageDay:
    """The day in `raw` (a file's bytes), or UsageError saying what is wrong."""
    if len(raw) > MAX_BYTES:
        raise UsageError(f"{len(raw)} bytes: too large for a day of use")
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_repeats)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UsageError(f"not JSON ({type(exc).__name__}: {str(exc)[:80]})") from None
    if not isinstance(data, dict):
        raise UsageError("not a JSON object")
    if data.get("schema") != SCHEMA:
        raise UsageError(f"schema {repr(data.get('schema'))[:20]}, this report reads {SCHEMA}")
    unknown = sorted(set(data) - _TOP)
    if unknown:
        raise UsageError(f"unknown key {unknown[0][:40]!r}")
    terminal = data.get("terminal")
    if not isinstance(terminal, str) or not _TERMINAL.fullmatch(terminal):
        raise UsageError("no valid 'terminal' (1 to 64 letters, digits, '.', '_', '-')")
    day = parse_date(data.get("date"), "'date'")
    pack = _obj(data, "pack", {"id", "version"})
    sessions = _obj(data, "sessions", {"count", "total_seconds", "length"})
    searches = _obj(data, "searches", {"count", "found_nothing", "kept", "kept_found_nothing"})
    finder = _obj(data, "finder", {"runs", "suggested"})
    lengths = _obj(sessions, "length", set(LENGTHS), "sessions.length")
    count = _count(searches, "count", "searches")
    nothing = _count(searches, "found_nothing", "searches")
    if nothing > count:
        raise UsageError(f"searches: found_nothing {nothing} is more than count {count}")
    dropped = [0]
    kept = _texts(searches, "kept", dropped)
    kept_nothing = _texts(searches, "kept_found_nothing", dropped)
    if sum(kept_nothing.values()) > nothing or sum(kept.values()) > count - nothing:
        raise UsageError("searches: the kept texts count more searches than were run")
    return UsageDay(
        terminal=terminal,
        date=day,
        app_version=_text(data, "app_version"),
        pack_id=_text(pack, "id"),
        pack_version=_int(pack, "version", 2**53, "pack.version"),
        sessions=_count(sessions, "count", "sessions"),
        session_seconds=_int(sessions, "total_seconds", 2**40, "sessions.total_seconds"),
        session_lengths={k: _count(lengths, k, "sessions.length") for k in LENGTHS},
        screens=_counts(data, "screens"),
        viewed=_viewed(data),
        searches=count,
        found_nothing=nothing,
        kept=kept,
        kept_found_nothing=kept_nothing,
        finder_runs=_count(finder, "runs", "finder"),
        suggested=_counts(finder, "suggested", "finder.suggested"),
        printouts=_counts(data, "printouts"),
        requests=_counts(data, "requests"),
        settings=_counts(data, "settings"),
        touches_by_hour=_hours(data.get("touches_by_hour", [0] * HOURS)),
        dropped=dropped[0],
    )


def parse_date(value: object, what: str = "the date") -> date:
    """A calendar date written YYYY-MM-DD exactly (Python alone would take 20261205 too)."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise UsageError(f"{what} must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} is not a date: {value!r}") from None


def _no_repeats(pairs: list[tuple[str, object]]) -> dict:
    # json keeps the last of a repeated key: a file that says two things is not read at all.
    data = dict(pairs)
    if len(data) != len(pairs):
        raise UsageError("a key is repeated in one object")
    return data


def _obj(data: dict, key: str, known: set[str], where: str | None = None) -> dict:
    value = data.get(key, {})
    where = where or key
    if not isinstance(value, dict):
        raise UsageError(f"'{where}' must be an object")
    unknown = sorted(set(value) - known)
    if unknown:
        raise UsageError(f"'{where}' has an unknown key {unknown[0][:40]!r}")
    return value


def _int(data: dict, key: str, high: int, where: str) -> int:
    value = data.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= high:
        raise UsageError(f"'{where}' must be a whole number from 0 to {high}")
    return value


def _count(data: dict, key: str, where: str) -> int:
    return _int(data, key, MAX_COUNT, f"{where}.{key}")


def _text(data: dict, key: str, limit: int = 64) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or not value.isprintable():
        raise UsageError(f"'{key}' must be printable text of at most {limit} characters")
    return value


def _map(data: dict, key: str, where: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"'{where}' must be an object")
    if len(value) > MAX_KEYS:
        raise UsageError(f"'{where}' has {len(value)} keys, at most {MAX_KEYS}")
    return value


def _counts(data: dict, key: str, where: str | None = None) -> dict[str, int]:
    """A map of names ([a-z0-9_.-]{1,64}) to counts."""
    where = where or key
    value = _map(data, key, where)
    for name in value:
        if not _NAME.fullmatch(name):
            raise UsageError(f"'{where}': {name[:40]!r} is not a name ([a-z0-9_.-], 1 to 64)")
    return {name: _count(value, name, where) for name in value}


def _viewed(data: dict) -> dict[str, dict[str, int]]:
    kinds = _counts_of_maps(data, "viewed")
    return {kind: _counts(kinds, kind, f"viewed.{kind}") for kind in kinds}


def _counts_of_maps(data: dict, key: str) -> dict:
    value = _map(data, key, key)
    for name in value:
        if not _NAME.fullmatch(name):
            raise UsageError(f"'{key}': {name[:40]!r} is not a name ([a-z0-9_.-], 1 to 64)")
    return value


def _texts(searches: dict, key: str, dropped: list[int]) -> dict[str, int]:
    """The kept texts of `key`, normalised and merged; those the rules forbid are dropped
    (and counted in dropped[0]), the counts of the rest checked."""
    value = _map(searches, key, f"searches.{key}")
    texts: dict[str, int] = {}
    for raw, times in value.items():
        if not isinstance(times, int) or isinstance(times, bool) or not 0 <= times <= MAX_COUNT:
            # The text itself is not repeated in the message: it may be one never to show.
            raise UsageError(f"'searches.{key}': a count must be a whole number 0 to {MAX_COUNT}")
        text = normalise(raw)
        if times < MIN_SIGHTINGS or not keepable(text):
            dropped[0] += 1
            continue
        texts[text] = texts.get(text, 0) + times
    return texts


def _hours(value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) != HOURS:
        raise UsageError(f"'touches_by_hour' must be a list of exactly {HOURS} counts")
    for n in value:
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= MAX_COUNT:
            raise UsageError(f"'touches_by_hour' must hold whole numbers from 0 to {MAX_COUNT}")
    return tuple(value)
