"""`kill -9` of `kiosk inbox pull` at every step of a file and around each commit, and at
random moments in a loop: after each kill the inbox opens, and the next pull finishes the
job. In the end every submission is in the inbox once, none is lost, and the refused
files are recorded once each.

The pull to kill runs in a process of its own (tests/paused_pull.py) that says each step
on stderr, and stops at the one asked for; the test kills it there with SIGKILL. The next
pull runs in the test's process.
"""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest
from forked import DEVNULL, PIPE, Forked, ForkServer
from submissions import KINDS_FIELDS, Office, plaintext

from kiosk.office.inbox import Inbox
from kiosk.office.pull import pull
from kiosk.office.sources import FolderSource

ROOT = Path(__file__).resolve().parents[2]
PAUSED_PULL = ROOT / "tests" / "paused_pull.py"
BATCH = 4
GOOD = 24
RANDOM_KILLS = 20


@pytest.fixture(scope="module")
def dropbox(tmp_path_factory):
    """GOOD submissions and three bad files; the office's key as a file."""
    base = tmp_path_factory.mktemp("inbox-kill")
    office = Office(base / "dropbox")
    kinds = list(KINDS_FIELDS)
    good = {office.submit(office.envelope(kinds[i % len(kinds)])) for i in range(GOOD)}
    bad = {
        office.submit(office.envelope("rating"), b"garbage"),
        office.submit(office.envelope("complaint"), office.seal(b"{}")),
        office.submit(
            office.envelope("callback"), office.seal(plaintext(office.envelope("callback")))[:-1]
        ),
    }
    ids = {path.stem for path in good}
    refused = {str(path.relative_to(office.root)) for path in bad}
    return office, office.write_key(base / "inbox.key"), ids, refused


@pytest.fixture(scope="module")
def forks():
    """The pulls to kill are forked from one process that imported their code (tests/
    forked.py): each is still a process of its own, killed by SIGKILL, without 0.1 s of
    imports."""
    with ForkServer("paused_pull") as server:
        yield server


def start_pull(forks, office, key, db, pause_at=None) -> Forked:
    args = [office.root, key, db, BATCH, *([pause_at] if pause_at else [])]
    return forks.start(PAUSED_PULL, *args, stdout=DEVNULL, stderr=PIPE)


def read_lines(process, count: int | None = None, until: str | None = None) -> list[str]:
    """Lines of the pull's stderr: `count` of them, or up to the one that is `until`."""
    lines = []
    while count is None or len(lines) < count:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.rstrip("\n") == until:
            break
    return lines


def kill(process) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()


def inbox_state(db):
    with Inbox(db) as inbox:
        items = inbox.items()
        return [item.id for item in items], [r.path for r in inbox.refusals()]


def finish_and_check(office, key, db, ids, refused):
    """The next pull, in this process; then each submission is in the inbox once."""
    from kiosk.office.keys import load_private_key

    with Inbox(db, create=True) as inbox:
        pull(FolderSource(office.root), load_private_key(key), inbox)
    stored, refusals = inbox_state(db)
    assert sorted(stored) == sorted(ids)  # none lost, none twice (and nothing else)
    assert sorted(refusals) == sorted(refused)


STEPS = [
    (step, n)
    for step in ("listed", "read", "opened", "stored")
    for n in (1, BATCH, BATCH + 1, GOOD)
] + [("committed", n) for n in (1, 2, 5)]


@pytest.mark.parametrize("step, n", STEPS, ids=[f"{s}-{n}" for s, n in STEPS])
def test_a_pull_killed_at_each_step_loses_nothing_and_doubles_nothing(
    forks, dropbox, tmp_path, step, n
):
    office, key, ids, refused = dropbox
    db = tmp_path / "inbox.sqlite"
    process = start_pull(forks, office, key, db, f"{step}:{n}")
    lines = read_lines(process, until="paused")
    assert lines[-1] == "paused", lines[-3:]
    committed_before = lines.count("committed ")
    kill(process)

    stored, _ = inbox_state(db)
    # What the killed pull had committed is there, whole; what it had not is not.
    assert len(stored) <= committed_before * BATCH
    assert set(stored) <= ids
    finish_and_check(office, key, db, ids, refused)


def test_pulls_killed_at_random_moments_in_a_loop_lose_nothing(forks, dropbox, tmp_path):
    office, key, ids, refused = dropbox
    db = tmp_path / "inbox.sqlite"
    chance = random.Random(1717)
    interrupted = 0
    for _ in range(RANDOM_KILLS):
        process = start_pull(forks, office, key, db)
        interrupted += "finished" not in read_lines(process, count=chance.randint(1, 60))
        kill(process)  # wherever it is by now: reading, opening, or inside a commit
        stored, _ = inbox_state(db)
        assert len(stored) == len(set(stored)) and set(stored) <= ids
    assert interrupted >= RANDOM_KILLS // 2
    finish_and_check(office, key, db, ids, refused)
