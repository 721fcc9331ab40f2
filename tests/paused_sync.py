"""One sync in a process of its own that says where it is, for the crash tests to kill.

    python tests/paused_sync.py URL TRUST DATA_DIR [STEP]

Runs `kiosk.adapters.sync.sync_once` as `kiosk sync --once` does, with a pack store whose
checkpoint (PackStore's named steps: sync-start, download-chunk-1, install-renamed, ...)
writes "at STEP" on stderr at each step, and at STEP, if given, writes "paused at STEP" and
waits there to be killed. tests/integration/test_sync_kill.py and bench/ use it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.adapters.pack_store import PackStore
from kiosk.adapters.sync import SyncRefused, sync_once


def main(argv: list[str]) -> int:
    url, trust, data_dir, *pause = argv

    def checkpoint(step: str) -> None:
        print(f"at {step}", file=sys.stderr, flush=True)
        if pause and step == pause[0]:
            print(f"paused at {step}", file=sys.stderr, flush=True)
            time.sleep(3600)

    try:
        sync_once(url, Path(trust), PackStore(data_dir, checkpoint=checkpoint))
    except SyncRefused as exc:
        print(f"sync refused: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
