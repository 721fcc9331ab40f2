"""The real app in an offscreen window, stepped frame by frame and driven by touches.

For `kiosk.app.screenshots` and the UI tests. Kivy allows one window per process, so start
one `HeadlessKiosk` per process. Touches go through Kivy's event loop exactly as a finger's
would: through the ScrollView, to the button, to `on_release`.

Kivy's clock runs on time the harness moves on (`KivyTime`), not on the wall clock: a frame
is a sixtieth of a second, and `settle()` lets the touch hold, a debounce or an animation
pass in a few frames of work instead of half a second of waiting. The same taps give the
same frames on a fast machine and a loaded one.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")  # Kivy's chatter: log file only

from kiosk.app.compose import build_app  # noqa: E402
from kiosk.app.main import WINDOW_SIZE, configure  # noqa: E402

# Before anything can open Kivy's window (importing the theme does): a headless window of the
# app's size, with no real input devices.
configure(fullscreen=False, headless=True)

# A ScrollView holds a touch up to 0.25 s to tell a tap from a swipe, and hands the tap to
# the button 0.2 s after release; settle long enough (of Kivy's time) for both.
TAP_SETTLE_S = 0.5

FRAME_S = 1 / 60
"""Kivy's time one frame takes: a terminal's screen shows sixty a second."""

FILL_TIMEOUT_S = 20.0
"""At most this much longer, of real time, for the lists on show to be filled
(KioskScreen.fill fills a part each frame, however much time passes)."""


class KivyTime:
    """The time Kivy's clock reads (it calls `Clock.time()` once a frame), moved on by the
    harness. It starts where Kivy's own clock was, so events already scheduled keep their
    places."""

    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


class HeadlessKiosk:
    """Start the app on `pack` without a display; `stop()` when done."""

    def __init__(
        self,
        pack,
        size: tuple[int, int] = WINDOW_SIZE,
        *,
        draw_every_frame: bool = True,
        **app_options,
    ):
        """A window of `size` pixels (the config's screen_diagonal_inches or screen_ppi
        says how large they are); `app_options` go to kiosk.app.compose.build_app: config,
        speaker, printer, print_desk, store, clock, now (the terminal's real ones where not
        given)."""
        configure(fullscreen=False, headless=True, size=size)
        from kivy.base import EventLoop, runTouchApp
        from kivy.clock import Clock

        self._loop = EventLoop
        self.app = build_app(pack, windowed=True, **app_options)
        # App.run() is _run_prepare() followed by the main loop; we step the loop ourselves.
        self.app._run_prepare()
        runTouchApp(embedded=True)
        Clock._max_fps = 0  # frames as fast as we ask for them
        self.kivy_time = KivyTime(Clock.time())
        Clock.time = self.kivy_time  # an attribute of the clock object: it shadows the class's
        self.window.bind(on_flip=_present)
        self.frames(5)
        self._drawing = draw_every_frame
        self.window.fbind("on_draw", self._hold_draw)

    @property
    def window(self):
        return self._loop.window

    @property
    def screen(self):
        """The screen on show."""
        return self.app.root.current_screen()

    def start_session(self) -> None:
        """Touch the attract loop, as the first touch of a visitor does."""
        attract = self.app.root.ids.get("attract")
        if attract is not None:
            self.tap(attract)

    def frames(self, count: int = 3) -> None:
        """Let Kivy run `count` frames, a sixtieth of a second of its time each: layout,
        bindings and drawing catch up.

        An exception goes to Kivy's ExceptionManager exactly as in `App.run()`'s main loop,
        so the app's own handler (the polite error screen) is what gets tested.
        """
        for _ in range(count):
            self._frame(self.kivy_time.now + FRAME_S)

    def draw(self) -> None:
        """Draw the window now (with `draw_every_frame=False`, frames lay out but draw
        nothing until asked: what a test reads from the pixels it asks for first)."""
        with self.drawing():
            self.window.canvas.ask_update()
            self.frames(1)

    @contextmanager
    def drawing(self):
        """Frames draw as on a terminal while inside: only when something on the window
        changed (Kivy draws when its canvas needs it)."""
        drawing, self._drawing = self._drawing, True
        try:
            yield
        finally:
            self._drawing = drawing

    def _hold_draw(self, *_args) -> bool:
        # True stops the dispatch: the window's own on_draw (clear, draw) does not run.
        return not self._drawing

    def settle(self, seconds: float = TAP_SETTLE_S) -> None:
        """Let `seconds` of Kivy's time pass, and run on until every list on show is
        complete.

        Time jumps from one scheduled event to the next (a frame at least, at most what is
        left), so that each callback runs when it is due without the frames in between: the
        touch hold of a tap is three or four frames of work instead of half a second.
        """
        from kivy.clock import Clock

        end = self.kivy_time.now + seconds
        while self.kivy_time.now < end:
            due = Clock.get_min_timeout()  # when the next event is due; 0 if one is due now
            self._frame(min(end, max(self.kivy_time.now + FRAME_S, due)))
        give_up = time.monotonic() + FILL_TIMEOUT_S
        while self.app.root.filling_lists() and time.monotonic() < give_up:
            self.frames(1)
        self.frames(3)

    def _frame(self, at: float) -> None:
        """One frame of the event loop at Kivy time `at`."""
        from kivy.base import ExceptionManager

        self.kivy_time.now = at
        try:
            self._loop.idle()
        except BaseException as exc:
            if ExceptionManager.handle_exception(exc) == ExceptionManager.RAISE:
                raise

    def tap(self, widget) -> None:
        """Touch the middle of `widget` and lift the finger, as a visitor would.

        A widget scrolled out of sight is first scrolled into view, as the visitor would.
        """
        self.frames(2)  # the layout the visitor sees, after any change just made
        self._scroll_into_view(widget)
        x, y = self._in_sight(widget)
        touch = _finger(self.window, x, y)
        self._dispatch("begin", touch)
        self.frames(2)
        self._dispatch("end", touch)
        self.settle()

    def _dispatch(self, kind: str, touch) -> None:
        from kivy.base import ExceptionManager

        try:
            self._loop.post_dispatch_input(kind, touch)
        except BaseException as exc:  # as in App.run(): the app's handler decides
            if ExceptionManager.handle_exception(exc) == ExceptionManager.RAISE:
                raise

    def _in_sight(self, widget) -> tuple[float, float]:
        """The middle of the part of `widget` on show: a tile taller than a short page
        (large text on a small screen) is touched where the visitor sees it."""
        from kivy.uix.scrollview import ScrollView

        from kiosk.app.widgets import enclosing

        x, y = widget.to_window(*widget.center)
        parent = enclosing(widget, ScrollView)
        if parent is None:
            return x, y
        bottom = max(widget.to_window(0, widget.y)[1], parent.to_window(0, parent.y)[1])
        top = min(widget.to_window(0, widget.top)[1], parent.to_window(0, parent.top)[1])
        return x, (bottom + top) / 2 if top > bottom else y

    def _scroll_into_view(self, widget) -> None:
        from kivy.uix.scrollview import ScrollView

        from kiosk.app.widgets import enclosing

        parent = enclosing(widget, ScrollView)
        if parent is None:
            return
        x, y = widget.to_window(*widget.center)
        px, py = parent.to_window(parent.x, parent.y)
        if not (py < y < py + parent.height):
            parent.scroll_to(widget, padding=10, animate=False)
            self.frames(3)

    def press_key(self, key: int) -> None:
        """A key as the keyboard would send it (27 is Escape)."""
        self.window.dispatch("on_keyboard", key, 0, None, [])
        self.frames(3)

    def screenshot(self, path: str | Path) -> Path:
        """Save what the window shows as PNG at exactly `path`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.frames(2)
        self.draw()
        # Window.screenshot() numbers its files (home0001.png); move the file into place.
        written = self.window.screenshot(name=str(path.with_suffix("")) + ".png")
        shutil.move(written, path)
        return path

    def stop(self) -> None:
        self.app.stop()


def _present(*_args) -> None:
    """Wait until the frame just drawn is on the picture, as a real window does.

    On a display, the buffer swap at the end of each frame shows the picture: with Mesa's
    software renderer that waits until its threads have drawn it. SDL's offscreen window
    has nothing to show, so its swap returns at once and the renderer queues frame after
    frame of drawing commands, about 64 KB a draw, until its own limit: 70 MB more after
    one second on Home, memory a terminal never spends. Waiting here keeps the headless
    app's work and memory those of the app on a terminal's screen.
    """
    from kivy.graphics.opengl import glFinish

    glFinish()


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
