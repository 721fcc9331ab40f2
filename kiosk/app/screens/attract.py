"""The attract loop: between visitors, a calm invitation in Russian and English.

It lies over the whole window; the first touch anywhere starts a session. The loop only
changes which invitation is large every few seconds: nothing moves or flashes.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.app import theme

theme.load_kv(__file__)

STEP_SECONDS = 6.0


class Attract(FloatLayout):
    step = NumericProperty(0)
    """Which language leads: 0 Russian, 1 English; changes every STEP_SECONDS."""

    controllers = ObjectProperty(None)
    """The app's controllers (kiosk.core.controllers.Controllers): a touch starts a visit."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._loop = Clock.schedule_interval(self._next, STEP_SECONDS)

    def _next(self, _dt) -> None:
        self.step = 1 - self.step

    def stop(self) -> None:
        """No more changes: taken away, it must not keep waking the clock."""
        self._loop.cancel()

    def on_touch_down(self, touch) -> bool:
        self._loop.cancel()
        # Start after this touch is over, so it cannot also press a button underneath.
        Clock.schedule_once(lambda _dt: self.controllers.visit.start(), 0)
        return True

    def on_touch_move(self, touch) -> bool:
        return True

    def on_touch_up(self, touch) -> bool:
        return True
