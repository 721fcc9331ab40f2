"""A visit, Kivy-free: the first touch, the idle prompt, the reset and what it puts back,
the language, the staff corner; Back and Home (the navigator) and Read aloud.

The controllers are built as the app builds them (kiosk.core.controllers.build_controllers),
over fakes: a display that writes down what it is told, a speaker, a blocked printer.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.core.config import Config
from kiosk.core.controllers import build_controllers
from kiosk.core.navigation import Place
from kiosk.core.print_desk import PrintDesk
from kiosk.core.printing import PENDING, PrinterState
from kiosk.core.session import Event

WAIT_S = 10.0


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Display:
    """Writes down what it is told to show, in order."""

    def __init__(self):
        self.told: list[tuple] = []
        self.on_forget = lambda: None

    def __getattr__(self, name):
        return lambda *args: self.told.append((name, *args))

    def forget_visitor(self):
        self.told.append(("forget_visitor",))
        self.on_forget()

    def names(self) -> list[str]:
        return [name for name, *_args in self.told]


class Speaker:
    available = True

    def __init__(self):
        self.said: list[tuple[str, str]] = []
        self.speaking = False

    def say(self, text, lang):
        self.said.append((text, lang))
        self.speaking = True

    def stop(self):
        self.speaking = False


class HeldPrinter:
    """A printer that holds every job (paper jammed inside, say) until it is cancelled."""

    def __init__(self):
        self.sent, self.cancelled = [], []
        self.arrived = threading.Event()

    def state(self, queue):
        return PrinterState(queue or "default", None, "ready")

    def submit(self, queue, pdf, title, copies):
        self.sent.append(title)
        self.arrived.set()
        return f"job-{len(self.sent)}"

    def job_status(self, job_id):
        return PENDING

    def cancel(self, job_id):
        self.cancelled.append(job_id)


class Printouts:
    def items(self, pack_path, items, lang, large=False):
        return SimpleNamespace(pdf=b"%PDF", title=f"{items[0][1]}", pages=1)

    def brochure(self, pack_path, category_id, lang):
        return SimpleNamespace(pdf=b"%PDF", title=category_id, pages=1)


class Pack:
    def __init__(self, path: Path):
        self.path = path
        self.meta = SimpleNamespace(created_at="2026-11-26T10:00:00Z", version=1, pack_id="demo")


class Store:
    def __init__(self, root: Path):
        self.pack_dir = root / "pack"
        self.current = self.pack_dir / "current.sqlite"


@pytest.fixture
def terminal(tmp_path):
    clock, display, speaker, printer = Clock(), Display(), Speaker(), HeldPrinter()
    desk = PrintDesk(printer, "hall", poll_s=0.01)
    controllers = build_controllers(
        Pack(tmp_path / "demo.sqlite"),
        Config(idle_seconds=60, prompt_seconds=20, languages=("ru", "en")),
        store=Store(tmp_path / "terminal"),
        desk=desk,
        speaker=speaker,
        printouts=Printouts(),
        clock=clock,
    )
    controllers.attach(display)
    return SimpleNamespace(
        c=controllers, clock=clock, display=display, speaker=speaker, printer=printer, desk=desk
    )


def idle(t, seconds: float):
    t.clock.now += seconds
    return t.c.visit.tick()


def test_a_touch_on_the_attract_loop_starts_a_visit_at_home(terminal):
    visit = terminal.c.visit
    assert not visit.in_session
    visit.start()
    assert visit.in_session
    assert terminal.display.told == [("hide_attract",), ("show", Place("home"))]


def test_idle_time_brings_the_prompt_and_its_countdown_then_the_reset(terminal):
    visit, display = terminal.c.visit, terminal.display
    visit.start()
    display.told.clear()
    assert idle(terminal, 59) is None and display.told == []
    assert idle(terminal, 1) is Event.PROMPT
    assert display.told == [("open_prompt", 20), ("count_down", 20)]
    assert idle(terminal, 7) is None and display.told[-1] == ("count_down", 13)
    assert idle(terminal, 13) is Event.RESET
    assert not visit.in_session and not visit.prompting
    assert display.names()[-1] == "between_visitors"


def test_touches_keep_the_visit_alive_but_on_the_prompt_only_its_answer_counts(terminal):
    visit = terminal.c.visit
    visit.start()
    idle(terminal, 50)
    visit.activity()
    assert idle(terminal, 50) is None
    assert idle(terminal, 10) is Event.PROMPT
    visit.activity()  # a touch somewhere on the dimmed page
    idle(terminal, 19)
    visit.still_here()
    assert ("close_prompt",) in terminal.display.told
    assert idle(terminal, 59) is None and visit.in_session


def test_the_reset_wipes_the_visit_in_its_order(terminal):
    c, display = terminal.c, terminal.display
    c.visit.start()
    c.navigator.open("category", "families")
    c.printing.toggle("service", "pension")
    c.visit.data.finder_answers["children"] = 3
    c.visit.data.search_text = "пенсия Ивановой"
    c.visit.set_language("en")
    seen_by_the_screens = []
    display.on_forget = lambda: seen_by_the_screens.append(
        (c.printing.count, dict(c.visit.data.finder_answers), c.visit.data.search_text)
    )
    display.told.clear()

    c.visit.reset()

    assert display.names() == [
        "close_prompt",
        "forget_visitor",
        "restore_look",
        "language_changed",
        "pack_changed",
        "show_attract",
        "between_visitors",
    ]
    assert seen_by_the_screens == [(0, {}, "")]  # the data went before the screens empty
    assert c.visit.lang == "ru" and not c.visit.in_session
    assert c.navigator.at_home


def test_the_idle_reset_cancels_the_print_waiting_at_the_printer_and_nothing_reaches_the_next(
    terminal,
):
    c, printer = terminal.c, terminal.printer
    replies = []
    c.visit.start()
    c.printing.print_items([("service", "pension")], replies.append)
    assert printer.arrived.wait(WAIT_S)
    idle(terminal, 60)
    assert idle(terminal, 20) is Event.RESET
    terminal.desk.wait()
    assert printer.cancelled == ["job-1"]
    c.visit.start()  # the next visitor
    assert replies == [] and printer.sent == ["pension"]


def test_only_the_terminals_languages_can_be_chosen(terminal):
    visit = terminal.c.visit
    assert visit.set_language("en") is True and visit.lang == "en"
    assert visit.set_language("de") is False and visit.lang == "en"
    assert terminal.display.names() == ["language_changed"]


def test_five_quick_taps_on_the_corner_open_the_staff_screen(terminal):
    visit = terminal.c.visit
    visit.start()
    for _ in range(4):
        visit.staff_corner_tapped()
        terminal.clock.now += 0.3
    assert terminal.c.navigator.current == Place("home")
    visit.staff_corner_tapped()
    assert terminal.c.navigator.current == Place("staff")
    assert terminal.display.told[-1] == ("show", Place("staff"))


def test_back_and_home_walk_the_path_and_each_page_stops_the_reading(terminal):
    c, speaker, display = terminal.c, terminal.speaker, terminal.display
    c.visit.start()
    c.navigator.open("category", "families")
    c.navigator.open("service", "pension")
    c.reading.toggle(lambda: "Пособие", "ru")
    assert c.reading.speaking and speaker.said == [("Пособие", "ru")]
    c.navigator.back()
    assert not c.reading.speaking and not speaker.speaking
    assert c.navigator.current == Place("category", "families") and not c.navigator.at_home
    c.navigator.home()
    assert c.navigator.at_home
    c.navigator.error()
    assert display.told[-1] == ("show_error",)
    c.navigator.back()
    assert c.navigator.current == Place("home")  # the error screen is one step, like a page


def test_read_aloud_starts_and_stops_and_needs_something_to_say(terminal):
    reading, speaker = terminal.c.reading, terminal.speaker
    assert reading.can_speak
    reading.toggle(lambda: "", "ru")
    assert not reading.speaking and speaker.said == []
    reading.toggle(lambda: "Главная", "en")
    assert reading.speaking and speaker.said == [("Главная", "en")]
    reading.toggle(lambda: "never asked", "en")
    assert not reading.speaking and speaker.said == [("Главная", "en")]


def test_a_page_being_read_aloud_keeps_the_visit_alive_until_the_reading_ends(terminal):
    """A 470-word page takes over three minutes to hear; the visitor touches nothing."""
    c, speaker = terminal.c, terminal.speaker
    c.visit.start()
    c.reading.toggle(lambda: "Пособие при рождении ребёнка. " * 60, "ru")
    for _ in range(2 * 200):  # 200 s of ticks, twice a second
        assert idle(terminal, 0.5) is None
    assert not c.visit.prompting and c.reading.speaking
    while c.reading.reading:  # the page is read to its end, a sentence at a time
        speaker.speaking = False
        c.reading.tick()
    assert len(speaker.said) == 60
    assert idle(terminal, 59.5) is None  # the idle time counts from the end of the reading
    assert idle(terminal, 0.5) is Event.PROMPT


def test_a_paused_reading_does_not_keep_the_visit_alive(terminal):
    """A visitor who paused may have walked away: the prompt comes as after any page, and
    it ends the reading."""
    c, speaker = terminal.c, terminal.speaker
    c.visit.start()
    c.reading.toggle(lambda: "Пособие при рождении ребёнка. " * 60, "ru")
    assert idle(terminal, 30) is None
    c.reading.pause()
    assert idle(terminal, 59.5) is None
    assert idle(terminal, 0.5) is Event.PROMPT
    assert not c.reading.speaking and not speaker.speaking


def test_a_finished_reading_is_no_activity_though_the_button_still_says_stop(terminal):
    c, speaker = terminal.c, terminal.speaker
    c.visit.start()
    c.reading.toggle(lambda: "Главная", "ru")
    speaker.speaking = False  # said at once; the button still offers "Stop reading"
    assert c.reading.speaking and not c.reading.reading
    assert idle(terminal, 60) is Event.PROMPT


def test_the_prompt_is_said_aloud_only_to_a_visitor_who_listens(terminal):
    """A visitor who had a page read aloud may not see the prompt: it is said to them. To
    anyone else the terminal says nothing by itself (a public hall; the next visitor)."""
    c, speaker = terminal.c, terminal.speaker
    c.visit.start()
    assert not c.reading.announce("Вы ещё здесь?", "ru") and speaker.said == []
    c.reading.toggle(lambda: "Главная", "ru")
    speaker.speaking = False
    assert c.reading.announce("Вы ещё здесь? Через 20 секунд…", "ru")
    assert speaker.said[-1] == ("Вы ещё здесь? Через 20 секунд…", "ru")
    assert speaker.speaking and not c.reading.speaking  # no page: the button says "Read"
    assert not c.reading.reading  # the prompt said aloud is not the visitor's activity
    c.visit.still_here()
    assert not speaker.speaking  # answered: the prompt falls silent
    c.visit.reset()
    c.visit.start()  # the next visitor has asked for nothing yet
    assert not c.reading.announce("Вы ещё здесь?", "ru")
    assert speaker.said[-1] == ("Вы ещё здесь? Через 20 секунд…", "ru")


def test_the_app_hears_of_every_change_it_mirrors(terminal):
    c, heard = terminal.c, []
    c.changes.listen(
        lambda: heard.append((c.navigator.at_home, c.visit.in_session, c.printing.count))
    )
    c.visit.start()
    c.navigator.open("service", "pension")
    c.printing.toggle("service", "pension")
    c.visit.reset()
    assert heard[-1] == (True, False, 0)
    assert (False, True, 1) in heard
