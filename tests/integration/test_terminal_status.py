"""The terminal's status gathered from its real files (kiosk/adapters/terminal_status.py), read
back through the fleet report's strict reader: every part where it lives, and every part
failing on its own leaves that part unknown, never the report unmade. The printer here is
a stand-in answering as CUPS does; tests/integration/test_status_upload.py asks real CUPS."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sealed_submissions import queue

from kiosk.adapters.outbox import Outbox
from kiosk.adapters.pack_store import PackStore, TerminalState
from kiosk.adapters.terminal_status import gather
from kiosk.core.config import Config
from kiosk.core.print_desk import counter_for
from kiosk.core.printing import PrintError
from kiosk.core.status import Marker, parse_status
from kiosk.office.fleet import assess

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
IDLE = {
    "printer-state": ["idle"],
    "printer-state-reasons": ["none"],
    "printer-is-accepting-jobs": ["true"],
    "marker-names": ["Black Toner"],
    "marker-levels": ["64"],
}


class Printer:
    """Answers as kiosk.adapters.cups.Cups does: `answers` per queue, a default queue."""

    def __init__(self, answers=None, running=True, default="office", broken=None):
        self.answers = answers if answers is not None else {"office": IDLE}
        self._running, self._default, self.broken = running, default, broken
        self.asked: list[str] = []

    def running(self) -> bool:
        if self.broken == "lpstat":
            raise PrintError("lpstat not found: install the cups-client package")
        return self._running

    def default_queue(self) -> str | None:
        return self._default

    def printer_attributes(self, queue: str) -> dict[str, list[str]]:
        self.asked.append(queue)
        if self.broken == "ipptool":
            raise PrintError("ipptool -c ... did not answer in 15 s")
        return self.answers.get(queue, {})


def config(**keys) -> Config:
    return Config(**{"terminal_id": "perm-uszn-lenina-1", **keys})


@pytest.fixture
def terminal(tmp_path, demo_pack) -> Path:
    """A data folder as a working terminal has it: a pack, a sync, pages, a queue, a touch."""
    data = tmp_path / "data"
    store = PackStore(data)
    store.pack_dir.mkdir(parents=True)
    shutil.copyfile(demo_pack, store.current)
    store.save_state(TerminalState(last_sync="2026-12-02T08:00:00Z", last_error="HTTP 503"))
    counter_for(data).add(5, NOW.astimezone().date())
    counter_for(data).add(99, date(2026, 12, 1))  # yesterday's pages are not today's
    queue(Outbox(data), 3)
    (data / "stats").mkdir()
    (data / "stats" / "last-touch").write_text("2026-12-02T09:12:30Z\n")
    (tmp_path / "uptime").write_text("3287.05 6068.04\n")
    return data


def test_a_working_terminal_reports_every_part_and_the_fleet_reads_it_back(terminal, tmp_path):
    printer = Printer()
    status = gather(config(), terminal, printer, NOW, tmp_path / "uptime")

    assert parse_status(status.to_json().encode()) == status
    assert (status.terminal, status.reported_at, status.upload_interval_seconds) == (
        "perm-uszn-lenina-1", NOW, 300,
    )  # fmt: skip
    installed = PackStore(terminal).installed()
    assert (status.pack_id, status.pack_version, status.pack_date) == (
        installed.pack_id, installed.version, installed.created_at,
    )  # fmt: skip
    assert status.app_version  # the installed package's version
    assert status.last_sync == datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    assert status.sync_error == "HTTP 503"
    assert (status.printer_state, status.printer_reasons) == ("idle", ())
    assert status.markers == (Marker("Black Toner", 64),)
    assert printer.asked == ["office"]  # no queue in the config: the system's default
    assert status.pages_today == 5
    usage = shutil.disk_usage(terminal)
    assert status.disk_total_bytes == usage.total
    assert abs(status.disk_free_bytes - usage.free) < 64 * 2**20
    assert status.uptime_seconds == 3287
    assert status.outbox_depth == 3
    assert status.outbox_oldest == datetime(2026, 12, 1, 10, 0, 3, tzinfo=UTC)
    assert status.last_touch == datetime(2026, 12, 2, 9, 12, 30, tzinfo=UTC)
    (row,) = assess([status], [], NOW)  # healthy, as the staff's report sees it
    assert row.flags == []


def test_the_config_s_printer_and_pack_are_the_ones_reported(tmp_path, demo_pack):
    printer = Printer({"hall": IDLE, "office": {}})
    status = gather(config(printer="hall", pack=demo_pack), tmp_path / "new", printer, NOW)
    assert printer.asked == ["hall"]
    assert status.pack_version > 0 and status.printer_state == "idle"
    # A data folder not made yet: the disk it will be on.
    assert status.disk_total_bytes == shutil.disk_usage(tmp_path).total


def answering(**changed) -> Printer:
    """The default queue answering IDLE's attributes with `changed` (printer_state=...)."""
    return Printer({"office": {**IDLE, **{k.replace("_", "-"): v for k, v in changed.items()}}})


BLACK = (Marker("Black Toner", 64),)
NO_LPSTAT = "lpstat not found: install the cups-client package"
PRINTERS = {
    "no scheduler": (Printer(running=False), "missing", ("cups-not-running",), ()),
    "no cups-client": (Printer(broken="lpstat"), "missing", (NO_LPSTAT,), ()),
    "no default queue": (Printer(default=None), "missing", ("no-default-printer",), ()),
    "no such queue": (Printer({}), "missing", ("no-queue-office",), ()),
    "hung": (Printer(broken="ipptool"), "unknown", ("ipptool -c ... did not answer in 15 s",), ()),
    "stopped": (
        answering(printer_state=["stopped"], printer_state_reasons=["paused", "media-empty"]),
        "stopped", ("paused", "media-empty"), BLACK,
    ),
    "rejecting": (
        answering(printer_is_accepting_jobs=["false"]), "stopped", ("not-accepting-jobs",), BLACK
    ),
    "a comma in a name": (
        answering(marker_names=["Black", "Cyan", "ink"], marker_levels=["3", "-2"]),
        "idle", (), (Marker("supply 1", 3), Marker("supply 2", -1)),
    ),
    "a level not a number": (
        answering(marker_names=["K"], marker_levels=["lots"]), "idle", (), (Marker("K", -1),)
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", PRINTERS)
def test_a_printer_in_trouble_or_none_is_reported_as_such(case, tmp_path):
    printer, state, reasons, markers = PRINTERS[case]
    status = gather(config(), tmp_path, printer, NOW)
    assert status.printer_state == state
    assert (status.printer_reasons, status.markers) == (reasons, markers)
    assert parse_status(status.to_json().encode()) == status


def test_every_part_failing_alone_leaves_it_unknown_and_the_report_still_made(
    terminal, tmp_path, caplog
):
    (terminal / "state.json").write_text("{not json")
    (terminal / "pack" / "current.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 500)
    (terminal / "pages.json").write_text('{"2026-12-02": "many"}')
    (terminal / "outbox.sqlite").write_bytes(b"\x00" * 4096)
    for name in ("outbox.sqlite-wal", "outbox.sqlite-shm"):
        (terminal / name).unlink(missing_ok=True)
    (terminal / "stats" / "last-touch").write_text("yesterday, about noon")
    (tmp_path / "uptime").unlink()

    status = gather(config(), terminal, Printer(broken="lpstat"), NOW, tmp_path / "uptime")

    assert parse_status(status.to_json().encode()) == status
    assert (status.pack_id, status.pack_version, status.last_sync) == ("", 0, None)
    assert (status.pages_today, status.uptime_seconds, status.last_touch) == (0, 0, None)
    assert (status.outbox_depth, status.outbox_oldest) == (0, None)
    assert status.printer_state == "missing"
    assert status.disk_total_bytes > 0  # what did not fail is there
    told = caplog.text
    for part in ("pages today unknown", "uptime unknown", "outbox unknown", "last_touch unknown"):
        assert part in told


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.write_text("2026-12-05T09:12:30"),  # no time zone
        lambda p: p.write_text("2026-12-05T09:12:30Z" + " " * 200),  # too long for one
        lambda p: os.symlink("/etc/hostname", p),
        lambda p: os.mkfifo(p),  # never waited on
        lambda p: p.mkdir(),
    ],
    ids=["naive", "long", "link", "fifo", "folder"],
)
def test_a_last_touch_file_that_is_not_a_time_is_unknown(make, tmp_path):
    (tmp_path / "stats").mkdir()
    make(tmp_path / "stats" / "last-touch")
    status = gather(config(), tmp_path, Printer(), NOW)
    assert status.last_touch is None


def test_a_terminal_without_a_name_still_gathers_but_names_nothing(tmp_path):
    status = gather(Config(), tmp_path, Printer(), NOW)
    # The machine id's derived name, or "" where there is none: the upload refuses the latter.
    assert status.terminal == "" or len(status.terminal) == 32
