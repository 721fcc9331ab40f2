"""The rows of a page the visitor has left are freed once the visitor pauses, not later."""

from __future__ import annotations

import gc
import time
import weakref

from kiosk.app.garbage import IDLE_S
from kiosk.app.headless import buttons


def test_a_page_left_is_freed_when_the_visitor_pauses_on_the_next(kiosk):
    assert not gc.isenabled()  # the app collects at quiet moments itself
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[1])
    row = weakref.ref(buttons(kiosk.screen, "ServiceButton")[0])
    time.sleep(IDLE_S)
    kiosk.frames(30)  # the visitor reads the list: a pass may run, the rows live on
    assert row() is not None

    kiosk.tap(kiosk.app.root.ids.nav.ids["home"])
    kiosk.frames(3)
    assert row() is not None  # let go of, in reference cycles: garbage now
    passes = kiosk.app.collector.passes
    end = time.monotonic() + IDLE_S + 1.0
    while row() is not None and time.monotonic() < end:
        kiosk.frames(1)
        time.sleep(1 / 60)
    assert row() is None
    assert kiosk.app.collector.passes > passes
