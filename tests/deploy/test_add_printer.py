"""deploy/add-printer.sh against the machine's real CUPS, with a cups-pdf queue standing in
for the printer: the queue retries after errors, has the paper asked for, is the default,
and a second run changes nothing."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from cups_queues import PPD, machine_lock, start_scheduler

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "add-printer.sh"
QUEUE = "kiosk-test-deploy"
URI = "cups-pdf:/kiosktest"

POLICY_TEST = """{
    OPERATION Get-Printer-Attributes
    GROUP operation-attributes-tag
    ATTR charset attributes-charset utf-8
    ATTR naturalLanguage attributes-natural-language en
    ATTR uri printer-uri $uri
    ATTR keyword requested-attributes printer-error-policy
    STATUS successful-ok
    DISPLAY printer-error-policy
}
"""
"""printer-error-policy is CUPS's own attribute: it comes only when asked for by name."""

ATTRIBUTES = (
    "printer-error-policy",
    "media-default",
    "printer-is-accepting-jobs",
    "printer-state",
    "printer-is-shared",
    "printer-config-change-time",
)


def add_printer(*args: str, config: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C", "KIOSK_CONFIG": str(config or "/nonexistent")}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=env
    )


def queue(name: str = QUEUE) -> dict[str, str]:
    """The queue's attributes as CUPS reports them over IPP."""
    ran = subprocess.run(
        ["ipptool", "-tv", f"ipp://localhost/printers/{name}", "get-printer-attributes.test"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    found = dict(re.findall(r"^\s+(\S+) \([^)]*\) = (.*)$", ran.stdout, re.M))
    with tempfile.TemporaryDirectory() as folder:
        test = Path(folder) / "error-policy.test"
        test.write_text(POLICY_TEST, encoding="utf-8")
        ran = subprocess.run(
            ["ipptool", "-c", f"ipp://localhost/printers/{name}", str(test)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    found["printer-error-policy"] = ran.stdout.splitlines()[-1] if ran.returncode == 0 else ""
    return {key: found.get(key, "") for key in ATTRIBUTES}


def default_destination() -> str:
    out = subprocess.run(["lpstat", "-d"], capture_output=True, text=True, timeout=30).stdout
    return out.strip()


@pytest.fixture
def cups():
    """The machine's CUPS, held by this test alone; the queue removed, and the default it
    had put back, at the end."""
    with machine_lock():
        started = start_scheduler()
        before = default_destination()
        subprocess.run(["lpadmin", "-x", QUEUE], capture_output=True, timeout=30)
        try:
            yield
        finally:
            subprocess.run(["lpadmin", "-x", QUEUE], capture_output=True, timeout=30)
            previous = re.search(r"destination: (\S+)", before)
            if previous:
                subprocess.run(["lpadmin", "-d", previous[1]], capture_output=True, timeout=30)
            if started:
                subprocess.run(["pkill", "-x", "cupsd"], check=False, timeout=30)


def test_the_queue_retries_after_errors_prints_on_a4_and_is_the_default(cups):
    first = add_printer("--name", QUEUE, "--uri", URI, "--ppd", str(PPD))
    assert first.returncode == 0, first.stderr
    state = queue()
    assert state["printer-error-policy"] == "retry-job"
    assert state["media-default"] == "iso_a4_210x297mm"
    assert state["printer-is-accepting-jobs"] == "true"
    assert state["printer-is-shared"] == "false"
    assert state["printer-state"] == "idle"
    assert default_destination() == f"system default destination: {QUEUE}"

    second = add_printer("--name", QUEUE, "--uri", URI, "--ppd", str(PPD))
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout
    assert queue() == state  # printer-config-change-time too


def test_the_name_and_paper_come_from_the_config(cups, tmp_path):
    roll = _roll_ppd(tmp_path)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'printer = "{QUEUE}"\npaper = "80mm"\n', encoding="utf-8")
    first = add_printer("--uri", URI, "--ppd", str(roll), config=config)
    assert first.returncode == 0, first.stderr
    media = queue()["media-default"]
    assert re.search(r"_80(\.\d+)?x297(\.\d+)?mm$", media), media
    # A second run finds the queue by its name and takes its address from CUPS.
    again = add_printer(config=config)
    assert again.returncode == 0 and "nothing changed" in again.stdout


def test_a_printer_without_80mm_paper_is_refused_with_the_way_out(cups):
    ran = add_printer("--name", QUEUE, "--uri", URI, "--ppd", str(PPD), "--paper", "80mm")
    assert ran.returncode == 1
    assert "offers no 80 mm paper" in ran.stderr and "--media" in ran.stderr


def test_a_stopped_queue_is_set_going_again(cups):
    assert add_printer("--name", QUEUE, "--uri", URI, "--ppd", str(PPD)).returncode == 0
    subprocess.run(["cupsdisable", QUEUE], check=True, timeout=30)
    ran = add_printer("--name", QUEUE)
    assert ran.returncode == 0 and "nothing changed" not in ran.stdout
    assert queue()["printer-state"] == "idle"


@pytest.mark.parametrize(
    "args, said",
    [
        (("--paper", "a3"), "--paper must be a4 or 80mm"),
        (("--name", "my printer"), "not a CUPS queue name"),
        (("--ppd", "/nonexistent.ppd"), "no such PPD file"),
        (("--bogus",), "unknown argument"),
    ],
)
def test_wrong_arguments_are_named(args, said):
    ran = add_printer(*args)
    assert ran.returncode != 0 and said in ran.stderr


def test_help():
    ran = add_printer("--help")
    assert ran.returncode == 0 and "retry-job" in ran.stdout and "Usage:" in ran.stdout


def _roll_ppd(folder: Path) -> Path:
    """cups-pdf's driver with an 80 x 297 mm page, as a receipt printer's driver has."""
    size = '"<</PageSize[227 842]/ImagingBBox null>>setpagedevice"'
    extra = {
        "*PageSize A4/A4:": f"*PageSize X80MMY297MM/80 x 297 mm: {size}\n",
        "*PageRegion A4/A4:": f"*PageRegion X80MMY297MM/80 x 297 mm: {size}\n",
        "*ImageableArea A4/A4:": '*ImageableArea X80MMY297MM/80 x 297 mm: "0 0 227 842"\n',
        "*PaperDimension A4/A4:": '*PaperDimension X80MMY297MM/80 x 297 mm: "227 842"\n',
    }
    lines = []
    for line in PPD.read_text("latin-1").splitlines(keepends=True):
        lines.append(line)
        for start, added in extra.items():
            if line.startswith(start):
                lines.append(added)
    assert sum(line.startswith("*PaperDimension X80MM") for line in lines) == 1
    roll = folder / "roll.ppd"
    roll.write_text("".join(lines), "latin-1")
    return roll
