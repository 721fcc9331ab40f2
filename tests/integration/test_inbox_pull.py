"""`kiosk inbox pull` from a folder (the drop box's storage folder, a USB export): every good
submission arrives once, with every field as sent; every bad file is refused, recorded
with its path and why, and never stops the pull; hostile bytes, sealed with the office's
own public key (which every pack carries), never crash it."""

from __future__ import annotations

import json
import os
import stat

import pytest
from command import kiosk
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey
from submissions import KINDS_FIELDS, Office, plaintext

from kiosk.office.inbox import Inbox
from kiosk.office.pull import pull
from kiosk.office.sources import FolderSource


@pytest.fixture
def office(tmp_path):
    return Office(tmp_path / "dropbox")


def pull_folder(office, db):
    with Inbox(db, create=True) as inbox:
        return pull(FolderSource(office.root), office.key, inbox)


def stored(db):
    with Inbox(db) as inbox:
        return {item.id: item for item in inbox.items()}, {r.path: r for r in inbox.refusals()}


def test_each_kind_arrives_once_with_every_field_as_sent(office, tmp_path):
    sent = [office.envelope(kind) for kind in KINDS_FIELDS for _ in range(3)]
    sent[0]["fields"]["name"] = "Ёжик 🦔 " + "я" * 90 + "\u00a0é"
    for envelope in sent:
        office.submit(envelope)
    key = office.write_key(tmp_path / "inbox.key")
    db = tmp_path / "inbox.sqlite"

    first = kiosk("inbox", "pull", office.root, "--key", key, "--db", db)
    again = kiosk("inbox", "pull", office.root, "--key", key, "--db", db)

    assert first.returncode == 0, first.stderr
    assert "18 new, 0 already in the inbox, 0 refused" in first.stdout
    assert "0 new, 18 already in the inbox, 0 refused" in again.stdout
    items, refused = stored(db)
    assert not refused
    assert {i: item.envelope for i, item in items.items()} == {e["id"]: e for e in sent}
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_bad_files_are_refused_and_recorded_and_the_good_ones_arrive(office, tmp_path):
    good = [office.envelope("complaint"), office.envelope("rating")]
    for envelope in good:
        office.submit(envelope)
    # The same submission again under another date: its id is stored, so it is skipped.
    duplicate = dict(good[1], created="2026-11-29T10:00:00Z")
    office.submit(duplicate)
    bad = {}
    sealed = bytearray(office.seal(plaintext(office.envelope("callback"))))
    sealed[60] ^= 0x01
    bad["tampered"] = office.submit(office.envelope("callback"), bytes(sealed))
    whole = office.seal(plaintext(office.envelope("about_me")))
    bad["truncated"] = office.submit(office.envelope("about_me"), whole[:-7])
    other = PrivateKey.generate().public_key
    bad["wrong key"] = office.submit(
        office.envelope("appointment"),
        office.seal(plaintext(office.envelope("appointment")), other),
    )
    bad["garbage"] = office.submit(office.envelope("wrong_info"), os.urandom(300))
    bad["empty"] = office.submit(office.envelope("wrong_info"), b"")
    bad["not json"] = office.submit(office.envelope("rating"), office.seal(b"\xff{not json"))
    moved = office.envelope("rating")
    bad["id differs"] = office.submit(dict(moved, id="f" * 32), office.seal(plaintext(moved)))
    bad["kind differs"] = office.submit(
        dict(moved, kind="complaint"), office.seal(plaintext(dict(moved, kind="rating")))
    )
    typed = office.envelope("complaint")
    typed["fields"]["text"] = "ok\x1b[2J"  # what no terminal's form lets through
    bad["control character"] = office.submit(typed)
    strange = office.root / "rating" / "2026-11-02" / "notes.txt"
    strange.parent.mkdir(parents=True, exist_ok=True)
    strange.write_text("hello")
    bad["name"] = strange
    hidden = office.root / "rating" / "2026-11-02" / ".half-written.tmp"
    hidden.write_bytes(b"x")

    report = pull_folder(office, tmp_path / "inbox.sqlite")

    items, refused = stored(tmp_path / "inbox.sqlite")
    assert set(items) == {e["id"] for e in good}
    assert report.added == 2 and report.already == 1
    paths = {str(path.relative_to(office.root)): why for why, path in bad.items()}
    assert set(refused) == set(paths)
    reasons = {paths[path]: refusal.reason for path, refusal in refused.items()}
    for why in ("tampered", "truncated", "wrong key", "garbage", "empty"):
        assert reasons[why].startswith("does not open with this key"), why
    assert reasons["not json"] == "not an envelope: the envelope is not UTF-8"
    assert reasons["id differs"] == "the id inside is not the file's name"
    assert reasons["kind differs"] == "the kind inside is not the file's folder"
    assert reasons["name"] == "the name is not <id>.sealed"
    assert reasons["control character"].startswith("not an envelope: the form has problems: text")
    assert "ok" not in reasons["control character"].split(":", 2)[-1]


def test_a_refused_file_that_is_whole_later_arrives_and_is_no_longer_refused(office, tmp_path):
    envelope = office.envelope("complaint")
    whole = office.seal(plaintext(envelope))
    office.submit(envelope, whole[:20])  # a copy still being written
    db = tmp_path / "inbox.sqlite"
    assert len(pull_folder(office, db).refused) == 1

    office.submit(envelope, whole)
    report = pull_folder(office, db)

    items, refused = stored(db)
    assert report.added == 1 and list(items) == [envelope["id"]] and not refused


def test_pulling_the_same_files_into_the_same_inbox_adds_nothing(office, tmp_path):
    for kind in KINDS_FIELDS:
        office.submit(office.envelope(kind))
    db = tmp_path / "inbox.sqlite"
    pull_folder(office, db)
    before = stored(db)[0]
    with Inbox(db) as inbox:
        inbox.mark_done(next(iter(before)))

    report = pull_folder(office, db)

    after = stored(db)[0]
    assert report.added == 0 and report.already == 6
    assert set(after) == set(before)
    assert sum(item.done is not None for item in after.values()) == 1  # done stays done


def test_a_missing_folder_or_a_bad_key_ends_the_pull_with_a_reason(office, tmp_path):
    key = office.write_key(tmp_path / "inbox.key")
    missing = kiosk("inbox", "pull", tmp_path / "nowhere", "--key", key, "--db", tmp_path / "i")
    assert missing.returncode == 1 and "not a folder" in missing.stderr
    (tmp_path / "bad.key").write_text("not a key at all\n")
    office.root.mkdir()
    bad = kiosk("inbox", "pull", office.root, "--key", tmp_path / "bad.key", "--db", tmp_path / "i")
    assert bad.returncode == 1 and "not a key file" in bad.stderr
    assert "not a key at all" not in bad.stderr


def test_a_file_that_is_not_an_inbox_is_left_alone(office, tmp_path):
    office.submit(office.envelope("rating"))
    key = office.write_key(tmp_path / "inbox.key")
    other = tmp_path / "pack.sqlite"
    import sqlite3

    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE services (id TEXT)")
    before = other.read_bytes()

    ran = kiosk("inbox", "pull", office.root, "--key", key, "--db", other)

    assert ran.returncode == 1 and "not an inbox" in ran.stderr
    assert other.read_bytes() == before


# Hostile plaintexts: JSON near the contract, and any bytes at all.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def near_envelopes(office):
    base = office.envelope(
        "complaint",
        fields=dict(KINDS_FIELDS["complaint"], text="x"),
        id="a" * 32,
        created="2026-11-03T00:00:00Z",
    )

    def mutate(change):
        key, value = change
        envelope = dict(base)
        if key is None:
            return envelope | {"fields": value} if isinstance(value, dict) else value
        envelope[key] = value
        return envelope

    return st.tuples(st.sampled_from([None, *base]), json_values).map(mutate)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_plaintext_never_crashes_the_pull(tmp_path_factory, data):
    work = tmp_path_factory.mktemp("hostile")
    office = Office(work / "dropbox")
    good = office.envelope("rating")
    office.submit(good)
    hostile = data.draw(
        st.one_of(
            st.binary(max_size=200),
            near_envelopes(office).map(
                lambda value: json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
            ),
            st.text(max_size=100).map(lambda text: text.encode("utf-8", "surrogatepass")),
        )
    )
    target = office.envelope("complaint", id="a" * 32, created="2026-11-03T00:00:00Z")
    office.submit(target, office.seal(hostile))

    report = pull_folder(office, work / "inbox.sqlite")

    items, refused = stored(work / "inbox.sqlite")
    assert good["id"] in items
    assert report.added + len(report.refused) == 2
    event("opened" if "a" * 32 in items else "refused")
    if "a" * 32 in items:  # it was a whole envelope of the contract after all
        assert items["a" * 32].envelope == json.loads(hostile)
    else:
        assert len(refused) == 1


@pytest.mark.parametrize("trap", ["full", "read-only"])
def test_an_inbox_that_cannot_be_written_ends_the_pull_with_a_reason(office, tmp_path, trap):
    from fs_traps import full_folder, read_only_folder

    first = office.envelope("rating")
    office.submit(first)
    key = office.write_key(tmp_path / "inbox.key")
    made = tmp_path / "made.sqlite"
    pull_folder(office, made)
    for kind in KINDS_FIELDS:  # enough new text not to fit in what is left
        for _ in range(20):
            office.submit(office.envelope(kind))
    folder = full_folder if trap == "full" else read_only_folder

    with folder(tmp_path / "disk", {"inbox.sqlite": made.read_bytes()}) as disk:
        ran = kiosk("inbox", "pull", office.root, "--key", key, "--db", disk / "inbox.sqlite")
        assert ran.returncode == 1
        assert "the inbox cannot be used now" in ran.stderr, ran.stderr
        with Inbox(disk / "inbox.sqlite") as inbox:  # what it had, whole
            assert [item.id for item in inbox.items()] == [first["id"]]
