"""A `kiosk inbox pull` in a process of its own, for the kill tests (test_inbox_kill.py).

    python tests/paused_pull.py SOURCE KEY DB BATCH [STEP:N]

It says each step of the pull on stderr as it reaches it ("listed PATH", "read PATH",
"opened PATH", "stored PATH", "committed"), and with STEP:N stops for good at the Nth time
it reaches STEP, after saying "paused", for the test to kill it there.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from kiosk.office.inbox import Inbox
from kiosk.office.keys import load_private_key
from kiosk.office.pull import pull
from kiosk.office.sources import FolderSource


def main(source: str, key: str, db: str, batch: str, pause_at: str = "") -> None:
    step_to_pause, _, count = pause_at.partition(":")
    seen = 0

    def checkpoint(step: str, path: str) -> None:
        nonlocal seen
        sys.stderr.write(f"{step} {path}\n")
        sys.stderr.flush()
        if step == step_to_pause:
            seen += 1
            if seen == int(count):
                sys.stderr.write("paused\n")
                sys.stderr.flush()
                while True:
                    signal.pause()

    with Inbox(Path(db), create=True) as inbox:
        pull(FolderSource(Path(source)), load_private_key(Path(key)), inbox, int(batch), checkpoint)
    sys.stderr.write("finished\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
