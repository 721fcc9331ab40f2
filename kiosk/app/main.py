"""The touch app's composition root: `run_app()` opens the pack and starts Kivy.

Kivy reads its configuration when `kivy.core.window` is first imported, so this module
imports only what does not create the window; `configure()` must run before anything that
does (the screens are imported when first shown).

The app wires the pure core to the screens: `kiosk.core.navigation.History` (Back and Home),
`kiosk.core.session.Session` (idle prompt and reset),
`kiosk.core.session.SessionData` (what a visitor
leaves behind), the speaker, the config, and the pack with its swap at a session reset.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")  # the `kiosk` command has parsed sys.argv already
os.environ.setdefault("KIVY_LOG_MODE", "MIXED")  # Kivy logs, but leaves sys.stderr alone
# SDL would turn SIGTERM into the same "quit" request as a visitor's Alt+F4, which the app
# refuses; with SDL's handlers off, run_app() stops the app on SIGTERM itself.
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")

from kivy.app import App  # noqa: E402
from kivy.config import Config as KivyConfig  # noqa: E402
from kivy.properties import (  # noqa: E402
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)

from content.pack.reader import Pack, open_pack  # noqa: E402
from kiosk.adapters.cups import Cups  # noqa: E402
from kiosk.adapters.pack_store import PackStore  # noqa: E402
from kiosk.adapters.speech import NullSpeaker, Speaker  # noqa: E402
from kiosk.app.garbage import IdleCollector  # noqa: E402
from kiosk.core.config import (
    Config,  # noqa: E402
    data_dir,  # noqa: E402
)
from kiosk.core.navigation import History, Place  # noqa: E402
from kiosk.core.pack_watch import PackFile  # noqa: E402
from kiosk.core.print_desk import PrintDesk, counter_for  # noqa: E402
from kiosk.core.session import HiddenGesture, Session, SessionData  # noqa: E402

log = logging.getLogger("kiosk.app")

WINDOW_SIZE = (1280, 800)
"""The development window, and the headless one for screenshots and UI tests."""

KEY_ESCAPE = 27  # also the Android back button

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
    "error": "kiosk.app.screens.error:ErrorScreen",
}
"""Screen name -> its class. Screens are created when first shown: a quicker start."""


def configure(fullscreen: bool, headless: bool = False) -> None:
    """Set Kivy's configuration; call before `kivy.core.window` is imported."""
    KivyConfig.set("graphics", "width", str(WINDOW_SIZE[0]))
    KivyConfig.set("graphics", "height", str(WINDOW_SIZE[1]))
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


class KioskApp(App):
    """The citizen's app over one content pack; see the module docstring for the wiring."""

    pack = ObjectProperty(None)
    """The open content pack (content.pack.reader.Pack) that every screen reads."""

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

    use_kivy_settings = False

    def __init__(
        self,
        pack: Pack,
        config: Config | None = None,
        windowed: bool = False,
        speaker: Speaker | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = datetime.now,
        print_desk: PrintDesk | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.settings = config or Config()
        self.pack = pack
        self.store = PackStore(data_dir(self.settings))
        # A pack installed by sync or import is watched where installs put it (a rollback
        # or the next version lands there); any other pack where it was opened from.
        synced = Path(pack.path).resolve().parent == self.store.pack_dir.resolve()
        self.pack_file = PackFile(self.store.current if synced else pack.path)
        self.synced = synced
        self.windowed = windowed
        self.speaker = speaker or NullSpeaker()
        self.can_speak = self.speaker.available
        self.clock = clock
        self.now = now  # local wall-clock time, for "open now" and upcoming events
        self.print_desk = print_desk or PrintDesk(
            Cups(), self.settings.printer, counter_for(data_dir(self.settings))
        )
        self.history = History()
        self.session = Session(
            idle_after=self.settings.idle_seconds,
            prompt_for=self.settings.prompt_seconds,
            clock=clock,
        )
        self.data = SessionData()
        self.staff_gesture = HiddenGesture(clock=clock)
        self.lang = self.settings.languages[0]
        self._screens: dict[str, object] = {}
        self._prompt = None
        # Real time, not `clock`: whether someone is tapping right now.
        self.collector = IdleCollector(busy=self.filling_lists)

    # -- building ----------------------------------------------------------------------------

    def build(self):
        from kivy.clock import Clock
        from kivy.core.window import Window

        from kiosk.app.heap import give_big_blocks_back
        from kiosk.app.label_pixels import keep_label_pixels_once
        from kiosk.app.live_translator import switch_language
        from kiosk.app.shell import Shell
        from kiosk.app.window_clear import clear_colours_only
        from kiosk.app.word_widths import remember_word_widths

        give_big_blocks_back()
        keep_label_pixels_once()
        remember_word_widths()
        clear_colours_only(Window)
        switch_language(self.lang)
        self._pack_changed()
        self.root = Shell()
        self._show_attract()
        Clock.schedule_interval(lambda _dt: self.tick(), 0.5)
        return self.root

    def on_start(self) -> None:
        from kivy.base import ExceptionManager
        from kivy.clock import Clock
        from kivy.core.window import Window

        Window.bind(
            on_keyboard=self._on_keyboard,
            on_request_close=self._on_request_close,
            on_touch_down=self._on_any_touch,
            on_key_down=self._on_any_key,
        )
        ExceptionManager.add_handler(_ScreenErrorHandler(self))
        self.collector.start()
        Clock.schedule_interval(self._collect_garbage, 0.25)
        # After the first picture, not before it: a full pass takes a moment.
        Clock.schedule_once(self._collect_all_garbage, 1.0)

    def on_stop(self) -> None:
        from kivy.core.window import Window

        Window.unbind(
            on_keyboard=self._on_keyboard,
            on_request_close=self._on_request_close,
            on_touch_down=self._on_any_touch,
            on_key_down=self._on_any_key,
        )
        self.speaker.stop()
        self.collector.stop()

    def screen(self, name: str):
        """The screen called `name`, created on first use."""
        if name not in self._screens:
            module_name, class_name = SCREENS[name].split(":")
            cls = getattr(importlib.import_module(module_name), class_name)
            screen = cls(name=name)
            self.root.ids.screens.add_widget(screen)
            self._screens[name] = screen
        return self._screens[name]

    # -- navigation: what a tap on a tile, a row, Back or Home calls -------------------------

    def open(self, screen: str, key: str | None = None) -> None:
        """Show `screen` (a name in SCREENS) for `key`, one step further from Home."""
        self._show(self.history.go(Place(screen, key)))

    def open_category(self, category_id: str) -> None:
        self.open("category", category_id)

    def open_service(self, service_id: str) -> None:
        self.open("service", service_id)

    def go_back(self) -> None:
        self._show(self.history.back())

    def go_home(self) -> None:
        self._show(self.history.home())

    def current_screen(self):
        return self.root.ids.screens.current_screen

    def _show(self, place: Place, keep_scroll: bool = False) -> None:
        self.stop_reading()
        try:
            screen = self.screen(place.screen)
            screen.show(self.pack, place.key, self.lang)
        except Exception:
            # A screen that fails must not drop the terminal to the desktop.
            log.exception("screen %s failed to show %r", place.screen, place.key)
            screen = self.screen("error")
            screen.show(self.pack, None, self.lang)
            place = Place("error")
        manager = self.root.ids.screens
        if manager.current != place.screen:
            self.collector.page_left()  # the page left behind lets go of its lists
        manager.current = place.screen
        self.at_home = self.history.at_home

    def show_error(self) -> None:
        """After an error inside a screen: the polite message and the way home."""
        self.stop_reading()
        self.history.go(Place("error"))
        screen = self.screen("error")
        screen.show(self.pack, None, self.lang)
        self.root.ids.screens.current = "error"
        self.at_home = False

    # -- language and accessibility ----------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch language; the screen on show is drawn again in place, scroll kept."""
        from kiosk.app.live_translator import switch_language

        if lang not in self.settings.languages:
            return
        self.lang = lang
        switch_language(lang)
        self._update_pack_texts()
        self.title = self.pack.meta.title.get(lang)
        if self.in_session:
            screen = self.current_screen()
            page = screen.ids.get("page") if screen is not None else None
            scroll = page.scroll_y if page is not None else 1
            if screen is not None:
                with screen.whole_lists():  # the place on the page must not move
                    self._show(self.history.current)
            else:
                self._show(self.history.current)
            if page is not None and page.children:
                _keep_scroll(page, scroll)

    def set_large_text(self, on: bool) -> None:
        from kiosk.app.theme import T

        T.large_text = on

    def set_high_contrast(self, on: bool) -> None:
        from kiosk.app.theme import T

        T.high_contrast = on

    # -- read aloud --------------------------------------------------------------------------

    def toggle_reading(self) -> None:
        if self.speaking:
            self.stop_reading()
            return
        screen = self.current_screen()
        text = screen.spoken_text() if hasattr(screen, "spoken_text") else ""
        if text:
            self.speaker.say(text, self.lang)
            self.speaking = True

    def stop_reading(self) -> None:
        if self.speaking or self.speaker.speaking:
            self.speaker.stop()
        self.speaking = False

    # -- my list -----------------------------------------------------------------------------

    def toggle_in_list(self, kind: str, key: str) -> bool:
        """Add the item to "my list", or take it off; True if it is on the list now."""
        if (kind, key) in self.data.my_list:
            self.data.my_list.remove(kind, key)
        else:
            self.data.my_list.add(kind, key)
        self.my_list_count = len(self.data.my_list)
        return (kind, key) in self.data.my_list

    def print_items(
        self, items: list[tuple[str, str]], reply: Callable[[str], None] = lambda _m: None
    ) -> str:
        """Print the items (one service: its leaflet; more: the my-list printout) in the
        background. Returns what to tell the visitor now; `reply(message)` is called later,
        on this thread, with how it ended (not if the session ended first).
        """
        from kivy.clock import Clock

        from kiosk.app.live_translator import _

        pack_path, lang = self.pack.path, self.lang

        def render():
            import printouts
            from content.pack.reader import open_pack

            # The worker's own connection: an sqlite3 connection stays in its thread.
            with open_pack(pack_path) as pack:
                # What a newer pack no longer has is left out, as the list screen does.
                kept = [(kind, key) for kind, key in items if _in_pack(pack, kind, key)]
                if len(kept) == 1 and kept[0][0] == "service":
                    return printouts.leaflet(pack, kept[0][1], lang=lang)
                return printouts.my_list(pack, kept, lang=lang)

        def done(result) -> None:
            Clock.schedule_once(lambda _dt: reply(self._print_answer(result)))

        self.print_desk.submit(render, done)
        return _("Печатаем. Заберите листок из принтера.")

    def _print_answer(self, result) -> str:
        from kiosk.app.live_translator import _
        from kiosk.core.printing import citizen_message

        if result.printed:
            return _("Готово: заберите напечатанное из принтера.")
        return citizen_message(result.problem, _)

    # -- the session: attract, idle prompt, reset --------------------------------------------

    def start_session(self) -> None:
        """A touch on the attract loop: a visitor has arrived."""
        self.session.start()
        self.in_session = True
        self._hide_attract()
        self._show(self.history.home())

    def tick(self) -> None:
        """About twice a second: the idle timer, the prompt's countdown, the reset."""
        from kiosk.core.session import Event

        event = self.session.tick()
        if event is Event.PROMPT:
            self._open_prompt()
        elif event is Event.RESET:
            self.reset_session()
        if self._prompt is not None:
            self._prompt.seconds_left = self.session.seconds_left()

    def still_here(self) -> None:
        """The visitor answered the idle prompt."""
        self.session.activity()
        self._close_prompt()

    def reset_session(self) -> None:
        """Wipe everything the visitor left and show the attract loop to the next one."""
        from kivy.core.window import Window

        from kiosk.app.forget import forget_typed_text
        from kiosk.app.theme import T

        self.session.end()
        self._close_prompt()
        self.stop_reading()
        self.print_desk.cancel_all()  # nothing of this visitor's printing reaches the next
        self.data.clear()
        self.my_list_count = 0
        for screen in self._screens.values():
            screen.stop_filling()
            screen.reset()
        forget_typed_text(self.pack)  # after the screens: the search field empties itself
        self.history.home()
        self.at_home = True
        self.staff_gesture = HiddenGesture(clock=self.clock)
        T.reset()
        Window.release_all_keyboards()
        if self.lang != self.settings.languages[0]:
            self.set_language(self.settings.languages[0])
        self._swap_pack_if_newer()
        self._update_pack_texts()  # "may be out of date" follows the last sync's age
        self.in_session = False
        self._show_attract()
        self.collector.between_visitors()

    def _show_attract(self) -> None:
        from kiosk.app.screens.attract import Attract

        if not self.root.ids.get("attract"):
            attract = Attract()
            self.root.ids["attract"] = attract
            self.root.add_widget(attract)

    def _hide_attract(self) -> None:
        attract = self.root.ids.pop("attract", None)
        if attract is not None:
            self.root.remove_widget(attract)

    def _open_prompt(self) -> None:
        from kiosk.app.screens.idle_prompt import IdlePrompt

        self.stop_reading()
        if self._prompt is None:
            self._prompt = IdlePrompt(seconds_left=self.session.seconds_left())
            self._prompt.open(animation=False)

    def _close_prompt(self) -> None:
        if self._prompt is not None:
            self._prompt.dismiss(animation=False)
            self._prompt = None

    def _collect_garbage(self, _dt) -> None:
        self.collector.check()

    def _collect_all_garbage(self, _dt) -> None:
        if not self.in_session:
            self.collector.after_start()

    def filling_lists(self) -> bool:
        """True while a screen is still filling a list (KioskScreen.fill): frames are busy."""
        return any(screen.filling for screen in self._screens.values())

    def _on_any_touch(self, window, touch) -> bool:
        self.collector.touched()
        if self.in_session and self._prompt is None:
            self.session.activity()
        return False  # the touch goes on to the widget under the finger

    def _on_any_key(self, window, *args) -> bool:
        self.collector.touched()
        if self.in_session and self._prompt is None:
            self.session.activity()
        return False

    # -- the pack: its texts and its swap at a reset -----------------------------------------

    def _pack_changed(self) -> None:
        self.demo = self.pack.meta.demo
        self.title = self.pack.meta.title.get(self.lang)
        self._update_pack_texts()

    def _update_pack_texts(self) -> None:
        from kiosk.app.live_translator import _
        from kiosk.app.markup import format_date

        self.pack_date_text = _("Информация на {date}").format(
            date=format_date(self.pack.meta.date)
        )
        self.stale_text = (
            "· " + _("может быть устаревшей") if self.sync_state()["out_of_date"] else ""
        )

    def sync_state(self) -> dict:
        """The last good sync, the last error, and whether the information may be out of
        date (kiosk.core.freshness); all None/False for a pack that sync does not look after."""
        from kiosk.core.freshness import out_of_date

        if not self.synced:
            return {"last_sync": None, "last_error": None, "out_of_date": False}
        state = self.store.state()
        return {
            "last_sync": state.last_sync,
            "last_error": state.last_error,
            "out_of_date": out_of_date(
                state.last_sync,
                self.pack.meta.created_at,
                self.settings.stale_after_days,
                datetime.now(UTC),
            ),
        }

    def _swap_pack_if_newer(self) -> None:
        """Between visitors only: open the pack installed since, if there is a good one."""
        if not self.pack_file.changed():
            return
        try:
            new = open_pack(self.pack_file.path)
        except Exception as exc:  # a bad pack never replaces the good one on show
            log.error("the newly installed pack is refused, keeping the old one: %s", exc)
            self.pack_file.remember()
            return
        old, self.pack = self.pack, new
        self.pack_file.remember()
        old.close()
        self._pack_changed()
        log.info("switched to the newly installed pack %s", new.meta.version)

    # -- staff -------------------------------------------------------------------------------

    def staff_corner_tapped(self) -> None:
        if self.staff_gesture.tap():
            self.open("staff")

    # -- keys and closing --------------------------------------------------------------------

    def _on_keyboard(self, window, key, *args) -> bool:
        if key == KEY_ESCAPE:
            if self.in_session:
                self.go_back()
            return True  # handled: Kivy must not treat Escape as "quit"
        return False

    def _on_request_close(self, window, *args, source=None, **kwargs) -> bool:
        # On a terminal nothing a visitor does may close the app; a developer's window may.
        return not (self.windowed and source != "keyboard")

    def open_settings(self, *args) -> bool:
        return False  # Kivy opens its settings panel on F1; visitors must never see it


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

    def __init__(self, app: KioskApp):
        self.app = app

    def handle_exception(self, exception):
        from kivy.base import ExceptionManager

        if isinstance(exception, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.exception("error in the touch app", exc_info=exception)
        try:
            self.app.show_error()
        except Exception:
            log.exception("the error screen failed too")
            return ExceptionManager.RAISE
        return ExceptionManager.PASS


def _in_pack(pack: Pack, kind: str, key: str) -> bool:
    """Whether the pack still has the item a visitor put on their list."""
    found = {"service": pack.service_row, "agency": pack.agency, "event": pack.event}.get(kind)
    return found is not None and found(key) is not None


def run_app(pack_path: str | Path, config: Config | None = None, fullscreen: bool = True) -> None:
    """Open the pack, then run the app until the window is closed (fullscreen: never)."""
    from kiosk.adapters.speech import EspeakSpeaker

    pack = open_pack(pack_path)  # a bad pack is refused before any window opens
    configure(fullscreen=fullscreen)
    app = KioskApp(pack, config=config, windowed=not fullscreen, speaker=EspeakSpeaker())
    # The service manager (systemd) stops the kiosk with SIGTERM; a developer with Ctrl+C.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: app.stop())
    try:
        app.run()
    finally:
        app.pack.close()
