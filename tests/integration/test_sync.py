"""Signed packs end to end: `kiosk pack keygen/publish`, nginx on loopback, `kiosk sync`,
`kiosk import`, `kiosk status`, `kiosk pack rollback`, each as a real process.

Every attack and fault leaves the terminal on a valid pack (old or new, never broken), a
non-zero exit status and the reason on stderr, and the reason in `kiosk status`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sync_server import NginxSite, nginx_binary

from content.publish import keygen, publish
from kiosk.pack_store import PackStore, read_info

pytestmark = pytest.mark.skipif(
    nginx_binary() is None,
    reason="nginx is not installed (deploy/system-packages.txt: make system-deps)",
)


def kiosk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    keygen(folder)
    return folder


@pytest.fixture
def site(tmp_path) -> Path:
    return tmp_path / "site"


@pytest.fixture
def server(site, tmp_path):
    site.mkdir(exist_ok=True)
    with NginxSite(site, tmp_path / "nginx") as running:
        yield running


@pytest.fixture
def terminal(tmp_path) -> Path:
    return tmp_path / "terminal"


def sync(server_url: str, keys: Path, terminal: Path, *extra) -> subprocess.CompletedProcess:
    return kiosk(
        "sync",
        "--once",
        "--url",
        server_url,
        "--trust",
        keys / "root.json",
        "--data-dir",
        terminal,
        *extra,
    )


def status(terminal: Path) -> dict:
    result = kiosk("status", "--data-dir", terminal, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_on_valid_pack(terminal: Path, version: int) -> None:
    """What the app would open is a whole, checked pack of `version`."""
    usable = PackStore(terminal).usable_pack()
    assert usable is not None
    assert read_info(usable, integrity=True).version == version


def the_pack_file(site: Path) -> Path:
    (pack,) = sorted((site / "targets").glob("*.pack.sqlite"), key=lambda p: p.stat().st_mtime)[-1:]
    return pack


# -- the round trip --------------------------------------------------------------------------


def test_publish_sync_status_publish_again_rollback(keys, site, server, terminal, demo_pack):
    done = kiosk("pack", "publish", demo_pack, "--keys", keys, "--to", site)
    assert done.returncode == 0, done.stderr
    assert "published pack version 1" in done.stdout

    first = sync(server.url, keys, terminal)
    assert first.returncode == 0, first.stderr
    assert "installed pack version 1" in first.stdout
    report = status(terminal)
    assert report["pack_version"] == 1 and report["last_error"] is None
    assert report["last_sync"] is not None and report["out_of_date"] is False
    assert_on_valid_pack(terminal, 1)

    again = sync(server.url, keys, terminal)
    assert again.returncode == 0 and "is the newest" in again.stdout

    assert kiosk("pack", "publish", demo_pack, "--keys", keys, "--to", site).returncode == 0
    second = sync(server.url, keys, terminal)
    assert second.returncode == 0, second.stderr
    assert status(terminal)["pack_version"] == 2
    assert read_info(PackStore(terminal).previous).version == 1  # kept for a rollback

    back = kiosk("pack", "rollback", "--data-dir", terminal)
    assert back.returncode == 0 and "now on pack version 1" in back.stdout
    assert_on_valid_pack(terminal, 1)
    # The version staff went back from is not installed again by the next sync...
    assert sync(server.url, keys, terminal).returncode == 0
    assert status(terminal)["pack_version"] == 1
    # ...but the next one published is.
    assert kiosk("pack", "publish", demo_pack, "--keys", keys, "--to", site).returncode == 0
    assert sync(server.url, keys, terminal).returncode == 0
    assert status(terminal)["pack_version"] == 3


def test_publishing_from_the_content_folder_builds_the_pack(keys, site, server, terminal):
    from kiosk.paths import DEMO_CONTENT

    assert kiosk("pack", "publish", DEMO_CONTENT, "--keys", keys, "--to", site).returncode == 0
    assert sync(server.url, keys, terminal).returncode == 0
    assert_on_valid_pack(terminal, 1)


# -- tampering, keys, replays, expiry, schema ------------------------------------------------


@pytest.fixture
def on_version_1(keys, site, server, terminal, demo_pack):
    """A terminal that has synced version 1; version 2 is then published."""
    publish(demo_pack, keys, site)
    assert sync(server.url, keys, terminal).returncode == 0
    publish(demo_pack, keys, site)
    return terminal


def refused(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "sync refused" in result.stderr or "import refused" in result.stderr
    assert words in result.stderr, result.stderr


def test_a_bit_flipped_in_the_pack_is_refused(keys, site, server, on_version_1):
    pack = the_pack_file(site)
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0x01
    pack.write_bytes(bytes(data))
    result = sync(server.url, keys, on_version_1)
    refused(result, "not the one signed for")
    assert_on_valid_pack(on_version_1, 1)
    assert "not the one signed for" in status(on_version_1)["last_error"]
    assert list(PackStore(on_version_1).staging.iterdir()) == []  # the bad bytes are gone


def test_a_truncated_pack_is_refused(keys, site, server, on_version_1):
    pack = the_pack_file(site)
    pack.write_bytes(pack.read_bytes()[:100_000])
    refused(sync(server.url, keys, on_version_1), "ended early")
    assert_on_valid_pack(on_version_1, 1)


def test_metadata_signed_with_the_wrong_key_are_refused(
    keys, site, server, on_version_1, tmp_path, demo_pack
):
    other_keys = tmp_path / "other-keys"
    keygen(other_keys)
    shutil.rmtree(site)
    publish(demo_pack, other_keys, site)  # a whole site under keys the terminal never trusted
    refused(sync(server.url, keys, on_version_1), "not signed with the trusted keys")
    assert_on_valid_pack(on_version_1, 1)


def test_an_older_version_replayed_is_refused(keys, site, server, terminal, demo_pack, tmp_path):
    publish(demo_pack, keys, site)
    old_copy = tmp_path / "old-site"
    shutil.copytree(site, old_copy)
    publish(demo_pack, keys, site)
    assert sync(server.url, keys, terminal).returncode == 0
    assert_on_valid_pack(terminal, 2)
    shutil.rmtree(site)
    shutil.copytree(old_copy, site)  # the server (or a man in the middle) serves version 1
    refused(sync(server.url, keys, terminal), "older metadata than the terminal has seen")
    assert_on_valid_pack(terminal, 2)


def test_expired_metadata_are_refused_and_the_pack_kept(
    keys, site, server, on_version_1, demo_pack
):
    # Newer versions, but signed to expire 10 days ago: a server replaying what it was
    # given then (a freeze), or a publisher whose metadata nobody renewed.
    long_ago = datetime.now(UTC) - timedelta(days=40)
    publish(demo_pack, keys, site, now=long_ago, expires=timedelta(days=30))
    refused(sync(server.url, keys, on_version_1), "expired")
    assert_on_valid_pack(on_version_1, 1)


def test_a_pack_with_a_future_schema_is_refused(
    keys, site, server, on_version_1, demo_pack, tmp_path, monkeypatch
):
    import sqlite3

    from content import packformat

    future = tmp_path / "future.sqlite"
    shutil.copyfile(demo_pack, future)
    with sqlite3.connect(future) as conn:
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'",
            (str(packformat.SCHEMA_VERSION + 1),),
        )
    # A newer publisher: it reads the new schema; the terminal's kiosk does not.
    monkeypatch.setattr(packformat, "SCHEMA_VERSION", packformat.SCHEMA_VERSION + 1)
    monkeypatch.setattr(
        packformat,
        "SUPPORTED_SCHEMA_VERSIONS",
        (*packformat.SUPPORTED_SCHEMA_VERSIONS, packformat.SCHEMA_VERSION),
    )
    publish(future, keys, site)
    refused(sync(server.url, keys, on_version_1), "update the kiosk software")
    assert_on_valid_pack(on_version_1, 1)


# -- a server in trouble ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, words",
    [
        ("500/", "HTTP 500"),
        ("hang/", "no answer in 1 s"),
        ("forever/", "exceeding the maximum allowed length"),
    ],
)
def test_a_server_in_trouble_leaves_the_pack_as_it_is(keys, server, on_version_1, path, words):
    result = sync(server.fault_url + path, keys, on_version_1, "--timeout", "1")
    refused(result, words)
    assert_on_valid_pack(on_version_1, 1)
    assert status(on_version_1)["last_error"]


# -- USB -------------------------------------------------------------------------------------


def test_usb_import_installs_and_a_tampered_stick_is_refused(
    keys, site, terminal, demo_pack, tmp_path
):
    publish(demo_pack, keys, site)
    stick = tmp_path / "usb"
    shutil.copytree(site, stick)
    done = kiosk("import", stick, "--trust", keys / "root.json", "--data-dir", terminal)
    assert done.returncode == 0, done.stderr
    assert_on_valid_pack(terminal, 1)

    publish(demo_pack, keys, site)
    shutil.rmtree(stick)
    shutil.copytree(site, stick)
    pack = the_pack_file(stick)
    data = bytearray(pack.read_bytes())
    data[4096] ^= 0xFF
    pack.write_bytes(bytes(data))
    result = kiosk("import", stick, "--trust", keys / "root.json", "--data-dir", terminal)
    refused(result, "not the one signed for")
    assert_on_valid_pack(terminal, 1)

    nothing = kiosk("import", tmp_path, "--trust", keys / "root.json", "--data-dir", terminal)
    refused(nothing, "not a published folder")


# -- a leaked online key ---------------------------------------------------------------------


def test_after_a_key_rotation_the_old_keys_sign_nothing_a_terminal_accepts(
    tmp_path, site, server, terminal, demo_pack
):
    keys = tmp_path / "rotating-keys"
    keygen(keys)
    pinned = tmp_path / "root-v1.json"
    shutil.copyfile(keys / "root.json", pinned)  # what the terminal was installed with
    publish(demo_pack, keys, site)
    assert sync(server.url, keys, terminal).returncode == 0
    before_rotation = tmp_path / "site-before"
    shutil.copytree(site, before_rotation)
    leaked = tmp_path / "leaked"
    shutil.copytree(keys, leaked)  # someone copied the online keys

    done = kiosk("pack", "rotate-keys", "--keys", keys, "--to", site)
    assert done.returncode == 0, done.stderr
    result = kiosk("sync", "--once", "--url", server.url, "--trust", pinned, "--data-dir", terminal)
    assert result.returncode == 0, result.stderr
    assert "is the newest" in result.stdout  # the same pack, signed again: nothing to fetch
    assert (terminal / "tuf" / "root_history" / "2.root.json").exists()  # the new root
    assert_on_valid_pack(terminal, 1)

    # The thief publishes a "newer" pack with the old keys, on a server of their own that
    # shows only the old root.
    shutil.rmtree(site)
    shutil.copytree(before_rotation, site)
    publish(demo_pack, leaked, site)
    publish(demo_pack, leaked, site)
    result = kiosk("sync", "--once", "--url", server.url, "--trust", pinned, "--data-dir", terminal)
    refused(result, "not signed with the trusted keys")
    assert_on_valid_pack(terminal, 1)


# -- a clock far wrong -----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime is not installed")
def test_a_clock_far_wrong_does_not_brick_the_terminal(keys, server, on_version_1):
    """A terminal without a battery-backed clock can wake up years off. Ahead, every
    signature looks expired: sync is refused, saying why, and the terminal keeps its pack.
    Behind, the metadata look fresh and the newer pack installs. Either way it works."""

    def at(shift: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["faketime", "-f", shift, sys.executable, "-m", "kiosk", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    ahead = at(
        "+1000d",
        "sync",
        "--once",
        "--url",
        server.url,
        "--trust",
        keys / "root.json",
        "--data-dir",
        on_version_1,
    )
    refused(ahead, "or the terminal's clock is wrong")
    assert_on_valid_pack(on_version_1, 1)
    report = json.loads(at("+1000d", "status", "--data-dir", on_version_1, "--json").stdout)
    assert report["pack_version"] == 1 and report["out_of_date"] is True

    behind = at(
        "-1000d",
        "sync",
        "--once",
        "--url",
        server.url,
        "--trust",
        keys / "root.json",
        "--data-dir",
        on_version_1,
    )
    assert behind.returncode == 0, behind.stderr
    assert_on_valid_pack(on_version_1, 2)
    report = json.loads(at("-1000d", "status", "--data-dir", on_version_1, "--json").stdout)
    assert report["out_of_date"] is False  # a sync "in the future": nothing to say

    assert sync(server.url, keys, on_version_1).returncode == 0  # and right again later
    assert status(on_version_1)["pack_version"] == 2


# -- the sync service ------------------------------------------------------------------------


def test_sync_without_once_runs_on_from_the_config_file(
    keys, site, server, terminal, demo_pack, tmp_path
):
    """As the service runs it: every setting from the config file, and it keeps running."""
    import time

    publish(demo_pack, keys, site)
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'update_url = "{server.url}"\ntrust = "{keys / "root.json"}"\n'
        f'data_dir = "{terminal}"\nsync_every_minutes = 5\n',
        "utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sync", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while PackStore(terminal).installed() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert_on_valid_pack(terminal, 1)
        time.sleep(1)
        assert process.poll() is None  # waiting for the next round, not ended
        report = kiosk("status", "--config", config, "--json")
        assert json.loads(report.stdout)["pack_version"] == 1
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def test_resign_renews_the_signatures_without_a_download(keys, site, server, on_version_1):
    result = kiosk("pack", "resign", "--keys", keys, "--to", site)
    assert result.returncode == 0, result.stderr
    assert "pack version 2 signed again" in result.stdout
    assert sync(server.url, keys, on_version_1).returncode == 0
    assert_on_valid_pack(on_version_1, 2)
    again = kiosk("pack", "resign", "--keys", keys, "--to", site)
    assert again.returncode == 0
    log = sync(server.url, keys, on_version_1)
    assert log.returncode == 0 and "is the newest" in log.stdout  # nothing downloaded
    assert len(list((site / "targets").iterdir())) == 2  # no new pack file either
