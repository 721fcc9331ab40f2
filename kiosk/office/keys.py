"""The office's inbox key pair: made once by `kiosk inbox keygen`, the private half read by
`kiosk inbox pull`.

The contract of issue 17: X25519 keys (libsodium, PyNaCl's nacl.public), each kept as one
line of standard base64 of its 32 raw bytes. `inbox.pub` is the text staff paste into the
content sources' pack.yaml as `inbox_public_key`; `inbox.key` never leaves the office.

The private key is created with mode 0600 by the call that creates the file, so it is never
readable by others, not even between a create and a chmod; and no message of this module
ever holds a byte of it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey

from content.files import sync_to_disk

PRIVATE_NAME = "inbox.key"
PUBLIC_NAME = "inbox.pub"
KEY_BYTES = 32
MAX_KEY_FILE = 4096
"""A key file is one line of 44 characters; anything much longer is not a key file."""


class KeyFileError(Exception):
    """A key file that cannot be made or read, in words that never hold the key."""


@dataclass(frozen=True)
class KeyPair:
    """What keygen made: the two files and the public key's text."""

    private_path: Path
    public_path: Path
    public_text: str


def keygen(out_dir: Path) -> KeyPair:
    """Make a new key pair in `out_dir` (created, mode 0700, if missing): inbox.key (0600)
    and inbox.pub. Refuses, writing nothing, if either file is there already: an office
    that overwrote its key could not open what terminals sealed to the old one."""
    out_dir = Path(out_dir)
    private_path, public_path = out_dir / PRIVATE_NAME, out_dir / PUBLIC_NAME
    for path in (private_path, public_path):
        if os.path.lexists(path):
            raise KeyFileError(f"{path} exists: refusing to overwrite a key (move it away first)")
    try:
        out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise KeyFileError(f"{out_dir}: cannot make the folder ({exc.strerror})") from None
    key = PrivateKey.generate()
    public_text = _b64(bytes(key.public_key))
    _create(private_path, _b64(bytes(key)) + "\n", 0o600)
    try:
        _create(public_path, public_text + "\n", 0o644)
    except KeyFileError:
        # A private key without its public half would be a key nobody seals to.
        with contextlib.suppress(OSError):
            private_path.unlink()
        raise
    with contextlib.suppress(OSError):
        sync_to_disk(out_dir)
    return KeyPair(private_path, public_path, public_text)


def load_private_key(path: Path) -> PrivateKey:
    """The private key in the file at `path` (one line of base64 of 32 bytes)."""
    raw = _read_key_file(Path(path))
    return PrivateKey(raw)


def public_key_text(key: PrivateKey) -> str:
    """The public half of `key` as pack.yaml's `inbox_public_key` holds it."""
    return _b64(bytes(key.public_key))


def readable_by_others(path: Path) -> bool:
    """True when the file's mode lets its group or anyone else read it (worth a warning:
    whoever reads it reads every submission)."""
    try:
        return bool(os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO))
    except OSError:
        return False


def _read_key_file(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read the key file ({exc.strerror})") from None
    if len(data) > MAX_KEY_FILE:
        raise KeyFileError(f"{path}: not a key file (too long)")
    try:
        raw = base64.b64decode(data.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"{path}: not a key file (not one line of base64)") from None
    if len(raw) != KEY_BYTES:
        raise KeyFileError(f"{path}: not a key file (not {KEY_BYTES} bytes)")
    return raw


def _create(path: Path, text: str, mode: int) -> None:
    """Create `path` with `mode` from its first moment (O_EXCL: never over another file,
    O_NOFOLLOW: never through a link), write `text` and sync it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        raise KeyFileError(f"{path} exists: refusing to overwrite a key") from None
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot create ({exc.strerror})") from None
    try:
        # The umask may only have taken bits away; the public key is meant to be read.
        os.fchmod(fd, mode)
        os.write(fd, text.encode("ascii"))
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise KeyFileError(f"{path}: cannot write ({exc.strerror})") from None
    os.close(fd)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
