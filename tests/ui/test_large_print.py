"""A visitor with large text on gets the large-print leaflet (issue 19): the app's own wiring,
from the top bar's "Large text" to printouts.leaflet(large=True), with a printer that
prints at once.
"""

from __future__ import annotations

import time

import pytest

SERVICE = "child-birth-grant"


class Printer:
    """Prints every job at once."""

    def state(self, queue):
        from kiosk.core.printing import PrinterState

        return PrinterState(queue or "hall", None, "ready")

    def submit(self, queue, pdf, title, copies):
        return "job-1"

    def job_status(self, job_id):
        from kiosk.core.printing import COMPLETED

        return COMPLETED

    def cancel(self, job_id):
        pass


@pytest.fixture
def made(kiosk, monkeypatch):
    """The kind of every printout the app made ('leaflet', 'leaflet_large', 'my_list')."""
    import printouts
    from kiosk.core.print_desk import PrintDesk

    kinds: list[str] = []
    for name in ("leaflet", "my_list"):
        real = getattr(printouts, name)

        def spy(*args, _real=real, **kwargs):
            printout = _real(*args, **kwargs)
            kinds.append(printout.kind)
            return printout

        monkeypatch.setattr(printouts, name, spy)
    desk = PrintDesk(Printer(), "hall", poll_s=0.01)
    monkeypatch.setattr(kiosk.app.controllers.printing, "desk", desk)
    return kinds


def wait_for_done(kiosk, screen) -> None:
    end = time.monotonic() + 30
    while not screen.message.startswith("Готово"):
        assert time.monotonic() < end, f"no answer from the printer: {screen.message!r}"
        kiosk.frames(1)
        time.sleep(0.02)


@pytest.fixture(params=[False, True], ids=["normal", "large-text"])
def large_text(request, kiosk):
    from kiosk.app.theme import T

    if request.param:
        kiosk.tap(kiosk.app.root.ids.top.ids.large_text)  # as the visitor turns it on
        assert T.large_text
    yield request.param
    T.large_text = False


def test_a_service_pages_leaflet_is_in_large_print_when_large_text_is_on(kiosk, made, large_text):
    kiosk.app.controllers.navigator.open("service", SERVICE)
    kiosk.frames(3)
    screen = kiosk.screen
    kiosk.tap(screen.ids["print"])
    wait_for_done(kiosk, screen)
    assert made == ["leaflet_large" if large_text else "leaflet"]


def test_my_list_of_one_service_prints_its_leaflet_in_large_print_too(kiosk, made, large_text):
    kiosk.app.controllers.printing.toggle("service", SERVICE)
    kiosk.tap(kiosk.app.root.ids.nav.ids.my_list)
    screen = kiosk.screen
    kiosk.tap(screen.ids.print_all)
    wait_for_done(kiosk, screen)
    assert made == ["leaflet_large" if large_text else "leaflet"]
