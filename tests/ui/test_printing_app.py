"""Print from the touch app through a real CUPS server, and a printer in trouble told plainly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cups_queues import (
    HELD_QUEUE,
    MISSING_QUEUE,
    PDF_QUEUE,
    REJECTING_QUEUE,
    STOPPED_QUEUE,
)
from pdf_readback import codes_on

from kiosk.app.headless import buttons
from kiosk.core.printing import MISSING

SERVICE = "child-birth-grant"


@pytest.fixture
def use_queue(kiosk, queues, monkeypatch, tmp_path):
    """Point the app's printing at `queue`; returns the page counter's file."""
    from kiosk.adapters.cups import Cups
    from kiosk.core.print_desk import PrintDesk, counter_for

    def use(queue: str):
        desk = PrintDesk(Cups(), queue, counter_for(tmp_path), timeout_s=30)
        monkeypatch.setattr(kiosk.app.controllers.printing, "desk", desk)
        return desk

    return use


def open_service(kiosk):
    kiosk.app.controllers.navigator.open("service", SERVICE)
    kiosk.frames(3)
    return kiosk.screen


def wait_for(kiosk, condition, timeout_s: float = 30.0) -> None:
    """Run the app's frames until `condition()` holds: the reply comes from another thread."""
    end = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < end, "the app did not answer in time"
        kiosk.frames(1)
        time.sleep(0.05)


def qr_codes(pdf: Path) -> list[str]:
    """Every code zbarimg reads on the pages of `pdf` rendered at 200 dpi."""
    return codes_on(pdf, dpi=200)


def test_print_on_a_service_page_prints_its_leaflet_and_says_when_it_is_done(
    kiosk, queues, use_queue
):
    from content.presentation.links import qr_address

    desk = use_queue(PDF_QUEUE)
    screen = open_service(kiosk)
    since = time.time()
    kiosk.tap(screen.ids["print"])
    assert screen.message.startswith("Печатаем")  # at once: the app does not freeze
    wait_for(kiosk, lambda: screen.message.startswith("Готово"))
    desk.wait()
    printed = queues.printed(since)
    service = kiosk.app.controllers.packs.pack.service(SERVICE)
    online = qr_address(
        service["apply_online"], kiosk.app.controllers.packs.pack.meta.allowed_hosts
    )
    assert online in qr_codes(printed)
    assert desk.pages_today().pages >= 1  # pages counted for staff


def test_print_all_on_my_list_prints_the_list(kiosk, queues, use_queue):
    use_queue(PDF_QUEUE)
    for key in (SERVICE, "unemployment-benefit"):
        kiosk.app.controllers.printing.toggle("service", key)
    kiosk.app.controllers.navigator.open("my_list")
    kiosk.frames(3)
    screen = kiosk.screen
    since = time.time()
    kiosk.tap(screen.ids.print_all)
    wait_for(kiosk, lambda: screen.message.startswith("Готово"))
    assert queues.printed(since).stat().st_size > 0


@pytest.mark.parametrize("queue", [STOPPED_QUEUE, REJECTING_QUEUE, MISSING_QUEUE])
def test_a_printer_in_trouble_is_told_in_plain_words_with_the_qr_code_offered(
    kiosk, queues, use_queue, queue
):
    use_queue(queue)
    screen = open_service(kiosk)
    kiosk.tap(screen.ids["print"])
    wait_for(kiosk, lambda: not screen.message.startswith("Печатаем"))
    assert "Принтер сейчас не работает" in screen.message
    assert "QR-код" in screen.message
    assert buttons(screen, "QRCode")  # the code it points to is on the page
    if queue == MISSING_QUEUE:
        # No such queue, so nothing in CUPS to look at: what counts is what the visitor is
        # told, in full (the plain words for any printer that cannot print), and that the
        # app knew the queue was missing, not the print server gone.
        assert screen.message == (
            "Принтер сейчас не работает. Наведите камеру телефона на QR-код на экране: "
            "страница откроется на телефоне. Или попросите помощи у сотрудника."
        )
        assert kiosk.app.controllers.printing.printer_state().problem == MISSING
    else:
        assert queues.jobs(queue) == []
    kiosk.tap(kiosk.app.root.ids.nav.ids["home"])  # and the app goes on as ever
    assert kiosk.screen.name == "home"


def test_a_session_reset_cancels_the_job_still_waiting_and_says_nothing_to_the_next(
    kiosk, queues, use_queue
):
    desk = use_queue(HELD_QUEUE)
    screen = open_service(kiosk)
    kiosk.tap(screen.ids["print"])
    end = time.monotonic() + 30
    while not queues.jobs(HELD_QUEUE):
        assert time.monotonic() < end, "the job never reached the printer"
        time.sleep(0.1)
    kiosk.app.controllers.visit.reset()
    desk.wait()
    assert queues.jobs(HELD_QUEUE) == []  # cancelled, not printed for the next visitor
    kiosk.frames(5)
    assert screen.message == ""


def unlock_staff(kiosk, staff_pin):
    from test_staff_and_errors import enter_pin, tap_date

    tap_date(kiosk, 5)
    enter_pin(kiosk, staff_pin)
    assert kiosk.screen.unlocked
    return kiosk.screen


def test_the_staff_screen_shows_the_printers_state_in_words(kiosk, use_queue, staff_pin):
    use_queue(STOPPED_QUEUE)
    screen = unlock_staff(kiosk, staff_pin)
    assert "Принтер сейчас:[/b] не печатает" in screen.printer_state
    assert "stopped" in screen.printer_state  # CUPS's own words, for staff
    assert "Напечатано страниц сегодня:[/b] 0" in screen.printer_state


def test_staff_print_a_batch_of_brochures(kiosk, queues, use_queue, staff_pin):
    desk = use_queue(PDF_QUEUE)
    screen = unlock_staff(kiosk, staff_pin)
    assert "готов к печати" in screen.printer_state
    five = next(c for c in buttons(screen, "CopiesChip") if c.text == "5")
    kiosk.tap(five)
    assert screen.copies == 5
    families = next(b for b in buttons(screen, "BrochureButton") if b.key == "families")
    since = time.time()
    kiosk.tap(families)
    assert screen.print_message == "Печатаем брошюры: 5 экз."
    wait_for(kiosk, lambda: screen.print_message == "Брошюры напечатаны.", timeout_s=60)
    desk.wait()
    assert queues.printed(since).stat().st_size > 0
    pages = desk.pages_today().pages
    assert pages >= 5 and pages % 5 == 0  # five copies of a whole brochure
    assert f"Напечатано страниц сегодня:[/b] {pages}" in screen.printer_state


def test_the_staff_screen_says_when_the_pages_cannot_be_counted(
    kiosk, monkeypatch, tmp_path, staff_pin
):
    from kiosk.adapters.cups import Cups
    from kiosk.core.print_desk import PrintDesk, counter_for

    counter = counter_for(tmp_path / "[i]data")  # markup in the reason must stay text
    counter.path.parent.mkdir()
    counter.path.write_text('{"2026-12-03": [oops', "utf-8")  # a count cut short
    desk = PrintDesk(Cups(), STOPPED_QUEUE, counter)
    monkeypatch.setattr(kiosk.app.controllers.printing, "desk", desk)
    screen = unlock_staff(kiosk, staff_pin)
    assert "Напечатано страниц сегодня:[/b] неизвестно (" in screen.printer_state
    assert "&bl;i&br;data" in screen.printer_state  # escape_markup's spelling of [i]
