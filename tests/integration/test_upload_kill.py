"""`kill -9` of an upload at every step of a PUT and around the delete, in a loop: nothing is
lost, nothing is half there, and the next round gives the drop box exactly the same files.

The upload to kill runs in a process of its own (tests/paused_upload.py) whose checkpoint
says each step on stderr (put-start, put-half-sent: half the body written and the rest not,
put-answered: the drop box said 201 and the outbox still holds the submission, delivered)
and stops at the one asked for; the test kills it there with SIGKILL against the real nginx
drop box site. The next round runs in the test's process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dropbox_server import DropboxSite, nginx_binary
from sealed_submissions import queue

from kiosk.adapters.dropbox import Dropbox, read_credentials, upload_round
from kiosk.adapters.outbox import Outbox

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

ROOT = Path(__file__).resolve().parents[2]
PAUSED_UPLOAD = ROOT / "tests" / "paused_upload.py"
COUNT = 5
POINTS = [
    (step, n)
    for step in ("put-start", "put-half-sent", "put-answered", "delivered")
    for n in (1, 3, COUNT)
]
"""Twelve kills: each step at the first, a middle and the last submission of the round."""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with DropboxSite(tmp_path_factory.mktemp("dropbox-kill")) as running:
        yield running


def wait_for_line(process: subprocess.Popen, words: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if words in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"the upload ended before '{words}'")
    raise AssertionError(f"no '{words}' in {timeout} s")


def test_kill_9_anywhere_in_an_upload_loses_nothing_and_the_next_round_finishes(site, tmp_path):
    for step, n in POINTS:
        case = f"{step}-{n}"
        terminal = tmp_path / case
        expected = queue(Outbox(terminal), COUNT)
        creds = site.credentials(tmp_path)
        process = subprocess.Popen(
            [sys.executable, str(PAUSED_UPLOAD), site.url_for(case), str(creds), str(terminal),
             step, str(n)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        try:
            wait_for_line(process, f"paused at {step} {n}")
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
            process.stderr.close()

        arrived = site.files(case)
        waiting = {s.path: s.sealed for s in Outbox(terminal).pending(100)}
        # Whatever arrived is whole; whatever did not is still queued; none is lost.
        assert all(expected[path] == data for path, data in arrived.items()), case
        assert all(expected[path] == data for path, data in waiting.items()), case
        assert set(arrived) | set(waiting) == set(expected), case
        if step == "put-answered":  # the drop box has it, the outbox still too
            assert len(arrived) == n and len(waiting) == COUNT - n + 1, case
        if step == "put-half-sent":  # half a body never becomes a file
            assert len(arrived) == n - 1, case

        dropbox = Dropbox(site.url_for(case), read_credentials(creds))
        result = upload_round(Outbox(terminal), dropbox, sleep=lambda s: None)
        assert result.error is None and result.left == 0, case
        assert site.files(case) == expected, case
    assert not any((site.work / "dropbox-tmp").iterdir())  # nginx let the half bodies go
