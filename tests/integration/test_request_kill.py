"""`kill -9` of the terminal while a form is being sent, in a loop: every submission whose
`submit` returned (the confirmation the citizen saw) is in the outbox, whole, and none is
there twice; a kill before the commit leaves nothing of that form, one after it leaves it
queued (sent, though nobody saw the confirmation).

The forms are sent by the real RequestsController over the real outbox (SQLite on the disk)
and the demo pack, in a process of its own (tests/paused_requests.py). Its checkpoints
around sealing and around the outbox's commit print where it is and stop there, and the
test kills it with SIGKILL at that very point; other rounds are killed at whatever moment
a stream of forms has reached.
"""

from __future__ import annotations

import base64
import signal
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from forked import PIPE, Forked, ForkServer
from nacl.public import PrivateKey, SealedBox
from paused_requests import COMMITTED, POINTS

from kiosk.adapters.outbox import Outbox
from kiosk.core.requests import read_envelope

ROOT = Path(__file__).resolve().parents[2]
PRIVATE_KEY = PrivateKey(base64.b64decode((ROOT / "content" / "demo-inbox.key").read_text()))
SENDER = ROOT / "tests" / "paused_requests.py"


@pytest.fixture(scope="module")
def forks():
    """The senders are forked from one process that imported their code (tests/forked.py):
    each is still a process of its own, killed by SIGKILL, without 0.1 s of imports."""
    with ForkServer("paused_requests") as server:
        yield server


def start(forks, pack: Path, data_dir: Path, first: int, stop_at: str = "", stop_n: int = 0):
    return forks.start(SENDER, pack, data_dir, first, stop_at, stop_n, stdin=PIPE, stdout=PIPE)


def kill(process: Forked) -> list[str]:
    """SIGKILL; then the lines it printed before it died that the test had not read: under
    load the sender may confirm another form or two between the test's last read and the
    kill, and each confirmation a citizen saw counts."""
    process.send_signal(signal.SIGKILL)
    process.wait()
    rest = process.stdout.read().splitlines()
    process.stdout.close()
    process.stdin.close()
    return rest


def queued_numbers(data_dir: Path) -> Counter:
    """How many times each form's number is in the outbox, each row opened and read
    strictly (a torn row would not open)."""
    numbers = Counter()
    for item in Outbox(data_dir).pending(10**6):
        envelope = read_envelope(SealedBox(PRIVATE_KEY).decrypt(item.sealed))
        assert envelope.id == item.id and envelope.reference == item.reference
        numbers[int(envelope.fields["topic"].split()[1])] += 1
    if (data_dir / "outbox.sqlite").exists():
        with sqlite3.connect(data_dir / "outbox.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return numbers


def test_a_kill_9_at_each_point_around_sealing_and_the_commit_loses_no_confirmed_form(
    forks, demo_pack, tmp_path
):
    data_dir, confirmed, first = tmp_path / "terminal", {}, 0
    for point in POINTS:
        for n in (1, 3):
            process = start(forks, demo_pack, data_dir, first, point, n)
            try:
                for _ in range(n - 1):
                    _sent, number, submission_id = process.stdout.readline().split()
                    confirmed[int(number)] = submission_id
                line = process.stdout.readline()
                assert line == f"at {point} {first + n - 1}\n", line
            finally:
                kill(process)

            numbers = queued_numbers(data_dir)
            held = {item.id for item in Outbox(data_dir).pending(10**6)}
            assert set(confirmed.values()) <= held, point
            assert max(numbers.values(), default=1) == 1, point  # none twice
            killed = first + n - 1
            assert (killed in numbers) == (point in COMMITTED), point
            first += 10  # the next round's forms have numbers of their own


@pytest.mark.parametrize("after", [0, 1, 4, 9, 17])
def test_a_kill_9_at_any_moment_of_a_stream_of_forms_loses_no_confirmed_one(
    forks, demo_pack, tmp_path, after
):
    data_dir, confirmed = tmp_path / "terminal", {}
    for round_ in range(3):
        first = round_ * 1000
        process = start(forks, demo_pack, data_dir, first)
        try:
            for _ in range(after + round_):
                _sent, number, submission_id = process.stdout.readline().split()
                confirmed[int(number)] = submission_id
        finally:
            rest = kill(process)  # wherever the next form is: checking, sealing, committing
        for line in rest:
            _sent, number, submission_id = line.split()
            confirmed[int(number)] = submission_id

        numbers = queued_numbers(data_dir)
        assert set(confirmed) <= set(numbers)
        assert max(numbers.values(), default=1) == 1
        # Beyond the confirmed ones, at most the one being sent when the kill came.
        assert len(numbers) - len(confirmed) <= round_ + 1
