"""CUPS through its own command-line tools (lp, lpstat, lpoptions, cancel, ipptool): the
`Printer` port.

Why the tools and not a binding: pycups has to be compiled against libcups' headers on
every terminal, and the tools come with the cups-client and cups-ipp-utils packages.
Their output is read in the C locale (LC_ALL=C), where CUPS's wording is fixed; what is
decided on comes from IPP attributes, not prose: the printer's state from `lpoptions -p`
(the queue's attributes as key=value pairs), a job's state from ipptool.
"""

from __future__ import annotations

import getpass
import os
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from kiosk.core.printing import (
    COMPLETED,
    FAILED,
    NO_SERVER,
    PENDING,
    PrintError,
    PrinterState,
    state_from_attributes,
)

COMMAND_TIMEOUT_S = 15.0
"""A CUPS command that has not answered in this long has hung (a stuck scheduler)."""

JOB_STATE_TEST = Path(__file__).resolve().parent / "ipp" / "job-state.test"
"""ipptool's request for a job's state (RFC 8011 Get-Job-Attributes)."""
PRINTER_TEST = Path(__file__).resolve().parent / "ipp" / "printer-attributes.test"
"""ipptool's request for a queue's state, reasons and supplies (Get-Printer-Attributes)."""

_JOB_ID = re.compile(r"request id is (\S+)")
_NO_SERVER = ("connect to server", "scheduler is not running", "Connection refused")


class Cups:
    """The print system of this machine (or of $CUPS_SERVER), through the lp tools."""

    def __init__(self, run: Callable[..., subprocess.CompletedProcess] = subprocess.run):
        self._run = run

    def _command(self, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        try:
            return self._run(
                list(args), input=data, capture_output=True, timeout=COMMAND_TIMEOUT_S, env=env
            )
        except FileNotFoundError:
            raise PrintError(f"{args[0]} not found: install the cups-client package") from None
        except OSError as exc:  # not executable, out of memory to start it, ...
            raise PrintError(f"{args[0]} cannot be run: {exc.strerror or exc}") from None
        except subprocess.TimeoutExpired:
            raise PrintError(
                f"{shlex.join(args)} did not answer in {COMMAND_TIMEOUT_S:g} s"
            ) from None

    @staticmethod
    def _text(result: subprocess.CompletedProcess) -> str:
        return (result.stdout or b"").decode("utf-8", "replace") + (result.stderr or b"").decode(
            "utf-8", "replace"
        )

    def default_queue(self) -> str | None:
        """The system's default queue, or None."""
        text = self._text(self._command("lpstat", "-d"))
        match = re.search(r"system default destination: (\S+)", text)
        return match[1] if match else None

    def state(self, queue: str | None) -> PrinterState:
        if not self.running():
            return PrinterState(queue or "", NO_SERVER, "the CUPS scheduler is not running")
        if queue is None:
            queue = self.default_queue()
            if queue is None:
                return state_from_attributes("(default)", {})
        result = self._command("lpoptions", "-p", queue)
        return state_from_attributes(queue, parse_options(self._text(result)))

    def running(self) -> bool:
        """True when the CUPS scheduler answers."""
        result = self._command("lpstat", "-r")
        return result.returncode == 0 and "scheduler is running" in self._text(result)

    def submit(self, queue: str, pdf: bytes, title: str, copies: int) -> str:
        result = self._command(
            "lp", "-d", queue, "-n", str(copies), "-t", title, "-o", "fit-to-page", "-", data=pdf
        )
        text = self._text(result)
        match = _JOB_ID.search(text)
        if result.returncode != 0 or not match:
            raise PrintError(f"lp refused the job: {text.strip() or result.returncode}")
        return match[1]

    def job_status(self, job_id: str) -> str:
        # lpstat cannot tell a job printed from one cancelled or aborted (CUPS lists all
        # three as completed); the job's IPP job-state can, and ipptool asks for it.
        queue, _, number = job_id.rpartition("-")
        result = self._command(
            "ipptool", "-c", "-T", str(int(COMMAND_TIMEOUT_S)),
            "-d", f"job_id={number}", "-d", f"user={getpass.getuser()}",
            f"ipp://localhost/printers/{queue}", str(JOB_STATE_TEST),
        )  # fmt: skip
        state = parse_job_state(self._text(result))
        if state in ("pending", "pending-held", "processing", "processing-stopped"):
            return PENDING
        return COMPLETED if state == "completed" else FAILED

    def cancel(self, job_id: str) -> None:
        self._command("cancel", job_id)  # a job that has ended already: nothing to do

    def printer_attributes(self, queue: str) -> dict[str, list[str]]:
        """The queue's printer-state (idle, processing, stopped), printer-state-reasons,
        printer-is-accepting-jobs, marker-names and marker-levels (supplies and their
        percent), each a list of values; {} when CUPS has no such queue. PrintError when
        CUPS cannot be asked. For the terminal's status report (the marker levels are in
        no lpoptions output, hence IPP)."""
        result = self._command(
            "ipptool", "-c", "-T", str(int(COMMAND_TIMEOUT_S)), "-d", f"user={getpass.getuser()}",
            f"ipp://localhost/printers/{quote(queue, safe='')}", str(PRINTER_TEST),
        )  # fmt: skip
        text = self._text(result)
        if result.returncode == 0:
            return parse_attributes_csv(text)
        if "does not exist" in text:  # client-error-not-found
            return {}
        raise PrintError(f"ipptool: {' '.join(text.split())[:200] or result.returncode}")


def parse_options(text: str) -> dict[str, str]:
    """`lpoptions -p QUEUE` output (key=value, values quoted where they have spaces)."""
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote: take what can be read
        words = text.split()
    return dict(word.split("=", 1) for word in words if "=" in word)


def parse_attributes_csv(text: str) -> dict[str, list[str]]:
    """`ipptool -c` output of one request (a header line of names, a line of values) as
    {name: [values]}. ipptool quotes a field that holds a comma and escapes " and \\ in
    it with a backslash, within values that IPP's own text escaping has already
    backslashed; a value that itself holds a comma cannot be told from two values (CUPS
    does not escape it), which only a supply's name ever could."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return {}
    names, fields = _csv_fields(lines[0]), _csv_fields(lines[1])
    return {
        name: [_unescaped(v) for v in value.split(",")] if value else []
        for name, value in zip(names, fields, strict=False)
    }


def _csv_fields(line: str) -> list[str]:
    fields, field, quoted, chars = [], [], False, iter(line)
    for char in chars:
        if quoted and char == "\\":
            field.append(next(chars, ""))
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            fields.append("".join(field))
            field = []
        else:
            field.append(char)
    fields.append("".join(field))
    return fields


def _unescaped(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def parse_job_state(text: str) -> str | None:
    """The job-state from `ipptool -c` output (a CSV header line, then the values); None
    when the job is unknown (CUPS forgot it, or it never was)."""
    lines = [line for line in text.splitlines() if line.strip()]
    for header, values in zip(lines, lines[1:], strict=False):
        names = header.split(",")
        if "job-state" in names:
            fields = values.split(",")
            index = names.index("job-state")
            return fields[index] if index < len(fields) else None
    return None
