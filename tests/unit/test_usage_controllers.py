"""What the controllers tell the day's usage counts (the `Usage` port), Kivy-free: a visit
and its length, touches, screens and items, the settings, read aloud, printouts by kind, and
a search counted once when the visitor is done with it, not at every key.

The controllers are built as the app builds them (build_controllers) over fakes; the usage
port is a recorder of what it was told.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.core.config import Config
from kiosk.core.controllers import build_controllers
from kiosk.core.controllers.searches import SearchTally
from kiosk.core.printing import PrintResult


class Recorder:
    """The usage port: writes down every call, in order."""

    def __init__(self):
        self.calls: list[tuple] = []

    def __getattr__(self, name):
        return lambda *args: self.calls.append((name, *args))

    def named(self, *names) -> list[tuple]:
        return [call for call in self.calls if call[0] in names]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Speaker:
    available, speaking, rate, volume = True, False, 140, 100

    def say(self, text, lang):
        self.speaking = True

    def stop(self):
        self.speaking = False


class Desk:
    """A print desk whose printer prints at once, or refuses (`printed` False)."""

    def __init__(self):
        self.printed = True

    def submit(self, render, on_done, copies=1):
        on_done(PrintResult(self.printed, None if self.printed else "paper_out"))

    def cancel_all(self):
        pass


class Printouts:
    def __getattr__(self, name):
        return lambda *args, **kwargs: SimpleNamespace(pdf=b"%PDF", title="t", pages=1)


class Pack:
    def __init__(self, path: Path):
        self.path = path
        self.meta = SimpleNamespace(created_at="2026-11-26T10:00:00Z", version=4, pack_id="demo")


@pytest.fixture
def terminal(tmp_path):
    clock, usage, desk = Clock(), Recorder(), Desk()
    store = SimpleNamespace(pack_dir=tmp_path / "pack", current=tmp_path / "pack" / "c.sqlite")
    c = build_controllers(
        Pack(tmp_path / "demo.sqlite"),
        Config(idle_seconds=60, prompt_seconds=20, languages=("ru", "en")),
        store=store,
        desk=desk,
        speaker=Speaker(),
        printouts=Printouts(),
        clock=clock,
        usage=usage,
    )
    return SimpleNamespace(c=c, clock=clock, usage=usage, desk=desk)


def test_a_visit_is_counted_from_its_first_to_its_last_touch(terminal):
    c, clock, usage = terminal.c, terminal.clock, terminal.usage
    c.visit.activity()  # the touch on the attract loop
    c.visit.start()
    clock.now += 40
    c.visit.activity()
    for seconds in (60, 20):  # the idle time and the prompt: not the visitor's
        clock.now += seconds
        c.visit.tick()
    assert not c.visit.in_session
    assert usage.named("session_started", "session_ended", "flush") == [
        ("session_started", "demo", 4),
        ("session_ended", 40.0),
        ("flush",),
    ]
    assert usage.named("touched") == [("touched",), ("touched",)]


def test_a_reset_without_a_visit_counts_no_session(terminal):
    terminal.c.visit.reset()
    assert terminal.usage.named("session_ended") == []


def test_screens_and_items_are_counted_as_shown_not_as_redrawn(terminal):
    c, usage = terminal.c, terminal.usage
    c.visit.start()
    c.navigator.open("category", "families")
    c.navigator.open("service", "child-birth-grant")
    c.navigator.redraw()  # another language: the same view
    c.navigator.back()
    c.navigator.open("agency", "uszn-perm")
    assert usage.named("screen_shown") == [
        ("screen_shown", s) for s in ("home", "category", "service", "category", "agency")
    ]
    assert usage.named("item_viewed") == [
        ("item_viewed", "service", "child-birth-grant"),
        ("item_viewed", "agency", "uszn-perm"),
    ]


def test_a_language_other_than_the_terminals_own_is_a_setting_used(terminal):
    c, usage = terminal.c, terminal.usage
    c.visit.start()
    c.visit.set_language("en")
    c.visit.reset()  # back to Russian: not a setting the visitor chose
    assert usage.named("setting_used") == [("setting_used", "lang_en")]


def test_reading_aloud_is_a_setting_used(terminal):
    c = terminal.c
    c.reading.toggle(lambda: "", "ru")  # a page with nothing to say: nothing read
    c.reading.toggle(lambda: "Пенсия. Пособие.", "ru")
    assert terminal.usage.named("setting_used") == [("setting_used", "read_aloud")]


@pytest.mark.parametrize(
    "items, kind",
    [([("service", "a")], "leaflet"), ([("agency", "b")], "list"),
     ([("service", "a"), ("service", "b")], "list")],
)  # fmt: skip
def test_a_printout_is_counted_by_its_kind_when_it_came_out(terminal, items, kind):
    c = terminal.c
    c.printing.print_items(items, lambda message: None)
    terminal.desk.printed = False
    c.printing.print_items(items, lambda message: None)  # out of paper: not a printout
    c.printing.print_brochures("families", 3, lambda message: None)
    assert terminal.usage.named("printed") == [("printed", kind, 1)]


def test_brochures_count_their_copies(terminal):
    terminal.c.printing.print_brochures("families", 3, lambda message: None)
    assert terminal.usage.named("printed") == [("printed", "brochure", 3)]


def test_a_search_counts_once_when_the_visitor_is_done_not_at_each_key():
    usage = Recorder()
    tally = SearchTally(usage)
    for typed, results in (("п", 0), ("пу", 0), ("пут", 0), ("путёвка", 0), ("путёвка в", 2)):
        tally.shown(typed, results, searched=len(typed) >= 3)
    assert usage.calls == []
    tally.done()
    tally.done()  # left once: counted once
    assert usage.calls == [("searched", "путёвка в", 2)]


def test_a_query_too_short_to_be_a_search_is_not_counted():
    usage = Recorder()
    tally = SearchTally(usage)
    tally.shown("пенсия", 3, searched=True)
    tally.shown("п", 0, searched=False)  # erased back to one letter
    tally.done()
    assert usage.calls == []


def test_the_results_shown_again_on_the_way_back_are_the_same_search():
    usage = Recorder()
    tally = SearchTally(usage)
    tally.shown("пенсия", 3, searched=True)
    tally.done()  # a result chosen
    tally.shown("пенсия", 3, searched=True)  # Back to the results
    tally.done()  # another result chosen
    tally.shown("пенсия по старости", 1, searched=True)
    tally.done()
    tally.shown("пенсия", 3, searched=True)  # typed again: a new search
    tally.end()
    tally.shown("пенсия", 3, searched=True)  # the next visitor
    tally.end()
    assert [call[1] for call in usage.calls] == ["пенсия", "пенсия по старости", "пенсия", "пенсия"]
