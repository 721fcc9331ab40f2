"""The real app tells systemd it is ready after its first frame and that its UI loop lives;
a frozen UI loop stops the heartbeats (so systemd's watchdog restarts it).

The app runs headless in a process of its own (tests/paused_app.py: `kiosk run`'s
run_app, SDL's offscreen window) with NOTIFY_SOCKET naming a unix datagram socket this test
bound, and a watchdog of 0.2 s: a heartbeat every 0.1 s. The watchdog is about real time,
so these waits are on the wall clock, each bounded and short; only the start may take
longer on a loaded machine.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAUSED_APP = ROOT / "tests" / "paused_app.py"

WATCHDOG_USEC = 200_000
HEARTBEAT_S = WATCHDOG_USEC / 2e6
BLOCK_S = 1.5
"""How long the test freezes the UI loop: fifteen heartbeats' time."""
START_TIMEOUT_S = 90  # Kivy's start with Mesa's software renderer, on a loaded machine


class Systemd:
    """What systemd's notification socket receives, message by message, with the time."""

    def __init__(self, path: Path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.heard: list[tuple[float, str]] = []

    def next(self, timeout: float) -> str | None:
        """The next message, or None if none came within `timeout` seconds."""
        self.sock.settimeout(timeout)
        try:
            message = self.sock.recv(4096).decode()
        except TimeoutError:
            return None
        self.heard.append((time.monotonic(), message))
        return message

    def until(self, wanted: str, timeout: float) -> list[str]:
        """Every message up to and with `wanted`; fails if it does not come in `timeout`."""
        deadline, seen = time.monotonic() + timeout, []
        while (left := deadline - time.monotonic()) > 0:
            message = self.next(left)
            if message is not None:
                seen.append(message)
                if message == wanted:
                    return seen
        raise AssertionError(f"no {wanted!r} within {timeout} s; heard {seen[-5:]}")

    def during(self, seconds: float) -> list[str]:
        """Every message that comes in the next `seconds`."""
        deadline, seen = time.monotonic() + seconds, []
        while (left := deadline - time.monotonic()) > 0:
            message = self.next(left)
            if message is not None:
                seen.append(message)
        return seen


@pytest.fixture
def app(tmp_path, demo_pack):
    """The app under a stand-in for systemd: (the socket, the process)."""
    address = tmp_path / "notify"
    assert len(str(address)) < 100, "a unix socket's path must fit in sun_path"
    systemd = Systemd(address)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "HOME": str(tmp_path),
        "KIVY_HOME": str(tmp_path / "kivy"),
        "SDL_VIDEODRIVER": "offscreen",  # no display here; the service has cage's
        "NOTIFY_SOCKET": str(address),
        "WATCHDOG_USEC": str(WATCHDOG_USEC),
    }
    env.pop("WATCHDOG_PID", None)
    with open(tmp_path / "app.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, str(PAUSED_APP), str(demo_pack), str(tmp_path / "data"), str(BLOCK_S)],
            env=env,
            stdout=log,
            stderr=log,
            cwd=tmp_path,
        )
    try:
        yield systemd, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        systemd.sock.close()


def test_ready_comes_after_the_first_frame_then_heartbeats_from_the_ui_loop(app):
    systemd, process = app
    before_ready = systemd.until("READY=1", START_TIMEOUT_S)
    assert "WATCHDOG=1" not in before_ready, "no heartbeat before the app is ready"
    assert before_ready.count("READY=1") == 1
    frames = before_ready[-2]
    assert frames.startswith("X-TEST-FRAMES=") and int(frames.split("=")[1]) >= 1, (
        "READY=1 only once a frame is on the screen"
    )

    beating = systemd.during(1.0)
    assert beating.count("WATCHDOG=1") >= 5, beating  # one every 0.1 s, some late on a busy box
    assert "READY=1" not in beating, "ready once, not at every frame"
    times = [at for at, message in systemd.heard if message == "WATCHDOG=1"]
    assert max(b - a for a, b in zip(times, times[1:], strict=False)) < 1.0, (
        "no long silence while the loop runs"
    )

    # The UI loop is stuck in a callback: the heartbeats stop, and begin again after it.
    process.send_signal(signal.SIGUSR1)
    systemd.until("X-TEST=blocked", 5)
    blocked_at = time.monotonic()
    while_blocked = systemd.until("X-TEST=free", BLOCK_S + 5)
    assert time.monotonic() - blocked_at >= BLOCK_S - 0.1
    assert "WATCHDOG=1" not in while_blocked, "a frozen UI loop sends no heartbeat"
    assert "WATCHDOG=1" in systemd.during(0.5), "the heartbeats come back with the loop"

    process.send_signal(signal.SIGTERM)  # as systemd stops the service
    assert "STOPPING=1" in systemd.until("STOPPING=1", 20)
    assert process.wait(timeout=30) == 0
