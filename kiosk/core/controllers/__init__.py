"""The app's orchestration, Kivy-free: what happens when a visitor arrives, taps, listens,
prints and leaves, and when a newer pack waits.

The Kivy app (kiosk/app/main.py) is only the display of these: it mirrors their state into
the Kivy properties its .kv files bind to, and draws what they decide. Every screen is
given the `Controllers` and asks them; none reaches for the running app. The composition
root (kiosk/app/compose.py) builds them with `build_controllers`; the unit tests build them
the same way with fakes.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from content.pack.reader import Pack
from kiosk.core.config import Config
from kiosk.core.controllers.navigator import Navigator
from kiosk.core.controllers.outbox import OutboxStatus
from kiosk.core.controllers.packs import PackController, Store
from kiosk.core.controllers.ports import (
    Changes,
    Display,
    NoOutbox,
    NoUsage,
    OutboxPort,
    Printouts,
    Speaker,
    Usage,
)
from kiosk.core.controllers.printing import PrintingController
from kiosk.core.controllers.reading import ReadAloud
from kiosk.core.controllers.requests import RequestsController
from kiosk.core.controllers.searches import SearchTally
from kiosk.core.controllers.visit import Visit
from kiosk.core.print_desk import PrintDesk
from kiosk.core.session import SessionData


@dataclass
class Controllers:
    """Everything a screen may ask, in one object the app hands to each screen."""

    settings: Config
    visit: Visit
    navigator: Navigator
    reading: ReadAloud
    printing: PrintingController
    packs: PackController
    changes: Changes
    requests: RequestsController
    """The request forms' draft and its sending (issue 17)."""
    clock: Callable[[], float]
    """Monotonic seconds: the idle timer, the staff lock."""
    now: Callable[[], datetime]
    """Local wall-clock time: "open now", upcoming events."""
    outbox: OutboxStatus
    """What the outbox holds, for the staff screen (as `kiosk outbox status`)."""
    usage: Usage = field(default_factory=NoUsage)
    """The day's anonymous counts: the screens tell it what the controllers cannot see
    (the finder's result, a setting of the look)."""
    searches: SearchTally = field(default_factory=SearchTally)
    """The search the visitor is making, counted once they are done with it."""

    def attach(self, display: Display) -> None:
        """From now on `display` shows what the controllers decide."""
        self.visit.display = self.navigator.display = display


def build_controllers(
    pack: Pack,
    settings: Config,
    *,
    store: Store,
    desk: PrintDesk,
    speaker: Speaker,
    printouts: Printouts,
    outbox: OutboxPort | None = None,
    terminal: str = "",
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = datetime.now,
    token_bytes: Callable[[int], bytes] = secrets.token_bytes,
    gettext: Callable[[str], str] = lambda text: text,
    call_soon: Callable[[Callable[[], None]], None] = lambda call: call(),
    large_print: Callable[[], bool] = lambda: False,
    usage: Usage | None = None,
) -> Controllers:
    """The controllers over these adapters; `gettext` and `call_soon` are the app's
    translator and its way onto the UI thread (identity and at once by default);
    `outbox` queues sealed requests (none: every request is refused), `terminal` names the
    terminal in them, `token_bytes` is their random source; `large_print()` says whether
    the visitor has large text on (their leaflets are then printed in large print);
    `usage` keeps the day's anonymous counts (none: nothing is counted)."""
    usage = usage or NoUsage()
    changes = Changes()
    data = SessionData()
    reading = ReadAloud(speaker, changes, gettext, usage=usage)
    packs = PackController(pack, store, settings, changes)
    # The pack on show is asked at each call (a newer one is swapped in between visitors),
    # the language of the visit (made below) at the moment it is needed.
    requests = RequestsController(
        lambda: packs.pack,
        outbox=outbox or NoOutbox(),
        clock_now=now,
        token_bytes=token_bytes,
        terminal=terminal,
        lang=lambda: visit.lang,
        usage=usage,
    )
    navigator = Navigator(reading, changes, requests=requests, usage=usage)
    # The printer asks the visit (made below) for the language at the moment of printing.
    printing = PrintingController(
        data,
        desk,
        printouts,
        packs,
        language=lambda: visit.lang,
        changes=changes,
        gettext=gettext,
        call_soon=call_soon,
        paper=settings.paper,
        large_print=large_print,
        announce=lambda text: reading.announce(text, visit.lang),
        usage=usage,
    )
    visit = Visit(
        settings,
        data,
        navigator,
        reading,
        printing,
        packs,
        changes,
        clock,
        requests=requests,
        usage=usage,
    )
    return Controllers(
        settings,
        visit,
        navigator,
        reading,
        printing,
        packs,
        changes,
        requests,
        clock,
        now,
        OutboxStatus(outbox, terminal),
        usage,
        SearchTally(usage),
    )
