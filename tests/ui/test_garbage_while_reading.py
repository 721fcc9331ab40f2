"""The rows of a page the visitor has left are freed once the visitor pauses, not later."""

from __future__ import annotations

import gc
import math
import weakref

from kiosk.app.garbage import IDLE_S
from kiosk.app.headless import FRAME_S, buttons


def test_a_page_left_is_freed_when_the_visitor_pauses_on_the_next(kiosk):
    assert not gc.isenabled()  # the app collects at quiet moments itself
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[1])
    row = weakref.ref(buttons(kiosk.screen, "ServiceButton")[0])
    kiosk.settle(IDLE_S)  # Kivy's time, which the collector reads
    kiosk.frames(30)  # the visitor reads the list: a pass may run, the rows live on
    assert row() is not None

    kiosk.tap(kiosk.app.root.ids.nav.ids["home"])
    kiosk.frames(3)
    assert row() is not None  # let go of, in reference cycles: garbage now
    passes = kiosk.app.collector.passes
    for _ in range(math.ceil((IDLE_S + 1.0) / FRAME_S)):  # a pause of IDLE_S, and a second
        if row() is None:
            break
        kiosk.frames(1)
    assert row() is None
    assert kiosk.app.collector.passes > passes
