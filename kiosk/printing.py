"""Printing, the pure part: what a printer's state means, a job followed to its end, pages.

No CUPS here (that is kiosk/cups.py) and no Kivy: the touch app, the `kiosk print`
command and the staff screen all ask the same questions through the `Printer` port, and
the tests answer them with a fake or with a real CUPS server.

A citizen hears about a printer in plain words and is offered the QR code instead; the
command line and the logs get CUPS's own words (`PrinterState.detail`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

# -- what is wrong with a printer ----------------------------------------------------------

NO_SERVER = "no_server"
MISSING = "missing"
STOPPED = "stopped"
NOT_ACCEPTING = "not_accepting"
OFFLINE = "offline"
PAPER_OUT = "paper_out"
JAMMED = "jammed"
COVER_OPEN = "cover_open"
NO_INK = "no_ink"

REASONS = (
    # IPP printer-state-reasons (RFC 8011 and the PWG's registry), the most specific first.
    ("media-jam", JAMMED),
    ("media-empty", PAPER_OUT),
    ("media-needed", PAPER_OUT),
    ("input-tray-missing", PAPER_OUT),
    ("door-open", COVER_OPEN),
    ("cover-open", COVER_OPEN),
    ("interlock-open", COVER_OPEN),
    ("toner-empty", NO_INK),
    ("marker-supply-empty", NO_INK),
    ("offline", OFFLINE),
    ("shutdown", OFFLINE),
    ("connecting-to-device", OFFLINE),
    ("paused", STOPPED),
)
"""A reason CUPS reports -> the problem it means for whoever waits at the printer."""

IDLE, PROCESSING, STOPPED_STATE = 3, 4, 5
"""IPP printer-state values."""


@dataclass(frozen=True)
class PrinterState:
    """Whether `queue` can print now, and if not, why."""

    queue: str
    problem: str | None = None
    """None when the printer is ready; else one of this module's problem names."""
    detail: str = ""
    """What CUPS said (its state and reasons), for the staff screen, the CLI and the log."""

    @property
    def ready(self) -> bool:
        return self.problem is None


def state_from_attributes(queue: str, attributes: dict[str, str]) -> PrinterState:
    """The state of `queue` from its IPP attributes (printer-state, -state-reasons,
    printer-is-accepting-jobs); no attributes at all means there is no such queue.

    A reason with the suffix -warning (toner low, say) still prints; -error, -report
    (CUPS reports an unreachable printer as offline-report) and no suffix do not.
    """
    if "printer-state" not in attributes:
        return PrinterState(queue, MISSING, f"there is no printer queue {queue!r}")
    reasons = [r for r in attributes.get("printer-state-reasons", "none").split(",") if r]
    detail = f"state {_STATE_NAMES.get(attributes['printer-state'], attributes['printer-state'])}"
    blocking = [r for r in reasons if r != "none" and not r.endswith("-warning")]
    if blocking:
        detail += ", reasons " + ",".join(blocking)
    for reason in blocking:
        for prefix, problem in REASONS:
            if reason.startswith(prefix) and problem != STOPPED:
                return PrinterState(queue, problem, detail)
    if attributes["printer-state"] == str(STOPPED_STATE):
        return PrinterState(queue, STOPPED, detail)
    if attributes.get("printer-is-accepting-jobs", "true").lower() != "true":
        return PrinterState(queue, NOT_ACCEPTING, detail + ", not accepting jobs")
    return PrinterState(queue, None, detail)


_STATE_NAMES = {"3": "idle", "4": "printing", "5": "stopped"}


def citizen_message(problem: str, gettext: Callable[[str], str]) -> str:
    """What the visitor is told when printing cannot happen, in their language."""
    _ = gettext
    what = {
        PAPER_OUT: _("В принтере закончилась бумага."),
        JAMMED: _("В принтере застряла бумага."),
        COVER_OPEN: _("У принтера открыта крышка."),
        NO_INK: _("В принтере закончилась краска."),
    }.get(problem, _("Принтер сейчас не работает."))
    return (
        what
        + " "
        + _(
            "Наведите камеру телефона на QR-код на экране: страница откроется на телефоне. "
            "Или попросите помощи у сотрудника."
        )
    )


# -- a job, from the printer's state to its end --------------------------------------------

PENDING, COMPLETED, FAILED = "pending", "completed", "failed"
"""What `Printer.job_status()` answers."""


class PrintError(RuntimeError):
    """The print system itself failed (no server, a command that broke)."""


class Printer(Protocol):
    """A print system: CUPS on a terminal (kiosk.cups.Cups), a fake in the unit tests."""

    def state(self, queue: str | None) -> PrinterState:
        """The state of `queue` (None: the system's default queue)."""

    def submit(self, queue: str, pdf: bytes, title: str, copies: int) -> str:
        """Send a job; its id."""

    def job_status(self, job_id: str) -> str:
        """PENDING, COMPLETED or FAILED (cancelled, aborted, or gone)."""

    def cancel(self, job_id: str) -> None:
        """Cancel a job that is still pending; nothing if it has ended."""


@dataclass(frozen=True)
class PrintResult:
    """How a print ended."""

    printed: bool
    problem: str | None = None
    """Why not: a printer problem, or TIMED_OUT, CANCELLED, JOB_FAILED."""
    detail: str = ""
    job_id: str | None = None
    queue: str | None = None


TIMED_OUT, CANCELLED, JOB_FAILED = "timed_out", "cancelled", "job_failed"

JOB_TIMEOUT_S = 120.0
"""A job not done after this long is cancelled: a visitor does not wait longer."""


def print_pdf(
    printer: Printer,
    queue: str | None,
    pdf: bytes,
    title: str,
    copies: int = 1,
    *,
    timeout_s: float = JOB_TIMEOUT_S,
    poll_s: float = 0.5,
    cancelled: Callable[[], bool] = lambda: False,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> PrintResult:
    """Read the printer's state, send the job if it can print, and follow the job until it
    is done, fails, times out (then it is cancelled) or `cancelled()` says so (a session
    reset: a printout must not come out for the next visitor).
    """
    state = printer.state(queue)
    if not state.ready:
        return PrintResult(False, state.problem, state.detail, queue=state.queue)
    job = printer.submit(state.queue, pdf, title, copies)
    started = clock()
    while True:
        status = printer.job_status(job)
        if status == COMPLETED:
            return PrintResult(True, None, "printed", job, state.queue)
        if status == FAILED:
            return PrintResult(False, JOB_FAILED, "the job was stopped", job, state.queue)
        if cancelled():
            printer.cancel(job)
            return PrintResult(False, CANCELLED, "cancelled", job, state.queue)
        if clock() - started > timeout_s:
            printer.cancel(job)
            return PrintResult(False, TIMED_OUT, f"not done in {timeout_s:g} s", job, state.queue)
        sleep(poll_s)


# -- pages printed, per day, for staff -----------------------------------------------------


class PageCounter:
    """Pages printed per day, in a small JSON file (paper and toner are bought by the page)."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict[str, int]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}  # none yet, or a file cut short by a power cut: start again
        return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def add(self, pages: int, day: date | None = None) -> int:
        """Count `pages` for `day` (today by default); the day's total."""
        key = (day or date.today()).isoformat()
        counts = self.read()
        counts[key] = counts.get(key, 0) + pages
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)  # a whole file or the old one, never half
        return counts[key]

    def today(self, day: date | None = None) -> int:
        return self.read().get((day or date.today()).isoformat(), 0)
