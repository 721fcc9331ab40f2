"""`python -m kiosk ...` in the test's own process: the entry point itself (kiosk.cli.main.main,
with its handler of the errors no command handled), for the tests that count the lines of a
refusal and where a process of its own only started Python again.

What a process would have printed on its stderr besides is put there too: the log (as
tests/command.py does), the warnings a fresh interpreter shows, the exceptions it reports as
"ignored" (a file whose close fails when it is collected), and whatever C code writes to the
file descriptors. Under pytest these would otherwise go to pytest's own summaries, and a
second line on a real terminal would pass unseen. A crash is raised, not turned into an exit
status, so a test that looks for "no traceback" fails on one all the same.

Where the process is the point (a hang, a memory limit, what the interpreter does at exit
with a full stdout), tests start `python -m kiosk` themselves.
"""

from __future__ import annotations

import gc
import logging
import sys
import traceback
import warnings

from click.testing import CliRunner
from command import Ran, _ToStderr

from kiosk.cli.main import main

HIDDEN_BY_PYTHON = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
"""Python's default warning filters ignore these outside __main__ (the `warnings` docs)."""


class _PythonMinusM:
    """What `python -m kiosk ARGS` runs (kiosk/__main__.py: main() on sys.argv), shaped as the
    command that CliRunner.invoke calls `main(args, prog_name)` on."""

    name = "kiosk"

    def main(self, args, prog_name: str) -> None:
        argv = sys.argv
        sys.argv = [prog_name, *args]
        try:
            main()
        finally:
            sys.argv = argv


def kiosk(*args) -> Ran:
    """`python -m kiosk ARGS`, run in this process."""
    ignored: list[str] = []

    def report_ignored(unraisable) -> None:
        lines = traceback.format_exception(unraisable.exc_value)
        ignored.append(f"Exception ignored in: {unraisable.object!r}\n{''.join(lines)}")

    root, log, hook = logging.getLogger(), _ToStderr(), sys.unraisablehook
    level = root.level
    with warnings.catch_warnings(record=True) as shown:
        warnings.resetwarnings()
        for category in HIDDEN_BY_PYTHON:
            warnings.simplefilter("ignore", category)
        root.addHandler(log)
        root.setLevel(logging.INFO)
        sys.unraisablehook = report_ignored
        try:
            result = CliRunner(capture="fd").invoke(
                _PythonMinusM(), [str(a) for a in args], catch_exceptions=False
            )
            gc.collect()  # what the command left for the collector, as at a process's exit
        finally:
            sys.unraisablehook = hook
            root.removeHandler(log)
            root.setLevel(level)
    extra = [warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in shown]
    return Ran(result.exit_code, result.stdout, result.stderr + "".join(extra + ignored))
