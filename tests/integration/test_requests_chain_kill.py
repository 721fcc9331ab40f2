"""The whole way of a form, from the touch screen to the staff's inbox, with `kill -9` at
every stage of it, round after round, each stage picking up what the killed one left: the
terminal killed while sending forms, the upload killed in the middle of a PUT or around
the delete, `kiosk inbox pull` killed while opening and storing. At the end one clean
upload and one clean pull: every form whose confirmation was shown is in the inbox,
every form that ever reached the outbox is there too, and none is there twice.

Each stage runs in a process of its own that stops where it is asked (tests/
paused_requests.py, paused_upload.py, paused_pull.py); the drop box is the real nginx
site, the inbox the real SQLite file, and the office's key the demo pack's.
"""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

import pytest
from dropbox_server import DropboxSite, nginx_binary
from forked import PIPE, Forked, ForkServer
from paused_requests import POINTS

from kiosk.adapters.dropbox import Dropbox, read_credentials, upload_round
from kiosk.adapters.outbox import Outbox
from kiosk.office.inbox import Inbox
from kiosk.office.keys import load_private_key
from kiosk.office.pull import pull
from kiosk.office.sources import FolderSource

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

ROOT = Path(__file__).resolve().parents[2]
KEY = ROOT / "content" / "demo-inbox.key"
ROUNDS = 10
UPLOAD_STEPS = ["put-start", "put-half-sent", "put-answered", "delivered"]
PULL_STEPS = ["listed", "read", "opened", "stored", "committed"]


@pytest.fixture(scope="module")
def forks():
    """The stages to kill are forked from one process that imported their code, urllib3
    included (tests/forked.py): each is still a process of its own, killed by SIGKILL,
    without 0.1 s of imports."""
    with ForkServer("paused_requests", "paused_upload", "paused_pull", "urllib3") as server:
        yield server


def script(forks, name: str, *args, stdin=None) -> Forked:
    return forks.start(ROOT / "tests" / name, *args, stdin=stdin, stdout=PIPE, stderr=PIPE)


def read_until(stream, *endings: str) -> list[str]:
    """Lines of `stream` up to the first that starts with one of `endings` (or its end)."""
    lines = []
    for line in stream:
        lines.append(line.rstrip("\n"))
        if line.startswith(endings):
            break
    return lines


def kill(process: Forked) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream:
            stream.close()


def topic_number(fields: dict) -> int:
    return int(fields["topic"].split()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with DropboxSite(tmp_path_factory.mktemp("chain-kill")) as running:
        yield running


def test_kills_at_every_stage_from_the_form_to_the_inbox_lose_no_form_and_double_none(
    forks, demo_pack, site, tmp_path
):
    terminal, db = tmp_path / "terminal", tmp_path / "office" / "inbox.sqlite"
    db.parent.mkdir()
    url, creds = site.url_for("chain"), site.credentials(tmp_path)
    box = site.storage / "chain"
    confirmed: dict[int, str] = {}  # the number in the topic -> the id the citizen was shown
    ever_queued: set[str] = set()
    kills = Counter()

    for r in range(ROUNDS):
        # 1. The terminal, killed at a point around sealing or the outbox's commit.
        point, n = POINTS[r % len(POINTS)], 2 + r % 2
        sender = script(forks, "paused_requests.py", demo_pack, terminal, r * 10, point, n,
                        stdin=PIPE)  # fmt: skip
        try:
            lines = read_until(sender.stdout, "at ")
        finally:
            kill(sender)
        assert lines[-1] == f"at {point} {r * 10 + n - 1}", lines
        for line in lines[:-1]:
            _sent, number, submission_id = line.split()
            confirmed[int(number)] = submission_id
        kills["send"] += 1
        ever_queued |= {item.id for item in Outbox(terminal).pending(10**6)}

        # 2. The upload, killed at a step of one of the PUTs or after a delete.
        waiting = len(Outbox(terminal).pending(10**6))
        if waiting:
            step, nth = UPLOAD_STEPS[r % len(UPLOAD_STEPS)], min(1 + r % 2, waiting)
            upload = script(forks, "paused_upload.py", url, creds, terminal, step, nth)
            try:
                lines = read_until(upload.stderr, "paused at ", "delivered ")
            finally:
                kill(upload)
            assert lines[-1] == f"paused at {step} {nth}", lines
            kills["upload"] += 1

        # 3. The office's pull, killed at a step of a file or at a commit.
        step = PULL_STEPS[r % len(PULL_STEPS)]
        puller = script(forks, "paused_pull.py", box, KEY, db, 2, f"{step}:1")
        try:
            lines = read_until(puller.stderr, "paused", "finished", "Traceback")
        finally:
            kill(puller)
        assert "Traceback" not in lines, lines
        if lines and lines[-1] == "paused":
            kills["pull"] += 1
        with Inbox(db, create=True) as inbox:  # opens after each kill
            numbers = Counter(topic_number(item.fields) for item in inbox.items())
        assert max(numbers.values(), default=1) == 1, r

    assert kills["send"] == ROUNDS and kills["upload"] >= ROUNDS - 1, kills
    assert kills["pull"] >= ROUNDS // 2, kills
    assert sum(kills.values()) >= 25, kills

    # The next clean runs of each stage finish what the killed ones left.
    result = upload_round(
        Outbox(terminal), Dropbox(url, read_credentials(creds)), sleep=lambda s: None
    )
    assert result.error is None and result.left == 0
    with Inbox(db, create=True) as inbox:
        report = pull(FolderSource(box), load_private_key(KEY), inbox)
        items = inbox.items()
        refusals = inbox.refusals()
    assert not refusals and not report.refused and not report.unreadable, refusals

    in_inbox = {item.id: topic_number(item.fields) for item in items}
    numbers = Counter(in_inbox.values())
    assert set(confirmed.values()) <= set(in_inbox)  # every confirmation shown arrived
    assert ever_queued <= set(in_inbox)  # and every form that reached the outbox
    assert max(numbers.values()) == 1  # none twice
    assert {in_inbox[i] for i in confirmed.values()} == set(confirmed)
    assert not Outbox(terminal).pending(10**6)
    # Beyond the confirmed ones, only forms killed after their commit (one a round at most).
    assert len(in_inbox) - len(confirmed) <= ROUNDS
    assert not any((site.work / "dropbox-tmp").iterdir())
