"""The terminal's outbox: sealed submissions waiting for the drop box (`<data_dir>/outbox.sqlite`).

A submission (its random id, its reference, its kind, when it was made, its sealed bytes)
is committed durably by `add` before the app shows the confirmation, and leaves only by
`delivered`, after the drop box has confirmed it. Nothing but sealed bytes is ever stored:
the terminal cannot read its own outbox. `export` writes the drop box's layout into a folder
(a USB stick) for a terminal without network.

Durability: WAL with synchronous=FULL. Each commit is one append to the write-ahead log and
one fsync of it, and the commit is on the disk when `add` returns. The rollback journal
(journal_mode=DELETE) needs synchronous=EXTRA for the same promise (its commit is the
unlink of the journal, durable only once the folder is synced) and three or four fsyncs a
commit; and WAL lets `kiosk outbox status` and the staff screen read while the upload
service writes, where DELETE would have them wait on its lock.

The app, the upload service and `kiosk outbox …` each open their own connections (one a
call: a connection is cheap next to an fsync, and it keeps every call thread-safe).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from content.files import write_atomically
from kiosk.core.controllers.ports import OutboxRefused

FILE_NAME = "outbox.sqlite"
BUSY_MS = 10_000
"""How long a call waits for another process's write (the upload deleting a row)."""

_ID = re.compile(r"[0-9a-f]{32}")
_KIND = re.compile(r"[a-z][a-z_]{0,31}")
_CREATED = re.compile(r"(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}Z")

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    created TEXT NOT NULL,
    sealed BLOB NOT NULL,
    queued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
"""


class OutboxError(Exception):
    """The outbox cannot do what was asked; the message says why, in words."""


class OutboxUnavailable(OutboxError, OutboxRefused):
    """The outbox cannot be written: nothing was stored. `cause` is "full", "read_only",
    "permission" or "other", for the form to say the right thing. It is the core's
    OutboxRefused, so the request controller catches it without knowing this module."""

    def __init__(self, message: str, cause: str):
        OutboxRefused.__init__(self, message, cause)


@dataclass(frozen=True)
class Submission:
    """One sealed submission in the outbox."""

    id: str
    reference: str
    kind: str
    created: str
    sealed: bytes

    @property
    def path(self) -> str:
        """Where it goes in the drop box (and a USB export): kind/date/id.sealed."""
        return sealed_path(self.kind, self.created, self.id)


def sealed_path(kind: str, created: str, submission_id: str) -> str:
    """`<kind>/<YYYY-MM-DD>/<id>.sealed`, the contract's layout; ValueError for a part that
    could not be a path's (so nothing odd ever reaches a URL or a folder)."""
    if not _KIND.fullmatch(kind):
        raise ValueError(f"not a submission kind: {kind!r}")
    date = _CREATED.fullmatch(created)
    if not date:
        raise ValueError(f"not a UTC time as YYYY-MM-DDTHH:MM:SSZ: {created!r}")
    if not _ID.fullmatch(submission_id):
        raise ValueError(f"not a submission id (32 lowercase hex digits): {submission_id!r}")
    return f"{kind}/{date[1]}/{submission_id}.sealed"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Outbox:
    """The outbox in `data_dir`; the file is made at the first call that needs it."""

    def __init__(self, data_dir: str | Path):
        self.root = Path(data_dir)
        self.path = self.root / FILE_NAME

    @contextlib.contextmanager
    def _db(self, write: bool) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction (BEGIN IMMEDIATE for a write), committed when the
        block ends; any SQLite or OS error is an OutboxUnavailable. A read where nothing was
        ever queued raises _NoFile (the callers' "empty")."""
        if not write and _size(self.path) == 0:
            raise _NoFile  # never made, or made by an add that the disk refused
        db = None
        try:
            if write:
                self.root.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():
                    # Only sealed bytes inside, but nobody else's business all the same.
                    os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600))
            db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            if write:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
            yield db
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if not write and str(exc).startswith("no such table"):
                raise _NoFile from None  # made, but its first write never committed
            raise _unavailable(exc, self.path, self.root) from None
        except (sqlite3.Error, OSError) as exc:
            raise _unavailable(exc, self.path, self.root) from None
        finally:
            if db is not None:
                db.close()

    # -- the app's side ---------------------------------------------------------------------

    def add(
        self, submission_id: str, reference: str, kind: str, created: str, sealed: bytes
    ) -> None:
        """Queue a sealed submission; on the disk when this returns. Adding the same id
        again changes nothing. Raises ValueError for an id, kind or time that is not the
        contract's, OutboxUnavailable when the disk refuses (then nothing is stored)."""
        sealed_path(kind, created, submission_id)
        if not isinstance(sealed, bytes | bytearray | memoryview) or not sealed:
            raise ValueError("the outbox takes sealed bytes only")
        with self._db(write=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO submissions VALUES (?, ?, ?, ?, ?, ?)",
                (submission_id, str(reference), kind, created, bytes(sealed), _now()),
            )

    # -- the upload's side ------------------------------------------------------------------

    def pending(self, limit: int = 100) -> list[Submission]:
        """The oldest `limit` submissions not yet delivered."""
        try:
            with self._db(write=False) as db:
                rows = db.execute(
                    # rowid: the order they were added in, read off the table's own tree
                    "SELECT id, reference, kind, created, sealed FROM submissions "
                    "ORDER BY rowid LIMIT ?",
                    (limit,),
                ).fetchall()
        except _NoFile:
            return []
        return [Submission(*row) for row in rows]

    def delivered(self, submission_id: str) -> None:
        """The drop box has it: the only way a submission leaves the outbox."""
        with self._db(write=True) as db:
            db.execute("DELETE FROM submissions WHERE id = ?", (submission_id,))

    def record(self, error: str | None, delivered: int = 0, now: datetime | None = None) -> None:
        """Note an upload round: how many it delivered, and its error (None: none)."""
        stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        values = {"last_round": stamp, "last_error": error}
        if delivered:
            values["last_upload"] = stamp
        with self._db(write=True) as db:
            db.executemany("INSERT OR REPLACE INTO state VALUES (?, ?)", values.items())

    # -- staff ------------------------------------------------------------------------------

    def status(self) -> dict:
        """queued, oldest (the oldest queued submission's time), last_upload (the last round
        that delivered something), last_round, last_error: for `kiosk outbox status` and
        the staff screen."""
        report = {
            "queued": 0,
            "oldest": None,
            "last_upload": None,
            "last_round": None,
            "last_error": None,
        }
        try:
            with self._db(write=False) as db:
                queued, oldest = db.execute(
                    "SELECT count(*), min(created) FROM submissions"
                ).fetchone()
                state = dict(db.execute("SELECT key, value FROM state").fetchall())
        except _NoFile:
            return report
        report.update(queued=queued, oldest=oldest)
        for key in ("last_upload", "last_round", "last_error"):
            report[key] = state.get(key)
        return report

    def export(self, folder: str | Path, remove: bool = False) -> int:
        """Write every queued submission into `folder` as the drop box lays them out, each
        file whole or not at all; with `remove`, each leaves the outbox once its file is on
        the disk. The number written. OSError when the folder refuses a write."""
        folder, written = Path(folder), 0
        while True:
            batch = self.pending(100) if remove else self.pending(-1)
            if not batch:
                return written
            for item in batch:
                target = folder / item.path
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(target, item.sealed)
                written += 1
                if remove:
                    self.delivered(item.id)
            if not remove:
                return written


class _NoFile(Exception):
    """No outbox file yet: nothing was ever queued."""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _unavailable(exc: Exception, path: Path, folder: Path) -> OutboxUnavailable:
    """An SQLite or OS error as an OutboxUnavailable naming the cause (never the data)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    number = getattr(exc, "errno", None)
    if name.startswith("SQLITE_IOERR") or name.startswith("SQLITE_CANTOPEN"):
        # SQLite says "disk I/O error" for a write the disk refused, without the errno:
        # ask the filesystem whether it is full or read-only.
        number = _disk_fault(folder) or number
    if name.startswith("SQLITE_FULL") or number in (errno.ENOSPC, errno.EDQUOT):
        return OutboxUnavailable(f"the outbox cannot be written: the disk is full ({path})", "full")
    if name.startswith("SQLITE_READONLY") or number == errno.EROFS:
        return OutboxUnavailable(
            f"the outbox cannot be written: the disk is read-only ({path})", "read_only"
        )
    if number in (errno.EACCES, errno.EPERM) or name.startswith("SQLITE_PERM"):
        return OutboxUnavailable(
            f"the outbox cannot be written: permission denied ({path})", "permission"
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return OutboxUnavailable(
            f"the outbox cannot be opened ({path}): the data folder is missing, read-only or full",
            "other",
        )
    reason = getattr(exc, "strerror", None) or str(exc)
    if name:
        reason = f"{reason}, {name}"
    return OutboxUnavailable(f"the outbox cannot be used ({reason}: {path})", "other")


def _disk_fault(folder: Path) -> int | None:
    """ENOSPC if the filesystem of `folder` (or its nearest existing parent) has no room,
    EROFS if it is mounted read-only, else None."""
    for place in (folder, *folder.parents):
        try:
            disk = os.statvfs(place)
        except OSError:
            continue
        if disk.f_flag & os.ST_RDONLY:
            return errno.EROFS
        # A few blocks are not room enough for a page, the log and the shared memory.
        if disk.f_bavail * disk.f_frsize < 64 * 1024:
            return errno.ENOSPC
        return None
    return None
