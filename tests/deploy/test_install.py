"""deploy/install.sh into a folder: what it lays out, that a second run changes nothing,
and that the kiosk installed there starts on the demo pack from the files it installed."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import time
import tomllib
from pathlib import Path

START_TIMEOUT_S = 120
"""Real seconds for the app to start on a loaded machine (about 5 here)."""

OPT = "opt/perm-kiosk"


def test_a_second_install_changes_nothing(installed):
    assert installed.first == installed.second
    assert "is installed already" in installed.output[1]
    assert "kept /etc/perm-kiosk/kiosk.toml" in installed.output[1]
    assert "wrote" not in installed.output[1]
    # A listing with hashes: thousands of files, the venv's .pyc among them.
    assert len(installed.first) > 1000
    assert any(line.endswith(".pyc") for line in installed.first)


def test_without_destdir_nothing_on_the_running_system_is_touched(installed):
    said = installed.output[0]
    assert "would install the Debian packages:" in said and " cage " in said
    assert "would run: systemd-sysusers /etc/sysusers.d/perm-kiosk.conf" in said
    assert "would run: systemd-tmpfiles --create /etc/tmpfiles.d/perm-kiosk.conf" in said


def _line(installed, path: str) -> list[str]:
    (line,) = [line for line in installed.first if line.split(" ", 4)[4] == path]
    return line.split(" ", 4)


def test_the_terminal_is_laid_out_with_its_modes(installed):
    assert _line(installed, "/var/lib/perm-kiosk")[:2] == ["d", "0750"]
    assert _line(installed, "/etc/perm-kiosk/kiosk.toml")[:2] == ["f", "0640"]
    assert _line(installed, "/usr/local/sbin/perm-kiosk-add-printer")[:2] == ["f", "0755"]
    kind, _mode, _owner, target, _path = _line(installed, "/opt/perm-kiosk/.venv")
    assert kind == "l" and re.fullmatch(r"releases/[0-9a-f]{16}", target)
    wants = installed.destdir / "etc/systemd/system"
    for link in (
        "multi-user.target.wants/perm-kiosk.service",
        "timers.target.wants/perm-kiosk-sync.timer",
        "timers.target.wants/perm-kiosk-outbox.timer",
        "timers.target.wants/perm-kiosk-restart.timer",
    ):
        assert (wants / link).is_symlink(), link
    assert (installed.destdir / "etc/systemd/journald.conf.d/perm-kiosk.conf").exists()
    assert "u kiosk" in (installed.destdir / "etc/sysusers.d/perm-kiosk.conf").read_text()


def test_the_config_points_at_the_installed_demo_pack_and_data_folder(installed):
    root = installed.destdir
    config = tomllib.loads((root / "etc/perm-kiosk/kiosk.toml").read_text("utf-8"))
    assert config["data_dir"] == "/var/lib/perm-kiosk"
    assert config["pack"] == "/opt/perm-kiosk/demo.sqlite"
    assert (root / config["pack"].lstrip("/")).resolve().is_file()
    # The rest is deploy/kiosk.toml's, comments and all.
    assert config["paper"] == "a4" and "staff_pin" not in config


def test_a_config_edited_by_staff_is_kept(installed):
    config = installed.destdir / "etc/perm-kiosk/kiosk.toml"
    original = config.read_bytes()
    try:
        config.write_bytes(original + b'staff_pin = "482915"\n')
        ran = installed.run()
        assert ran.returncode == 0, ran.stderr
        assert config.read_bytes().endswith(b'staff_pin = "482915"\n')
    finally:
        config.write_bytes(original)


def test_every_program_the_units_start_from_opt_is_installed(installed):
    units = installed.destdir / "etc/systemd/system"
    programs = set()
    for unit in units.glob("perm-kiosk*.service"):
        programs |= set(re.findall(r"(/opt/perm-kiosk/\S+)", unit.read_text()))
    assert programs == {"/opt/perm-kiosk/.venv/bin/kiosk"}
    assert os.access(installed.destdir / OPT / ".venv/bin/kiosk", os.X_OK)


def test_the_installed_kiosk_starts_headless_on_its_demo_pack(installed, tmp_path):
    root = installed.destdir
    kiosk = root / OPT / ".venv/bin/kiosk"
    pack = (root / OPT / "demo.sqlite").resolve()
    # Not the test worker's Kivy settings: kiosk/app/headless.py, imported by an earlier
    # test in this process, sets KIVY_NO_CONSOLELOG, and the log below would stay empty.
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("KIVY_")},
        "HOME": str(tmp_path),
        "KIVY_HOME": str(tmp_path / "kivy"),
        "SDL_VIDEODRIVER": "offscreen",  # no display here; the service has cage's
    }
    # The paths of the unit, under DESTDIR: --config, and what the config names in /.
    args = [
        str(kiosk), "run",
        "--config", str(root / "etc/perm-kiosk/kiosk.toml"),
        "--data-dir", str(root / "var/lib/perm-kiosk"),
        "--pack", str(root / OPT / "demo.sqlite"),
    ]  # fmt: skip
    app = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        log = _read_until(app, "Start application main loop")
        release = str(root / OPT / "releases")
        assert f'Interpreter at "{release}/' in log
        assert f'Installed at "{release}/' in log  # Kivy, from the installed venv
        assert str(pack) in _open_files(app.pid)
        app.send_signal(signal.SIGTERM)  # as systemd stops it
        app.communicate(timeout=30)
        assert app.returncode == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def _open_files(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.add(os.readlink(fd))
        except OSError:  # closed while we looked
            pass
    return found


def _read_until(app: subprocess.Popen, marker: str) -> str:
    """The app's log up to the line with `marker`; fails if it ends or takes too long."""
    seen = []
    selector = selectors.DefaultSelector()
    selector.register(app.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if not selector.select(timeout=deadline - time.monotonic()):
            break
        line = app.stderr.readline()
        if not line:
            raise AssertionError(f"the kiosk ended ({app.wait()}):\n{''.join(seen)}")
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"no {marker!r} in {START_TIMEOUT_S} s:\n{''.join(seen)}")
