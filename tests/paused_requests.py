"""Forms sent one after another, in a process of its own that stops where asked, for the
kill tests (tests/integration/test_request_kill.py, test_requests_chain_kill.py).

    python tests/paused_requests.py PACK DATA_DIR FIRST [STOP_AT N]

The real RequestsController over the real outbox (SQLite in DATA_DIR) and the pack sends
callback requests numbered FIRST, FIRST+1, … (the number is in the topic) and prints
"sent NUMBER SUBMISSION_ID" once `submit` has returned: the confirmation a citizen saw.
With STOP_AT (before-seal, after-seal, before-add, after-add, after-return) it prints
"at STOP_AT NUMBER" at that point of the N-th form and waits there to be killed (stdin never
ends); without, it sends until it is killed.
"""

from __future__ import annotations

import secrets
import sys
from datetime import datetime

from content.pack.reader import open_pack
from kiosk.adapters.outbox import Outbox
from kiosk.core.controllers import requests as module
from kiosk.core.controllers.requests import RequestsController

POINTS = ["before-seal", "after-seal", "before-add", "after-add", "after-return"]
COMMITTED = {"after-add", "after-return"}
"""The points at which the killed form is in the outbox already."""


def main(pack_path: str, data_dir: str, first: str, stop_at: str = "", stop_n: str = "0"):
    number, last = int(first), int(first) + int(stop_n) - 1

    def checkpoint(point: str) -> None:
        # Stop here for the kill: the test reads the line and sends SIGKILL.
        if point == stop_at and number == last:
            print(f"at {point} {number}", flush=True)
            sys.stdin.read()

    seal = module.seal

    def sealing(key, plaintext):
        checkpoint("before-seal")
        sealed = seal(key, plaintext)
        checkpoint("after-seal")
        return sealed

    module.seal = sealing

    class CheckedOutbox(Outbox):
        def add(self, *args):
            checkpoint("before-add")
            super().add(*args)
            checkpoint("after-add")

    requests = RequestsController(
        open_pack(pack_path),
        outbox=CheckedOutbox(data_dir),
        clock_now=lambda: datetime.now().astimezone(),
        token_bytes=secrets.token_bytes,
        terminal="kill-test",
        lang=lambda: "ru",
    )
    while True:
        requests.start("callback", agency="mfc-perm")
        for name, value in {
            "topic": f"заявка {number} 🙂 " + "ж" * 150,
            "mode": "callback",
            "name": "Анна Ёлкина",
            "phone": "+7 912 345-67-89",
            "consent": True,
        }.items():
            requests.set(name, value)
        sent = requests.submit()
        assert sent is not None, requests.problems()
        checkpoint("after-return")
        print(f"sent {number} {sent.submission_id}", flush=True)
        number += 1


if __name__ == "__main__":
    main(*sys.argv[1:])
