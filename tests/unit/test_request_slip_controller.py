"""Printing a sent request's slip (issue 17), Kivy-free: the controllers built as the app
builds them, over a real PrintDesk (its worker thread) and a fake printer; the printouts are
a fake that writes down what it was asked for, so no reportlab and no pack file.

The slip goes on the config's paper, in the visitor's language; a printer that cannot
print is told in words that point to the reference on the screen (there is no code to
scan there); the idle reset cancels a slip still waiting and drops its answer.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.core.config import Config
from kiosk.core.controllers import build_controllers
from kiosk.core.controllers.requests import NEXT_APPOINTMENT, Sent
from kiosk.core.print_desk import PrintDesk
from kiosk.core.printing import COMPLETED, MISSING, PENDING, PrinterState

WAIT_S = 10.0

SENT = Sent(
    "NGHK-8NBT",
    "appointment",
    datetime(2026, 12, 7, 5, 30, 15, tzinfo=UTC),
    (NEXT_APPOINTMENT, {"days": 2}),
    "38b4e652e44da7f2370d9e260e271365",
    agency_id="mfc-perm",
    location_id="mfc-perm-perm",
    service_id="gosuslugi-account",
)


class Printer:
    """Finishes every job, holds it until cancelled (`holds`), or is missing (`problem`)."""

    def __init__(self, problem: str | None = None, holds: bool = False):
        self.problem, self.holds = problem, holds
        self.sent: list[tuple[str, bytes, str]] = []
        self.cancelled: list[str] = []
        self.arrived = threading.Event()

    def state(self, queue):
        return PrinterState(queue or "default", self.problem, "fake printer")

    def submit(self, queue, pdf, title, copies):
        self.sent.append((queue, pdf, title))
        self.arrived.set()
        return f"job-{len(self.sent)}"

    def job_status(self, job_id):
        return PENDING if self.holds else COMPLETED

    def cancel(self, job_id):
        self.cancelled.append(job_id)


class Printouts:
    def __init__(self):
        self.slips: list[tuple] = []

    def request_slip(self, pack_path, sent, lang, paper):
        self.slips.append((pack_path, sent, lang, paper))
        return SimpleNamespace(pdf=b"%PDF-slip", title="slip", pages=1)


class Store:
    def __init__(self, root: Path):
        self.pack_dir = root / "pack"
        self.current = self.pack_dir / "current.sqlite"


class Later:
    """The app's UI thread: answers wait here until the test runs them."""

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


def terminal(tmp_path, printer: Printer, config: Config):
    later, printouts = Later(), Printouts()
    pack = SimpleNamespace(
        path=tmp_path / "pack.sqlite",
        meta=SimpleNamespace(created_at="2026-11-26T10:00:00Z", version=1, pack_id="demo"),
    )
    desk = PrintDesk(printer, "hall", poll_s=0.01)
    controllers = build_controllers(
        pack,
        config,
        store=Store(tmp_path),
        desk=desk,
        speaker=SimpleNamespace(available=False, speaking=False, stop=lambda: None),
        printouts=printouts,
        call_soon=later,
    )
    return SimpleNamespace(c=controllers, desk=desk, later=later, printouts=printouts, pack=pack)


@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_the_slip_is_made_on_the_configs_paper_in_the_visitors_language(tmp_path, paper):
    printer = Printer()
    t = terminal(tmp_path, printer, Config(paper=paper))
    t.c.visit.set_language("en")
    replies: list[str] = []
    said = t.c.printing.print_request_slip(SENT, replies.append)
    assert said == "Печатаем. Заберите листок из принтера."  # at once (gettext: as is)
    t.later.run()
    t.desk.wait()
    assert t.printouts.slips == [(t.pack.path, SENT, "en", paper)]
    assert [(queue, pdf) for queue, pdf, _title in printer.sent] == [("hall", b"%PDF-slip")]
    assert replies == ["Готово: заберите напечатанное из принтера."]


def test_a_printer_that_cannot_print_points_to_the_reference_on_the_screen(tmp_path):
    printer = Printer(problem=MISSING)
    t = terminal(tmp_path, printer, Config())
    replies: list[str] = []
    t.c.printing.print_request_slip(SENT, replies.append)
    t.later.run()
    assert replies == [
        "Принтер сейчас не работает. "
        "Запишите номер обращения с экрана или попросите помощи у сотрудника."
    ]
    assert printer.sent == []


def test_the_idle_reset_cancels_a_slip_still_waiting_and_drops_its_answer(tmp_path):
    printer = Printer(holds=True)
    t = terminal(tmp_path, printer, Config())
    t.c.visit.start()
    replies: list[str] = []
    t.c.printing.print_request_slip(SENT, replies.append)
    assert printer.arrived.wait(WAIT_S)
    t.c.visit.reset()
    t.desk.wait()
    assert printer.cancelled == ["job-1"]
    for call in t.later.calls:  # whatever the worker still queued for the UI thread
        call()
    assert replies == []
