"""The pack on show: its swap for a newer one between visitors, and how fresh it is.

`status_report` is what `kiosk status` prints and the staff screen shows; `sync_report`
(the last sync and whether the information may be out of date) is its part that the top
bar needs, cheap enough for every reset and language switch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from content.pack.reader import Pack, open_pack
from kiosk.core.config import Config
from kiosk.core.controllers.ports import Changes
from kiosk.core.freshness import out_of_date
from kiosk.core.pack_watch import PackFile

log = logging.getLogger("kiosk.app")


class Store(Protocol):
    """The packs installed in a terminal's data folder (kiosk.adapters.pack_store.PackStore)."""

    pack_dir: Path
    current: Path

    def state(self):
        """The last sync, attempt and error (a TerminalState)."""

    def health(self):
        """Which pack the app shows and which files are damaged (a Health)."""


def sync_report(state, pack_date: str | None, stale_after_days: int, now: datetime) -> dict:
    """The last good sync, the last attempt and error of `state` (a TerminalState), and
    whether the information may be out of date (kiosk.core.freshness) for a pack of
    `pack_date`."""
    return {
        "last_sync": state.last_sync,
        "last_attempt": state.last_attempt,
        "last_error": state.last_error,
        "out_of_date": out_of_date(state.last_sync, pack_date, stale_after_days, now),
    }


def status_report(store: Store, stale_after_days: int, now: datetime | None = None) -> dict:
    """What `kiosk status --json` prints (and the staff screen shows): the pack the app
    shows (the previous one when the current one is damaged) and any file that is."""
    health = store.health()
    info = health.showing
    return {
        "pack_version": info.version if info else None,
        "pack_date": info.created_at if info else None,
        "pack_id": info.pack_id if info else None,
        "pack_path": str(info.path) if info else None,
        "previous_pack": health.previous is not None,
        "previous_version": health.previous.version if health.previous else None,
        "damaged": health.damaged,
        **sync_report(
            store.state(),
            info.created_at if info else None,
            stale_after_days,
            now or datetime.now(UTC),
        ),
    }


NOT_SYNCED = {"last_sync": None, "last_attempt": None, "last_error": None, "out_of_date": False}
"""The report for a pack that sync does not look after (opened from anywhere else)."""


class PackController:
    """The open pack every screen reads, and the store that sync and import install into."""

    def __init__(
        self,
        pack: Pack,
        store: Store,
        settings: Config,
        changes: Changes | None = None,
        utc_now: Callable[[], datetime] = lambda: datetime.now(UTC),
        opener: Callable[[Path], Pack] = open_pack,
    ):
        self.pack = pack
        self.store = store
        self._settings = settings
        self._changes = changes or Changes()
        self._utc_now = utc_now
        self._open = opener
        # A pack installed by sync or import is watched where installs put it (a rollback
        # or the next version lands there); any other pack where it was opened from.
        self.synced = Path(pack.path).resolve().parent == store.pack_dir.resolve()
        """True when the pack on show is the one installed in the store."""
        self.pack_file = PackFile(store.current if self.synced else pack.path)

    def swap_if_newer(self) -> bool:
        """Between visitors only: open the pack installed since, if there is a good one.
        True when the pack on show changed."""
        if not self.pack_file.changed():
            return False
        try:
            new = self._open(self.pack_file.path)
        except Exception as exc:  # a bad pack never replaces the good one on show
            log.error("the newly installed pack is refused, keeping the old one: %s", exc)
            self.pack_file.remember()
            return False
        old, self.pack = self.pack, new
        self.pack_file.remember()
        old.close()
        log.info("switched to the newly installed pack %s", new.meta.version)
        self._changes()
        return True

    def sync_state(self) -> dict:
        """The top bar's question: the last sync and whether the pack on show may be out
        of date; NOT_SYNCED for a pack that sync does not look after."""
        if not self.synced:
            return dict(NOT_SYNCED)
        return sync_report(
            self.store.state(),
            self.pack.meta.created_at,
            self._settings.stale_after_days,
            self._utc_now(),
        )

    def status(self) -> dict:
        """The staff screen's report (`status_report`); NOT_SYNCED's answers for a pack
        that sync does not look after."""
        if not self.synced:
            return dict(NOT_SYNCED)
        return status_report(self.store, self._settings.stale_after_days, self._utc_now())
