"""The dark screen outside the screen hours (kiosk.core.screen_hours): black, and nothing else.

It lies over the whole window like the attract loop, which is taken away while it is up:
nothing on the window changes, so Kivy draws no frame and the graphics idle. The first
touch anywhere wakes the terminal (kiosk/app/screen_hours.py decides what follows).
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.uix.widget import Widget

from kiosk.app import theme

theme.load_kv(__file__)


class Blank(Widget):
    """Black over everything; `on_wake` is dispatched after the first touch."""

    __events__ = ("on_wake",)

    def on_touch_down(self, touch) -> bool:
        # Woken after this touch is over, so that it cannot also press a button underneath.
        Clock.schedule_once(lambda _dt: self.dispatch("on_wake"), 0)
        return True

    def on_touch_move(self, touch) -> bool:
        return True

    def on_touch_up(self, touch) -> bool:
        return True

    def on_wake(self) -> None:
        pass
