"""Print the confirmation of a sent request (issue 17) from the real app, through a real CUPS
server: a visitor sends a callback request typed on the app's keys, taps Print on the
confirmation, and the cups-pdf queue's PDF holds the reference (its text, and its one QR
code) and nothing the visitor typed. A printer that is not there is told in plain words; a
slip still waiting at the idle reset is cancelled, and after the reset nothing of the
confirmation is left to print.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from cups_queues import HELD_QUEUE, MISSING_QUEUE, PDF_QUEUE
from pdf_readback import codes_on
from test_request_forms import choose, dial, open_form, send, type_in
from test_typed_text_forgotten import idle_until_reset

NAME = "агафья"
DIGITS = "9526183047"
TOPIC = "пенсия"


@pytest.fixture
def use_queue(kiosk, queues, monkeypatch, tmp_path):
    """Point the app's printing at `queue`."""
    from kiosk.adapters.cups import Cups
    from kiosk.core.print_desk import PrintDesk, counter_for

    def use(queue: str):
        desk = PrintDesk(Cups(), queue, counter_for(tmp_path), timeout_s=30)
        monkeypatch.setattr(kiosk.app.controllers.printing, "desk", desk)
        return desk

    return use


def send_callback(kiosk):
    """A callback request typed and sent as a visitor does; the confirmation on show."""
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    type_in(kiosk, form, "topic", TOPIC)
    choose(kiosk, form, "mode", "callback")
    type_in(kiosk, form, "name", NAME)
    dial(kiosk, form, DIGITS)
    choose(kiosk, form, "consent", True)
    send(kiosk, form)
    assert kiosk.screen.name == "request_sent", kiosk.app.controllers.requests.problems()
    return kiosk.screen


def wait_for(kiosk, condition, timeout_s: float = 30.0) -> None:
    """Run the app's frames until `condition()` holds: the answer comes from another thread."""
    end = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < end, "the app did not answer in time"
        kiosk.frames(1)
        time.sleep(0.05)


def pdf_text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def qr_codes(pdf: Path) -> list[str]:
    """Every code zbarimg reads on the pages of `pdf` rendered at 300 dpi."""
    return codes_on(pdf, dpi=300)


def test_print_on_the_confirmation_prints_the_slip_with_the_reference(kiosk, queues, use_queue):
    desk = use_queue(PDF_QUEUE)
    screen = send_callback(kiosk)
    reference = screen.reference
    assert screen.can_print and not screen.ids["print"].disabled
    since = time.time()
    kiosk.tap(screen.ids["print"])
    assert screen.message == "Печатаем. Заберите листок из принтера."  # at once
    wait_for(kiosk, lambda: screen.message.startswith("Готово"))
    desk.wait()
    printed = queues.printed(since)
    # cups-pdf prints through Ghostscript, which keeps the Latin text readable but not the
    # Cyrillic (tests/integration/test_request_slip.py reads the slip's own PDF for that).
    text = pdf_text(printed)
    assert text.count(reference) == 2  # large and spaced, and under the code
    assert qr_codes(printed) == [reference]
    dialled = [DIGITS, DIGITS[3:], "618-30-47", "(952)", "3047"]
    assert [digits for digits in dialled if digits in text] == []


def test_with_no_printer_the_visitor_is_told_to_write_the_reference_down(kiosk, use_queue):
    use_queue(MISSING_QUEUE)
    screen = send_callback(kiosk)
    kiosk.tap(screen.ids["print"])
    wait_for(kiosk, lambda: not screen.message.startswith("Печатаем"))
    assert screen.message == (
        "Принтер сейчас не работает. "
        "Запишите номер обращения с экрана или попросите помощи у сотрудника."
    )
    assert screen.reference and screen.ids.reference.text  # the number stays on show
    kiosk.tap(screen.ids.done)
    assert kiosk.screen.name == "home"


def test_the_idle_reset_cancels_the_slip_and_leaves_nothing_to_print(
    kiosk, queues, use_queue, session_clock
):
    desk = use_queue(HELD_QUEUE)
    screen = send_callback(kiosk)
    kiosk.tap(screen.ids["print"])
    end = time.monotonic() + 30
    while not queues.jobs(HELD_QUEUE):
        assert time.monotonic() < end, "the slip never reached the printer"
        time.sleep(0.1)
    idle_until_reset(kiosk, session_clock)
    desk.wait()
    assert queues.jobs(HELD_QUEUE) == []  # cancelled, not printed for the next visitor
    kiosk.frames(5)
    form = screen.manager.get_screen("request_form")
    assert form.sent is None
    assert (screen.reference, screen.next_steps, screen.message) == ("", "", "")
    assert not screen.can_print and screen.ids["print"].disabled
    screen.print_slip()  # even asked directly, it has nothing to print
    assert screen.message == "" and queues.jobs(HELD_QUEUE) == []


def test_the_slips_titles_are_the_forms_titles():
    from kiosk.app.screens.request_form import TITLES
    from printouts.request_slip import TITLES as SLIP_TITLES

    assert SLIP_TITLES == TITLES
