"""The Kivy app: the display of the terminal's controllers; `run_app()` starts it.

Kivy reads its configuration when `kivy.core.window` is first imported, so this module
imports only what does not create the window; `configure()` must run before anything that
does (the screens are imported when first shown).

What happens when is decided by the Kivy-free controllers (kiosk.core.controllers), built
with their adapters by the composition root (kiosk/app/compose.py). The app only shows it:
it draws the place the navigator names, opens and closes the idle prompt, lays the attract
loop over the window, and mirrors the controllers' state into the Kivy properties that the
.kv files bind to. Every screen is given the controllers (`KioskScreen.controllers`).
"""

from __future__ import annotations

import logging
import os
import signal
from contextlib import nullcontext
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")  # the `kiosk` command has parsed sys.argv already
os.environ.setdefault("KIVY_LOG_MODE", "MIXED")  # Kivy logs, but leaves sys.stderr alone
# SDL would turn SIGTERM into the same "quit" request as a visitor's Alt+F4, which the app
# refuses; with SDL's handlers off, run_app() stops the app on SIGTERM itself.
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")

from kivy.app import App  # noqa: E402
from kivy.config import Config as KivyConfig  # noqa: E402
from kivy.properties import BooleanProperty, NumericProperty, StringProperty  # noqa: E402

from content.pack.reader import open_pack  # noqa: E402
from kiosk.app.garbage import IdleCollector  # noqa: E402
from kiosk.app.window_guard import WindowGuard  # noqa: E402
from kiosk.core.config import Config  # noqa: E402
from kiosk.core.controllers import Controllers  # noqa: E402
from kiosk.core.navigation import Place  # noqa: E402

log = logging.getLogger("kiosk.app")

WINDOW_SIZE = (1280, 800)
"""The development window, and the headless one for screenshots and UI tests."""

SCREENS = {
    "home": "kiosk.app.screens.home:HomeScreen",
    "category": "kiosk.app.screens.category:CategoryScreen",
    "service": "kiosk.app.screens.service:ServiceScreen",
    "search": "kiosk.app.screens.search:SearchScreen",
    "finder": "kiosk.app.screens.finder:FinderScreen",
    "finder_result": "kiosk.app.screens.finder_result:FinderResultScreen",
    "agencies": "kiosk.app.screens.agencies:AgenciesScreen",
    "agency": "kiosk.app.screens.agency:AgencyScreen",
    "events": "kiosk.app.screens.events:EventsScreen",
    "my_list": "kiosk.app.screens.my_list:MyListScreen",
    "staff": "kiosk.app.screens.staff:StaffScreen",
    "request_form": "kiosk.app.screens.request_form:RequestFormScreen",
    "request_sent": "kiosk.app.screens.request_sent:RequestSentScreen",
    "error": "kiosk.app.screens.error:ErrorScreen",
}
"""Screen name -> its class. Screens are created when first shown: a quicker start."""


def configure(
    fullscreen: bool, headless: bool = False, size: tuple[int, int] = WINDOW_SIZE
) -> None:
    """Set Kivy's configuration; call before `kivy.core.window` is imported. `size`: the
    window's pixels when not full screen."""
    KivyConfig.set("graphics", "width", str(size[0]))
    KivyConfig.set("graphics", "height", str(size[1]))
    KivyConfig.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    # Kivy asks for 2x multisampling by default, which Mesa's software renderer (a terminal
    # without a GPU) gives as 4x: every pixel drawn four times, 20 ms of each frame here, to
    # smooth the corners of flat cards. Text is a texture and looks the same either way.
    KivyConfig.set("graphics", "multisamples", "0")
    KivyConfig.set("kivy", "exit_on_escape", "0")  # Escape means Back; visitors cannot quit
    KivyConfig.set("input", "mouse", "mouse,disable_multitouch")  # no red dots on right-click
    # Our own on-screen keyboard types into fields; Kivy's VKeyboard must never pop up.
    KivyConfig.set("kivy", "keyboard_mode", "system")
    if headless:
        # Screenshots and tests send their own touches: nothing real may leak in.
        for name, _value in KivyConfig.items("input"):
            KivyConfig.remove_option("input", name)


def _by_shell(name: str) -> property:
    """A part of the Display port the shell (the root widget: screens, overlays) carries out."""
    return property(lambda app: getattr(app.root, name))


class KioskApp(App):
    """The citizen's app: the controllers' display (kiosk.core.controllers.ports.Display)."""

    lang = StringProperty("ru")
    """The language texts are shown in; Russian is the fallback of every text."""

    demo = BooleanProperty(False)
    """True for a demo pack: every screen then shows the "demonstration content" badge."""

    pack_date_text = StringProperty("")
    """"Information as of 26 November 2026", always on show in the top bar."""

    stale_text = StringProperty("")
    """"may be out of date" after the terminal's stale_after_days without a good sync, in the
    warning colour beside the date; '' otherwise (kiosk.core.freshness)."""

    at_home = BooleanProperty(True)
    """True on the home screen, where Back and Home have nowhere to go."""

    in_session = BooleanProperty(False)
    """False while the attract loop waits for a visitor."""

    my_list_count = NumericProperty(0)
    """How many items the visitor has put on "my list"."""

    speaking = BooleanProperty(False)
    """True while the current page is being read aloud."""

    can_speak = BooleanProperty(False)
    """False when speech is not installed: the Read aloud button is then greyed out."""

    reading_paused = BooleanProperty(False)
    """True while the visitor has paused the reading: the panel offers Continue."""

    reading_finished = BooleanProperty(False)
    """True once the page has been read to its end: the panel offers Repeat alone."""

    can_read_quieter = BooleanProperty(True)
    """False at the quietest step: Quieter is greyed out."""

    can_read_louder = BooleanProperty(True)
    """False at the loudest step: Louder is greyed out."""

    can_read_slower = BooleanProperty(True)
    """False at the slowest rate: the panel's Slower is greyed out."""

    can_read_faster = BooleanProperty(True)
    """False at the fastest rate: the panel's Faster is greyed out."""

    use_kivy_settings = False

    def __init__(self, controllers: Controllers, windowed: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.controllers = controllers
        self.lang = controllers.visit.lang
        self.can_speak = controllers.reading.can_speak
        # Kivy's time, not the controllers' clock: whether someone is tapping right now, on
        # the clock the frames run by (which the headless harness drives). Read late: the
        # harness sets Clock.time after the app is built.
        self.collector = IdleCollector(clock=_kivy_time, busy=lambda: self.root.filling_lists())
        self.guard = WindowGuard(controllers, self.collector, windowed)
        controllers.attach(self)
        controllers.changes.listen(self._mirror)

    def _mirror(self) -> None:
        """The controllers' state into the Kivy properties the .kv files bind to."""
        c = self.controllers
        self.at_home, self.in_session = c.navigator.at_home, c.visit.in_session
        self.my_list_count, self.speaking = c.printing.count, c.reading.speaking
        r = c.reading
        self.reading_paused, self.reading_finished = r.paused, r.finished
        self.can_read_slower, self.can_read_faster = r.can_slower, r.can_faster
        self.can_read_quieter, self.can_read_louder = r.can_quieter, r.can_louder

    # -- Kivy's part -------------------------------------------------------------------------

    def build(self):
        from kivy.clock import Clock
        from kivy.core.window import Window

        from kiosk.app.label_pixels import keep_label_pixels_once
        from kiosk.app.live_translator import switch_language
        from kiosk.app.sizes import fit_to_screen
        from kiosk.app.window_clear import clear_colours_only
        from kiosk.app.word_widths import remember_word_widths

        # Before the first .kv file loads: their sizes are worked out from the density.
        self.ppi = fit_to_screen(self.controllers.settings.screen, *Window.size)
        from kiosk.app.shell import Shell

        keep_label_pixels_once()
        remember_word_widths()
        clear_colours_only(Window)
        switch_language(self.lang)
        self.pack_changed()
        self.root = Shell(controllers=self.controllers)
        self.show_attract()
        Clock.schedule_interval(self._tick, 0.5)
        # Read aloud goes on sentence by sentence: the gap between two is at most this.
        Clock.schedule_interval(self._tick_reading, 0.2)
        return self.root

    def on_start(self) -> None:
        from kivy.base import ExceptionManager
        from kivy.clock import Clock
        from kivy.core.window import Window

        self.guard.attach(Window)
        ExceptionManager.add_handler(_ScreenErrorHandler(self.controllers))
        self.collector.start()
        self.collector.schedule(Clock, in_session=lambda: self.controllers.visit.in_session)

    def on_stop(self) -> None:
        from kivy.core.window import Window

        self.guard.detach(Window)
        self.controllers.reading.speaker.stop()
        self.controllers.usage.flush()
        self.collector.stop()

    # Kivy's clock ends an interval whose callback returns False: these return nothing.
    def _tick(self, _dt) -> None:
        self.controllers.visit.tick()

    def _tick_reading(self, _dt) -> None:
        self.controllers.reading.tick()

    def open_settings(self, *args) -> bool:
        return False  # Kivy opens its settings panel on F1; visitors must never see it

    # -- the controllers' display (kiosk.core.controllers.ports.Display) ---------------------
    # The screen side is the shell's; the app keeps the texts its .kv files bind to.

    show_error = _by_shell("show_error")
    forget_visitor = _by_shell("forget_visitor")
    restore_look = _by_shell("restore_look")
    show_attract = _by_shell("show_attract")
    hide_attract = _by_shell("hide_attract")
    open_prompt = _by_shell("open_prompt")
    count_down = _by_shell("count_down")
    close_prompt = _by_shell("close_prompt")

    def show(self, place: Place) -> None:
        if self.root.show(place):
            self.collector.page_left()  # the page left behind lets go of its lists

    def between_visitors(self) -> None:
        self.collector.between_visitors()

    def pack_changed(self) -> None:
        """The pack's title and date, and "may be out of date" beside the date."""
        from kiosk.app.live_translator import _
        from kiosk.app.markup import format_date

        meta = self.controllers.packs.pack.meta
        self.demo = meta.demo
        self.title = meta.title.get(self.lang)
        self.pack_date_text = _("Информация на {date}").format(date=format_date(meta.date))
        stale = self.controllers.packs.sync_state()["out_of_date"]
        self.stale_text = "· " + _("может быть устаревшей") if stale else ""

    _pack_changed = pack_changed

    def language_changed(self) -> None:
        """Every text in the visit's language; the page on show redrawn, its scroll kept."""
        from kiosk.app.live_translator import switch_language

        self.lang = self.controllers.visit.lang
        switch_language(self.lang)
        self.pack_changed()
        if self.controllers.visit.in_session:
            screen = self.root.current_screen()
            page = screen.ids.get("page") if screen is not None else None
            scroll = page.scroll_y if page is not None else 1
            # The place on the page must not move: whole lists at once.
            with screen.whole_lists() if screen is not None else nullcontext():
                self.controllers.navigator.redraw()
            if page is not None and page.children:
                _keep_scroll(page, scroll)

    # -- what the .kv files call -------------------------------------------------------------

    def open_category(self, category_id: str) -> None:
        self.controllers.navigator.open("category", category_id)

    def toggle_reading(self) -> None:
        text = getattr(self.root.current_screen(), "spoken_text", lambda: "")
        self.controllers.reading.toggle(text, self.controllers.visit.lang)


def _keep_scroll(page, scroll_y: float, settle_s: float = 0.5) -> None:
    """Hold `page` at `scroll_y` while its re-rendered text settles to its new height."""
    from kivy.clock import Clock

    content = page.children[0]

    def hold(*_args):
        page.scroll_y = scroll_y

    hold()
    content.bind(height=hold)
    Clock.schedule_once(lambda _dt: content.unbind(height=hold), settle_s)


class _ScreenErrorHandler:
    """Kivy's exception handler: an error in a touch handler shows the error screen."""

    def __init__(self, controllers: Controllers):
        self.controllers = controllers

    def handle_exception(self, exception):
        from kivy.base import ExceptionManager

        if isinstance(exception, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.exception("error in the touch app", exc_info=exception)
        try:
            self.controllers.navigator.error()
        except Exception:
            log.exception("the error screen failed too")
            return ExceptionManager.RAISE
        return ExceptionManager.PASS


def run_app(
    pack_path: str | Path, config: Config | None = None, fullscreen: bool = True, **app_options
) -> None:
    """Open the pack, then run the app until the window is closed (fullscreen: never).

    Under systemd the app says READY=1 after its first frame and WATCHDOG=1 from its UI
    loop (kiosk/app/service_notify.py). `app_options` go to kiosk.app.compose.build_app
    (tests/paused_app.py passes its notifier)."""
    from kiosk.app.compose import build_app

    pack = open_pack(pack_path)  # a bad pack is refused before any window opens
    configure(fullscreen=fullscreen)
    app = build_app(pack, config, windowed=not fullscreen, **app_options)
    # The service manager (systemd) stops the kiosk with SIGTERM; a developer with Ctrl+C.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: app.stop())
    try:
        app.run()
    finally:
        app.controllers.packs.pack.close()


def _kivy_time() -> float:
    """The time Kivy's clock reads now (monotonic; the headless harness drives it)."""
    from kivy.clock import Clock

    return Clock.time()
