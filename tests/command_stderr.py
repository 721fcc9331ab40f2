"""`kiosk ...` in the test's own process (tests/command.py), with on its stderr what a process
of its own would have printed there besides: the warnings a fresh interpreter shows, and the
exceptions it reports as "ignored" (a file whose close fails when it is collected).

For the tests that count the lines of a refusal: under pytest those would otherwise go to
pytest's own warning summary, and a second line on a real terminal would pass unseen.
"""

from __future__ import annotations

import gc
import sys
import traceback
import warnings

from command import Ran
from command import kiosk as kiosk_in_process

HIDDEN_BY_PYTHON = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
"""Python's default warning filters ignore these outside __main__ (the `warnings` docs)."""


def kiosk(*args) -> Ran:
    """`kiosk ARGS` in this process; a crash is raised, as in tests/command.py."""
    ignored: list[str] = []

    def report_ignored(unraisable) -> None:
        lines = traceback.format_exception(unraisable.exc_value)
        ignored.append(f"Exception ignored in: {unraisable.object!r}\n{''.join(lines)}")

    hook = sys.unraisablehook
    with warnings.catch_warnings(record=True) as shown:
        warnings.resetwarnings()
        for category in HIDDEN_BY_PYTHON:
            warnings.simplefilter("ignore", category)
        sys.unraisablehook = report_ignored
        try:
            ran = kiosk_in_process(*args)
            gc.collect()  # what the command left for the collector, as at a process's exit
        finally:
            sys.unraisablehook = hook
    extra = [warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in shown]
    return Ran(ran.returncode, ran.stdout, ran.stderr + "".join(extra + ignored))
