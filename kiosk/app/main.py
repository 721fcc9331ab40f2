"""The touch app's composition root: `run_app()` opens the pack and starts Kivy.

Kivy reads its configuration when `kivy.core.window` is first imported, so this module
imports only what does not create the window; `configure()` must run before anything that
does (the screens are imported inside `KioskApp.build`).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")  # the `kiosk` command has parsed sys.argv already
os.environ.setdefault("KIVY_LOG_MODE", "MIXED")  # Kivy logs, but leaves sys.stderr alone
# SDL would turn SIGTERM into the same "quit" request as a visitor's Alt+F4, which the app
# refuses; with SDL's handlers off, run_app() stops the app on SIGTERM itself.
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")

from kivy.app import App  # noqa: E402
from kivy.config import Config  # noqa: E402
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty  # noqa: E402

from content.pack import Pack, open_pack  # noqa: E402
from kiosk.navigation import History, Place  # noqa: E402

WINDOW_SIZE = (1280, 800)
"""The development window, and the headless one for screenshots and UI tests."""

KEY_ESCAPE = 27  # also the Android back button


def configure(fullscreen: bool, headless: bool = False) -> None:
    """Set Kivy's configuration; call before `kivy.core.window` is imported."""
    Config.set("graphics", "width", str(WINDOW_SIZE[0]))
    Config.set("graphics", "height", str(WINDOW_SIZE[1]))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("kivy", "exit_on_escape", "0")  # Escape means Back; visitors cannot quit
    Config.set("input", "mouse", "mouse,disable_multitouch")  # no red dots on right-click
    if headless:
        # Screenshots and tests send their own touches: nothing real may leak in.
        for name, _value in Config.items("input"):
            Config.remove_option("input", name)


class KioskApp(App):
    """Home, category and service screens over one content pack."""

    pack = ObjectProperty(None)
    """The open content pack (content.pack.Pack) that every screen reads."""

    lang = StringProperty("ru")
    """The language texts are shown in; Russian is the fallback of every text."""

    demo = BooleanProperty(False)
    """True for a demo pack: every screen then shows the "demonstration content" badge."""

    at_home = BooleanProperty(True)
    """True on the home screen, where Back and Home have nowhere to go."""

    use_kivy_settings = False

    def __init__(self, pack: Pack, windowed: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.pack = pack
        self.demo = pack.meta.demo
        self.windowed = windowed
        self.history = History()

    def build(self):
        from kivy.uix.screenmanager import NoTransition, ScreenManager

        from kiosk.app.screens.category import CategoryScreen
        from kiosk.app.screens.home import HomeScreen
        from kiosk.app.screens.service import ServiceScreen

        self.title = self.pack.meta.title.get(self.lang)
        # No sliding: motion that means nothing distracts and confuses many visitors.
        manager = ScreenManager(transition=NoTransition())
        for screen in (HomeScreen, CategoryScreen, ServiceScreen):
            manager.add_widget(screen(name=screen.__name__.removesuffix("Screen").lower()))
        self.root = manager
        self._show(self.history.current)
        return manager

    def on_start(self) -> None:
        from kivy.core.window import Window

        Window.bind(on_keyboard=self._on_keyboard, on_request_close=self._on_request_close)

    def on_stop(self) -> None:
        from kivy.core.window import Window

        Window.unbind(on_keyboard=self._on_keyboard, on_request_close=self._on_request_close)

    # -- navigation: what a tap on a tile, a service, Back or Home calls ---------------------

    def open_category(self, category_id: str) -> None:
        self._show(self.history.go(Place("category", category_id)))

    def open_service(self, service_id: str) -> None:
        self._show(self.history.go(Place("service", service_id)))

    def go_back(self) -> None:
        self._show(self.history.back())

    def go_home(self) -> None:
        self._show(self.history.home())

    def _show(self, place: Place) -> None:
        screen = self.root.get_screen(place.screen)
        screen.show(self.pack, place.key, self.lang)
        self.root.current = place.screen
        self.at_home = self.history.at_home

    # -- keys and closing --------------------------------------------------------------------

    def _on_keyboard(self, window, key, *args) -> bool:
        if key == KEY_ESCAPE:
            self.go_back()
            return True  # handled: Kivy must not treat Escape as "quit"
        return False

    def _on_request_close(self, window, *args, source=None, **kwargs) -> bool:
        # On a terminal nothing a visitor does may close the app; a developer's window may.
        return not (self.windowed and source != "keyboard")

    def open_settings(self, *args) -> bool:
        return False  # Kivy opens its settings panel on F1; visitors must never see it


def run_app(pack_path: str | Path, fullscreen: bool = True) -> None:
    """Open the pack, then run the app until the window is closed (fullscreen: never)."""
    pack = open_pack(pack_path)  # a bad pack is refused before any window opens
    configure(fullscreen=fullscreen)
    app = KioskApp(pack, windowed=not fullscreen)
    # The service manager (systemd) stops the kiosk with SIGTERM; a developer with Ctrl+C.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: app.stop())
    try:
        app.run()
    finally:
        pack.close()
