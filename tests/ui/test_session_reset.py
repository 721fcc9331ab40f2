"""Idle prompt, countdown, reset: the next visitor finds nothing of the last one.

The session core runs on the manual clock from conftest.py; the app's own timer calls
the visit controller's `tick()` twice a second, and these tests call it directly after moving
the clock.
"""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from kiosk.app.headless import buttons, texts, walk


def idle_for(kiosk, clock, seconds):
    clock.advance(seconds)
    kiosk.app.controllers.visit.tick()
    kiosk.frames()


def prompt(kiosk):
    return kiosk.app.root.prompt


class HeldPrinter:
    """A printer that holds every job (a jam, a printer asleep) until it is cancelled."""

    def __init__(self):
        self.sent: list[str] = []
        self.cancelled: list[str] = []
        self.arrived = threading.Event()

    def state(self, queue):
        from kiosk.core.printing import PrinterState

        return PrinterState(queue or "hall", None, "ready")

    def submit(self, queue, pdf, title, copies):
        self.sent.append(title)
        self.arrived.set()
        return f"job-{len(self.sent)}"

    def job_status(self, job_id):
        from kiosk.core.printing import PENDING

        return PENDING

    def cancel(self, job_id):
        self.cancelled.append(job_id)


@pytest.fixture
def held_printer(kiosk, monkeypatch):
    """The app's print jobs go to a printer that never finishes them."""
    from kiosk.core.print_desk import PrintDesk

    printer = HeldPrinter()
    desk = PrintDesk(printer, "hall", poll_s=0.05)
    monkeypatch.setattr(kiosk.app.controllers.printing, "desk", desk)
    return printer, desk


def print_and_wait_for_the_printer(kiosk, printer) -> None:
    kiosk.tap(kiosk.screen.ids["print"])
    assert kiosk.screen.message.startswith("Печатаем")
    assert printer.arrived.wait(30), "the job never reached the printer"


def test_the_attract_loop_invites_in_both_languages_and_a_touch_starts(headless_kiosk):
    app = headless_kiosk.app
    app.controllers.visit.reset()
    headless_kiosk.frames()
    attract = app.root.ids.attract
    shown = texts(attract)
    assert "Коснитесь экрана, чтобы начать" in shown and "Touch the screen to start" in shown
    assert app.pack_date_text in shown  # the date and the demo badge, even here
    assert "Демонстрационные материалы" in shown
    headless_kiosk.tap(attract)
    assert app.in_session and "attract" not in app.root.ids
    assert headless_kiosk.screen.name == "home"


def test_idle_time_brings_the_prompt_with_a_visible_countdown(kiosk, session_clock):
    idle_for(kiosk, session_clock, 59)
    assert prompt(kiosk) is None
    idle_for(kiosk, session_clock, 1)
    shown = texts(prompt(kiosk))
    assert "Вы ещё здесь?" in shown and "20" in shown
    idle_for(kiosk, session_clock, 7)
    assert "13" in texts(prompt(kiosk))
    assert any("Через 13 секунд" in t for t in texts(prompt(kiosk)))
    idle_for(kiosk, session_clock, 11)
    assert any("Через 2 секунды" in t for t in texts(prompt(kiosk)))  # the Russian plural


def test_the_prompt_speaks_the_visitors_language(kiosk, session_clock):
    kiosk.app.controllers.visit.set_language("en")
    idle_for(kiosk, session_clock, 60)
    shown = texts(prompt(kiosk))
    assert "Are you still there?" in shown
    assert any("In 20 seconds everything you chose" in t for t in shown), shown
    idle_for(kiosk, session_clock, 19)
    assert any("In 1 second everything" in t for t in texts(prompt(kiosk)))


def test_answering_the_prompt_keeps_the_session_and_restarts_the_idle_time(kiosk, session_clock):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    idle_for(kiosk, session_clock, 60)
    kiosk.tap(prompt(kiosk).ids.still_here)
    assert prompt(kiosk) is None
    assert kiosk.screen.name == "category"
    idle_for(kiosk, session_clock, 59)
    assert prompt(kiosk) is None and kiosk.app.in_session


def test_touches_keep_the_session_alive(kiosk, session_clock):
    idle_for(kiosk, session_clock, 50)
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    idle_for(kiosk, session_clock, 50)
    assert prompt(kiosk) is None


def test_after_the_countdown_everything_of_the_session_is_gone(kiosk, session_clock, held_printer):
    from kiosk.app.theme import T

    app = kiosk.app
    printer, desk = held_printer
    # A visitor who did a bit of everything:
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.tap(buttons(kiosk.screen, "ServiceButton")[0])
    kiosk.tap(kiosk.screen.ids.add_to_list)
    print_and_wait_for_the_printer(kiosk, printer)  # a leaflet stuck in the printer
    app.controllers.navigator.open("search")
    kiosk.frames()  # the screen drawn before anyone types: a field never shown takes no text
    search = kiosk.screen
    search.ids.field.insert_text("квитанция Ивановой")
    kiosk.settle(0.4)
    app.controllers.visit.data.finder_answers.update({"children": 3, "disability": True})
    app.controllers.visit.set_language("en")
    T.large_text = T.high_contrast = True
    assert app.my_list_count == 1 and app.controllers.visit.data.search_text

    idle_for(kiosk, session_clock, 60)
    idle_for(kiosk, session_clock, 20)

    assert not app.in_session and "attract" in app.root.ids
    assert prompt(kiosk) is None
    desk.wait()
    assert printer.cancelled == ["job-1"]  # the stuck leaflet is cancelled at the printer
    assert len(app.controllers.visit.data.my_list) == 0 and app.my_list_count == 0
    assert (
        app.controllers.visit.data.finder_answers == {}
        and app.controllers.visit.data.search_text == ""
    )
    assert app.lang == "ru" and not T.large_text and not T.high_contrast
    assert app.controllers.navigator.history.at_home
    field = search.ids.field
    assert field.text == "" and not field._undo and not field._redo
    # No widget of any screen still shows what the visitor typed or chose.
    for screen in app.root.ids.screens.screens:
        for widget in walk(screen):
            text = getattr(widget, "text", "")
            assert not (isinstance(text, str) and "квитанция Ивановой" in text), screen.name
    assert app.root.screen("my_list").count == 0


def test_finish_on_the_prompt_resets_at_once(kiosk, session_clock):
    kiosk.app.controllers.printing.toggle("service", "child-birth-grant")
    idle_for(kiosk, session_clock, 60)
    kiosk.tap(prompt(kiosk).ids.finish)
    assert not kiosk.app.in_session and len(kiosk.app.controllers.visit.data.my_list) == 0


def test_a_stuck_print_is_cancelled_by_the_idle_reset_and_the_next_visitor_hears_nothing(
    kiosk, session_clock, held_printer
):
    printer, desk = held_printer
    kiosk.app.controllers.navigator.open("service", "child-birth-grant")
    kiosk.frames(3)
    service = kiosk.screen
    print_and_wait_for_the_printer(kiosk, printer)
    idle_for(kiosk, session_clock, 60)
    idle_for(kiosk, session_clock, 20)  # the visitor has gone: the reset
    desk.wait()
    assert printer.cancelled == ["job-1"]
    assert len(printer.sent) == 1  # nothing else went to the printer for the next visitor
    # The next visitor opens the same page: no word of the last visitor's printing, now or
    # a moment later, when the cancelled job's answer would have come.
    kiosk.start_session()
    kiosk.app.controllers.navigator.open("service", "child-birth-grant")
    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        kiosk.frames(1)
        assert service.message == ""


def test_a_newer_pack_waits_for_the_reset_and_a_broken_one_is_refused(
    kiosk, session_clock, ui_pack_path, tmp_path, demo_copy
):
    from content.publisher.build import build_pack

    app = kiosk.app
    old_version = app.controllers.packs.pack.meta.version
    pack_yaml = demo_copy / "pack.yaml"
    pack_yaml.write_text(
        pack_yaml.read_text(encoding="utf-8").replace(
            f"version: {old_version}", f"version: {old_version + 1}"
        ),
        encoding="utf-8",
    )
    staged = tmp_path / "staged.sqlite"
    build_pack(demo_copy, staged)
    good = tmp_path / "good.sqlite"
    shutil.copyfile(staged, good)
    shutil.move(staged, ui_pack_path)  # a rename, as an installer does
    try:
        _newer_then_broken(kiosk, app, old_version, ui_pack_path, tmp_path)
    finally:
        # The app's pack file is shared by every UI test after this one (printing opens
        # it by its path): the newer good pack goes back, as an installer would put it.
        shutil.move(good, ui_pack_path)
        app.controllers.visit.reset()
        kiosk.frames()


def _newer_then_broken(kiosk, app, old_version, ui_pack_path, tmp_path):
    """The newer pack waits for the reset; then a broken file in its place is refused."""
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    assert (
        app.controllers.packs.pack.meta.version == old_version
    )  # never in the middle of a session
    kiosk.tap(buttons(kiosk.screen, "ServiceButton")[0])
    assert kiosk.screen.name == "service"

    app.controllers.visit.reset()
    assert app.controllers.packs.pack.meta.version == old_version + 1
    kiosk.start_session()
    assert buttons(kiosk.screen, "CategoryTile")

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a pack at all")
    shutil.move(broken, ui_pack_path)
    app.controllers.visit.reset()
    assert app.controllers.packs.pack.meta.version == old_version + 1  # the last good pack stays
    kiosk.start_session()
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    assert kiosk.screen.name == "category"
