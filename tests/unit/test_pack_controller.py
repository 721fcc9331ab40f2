"""The pack controller: a newer pack swapped in between visitors (a bad one refused), and
how fresh the information is, for the top bar, the staff screen and `kiosk status` alike."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.core.config import Config
from kiosk.core.controllers.packs import NOT_SYNCED, PackController, status_report

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class Pack:
    def __init__(self, path: Path, version: int = 1, created_at: str = "2026-11-26T10:00:00Z"):
        self.path = path
        self.meta = SimpleNamespace(version=version, created_at=created_at, pack_id="demo")
        self.closed = False

    def close(self) -> None:
        self.closed = True


class Store:
    """A terminal's data folder: the installed pack's place, the last sync, the packs' health."""

    def __init__(self, root: Path, last_sync=None, last_error=None, damaged=None):
        self.pack_dir = root / "pack"
        self.current = self.pack_dir / "current.sqlite"
        self.pack_dir.mkdir(parents=True)
        self._state = SimpleNamespace(
            last_sync=last_sync, last_attempt=last_sync, last_error=last_error
        )
        self._damaged = damaged or {}

    def state(self):
        return self._state

    def health(self):
        info = SimpleNamespace(
            version=3, created_at="2026-11-20T08:00:00Z", pack_id="perm", path=self.current
        )
        return SimpleNamespace(
            showing=info, current=info, previous=None, damaged=dict(self._damaged)
        )


def install(path: Path, text: str) -> None:
    """As an installer does: a complete file renamed over the old one (a new inode)."""
    staged = path.with_suffix(".staged")
    staged.write_text(text)
    os.replace(staged, path)


def controller(store: Store, pack: Pack, opener=None, days: int = 14) -> PackController:
    return PackController(
        pack,
        store,
        Config(stale_after_days=days),
        utc_now=lambda: NOW,
        opener=opener or (lambda path: Pack(path, version=2)),
    )


def test_a_pack_opened_from_anywhere_else_is_not_looked_after_by_sync(tmp_path):
    store = Store(tmp_path / "terminal", last_sync="2020-01-01T00:00:00Z")
    demo = tmp_path / "demo.sqlite"
    demo.write_text("v1")
    packs = controller(store, Pack(demo))
    assert not packs.synced and packs.pack_file.path == demo
    assert packs.sync_state() == NOT_SYNCED and packs.status() == NOT_SYNCED


def test_a_newer_pack_is_swapped_in_and_the_old_one_closed(tmp_path):
    store = Store(tmp_path / "terminal")
    install(store.current, "v1")
    old = Pack(store.current)
    packs = controller(store, old)
    assert packs.synced
    assert packs.swap_if_newer() is False  # nothing new yet
    install(store.current, "v2")
    assert packs.swap_if_newer() is True
    assert packs.pack.meta.version == 2 and old.closed
    assert packs.swap_if_newer() is False  # the same file: no second swap


def test_a_broken_new_pack_is_refused_and_the_good_one_stays(tmp_path):
    store = Store(tmp_path / "terminal")
    install(store.current, "v1")
    old = Pack(store.current)

    def refuse(path):
        raise ValueError("not a pack at all")

    packs = controller(store, old, opener=refuse)
    install(store.current, "broken")
    assert packs.swap_if_newer() is False
    assert packs.pack is old and not old.closed
    assert packs.swap_if_newer() is False  # refused once, not tried at every reset


@pytest.mark.parametrize(
    ("last_sync", "days", "out_of_date"),
    [
        ("2026-11-30T09:00:00Z", 14, False),
        ("2026-11-01T09:00:00Z", 14, True),
        ("2026-11-01T09:00:00Z", 60, False),
        (None, 14, False),  # never synced: the pack's own date, 5 days ago
        ("2027-06-01T09:00:00Z", 14, False),  # a clock behind: nothing can be said
    ],
)
def test_the_top_bar_says_may_be_out_of_date_after_the_stale_days(
    tmp_path, last_sync, days, out_of_date
):
    store = Store(tmp_path / "terminal", last_sync=last_sync, last_error="HTTP 500")
    install(store.current, "v1")
    packs = controller(store, Pack(store.current), days=days)
    state = packs.sync_state()
    assert state["out_of_date"] is out_of_date
    assert state["last_sync"] == last_sync and state["last_error"] == "HTTP 500"


def test_the_staff_screen_and_kiosk_status_give_one_report(tmp_path):
    store = Store(
        tmp_path / "terminal",
        last_sync="2026-11-01T09:00:00Z",
        last_error="cannot fetch the metadata",
        damaged={"previous.sqlite": "not a pack"},
    )
    install(store.current, "v1")
    packs = controller(store, Pack(store.current))
    report = status_report(store, stale_after_days=14, now=NOW)
    assert packs.status() == report
    assert report == {
        "pack_version": 3,
        "pack_date": "2026-11-20T08:00:00Z",
        "pack_id": "perm",
        "pack_path": str(store.current),
        "previous_pack": False,
        "previous_version": None,
        "damaged": {"previous.sqlite": "not a pack"},
        "last_sync": "2026-11-01T09:00:00Z",
        "last_attempt": "2026-11-01T09:00:00Z",
        "last_error": "cannot fetch the metadata",
        "out_of_date": True,
    }
