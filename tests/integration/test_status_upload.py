"""A terminal's status from the real CUPS (the tests' queues, tests/cups_queues.py) through the
real drop box (nginx with deploy/nginx's site) to the staff's `kiosk fleet report`: a healthy
terminal is not flagged, a printer in trouble is, with CUPS's own reasons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from command import kiosk
from cups_queues import MISSING_QUEUE, PDF_QUEUE, REJECTING_QUEUE, STOPPED_QUEUE
from dropbox_server import DropboxSite, nginx_binary
from sealed_submissions import queue

from kiosk.adapters.cups import Cups
from kiosk.adapters.outbox import Outbox
from kiosk.core.print_desk import counter_for
from kiosk.core.status import parse_status
from kiosk.office.fleet import SEVERITY

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

TERMINAL = "perm-library-2"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[DropboxSite]:
    with DropboxSite(tmp_path_factory.mktemp("dropbox-site")) as running:
        yield running


def upload(tmp_path, site, case: str, printer: str, pack) -> str:
    """One `kiosk outbox upload --once` of a terminal printing to `printer`; its status file."""
    data = tmp_path / "terminal"
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'dropbox_url = "{site.url_for(case)}"\n'
        f'dropbox_credentials = "{site.credentials(tmp_path)}"\n'
        f'data_dir = "{data}"\n'
        f'terminal_id = "{TERMINAL}"\n'
        f'printer = "{printer}"\n'
        f'pack = "{pack}"\n'
    )
    ran = kiosk("outbox", "upload", "--once", "--config", config)
    assert ran.returncode == 0, ran.stderr
    assert "status sent" in ran.stdout
    return site.files(case)[f"status/{TERMINAL}.json"]


def test_a_healthy_terminal_s_status_reaches_the_fleet_report_unflagged(
    queues, site, tmp_path, demo_pack
):
    data = tmp_path / "terminal"
    counter_for(data).add(4)
    (data / "stats").mkdir()
    touched = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    (data / "stats" / "last-touch").write_text(touched.isoformat().replace("+00:00", "Z"))

    status = parse_status(upload(tmp_path, site, "healthy", PDF_QUEUE, demo_pack))

    assert (status.terminal, status.printer_state, status.printer_reasons) == (
        TERMINAL, "idle", (),
    )  # fmt: skip
    assert status.pack_version > 0 and status.pages_today == 4
    assert status.last_touch == touched and status.outbox_depth == 0
    report = kiosk("fleet", "report", site.storage / "healthy", "--json")
    assert report.returncode == 0, report.stdout + report.stderr
    assert '"flags": []' in report.stdout and TERMINAL in report.stdout


@pytest.mark.parametrize(
    "printer, note",
    [
        (STOPPED_QUEUE, "принтер остановлен: paused"),
        (REJECTING_QUEUE, "принтер остановлен: not-accepting-jobs"),
        (MISSING_QUEUE, f"принтер не найден: no-queue-{MISSING_QUEUE}"),
    ],
)
def test_a_printer_in_trouble_is_flagged_with_cups_s_reasons(
    queues, site, tmp_path, demo_pack, printer, note
):
    case = f"printer-{printer}"
    upload(tmp_path, site, case, printer, demo_pack)
    report = kiosk("fleet", "report", site.storage / case)
    assert report.returncode == 1
    (line,) = report.stdout.splitlines()
    # The staff's words (Russian by default), CUPS's own keywords as CUPS gave them.
    assert line.startswith(TERMINAL) and "принтер остановлен" in line and note in line
    assert SEVERITY["printer stopped"] >= 3  # shown red, first


def test_the_status_tells_the_outbox_as_the_round_left_it(queues, site, tmp_path, demo_pack):
    queue(Outbox(tmp_path / "terminal"), 2)
    status = parse_status(upload(tmp_path, site, "after", PDF_QUEUE, demo_pack))
    # The drop box took them in this very round, and the status is gathered after it.
    assert (status.outbox_depth, status.outbox_oldest) == (0, None)
    assert len([k for k in site.files("after") if k.endswith(".sealed")]) == 2


def test_cups_answers_the_status_s_question_in_ipptool_s_words(queues):
    cups = Cups()
    idle = cups.printer_attributes(PDF_QUEUE)
    stopped = cups.printer_attributes(STOPPED_QUEUE)
    assert (idle["printer-state"], idle["printer-state-reasons"]) == (["idle"], ["none"])
    assert idle["printer-is-accepting-jobs"] == ["true"]
    assert (stopped["printer-state"], stopped["printer-state-reasons"]) == (["stopped"], ["paused"])
    assert idle["marker-levels"] == [] and idle["marker-names"] == []  # cups-pdf has no supplies
    assert cups.printer_attributes(MISSING_QUEUE) == {}
