"""The pure core of printing: printer states in plain words, a job followed to its end."""

from __future__ import annotations

import errno
from types import SimpleNamespace

import pytest

from kiosk.adapters.cups import Cups, parse_job_state, parse_options
from kiosk.core import printing
from kiosk.core.print_desk import PrintDesk
from kiosk.core.printing import (
    COMPLETED,
    FAILED,
    PENDING,
    PrintError,
    PrinterState,
    citizen_message,
    print_pdf,
    state_from_attributes,
)


def attrs(state: int = 3, reasons: str = "none", accepting: str = "true") -> dict[str, str]:
    return {
        "printer-state": str(state),
        "printer-state-reasons": reasons,
        "printer-is-accepting-jobs": accepting,
    }


@pytest.mark.parametrize(
    ("attributes", "problem"),
    [
        (attrs(), None),
        (attrs(4), None),  # printing someone else's job: ours waits its turn
        (attrs(reasons="toner-low-warning"), None),  # a warning still prints
        (attrs(5, "paused"), printing.STOPPED),
        (attrs(3, "none", "false"), printing.NOT_ACCEPTING),
        (attrs(5, "paused", "false"), printing.STOPPED),
        (attrs(3, "media-empty-error"), printing.PAPER_OUT),
        (attrs(5, "media-empty-error,paused"), printing.PAPER_OUT),  # the specific reason
        (attrs(3, "media-needed"), printing.PAPER_OUT),
        (attrs(3, "media-jam-error"), printing.JAMMED),
        (attrs(3, "cover-open-error"), printing.COVER_OPEN),
        (attrs(3, "toner-empty-error"), printing.NO_INK),
        (attrs(3, "offline-report"), printing.OFFLINE),
        ({}, printing.MISSING),  # lpoptions -p prints nothing for an unknown queue
    ],
)
def test_a_printers_attributes_say_whether_it_can_print_and_why_not(attributes, problem):
    state = state_from_attributes("office", attributes)
    assert state.problem == problem
    assert state.ready is (problem is None)
    assert state.queue == "office"


def test_the_detail_keeps_cups_own_words_for_staff():
    state = state_from_attributes("office", attrs(5, "media-jam-error,paused"))
    assert state.detail == "state stopped, reasons media-jam-error,paused"


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (printing.PAPER_OUT, "закончилась бумага"),
        (printing.JAMMED, "застряла бумага"),
        (printing.STOPPED, "не работает"),
        (printing.MISSING, "не работает"),
        (printing.NO_SERVER, "не работает"),
    ],
)
def test_the_citizen_hears_plain_words_and_is_offered_the_qr_code(problem, words):
    message = citizen_message(problem, lambda s: s)
    assert words in message
    assert "QR-код" in message and "сотрудника" in message
    assert "media" not in message and problem not in message  # no jargon


def test_the_citizen_message_goes_through_the_translator():
    from content.presentation.i18n import translator

    message = citizen_message(printing.PAPER_OUT, translator("en").gettext)
    assert "paper" in message.lower() and "бумага" not in message


class FakePrinter:
    """A print system that answers from a script: a state, then job statuses."""

    def __init__(self, state: PrinterState, statuses=(COMPLETED,)):
        self._state = state
        self._statuses = list(statuses)
        self.sent: list[tuple] = []
        self.cancelled: list[str] = []

    def state(self, queue):
        return self._state

    def submit(self, queue, pdf, title, copies):
        self.sent.append((queue, pdf, title, copies))
        return f"{queue}-{len(self.sent)}"

    def job_status(self, job_id):
        return self._statuses.pop(0) if len(self._statuses) > 1 else self._statuses[0]

    def cancel(self, job_id):
        self.cancelled.append(job_id)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_a_ready_printer_gets_the_job_and_it_is_followed_to_the_end():
    printer = FakePrinter(PrinterState("office"), [PENDING, PENDING, COMPLETED])
    clock = Clock()
    result = print_pdf(printer, None, b"%PDF", "Leaflet", 2, clock=clock, sleep=clock.sleep)
    assert result.printed and result.job_id == "office-1" and result.queue == "office"
    assert printer.sent == [("office", b"%PDF", "Leaflet", 2)]
    assert clock.now == pytest.approx(1.0)  # two polls of half a second


def test_a_printer_that_cannot_print_is_sent_nothing():
    printer = FakePrinter(PrinterState("office", printing.PAPER_OUT, "media-empty-error"))
    result = print_pdf(printer, "office", b"%PDF", "Leaflet")
    assert not result.printed and result.problem == printing.PAPER_OUT
    assert printer.sent == []


def test_a_job_that_takes_too_long_is_cancelled():
    printer = FakePrinter(PrinterState("office"), [PENDING])
    clock = Clock()
    result = print_pdf(printer, "office", b"%PDF", "L", timeout_s=3, clock=clock, sleep=clock.sleep)
    assert result.problem == printing.TIMED_OUT
    assert printer.cancelled == ["office-1"]


def test_a_session_reset_cancels_the_job_still_waiting():
    printer = FakePrinter(PrinterState("office"), [PENDING])
    clock = Clock()
    reset = iter([False, False, True])
    result = print_pdf(
        printer, "office", b"%PDF", "L", cancelled=lambda: next(reset), clock=clock,
        sleep=clock.sleep,
    )  # fmt: skip
    assert result.problem == printing.CANCELLED and printer.cancelled == ["office-1"]


def test_a_job_that_cups_stopped_is_not_reported_as_printed():
    printer = FakePrinter(PrinterState("office"), [PENDING, FAILED])
    clock = Clock()
    result = print_pdf(printer, "office", b"%PDF", "L", clock=clock, sleep=clock.sleep)
    assert not result.printed and result.problem == printing.JOB_FAILED


LPOPTIONS = (
    "copies=1 device-uri=cups-pdf:/ job-sheets=none,none printer-info=kiosk "
    "printer-is-accepting-jobs=false printer-location printer-make-and-model='Generic "
    "CUPS-PDF Printer (w/ options)' printer-state=5 printer-state-reasons=paused "
    "printer-type=8450124\n"
)


def test_lpoptions_output_is_read_as_attributes():
    options = parse_options(LPOPTIONS)
    assert options["printer-state"] == "5"
    assert options["printer-make-and-model"] == "Generic CUPS-PDF Printer (w/ options)"
    assert state_from_attributes("kiosk", options).problem == printing.STOPPED


@pytest.mark.parametrize(
    ("output", "state"),
    [
        ("job-state,job-state-reasons\ncompleted,processing-to-stop-point\n", "completed"),
        ("job-state,job-state-reasons\ncanceled,job-canceled-by-user\n", "canceled"),
        ("job-state,job-state-reasons\npending,none\n", "pending"),
        ("Job #99 does not exist.\n", None),
    ],
)
def test_ipptool_output_gives_the_jobs_state(output, state):
    assert parse_job_state(output) == state


@pytest.mark.parametrize(
    "error",
    [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.E2BIG, "Too long")],
)
def test_a_cups_tool_that_cannot_be_run_is_a_print_error(error):
    def run(*args, **kwargs):
        raise error

    with pytest.raises(PrintError, match=f"lpstat cannot be run: {error.strerror}"):
        Cups(run=run).state("office")


class BrokenPrinter(FakePrinter):
    """A print system that breaks in a way nobody foresaw, after the job was sent."""

    def job_status(self, job_id):
        raise ValueError("an answer nobody expected")


def test_the_app_hears_back_even_when_the_print_system_breaks_unforeseen():
    desk = PrintDesk(BrokenPrinter(PrinterState("office")), "office")
    done = []
    desk.submit(lambda: SimpleNamespace(pdf=b"%PDF", title="Leaflet", pages=1), done.append)
    desk.wait()
    assert [(r.printed, r.problem) for r in done] == [(False, "print_failed")]
    assert "ValueError: an answer nobody expected" in done[0].detail
