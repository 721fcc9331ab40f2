"""What the terminal's outbox holds, for the staff screen: `kiosk outbox status`'s report.

The staff screen asks `OutboxStatus.report()` and words it; the command reads the same
`status()` of the same outbox (kiosk.adapters.outbox.Outbox), so the two never disagree.
An outbox that cannot be read (a damaged file, a disk that refuses) is a report that says
why, not an error on the staff screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.core.controllers.ports import OutboxRefused


class OutboxState(Protocol):
    """The outbox's own report (kiosk.adapters.outbox.Outbox.status)."""

    def status(self) -> dict:
        """queued, oldest, last_upload, last_round, last_error; OutboxRefused when the
        outbox cannot be read."""


@dataclass(frozen=True)
class OutboxReport:
    """The outbox as `kiosk outbox status` reports it. Times are the outbox's own, UTC as
    YYYY-MM-DDTHH:MM:SSZ; None where there is none (nothing queued, never uploaded)."""

    terminal: str = ""
    """The terminal's name in its submissions ('' for none), which staff match to them."""
    queued: int = 0
    oldest: str | None = None
    """When the oldest submission still queued was made."""
    last_upload: str | None = None
    """The last upload round that delivered something."""
    last_round: str | None = None
    """The last upload round, whatever it did."""
    last_error: str | None = None
    """What stopped the last round; None when it went through."""
    unreadable: str | None = None
    """Why the outbox could not be read; None when it could."""
    present: bool = True
    """False for a terminal built without an outbox (it takes no requests)."""


class OutboxStatus:
    """The staff screen's question about the outbox (`outbox` None: the terminal has none)
    of the terminal named `terminal` in its submissions."""

    def __init__(self, outbox: OutboxState | None, terminal: str = ""):
        self._outbox = outbox
        self._terminal = terminal

    def report(self) -> OutboxReport:
        terminal = self._terminal
        if self._outbox is None or not hasattr(self._outbox, "status"):
            return OutboxReport(terminal, present=False)
        try:
            status = self._outbox.status()
        except OutboxRefused as exc:
            return OutboxReport(terminal, unreadable=str(exc))
        return OutboxReport(
            terminal,
            queued=int(status.get("queued") or 0),
            oldest=status.get("oldest"),
            last_upload=status.get("last_upload"),
            last_round=status.get("last_round"),
            last_error=status.get("last_error"),
        )
