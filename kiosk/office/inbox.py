"""The staff inbox: a local SQLite file of the submissions opened so far, and of the files
that were refused.

A submission's id is the primary key, so a file pulled twice is stored once. The file is
created with mode 0600 (SQLite gives its journal the same mode): it holds what citizens
wrote, in the clear. Journal mode DELETE with synchronous=FULL: a commit is on the disk when
it returns, and the inbox is one file at rest (WAL would add two more files to guard, each
with what citizens wrote). A pull commits in batches (kiosk.office.pull), not a file at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.core.requests import Envelope

APPLICATION_ID = 0x4B494E42  # "KINB": a file that says it is an inbox
SCHEMA_VERSION = 1
TIMEOUT_S = 60.0
"""How long a pull waits for another one (or a `done`) to finish its commit."""

SCHEMA = """
CREATE TABLE items (
    id TEXT PRIMARY KEY,        -- the submission's random id (32 hex)
    reference TEXT NOT NULL,    -- as the citizen has it, e.g. K7MQ-4XR9
    ref_key TEXT NOT NULL,      -- the reference without dashes, upper case: what staff type
    kind TEXT NOT NULL,
    created TEXT NOT NULL,      -- UTC, YYYY-MM-DDTHH:MM:SSZ (sorts as time)
    office TEXT NOT NULL,       -- the office (else agency) it concerns, '' for none
    envelope TEXT NOT NULL,     -- the opened envelope's JSON, as it arrived
    source TEXT NOT NULL,       -- the path it was pulled from
    pulled TEXT NOT NULL,       -- UTC
    done TEXT                   -- UTC when staff closed it, NULL while open
);
CREATE INDEX items_ref ON items(ref_key);
CREATE INDEX items_open ON items(done, kind, office, created);
CREATE TABLE refused (
    path TEXT PRIMARY KEY,      -- kind/date/name in the source
    reason TEXT NOT NULL,       -- in words, never anything from the file
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
"""
"""No semicolon but between statements: setup splits on them."""

OFFICE_FIELDS = ("location", "agency")
"""The fields, in this order, that say which office a submission concerns."""


class InboxError(Exception):
    """The inbox file cannot be opened or is not an inbox."""


@dataclass(frozen=True)
class Item:
    """A stored submission."""

    id: str
    reference: str
    kind: str
    created: datetime
    office: str
    envelope: dict[str, Any]
    source: str
    pulled: datetime
    done: datetime | None

    @property
    def fields(self) -> dict[str, Any]:
        return self.envelope["fields"]


@dataclass(frozen=True)
class Refusal:
    path: str
    reason: str
    first_seen: datetime
    last_seen: datetime


def ref_key(text: str) -> str:
    """A reference as staff may type it (lower case, no dash, spaces) in the stored form."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Inbox:
    """The inbox at `path`. `create`: make it (mode 0600) if it is not there."""

    def __init__(self, path: Path, create: bool = False, now=lambda: datetime.now(UTC)):
        self.path = Path(path)
        self._now = now
        if create:
            _create_private(self.path)
        elif not self.path.is_file():
            raise InboxError(f"{self.path}: no inbox here (`kiosk inbox pull` makes one)")
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=TIMEOUT_S)
            self._db.execute("PRAGMA journal_mode=DELETE")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._setup()
        except (sqlite3.Error, InboxError) as exc:
            with contextlib.suppress(Exception):
                self._db.close()
            if isinstance(exc, InboxError):
                raise
            if isinstance(exc, sqlite3.OperationalError):  # locked, full, read-only
                raise InboxError(f"{self.path}: the inbox cannot be used now ({exc})") from None
            raise InboxError(f"{self.path}: not an inbox ({exc})") from None

    def _setup(self) -> None:
        (app_id,) = self._db.execute("PRAGMA application_id").fetchone()
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if app_id == 0 and version == 0:
            with self.transaction():  # a second pull that starts at the same moment waits
                (app_id,) = self._db.execute("PRAGMA application_id").fetchone()
                if app_id == APPLICATION_ID:
                    return  # that other pull made it
                if self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise InboxError(f"{self.path}: an SQLite file, but not an inbox")
                for statement in SCHEMA.split(";"):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            return
        if app_id != APPLICATION_ID:
            raise InboxError(f"{self.path}: an SQLite file, but not an inbox")
        if version != SCHEMA_VERSION:
            raise InboxError(f"{self.path}: an inbox of version {version}, not {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def begin(self) -> None:
        """Start a transaction that add() and refuse() join, until commit() or rollback()."""
        self._execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        """Make what was stored since begin() durable (synchronous=FULL: on the disk)."""
        self._execute("COMMIT")

    def rollback(self) -> None:
        # After some failures (a full disk) SQLite has rolled back already.
        with contextlib.suppress(sqlite3.Error):
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def _execute(self, sql: str, args=()) -> sqlite3.Cursor:
        """`sql` run; a database that cannot be written (a full disk, a read-only one,
        another pull holding it longer than TIMEOUT_S) is an InboxError that says so."""
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise InboxError(f"{self.path}: the inbox cannot be used now ({exc})") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit for what the block stores; none of it if the block raises."""
        if self._db.in_transaction:
            yield
            return
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()

    # -- pulling

    def known_ids(self) -> set[str]:
        return {row[0] for row in self._execute("SELECT id FROM items")}

    def add(self, envelope: Envelope, plaintext: str, source: str) -> bool:
        """Store a submission (in the caller's transaction, if any); False if its id is
        stored already. A file that read once is no longer refused."""
        with self.transaction():
            cursor = self._execute(
                "INSERT OR IGNORE INTO items"
                " (id, reference, ref_key, kind, created, office, envelope, source, pulled)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    envelope.id,
                    envelope.reference,
                    ref_key(envelope.reference),
                    envelope.kind,
                    _utc_text(envelope.created),
                    office_of(envelope.fields),
                    plaintext,
                    source,
                    _utc_text(self._now()),
                ),
            )
            self._execute("DELETE FROM refused WHERE path = ?", (source,))
        return cursor.rowcount == 1

    def refuse(self, path: str, reason: str) -> None:
        """Record that the file at `path` was refused, and why (the last reason wins)."""
        now = _utc_text(self._now())
        with self.transaction():
            self._execute(
                "INSERT INTO refused (path, reason, first_seen, last_seen) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET reason = excluded.reason,"
                " last_seen = excluded.last_seen",
                (path, reason, now, now),
            )

    # -- reading

    def items(self, kind: str | None = None, open_only: bool = False) -> list[Item]:
        """Stored submissions, the oldest first."""
        where, args = [], []
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if open_only:
            where.append("done IS NULL")
        sql = "SELECT * FROM items" + (" WHERE " + " AND ".join(where) if where else "")
        return [_item(row) for row in self._rows(sql + " ORDER BY created, id", args)]

    def find(self, ref: str) -> list[Item]:
        """The submissions with reference `ref` as staff typed it (or with that id)."""
        key = ref_key(ref)
        rows = self._rows(
            "SELECT * FROM items WHERE ref_key = ? OR id = ? ORDER BY created, id",
            (key, ref.strip().lower()),
        )
        return [_item(row) for row in rows]

    def mark_done(self, submission_id: str) -> bool:
        """Close a submission; False if it was closed already."""
        with self.transaction():
            cursor = self._execute(
                "UPDATE items SET done = ? WHERE id = ? AND done IS NULL",
                (_utc_text(self._now()), submission_id),
            )
        return cursor.rowcount == 1

    def refusals(self) -> list[Refusal]:
        rows = self._rows("SELECT * FROM refused ORDER BY path", ())
        return [
            Refusal(r["path"], r["reason"], _utc(r["first_seen"]), _utc(r["last_seen"]))
            for r in rows
        ]

    def _rows(self, sql: str, args) -> list[dict[str, Any]]:
        cursor = self._execute(sql, args)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def office_of(fields: dict[str, Any]) -> str:
    """The office (else the agency) a submission concerns, '' when it names none."""
    for name in OFFICE_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _create_private(path: Path) -> None:
    """Make an empty file at `path` with mode 0600 from its first moment, unless there is
    one (an existing inbox is opened as it is)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise InboxError(f"{path}: cannot create the inbox ({exc.strerror})") from None
    os.close(fd)


def _item(row: dict) -> Item:
    return Item(
        id=row["id"],
        reference=row["reference"],
        kind=row["kind"],
        created=_utc(row["created"]),
        office=row["office"],
        envelope=json.loads(row["envelope"]),
        source=row["source"],
        pulled=_utc(row["pulled"]),
        done=_utc(row["done"]) if row["done"] else None,
    )


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
