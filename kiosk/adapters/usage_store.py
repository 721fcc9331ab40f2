"""The day's usage counts on the terminal's disk: the controllers' `Usage` port.

    <data_dir>/stats/today.json           the day so far (schema 1), rewritten now and then
    <data_dir>/stats/days/YYYY-MM-DD.json  each finished local day, for the upload
    <data_dir>/stats/last-touch            ISO-8601 UTC time of the last touch (to the minute)

The counting is kiosk.core.usage.Day; this keeps it. today.json is written atomically at
most every SAVE_EVERY seconds while visitors touch, between visitors and at the stop, so
a power cut costs minutes of counts, never the file. On the first event of a new local day
(or at the start) the finished day is checked with the report's own strict reader and
moved to days/. A today.json that does not read is set aside as today.json.damaged and
the day counted afresh; a disk that refuses a write costs the counts it would have kept,
never the visit: nothing here raises into the app.

The day's HMAC key (for the texts searched in fewer than three visits) lives only in
memory: after a restart those texts start from nothing, which is the point. A text kept
(three visits) is in memory in clear only until the next write: after it, the day holds
its HMAC and count, and each write takes the text back from today.json.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from content.files import write_atomically
from kiosk.core.usage import KEY_BYTES, Day
from kiosk.core.usage_file import MAX_BYTES, UsageError, parse_usage

log = logging.getLogger("kiosk.usage")

TODAY = "today.json"
DAYS = "days"
LAST_TOUCH = "last-touch"
DAMAGED = ".damaged"

SAVE_EVERY = 300.0
"""Seconds between two writes of today.json while the terminal is in use."""

TOUCH_EVERY = 60.0
"""Seconds between two writes of last-touch: "in use a minute ago" is precise enough."""


class UsageStore:
    """Counts of use kept in `folder` (<data_dir>/stats) for the terminal `terminal`.

    `now()` is the local wall clock (the day and the hour of a touch), `utc_now()` the UTC
    one (last-touch), `monotonic()` paces the writes, `token_bytes` makes each day's key.
    """

    def __init__(
        self,
        folder: Path,
        terminal: str,
        *,
        app_version: str = "",
        now: Callable[[], datetime] = datetime.now,
        utc_now: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        token_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self.folder = Path(folder)
        self.terminal = terminal
        self.app_version = app_version
        self.now, self.utc_now, self._monotonic = now, utc_now, monotonic
        self._token_bytes = token_bytes
        self._dirty = False
        self._saved_at = monotonic()
        self._touch_written: float | None = None
        self._refused: set[str] = set()  # what the disk refused, told to the log once
        self.day = self._load()
        self._roll()

    # -- the port (kiosk.core.controllers.ports.Usage) -----------------------------------------

    def session_started(self, pack_id: str, pack_version: int) -> None:
        day = self._today()
        day.pack_id, day.pack_version = pack_id, pack_version
        day.start_session()

    def session_ended(self, seconds: float) -> None:
        self._today().end_session(seconds)
        self._changed()

    def touched(self) -> None:
        self._today().touch(self.now().hour)
        self._changed()
        at = self._monotonic()
        if self._touch_written is None or at - self._touch_written >= TOUCH_EVERY:
            self._touch_written = at
            moment = self.utc_now().astimezone(UTC).replace(microsecond=0).isoformat()
            self._write(self.folder / LAST_TOUCH, moment.encode("ascii"))

    def screen_shown(self, screen: str) -> None:
        self._today().screen(screen)
        self._changed()

    def item_viewed(self, kind: str, key: str) -> None:
        self._today().view(kind, key)
        self._changed()

    def searched(self, text: str, results: int) -> None:
        self._today().search(text, results)
        self._changed()

    def finder_ran(self, suggested: Sequence[str]) -> None:
        self._today().finder(suggested)
        self._changed()

    def printed(self, kind: str, copies: int = 1) -> None:
        self._today().printout(kind, copies)
        self._changed()

    def requested(self, kind: str) -> None:
        self._today().request(kind)
        self._changed()

    def setting_used(self, name: str) -> None:
        self._today().setting(name)
        self._changed()

    def flush(self) -> None:
        """Write today.json now if anything was counted since it was last written."""
        self._roll()
        if self._dirty:
            self._save()

    # -- the day -------------------------------------------------------------------------------

    def _today(self) -> Day:
        self._roll()
        return self.day

    def _changed(self) -> None:
        self._dirty = True
        if self._monotonic() - self._saved_at >= SAVE_EVERY:
            self._save()

    def _roll(self) -> None:
        """On a new local day (or a clock put back to another one): the day counted so far
        goes to days/, and a new one begins."""
        today = self.now().date()
        if self.day.date == today:
            return
        self._finish(self.day)
        self.day = self._new_day(today)
        self._dirty = False

    def _new_day(self, when: date) -> Day:
        return Day(self.terminal, when, self._token_bytes(KEY_BYTES), self.app_version)

    def _save(self) -> None:
        self._saved_at = self._monotonic()
        raw = self._checked(self.day)
        if raw is not None and self._write(self.folder / TODAY, raw):
            self._dirty = False
            # Written down: from now on only today.json has the kept texts in clear.
            self.day.forget_texts()

    def _finish(self, day: Day) -> None:
        """days/<date>.json: the day, with what an earlier run of the same date wrote."""
        target = self.folder / DAYS / f"{day.date.isoformat()}.json"
        earlier = self._read(target)
        if earlier is not None:
            day.absorb(earlier)  # the clock was put back, or a day finished twice
        raw = self._checked(day)
        if raw is None:
            return
        if earlier is None and self._write(self.folder / TODAY, raw):
            # Moved, not copied: a power cut now leaves one of the two, never both.
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.folder / TODAY, target)
                return
            except OSError as exc:
                self._refused_once("move", exc)
        if self._write(target, raw):
            self._remove(self.folder / TODAY)

    def _checked(self, day: Day) -> bytes | None:
        """The day's file, read back as the report reads it: what could not be read there
        is not written here (None; a terminal id the schema refuses, say). The kept texts
        the day has forgotten come from today.json, where they were written."""
        raw = day.to_json(self._written_texts(day.date))
        try:
            parse_usage(raw)
        except UsageError as exc:
            if "check" not in self._refused:
                self._refused.add("check")
                log.error("usage counts not written: the day would not read (%s)", exc)
            return None
        return raw

    def _written_texts(self, when: date) -> list[str]:
        """The kept texts today.json holds for the day `when` (none if it holds another)."""
        try:
            with open(self.folder / TODAY, "rb") as file:
                written = parse_usage(file.read(MAX_BYTES + 1))
        except (OSError, UsageError):
            return []  # set aside at the start if damaged; missing before the first save
        if written.date != when:
            return []
        return [*written.kept, *written.kept_found_nothing]

    # -- the files -----------------------------------------------------------------------------

    def _load(self) -> Day:
        """today.json as it was left, or a new day (a damaged file is set aside)."""
        saved = self._read(self.folder / TODAY)
        if saved is None:
            return self._new_day(self.now().date())
        day = Day.from_usage_day(saved, self._token_bytes(KEY_BYTES))
        day.terminal, day.app_version = self.terminal, self.app_version
        return day

    def _read(self, path: Path):
        """The day of use in `path`; None if there is none, or it is damaged (then renamed
        with .damaged, so that nothing overwrites what someone may want to look at)."""
        try:
            with open(path, "rb") as file:
                raw = file.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._refused_once("read", exc)
            return None
        try:
            return parse_usage(raw)
        except UsageError as exc:
            log.warning("%s is not a day of use (%s): set aside, counting afresh", path, exc)
            try:
                os.replace(path, path.with_name(path.name + DAMAGED))
            except OSError as rename:
                self._refused_once("set aside", rename)
            return None

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
        except OSError as exc:
            self._refused_once("write", exc)
            return False
        self._refused.discard("write")
        return True

    def _remove(self, path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            self._refused_once("remove", exc)

    def _refused_once(self, what: str, exc: OSError) -> None:
        # A full disk refuses every write: one line in the log, not one a touch.
        if what not in self._refused:
            self._refused.add(what)
            log.warning("usage counts: cannot %s in %s (%s)", what, self.folder, exc.strerror)
