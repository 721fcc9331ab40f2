"""The real app in a process of its own whose UI loop a test can freeze, for
tests/integration/test_service_notify.py.

    python tests/paused_app.py PACK DATA_DIR BLOCK_SECONDS

Runs the app as `kiosk run --windowed` does (kiosk.app.main.run_app) with systemd's notifier
from the environment ($NOTIFY_SOCKET, $WATCHDOG_USEC), handed over by the same socket with
two test-only messages around the app's own:

- "X-TEST-FRAMES=N" right before READY=1: how many frames the window had drawn by then
  (counted on the window's on_draw, which Kivy dispatches before each frame's on_flip);
- on SIGUSR1 a callback on Kivy's clock sleeps BLOCK_SECONDS, as a UI loop stuck in a
  callback would: "X-TEST=blocked" before the sleep and "X-TEST=free" after it.

The datagrams of one socket arrive in the order they were sent, so the test reads the order
of events from that one stream.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from kiosk.adapters.notify import SystemdNotifier, from_environment
from kiosk.app.main import configure, run_app
from kiosk.core.config import Config


class FramesBeforeReady:
    """The app's notifier, saying how many frames were drawn before READY=1."""

    def __init__(self, notifier: SystemdNotifier):
        self.notifier = notifier
        self.frames = 0

    @property
    def heartbeat_s(self) -> float | None:
        return self.notifier.heartbeat_s

    def drawn(self, *_args) -> None:
        self.frames += 1

    def ready(self) -> bool:
        self.notifier.notify(f"X-TEST-FRAMES={self.frames}")
        return self.notifier.ready()

    def heartbeat(self) -> bool:
        return self.notifier.heartbeat()

    def stopping(self) -> bool:
        return self.notifier.stopping()


def main(argv: list[str]) -> int:
    pack, data_dir, block_s = argv[0], Path(argv[1]), float(argv[2])
    notifier = FramesBeforeReady(from_environment())

    def block(_dt) -> None:
        notifier.notifier.notify("X-TEST=blocked")
        time.sleep(block_s)
        notifier.notifier.notify("X-TEST=free")

    def on_usr1(*_args) -> None:
        from kivy.clock import Clock

        Clock.schedule_once(block)

    # The window, as run_app() will configure it, exists before the app: every frame counts.
    configure(fullscreen=False)
    from kivy.core.window import Window

    Window.fbind("on_draw", notifier.drawn)
    signal.signal(signal.SIGUSR1, on_usr1)
    run_app(pack, Config(data_dir=data_dir), fullscreen=False, notifier=notifier)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
