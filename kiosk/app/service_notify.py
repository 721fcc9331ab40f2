"""What the app tells systemd: READY=1 after its first frame, WATCHDOG=1 from the UI loop,
STOPPING=1 when it stops (perm-kiosk.service: Type=notify, WatchdogSec=30).

Ready means a picture is on the screen, not that the app was built: the first frame on a
board drawing with Mesa's software renderer can come seconds after build(), and a start that
never draws should count as a failed start (TimeoutStartSec), not as a running kiosk.

The heartbeat is an interval on Kivy's clock, which runs between the frames of the UI loop:
a loop stuck in a callback, a layout that never ends or a deadlock sends no more heartbeats,
and systemd kills and restarts the app after WatchdogSec. A thread would beat on while the
screen stays frozen.
"""

from __future__ import annotations

from typing import Protocol


class Notifier(Protocol):
    """kiosk.adapters.notify.SystemdNotifier, or a test's stand-in."""

    @property
    def heartbeat_s(self) -> float | None: ...

    def ready(self) -> bool: ...

    def heartbeat(self) -> bool: ...

    def stopping(self) -> bool: ...


class ServiceNotify:
    """Tells `notifier` what the running app does; `attach(app)` on the app's start."""

    def __init__(self, notifier: Notifier):
        self.notifier = notifier
        self.ready = False
        """True once READY=1 was sent, after the first frame."""
        self._beats = None

    def attach(self, app) -> None:
        from kivy.core.window import Window

        Window.fbind("on_flip", self._flipped)  # on_flip: the frame is drawn and swapped
        app.fbind("on_stop", self._stopping)

    def _flipped(self, window) -> None:
        if self.ready:
            return
        self.ready = True
        window.funbind("on_flip", self._flipped)
        self.notifier.ready()
        every = self.notifier.heartbeat_s
        if every:
            from kivy.clock import Clock

            self._beats = Clock.schedule_interval(self._beat, every)

    def _beat(self, _dt) -> None:
        self.notifier.heartbeat()

    def _stopping(self, *_args) -> None:
        if self._beats is not None:
            self._beats.cancel()
        self.notifier.stopping()
