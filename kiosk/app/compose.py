"""The one place that wires the terminal: its adapters from the config, the controllers over
them (kiosk.core.controllers), and the Kivy app over the controllers.

`kiosk run` (through kiosk.app.main.run_app), the headless harness of the UI tests and the
screenshots (kiosk/app/headless.py) and the benchmarks build the app with `build_app`.
Every adapter not passed in is the terminal's real one; a test passes its fakes to the
same function. Importing this module imports no Kivy: `kiosk run` picks and checks the pack
first, so that a refusal is one line and not Kivy's start-up log.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from content.pack.reader import Pack, open_pack
from kiosk.adapters.cups import Cups
from kiosk.adapters.notify import from_environment as notifier_from_environment
from kiosk.adapters.outbox import Outbox
from kiosk.adapters.pack_store import PackStore
from kiosk.adapters.speech import EspeakSpeaker
from kiosk.adapters.usage_store import UsageStore
from kiosk.app.heap import give_big_blocks_back
from kiosk.app.service_notify import Notifier, ServiceNotify
from kiosk.core.config import Config, data_dir, terminal_id
from kiosk.core.controllers import build_controllers
from kiosk.core.controllers.packs import Store
from kiosk.core.controllers.ports import OutboxPort, Printouts, Speaker, Usage
from kiosk.core.controllers.requests import Sent
from kiosk.core.print_desk import PrintDesk, counter_for
from kiosk.core.printing import Printer

if TYPE_CHECKING:
    from kiosk.app.main import KioskApp


def pack_to_show(config: Config, given: Path | None = None) -> Path | None:
    """`given` (kiosk run --pack), else the pack that sync or import installed in the data
    folder (the previous one if the current is damaged), else the config's pack; None when
    none of them is there."""
    return given or PackStore(data_dir(config)).usable_pack() or config.pack


class PackPrintouts:
    """The controllers' `Printouts` port over the printouts package (reportlab)."""

    def items(
        self, pack_path: Path, items: Sequence[tuple[str, str]], lang: str, large: bool = False
    ):
        """A leaflet in large print when `large`; a list of several has no large print."""
        import printouts

        # The worker's own connection: an sqlite3 connection stays in its thread.
        with open_pack(pack_path) as pack:
            # What a newer pack no longer has is left out, as the list screen does.
            kept = [(kind, key) for kind, key in items if _in_pack(pack, kind, key)]
            if len(kept) == 1 and kept[0][0] == "service":
                return printouts.leaflet(pack, kept[0][1], lang=lang, large=large)
            return printouts.my_list(pack, kept, lang=lang)

    def brochure(self, pack_path: Path, category_id: str, lang: str):
        import printouts

        with open_pack(pack_path) as pack:
            return printouts.brochure(pack, category_id, lang=lang)

    def request_slip(self, pack_path: Path, sent: Sent, lang: str, paper: str):
        import printouts

        with open_pack(pack_path) as pack:
            return printouts.request_slip(
                pack,
                sent.reference,
                sent.kind,
                sent.created.astimezone(),  # UTC in the envelope; the terminal's time here
                sent.next_steps,
                agency_id=sent.agency_id,
                location_id=sent.location_id,
                service_id=sent.service_id,
                lang=lang,
                paper=paper,
            )


def _in_pack(pack: Pack, kind: str, key: str) -> bool:
    """Whether the pack still has the item a visitor put on their list."""
    found = {"service": pack.service_row, "agency": pack.agency, "event": pack.event}.get(kind)
    return found is not None and found(key) is not None


def build_app(
    pack: Pack,
    config: Config | None = None,
    *,
    windowed: bool = False,
    speaker: Speaker | None = None,
    printer: Printer | None = None,
    print_desk: PrintDesk | None = None,
    store: Store | None = None,
    printouts: Printouts | None = None,
    outbox: OutboxPort | None = None,
    usage: Usage | None = None,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = datetime.now,
    notifier: Notifier | None = None,
    give_back_big_blocks: bool = True,
) -> KioskApp:
    """The app over the open `pack`, wired from `config`.

    Not passed in means the terminal's own: espeak-ng, CUPS at the config's printer
    (counting pages in the data folder), the packs installed in the data folder, the
    printouts package, the outbox in the data folder (the request forms' submissions,
    named by the config's terminal id), the day's usage counts in the data folder's stats/
    (kiosk.adapters.usage_store, under the same id), the monotonic clock (idle time), the
    local wall clock ("open now", the screen hours, the usage counts' day and hour) and
    systemd's notification socket if the environment names one (kiosk.adapters.notify:
    ready, watchdog).
    `give_back_big_blocks`: freed big blocks go back to the system at once (kiosk.app.heap),
    a terminal's memory. The tools that only read the app's pixels and sizes
    (kiosk.app.measure, kiosk.app.screenshots) leave glibc's own threshold: each big block
    is otherwise a fresh mapping to fill with zeros, about 4 s of system time in one
    measure run here (60 pages drawn), and no pixel depends on where the blocks come from.
    Call `kiosk.app.main.configure()` before: the app's import does not open a window, but
    everything after it may.
    """
    from kivy.clock import Clock

    from kiosk.app.live_theme import T
    from kiosk.app.live_translator import _
    from kiosk.app.main import KioskApp

    if give_back_big_blocks:  # before the first label is drawn
        give_big_blocks_back()
    config = config or Config()
    folder = data_dir(config)
    terminal = terminal_id(config)
    controllers = build_controllers(
        pack,
        config,
        store=store or PackStore(folder),
        desk=print_desk or PrintDesk(printer or Cups(), config.printer, counter_for(folder)),
        speaker=speaker or EspeakSpeaker(),
        printouts=printouts or PackPrintouts(),
        outbox=outbox or Outbox(folder),
        terminal=terminal,
        clock=clock,
        now=now,
        gettext=_,
        # A print job ends on its worker thread; the screen hears of it on Kivy's.
        call_soon=lambda call: Clock.schedule_once(lambda _dt: call()),
        large_print=lambda: T.large_text,
        usage=usage or UsageStore(folder / "stats", terminal, app_version=app_version(), now=now),
    )
    app = KioskApp(controllers, windowed=windowed)
    # The audio-tactile keypad mode (kiosk/app/focus.py): made when the window exists.
    app.fbind("on_start", _start_keypad_mode)
    app.fbind("on_start", _start_screen_hours)
    service = ServiceNotify(notifier or notifier_from_environment())
    app.fbind("on_start", service.attach)
    return app


def app_version() -> str:
    """The kiosk's installed version, as the day's counts name it ('' if not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("perm-kiosk")
    except PackageNotFoundError:
        return ""


def _start_screen_hours(app: KioskApp) -> None:
    from kiosk.app.screen_hours import ScreenHoursKeeper

    app.screen_hours = ScreenHoursKeeper(app.controllers, app.root)
    app.screen_hours.attach()


def _start_keypad_mode(app: KioskApp) -> None:
    from kiosk.app.focus import KeypadMode

    app.keypad = KeypadMode(app)
    app.keypad.attach()
