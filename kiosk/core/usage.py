"""A terminal's day of use, counted as it happens: what becomes one stats/<terminal>/<date>.json.

Pure: `Day` counts what the controllers report (kiosk.core.controllers.ports.Usage) and
gives the schema-1 document that kiosk.core.usage_file reads; the store that keeps it on
disk is kiosk.adapters.usage_store.

Anonymous by construction: there are counts and nothing else. No visitor has an id, no
count has a time finer than the hour (touches) and a session's length is only its bucket
(`usage_file.LENGTHS`) and the day's total. A search text is normalised as the report
normalises it; one with a digit, more than five words or more than 100 characters is only
counted. Any other is kept in clear only once it has been searched in three visits of the
day: until then the day holds only an HMAC of it, under a random key that lives in memory
and dies with the day, so a text seen once or twice never reaches the disk, and cannot be
recovered from what the process keeps. One visit counts a text once: a visitor who types
their own name three times does not make it kept.

Even a kept text is in memory only until the store has written it down (`forget_texts`,
between visitors): the day counts texts by their HMAC, and the store gives the texts back
from today.json when it writes the day again (`to_json(known)`). So after the reset no
live object holds what a visitor typed (issue 15); what three visitors typed is on disk,
as this issue wants.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Iterable
from datetime import date

from kiosk.core.usage_file import (
    HOURS,
    LENGTHS,
    MAX_BYTES,
    MAX_COUNT,
    MAX_KEYS,
    MIN_SIGHTINGS,
    UsageDay,
    is_name,
    keepable,
    normalise,
)

KEY_BYTES = 32
"""The day's HMAC key: random, in memory only, a new one each day."""

MAX_KEPT = 500
"""Kept texts at most in each of the two lists: a few hundred fill a report's page."""

MAX_PENDING = 20_000
"""Texts at most waiting for their third visit (32-byte digests): memory stays bounded."""

BOUNDS = (30, 120, 300, 900)
"""A session's length in seconds: below 30 lt_30s, below 120 30s_2m, and so on."""


def length_bucket(seconds: float) -> str:
    """The schema's bucket of a session lasting `seconds`."""
    for bound, name in zip(BOUNDS, LENGTHS, strict=False):
        if seconds < bound:
            return name
    return LENGTHS[-1]


class Day:
    """One local day's counts of one terminal; see the module's docstring."""

    def __init__(
        self, terminal: str, day: date, key: bytes, app_version: str = "", pack=("", 0)
    ) -> None:
        if len(key) < 16:
            raise ValueError("the day's key must be random bytes, 16 at least")
        self.terminal, self.date = terminal, day
        self.app_version = app_version
        self.pack_id, self.pack_version = pack
        self.sessions = 0
        self.session_seconds = 0
        self.lengths: Counter[str] = Counter()
        self.screens: Counter[str] = Counter()
        self.viewed: dict[str, Counter[str]] = {}
        self.searches = 0
        self.found_nothing = 0
        self.kept: dict[bool, Counter[bytes]] = {True: Counter(), False: Counter()}
        """Kept texts by their HMAC -> visits: found something (True), found nothing."""
        self._clear: dict[bytes, str] = {}  # HMAC -> a kept text the store has not written
        self.finder_runs = 0
        self.suggested: Counter[str] = Counter()
        self.printouts: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self.settings: Counter[str] = Counter()
        self.touches = [0] * HOURS
        self._key = key
        self._pending: dict[bytes, int] = {}  # HMAC of (found?, text) -> visits that searched it
        # This visit's settings and searched texts (as digests): each counts once a visit.
        self._visit_settings: set[str] = set()
        self._visit_texts: set[bytes] = set()

    # -- a visit -----------------------------------------------------------------------------

    def start_session(self) -> None:
        self._visit_settings.clear()
        self._visit_texts.clear()

    def end_session(self, seconds: float) -> None:
        """A visit has ended after `seconds` (from its first touch to its last)."""
        seconds = max(0.0, seconds)
        self.sessions += 1
        self.session_seconds = min(self.session_seconds + round(seconds), 2**40)
        self.lengths[length_bucket(seconds)] += 1
        self.start_session()  # nothing of this visit carries on

    def touch(self, hour: int) -> None:
        """A touch (or a key) in the local hour `hour` (0 to 23)."""
        if 0 <= hour < HOURS:
            self.touches[hour] += 1

    # -- what was used -----------------------------------------------------------------------

    def screen(self, name: str) -> None:
        _count(self.screens, name)

    def view(self, kind: str, key: str) -> None:
        """A page of the pack's `kind` (service, agency, event) with the id `key` shown."""
        if is_name(kind) and (kind in self.viewed or len(self.viewed) < MAX_KEYS):
            _count(self.viewed.setdefault(kind, Counter()), key)

    def search(self, text: str, results: int) -> None:
        """A search the visitor finished, with the number of results it had."""
        self.searches += 1
        if results <= 0:
            self.found_nothing += 1
        clean = normalise(text)
        if not keepable(clean):
            return  # a digit, too many words, too long, a hidden character: a count only
        found = results > 0
        digest = self._digest(found, clean)
        if digest in self._visit_texts:
            return  # the same text again in one visit: one visitor is one sighting
        self._visit_texts.add(digest)
        kept = self.kept[found]
        if digest in kept:
            kept[digest] += 1
            self._clear[digest] = clean  # in case the disk lost it: written at the next save
            return
        seen = self._pending.get(digest, 0) + 1
        if seen >= MIN_SIGHTINGS:
            self._pending.pop(digest, None)
            if len(kept) < MAX_KEPT:
                kept[digest] = seen
                self._clear[digest] = clean
        elif digest in self._pending or len(self._pending) < MAX_PENDING:
            self._pending[digest] = seen

    def _digest(self, found: bool, clean: str) -> bytes:
        return hmac.new(self._key, f"{int(found)}\0{clean}".encode(), hashlib.sha256).digest()

    def forget_texts(self) -> None:
        """The kept texts are written down: memory keeps only their HMACs and counts."""
        self._clear.clear()

    def finder(self, suggested: Iterable[str]) -> None:
        """A run of the benefit finder to its result, with the benefits it suggested."""
        self.finder_runs += 1
        for service_id in dict.fromkeys(suggested):
            _count(self.suggested, service_id)

    def printout(self, kind: str, copies: int = 1) -> None:
        """Printed: leaflet, list, brochure or slip (usage_report_words.PRINTOUTS)."""
        _count(self.printouts, kind, max(0, copies))

    def request(self, kind: str) -> None:
        _count(self.requests, kind)

    def setting(self, name: str) -> None:
        """A language or accessibility setting used; each counts once a visit."""
        if name not in self._visit_settings:
            self._visit_settings.add(name)
            _count(self.settings, name)

    # -- the document ------------------------------------------------------------------------

    def absorb(self, other: UsageDay) -> None:
        """Add `other`'s counts (the same day, read back from disk) to this one's."""
        self.sessions += other.sessions
        self.session_seconds = min(self.session_seconds + other.session_seconds, 2**40)
        self.lengths.update(other.session_lengths)
        self.screens.update(other.screens)
        for kind, ids in other.viewed.items():
            self.viewed.setdefault(kind, Counter()).update(ids)
        self.searches += other.searches
        self.found_nothing += other.found_nothing
        for found, texts in ((True, other.kept), (False, other.kept_found_nothing)):
            for text, times in texts.items():
                digest = self._digest(found, text)
                self.kept[found][digest] += times
                self._clear[digest] = text
        self.finder_runs += other.finder_runs
        self.suggested.update(other.suggested)
        self.printouts.update(other.printouts)
        self.requests.update(other.requests)
        self.settings.update(other.settings)
        self.touches = [a + b for a, b in zip(self.touches, other.touches_by_hour, strict=True)]
        self.app_version = self.app_version or other.app_version
        if not self.pack_id:
            self.pack_id, self.pack_version = other.pack_id, other.pack_version

    def to_usage_day(self, known: Iterable[str] = ()) -> UsageDay:
        """The day; `known` are kept texts written down before (today.json's), which the
        day no longer holds in clear. A kept text neither held nor known is left out."""
        cap = _capped
        names = dict(self._clear)
        for text in known:
            for found in (True, False):
                names.setdefault(self._digest(found, text), text)

        def texts(found: bool) -> dict[str, int]:
            counts = self.kept[found]
            return cap(Counter({names[d]: n for d, n in counts.items() if d in names}))

        return UsageDay(
            terminal=self.terminal,
            date=self.date,
            app_version=self.app_version[:64],
            pack_id=self.pack_id[:64],
            pack_version=min(max(self.pack_version, 0), 2**53),
            sessions=min(self.sessions, MAX_COUNT),
            session_seconds=self.session_seconds,
            session_lengths=cap(self.lengths),
            screens=cap(self.screens),
            viewed={kind: cap(ids) for kind, ids in self.viewed.items() if ids},
            searches=min(self.searches, MAX_COUNT),
            found_nothing=min(self.found_nothing, MAX_COUNT),
            kept=texts(True),
            kept_found_nothing=texts(False),
            finder_runs=min(self.finder_runs, MAX_COUNT),
            suggested=cap(self.suggested),
            printouts=cap(self.printouts),
            requests=cap(self.requests),
            settings=cap(self.settings),
            touches_by_hour=tuple(min(n, MAX_COUNT) for n in self.touches),
        )

    def to_json(self, known: Iterable[str] = ()) -> bytes:
        """The day as schema 1, within the schema's size: when the maps would make it too
        large (a pack of thousands of items), their rarest entries are left out."""
        while True:
            raw = self.to_usage_day(known).to_json().encode("utf-8")
            if len(raw) <= MAX_BYTES:
                return raw
            _halve_largest(
                [self.kept[True], self.kept[False], self.suggested, *self.viewed.values(),
                 self.screens, self.printouts, self.requests, self.settings]
            )  # fmt: skip

    def to_document(self, known: Iterable[str] = ()) -> dict:
        """The day as the JSON object kiosk.core.usage_file.parse_usage reads."""
        return json.loads(self.to_json(known))

    @classmethod
    def from_usage_day(cls, saved: UsageDay, key: bytes) -> Day:
        """The day saved in today.json, to count on (the texts under three visits are not in
        it: they were never written, and the old key is gone)."""
        day = cls(saved.terminal, saved.date, key)
        day.absorb(saved)
        return day


def _count(counter: Counter, name: str, times: int = 1) -> None:
    """Count `name` if the schema takes it as a name and the map has room."""
    if is_name(name) and (name in counter or len(counter) < MAX_KEYS):
        counter[name] += times


def _capped(counter: Counter) -> dict[str, int]:
    return {name: min(n, MAX_COUNT) for name, n in counter.items() if n > 0}


def _halve_largest(maps: list[Counter]) -> None:
    largest = max(maps, key=len)
    if not largest:
        raise ValueError("a day of use too large with no map to shorten")  # cannot happen
    keep = largest.most_common(len(largest) // 2)
    largest.clear()
    largest.update(dict(keep))
