"""One app window for every UI test (Kivy allows a single window per process).

The app runs on a writable copy of the demo pack (so a test can install a newer pack over
it), with a staff PIN, real espeak-ng speech into a WAV file (no sound card in CI), and a
manual clock for the idle timer, so that the idle prompt and the reset come when a test
says, not when the machine is slow. Kivy's own clock (taps, scrolling, animations) is moved
on by the harness too (kiosk.app.headless.KivyTime): a tap waits for no real time.

Each test gets `kiosk`: a fresh visitor's session, started by touching the attract loop.
"""

from __future__ import annotations

import gc
import shutil

import pytest

STAFF_PIN = "2468"


class ManualClock:
    """time.monotonic() for the session core, moved on by the test."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def staff_pin():
    return STAFF_PIN


@pytest.fixture(scope="session")
def ui_pack_path(demo_pack, tmp_path_factory):
    target = tmp_path_factory.mktemp("installed") / "pack.sqlite"
    shutil.copyfile(demo_pack, target)
    return target


@pytest.fixture(scope="session")
def session_clock():
    return ManualClock()


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory):
    return tmp_path_factory.mktemp("speech") / "read-aloud.wav"


@pytest.fixture(scope="session")
def terminal_data(tmp_path_factory):
    """The app's data folder (not the user's own state): the page counter, the outbox."""
    return tmp_path_factory.mktemp("terminal-data")


@pytest.fixture(scope="session")
def headless_kiosk(ui_pack_path, session_clock, speech_wav, terminal_data):
    """The real app, offscreen, shared by all UI tests."""
    from content.pack.reader import open_pack
    from kiosk.adapters.speech import EspeakSpeaker
    from kiosk.app.garbage import AFTER_START_S
    from kiosk.app.headless import HeadlessKiosk
    from kiosk.core.config import Config

    config = Config(
        staff_pin=STAFF_PIN,
        idle_seconds=60,
        prompt_seconds=20,
        data_dir=terminal_data,
    )
    pack = open_pack(ui_pack_path)
    # Frames lay out but draw only when a test reads pixels (kiosk.draw(), screenshot()):
    # drawing is most of a UI test's work on Mesa's software renderer.
    kiosk = HeadlessKiosk(
        pack,
        config=config,
        speaker=EspeakSpeaker(wav_path=speech_wav),
        clock=session_clock,
        draw_every_frame=False,
    )
    # As on a terminal, the attract loop shows a while before the first visitor: the app's
    # pass after the start freezes its lasting part (the code, the shell, the pack; here
    # pytest's too). Without the wait the first visitor came first, nothing was frozen, and
    # every later pass (one each reset) walked those 100,000 objects again, ~40 ms each.
    kiosk.settle(AFTER_START_S)
    assert gc.get_freeze_count() > 0
    yield kiosk
    kiosk.stop()
    kiosk.app.controllers.packs.pack.close()


@pytest.fixture
def kiosk(headless_kiosk):
    """A new visitor at the home screen, after a full reset of whoever came before.

    The reset's pass between visitors collects the young generation only: what was made since
    the last pass, the last test's pages. A full pass walks every screen the shared app has
    built and all of pytest's objects, 100-160 ms a test, a third of the UI tests' time in all.
    Nothing a test looks at differs: the collector's counts start from nothing as after a full
    pass, older garbage goes at the next full pass (a test's own reset, a quiet moment, or
    AT_ANY_RATE), and the scans for typed text (live_objects) make full passes of their own.
    """
    from kiosk.app.garbage import young_passes_only

    with young_passes_only():
        headless_kiosk.app.controllers.visit.reset()
    headless_kiosk.frames()
    headless_kiosk.start_session()
    assert headless_kiosk.screen.name == "home"
    return headless_kiosk
