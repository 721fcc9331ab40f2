"""One measurement of the real touch app, in a process of its own (run by bench/bench_app.py).

    .venv/bin/python -m bench.app_probe --pack P --mode start [--bare]
    .venv/bin/python -m bench.app_probe --pack P --mode taps [--reps 5] [--page NAME ...]
    .venv/bin/python -m bench.app_probe --pack P --mode memory [--bare] [--read-s 0]
    .venv/bin/python -m bench.app_probe --pack P --mode taps --page finder_result --profile

Each result is one line `PROBE {json}` on stdout, written as soon as it is known, so that
the parent keeps what was measured if it has to stop a slow child.

- start: the app as `kiosk run` starts it (open_pack, configure, build_app, App.run), only
  headless; the first frame is the attract loop drawn. Prints time.time() at the end of that
  frame, after glFinish() (the software renderer draws asynchronously); the parent took the
  time just before it spawned this process. `--bare`: a Kivy app of one Label, the same way.
- taps: the app stepped frame by frame (kiosk.app.headless); for each heavy page, after
  `--read-s` seconds on the page before it, the time from the action a tap runs
  (the navigator's open(...), or the search the typing runs) to the end of the first frame
  that shows the new screen, and to the end of the frame after which the layout stopped changing;
  from home each time.
- memory: peak resident memory (VmHWM) after the app has shown every screen and the heavy
  pages once, each tap a touch, each page read for `--read-s` seconds (the app's frames
  and its idle-time garbage collection go on meanwhile, as while a visitor reads);
  `--read-s 0`: tap on at once, the pages' garbage left to the collector's own limit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

T_PROCESS = time.time()  # the interpreter is up and running this module

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

SEARCH_WORD = "пособие"
"""A common word: in the synthetic pack its stem is in most items."""

FINDER_ANSWERS = {"children": 3, "low_income": True, "disability": False}
"""Several answers, as the screenshots give them: a family with three children, low income."""

LIST_ITEMS = 10
SETTLE_FRAMES_AT_MOST = 30
REDRAWS = 3
SLOW_S = 15.0
"""A page whose first repetition takes longer than this is not repeated: the point is made."""
READ_S = 1.5
"""How long the probe's visitor looks at a page before the next tap: more than the idle
collector's second without a touch (kiosk/app/garbage.py), less than anyone reads a page
in. 0: tap on at once."""
PAGE_TIMEOUT_S = 60.0
"""A page still not drawn after this long ends the process (the parent goes on without it)."""


def emit(**result) -> None:
    print("PROBE " + json.dumps(result, ensure_ascii=False), flush=True)


class Watchdog:
    """Ends the process when one page takes longer than `seconds`, saying which and how big.

    A screen's show() cannot be interrupted; a list of tens of thousands of rows can take
    many minutes. The parent starts a new probe for the pages after it.
    """

    def __init__(self, seconds: float):
        import threading

        self.seconds = seconds
        self.page: str | None = None
        self.deadline: float | None = None
        threading.Thread(target=self._watch, daemon=True).start()

    def arm(self, page: str) -> None:
        self.page, self.deadline = page, time.monotonic() + self.seconds

    def disarm(self) -> None:
        self.deadline = None

    def _watch(self) -> None:
        while True:
            time.sleep(0.5)
            if self.deadline is not None and time.monotonic() > self.deadline:
                emit(mode="timeout", page=self.page, seconds=self.seconds, peak_mb=peak_mb())
                os._exit(3)


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB.

    Not getrusage's ru_maxrss: Linux carries that over from the parent at fork, so a child
    of a bench that has just built the 100,000-service pack (1.8 GB) reported the builder's
    peak as its own. VmHWM belongs to the program the child runs.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def _finish() -> float:
    """Wait until the GPU (here: llvmpipe's threads) has drawn everything; then the time."""
    from kivy.graphics.opengl import glFinish

    glFinish()
    return time.perf_counter()


# -- cold start --------------------------------------------------------------------------------


def _bare_app():
    from kivy.app import App
    from kivy.config import Config

    # The same window and input settings as the kiosk's configure(fullscreen=False, headless=True).
    Config.set("graphics", "width", "1280")
    Config.set("graphics", "height", "800")
    Config.set("graphics", "fullscreen", "0")
    for name, _value in Config.items("input"):
        Config.remove_option("input", name)

    class BareApp(App):
        def build(self):
            from kivy.uix.label import Label

            return Label(text="Hello")

    return BareApp()


def _kiosk_app(pack_path: str, marks: dict):
    # As kiosk.app.main.run_app(), minus fullscreen, signals and real input.
    from content.pack.reader import open_pack
    from kiosk.app.compose import build_app
    from kiosk.app.main import configure
    from kiosk.core.config import Config

    marks["imported"] = time.time()
    pack = open_pack(pack_path)
    marks["pack_open"] = time.time()
    configure(fullscreen=False, headless=True)
    return build_app(pack, Config(), windowed=True)  # espeak-ng and CUPS, as on a terminal


def start(pack_path: str, bare: bool) -> None:
    """Start the app, stop it at its first frame, and say when that frame was drawn."""
    from kivy.clock import Clock

    marks = {"process": T_PROCESS}
    app = _bare_app() if bare else _kiosk_app(pack_path, marks)
    app.bind(on_start=lambda *_: marks.setdefault("started", time.time()))

    draws: list[float] = []
    began = [0.0]

    def before_draw(*_args):
        from kivy.graphics.opengl import glFinish

        glFinish()
        began[0] = time.perf_counter()

    def after_draw(*_args):
        from kivy.core.window import Window
        from kivy.graphics.opengl import glFinish

        glFinish()
        if "first_frame" not in marks:
            marks["first_frame"] = time.time()
        else:  # then a few redraws of the same picture: what the renderer costs per frame
            draws.append(time.perf_counter() - began[0])
        if len(draws) < REDRAWS:
            Window.canvas.ask_update()
        else:
            app.stop()

    def hook(_dt):
        # The first clock tick comes before the first frame is drawn: catch that frame.
        from kivy.core.window import Window

        Window.bind(on_draw=before_draw, on_flip=after_draw)

    Clock.schedule_once(hook, 0)
    app.run()
    if not bare:
        app.controllers.packs.pack.close()
    from statistics import median

    redraw = median(draws) * 1000 if draws else None
    emit(mode="start", bare=bare, marks=marks, redraw_ms=redraw, peak_mb=peak_mb())


# -- the pages ---------------------------------------------------------------------------------


def heavy_keys(pack) -> dict[str, str]:
    """The heaviest of each kind in the pack: the biggest category, the longest service ..."""
    conn = pack.conn
    one = lambda sql: (conn.execute(sql).fetchone() or [None])[0]  # noqa: E731
    text = " + ".join(
        f"length(coalesce({c}, ''))"
        for c in (
            "summary_ru",
            "description_ru",
            "eligibility_ru",
            "amount_ru",
            "apply_in_person_ru",
            "legal_basis_ru",
        )
    )
    return {
        "category": one(
            "SELECT category_id FROM service_categories GROUP BY category_id "
            "ORDER BY count(*) DESC, category_id LIMIT 1"
        ),
        "service": one(
            f"SELECT s.id FROM services s ORDER BY {text} + 200 * (SELECT count(*) FROM "
            "service_at_location sl WHERE sl.service_id = s.id) DESC, s.id LIMIT 1"
        ),
        "agency": one(
            "SELECT a.id FROM agencies a ORDER BY (SELECT count(*) FROM locations l WHERE "
            "l.agency_id = a.id) * 1000000 + (SELECT count(*) FROM service_agencies sa "
            "WHERE sa.agency_id = a.id) DESC, a.id LIMIT 1"
        ),
    }


def list_items(pack) -> list[str]:
    rows = pack.conn.execute(
        "SELECT id FROM services WHERE coalesce(apply_online, source) IS NOT NULL "
        "ORDER BY position, id LIMIT ?",
        (LIST_ITEMS,),
    )
    return [row[0] for row in rows]


class Pages:
    """The heavy pages: each a way to prepare (untimed) and the action a tap runs (timed).

    A preparation leaves the app settled, except for the typed search word: its debounced
    search must not run before the timed action runs it.
    """

    def __init__(self, kiosk):
        self.k = kiosk
        self.app = kiosk.app
        self.keys = heavy_keys(self.app.controllers.packs.pack)
        self.items = list_items(self.app.controllers.packs.pack)

    def plan(self) -> dict[str, tuple]:
        """Page name -> (prepare, action, screen that must be on show, what it is)."""
        app, keys = self.app, self.keys
        return {
            "home": (
                self._open_category,
                app.controllers.navigator.home,
                "home",
                "Home, from the biggest category",
            ),
            "category": (
                None,
                lambda: app.controllers.navigator.open("category", keys["category"]),
                "category",
                f"category with the most services ({keys['category']})",
            ),
            "service": (
                None,
                lambda: app.controllers.navigator.open("service", keys["service"]),
                "service",
                f"longest service page ({keys['service']})",
            ),
            "search": (
                None,
                lambda: app.controllers.navigator.open("search"),
                "search",
                "search, the keyboard",
            ),
            "search_results": (
                self._type_search_word,
                lambda: app.root.current_screen().search_now(),
                "search",
                f"search results for «{SEARCH_WORD}»",
            ),
            "finder": (
                None,
                lambda: app.controllers.navigator.open("finder"),
                "finder",
                "finder, first question",
            ),
            "finder_result": (
                self._answer_finder,
                lambda: app.controllers.navigator.open("finder_result"),
                "finder_result",
                "finder result: " + ", ".join(f"{k}={v}" for k, v in FINDER_ANSWERS.items()),
            ),
            "agencies": (
                None,
                lambda: app.controllers.navigator.open("agencies"),
                "agencies",
                "agencies, all",
            ),
            "agency": (
                None,
                lambda: app.controllers.navigator.open("agency", keys["agency"]),
                "agency",
                f"agency with the most offices ({keys['agency']})",
            ),
            "events": (None, lambda: app.controllers.navigator.open("events"), "events", "events"),
            "my_list": (
                self._fill_list,
                lambda: app.controllers.navigator.open("my_list"),
                "my_list",
                f"my list with {LIST_ITEMS} services",
            ),
        }

    def _open_category(self) -> None:
        self.app.controllers.navigator.open("category", self.keys["category"])
        settle(self.k)

    def _type_search_word(self) -> None:
        self.app.controllers.navigator.open("search")
        settle(self.k)
        screen = self.app.root.current_screen()
        screen.ids.field.text = ""
        screen.search_now()
        settle(self.k)
        screen.ids.field.text = SEARCH_WORD  # its debounced search is what the action runs

    def _answer_finder(self) -> None:
        self.app.controllers.navigator.open("finder")
        settle(self.k)
        self.app.controllers.visit.data.finder_answers.clear()
        self.app.controllers.visit.data.finder_answers.update(FINDER_ANSWERS)
        settle(self.k)

    def _fill_list(self) -> None:
        for key in self.items:
            if ("service", key) not in self.app.controllers.visit.data.my_list:
                self.app.controllers.printing.toggle("service", key)
        settle(self.k)


def _layout(widget) -> list[tuple]:
    from kiosk.app.headless import walk

    return [(w.x, w.y, w.width, w.height) for w in walk(widget)]


def settle(kiosk, at_most: int = SETTLE_FRAMES_AT_MOST) -> None:
    """Frames until the layout stops changing (and the clock's 0 s callbacks have run)."""
    kiosk.frames(1)
    before = _layout(kiosk.app.root)
    for _ in range(at_most):
        kiosk.frames(1)
        now = _layout(kiosk.app.root)
        if now == before:
            break
        before = now
    _finish()


def redraw_ms(kiosk, times: int = REDRAWS) -> float:
    """What a frame of the screen on show costs with nothing changed: the renderer's part."""
    from statistics import median

    costs = []
    for _ in range(times):
        kiosk.window.canvas.ask_update()
        began = time.perf_counter()
        kiosk.frames(1)
        costs.append(_finish() - began)
    return median(costs) * 1000


def measure(kiosk, action, screen_name: str | None) -> dict:
    """Run `action`, then frames: when the new screen was first drawn, when it settled."""
    app = kiosk.app
    manager = app.root.ids.screens
    app.collector.touched()  # what the tap's touch does: no gc pass now, someone waits
    started = time.perf_counter()
    action()
    acted = time.perf_counter()
    spent = acted - started  # frames and the action, without this function's own looking
    first = None
    before = None
    settled = None
    for frame in range(1, SETTLE_FRAMES_AT_MOST + 1):
        began = time.perf_counter()
        kiosk.frames(1)
        spent += _finish() - began
        screen = app.root.current_screen()
        shown = screen_name is None or (
            screen is not None and screen.name == screen_name and manager.children == [screen]
        )
        if first is None and shown:
            first = (spent, frame)
        now = _layout(app.root)
        if first is not None and now == before:
            break  # the frame before this one had the final layout
        before = now
        settled = (spent, frame)
    screen = app.root.current_screen()
    return {
        "action_ms": (acted - started) * 1000,
        "first_ms": first[0] * 1000 if first else None,
        "first_frame": first[1] if first else None,
        "settled_ms": settled[0] * 1000 if settled else None,
        "settled_frames": settled[1] if settled else None,
        "screen": screen.name if screen is not None else None,
        "widgets": len(_layout(screen)) if screen is not None else 0,
        "redraw_ms": redraw_ms(kiosk),
    }


def start_kiosk(pack_path: str):
    from content.pack.reader import open_pack
    from kiosk.adapters.speech import NullSpeaker
    from kiosk.app.headless import HeadlessKiosk

    # A clock that stands still: no idle reset in the middle of a slow page. No speech:
    # Read aloud stays greyed out, as it was measured before.
    kiosk = HeadlessKiosk(open_pack(pack_path), speaker=NullSpeaker(), clock=lambda: 1000.0)
    kiosk.start_session()
    settle(kiosk)
    return kiosk


def taps(
    pack_path: str, reps: int, only: list[str] | None, profile: bool, read_s: float = READ_S
) -> None:
    watchdog = Watchdog(PAGE_TIMEOUT_S)
    kiosk = start_kiosk(pack_path)
    pages = Pages(kiosk)
    emit(mode="keys", keys=pages.keys, items=len(pages.items))
    for name, (prepare, action, screen_name, about) in pages.plan().items():
        if only and name not in only:
            continue
        runs = []
        watchdog.arm(name)
        for _ in range(reps):
            kiosk.app.controllers.navigator.home()
            settle(kiosk)
            _read(kiosk, read_s)  # the visitor looks before the tap; the app tidies up
            if prepare is not None:
                prepare()  # typing the word, answering the questions: no pause in between
            try:
                runs.append(measure(kiosk, action, screen_name))
            except Exception as exc:  # a screen still being written: say so, go on
                emit(mode="tap", page=name, about=about, error=repr(exc))
                break
            if runs[-1]["settled_ms"] is not None and runs[-1]["settled_ms"] > SLOW_S * 1000:
                break
        watchdog.disarm()
        if runs:
            emit(mode="tap", page=name, about=about, runs=runs, peak_mb=peak_mb())
        if profile:
            _profile(kiosk, name, prepare, action, screen_name)
    kiosk.stop()


def _profile(kiosk, name, prepare, action, screen_name) -> None:
    """One more run of the page under cProfile; the top of it to stderr."""
    import cProfile
    import pstats

    kiosk.app.controllers.navigator.home()
    settle(kiosk)
    if prepare is not None:
        prepare()
    profiler = cProfile.Profile()
    profiler.enable()
    measure(kiosk, action, screen_name)
    profiler.disable()
    print(f"\n== profile: {name} ==", file=sys.stderr)
    stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
    stats.print_stats(35)
    stats.sort_stats("tottime").print_stats(20)


# -- memory ------------------------------------------------------------------------------------


def memory(pack_path: str, bare: bool, only: list[str] | None, read_s: float = READ_S) -> None:
    """Peak memory after every screen (and each heavy page) has been shown once.

    `only`: these heavy pages (default: all); a page that takes too long ends the process
    with its peak so far (the parent reports that as a lower bound). `read_s`: how long
    each page is looked at before the next tap.
    """
    if bare:
        start(pack_path, bare=True)
        return
    from kiosk.app.main import SCREENS

    watchdog = Watchdog(PAGE_TIMEOUT_S)
    kiosk = start_kiosk(pack_path)
    at_start = peak_mb()
    pages = Pages(kiosk)

    def tap(action) -> None:
        kiosk.app.collector.touched()  # what the finger's touch tells the app
        action()
        settle(kiosk)
        _read(kiosk, read_s)

    shown = []
    for name, (prepare, action, _screen, _about) in pages.plan().items():
        if only and name not in only:
            continue
        watchdog.arm(name)
        tap(kiosk.app.controllers.navigator.home)
        if prepare is not None:
            prepare()
        try:
            tap(action)
            shown.append(name)
        except Exception as exc:
            emit(mode="memory-page", page=name, error=repr(exc))
        watchdog.disarm()
    for name in SCREENS:  # the rest: staff, error, ...
        if name in shown or (only and name in pages.plan()):
            continue  # a heavy page left out on purpose stays out
        watchdog.arm(name)
        tap(kiosk.app.controllers.navigator.home)
        tap(
            lambda name=name: kiosk.app.controllers.navigator.open(
                name, "no-such-page" if name == "error" else None
            )
        )
        shown.append(name)
        watchdog.disarm()
    emit(
        mode="memory",
        bare=False,
        at_start_mb=at_start,
        peak_mb=peak_mb(),
        screens=shown,
        read_s=read_s,
        gc_passes=kiosk.app.collector.passes,
    )
    kiosk.stop()


def _read(kiosk, seconds: float) -> None:
    """Let `seconds` of real time pass with the app running, as it does while someone reads."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        kiosk.frames(1)
        time.sleep(1 / 60)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", required=True, help="content pack (.sqlite)")
    parser.add_argument("--mode", choices=("start", "taps", "memory"), required=True)
    parser.add_argument("--bare", action="store_true", help="a bare Kivy app instead")
    parser.add_argument("--reps", type=int, default=5, help="taps: repetitions of each page")
    parser.add_argument("--page", action="append", help="taps, memory: only these pages")
    parser.add_argument("--profile", action="store_true", help="taps: cProfile each page")
    parser.add_argument(
        "--read-s", type=float, default=READ_S, help="seconds each page is looked at"
    )
    args = parser.parse_args(argv)
    if args.mode == "start":
        start(args.pack, args.bare)
    elif args.mode == "taps":
        taps(args.pack, args.reps, args.page, args.profile, args.read_s)
    else:
        memory(args.pack, args.bare, args.page, args.read_s)


if __name__ == "__main__":
    main()
