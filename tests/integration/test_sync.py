"""Signed packs end to end: `kiosk pack keygen/publish`, nginx on loopback, `kiosk sync`,
`kiosk import`, `kiosk status`, `kiosk pack rollback`.

The commands run in the test's process through click's test runner (exit status, stdout,
stderr), except where the process is the point: the sync service that keeps running, a
clock made wrong by faketime, and the refusals on a really full or read-only disk, where
what the process prints (one line, no traceback) is what is tested.

Every attack and fault leaves the terminal on a valid pack (old or new, never broken), a
non-zero exit status and the reason on stderr, and the reason in `kiosk status`. The tests
that need no server (a full disk, a bad trusted root, a refused connection) read the
published folder through file:// addresses, as an import does.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from command import Ran, kiosk
from sync_server import NginxSite, nginx_binary

from content.publisher.keys import keygen
from content.publisher.publish import publish
from kiosk.adapters.pack_store import PackStore, read_info


def kiosk_process(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    """`kiosk ARGS` as a process of its own, for what only a process shows."""
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


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """One nginx for the module; each test's `server` points it at the test's site."""
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (deploy/test-packages.txt: make system-deps)")
    work = tmp_path_factory.mktemp("nginx")
    with NginxSite(work / "nothing-yet", work) as running:
        yield running


@pytest.fixture
def server(site, nginx):
    site.mkdir(exist_ok=True)
    nginx.serve(site)
    return nginx


@pytest.fixture
def terminal(tmp_path) -> Path:
    return tmp_path / "terminal"


def sync(server_url: str, keys: Path, terminal: Path, *extra, run=kiosk) -> Ran:
    return run(
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
    from kiosk.cli.paths import DEMO_CONTENT

    assert kiosk("pack", "publish", DEMO_CONTENT, "--keys", keys, "--to", site).returncode == 0
    assert sync(server.url, keys, terminal).returncode == 0
    assert_on_valid_pack(terminal, 1)


# -- tampering, keys, replays, expiry, schema ------------------------------------------------


@pytest.fixture(scope="module")
def published_twice(keys, demo_pack, tmp_path_factory) -> tuple[Path, Path]:
    """A site with version 2 published and a terminal that synced its version 1, made once
    for the module: publishing twice and a sync cost 0.13 s, a copy of both 0.01 s, and
    the tests that start here tamper with their copies (`start_on_version_1`)."""
    from kiosk.adapters.sync import sync_once

    base = tmp_path_factory.mktemp("on-version-1")
    site, terminal = base / "site", base / "terminal"
    publish(demo_pack, keys, site)
    sync_once(site.as_uri(), keys / "root.json", PackStore(terminal))
    publish(demo_pack, keys, site)
    return site, terminal


def start_on_version_1(published_twice, site: Path, terminal: Path) -> None:
    """The test's own site and terminal, as `published_twice` left them (copy2 keeps the
    files' times: `the_pack_file` picks the newest pack by them)."""
    template_site, template_terminal = published_twice
    shutil.copytree(template_site, site, dirs_exist_ok=True)
    shutil.copytree(template_terminal, terminal)


@pytest.fixture
def on_version_1(published_twice, site, server, terminal):
    """A terminal that has synced version 1; version 2 is then published."""
    start_on_version_1(published_twice, site, terminal)
    return terminal


def refused(result: Ran | subprocess.CompletedProcess, words: str) -> None:
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

    from content.pack import format as packformat

    future = tmp_path / "future.sqlite"
    shutil.copyfile(demo_pack, future)
    with sqlite3.connect(future) as conn:
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'",
            (str(packformat.SCHEMA_VERSION + 1),),
        )
    # A newer publisher: it reads the new schema; the terminal's kiosk, after it, does not.
    with monkeypatch.context() as newer:
        newer.setattr(packformat, "SCHEMA_VERSION", packformat.SCHEMA_VERSION + 1)
        newer.setattr(
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
        log = []
        while not log or "the next sync is in 5 minutes" not in log[-1]:  # the round is done
            line = process.stderr.readline()
            assert line, f"the service ended: {''.join(log)}"
            log.append(line)
        assert_on_valid_pack(terminal, 1)
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


# -- a full disk, a read-only folder ---------------------------------------------------------


def files_in(terminal: Path) -> set[str]:
    return {str(p.relative_to(terminal)) for p in terminal.rglob("*") if p.is_file()}


def leftovers(terminal: Path) -> set[str]:
    """Files no sync should leave behind: partial downloads and temporary files."""
    expected = re.compile(
        r"^(pack/(current|previous)\.sqlite|state\.json|sync\.lock|tuf/\w+\.json"
        r"|tuf/root_history/\d+\.root\.json)$"
    )
    return {name for name in files_in(terminal) if not expected.match(name)}


@pytest.fixture
def file_site(published_twice, site, terminal):
    """A terminal on version 1 of a site read through file://; version 2 then published."""
    start_on_version_1(published_twice, site, terminal)
    return site.as_uri()


class FullFile(io.FileIO):
    """A file on a disk with `room` bytes left: a longer write fails as a full disk does."""

    room = 0

    def write(self, data) -> int:
        if len(data) > FullFile.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.name)
        FullFile.room -= len(data)
        return super().write(data)


def full_open(room: int):
    def fake_open(path, mode="r", *args, **kwargs):
        if "w" in mode or "+" in mode or "a" in mode:
            FullFile.room = room
            return io.BufferedWriter(FullFile(path, mode.replace("b", "")))
        return open(path, mode, *args, **kwargs)

    return fake_open


class OsOnAFullDisk:
    """A module's view of `os` when the disk is full: `failing` calls raise ENOSPC (the
    pack store's, for its swap; content.files', for state.json)."""

    def __init__(self, *failing: str):
        self.failing = failing

    def __getattr__(self, name):
        if name not in self.failing:
            return getattr(os, name)

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        return full


class TempfileOnAFullDisk:
    """ngclient's `tempfile`: its temporary metadata file is made, and writing it fails."""

    def __getattr__(self, name):
        return getattr(tempfile, name)

    @staticmethod
    def NamedTemporaryFile(dir=None, delete=True):  # noqa: N802 (tempfile's name)
        fd, name = tempfile.mkstemp(dir=dir)
        os.close(fd)
        return io.BufferedWriter(FullFile(name, "w"))


def fill_disk(step: str, monkeypatch) -> None:
    import tuf.ngclient.updater

    from kiosk.adapters import pack_store, sync

    if step == "tuf metadata":
        monkeypatch.setattr(tuf.ngclient.updater, "tempfile", TempfileOnAFullDisk())
    elif step == "download: the first byte":
        monkeypatch.setattr(sync, "open", full_open(0), raising=False)
    elif step == "download: half way":
        monkeypatch.setattr(sync, "open", full_open(300_000), raising=False)
    elif step == "the swap":
        monkeypatch.setattr(pack_store, "os", OsOnAFullDisk("link"))
    else:
        raise AssertionError(step)


@pytest.mark.parametrize(
    "step", ["tuf metadata", "download: the first byte", "download: half way", "the swap"]
)
def test_a_full_disk_at_any_step_is_a_refusal_that_frees_the_disk(
    keys, terminal, file_site, step, monkeypatch
):
    from kiosk.adapters.sync import SyncRefused, sync_once

    store = PackStore(terminal)
    with monkeypatch.context() as faults:
        fill_disk(step, faults)
        with pytest.raises(SyncRefused) as refused:
            sync_once(file_site, keys / "root.json", store)
    assert "the disk is full" in str(refused.value)
    assert leftovers(terminal) == set()  # the partial download and temporary files are gone
    assert_on_valid_pack(terminal, 1)
    assert "the disk is full" in store.state().last_error
    assert sync_once(file_site, keys / "root.json", store).installed.version == 2


def test_when_even_the_refusal_cannot_be_written_it_is_said_on_stderr(
    keys, terminal, file_site, monkeypatch, caplog
):
    from content import files
    from kiosk.adapters import sync
    from kiosk.adapters.sync import SyncRefused, sync_once

    store = PackStore(terminal)
    before = store.state()
    monkeypatch.setattr(sync, "open", full_open(0), raising=False)
    monkeypatch.setattr(files, "os", OsOnAFullDisk("write"))
    with caplog.at_level(logging.ERROR, logger="kiosk.adapters.sync"):
        with pytest.raises(SyncRefused, match="the disk is full"):
            sync_once(file_site, keys / "root.json", store)
    assert "could not be written to state.json" in caplog.text
    assert store.state() == before
    assert leftovers(terminal) == set()


def test_a_good_sync_that_cannot_be_recorded_still_installs_and_says_so(
    keys, terminal, file_site, monkeypatch, caplog
):
    from content import files
    from kiosk.adapters.sync import sync_once

    monkeypatch.setattr(files, "os", OsOnAFullDisk("write"))
    with caplog.at_level(logging.WARNING, logger="kiosk.adapters.sync"):
        result = sync_once(file_site, keys / "root.json", PackStore(terminal))
    assert result.installed.version == 2
    assert "could not be written to state.json" in caplog.text


@contextmanager
def tmpfs(folder: Path, size: str):
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def free_bytes(folder: Path) -> int:
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize


def room_for_one(pack: Path) -> str:
    """A tmpfs size (for mount's size=) that holds `pack` and its state, not two of it: a
    quarter more than the pack, whatever the demo content has grown to."""
    return f"{pack.stat().st_size * 5 // 4 // 1024 + 64}k"


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root (as in CI)")
def test_a_sync_onto_a_really_full_disk_is_refused_recorded_and_frees_the_disk(
    keys, site, tmp_path, demo_pack
):
    """The issue's case: the data folder on a small tmpfs (1 MB for a pack of 0.8 MB), a
    pack installed, and a new version that does not fit beside it."""
    publish(demo_pack, keys, site)
    with tmpfs(tmp_path / "small-disk", room_for_one(demo_pack)) as disk:
        terminal = disk / "terminal"
        first = sync(site.as_uri(), keys, terminal)
        assert first.returncode == 0, first.stderr
        room = free_bytes(disk)
        publish(demo_pack, keys, site)
        result = sync(site.as_uri(), keys, terminal, run=kiosk_process)
        refused(result, "the disk is full")
        assert "Traceback" not in result.stderr
        assert "the disk is full" in status(terminal)["last_error"]
        assert leftovers(terminal) == set()
        assert free_bytes(disk) >= room - 16384  # the partial download is gone (state.json stays)
        assert_on_valid_pack(terminal, 1)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root (as in CI)")
def test_the_sync_service_on_a_full_disk_goes_on_to_the_next_round(keys, site, tmp_path, demo_pack):
    publish(demo_pack, keys, site)
    with tmpfs(tmp_path / "small-disk", room_for_one(demo_pack)) as disk:
        terminal = disk / "terminal"
        assert sync(site.as_uri(), keys, terminal).returncode == 0
        publish(demo_pack, keys, site)
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f'update_url = "{site.as_uri()}"\ntrust = "{keys / "root.json"}"\n'
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
            log = []
            while not log or "the next sync is in 5 minutes" not in log[-1]:
                line = process.stderr.readline()
                assert line, f"the service ended: {''.join(log)}"
                log.append(line)
            assert any("sync refused" in line and "the disk is full" in line for line in log)
            assert process.poll() is None  # waiting for its next round
        finally:
            process.terminate()
            process.wait(timeout=10)
            process.stderr.close()
        assert "the disk is full" in status(terminal)["last_error"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs read-only needs root (as in CI)")
def test_a_read_only_data_folder_is_a_refusal_said_on_stderr(keys, site, tmp_path, demo_pack):
    publish(demo_pack, keys, site)
    with tmpfs(tmp_path / "disk", "4m") as disk:
        terminal = disk / "terminal"
        assert sync(site.as_uri(), keys, terminal).returncode == 0
        publish(demo_pack, keys, site)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = sync(site.as_uri(), keys, terminal, run=kiosk_process)
        refused(result, "the disk is read-only")
        assert "Traceback" not in result.stderr
        assert "could not be written to state.json" in result.stderr
        assert_on_valid_pack(terminal, 1)


def test_the_sync_service_goes_on_after_a_refusal_and_after_a_fault():
    from kiosk.adapters.sync import SyncRefused, sync_forever

    class Stop(Exception):
        pass

    outcomes = [SyncRefused("the disk is full"), OSError("a bug"), None, SyncRefused("again")]
    ran, slept = [], []

    def attempt():
        ran.append(len(ran))
        outcome = outcomes[len(ran) - 1]
        if outcome is not None:
            raise outcome

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == len(outcomes):
            raise Stop

    with pytest.raises(Stop):
        sync_forever(attempt, 300, sleep=sleep)
    assert ran == [0, 1, 2, 3] and slept == [300] * 4


# -- messages: the trusted root, the connection ----------------------------------------------


def broken_roots(keys: Path, tmp_path: Path) -> dict[str, Path]:
    good = json.loads((keys / "root.json").read_text("utf-8"))
    roots = {"missing": tmp_path / "no-root.json"}
    roots["not JSON"] = tmp_path / "text.json"
    roots["not JSON"].write_text("this is not JSON", "utf-8")
    roots["not a root"] = tmp_path / "timestamp.json"
    roots["not a root"].write_text(
        json.dumps({"signed": {"_type": "timestamp"}, "signatures": []}), "utf-8"
    )
    forged = json.loads(json.dumps(good))
    forged["signed"]["expires"] = "2099-01-01T00:00:00Z"  # changed after signing
    roots["badly signed"] = tmp_path / "forged.json"
    roots["badly signed"].write_text(json.dumps(forged), "utf-8")
    return roots


@pytest.mark.parametrize(
    "kind, words",
    [
        ("missing", "there is no such file"),
        ("not JSON", "not TUF metadata"),
        ("not a root", "not TUF root metadata"),
        ("badly signed", "its signatures do not match its own keys"),
    ],
)
def test_a_bad_trusted_root_file_is_named_as_the_local_file(
    keys, terminal, file_site, tmp_path, kind, words
):
    from kiosk.adapters.sync import SyncRefused, sync_once

    trust = broken_roots(keys, tmp_path)[kind]
    with pytest.raises(SyncRefused) as refused:
        sync_once(file_site, trust, PackStore(terminal))
    message = str(refused.value)
    assert message.startswith(f"the trusted root file {trust} is not valid"), message
    assert words in message
    assert "published metadata" not in message


def test_a_refused_connection_is_said_as_such_not_as_a_timeout(keys, terminal, tmp_path):
    from sync_server import free_port

    from kiosk.adapters.sync import SyncRefused, sync_once

    url = f"http://127.0.0.1:{free_port()}/"  # nobody listens there
    with pytest.raises(SyncRefused) as refused:
        sync_once(url, keys / "root.json", PackStore(terminal))
    assert "the server refused the connection" in str(refused.value)
    assert "no answer" not in str(refused.value)


def test_a_name_that_does_not_resolve_is_said_as_such(keys, terminal, monkeypatch):
    import socket

    from kiosk.adapters.sync import SyncRefused, sync_once

    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(SyncRefused) as refused:
        sync_once("http://packs.example.invalid/", keys / "root.json", PackStore(terminal))
    assert "cannot resolve the server's name packs.example.invalid" in str(refused.value)


# -- a damaged current pack ------------------------------------------------------------------


def test_a_junk_current_pack_is_reported_and_never_replaces_the_good_backup(
    keys, site, server, terminal, demo_pack
):
    publish(demo_pack, keys, site)
    assert sync(server.url, keys, terminal).returncode == 0
    publish(demo_pack, keys, site)
    assert sync(server.url, keys, terminal).returncode == 0  # current 2, previous 1
    (terminal / "pack" / "current.sqlite").write_bytes(b"junk" * 5000)

    report = status(terminal)  # what the app shows, and what is broken
    assert (report["pack_version"], report["pack_path"]) == (
        1,
        str(terminal / "pack" / "previous.sqlite"),
    )
    assert "current.sqlite" in report["damaged"]
    text = kiosk("status", "--data-dir", terminal).stdout
    assert "damaged: current.sqlite does not open" in text

    publish(demo_pack, keys, site)
    assert sync(server.url, keys, terminal).returncode == 0
    assert_on_valid_pack(terminal, 3)
    assert read_info(PackStore(terminal).previous, integrity=True).version == 1  # not the junk
    back = kiosk("pack", "rollback", "--data-dir", terminal)
    assert back.returncode == 0, back.stderr
    assert "now on pack version 1" in back.stdout


def test_a_sync_with_nothing_new_puts_a_good_previous_pack_back_in_place_of_junk(
    keys, site, server, on_version_1, demo_pack
):
    assert sync(server.url, keys, on_version_1).returncode == 0  # current 2, previous 1
    (on_version_1 / "pack" / "current.sqlite").write_bytes(b"junk" * 5000)
    result = sync(server.url, keys, on_version_1)  # version 2 is still the newest published
    assert result.returncode == 0, result.stderr
    assert "the installed packs were put right" in result.stderr
    assert status(on_version_1)["damaged"] == {}
    assert_on_valid_pack(on_version_1, 2)  # and the newest was installed again
