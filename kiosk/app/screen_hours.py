"""The screen hours on Kivy's clock: dark between visitors outside the config's
`screen_hours`, lit by a touch (kiosk.core.screen_hours decides; this only asks and shows).

Checked every CHECK_EVERY_S, and at once when a visit ends (its reset), so that a terminal
woken after hours goes dark again as soon as its visitor's session is over and the wake
time has passed, not up to half a minute later.
"""

from __future__ import annotations

from kiosk.core.controllers import Controllers
from kiosk.core.screen_hours import ScreenWake

CHECK_EVERY_S = 30.0
"""How often the hours are looked at: the screen goes dark at most this late."""


class ScreenHoursKeeper:
    """Puts the shell's dark screen up and takes it away; `attach()` once the window is up."""

    def __init__(self, controllers: Controllers, shell):
        self.controllers = controllers
        self.shell = shell
        self.wake = ScreenWake()
        self.dark = False
        """True while the dark screen is up."""

    def attach(self) -> None:
        from kivy.clock import Clock
        from kivy.core.window import Window

        # Every touch or key, before any widget has it: the attract loop, a button, the dark
        # screen, the keypad mode's keys (kiosk/app/focus.py).
        Window.fbind("on_touch_down", self._touched)
        Window.fbind("on_key_down", self._touched)
        Clock.schedule_interval(self.check, CHECK_EVERY_S)
        self.controllers.changes.listen(self._changed)
        self.check()

    def check(self, *_args) -> None:
        """Dark or lit as the hours, the last touch and the visit say now."""
        c = self.controllers
        dark = self.wake.dark(c.settings.screen_hours, c.now(), c.clock(), c.visit.in_session)
        if dark and not self.dark:
            self.dark = True
            self.shell.show_blank(self._woken)
        elif not dark and self.dark and not c.visit.in_session:
            # The hours began: the attract loop invites the next visitor again.
            self.dark = False
            self.shell.hide_blank()
            self.shell.show_attract()

    def _touched(self, *_args) -> bool:
        c = self.controllers
        self.wake.touched(c.clock(), c.settings.screen_wake_minutes * 60)
        return False  # the touch goes on to the widget under the finger

    def _woken(self) -> None:
        """A touch on the dark screen: the visit starts at once, as from the attract loop."""
        self.dark = False
        self.shell.hide_blank()
        self.controllers.visit.start()

    def _changed(self) -> None:
        if self.dark and self.controllers.visit.in_session:
            # A visit began without a touch on the dark screen (the keypad mode's F12).
            self.dark = False
            self.shell.hide_blank()
        elif not self.dark and not self.controllers.visit.in_session:
            self.check()
