"""The real app in an offscreen window, stepped frame by frame and driven by touches.

For `kiosk.app.screenshots` and the UI tests. Kivy allows one window per process, so start
one `HeadlessKiosk` per process. Touches go through Kivy's event loop exactly as a finger's
would: through the ScrollView, to the button, to `on_release`.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")  # Kivy's chatter: log file only

from kiosk.app.main import KioskApp, configure  # noqa: E402

# A ScrollView holds a touch up to 0.25 s to tell a tap from a swipe, and hands the tap to
# the button 0.2 s after release; settle long enough for both.
TAP_SETTLE_S = 0.5


class HeadlessKiosk:
    """Start the app on `pack` without a display; `stop()` when done."""

    def __init__(self, pack):
        configure(fullscreen=False, headless=True)
        from kivy.base import EventLoop, runTouchApp
        from kivy.clock import Clock

        self._loop = EventLoop
        self.app = KioskApp(pack, windowed=True)
        # App.run() is _run_prepare() followed by the main loop; we step the loop ourselves.
        self.app._run_prepare()
        runTouchApp(embedded=True)
        Clock._max_fps = 0  # frames as fast as we ask for them
        self.frames(5)

    @property
    def window(self):
        return self._loop.window

    @property
    def screen(self):
        """The screen on show."""
        return self.app.root.current_screen

    def frames(self, count: int = 3) -> None:
        """Let Kivy run `count` frames: layout, bindings and drawing catch up."""
        for _ in range(count):
            self._loop.idle()

    def settle(self, seconds: float = TAP_SETTLE_S) -> None:
        """Run frames for `seconds` of real time (Kivy's clock follows the wall clock)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self._loop.idle()
            time.sleep(1 / 120)
        self.frames(3)

    def tap(self, widget) -> None:
        """Touch the middle of `widget` and lift the finger, as a visitor would."""
        x, y = widget.to_window(*widget.center)
        touch = _finger(self.window, x, y)
        self._loop.post_dispatch_input("begin", touch)
        self.frames(2)
        self._loop.post_dispatch_input("end", touch)
        self.settle()

    def press_key(self, key: int) -> None:
        """A key as the keyboard would send it (27 is Escape)."""
        self.window.dispatch("on_keyboard", key, 0, None, [])
        self.frames(3)

    def screenshot(self, path: str | Path) -> Path:
        """Save what the window shows as PNG at exactly `path`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.window.canvas.ask_update()
        self.frames(3)
        # Window.screenshot() numbers its files (home0001.png); move the file into place.
        written = self.window.screenshot(name=str(path.with_suffix("")) + ".png")
        shutil.move(written, path)
        return path

    def stop(self) -> None:
        self.app.stop()


def _finger(window, x, y):
    """A touch at window pixel (x, y); like kivy.tests.common.UnitTestTouch, without pytest."""
    from kivy.input.motionevent import MotionEvent

    class Finger(MotionEvent):
        def depack(self, args):
            self.sx, self.sy = args
            self.profile = ["pos"]
            super().depack(args)

    sx, sy = x / (window.width - 1.0), y / (window.height - 1.0)
    return Finger("headless", 1, (sx, sy), is_touch=True, type_id="touch")


def walk(widget):
    """`widget` and every widget inside it, depth first."""
    yield widget
    for child in reversed(widget.children):
        yield from walk(child)


def texts(widget) -> list[str]:
    """The text of every label inside `widget`, top to bottom, markup left in."""
    return [w.text for w in walk(widget) if hasattr(w, "text") and isinstance(w.text, str)]


def buttons(widget, kind: str) -> list:
    """Every widget of the kv class `kind` (e.g. 'CategoryTile') inside `widget`, in order."""
    return [w for w in walk(widget) if type(w).__name__ == kind]
