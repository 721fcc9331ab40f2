"""Made-up submissions, sealed as the terminal seals them, for the outbox and delivery tests.

The envelopes have the contract's shape (docs/requests.md) with a citizen's kind of text:
Cyrillic, an emoji, 2,000 characters. They are sealed to a key pair made for the test run,
whose private half (PRIVATE) opens what arrives.
"""

from __future__ import annotations

import base64
import json

from nacl.public import PrivateKey

from kiosk.adapters.outbox import Outbox
from kiosk.core.sealing import seal

KINDS = ["appointment", "callback", "rating", "complaint", "wrong_info", "about_me"]
PRIVATE = PrivateKey.generate()
PUBLIC_B64 = base64.b64encode(bytes(PRIVATE.public_key)).decode()


def envelope(n: int, kind: str) -> dict:
    """Submission number n, of `kind`, made on one of three days."""
    return {
        "format": "perm-kiosk-request/1",
        "id": f"{n:032x}",
        "reference": f"K7MQ-{n:04d}",
        "kind": kind,
        "created": f"2026-12-0{1 + n % 3}T10:00:{n % 60:02d}Z",
        "terminal": "",
        "pack": {"id": "perm", "version": 3},
        "lang": "ru",
        "fields": {"name": "Пётр Иванов 🙂", "text": "ж" * 2000},
    }


def queue(outbox: Outbox, count: int, start: int = 1) -> dict[str, bytes]:
    """`count` sealed envelopes in the outbox; {their drop box path: their sealed bytes}."""
    expected = {}
    for n in range(start, start + count):
        e = envelope(n, KINDS[n % len(KINDS)])
        sealed = seal(PUBLIC_B64, json.dumps(e, sort_keys=True, ensure_ascii=False).encode())
        outbox.add(e["id"], e["reference"], e["kind"], e["created"], sealed)
        expected[f"{e['kind']}/{e['created'][:10]}/{e['id']}.sealed"] = sealed
    return expected
