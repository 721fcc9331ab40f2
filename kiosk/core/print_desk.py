"""The touch app's print jobs, in the background: render, ask the printer, send, follow.

Kivy-free: the printing controller (kiosk/core/controllers/printing.py) hands in what to
render and a function to call with the result, and moves that call to the app's thread.
A job belongs to the session that asked for it: at a session reset `cancel_all()` cancels
what is still waiting at the printer and drops every answer still to come, so that
nothing of one visitor's printing reaches the next one (a leaflet coming out late is
theirs to take, not the next person's screen to talk about).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.core.printing import (
    JOB_TIMEOUT_S,
    PageCount,
    PageCounter,
    Printer,
    PrintError,
    PrintResult,
    print_pdf,
)

log = logging.getLogger("kiosk.print")

FAILED_TO_RENDER = "render_failed"
"""PrintResult.problem when the printout itself could not be made."""
PRINT_FAILED = "print_failed"
"""PrintResult.problem when printing broke in a way not foreseen (the log has why)."""


class PrintDesk:
    """Runs print jobs one after another on a worker thread of their own."""

    def __init__(
        self,
        printer: Printer,
        queue: str | None,
        counter: PageCounter | None = None,
        timeout_s: float = JOB_TIMEOUT_S,
        poll_s: float = 0.5,
    ):
        """`poll_s`: how often a job's state is asked while it waits at the printer."""
        self._printer, self._queue, self._counter = printer, queue, counter
        self._timeout_s, self._poll_s = timeout_s, poll_s
        self._one_job = threading.Lock()  # held for a whole job, minutes at worst
        # Held only to update the list: submit() runs on the UI thread and must not wait
        # for a job at the printer (it did, when both were one lock).
        self._threads_lock = threading.Lock()
        self._session = threading.Event()  # set: this session's jobs are cancelled
        self._threads: list[threading.Thread] = []

    def submit(
        self,
        render: Callable[[], object],
        on_done: Callable[[PrintResult], None],
        copies: int = 1,
    ) -> None:
        """Render (`render()` returns a printouts.Printout) and print `copies` in the
        background; `on_done(result)` is called on the worker thread, unless the session
        ended first."""
        cancelled = self._session
        worker = threading.Thread(
            target=self._work, args=(render, on_done, cancelled, copies), name="print", daemon=True
        )
        with self._threads_lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [worker]
        worker.start()

    def _work(self, render, on_done, cancelled: threading.Event, copies: int) -> None:
        with self._one_job:  # one job at a time: a printer prints one thing at a time anyway
            try:
                result = self._print(render, cancelled, copies)
            except Exception as exc:  # the visitor must hear back, not wait at "Printing…"
                log.exception("print failed")
                result = PrintResult(False, PRINT_FAILED, f"{type(exc).__name__}: {exc}")
        log.info("print: %s", result)
        if not cancelled.is_set():
            on_done(result)

    def _print(self, render, cancelled: threading.Event, copies: int) -> PrintResult:
        if cancelled.is_set():
            return PrintResult(False, "cancelled", "the session ended before it started")
        try:
            printout = render()
        except Exception as exc:  # a printout that cannot be made must not end the thread
            log.exception("printout failed")
            return PrintResult(False, FAILED_TO_RENDER, f"{type(exc).__name__}: {exc}")
        try:
            result = print_pdf(
                self._printer,
                self._queue,
                printout.pdf,
                printout.title,
                copies,
                timeout_s=self._timeout_s,
                poll_s=self._poll_s,
                cancelled=cancelled.is_set,
            )
        except PrintError as exc:
            return PrintResult(False, "no_server", str(exc), queue=self._queue)
        if result.printed:
            self._count(printout.pages * copies)
        return result

    def _count(self, pages: int) -> None:
        """Count printed pages for staff: whatever goes wrong, the job stays printed."""
        if self._counter is None:
            return
        try:
            counted = self._counter.add(pages)
        except Exception:  # PageCounter does not raise; a bug in it must not unprint a job
            log.exception("page count failed")
            return
        if counted.warning:
            log.warning("page count: %s", counted.warning)

    def cancel_all(self) -> None:
        """End this session's printing: jobs waiting are cancelled, answers dropped."""
        self._session.set()
        self._session = threading.Event()

    def state(self):
        """The printer's state now (a CUPS question: for the staff screen, not per frame)."""
        try:
            return self._printer.state(self._queue)
        except PrintError as exc:
            from kiosk.core.printing import NO_SERVER, PrinterState

            return PrinterState(self._queue or "", NO_SERVER, str(exc))

    def pages_today(self) -> PageCount:
        """Pages printed today, or unknown and why (shown as such on the staff screen)."""
        return self._counter.today() if self._counter is not None else PageCount(0)

    def wait(self, timeout_s: float = 10.0) -> None:
        """Wait for the jobs started so far (tests, and the app's stop)."""
        for thread in list(self._threads):
            thread.join(timeout_s)


def counter_for(data_dir: Path) -> PageCounter:
    return PageCounter(data_dir / "pages.json")
