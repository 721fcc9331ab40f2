"""The frame around every screen: the top bar, the screens, the bottom bar; and over them,
the attract loop between visitors and the idle prompt.

The bars sit outside the screens so that the language switch, the accessibility switches,
Back, Home, My list and Read aloud are in exactly the same place on every screen.

The shell does the screen side of the controllers' display (kiosk.core.controllers.ports):
it fills and shows the screen for a place, lays the attract loop over everything, opens
and closes the prompt, and empties every screen at a reset. The app (kiosk/app/main.py)
hands it those duties and keeps the rest.
"""

from __future__ import annotations

import importlib
import logging

from kivy.core.window import Window
from kivy.properties import ObjectProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import ScreenManager

from content.presentation.i18n import N_
from kiosk.app import theme
from kiosk.app.layouts import FlowBar
from kiosk.app.live_translator import _
from kiosk.app.speech_panel import SpeechPanel  # noqa: F401  (shell.kv places it)
from kiosk.core.navigation import Place

theme.load_kv(__file__)

log = logging.getLogger("kiosk.app")

ERROR = "error"

LARGE_ON, LARGE_OFF = N_("Крупный текст включён"), N_("Крупный текст выключен")
CONTRAST_ON, CONTRAST_OFF = N_("Контраст включён"), N_("Контраст выключен")
"""Said to a visitor who listens when they switch large text or contrast."""


class Shell(FloatLayout):
    """The root widget: `ids.frame` (bars and screens) with the attract loop laid over it."""

    controllers = ObjectProperty(None)
    """The app's controllers (kiosk.core.controllers.Controllers), handed to every screen."""

    def __init__(self, **kwargs):
        self.made: dict[str, object] = {}
        """Screen name -> the screen, once it has been shown."""
        self.prompt = None
        """The idle prompt while it is open, else None."""
        super().__init__(**kwargs)
        # The screens' background is the window's clear colour: the window is cleared on
        # every frame anyway, and a fill of the whole screen costs the software renderer of
        # a terminal without a GPU about 8 ms.
        theme.T.fbind("background", self._paint_window)
        self._paint_window()

    def _paint_window(self, *_args) -> None:
        Window.clearcolor = theme.T.background

    # -- the screens -------------------------------------------------------------------------

    def screen(self, name: str):
        """The screen called `name` (kiosk.app.main.SCREENS), created on first use."""
        if name not in self.made:
            from kiosk.app.main import SCREENS

            module_name, class_name = SCREENS[name].split(":")
            cls = getattr(importlib.import_module(module_name), class_name)
            screen = cls(name=name, controllers=self.controllers)
            self.ids.screens.add_widget(screen)
            self.made[name] = screen
        return self.made[name]

    def current_screen(self):
        return self.ids.screens.current_screen

    def filling_lists(self) -> bool:
        """True while a screen is still filling a list (KioskScreen.fill): frames are busy."""
        return any(screen.filling for screen in self.made.values())

    def show(self, place: Place) -> bool:
        """Fill `place`'s screen and put it on show; True when another screen came on show."""
        pack, lang = self.controllers.packs.pack, self.controllers.visit.lang
        try:
            self.screen(place.screen).show(pack, place.key, lang)
        except Exception:
            # A screen that fails must not drop the terminal to the desktop.
            log.exception("screen %s failed to show %r", place.screen, place.key)
            self.screen(ERROR).show(pack, None, lang)
            place = Place(ERROR)
        manager = self.ids.screens
        left = manager.current != place.screen
        manager.current = place.screen
        return left

    def show_error(self) -> None:
        """After an error inside a screen: the polite message and the way home."""
        self.screen(ERROR).show(self.controllers.packs.pack, None, self.controllers.visit.lang)
        self.ids.screens.current = ERROR

    def forget_visitor(self) -> None:
        """Empty every screen, then what typed text left in caches and on the clipboard."""
        from kiosk.app.forget import forget_typed_text

        for screen in self.made.values():
            screen.stop_filling()
            screen.reset()
        forget_typed_text(
            self.controllers.packs.pack
        )  # after the screens: the field empties itself

    def set_large_text(self, on: bool) -> None:
        theme.T.large_text = on
        if on:
            self.controllers.usage.setting_used("large_text")
        self._announce(LARGE_ON if on else LARGE_OFF)

    def set_high_contrast(self, on: bool) -> None:
        theme.T.high_contrast = on
        if on:
            self.controllers.usage.setting_used("high_contrast")
        self._announce(CONTRAST_ON if on else CONTRAST_OFF)

    def _announce(self, message: str) -> None:
        """Say what the visitor's choice changed, if they listen (ReadAloud.announce)."""
        c = self.controllers
        c.reading.announce(_(message), c.visit.lang)

    def restore_look(self) -> None:
        """The standard text size and colours, and no keyboard held."""
        theme.T.reset()
        Window.release_all_keyboards()

    # -- what lies over the screens ----------------------------------------------------------

    def show_attract(self) -> None:
        from kiosk.app.screens.attract import Attract

        # While the screen is dark (outside its hours) the loop waits for the wake-up.
        if not self.ids.get("attract") and not self.ids.get("blank"):
            attract = Attract(controllers=self.controllers)
            self.ids["attract"] = attract
            self.add_widget(attract)

    def hide_attract(self) -> None:
        attract = self.ids.pop("attract", None)
        if attract is not None:
            attract.stop()
            self.remove_widget(attract)

    def show_blank(self, on_wake) -> None:
        """The black screen over everything, the attract loop stopped; `on_wake()` after
        the touch that wakes it (kiosk/app/screen_hours.py)."""
        from kiosk.app.screens.blank import Blank

        self.hide_attract()
        if not self.ids.get("blank"):
            blank = Blank()
            blank.fbind("on_wake", lambda *_: on_wake())
            self.ids["blank"] = blank
            self.add_widget(blank)

    def hide_blank(self) -> None:
        blank = self.ids.pop("blank", None)
        if blank is not None:
            self.remove_widget(blank)

    def open_prompt(self, seconds_left: int) -> None:
        from kiosk.app.screens.idle_prompt import IdlePrompt

        if self.prompt is None:
            self.prompt = IdlePrompt(seconds_left=seconds_left, controllers=self.controllers)
            self.prompt.open(animation=False)

    def count_down(self, seconds_left: int) -> None:
        if self.prompt is not None:
            self.prompt.seconds_left = seconds_left

    def close_prompt(self) -> None:
        if self.prompt is not None:
            self.prompt.dismiss(animation=False)
            self.prompt = None


class Screens(ScreenManager):
    """The screens, one on show at a time; see shell.kv."""


class TopBar(FlowBar):
    """How fresh the information is, the demo badge, language and accessibility switches."""

    controllers = ObjectProperty(None)
    """The app's controllers, from the shell."""

    def on_touch_down(self, touch):
        # The hidden staff gesture: five quick touches on the date at the top left.
        if self.ids.date.collide_point(*touch.pos):
            self.controllers.visit.staff_corner_tapped()
        return super().on_touch_down(touch)


class NavBar(FlowBar):
    """Back, Home, My list and Read aloud."""

    controllers = ObjectProperty(None)
    """The app's controllers, from the shell."""
