"""The frame around every screen: the top bar, the screens, the bottom bar.

The bars sit outside the screens so that the language switch, the accessibility switches,
Back, Home, My list and Read aloud are in exactly the same place on every screen.
"""

from __future__ import annotations

from kivy.core.window import Window
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import ScreenManager

from kiosk.app import theme

theme.load_kv(__file__)


class Shell(FloatLayout):
    """The root widget: `ids.frame` (bars and screens) with the attract loop laid over it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The screens' background is the window's clear colour: the window is cleared on
        # every frame anyway, and a fill of the whole screen costs the software renderer of
        # a terminal without a GPU about 8 ms.
        theme.T.fbind("background", self._paint_window)
        self._paint_window()

    def _paint_window(self, *_args) -> None:
        Window.clearcolor = theme.T.background


class Screens(ScreenManager):
    """The screens, one on show at a time; see shell.kv."""


class TopBar(BoxLayout):
    """How fresh the information is, the demo badge, language and accessibility switches."""

    def on_touch_down(self, touch):
        # The hidden staff gesture: five quick touches on the date at the top left.
        if self.ids.date.collide_point(*touch.pos):
            from kivy.app import App

            App.get_running_app().staff_corner_tapped()
        return super().on_touch_down(touch)


class NavBar(BoxLayout):
    """Back, Home, My list and Read aloud."""
