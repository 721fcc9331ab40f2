"""kiosk.adapters.outbox on real SQLite: what is added is on the disk when add returns, leaves
only by delivered(), is exported in the drop box's layout, and a disk that refuses a write
refuses the submission whole, with a named error.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fs_traps import full_folder, read_only_folder

from kiosk.adapters.outbox import Outbox, OutboxUnavailable, sealed_path

ROOT = Path(__file__).resolve().parents[2]


def item(n: int, kind: str = "callback", day: str = "2026-12-03") -> tuple:
    """(id, reference, kind, created, sealed) of a made-up submission number n."""
    return (f"{n:032x}", f"REF-{n:04d}", kind, f"{day}T10:{n % 60:02d}:00Z", os.urandom(80 + n))


def test_a_submission_waits_until_delivered_and_only_then_goes(tmp_path):
    outbox = Outbox(tmp_path)
    first, second = item(1), item(2, "rating")
    outbox.add(*first)
    outbox.add(*second)
    again = Outbox(tmp_path)  # another connection, as another process has
    waiting = again.pending(10)
    assert [(s.id, s.reference, s.kind, s.created, s.sealed) for s in waiting] == [first, second]
    assert waiting[1].path == f"rating/2026-12-03/{second[0]}.sealed"
    again.delivered(first[0])
    assert [s.id for s in outbox.pending(10)] == [second[0]]
    assert outbox.status()["queued"] == 1


def test_adding_the_same_id_again_keeps_the_first_bytes(tmp_path):
    outbox = Outbox(tmp_path)
    first = item(1)
    outbox.add(*first)
    outbox.add(first[0], "OTHER", "callback", first[3], b"other bytes")
    assert [(s.reference, s.sealed) for s in outbox.pending(10)] == [(first[1], first[4])]


def test_status_tells_the_queue_the_oldest_and_the_last_round(tmp_path):
    outbox = Outbox(tmp_path)
    assert outbox.status() == {
        "queued": 0,
        "oldest": None,
        "last_upload": None,
        "last_round": None,
        "last_error": None,
    }
    outbox.add(*item(2, day="2026-12-02"))
    outbox.add(*item(1, day="2026-12-01"))
    outbox.record("https://dropbox.example.org/: HTTP 500", delivered=0)
    status = Outbox(tmp_path).status()
    assert status["queued"] == 2 and status["oldest"] == "2026-12-01T10:01:00Z"
    assert status["last_error"].endswith("HTTP 500") and status["last_upload"] is None
    outbox.record(None, delivered=2)
    status = Outbox(tmp_path).status()
    assert status["last_error"] is None and status["last_upload"] == status["last_round"]


def test_the_file_is_private_to_its_owner(tmp_path):
    Outbox(tmp_path).add(*item(1))
    assert (tmp_path / "outbox.sqlite").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"submission_id": "../../etc/passwd" + "0" * 16},
        {"submission_id": "0123456789ABCDEF0123456789ABCDEF"},
        {"kind": "../x"},
        {"kind": "Callback"},
        {"created": "2026-12-03 10:00:00"},
        {"created": "2026-12-03T10:00:00+05:00"},
        {"sealed": b""},
        {"sealed": "text"},
    ],
)
def test_what_could_not_be_a_path_or_sealed_bytes_is_refused(bad, tmp_path):
    good = dict(
        zip(("submission_id", "reference", "kind", "created", "sealed"), item(1), strict=True)
    )
    with pytest.raises(ValueError):
        Outbox(tmp_path).add(**{**good, **bad})
    assert Outbox(tmp_path).pending(10) == []


def test_sealed_path_is_the_contract_s_layout():
    assert sealed_path("wrong_info", "2026-01-31T23:59:59Z", "a" * 32) == (
        f"wrong_info/2026-01-31/{'a' * 32}.sealed"
    )


def test_export_writes_the_drop_box_layout_and_keeps_or_removes_as_asked(tmp_path):
    outbox = Outbox(tmp_path / "terminal")
    items = [item(n, kind) for n, kind in enumerate(["callback", "rating", "complaint"], 1)]
    for one in items:
        outbox.add(*one)
    usb = tmp_path / "usb"
    assert outbox.export(usb) == 3
    for one in items:
        assert (usb / sealed_path(one[2], one[3], one[0])).read_bytes() == one[4]
    assert sorted(p.name for p in usb.rglob("*") if p.is_file()) == sorted(
        f"{one[0]}.sealed" for one in items
    )
    assert outbox.status()["queued"] == 3
    assert outbox.export(usb, remove=True) == 3
    assert outbox.status()["queued"] == 0


def test_a_full_disk_refuses_the_submission_whole_and_keeps_what_was_queued(tmp_path):
    folder = tmp_path / "full"
    prepared = Outbox(tmp_path / "before")
    prepared.add(*item(1))
    with full_folder(folder, {"outbox.sqlite": (prepared.path).read_bytes()}):
        with pytest.raises(OutboxUnavailable, match="the disk is full") as refused:
            Outbox(folder).add(*item(2, "complaint"))
        assert refused.value.cause == "full"
        # (Reading needs room for SQLite's shared-memory file too: it waits for room.)
        (folder / ".filler").unlink()  # room again: the next form goes through
        assert [s.id for s in Outbox(folder).pending(10)] == [item(1)[0]]
        Outbox(folder).add(*item(3))
        assert [s.id for s in Outbox(folder).pending(10)] == [item(1)[0], item(3)[0]]


def test_a_full_disk_with_no_outbox_yet_refuses_too(tmp_path):
    with full_folder(tmp_path / "full") as folder:
        with pytest.raises(OutboxUnavailable) as refused:
            Outbox(folder).add(*item(1))
        assert refused.value.cause in ("full", "other")
        assert Outbox(folder).pending(10) == []


def test_a_read_only_disk_refuses_with_its_cause(tmp_path):
    prepared = Outbox(tmp_path / "before")
    prepared.add(*item(1))
    data = prepared.path.read_bytes()
    with read_only_folder(tmp_path / "ro", {"outbox.sqlite": data}) as folder:
        with pytest.raises(OutboxUnavailable) as refused:
            Outbox(folder).add(*item(2))
        assert refused.value.cause in ("read_only", "other")
        assert "read-only" in str(refused.value)


ADD_THEN_WAIT = """
import sys, time
from kiosk.adapters.outbox import Outbox
data_dir, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    Outbox(data_dir).add(f"{i:032x}", f"R{i}", "callback", "2026-12-03T10:00:00Z", b"s" * 100)
    print(f"added {i}", flush=True)
time.sleep(3600)
"""


def test_what_add_returned_for_survives_a_kill_9(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-c", ADD_THEN_WAIT, str(tmp_path), "5"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        for _ in range(5):
            assert process.stdout.readline().startswith("added")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
    assert len(Outbox(tmp_path).pending(10)) == 5


def test_a_path_is_the_layout_or_refused_whatever_the_parts():
    import re

    from hypothesis import given
    from hypothesis import strategies as st

    layout = re.compile(r"[a-z][a-z_]{0,31}/\d{4}-\d\d-\d\d/[0-9a-f]{32}\.sealed")
    parts = st.one_of(st.text(max_size=40), st.from_regex(r"[a-z_]{1,32}", fullmatch=True))
    times = st.one_of(st.text(max_size=25), st.just("2026-12-03T10:00:00Z"))
    ids = st.one_of(st.text(max_size=40), st.from_regex(r"[0-9a-f]{32}", fullmatch=True))

    @given(parts, times, ids)
    def check(kind, created, submission_id):
        try:
            path = sealed_path(kind, created, submission_id)
        except ValueError:
            pass
        else:
            assert layout.fullmatch(path) and ".." not in path

    check()


ADD_FOREVER = """
import sys
from kiosk.adapters.outbox import Outbox
outbox = Outbox(sys.argv[1])
for i in range(10**6):
    outbox.add(f"{i:032x}", f"R{i}", "callback", "2026-12-03T10:00:00Z", b"s" * 3000)
    print(i, flush=True)
"""


@pytest.mark.parametrize("after", [1, 7, 23, 60, 150])
def test_a_kill_9_in_the_middle_of_adding_loses_no_confirmed_submission(after, tmp_path):
    # The app confirms a form only when add() has returned: each line the child printed
    # is a confirmation. The kill lands wherever the next add is (sealing, writing, the
    # commit's fsync); the outbox must hold every confirmed one and still be sound.
    process = subprocess.Popen(
        [sys.executable, "-c", ADD_FOREVER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        confirmed = [process.stdout.readline() for _ in range(after)]
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
    held = {s.id for s in Outbox(tmp_path).pending(10**6)}
    assert {f"{int(line):032x}" for line in confirmed} <= held
    assert held == {f"{i:032x}" for i in range(len(held))}  # whole rows, in order, no gaps
    with sqlite3.connect(tmp_path / "outbox.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_export_to_a_full_stick_stops_and_removes_only_what_was_written(tmp_path):
    outbox = Outbox(tmp_path / "terminal")
    for n in range(1, 40):
        outbox.add(*item(n))
    with full_folder(tmp_path / "usb") as usb:
        (usb / ".filler").unlink()
        (usb / ".filler").write_bytes(b"\0" * (256 * 1024 - 16 * 4096))  # room for a few
        with pytest.raises(OSError):
            outbox.export(usb, remove=True)
        written = {p.name.removesuffix(".sealed"): p.read_bytes() for p in usb.rglob("*.sealed")}
    left = {s.id for s in outbox.pending(100)}
    assert written and left and set(written).isdisjoint(left)
    assert set(written) | left == {item(n)[0] for n in range(1, 40)}
