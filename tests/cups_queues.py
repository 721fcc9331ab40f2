"""A real CUPS server for the tests, with a cups-pdf queue whose PDFs land in a known folder.

`make test` installs CUPS (deploy/system-packages.txt) and cups-pdf (deploy/test-packages.txt);
on a machine where the scheduler is not running (a container, CI) the tests start it as root.
The queues are the tests' own (kiosk-test-…) and are deleted at the end. The queues and
cups-pdf's settings file are the machine's, so one test process at a time holds them
(`machine_lock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
PDF_CONF = Path("/etc/cups/cups-pdf-kiosktest.conf")
"""cups-pdf reads /etc/cups/cups-pdf-NAME.conf for a queue whose device is cups-pdf:/NAME."""

PDF_QUEUE = "kiosk-test-pdf"
STOPPED_QUEUE = "kiosk-test-stopped"
REJECTING_QUEUE = "kiosk-test-rejecting"
HELD_QUEUE = "kiosk-test-held"
"""Takes jobs and holds them (job-hold-until indefinite): a job that stays pending."""
MISSING_QUEUE = "kiosk-test-no-such-queue"
ALL = (PDF_QUEUE, STOPPED_QUEUE, REJECTING_QUEUE, HELD_QUEUE)

LOCK = Path(tempfile.gettempdir()) / "kiosk-test-cups.lock"


@contextlib.contextmanager
def machine_lock() -> Iterator[None]:
    """Hold the tests' queues for this process until the block ends. Another test process
    (a second pytest-xdist worker, a run from another checkout) waits here rather than
    sending its jobs to queues whose PDFs land in this one's folder, or removing them."""
    with open(LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C"}
    return subprocess.run(args, capture_output=True, text=True, timeout=30, env=env)


def scheduler_running() -> bool:
    return "scheduler is running" in _run("lpstat", "-r").stdout


def start_scheduler() -> bool:
    """Make sure CUPS runs; True if this started it. Fails with the command to run if it
    cannot (not root)."""
    missing = [tool for tool in ("cupsd", "lp", "lpadmin", "ipptool") if not shutil.which(tool)]
    if missing or not PPD.exists():
        raise RuntimeError(
            f"CUPS is not installed ({', '.join(missing) or PPD}): run scripts/system-deps.sh"
        )
    if scheduler_running():
        return False
    if os.geteuid() != 0:
        raise RuntimeError("the CUPS scheduler is not running: start it with  sudo cupsd")
    subprocess.run(["cupsd"], check=True, timeout=30)
    for _ in range(100):
        if scheduler_running():
            return True
        time.sleep(0.1)
    raise RuntimeError("cupsd was started but does not answer")


def stop_scheduler() -> None:
    subprocess.run(["pkill", "-x", "cupsd"], check=False, timeout=30)


class Queues:
    """The tests' queues: one printing to PDF files in `out`, one stopped, one rejecting."""

    def __init__(self, out: Path):
        self.out = out

    def create(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        PDF_CONF.write_text(f"Out {self.out}\nLabel 0\n", encoding="utf-8")
        for queue in ALL:
            _check(_run("lpadmin", "-p", queue, "-E", "-v", "cups-pdf:/kiosktest", "-P", str(PPD)))
        _check(_run("lpadmin", "-p", HELD_QUEUE, "-o", "job-hold-until-default=indefinite"))
        _check(_run("cupsdisable", "-r", "stopped by the tests", STOPPED_QUEUE))
        _check(_run("cupsreject", "-r", "rejecting by the tests", REJECTING_QUEUE))

    def remove(self) -> None:
        for queue in ALL:
            _run("cancel", "-a", queue)
            _run("lpadmin", "-x", queue)
        PDF_CONF.unlink(missing_ok=True)

    def printed(self, since: float, timeout_s: float = 30.0) -> Path:
        """The PDF cups-pdf wrote after `since` (time.time()); waits for it."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            files = [p for p in self.out.glob("*.pdf") if p.stat().st_mtime >= since - 1]
            if files:
                newest = max(files, key=lambda p: p.stat().st_mtime)
                if newest.stat().st_size > 0:
                    return newest
            time.sleep(0.2)
        raise AssertionError(f"no PDF in {self.out} after {timeout_s:g} s")

    def jobs(self, queue: str) -> list[str]:
        """The ids of the jobs still waiting on `queue`."""
        listing = _run("lpstat", "-W", "not-completed", "-o", queue).stdout
        return [line.split()[0] for line in listing.splitlines() if line.strip()]


def _check(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0:
        raise RuntimeError(f"{result.args}: {result.stderr.strip()}")
