"""One upload round in a process of its own that says where it is, for the crash tests to kill.

    python tests/paused_upload.py URL CREDENTIALS DATA_DIR [STEP N]

Runs `kiosk.adapters.dropbox.upload_round` as `kiosk outbox upload --once` does, with a
checkpoint that writes "at STEP" on stderr at each step (put-start, put-half-sent,
put-answered, delivered), and at the N-th time STEP comes, if given, writes "paused at STEP"
and waits there to be killed. tests/integration/test_upload_kill.py uses it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.adapters.dropbox import Dropbox, read_credentials, upload_round
from kiosk.adapters.outbox import Outbox


def main(argv: list[str]) -> int:
    url, credentials, data_dir, *pause = argv
    seen: dict[str, int] = {}

    def checkpoint(step: str) -> None:
        seen[step] = seen.get(step, 0) + 1
        print(f"at {step} {seen[step]}", file=sys.stderr, flush=True)
        if pause and step == pause[0] and seen[step] == int(pause[1]):
            print(f"paused at {step} {seen[step]}", file=sys.stderr, flush=True)
            time.sleep(3600)

    dropbox = Dropbox(url, read_credentials(Path(credentials)), timeout_s=10)
    result = upload_round(Outbox(data_dir), dropbox, checkpoint=checkpoint)
    print(f"delivered {result.delivered}, error {result.error}", file=sys.stderr, flush=True)
    return 1 if result.error else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
