"""Sealed submissions in the drop box's layout, made the way issue 17's contract says a
terminal makes them: the envelope's JSON, sealed with the office's public key, written to
`<kind>/<YYYY-MM-DD>/<id>.sealed`. For the staff inbox's tests."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

from nacl.public import PrivateKey, PublicKey, SealedBox

from kiosk.core.requests import new_reference

KINDS_FIELDS = {
    "appointment": {
        "service": "child-birth-grant",
        "location": "perm-mfc-1",
        "agency": "mfc",
        "day": "2026-11-05",
        "part_of_day": "morning",
        "name": "Пётр Иванов 🙂",
        "phone": "+79001234567",
        "consent": True,
    },
    "callback": {
        "topic": "Пособие",
        "agency": "mfc",
        "mode": "online",
        "name": "Анна",
        "phone": "+79001112233",
        "consent": True,
    },
    "rating": {
        "agency": "mfc",
        "location": "perm-mfc-2",
        "waiting": 5,
        "staff": 4,
        "comfort": 3,
        "duration": 5,
        "information": 2,
        "comment": "Хорошо",
    },
    "complaint": {
        "agency": "szn",
        "location": "perm-szn",
        "text": "Жалоба " * 250,
        "answer": True,
        "name": "Мария",
        "reply_by": "email",
        "reply_to": "maria@example.org",
        "consent": True,
    },
    "wrong_info": {"listing": "service", "listing_id": "x", "wrong": "hours"},
    "about_me": {
        "name": "Олег",
        "phone": "+79005556677",
        "household": ["жена", "сын 5 лет"],
        "help": "Нужна помощь",
        "consent": True,
    },
}


class Office:
    """An office's key pair, and a drop box folder that terminals seal submissions into."""

    def __init__(self, root: Path, seed: int = 17):
        self.root = Path(root)
        self.key = PrivateKey.generate()
        self.public = self.key.public_key
        self.random = random.Random(seed)

    @property
    def public_text(self) -> str:
        return base64.b64encode(bytes(self.public)).decode("ascii")

    def write_key(self, path: Path) -> Path:
        path.write_text(base64.b64encode(bytes(self.key)).decode("ascii") + "\n")
        path.chmod(0o600)
        return path

    def envelope(self, kind: str, fields: dict | None = None, **changes) -> dict:
        """A contract envelope of `kind` (the sample fields unless given)."""
        envelope = {
            "format": "perm-kiosk-request/1",
            "id": f"{self.random.getrandbits(128):032x}",
            "reference": self.reference(),
            "kind": kind,
            "created": self.created(),
            "terminal": "perm-mfc-1-kiosk",
            "pack": {"id": "demo", "version": 3},
            "lang": "ru",
            "fields": dict(KINDS_FIELDS[kind] if fields is None else fields),
        }
        envelope.update(changes)
        return envelope

    def created(self) -> str:
        day, hour, minute = (self.random.randint(*r) for r in ((1, 28), (0, 23), (0, 59)))
        return f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:00Z"

    def reference(self) -> str:
        return new_reference(self.random.randbytes)

    def seal(self, plaintext: bytes, public: PublicKey | None = None) -> bytes:
        return SealedBox(public or self.public).encrypt(plaintext)

    def path_of(self, envelope: dict) -> Path:
        day = envelope["created"][:10]
        return self.root / envelope["kind"] / day / f"{envelope['id']}.sealed"

    def submit(self, envelope: dict, sealed: bytes | None = None) -> Path:
        """Write `envelope`, sealed (or the bytes given), where the layout puts it."""
        path = self.path_of(envelope)
        path.parent.mkdir(parents=True, exist_ok=True)
        if sealed is None:
            sealed = self.seal(plaintext(envelope))
        path.write_bytes(sealed)
        return path


def plaintext(envelope: dict) -> bytes:
    """The envelope as the contract writes it: UTF-8 JSON, keys sorted."""
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, allow_nan=False).encode()
