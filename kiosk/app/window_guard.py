"""The terminal's window, locked for visitors: Escape is Back, nothing a visitor does
closes the app, and every touch or key tells the app someone is there (the idle timer; the
garbage collector waits for a quiet moment).

Kept out of KioskApp: the app shows what the controllers decide; this is what the window
lets through. Imports no Kivy: the app binds it to Kivy's Window.
"""

from __future__ import annotations

from kiosk.app.garbage import IdleCollector
from kiosk.core.controllers import Controllers

KEY_ESCAPE = 27  # also the Android back button

EVENTS = {
    "on_keyboard": "on_keyboard",
    "on_request_close": "on_request_close",
    "on_touch_down": "on_any_touch",
    "on_key_down": "on_any_touch",
}
"""The window's events the guard listens to -> its method for each."""


class WindowGuard:
    def __init__(self, controllers: Controllers, collector: IdleCollector, windowed: bool):
        """`windowed`: a developer's window, which may be closed (a terminal's never is)."""
        self.controllers = controllers
        self.collector = collector
        self.windowed = windowed

    def attach(self, window) -> None:
        window.bind(**self._handlers())

    def detach(self, window) -> None:
        window.unbind(**self._handlers())

    def _handlers(self) -> dict:
        return {event: getattr(self, method) for event, method in EVENTS.items()}

    def on_any_touch(self, *_args) -> bool:
        self.collector.touched()
        self.controllers.visit.activity()
        return False  # the touch goes on to the widget under the finger

    def on_keyboard(self, window, key, *args) -> bool:
        if key == KEY_ESCAPE:
            if self.controllers.visit.in_session:
                self.controllers.navigator.back()
            return True  # handled: Kivy must not treat Escape as "quit"
        return False

    def on_request_close(self, window, *args, source=None, **kwargs) -> bool:
        # On a terminal nothing a visitor does may close the app; a developer's window may.
        return not (self.windowed and source != "keyboard")
