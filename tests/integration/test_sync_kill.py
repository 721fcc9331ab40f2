"""`kill -9` of `kiosk sync` at every step of download, verify and swap, and at random
moments of a slow download: after each, what the app would open is a whole pack (the old
one or the new one), and the next sync finishes the job, resuming the download.

The named steps are `kiosk.adapters.pack_store.checkpoint()` calls: with KIOSK_TEST_PAUSE_AT the
sync process stops there and says so, and the test kills it with SIGKILL.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from sync_server import NginxSite, nginx_binary

from content.publisher.keys import keygen
from content.publisher.publish import publish
from kiosk.adapters.pack_store import PackStore, read_info

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


def start_sync(url, keys, terminal, pause_at=None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("KIOSK_TEST_PAUSE_AT", None)
    if pause_at:
        env["KIOSK_TEST_PAUSE_AT"] = pause_at
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "sync",
            "--once",
            "--url",
            url,
            "--trust",
            str(keys / "root.json"),
            "--data-dir",
            str(terminal),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_pause(process: subprocess.Popen, step: str, timeout: float = 60) -> None:
    """Read stderr until the process says it paused at `step`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if f"paused at {step}" in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"sync ended (status {process.returncode}) before {step}")
    raise AssertionError(f"sync did not reach {step} in {timeout} s")


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stdout.close()
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
    with NginxSite(site, base / "nginx-setup") as server:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk",
                "sync",
                "--once",
                "--url",
                server.url,
                "--trust",
                str(keys / "root.json"),
                "--data-dir",
                str(template),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    publish(demo_pack, keys, site)
    return keys, site, template


def finish(url, keys, terminal) -> str:
    """Sync to the end; returns its log."""
    process = start_sync(url, keys, terminal)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return err


def test_kill_9_at_every_step_leaves_a_whole_pack(published, tmp_path):
    keys, site, template = published
    seen = []
    with NginxSite(site, tmp_path / "nginx") as server:
        for step in STEPS:
            terminal = tmp_path / f"t-{step}"
            shutil.copytree(template, terminal)
            process = start_sync(server.url, keys, terminal, pause_at=step)
            wait_for_pause(process, step)
            kill(process)
            assert the_app_opens_a_whole_pack(terminal) in (1, 2), step
            log = finish(server.url, keys, terminal)
            assert the_app_opens_a_whole_pack(terminal) == 2, step
            seen.append(step)
            if step in ("download-chunk-2", "download-chunk-3", "downloaded"):
                assert "resuming the pack download at byte" in log, (step, log)
    assert seen == STEPS


def test_kill_9_at_random_moments_of_a_slow_download(published, tmp_path):
    keys, site, template = published
    pack_bytes = max(p.stat().st_size for p in (site / "targets").iterdir())
    rate = 400_000  # bytes a second: the download takes about two seconds
    randomly = random.Random(20261127)  # the same moments in every run
    resumed = 0
    with NginxSite(site, tmp_path / "nginx", rate_limit=f"{rate}") as server:
        for n in range(TIMED_KILLS):
            terminal = tmp_path / f"t-{n}"
            shutil.copytree(template, terminal)
            process = start_sync(server.url, keys, terminal)
            time.sleep(randomly.uniform(0.3, 0.6 + pack_bytes / rate))
            kill(process)
            assert the_app_opens_a_whole_pack(terminal) in (1, 2), n
            log = finish(server.url, keys, terminal)
            resumed += "resuming the pack download" in log
            assert the_app_opens_a_whole_pack(terminal) == 2, n
    assert resumed >= 1  # some kills landed in the download, and it was continued
