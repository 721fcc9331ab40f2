"""Files written whole or not at all, a small file read with care, and a file's SHA-256: one
way of each for the whole project.

A write goes into a temporary file beside its target, is synced to disk, and is renamed over
the target: a rename within one folder is atomic, so a reader sees the old file or the new
one, never half of one, and a full or read-only disk leaves the old file as it was. The
folder is synced last, so that the rename itself survives a power cut. A process killed on
the way leaves at worst a temporary file `.NAME.XXXXXXXX.tmp` beside the target, which the
folder's owner tidies away (kiosk.adapters.pack_store.PackStore.tidy does for its folder).

Standard library only: content is the lowest layer, so the terminal's core (the page count),
its adapters (the pack store's state file) and the publisher (signed metadata) all use it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` whole or not at all. Raises OSError (the old file stays as it
    was and the temporary file is gone).

    The file gets `mode`; without it, the mode `path` has now, else the mode the umask gives
    a new file (not tempfile.mkstemp's 0600, which would leave a PDF only its owner can read).
    """
    with replaced_atomically(path, mode) as temporary:
        fd = os.open(temporary, os.O_WRONLY | os.O_CLOEXEC)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


@contextlib.contextmanager
def replaced_atomically(path: Path, mode: int | None = None) -> Iterator[Path]:
    """A new, empty temporary file beside `path`, for a writer that wants a path (SQLite
    does); when the block ends, the file is synced and renamed over `path`. If the block
    raises, or the sync or the rename fails, the temporary file is removed, `path` stays as
    it was and the error goes on. `mode` as for write_atomically."""
    fd, temporary = _create_temporary(path, mode)
    os.close(fd)
    try:
        yield temporary
        sync_to_disk(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    # The new file is whole and in place; some filesystems refuse to sync a folder, and
    # that is not a failed write.
    with contextlib.suppress(OSError):
        sync_to_disk(path.parent)


def sync_to_disk(path: Path) -> None:
    """fsync a file (before it is renamed into place) or a folder (after a rename in it:
    the rename is durable once its folder is synced). Raises OSError."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at `path`, in hex, read in chunks (a pack is hundreds of MB)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _create_temporary(path: Path, mode: int | None) -> tuple[int, Path]:
    """A new, empty file beside `path`, open for writing, with the mode write_atomically
    promises; (its descriptor, its path)."""
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            pass  # the mode that os.open and the umask give
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        if mode is not None:
            try:
                os.fchmod(fd, mode)
            except OSError:
                os.close(fd)
                os.unlink(temporary)
                raise
        return fd, temporary
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path))


class NotPlainFile(ValueError):
    """A path that is not a plain file of the size asked for; `why` says what it is."""

    def __init__(self, path: Path, why: str):
        super().__init__(f"{path} is {why}")
        self.why = why


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of `path` if it is a plain file of at most `limit` bytes.

    Files in a data folder may have been replaced by anyone who can write there: a link is
    not followed, a pipe or a device is not waited on (either could point at any file or
    block for ever), and reading stops past `limit`. NotPlainFile says which it was;
    OSError is left for a file that is missing or cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotPlainFile(path, "a link") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotPlainFile(path, "not a plain file")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise NotPlainFile(path, f"larger than {limit} bytes")
    finally:
        os.close(fd)
    return b"".join(chunks)
