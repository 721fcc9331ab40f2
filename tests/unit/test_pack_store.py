"""kiosk.adapters.pack_store: what may be installed, the swap that keeps the previous pack,
rollback."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from kiosk.adapters.pack_store import PackRefused, PackStore, read_info


def pack_of_version(source, folder, version: int):
    path = folder / f"v{version}.sqlite"
    shutil.copyfile(source, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(version),))
    conn.close()
    return path


@pytest.fixture
def store(tmp_path):
    return PackStore(tmp_path / "terminal")


def test_install_keeps_the_previous_pack_and_refuses_what_is_not_newer(store, demo_pack, tmp_path):
    assert store.installed() is None and store.usable_pack() is None
    assert store.install(pack_of_version(demo_pack, tmp_path, 1)).version == 1
    assert store.install(pack_of_version(demo_pack, tmp_path, 3)).version == 3
    assert read_info(store.previous).version == 1
    for version in (2, 3):
        staged = pack_of_version(demo_pack, tmp_path, version)
        with pytest.raises(PackRefused, match="not newer"):
            store.install(staged)
        assert staged.exists()  # refused: nothing moved
    assert store.installed().version == 3


def test_install_refuses_a_version_other_than_the_signed_one(store, demo_pack, tmp_path):
    with pytest.raises(PackRefused, match="mix of two publishes"):
        store.install(pack_of_version(demo_pack, tmp_path, 4), expected_version=5)
    assert store.installed() is None


def test_install_refuses_a_damaged_file(store, demo_pack, tmp_path):
    staged = pack_of_version(demo_pack, tmp_path, 2)
    data = bytearray(staged.read_bytes())
    # Zeros over a whole page in the middle of the file (a page's free gap can be zeroed
    # harmlessly: only part of one page would depend on how full the last page is).
    page = int.from_bytes(data[16:18], "big")
    middle = len(data) // 2 // page * page
    data[middle : middle + page] = bytes(page)
    staged.write_bytes(bytes(data))
    with pytest.raises(PackRefused):
        store.install(staged)
    assert store.installed() is None


def test_rollback_goes_back_and_a_second_rollback_undoes_it(store, demo_pack, tmp_path):
    with pytest.raises(PackRefused, match="no previous pack"):
        store.rollback()
    store.install(pack_of_version(demo_pack, tmp_path, 1))
    store.install(pack_of_version(demo_pack, tmp_path, 2))
    now, leaving = store.rollback()
    assert (now.version, leaving.version) == (1, 2)
    assert read_info(store.previous).version == 2
    now, leaving = store.rollback()
    assert (now.version, leaving.version) == (2, 1)


def test_rollback_records_the_pack_left_so_that_sync_does_not_bring_it_back(
    store, demo_pack, tmp_path
):
    from content.files import file_sha256

    store.install(pack_of_version(demo_pack, tmp_path, 1))
    store.install(pack_of_version(demo_pack, tmp_path, 2))
    left = file_sha256(store.current)
    store.rollback()
    assert store.state().rolled_back_from == left
    assert file_sha256(store.previous) == left


def test_rollback_waits_for_no_one_and_changes_nothing_while_a_sync_runs(
    store, demo_pack, tmp_path
):
    store.install(pack_of_version(demo_pack, tmp_path, 1))
    store.install(pack_of_version(demo_pack, tmp_path, 2))
    with PackStore(store.root).locked():
        with pytest.raises(PackRefused, match="another sync, import or rollback"):
            store.rollback()
    assert store.installed().version == 2 and store.state().rolled_back_from is None


def test_tidy_removes_what_a_killed_process_left_but_the_download_to_resume(store):
    store.make_dirs()
    stray = [store.pack_dir / ".previous.sqlite.link", store.staging / "old.part"]
    keep = store.staging / "abc.part"
    for path in [*stray, keep]:
        path.write_bytes(b"x")
    store.tidy(keep={"abc.part"})
    assert keep.exists() and not any(p.exists() for p in stray)


def test_state_is_kept_across_runs_and_a_cut_short_file_starts_afresh(store):
    store.record("the server answered 500")
    state = PackStore(store.root).state()
    assert state.last_error == "the server answered 500" and state.last_sync is None
    store.record(None)
    assert PackStore(store.root).state().last_error is None
    assert PackStore(store.root).state().last_sync is not None
    store.state_path.write_text('{"last_sy', "utf-8")
    assert PackStore(store.root).state().last_sync is None


def test_one_sync_at_a_time(store):
    with store.locked():
        with pytest.raises(PackRefused, match="another sync"):
            with PackStore(store.root).locked():
                pass
    with PackStore(store.root).locked():  # let go when the first is done
        pass


def test_a_data_folder_it_cannot_write_to_is_a_refusal_not_a_crash(tmp_path, demo_pack):
    from content.publisher.keys import keygen
    from content.publisher.publish import publish
    from kiosk.adapters.sync import SyncRefused, sync_once

    keys, site = tmp_path / "keys", tmp_path / "site"
    keygen(keys)
    publish(demo_pack, keys, site)
    terminal = tmp_path / "terminal"
    terminal.mkdir()
    (terminal / "staging").write_bytes(b"")  # a file where the download folder should be
    store = PackStore(terminal)
    with pytest.raises(SyncRefused, match="cannot write to the terminal's data folder"):
        sync_once(site.as_uri(), keys / "root.json", store)
    assert "cannot write" in store.state().last_error


# -- a damaged current pack is never kept as the fallback ------------------------------------


def junk(path) -> None:
    path.write_bytes(b"junk written over the pack " * 100)


@pytest.fixture
def on_2_after_1(store, demo_pack, tmp_path):
    store.install(pack_of_version(demo_pack, tmp_path, 1))
    store.install(pack_of_version(demo_pack, tmp_path, 2))
    return store


def test_installing_over_a_junk_current_pack_keeps_the_good_previous_one(
    on_2_after_1, demo_pack, tmp_path
):
    store = on_2_after_1
    junk(store.current)
    assert store.install(pack_of_version(demo_pack, tmp_path, 3)).version == 3
    assert read_info(store.previous).version == 1  # not the junk
    now, _leaving = store.rollback()
    assert now.version == 1


def test_installing_over_junk_with_no_good_previous_leaves_no_fallback(store, demo_pack, tmp_path):
    store.make_dirs()
    junk(store.current)
    junk(store.previous)
    store.install(pack_of_version(demo_pack, tmp_path, 1))
    assert read_info(store.current).version == 1
    assert not store.previous.exists()


def test_rollback_from_a_junk_current_pack_goes_back_and_keeps_no_junk(on_2_after_1):
    store = on_2_after_1
    junk(store.current)
    now, leaving = store.rollback()
    assert (now.version, leaving) == (1, None)
    assert not store.previous.exists()
    assert store.state().rolled_back_from is None  # junk has no version to skip


def test_repair_puts_the_good_previous_pack_back_as_the_current_one(on_2_after_1):
    store = on_2_after_1
    junk(store.current)
    assert "current.sqlite" in store.repair()
    assert read_info(store.current).version == 1
    assert read_info(store.previous).version == 1  # still there to fall back on
    assert store.repair() is None  # nothing left to put right


def test_repair_puts_the_previous_pack_back_when_the_current_one_is_gone(on_2_after_1):
    store = on_2_after_1
    store.current.unlink()
    assert "current.sqlite was missing" in store.repair()
    assert read_info(store.current).version == 1


def test_repair_drops_a_previous_pack_that_does_not_open(on_2_after_1):
    store = on_2_after_1
    junk(store.previous)
    assert "previous.sqlite" in store.repair()
    assert not store.previous.exists() and read_info(store.current).version == 2


def test_health_says_which_file_is_broken_and_which_pack_the_app_shows(on_2_after_1):
    store = on_2_after_1
    junk(store.current)
    health = store.health()
    assert health.showing.version == 1 and health.showing.path == store.previous
    assert list(health.damaged) == ["current.sqlite"]
    assert "not a content pack" in health.damaged["current.sqlite"]


def test_status_reports_the_damage_and_the_pack_on_show(on_2_after_1):
    from kiosk.cli.packs import status_report

    store = on_2_after_1
    junk(store.current)
    report = status_report(store, stale_after_days=30)
    assert report["pack_version"] == 1
    assert report["pack_path"] == str(store.previous)
    assert "current.sqlite" in report["damaged"]
