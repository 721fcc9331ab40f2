"""Screen hours in the real app: dark between visitors outside the hours, woken by a touch,
never dark during a visit, lit again when the hours begin.

The shared app (conftest.py) is given the hours the way the config gives them (its
settings, read at each check), a local time the test sets, and the session's manual clock;
Kivy's clock is moved on by the harness, so the half-minute checks run without waiting.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from PIL import Image

from kiosk.app.screen_hours import CHECK_EVERY_S
from kiosk.core.screen_hours import ScreenWake, read_screen_hours

MONDAY_EVENING = datetime(2026, 12, 7, 20, 0)  # a Monday; the office closes at 19:00
MONDAY_MORNING = datetime(2026, 12, 7, 7, 59)
WAKE_MINUTES = 10


class LocalTime:
    """The terminal's local wall clock, set by the test."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def hours(kiosk, monkeypatch):
    """Mon-Fri 08:00-19:00, Saturday 10:00-16:00; the local time is the test's."""
    app = kiosk.app
    settings = dataclasses.replace(
        app.controllers.settings,
        screen_hours=read_screen_hours({"mo-fr": "08:00-19:00", "sa": "10:00-16:00"}),
        screen_wake_minutes=WAKE_MINUTES,
    )
    monkeypatch.setattr(app.controllers, "settings", settings)
    local = LocalTime(MONDAY_EVENING)
    monkeypatch.setattr(app.controllers, "now", local)
    yield local
    # The shared app goes on lit for the next test, whatever this one left.
    app.screen_hours.shell.hide_blank()
    app.screen_hours.dark = False
    app.screen_hours.wake = ScreenWake()


def reset_after_idle(kiosk, clock, idle_s: float) -> None:
    """No touch for `idle_s`, then the prompt's time: the session resets, as the timer does."""
    visit = kiosk.app.controllers.visit
    clock.advance(idle_s)
    visit.tick()  # "Are you still here?"
    clock.advance(kiosk.app.controllers.settings.prompt_seconds + 1)
    visit.tick()  # nobody answered: the reset
    kiosk.frames()
    assert not visit.in_session


def overlays(kiosk) -> set[str]:
    return {name for name in ("attract", "blank") if kiosk.app.root.ids.get(name)}


def colours(path) -> set[tuple[int, int, int]]:
    image = Image.open(path).convert("RGB")
    return {colour for _count, colour in image.getcolors(image.width * image.height)}


def test_after_hours_the_screen_goes_dark_after_the_reset_and_a_touch_wakes_it_at_home(
    kiosk, hours, session_clock, tmp_path
):
    # A visit outside the hours is never cut short, even past the wake time (a visitor who
    # listens to a page touches nothing; here the idle prompt is up and waits for them).
    session_clock.advance(WAKE_MINUTES * 60 + 1)
    kiosk.settle(CHECK_EVERY_S + 1)
    assert kiosk.app.controllers.visit.in_session and overlays(kiosk) == set()

    reset_after_idle(kiosk, session_clock, 0)
    assert overlays(kiosk) == {"blank"}, "dark at once after the reset: the wake time is over"
    assert kiosk.app.root.ids.get("attract") is None
    dark = kiosk.screenshot(tmp_path / "dark.png")
    assert colours(dark) == {(0, 0, 0)}, "nothing but black: no bar, no date, no invitation"

    kiosk.settle(3 * CHECK_EVERY_S)  # the checks go on: still dark, still no attract loop
    assert overlays(kiosk) == {"blank"}

    kiosk.tap(kiosk.app.root.ids.blank)
    assert overlays(kiosk) == set()
    assert kiosk.app.controllers.visit.in_session and kiosk.screen.name == "home"
    woken = kiosk.screenshot(tmp_path / "woken.png")
    assert len(colours(woken)) > 10, "the home screen, drawn"


def test_the_attract_loop_stops_while_the_screen_is_dark(kiosk, hours, session_clock):
    from kiosk.app.screens.attract import STEP_SECONDS  # Kivy's window: only once configured

    app = kiosk.app
    app.controllers.visit.reset()  # the attract loop, lit: the visitor's touch is recent
    kiosk.frames()
    attract = app.root.ids.attract
    assert attract._loop.is_triggered
    assert frames_drawn(kiosk, 2 * STEP_SECONDS) > 0, "the lit loop changes: frames are drawn"
    session_clock.advance(WAKE_MINUTES * 60)
    kiosk.settle(CHECK_EVERY_S + 1)
    assert overlays(kiosk) == {"blank"}
    assert attract.parent is None and not attract._loop.is_triggered
    assert frames_drawn(kiosk, 2 * CHECK_EVERY_S) == 0, "dark, nothing changes: no frame"


def frames_drawn(kiosk, seconds: float) -> int:
    """How many frames the window draws in `seconds` of Kivy's time (one only when
    something on it changed: Kivy draws when the canvas needs it)."""
    kiosk.draw()  # what is pending now
    drawn = []
    kiosk.window.fbind("on_flip", drawn.append)
    try:
        with kiosk.drawing():
            kiosk.settle(seconds)
    finally:
        kiosk.window.funbind("on_flip", drawn.append)
    return len(drawn)


def test_a_touch_keeps_the_screen_lit_for_the_wake_minutes_after_a_short_visit(
    kiosk, hours, session_clock
):
    reset_after_idle(kiosk, session_clock, kiosk.app.controllers.settings.idle_seconds)
    assert overlays(kiosk) == {"attract"}, "the last touch was under ten minutes ago"
    kiosk.settle(CHECK_EVERY_S + 1)
    assert overlays(kiosk) == {"attract"}
    session_clock.advance(WAKE_MINUTES * 60)
    kiosk.settle(CHECK_EVERY_S + 1)
    assert overlays(kiosk) == {"blank"}


def test_the_screen_lights_again_when_its_hours_begin(kiosk, hours, session_clock):
    hours.now = MONDAY_MORNING
    reset_after_idle(kiosk, session_clock, WAKE_MINUTES * 60)
    assert overlays(kiosk) == {"blank"}
    hours.now = MONDAY_MORNING.replace(hour=8, minute=0)
    kiosk.settle(CHECK_EVERY_S + 1)
    assert overlays(kiosk) == {"attract"}
    assert not kiosk.app.controllers.visit.in_session


def test_within_the_hours_the_screen_never_goes_dark(kiosk, hours, session_clock):
    hours.now = MONDAY_EVENING.replace(hour=18, minute=59)
    reset_after_idle(kiosk, session_clock, WAKE_MINUTES * 60)
    kiosk.settle(CHECK_EVERY_S + 1)
    assert overlays(kiosk) == {"attract"}


def test_a_visit_begun_from_the_keypad_lights_the_dark_screen(kiosk, hours, session_clock):
    reset_after_idle(kiosk, session_clock, WAKE_MINUTES * 60)
    assert overlays(kiosk) == {"blank"}
    kiosk.app.controllers.visit.start()  # what the keypad mode's F12 does between visitors
    kiosk.frames()
    assert overlays(kiosk) == set() and kiosk.screen.name == "home"
