"""`kiosk ...` run in the test's own process by click's test runner, for the tests where the
command's words and exit status are the point and a process of its own is not.

Where the process is the point (what it prints at a crash or with a full stdout, a memory
limit, a clock changed by faketime, a service that keeps running, a kill -9), the tests
start `python -m kiosk` themselves.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from click.testing import CliRunner

from kiosk.cli.main import cli


@dataclass
class Ran:
    """A command's exit status and what it wrote, as subprocess.run gives them."""

    returncode: int
    stdout: str
    stderr: str


class _ToStderr(logging.Handler):
    """The command's log on the stderr of the moment (the test runner's, during a command),
    as `kiosk sync` and `kiosk import` set it up with logging.basicConfig: that call does
    nothing under pytest, whose own handlers are on the root logger already."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def kiosk(*args) -> Ran:
    """`kiosk ARGS` in this process. A crash is raised, not turned into an exit status, so
    a test that looks for "no traceback" fails on one all the same."""
    root, handler = logging.getLogger(), _ToStderr()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    return Ran(result.exit_code, result.stdout, result.stderr)
