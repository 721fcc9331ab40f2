"""The printing controller: my list, a visitor's print and the printer's answer in their
words, staff brochures, and a reset that cancels whatever is still waiting at the printer.

A real PrintDesk (its worker thread) over a fake printer that holds or finishes jobs as
told; printouts are fakes, so no reportlab and no pack file.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.core.controllers.printing import PrintingController
from kiosk.core.print_desk import PrintDesk
from kiosk.core.printing import COMPLETED, PAPER_OUT, PENDING, PrinterState
from kiosk.core.session import SessionData

WAIT_S = 10.0


class FakePrinter:
    """A printer that finishes every job, or holds it until cancelled (a blocked one)."""

    def __init__(self, problem: str | None = None, holds: bool = False, cancel_fails=False):
        self.problem, self.holds, self.cancel_fails = problem, holds, cancel_fails
        self.sent: list[tuple[str, bytes, str, int]] = []
        self.cancelled: list[str] = []
        self.arrived = threading.Event()  # a job has reached the printer

    def state(self, queue):
        return PrinterState(queue or "default", self.problem, "fake printer")

    def submit(self, queue, pdf, title, copies):
        self.sent.append((queue, pdf, title, copies))
        self.arrived.set()
        return f"job-{len(self.sent)}"

    def job_status(self, job_id):
        return PENDING if self.holds else COMPLETED

    def cancel(self, job_id):
        self.cancelled.append(job_id)
        if self.cancel_fails:
            raise OSError("printer gone")


class FakePrintouts:
    def __init__(self):
        self.made: list[tuple] = []

    def items(self, pack_path, items, lang, large=False):
        self.made.append(("items", pack_path, list(items), lang) + (("large",) if large else ()))
        return SimpleNamespace(pdf=b"%PDF-items", title="my list", pages=2)

    def brochure(self, pack_path, category_id, lang):
        self.made.append(("brochure", pack_path, category_id, lang))
        return SimpleNamespace(pdf=b"%PDF-brochure", title=category_id, pages=3)


class Later:
    """The app's UI thread: calls wait here until the test runs them."""

    def __init__(self):
        self.calls: list = []
        self.queued = threading.Event()

    def __call__(self, call) -> None:
        self.calls.append(call)
        self.queued.set()

    def run(self) -> None:
        assert self.queued.wait(WAIT_S), "no answer came from the print worker"
        calls, self.calls = self.calls, []
        self.queued.clear()
        for call in calls:
            call()


PACK = SimpleNamespace(pack=SimpleNamespace(path=Path("/packs/current.sqlite")))


def controller(
    printer: FakePrinter, lang: str = "ru", later=None, large_text=lambda: False, said=None
):
    desk = PrintDesk(printer, "hall", poll_s=0.01)
    printouts = FakePrintouts()
    printing = PrintingController(
        SessionData(),
        desk,
        printouts,
        PACK,
        language=lambda: lang,
        gettext=lambda text: f"<{text}>",
        call_soon=later or (lambda call: call()),
        large_print=large_text,
        announce=(said.append if said is not None else lambda text: None),
    )
    return printing, desk, printouts


def test_my_list_toggles_and_counts_and_says_so():
    printing, _desk, _printouts = controller(FakePrinter())
    told = []
    printing._changes.listen(lambda: told.append(printing.count))
    assert printing.toggle("service", "pension") is True
    assert printing.toggle("agency", "mfc") is True
    assert printing.in_list("service", "pension") and printing.count == 2
    assert printing.toggle("service", "pension") is False
    assert list(printing.my_list) == [("agency", "mfc")]
    assert told == [1, 2, 1]


def test_a_print_says_printing_at_once_and_done_later_in_the_visitors_words():
    later = Later()
    printing, desk, printouts = controller(FakePrinter(), lang="en", later=later)
    replies = []
    said = printing.print_items([("service", "pension")], replies.append)
    assert said == "<Печатаем. Заберите листок из принтера.>"
    later.run()
    desk.wait()
    assert replies == ["<Готово: заберите напечатанное из принтера.>"]
    assert printouts.made == [
        ("items", Path("/packs/current.sqlite"), [("service", "pension")], "en")
    ]
    # Both are good news: the screen shows them in the good colour, not the warning's.
    assert printing.good_news(said) and printing.good_news(replies[0])


def test_with_large_text_on_the_leaflet_is_asked_for_in_large_print_as_it_was_at_the_tap():
    later = Later()
    large = [True]
    printing, desk, printouts = controller(FakePrinter(), later=later, large_text=lambda: large[0])
    printing.print_items([("service", "pension")], lambda _message: None)
    large[0] = False  # switched back while the job waits: the tap decided
    later.run()
    desk.wait()
    printing.print_items([("service", "pension")], lambda _message: None)
    later.run()
    desk.wait()
    assert printouts.made == [
        ("items", Path("/packs/current.sqlite"), [("service", "pension")], "ru", "large"),
        ("items", Path("/packs/current.sqlite"), [("service", "pension")], "ru"),
    ]


def test_a_printer_in_trouble_is_told_in_plain_words():
    later = Later()
    printer = FakePrinter(problem=PAPER_OUT)
    printing, desk, _printouts = controller(printer, later=later)
    replies = []
    printing.print_items([("service", "pension")], replies.append)
    later.run()
    desk.wait()
    (reply,) = replies
    assert reply.startswith("<В принтере закончилась бумага.>")
    assert not printing.good_news(reply)
    assert "QR" in reply  # the code on the screen is offered instead
    assert printer.sent == []  # nothing was sent to a printer that cannot print


def test_a_reset_cancels_the_job_waiting_at_the_printer_and_no_answer_comes():
    printer = FakePrinter(holds=True)
    printing, desk, _printouts = controller(printer)
    replies = []
    printing.print_items([("service", "pension")], replies.append)
    assert printer.arrived.wait(WAIT_S)
    printing.cancel_all()
    desk.wait()
    assert printer.cancelled == ["job-1"]
    assert replies == []


def test_a_second_print_while_one_waits_at_the_printer_answers_at_once():
    """The UI thread asks; it must not wait for the job before (it did, up to the job's
    two-minute timeout, while the desk's one lock was held for a whole job)."""
    printer = FakePrinter(holds=True)
    printing, desk, _printouts = controller(printer)
    printing.print_items([("service", "pension")], lambda _m: None)
    assert printer.arrived.wait(WAIT_S)
    said = []
    second = threading.Thread(
        target=lambda: said.append(printing.print_items([("agency", "mfc")], lambda _m: None))
    )
    second.start()
    second.join(WAIT_S)
    assert said == ["<Печатаем. Заберите листок из принтера.>"]
    printing.cancel_all()
    desk.wait()
    assert len(printer.sent) == 1  # the second never reached the printer: cancelled first


def test_a_reset_cancels_every_job_even_if_one_cancel_fails(caplog):
    """Moved here from SessionData.pending_jobs, which held no real job: one stuck job must
    not keep the next visitor's documents, or the rest, alive."""
    printer = FakePrinter(holds=True, cancel_fails=True)
    printing, desk, _printouts = controller(printer)
    replies = []
    for key in ("pension", "child-benefit", "housing"):
        printing.print_items([("service", key)], replies.append)
    assert printer.arrived.wait(WAIT_S)
    with caplog.at_level(logging.ERROR, logger="kiosk.print"):
        printing.cancel_all()
        desk.wait()
    assert printer.cancelled == ["job-1"]  # tried, and it failed
    assert len(printer.sent) == 1  # the two jobs behind it never reached the printer
    assert replies == []
    assert "printer gone" in caplog.text  # the failure is in the log for staff


def test_an_answer_on_its_way_to_the_screen_is_dropped_by_a_reset():
    later = Later()
    printing, desk, _printouts = controller(FakePrinter(), later=later)
    replies = []
    printing.print_items([("service", "pension")], replies.append)
    desk.wait()  # printed: its answer waits for the UI thread
    printing.cancel_all()  # the visitor has gone meanwhile
    later.run()
    assert replies == []


def test_staff_brochures_print_the_copies_asked_for():
    later = Later()
    printer = FakePrinter()
    printing, desk, printouts = controller(printer, later=later)
    replies = []
    said = printing.print_brochures("families", 5, replies.append)
    assert said == "<Печатаем брошюры: 5 экз.>"
    later.run()
    desk.wait()
    assert replies == ["<Брошюры напечатаны.>"]
    assert printer.sent == [("hall", b"%PDF-brochure", "families", 5)]
    assert printouts.made == [("brochure", Path("/packs/current.sqlite"), "families", "ru")]


@pytest.mark.parametrize("problem", [None, PAPER_OUT])
def test_the_staff_screen_asks_the_printers_state(problem):
    printing, _desk, _printouts = controller(FakePrinter(problem=problem))
    state = printing.printer_state()
    assert state.queue == "hall" and state.problem == problem
    assert printing.pages_today().pages == 0  # no counter: nothing counted


def test_a_visitor_who_listens_hears_printing_and_then_how_it_ended():
    """WCAG 4.1.3: the status of a print is said without moving anywhere (the controller
    announces; ReadAloud says it only to a visitor who listens)."""
    later, said = Later(), []
    printing, desk, _printouts = controller(FakePrinter(problem=PAPER_OUT), later=later, said=said)
    replies = []
    printing.print_items([("service", "pension")], replies.append)
    assert said == ["<Печатаем. Заберите листок из принтера.>"]
    later.run()
    desk.wait()
    assert said[1:] == replies and replies[0].startswith("<В принтере закончилась бумага.>")
