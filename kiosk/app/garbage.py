"""Python's cycle collector, run while nobody waits for the screen.

Every page a visitor opens builds widgets, and every page left behind leaves them as
garbage in reference cycles (parent and children, kv bindings): tens of thousands of
objects a page. Left to itself, the collector starts a full pass whenever its counters say
so, which is often in the middle of a tap: 100-300 ms here, the slowest moments of a
session. So automatic collection is off; this collects when the visitor has not touched
the screen for a moment and no list is being filled (if a page has been left or many
objects made since the last pass), and at once if garbage piles up regardless. Between
visitors everything is collected. Once, after the start, what is alive (the code, the
shell, the pack) is moved out of the collector's sight with gc.freeze(), so that no pass
walks it again.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

IDLE_S = 1.0
"""No touch for this long: the visitor is reading, a pass will not be in anyone's way."""

WORTH_COLLECTING = 20_000
"""Objects made since the last pass below which a pass is not worth its time."""

AT_ANY_RATE = 150_000
"""Objects made since the last pass (a page makes 30,000-50,000) above which a pass runs
even while the visitor taps: memory must stay bounded whatever happens."""

AFTER_START_S = 1.0
"""The pass that freezes the app's lasting part comes this long after the start (after the
first picture), unless a visitor is there already."""


class IdleCollector:
    """Runs gc passes at quiet moments; `check()` about four times a second."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        busy: Callable[[], bool] = lambda: False,
    ):
        """`busy()` is True while the app is still drawing something (a list filling)."""
        self._clock = clock
        self._busy = busy
        self._last_touch = clock()
        self._page_left = False
        self.passes = 0
        """How many passes this has run, for the staff screen and the tests."""

    def start(self) -> None:
        """Turn automatic collection off; from now on passes run through `check()`."""
        gc.disable()

    def schedule(self, clock, in_session: Callable[[], bool]) -> None:
        """Check four times a second on `clock` (Kivy's), and make the pass after the start
        AFTER_START_S later, after the first picture (a full pass takes a moment), unless a
        visitor is there already."""

        def check(_dt) -> None:  # None: Kivy's clock ends an interval that returns False
            self.check()

        def after_start(_dt) -> None:
            if not in_session():
                self.after_start()

        clock.schedule_interval(check, 0.25)
        clock.schedule_once(after_start, AFTER_START_S)

    def stop(self) -> None:
        gc.unfreeze()
        gc.enable()

    def touched(self) -> None:
        """A touch or a key: someone is waiting for the screen."""
        self._last_touch = self._clock()

    def page_left(self) -> None:
        """The visitor has left a page: its widgets are garbage now.

        The count of objects made cannot tell: a page read for a while has had its pass
        already, and leaving it makes hardly any new objects, so without this its rows,
        textures and all would wait for the next page to be built on top of them.
        """
        self._page_left = True

    def check(self) -> bool:
        """Collect if it is a good moment, or if it must; True when a pass ran."""
        made = gc.get_count()[0]
        quiet = self._clock() - self._last_touch >= IDLE_S and not self._busy()
        worth_it = made >= WORTH_COLLECTING or self._page_left
        if made >= AT_ANY_RATE or (worth_it and quiet):
            self._collect()
            return True
        return False

    def _collect(self) -> None:
        self._page_left = False
        gc.collect()
        self.passes += 1

    def after_start(self) -> None:
        """A full pass, then freeze what survives: the app's lasting part, from now on out of
        every pass's way. What of it may die later (the first attract loop) is small, and
        dies once."""
        self._collect()
        gc.freeze()

    def between_visitors(self) -> None:
        """A full pass: nobody is waiting for the screen."""
        self._collect()


@contextmanager
def young_passes_only() -> Iterator[None]:
    """Inside, every pass collects the young generation only: what was made since the last
    pass. For tools and tests that reset the app again and again to look at its pages, not
    its memory (kiosk.app.measure, the UI tests): the full pass between visitors walks every
    screen built so far, 100-160 ms a reset. The collector's counts start from nothing after
    either pass; older garbage goes at the next full pass."""
    full = gc.collect
    gc.collect = lambda generation=2: full(0)
    try:
        yield
    finally:
        gc.collect = full
