"""The running app and `kiosk import`: the new pack at the next reset, never before; the last
sync on the staff page; "may be out of date" when the last good sync is too long ago."""

from __future__ import annotations

import json

import pytest
from command import kiosk as run_command

from content.pack.reader import open_pack
from content.publisher.keys import keygen
from content.publisher.publish import publish
from kiosk.adapters.pack_store import PackStore
from kiosk.app.headless import buttons
from kiosk.core.pack_watch import PackFile


@pytest.fixture
def synced_app(kiosk, tmp_path, demo_pack, ui_pack_path):
    """The app on a pack that `kiosk import` installed into a terminal folder of its own."""
    app = kiosk.app
    keys, site, terminal = tmp_path / "keys", tmp_path / "site", tmp_path / "terminal"
    keygen(keys)
    publish(demo_pack, keys, site)
    imported = run_command("import", site, "--trust", keys / "root.json", "--data-dir", terminal)
    assert imported.returncode == 0, imported.stderr
    store = PackStore(terminal)
    saved = (
        app.controllers.packs.pack,
        app.controllers.packs.pack_file,
        app.controllers.packs.store,
        app.controllers.packs.synced,
    )
    (
        app.controllers.packs.pack,
        app.controllers.packs.pack_file,
        app.controllers.packs.store,
        app.controllers.packs.synced,
    ) = (
        open_pack(store.current),
        PackFile(store.current),
        store,
        True,
    )
    app._pack_changed()
    app.controllers.visit.reset()
    yield app, keys, site, store
    app.controllers.packs.pack.close()
    (
        app.controllers.packs.pack,
        app.controllers.packs.pack_file,
        app.controllers.packs.store,
        app.controllers.packs.synced,
    ) = saved
    app._pack_changed()
    app.controllers.visit.reset()


def test_an_imported_pack_waits_for_the_reset(synced_app, kiosk, demo_pack):
    app, keys, site, store = synced_app
    assert app.controllers.packs.pack.meta.version == 1
    publish(demo_pack, keys, site)
    done = run_command("import", site, "--trust", keys / "root.json", "--data-dir", store.root)
    assert done.returncode == 0, done.stderr
    kiosk.start_session()
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    assert app.controllers.packs.pack.meta.version == 1  # someone is using the terminal
    app.controllers.visit.reset()
    assert app.controllers.packs.pack.meta.version == 2


def test_the_staff_page_shows_the_last_sync_and_error(synced_app, kiosk, staff_pin):
    from test_staff_and_errors import enter_pin, tap_date

    from content.presentation.wording import format_moment

    app, _keys, _site, store = synced_app
    store.record("cannot fetch the metadata (HTTP 500)")
    kiosk.start_session()
    tap_date(kiosk, 5)
    enter_pin(kiosk, staff_pin)
    details = kiosk.screen.ids.details.text
    state = json.loads(store.state_path.read_text("utf-8"))
    shown = format_moment(state["last_sync"], "ru")  # UTC kept, the local clock shown
    assert shown != state["last_sync"] and " г., " in shown
    assert f"Последнее обновление:[/b] {shown}" in details
    assert "cannot fetch the metadata (HTTP 500)" in details
    assert app.stale_text == ""


def test_no_good_sync_for_too_long_says_the_information_may_be_out_of_date(
    synced_app, kiosk, staff_pin
):
    from test_staff_and_errors import enter_pin, tap_date

    app, _keys, _site, store = synced_app
    state = store.state()
    state.last_sync = "2026-01-05T10:00:00Z"  # long before any clock this test runs at
    store.save_state(state)
    app.controllers.visit.reset()
    kiosk.start_session()
    assert app.stale_text == "· может быть устаревшей"
    # Beside the date, in sight, in the warning colour:
    top = kiosk.app.root.ids.top.ids
    date, stale = top.date, top.stale
    assert stale.text == app.stale_text and stale.width > 0
    assert stale.to_window(stale.x, 0)[0] >= date.to_window(date.right, 0)[0]
    assert stale.to_window(stale.right, 0)[0] <= top.lang_en.to_window(top.lang_en.x, 0)[0]
    from kiosk.app.theme import T

    assert list(stale.color) == list(T.warning)
    tap_date(kiosk, 5)
    enter_pin(kiosk, staff_pin)
    assert "Информация может быть устаревшей:" in kiosk.screen.ids.details.text
