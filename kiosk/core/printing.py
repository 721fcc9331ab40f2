"""Printing, the pure part: what a printer's state means, a job followed to its end, pages.

No CUPS here (that is kiosk/adapters/cups.py) and no Kivy: the touch app, the `kiosk print`
command and the staff screen all ask the same questions through the `Printer` port, and
the tests answer them with a fake or with a real CUPS server.

A citizen hears about a printer in plain words and is offered the QR code instead; the
command line and the logs get CUPS's own words (`PrinterState.detail`).
"""

from __future__ import annotations

import errno
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from content.files import NotPlainFile, read_small_file, write_atomically

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


def citizen_message(problem: str, gettext: Callable[[str], str], instead: str | None = None) -> str:
    """What the visitor is told when printing cannot happen, in their language; `instead`
    (a msgid) says what to do instead, where it is not the QR code on the screen."""
    _ = gettext
    what = {
        PAPER_OUT: _("В принтере закончилась бумага."),
        JAMMED: _("В принтере застряла бумага."),
        COVER_OPEN: _("У принтера открыта крышка."),
        NO_INK: _("В принтере закончилась краска."),
    }.get(problem, _("Принтер сейчас не работает."))
    if instead is not None:
        return what + " " + _(instead)
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
    """A print system: CUPS on a terminal (kiosk.adapters.cups.Cups), a fake in the unit tests."""

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

COUNT_FILE_MAX_BYTES = 1 << 20
"""A count file is a few kilobytes a year: anything larger is not one, and is not read."""
MAX_PAGES_A_DAY = 10**9
"""More than any printer prints in a day: a larger count is damage, not paper."""

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class PageCount:
    """A day's pages printed, or None when they are not known; `warning` says why, or
    what happened on the way (a damaged count file set aside), for the log."""

    pages: int | None
    warning: str = ""

    def __str__(self) -> str:
        return str(self.pages) if self.pages is not None else f"unknown ({self.warning})"


class _Damaged(Exception):
    """The count file is there but is not a count file."""


class _ReadError(Exception):
    """The count file or its folder cannot be read at all (unlike _Damaged: read, but wrong)."""


class PageCounter:
    """Pages printed per day, in a small JSON file (paper and toner are bought by the page).

    Counting is secondary to printing: nothing here raises. A file that is not a count
    (cut short, edited by hand, a link, a folder) is left alone when asked and set aside
    under a new name at the next count, which starts again from nothing; a write that fails
    (a read-only or full disk) loses that one count and says so, and the file keeps every
    count written before.
    """

    def __init__(self, path: Path):
        self.path = path

    def today(self, day: date | None = None) -> PageCount:
        """The pages counted for `day` (today by default), or unknown and why."""
        try:
            counts = self._read()
        except _Damaged as exc:
            why = f"{self.path} is damaged ({exc}); it is set aside at the next print"
            return PageCount(None, why)
        except _ReadError as exc:
            return PageCount(None, str(exc))
        return PageCount(counts.get(_key(day), 0))

    def add(self, pages: int, day: date | None = None) -> PageCount:
        """Count `pages` for `day` (today by default); the day's new total."""
        key, note = _key(day), ""
        try:
            try:
                counts = self._read()
            except _Damaged as exc:
                kept = self._set_aside(key)
                note = f"{self.path} was damaged ({exc}): set aside as {kept.name}, counting again"
                counts = {}
            total = counts.get(key, 0) + pages
            if not (pages >= 0 and total <= MAX_PAGES_A_DAY):  # it would read as damage
                why = f"a day holds 0 to {MAX_PAGES_A_DAY} pages"
                return PageCount(None, f"{pages} pages not counted: {why}")
            counts[key] = total
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(counts, sort_keys=True).encode("utf-8"))
        except _ReadError as exc:  # not overwritten: it may hold counts we cannot see
            return PageCount(None, f"{pages} pages not counted: {exc}")
        except OSError as exc:
            why = f"{pages} pages not counted: cannot write {self.path}: {_reason(exc)}"
            return PageCount(None, why)
        return PageCount(counts[key], note)

    def _read(self) -> dict[str, int]:
        """The counts in the file; {} when there is none yet. Raises _Damaged, or
        _ReadError when the file or its folder cannot be read at all."""
        try:
            return _counts(_read_plain_file(self.path))
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise _ReadError(f"cannot read {self.path}: {_reason(exc)}") from exc

    def _set_aside(self, key: str) -> Path:
        """Rename the damaged file out of the way (never over another file); its new path."""
        for n in range(1, 1000):
            kept = self.path.with_name(
                f"{self.path.name}.damaged-{key}" + (f"-{n}" if n > 1 else "")
            )
            if not os.path.lexists(kept):
                os.rename(self.path, kept)
                return kept
        raise OSError(errno.EEXIST, "too many damaged count files are set aside already")


def _key(day: date | None) -> str:
    return (day or date.today()).isoformat()


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _read_plain_file(path: Path) -> bytes:
    """The bytes of `path` if it is a plain file of a sane size; _Damaged if it is anything
    else (content.files.read_small_file says why)."""
    try:
        return read_small_file(path, COUNT_FILE_MAX_BYTES)
    except NotPlainFile as exc:
        raise _Damaged(exc.why) from None


def _counts(data: bytes) -> dict[str, int]:
    """The counts a file holds; _Damaged if it holds anything else."""
    try:
        counts = json.loads(data.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is one too
        raise _Damaged("not JSON") from None
    except RecursionError:  # [[[[... : json reads nesting by recursion
        raise _Damaged("nested too deep to read") from None
    if not isinstance(counts, dict):
        raise _Damaged("not a table of days")
    for key, pages in counts.items():
        if not (_is_day(key) and type(pages) is int and 0 <= pages <= MAX_PAGES_A_DAY):
            raise _Damaged("an entry that is not a day and its pages")
    return counts


def _is_day(key: str) -> bool:
    if not _DAY.fullmatch(key):
        return False
    try:
        date.fromisoformat(key)
    except ValueError:
        return False
    return True
