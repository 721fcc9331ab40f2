"""Printing through a real CUPS server: the printed PDF is found, rendered and its QR codes read.

A cups-pdf queue stands in for the printer (the PDF it writes is what the printer would
have been sent, after CUPS's own filters); a stopped queue, one that rejects jobs and one
that does not exist stand in for a printer in trouble.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from cups_queues import (
    MISSING_QUEUE,
    PDF_QUEUE,
    REJECTING_QUEUE,
    STOPPED_QUEUE,
)
from fs_traps import full_folder, read_only_folder
from pdf_readback import codes_on

from content.presentation.links import qr_address
from kiosk.cli.main import cli

SERVICE = "child-birth-grant"


@pytest.fixture(scope="module")
def pack(demo_pack):
    from content.pack.reader import open_pack

    with open_pack(demo_pack) as pack:
        yield pack


@pytest.fixture
def config(tmp_path) -> Path:
    """A terminal config whose data_dir (the page counter) is the test's own."""
    path = tmp_path / "kiosk.toml"
    path.write_text(f'data_dir = "{tmp_path / "state"}"\n', encoding="utf-8")
    return path


def kiosk(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_kiosk(*args, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command, in a process of its own, as staff run it."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip


def config_with(data_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'data_dir = "{data_dir}"\n', encoding="utf-8")
    return path


def qr_codes(pdf: Path) -> list[str]:
    """Every QR code on every page of `pdf`, as zbarimg reads the pages rendered at 200 dpi."""
    return codes_on(pdf, dpi=200, qr_only=True)


PRINTS = {
    "leaflet": ["leaflet", "--service", SERVICE],
    "large leaflet": ["leaflet", "--service", SERVICE, "--large"],
    "brochure": ["brochure", "--category", "families"],
    "card": ["card", "--service", SERVICE, "--service", "unemployment-benefit"],
    "receipt": ["receipt", "--service", SERVICE],
}


@pytest.mark.parametrize("kind", PRINTS)
def test_a_printout_sent_to_cups_comes_out_with_every_qr_code_readable(
    kind, queues, demo_pack, config, tmp_path
):
    args = [*PRINTS[kind], "--pack", str(demo_pack), "--config", str(config)]
    direct = tmp_path / "direct.pdf"
    assert kiosk("print", *args, "-o", str(direct)).exit_code == 0
    expected = qr_codes(direct)
    assert expected, "every printout kind carries at least one QR code"

    since = time.time()
    result = kiosk("print", *args, "--printer", PDF_QUEUE)
    assert result.exit_code == 0, result.output
    assert f"on {PDF_QUEUE}" in result.output
    printed = queues.printed(since)
    assert sorted(qr_codes(printed)) == sorted(expected)


def test_the_leaflets_codes_lead_to_the_services_online_address(pack, queues, demo_pack, config):
    service = pack.service(SERVICE)
    online = qr_address(service["apply_online"], pack.meta.allowed_hosts)
    assert online, "the demo service has an online address on the allowlist"
    since = time.time()
    assert kiosk("print", "leaflet", "--service", SERVICE, "--pack", str(demo_pack),
                 "--config", str(config), "--printer", PDF_QUEUE).exit_code == 0  # fmt: skip
    codes = qr_codes(queues.printed(since))
    assert online in codes
    hosts = pack.meta.allowed_hosts
    assert all(qr_address(code, hosts) == code for code in codes)  # only allowed addresses


def test_pages_printed_are_counted_for_the_day(queues, demo_pack, config):
    args = ["--pack", str(demo_pack), "--config", str(config), "--printer", PDF_QUEUE]
    assert kiosk("print", "receipt", "--service", SERVICE, *args, "--copies", "2").exit_code == 0
    status = kiosk("print", "status", "--printer", PDF_QUEUE, "--config", str(config))
    assert status.exit_code == 0
    assert f"printer {PDF_QUEUE}: ready" in status.output
    assert "pages printed today: 2" in status.output


@pytest.mark.parametrize(
    ("queue", "reason"),
    [
        (STOPPED_QUEUE, "stopped"),
        (REJECTING_QUEUE, "not_accepting"),
        (MISSING_QUEUE, "missing"),
    ],
)
def test_a_printer_in_trouble_is_sent_nothing_and_the_command_says_why(
    queue, reason, queues, demo_pack, config
):
    result = kiosk("print", "leaflet", "--service", SERVICE, "--pack", str(demo_pack),
                   "--config", str(config), "--printer", queue)  # fmt: skip
    assert result.exit_code == 1
    assert f"not printed on {queue}: {reason}" in result.output
    assert "Traceback" not in result.output
    if queue != MISSING_QUEUE:
        assert queues.jobs(queue) == []
    status = kiosk("print", "status", "--printer", queue, "--config", str(config))
    assert status.exit_code == 1 and reason in status.output


def test_a_job_cancelled_before_it_printed_is_not_reported_as_printed(queues):
    from kiosk.adapters.cups import Cups
    from kiosk.core.printing import FAILED, PENDING

    cups = Cups()
    job = cups.submit(STOPPED_QUEUE, b"%PDF-1.4\n%%EOF\n", "cancelled by the test", 1)
    assert cups.job_status(job) == PENDING  # a stopped queue holds it
    cups.cancel(job)
    assert cups.job_status(job) == FAILED
    assert queues.jobs(STOPPED_QUEUE) == []


def test_an_unknown_service_is_told_plainly(demo_pack):
    result = CliRunner().invoke(cli, ["print", "leaflet", "--service", "no-such-service",
                                      "--pack", str(demo_pack), "-o", "/dev/null"])  # fmt: skip
    assert result.exit_code == 1
    assert "no-such-service" in result.output and "Traceback" not in result.output


def test_a_card_for_a_service_with_no_allowed_address_is_refused_plainly(
    demo_pack, tmp_path, monkeypatch
):
    import printouts
    from printouts import NoCodeError

    def no_code(pack, service_ids, lang="ru"):
        raise NoCodeError("service 'x' has no address allowed for a QR code")

    monkeypatch.setattr(printouts, "cards", no_code)
    args = ["print", "card", "--service", "x", "--pack", str(demo_pack), "-o", "c.pdf"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "no address allowed for a QR code" in result.output
    assert "Traceback" not in result.output


# -- counting pages is secondary to printing (issue 15, item 7) ----------------------------

COUNT_TROUBLE = {
    # A data folder the page count cannot be written to -> the reason in the warning.
    "a read-only data folder": (lambda tmp: read_only_folder(tmp / "state"), "Read-only"),
    "a full data folder": (
        lambda tmp: full_folder(tmp / "state", {"pages.json": b'{"2026-11-30": 3}'}),
        "No space left on device",
    ),
    "a data folder that cannot be made": (
        lambda tmp: _under(read_only_folder(tmp / "ro"), "state"),
        "Read-only",
    ),
}


@contextlib.contextmanager
def _under(folder_context, name: str):
    with folder_context as folder:
        yield folder / name


@pytest.mark.parametrize("trouble", COUNT_TROUBLE)
def test_a_printed_job_stands_when_its_pages_cannot_be_counted(
    trouble, queues, demo_pack, tmp_path
):
    make, reason = COUNT_TROUBLE[trouble]
    with make(tmp_path) as data_dir:
        config = config_with(data_dir, tmp_path)
        before = set(queues.out.glob("*.pdf"))
        since = time.time()
        result = run_kiosk("print", "receipt", "--service", SERVICE, "--pack", demo_pack,
                           "--config", config, "--printer", PDF_QUEUE)  # fmt: skip
        status = run_kiosk("print", "status", "--printer", PDF_QUEUE, "--config", config)
    assert result.returncode == 0, result.stderr  # printed: a retry would print it twice
    assert f"on {PDF_QUEUE}" in result.stdout
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning: ") and "not counted" in warning and reason in warning
    queues.printed(since)
    assert len(set(queues.out.glob("*.pdf")) - before) == 1
    assert status.returncode == 0, status.stderr
    assert f"printer {PDF_QUEUE}: ready" in status.stdout
    assert "pages printed today: " in status.stdout and "Traceback" not in status.stderr


def test_a_damaged_page_count_is_set_aside_and_counting_starts_again(queues, demo_pack, tmp_path):
    data_dir = tmp_path / "state"
    data_dir.mkdir()
    damaged = b'{"2026-11-30": 3, "2026-'  # cut short
    (data_dir / "pages.json").write_bytes(damaged)
    config = config_with(data_dir, tmp_path)

    status = run_kiosk("print", "status", "--printer", PDF_QUEUE, "--config", config)
    assert status.returncode == 0 and status.stderr == ""  # the printer is fine
    assert f"pages printed today: unknown ({data_dir / 'pages.json'} is damaged" in status.stdout

    result = run_kiosk("print", "receipt", "--service", SERVICE, "--pack", demo_pack,
                       "--config", config, "--printer", PDF_QUEUE, "--copies", "2")  # fmt: skip
    assert result.returncode == 0, result.stderr
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning: ") and "set aside as pages.json.damaged-" in warning
    (kept,) = data_dir.glob("pages.json.damaged-*")
    assert kept.read_bytes() == damaged
    counts = json.loads((data_dir / "pages.json").read_text())
    assert list(counts) == [date.today().isoformat()] and counts[date.today().isoformat()] >= 2

    status = run_kiosk("print", "status", "--printer", PDF_QUEUE, "--config", config)
    assert f"pages printed today: {counts[date.today().isoformat()]}\n" in status.stdout


@pytest.mark.parametrize(
    ("lpstat", "words"),
    [
        (None, "lpstat not found: install the cups-client package"),
        (0o644, "lpstat cannot be run: Permission denied"),  # root too needs an x bit
    ],
)
def test_status_without_working_cups_tools_says_so_plainly(lpstat, words, tmp_path, config):
    tools = tmp_path / "tools"
    tools.mkdir()
    if lpstat is not None:
        (tools / "lpstat").write_text("#!/bin/sh\necho scheduler is running\n")
        (tools / "lpstat").chmod(lpstat)
    result = run_kiosk("print", "status", "--config", config, env={"PATH": str(tools)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert ": no_server" in result.stdout and words in result.stdout


@pytest.mark.parametrize("copies", ["0", "101", "99999999999999999999", "-1"])
def test_copies_out_of_range_are_refused_in_one_line(copies, demo_pack, tmp_path):
    result = run_kiosk("print", "receipt", "--service", SERVICE, "--pack", demo_pack,
                       "--copies", copies, "-o", tmp_path / "r.pdf")  # fmt: skip
    assert result.returncode == 2 and not (tmp_path / "r.pdf").exists()
    assert f"Invalid value for '--copies': {copies} is not in the range 1<=x<=100" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
