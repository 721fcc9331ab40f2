"""The systemd units in deploy/: `systemd-analyze verify` has nothing to say about any of
them, it does about a broken one, and each is hardened and timed as the runbook says."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
ALL = sorted(p.name for p in UNITS.iterdir() if p.suffix in (".service", ".timer"))

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)


@pytest.fixture
def units(tmp_path) -> Path:
    """The units with /opt/perm-kiosk moved under tmp_path, where an executable `kiosk`
    stands in for the installed one: verify checks that every command is there. The other
    commands (cage, grep, systemctl) are this machine's own."""
    opt = tmp_path / "opt/perm-kiosk"
    kiosk = opt / ".venv/bin/kiosk"
    kiosk.parent.mkdir(parents=True)
    kiosk.write_text("#!/bin/sh\n")
    kiosk.chmod(0o755)
    folder = tmp_path / "units"
    folder.mkdir()
    for name in ALL:
        text = (UNITS / name).read_text("utf-8")
        (folder / name).write_text(text.replace("/opt/perm-kiosk", str(opt)), "utf-8")
    return folder


def verify(folder: Path, *names: str) -> str:
    ran = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *(str(folder / n) for n in names)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"SYSTEMD_LOG_COLOR": "0", "PATH": "/usr/bin:/bin", "LC_ALL": "C"},
    )
    return (ran.stdout + ran.stderr).strip()


def test_the_units_are_all_there():
    assert ALL == [
        "perm-kiosk-outbox.service",
        "perm-kiosk-outbox.timer",
        "perm-kiosk-restart.service",
        "perm-kiosk-restart.timer",
        "perm-kiosk-sync.service",
        "perm-kiosk-sync.timer",
        "perm-kiosk.service",
    ]


def test_systemd_analyze_verify_has_nothing_to_say(units):
    if not shutil.which("cage"):
        pytest.fail("cage is not installed (deploy/system-packages.txt: make system-deps)")
    assert verify(units, *ALL) == ""


@pytest.mark.parametrize(
    "change, said",
    [
        (("Type=notify", "Type=notifyy"), "Failed to parse service type"),
        (("WatchdogSec=30", "WatchdogSecs=30"), "Unknown key 'WatchdogSecs'"),
        (("/usr/bin/cage", "/usr/bin/no-such-cage"), "is not executable"),
        (("WantedBy=multi-user.target", "WantedBy=multi-user.target\n[Bogus]"), "Bogus"),
    ],
)
def test_a_broken_unit_is_reported(units, change, said):
    unit = units / "perm-kiosk.service"
    unit.write_text(unit.read_text().replace(*change, 1))
    assert said in verify(units, "perm-kiosk.service")


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def test_the_app_is_a_notify_service_with_a_watchdog_and_a_start_limit():
    unit = _unit("perm-kiosk.service")
    service = unit["Service"]
    assert service["Type"] == "notify" and service["NotifyAccess"] == "all"
    assert int(service["WatchdogSec"]) <= 60
    assert service["Restart"] in ("always", "on-failure")
    assert unit["Unit"]["Conflicts"] == "getty@tty1.service"
    assert service["ExecStart"].startswith("/usr/bin/cage ")
    assert service["ExecStart"].endswith("/opt/perm-kiosk/.venv/bin/kiosk run")
    assert {"StartLimitIntervalSec", "StartLimitBurst"} <= set(unit["Unit"])
    assert service["User"] == "kiosk" and service["TTYPath"] == "/dev/tty1"


@pytest.mark.parametrize("name", ["perm-kiosk-sync", "perm-kiosk-outbox"])
def test_the_network_services_are_oneshots_on_a_random_timer(name):
    service = _unit(f"{name}.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["ExecStart"].endswith("--once")
    for key, value in {
        "ProtectSystem": "strict",
        "ReadWritePaths": "/var/lib/perm-kiosk",
        "PrivateDevices": "yes",
        "CapabilityBoundingSet": "",
        "SystemCallFilter": "@system-service",
        "NoNewPrivileges": "yes",
    }.items():
        assert service[key] == value, key
    timer = _unit(f"{name}.timer")["Timer"]
    assert timer["RandomizedDelaySec"]


def test_the_nightly_restart_is_at_a_quiet_hour():
    timer = _unit("perm-kiosk-restart.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* 03:30" and timer["RandomizedDelaySec"]
    service = _unit("perm-kiosk-restart.service")["Service"]
    assert service["ExecStart"] == "/usr/bin/systemctl restart perm-kiosk.service"


def test_the_journal_is_capped():
    journal = configparser.RawConfigParser()
    journal.optionxform = str
    journal.read(ROOT / "deploy/journald/perm-kiosk.conf", encoding="utf-8")
    assert journal["Journal"]["SystemMaxUse"] == "200M"
    assert journal["Journal"]["RuntimeMaxUse"]
