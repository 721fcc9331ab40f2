"""Opening a pack file: the checks made before anything is read from it, and a connection
whose every query has a budget of SQLite steps.

A pack opens only if it is a whole SQLite file, of a schema version this kiosk reads, with
every table of that version exactly as the format has it and nothing else that could run on
a read (content.pack.schema_check), and with metadata that read (content.pack.meta).
Anything else is refused with a named error (content.pack.format), never half-shown.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from content.pack import format as fmt
from content.pack.meta import PackMeta, meta_rows, read_meta, schema_version
from content.pack.schema_check import check_schema

SQLITE_ERRORS = (sqlite3.Error, UnicodeDecodeError)
"""What reading a damaged file can raise: sqlite3 turns an error message that quotes bytes
of a damaged schema into a UnicodeDecodeError rather than an sqlite3 error."""
STEPS_PER_CALL = 10_000
"""How often SQLite asks the step counter: a Python call per 10,000 steps costs nothing."""


class GuardedConnection(sqlite3.Connection):
    """A connection whose every statement has a budget of SQLite steps: a query past it is
    interrupted (sqlite3.OperationalError), and `ran_away` says that this is why."""

    def guard(self, max_steps: int) -> None:
        self.ran_away = False
        every = min(STEPS_PER_CALL, max_steps)
        self._calls, self._max_calls = 0, max(1, max_steps // every)
        self.set_progress_handler(self._step, every)

    def _step(self) -> int:
        self._calls += 1
        if self._calls > self._max_calls:
            self.ran_away = True
            return 1
        return 0

    def execute(self, sql, parameters=(), /):
        # Each statement has its own budget. (The kiosk reads through execute() only; a
        # cursor of its own would share the budget of the statement before.)
        self._calls, self.ran_away = 0, False
        return super().execute(sql, parameters)


def connect(path: Path, max_query_steps: int) -> tuple[GuardedConnection, PackMeta]:
    """A read-only connection to the pack at `path` and its metadata, once the pack has been
    checked; a PackError subclass, naming `path`, if it cannot be used."""
    if not path.is_file():
        raise fmt.MalformedPackError(f"{path}: no such pack file")
    _check_length(path)
    try:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1",
            uri=True,
            check_same_thread=False,
            factory=GuardedConnection,
        )
    except sqlite3.Error as exc:
        raise fmt.MalformedPackError(f"{path}: not a content pack ({exc})") from exc
    conn.guard(max_query_steps)
    try:
        return conn, _checked(conn)
    except fmt.PackError as exc:
        conn.close()
        raise type(exc)(f"{path}: {exc}") from None
    except SQLITE_ERRORS as exc:
        conn.close()
        if conn.ran_away:
            raise fmt.RunawayQueryError(
                f"{path}: checking the pack took more than {max_query_steps:,} steps"
            ) from None
        raise fmt.MalformedPackError(f"{path}: not a content pack ({exc})") from None


def _check_length(path: Path) -> None:
    """A file shorter (or longer) than its own header says is refused before SQLite reads
    it: a download cut short could otherwise open, and fail only on the page it lacks."""
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        raise fmt.MalformedPackError(f"{path}: not a content pack (not an SQLite file)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # the page count is kept up to date
    expected, length = pages * page_size, path.stat().st_size
    if counted and pages and length != expected:
        cut = "cut short" if length < expected else "longer than its header says"
        raise fmt.MalformedPackError(
            f"{path}: the file is {cut} ({length} bytes of {expected}): a broken copy or "
            "download; fetch it again"
        )


def _checked(conn: sqlite3.Connection) -> PackMeta:
    """The pack's metadata, once its schema version and tables have been checked."""
    kinds = {name: kind for kind, name in conn.execute("SELECT type, name FROM sqlite_master")}
    if kinds.get("meta") != "table":
        raise fmt.MalformedPackError("the pack has no meta table")
    rows = meta_rows(conn)
    schema = schema_version(rows)
    if schema > fmt.SCHEMA_VERSION:
        raise fmt.FutureSchemaError(
            f"the pack has schema version {schema}, this kiosk reads up to "
            f"{fmt.SCHEMA_VERSION}; update the kiosk software"
        )
    if schema not in fmt.SUPPORTED_SCHEMA_VERSIONS:
        raise fmt.UnsupportedSchemaError(
            f"schema version {schema} is no longer supported; rebuild the pack"
        )
    check_schema(conn, schema)
    return read_meta(rows)


def guarded(method):
    """A reader method (or a function of a Pack) whose SQLite errors (damage met on the way,
    a query stopped at its budget) come out as the pack's named errors."""

    @functools.wraps(method)
    def read(pack, *args, **kwargs):
        try:
            return method(pack, *args, **kwargs)
        except SQLITE_ERRORS as exc:
            raise pack._damaged(exc) from None

    return read
