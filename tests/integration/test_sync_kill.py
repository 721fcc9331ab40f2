"""`kill -9` of a sync at every step of download, verify and swap, and at random moments of a
slow download: after each, what the app would open is a whole pack (the old one or the new
one), and the next sync finishes the job, resuming the download.

The sync to kill runs in a process of its own (tests/paused_sync.py), with a pack store
whose checkpoint (PackStore's named steps) says each step on stderr and stops at the one
asked for; the test kills it there with SIGKILL. The next sync runs in the test's process.
"""

from __future__ import annotations

import logging
import random
import shutil
import signal
import time
from pathlib import Path

import pytest
from forked import DEVNULL, PIPE, Forked, ForkServer
from sync_server import NginxSite, nginx_binary

from content.publisher.keys import keygen
from content.publisher.publish import publish
from kiosk.adapters.pack_store import PackStore, read_info
from kiosk.adapters.sync import sync_once

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

STEPS = [
    "sync-start",
    "metadata-refreshed",
    "download-chunk-1",
    "download-chunk-2",
    "download-chunk-3",
    "downloaded",
    "verified",
    "install-checked",
    "install-linked",
    "install-previous-kept",
    "install-renamed",
    "installed",
]
TIMED_KILLS = 10
"""Kills at random moments of a download slowed down by nginx (limit_rate)."""

ROOT = Path(__file__).resolve().parents[2]
PAUSED_SYNC = ROOT / "tests" / "paused_sync.py"


@pytest.fixture(scope="module")
def forks():
    """The syncs to kill are forked from one process that imported their code, TUF's client
    and urllib3 included (tests/forked.py): each is still a process of its own, killed by
    SIGKILL, without 0.1 s of imports."""
    with ForkServer("paused_sync", "tuf.ngclient", "urllib3") as server:
        yield server


def start_sync(forks, url, keys, terminal, pause_at=None) -> Forked:
    """A sync in its own process; it stops at the step `pause_at`, if given."""
    args = [url, keys / "root.json", terminal, *([pause_at] if pause_at else [])]
    return forks.start(PAUSED_SYNC, *args, stdout=DEVNULL, stderr=PIPE)


def wait_for_line(process: Forked, words: str, timeout: float = 60) -> None:
    """Read stderr until the process writes a line with `words` (the step it is at)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if words in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"sync ended (status {process.returncode}) before {words!r}")
    raise AssertionError(f"sync did not write {words!r} in {timeout} s")


def kill(process: Forked) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stderr.close()


def the_app_opens_a_whole_pack(terminal) -> int:
    """The pack `kiosk run --data-dir` would open (PackStore.usable_pack), fully checked."""
    from content.pack.reader import open_pack

    usable = PackStore(terminal).usable_pack()
    assert usable is not None, "no pack to open"
    version = read_info(usable, integrity=True).version
    with open_pack(usable) as pack:  # what the app does with it
        assert pack.categories()
    return version


@pytest.fixture(scope="module")
def published(tmp_path_factory, demo_pack):
    """Keys, a site with version 2, and a terminal folder on version 1 to copy."""
    base = tmp_path_factory.mktemp("kill")
    keys, site, template = base / "keys", base / "site", base / "on-v1"
    keygen(keys)
    publish(demo_pack, keys, site)
    sync_once(site.as_uri(), keys / "root.json", PackStore(template))
    publish(demo_pack, keys, site)
    return keys, site, template


@pytest.fixture(scope="module")
def server(published, tmp_path_factory):
    _keys, site, _template = published
    with NginxSite(site, tmp_path_factory.mktemp("nginx")) as running:
        yield running


def finish(url, keys, terminal, caplog) -> str:
    """Sync to the end, as the next `kiosk sync` would; returns its log."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kiosk.adapters.sync"):
        sync_once(url, keys / "root.json", PackStore(terminal))
    return caplog.text


def test_kill_9_at_every_step_leaves_a_whole_pack(forks, published, server, tmp_path, caplog):
    keys, site, template = published
    seen = []
    for step in STEPS:
        terminal = tmp_path / f"t-{step}"
        shutil.copytree(template, terminal)
        process = start_sync(forks, server.url, keys, terminal, pause_at=step)
        wait_for_line(process, f"paused at {step}")
        kill(process)
        assert the_app_opens_a_whole_pack(terminal) in (1, 2), step
        log = finish(server.url, keys, terminal, caplog)
        assert the_app_opens_a_whole_pack(terminal) == 2, step
        seen.append(step)
        if step in ("download-chunk-2", "download-chunk-3", "downloaded"):
            assert "resuming the pack download at byte" in log, (step, log)
    assert seen == STEPS


def test_kill_9_at_random_moments_of_a_slow_download(forks, published, server, tmp_path, caplog):
    keys, site, template = published
    pack_bytes = max(p.stat().st_size for p in (site / "targets").iterdir())
    rate = 2_000_000  # bytes a second: the download takes about 0.4 s, 0.13 s a chunk
    download_s = pack_bytes / rate
    randomly = random.Random(20261127)  # the same moments in every run
    resumed = 0
    with NginxSite(site, tmp_path / "nginx", rate_limit=f"{rate}") as slow:
        for n in range(TIMED_KILLS):
            terminal = tmp_path / f"t-{n}"
            shutil.copytree(template, terminal)
            process = start_sync(forks, slow.url, keys, terminal)
            # The moments are counted from the start of the download, not of the process,
            # whose start-up takes as long as the machine is busy.
            wait_for_line(process, "at metadata-refreshed")
            time.sleep(randomly.uniform(0, 1.2 * download_s))
            kill(process)
            assert the_app_opens_a_whole_pack(terminal) in (1, 2), n
            log = finish(server.url, keys, terminal, caplog)  # the same site, at full speed
            resumed += "resuming the pack download" in log
            assert the_app_opens_a_whole_pack(terminal) == 2, n
    assert resumed >= 1  # some kills landed in the download, and it was continued
