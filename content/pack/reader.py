"""Read a content pack: what the kiosk, the printouts and `kiosk content info` use.

`open_pack()` checks the pack before anything is shown, and accepts only the format it
knows (content.pack.format): a whole SQLite file; a schema version this kiosk reads; every
table of that version a real table with exactly its columns, the full-text indexes as the
builder makes them, nothing else that could run on a read (no views, no triggers, no
column defaults, checks or generated columns); and metadata that read (an id, whole
version numbers, a date, known languages, safe allowed hosts). A pack that fails is refused
with a named error (content.pack.format), never half-shown.

Reading stays on guard too: every query has a budget of SQLite steps
(packformat.MAX_QUERY_STEPS), damage met on the way is a MalformedPackError, a value of
the wrong type is one as well, and a web address whose real host is not on the pack's
allowed hosts is handed out as None. `verify_pack()` is the whole check that publishing
and installing make: this, SQLite's integrity check, every value of every row, the whole
full-text index, every eligibility rule and every web address.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from content.model import LANGUAGES, Text
from content.pack import format as fmt
from content.urls import UnsafeUrl, check_allowed_host, check_url

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")  # content.publisher.fields.ID_PATTERN
WHOLE_NUMBER = re.compile(r"^[0-9]{1,15}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-][0-9:]+)?)?$")
"""'2026-11-27T15:12:13Z' as the builder writes it, or a date; fromisoformat alone would take
'20261127' too, which the screens would show as it is."""
SQLITE_ERRORS = (sqlite3.Error, UnicodeDecodeError)
"""What reading a damaged file can raise: sqlite3 turns an error message that quotes bytes
of a damaged schema into a UnicodeDecodeError rather than an sqlite3 error."""
STEPS_PER_CALL = 10_000
"""How often SQLite asks the step counter: a Python call per 10,000 steps costs nothing."""


@dataclass(frozen=True)
class PackMeta:
    pack_id: str
    title: Text
    version: int
    schema_version: int
    created_at: str
    region: str
    languages: tuple[str, ...]
    demo: bool
    content_hash: str
    allowed_hosts: tuple[str, ...]
    notice: Text | None = None

    @property
    def date(self) -> str:
        """The day the pack was built: what "information as of ..." shows."""
        return self.created_at[:10]


class Record(dict):
    """A row with its multilingual columns joined: row['name'] is a Text."""

    def text(self, name: str, lang: str) -> str:
        value = self.get(name)
        return value.get(lang) if isinstance(value, Text) else (value or "")


def _column_types() -> dict[str, type]:
    types: dict[str, type] = {}
    for spec in fmt.TABLES.values():
        for name, kind in spec["columns"].items():
            assert types.setdefault(name, kind) is kind, f"column {name} has two types"
    return types


COLUMN_TYPES = _column_types()
"""Every column name of the format and its type: a name means the same in every table."""

URL_NAMES = frozenset(c for columns in fmt.URL_COLUMNS.values() for c in columns)


TYPES = {str: {str, type(None)}, int: {int, type(None)}, float: {float, int, type(None)}}
"""What SQLite may hand back for a column of each type: NULL, or a value of that type."""
KINDS = {bytes: "binary data", int: "a number", float: "a number", str: "text"}
TEXT, URL, PLAIN = "text", "url", "plain"


@functools.lru_cache(maxsize=256)
def _plan(names: tuple[str, ...]) -> tuple[tuple, tuple]:
    """How a row with these columns becomes a Record, worked out once per query shape:
    (key, column, English column, how) for each key, and the types each column may hold."""
    index = {name: i for i, name in enumerate(names)}
    steps = []
    for i, name in enumerate(names):
        if name.endswith("_en") and name[:-3] + "_ru" in index:
            continue  # joined to its Russian column
        if name.endswith("_ru"):
            steps.append((name[:-3], i, index.get(name[:-3] + "_en"), TEXT))
        else:
            steps.append((name, i, None, URL if name in URL_NAMES else PLAIN))
    checks = tuple(
        (i, name, TYPES[COLUMN_TYPES[name]]) for i, name in enumerate(names) if name in COLUMN_TYPES
    )
    return tuple(steps), checks


# -- opening ---------------------------------------------------------------------------------


class _Guarded(sqlite3.Connection):
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


def open_pack(path: str | Path, max_query_steps: int = fmt.MAX_QUERY_STEPS) -> Pack:
    """Open and check a pack read-only; raise a PackError subclass if it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise fmt.MalformedPackError(f"{path}: no such pack file")
    _check_length(path)
    try:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False, factory=_Guarded
        )
    except sqlite3.Error as exc:
        raise fmt.MalformedPackError(f"{path}: not a content pack ({exc})") from exc
    conn.guard(max_query_steps)
    try:
        meta = _checked(conn)
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
    return Pack(path, conn, meta)


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
    kinds = _schema_kinds(conn)
    if kinds.get("meta") != "table":
        raise fmt.MalformedPackError("the pack has no meta table")
    meta = _meta_rows(conn)
    schema = _whole(meta, "schema_version")
    if schema > fmt.SCHEMA_VERSION:
        raise fmt.FutureSchemaError(
            f"the pack has schema version {schema}, this kiosk reads up to "
            f"{fmt.SCHEMA_VERSION}; update the kiosk software"
        )
    if schema not in fmt.SUPPORTED_SCHEMA_VERSIONS:
        raise fmt.UnsupportedSchemaError(
            f"schema version {schema} is no longer supported; rebuild the pack"
        )
    fmt.check_schema(conn)
    return _meta(meta)


def _schema_kinds(conn) -> dict[str, str]:
    return {name: kind for kind, name in conn.execute("SELECT type, name FROM sqlite_master")}


# -- the metadata ----------------------------------------------------------------------------


def _meta_rows(conn) -> dict[str, str]:
    meta = {}
    for key, value in conn.execute("SELECT key, value FROM meta"):
        if isinstance(key, str) and key in fmt.META_KEYS:
            if value is not None and not isinstance(value, str):
                raise fmt.MalformedPackError(f"meta '{key}' is not text")
            meta[key] = value
    return meta


def _required(meta: dict, key: str) -> str:
    value = meta.get(key)
    if not value:
        raise fmt.MalformedPackError(f"meta '{key}' is missing")
    return value


def _whole(meta: dict, key: str) -> int:
    value = _required(meta, key)
    if not WHOLE_NUMBER.match(value):
        raise fmt.MalformedPackError(f"meta '{key}' is {_shown(value)}, not a whole number")
    return int(value)


def _shown(value: str) -> str:
    return repr(value[:40] + ("..." if len(value) > 40 else ""))


def _meta(m: dict[str, str]) -> PackMeta:
    """The metadata as PackMeta; MalformedPackError naming the first key that does not read."""
    pack_id = _required(m, "pack_id")
    if not ID_PATTERN.match(pack_id):
        raise fmt.MalformedPackError(
            f"meta 'pack_id' is {_shown(pack_id)}, not an id (lower-case letters, digits, -)"
        )
    created_at = _required(m, "created_at")
    try:
        if not DATE_TIME.match(created_at):
            raise ValueError(created_at)
        datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        raise fmt.MalformedPackError(
            f"meta 'created_at' is {_shown(created_at)}, not a date and time"
        ) from None
    languages = tuple(_required(m, "languages").split(","))
    for lang in languages:
        if lang not in LANGUAGES:
            raise fmt.MalformedPackError(f"meta 'languages' has {_shown(lang)}: not one of ru, en")
    if "ru" not in languages:
        raise fmt.MalformedPackError("meta 'languages' lacks ru: every text is there in Russian")
    demo = _required(m, "demo")
    if demo not in ("0", "1"):
        raise fmt.MalformedPackError(f"meta 'demo' is {_shown(demo)}, not 0 or 1")
    content_hash = _required(m, "content_hash")
    if not SHA256.match(content_hash):
        raise fmt.MalformedPackError("meta 'content_hash' is not a SHA-256 in hex")
    hosts = tuple(filter(None, (m.get("allowed_hosts") or "").split(",")))
    for host in hosts:
        try:
            check_allowed_host(host)
        except UnsafeUrl as exc:
            raise fmt.MalformedPackError(
                f"meta 'allowed_hosts' has {_shown(host)}: {exc}"
            ) from None
    notice = Text(m["notice_ru"], m.get("notice_en")) if m.get("notice_ru") else None
    return PackMeta(
        pack_id=pack_id,
        title=Text(m.get("title_ru") or "", m.get("title_en")),
        version=_whole(m, "version"),
        schema_version=_whole(m, "schema_version"),
        created_at=created_at,
        region=m.get("region") or "",
        languages=languages,
        demo=demo == "1",
        content_hash=content_hash,
        allowed_hosts=hosts,
        notice=notice,
    )


# -- reading ---------------------------------------------------------------------------------


def _guarded(method):
    """A reader method whose SQLite errors (damage met on the way, a query stopped at its
    budget) come out as the pack's named errors."""

    @functools.wraps(method)
    def read(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except SQLITE_ERRORS as exc:
            raise self._damaged(exc) from None

    return read


class Pack:
    """An open, checked content pack. Methods return Records with Text fields."""

    def __init__(self, path: Path, conn: sqlite3.Connection, meta: PackMeta):
        self.path, self.conn, self._meta = path, conn, meta
        self._searcher = None
        self._urls: dict[str, str | None] = {}

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _damaged(self, exc: sqlite3.Error) -> fmt.MalformedPackError:
        if getattr(self.conn, "ran_away", False):
            return fmt.RunawayQueryError(
                f"{self.path}: a query on the pack was stopped after "
                f"{fmt.MAX_QUERY_STEPS:,} steps; the pack is damaged or built to hang the kiosk"
            )
        return fmt.MalformedPackError(f"{self.path}: the pack is damaged ({exc})")

    def _all(self, sql: str, *args) -> list[Record]:
        cursor = self.conn.execute(sql, args)
        names = [c[0] for c in cursor.description]
        return [self._record(names, values) for values in cursor]

    def _one(self, sql: str, *args) -> Record | None:
        rows = self._all(sql, *args)
        return rows[0] if rows else None

    def _record(self, names, values) -> Record:
        steps, checks = _plan(tuple(names))
        for i, name, types in checks:
            if type(values[i]) not in types:
                raise fmt.MalformedPackError(
                    f"{self.path}: the pack is damaged: {KINDS.get(type(values[i]), 'a value')} in "
                    f"'{name}' of {_row_name(names, values)}"
                )
        record = Record()
        for key, i, en, how in steps:
            value = values[i]
            if how is TEXT:
                record[key] = Text(value, None if en is None else values[en]) if value else None
            elif how is URL and value:
                record[key] = self._address(value)
            else:
                record[key] = value
        return record

    def _address(self, value: str) -> str | None:
        """`value` if its real host is on the pack's allowed hosts, else None (remembered:
        packs repeat a few addresses thousands of times)."""
        if value not in self._urls:
            if len(self._urls) > 10_000:
                self._urls.clear()
            try:
                self._urls[value] = check_url(value, self._meta.allowed_hosts)
            except UnsafeUrl:
                self._urls[value] = None
        return self._urls[value]

    @property
    def meta(self) -> PackMeta:
        return self._meta

    @_guarded
    def counts(self) -> dict[str, int]:
        tables = ("categories", "districts", "agencies", "locations", "services", "events")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    # -- browsing ------------------------------------------------------------------------

    @_guarded
    def categories(self) -> list[Record]:
        return self._all("SELECT * FROM categories ORDER BY position")

    @_guarded
    def category(self, category_id: str) -> Record | None:
        return self._one("SELECT * FROM categories WHERE id = ?", category_id)

    @_guarded
    def services_in_category(self, category_id: str, limit: int = -1) -> list[Record]:
        """The category's services in order; at most `limit` of them (-1: all)."""
        # Order and cut on the narrow columns first; read whole rows only for those kept.
        return self._all(
            "SELECT s.* FROM (SELECT sc.service_id AS id, sc.position AS p1, o.position AS p2 "
            "FROM service_categories sc JOIN services o ON o.id = sc.service_id "
            "WHERE sc.category_id = ? ORDER BY p1, p2 LIMIT ?) pick "
            "JOIN services s ON s.id = pick.id ORDER BY pick.p1, pick.p2",
            category_id,
            limit,
        )

    @_guarded
    def service(self, service_id: str) -> Record | None:
        """A service with its documents, rule, agencies and the offices that provide it."""
        service = self.service_row(service_id)
        if service is None:
            return None
        service["documents"] = [
            r["document"]
            for r in self._all(
                "SELECT * FROM required_documents WHERE service_id = ? ORDER BY position",
                service_id,
            )
        ]
        service["eligibility_rule"] = self._rule(service_id, service.get("eligibility_rule"))
        service["agencies"] = self._all(
            "SELECT a.* FROM agencies a JOIN service_agencies sa ON sa.agency_id = a.id "
            "WHERE sa.service_id = ? ORDER BY sa.position",
            service_id,
        )
        service["locations"] = [
            self._with_details(loc)
            for loc in self._all(
                "SELECT l.* FROM locations l JOIN service_at_location sl ON sl.location_id = l.id"
                " WHERE sl.service_id = ? ORDER BY l.agency_id, l.position",
                service_id,
            )
        ]
        return service

    def _rule(self, service_id: str, text: str | None):
        if not text:
            return None
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise fmt.MalformedPackError(
                f"{self.path}: the pack is damaged: the eligibility rule of service "
                f"'{service_id}' does not parse (not JSON)"
            ) from None

    @_guarded
    def service_row(self, service_id: str) -> Record | None:
        """The service's own row (name, summary, links) without what `service()` joins to
        it: for lists, where a service's offices and their hours are a dozen queries each."""
        return self._one("SELECT * FROM services WHERE id = ?", service_id)

    @_guarded
    def service_names(self, service_ids: list[str]) -> dict[str, Text]:
        """The names of these services in one query: for long lists that show only names."""
        names: dict[str, Text] = {}
        for start in range(0, len(service_ids), 500):  # SQLite's limit on parameters
            chunk = service_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._all(
                f"SELECT id, name_ru, name_en FROM services WHERE id IN ({marks})", *chunk
            ):
                names[row["id"]] = row["name"] or Text("")
        return names

    @_guarded
    def agencies(self) -> list[Record]:
        return self._all("SELECT * FROM agencies ORDER BY name_ru")

    @_guarded
    def agency(self, agency_id: str) -> Record | None:
        agency = self._one("SELECT * FROM agencies WHERE id = ?", agency_id)
        if agency is None:
            return None
        agency["phones"] = self._all(
            "SELECT * FROM phones WHERE agency_id = ? ORDER BY position", agency_id
        )
        agency["locations"] = [
            self._with_details(loc)
            for loc in self._all(
                "SELECT * FROM locations WHERE agency_id = ? ORDER BY position", agency_id
            )
        ]
        return agency

    @_guarded
    def location(self, location_id: str) -> Record | None:
        loc = self._one("SELECT * FROM locations WHERE id = ?", location_id)
        return self._with_details(loc) if loc else None

    def _with_details(self, loc: Record) -> Record:
        loc["hours"] = self._all(
            "SELECT weekday, opens_at, closes_at FROM schedules WHERE location_id = ? "
            "ORDER BY rowid",
            loc["id"],
        )
        loc["accessibility"] = [
            r["feature"]
            for r in self._all(
                "SELECT feature FROM accessibility WHERE location_id = ? ORDER BY rowid", loc["id"]
            )
        ]
        loc["phones"] = self._all(
            "SELECT * FROM phones WHERE location_id = ? ORDER BY position", loc["id"]
        )
        return loc

    @_guarded
    def districts(self) -> list[Record]:
        return self._all("SELECT * FROM districts ORDER BY position")

    @_guarded
    def events(self, after: str | None = None, limit: int = -1) -> list[Record]:
        """Events that end (or start) at or after `after` ('YYYY-MM-DDTHH:MM'), soonest first;
        at most `limit` of them (-1: all)."""
        return self._all(
            "SELECT * FROM events WHERE coalesce(ends, starts) >= coalesce(?, '') "
            "ORDER BY starts LIMIT ?",
            after,
            limit,
        )

    @_guarded
    def event(self, event_id: str) -> Record | None:
        """One event with its place (the office, with hours and phones), if it has one."""
        event = self._one("SELECT * FROM events WHERE id = ?", event_id)
        if event is not None:
            loc_id = event.get("location_id")
            event["location"] = self.location(loc_id) if loc_id else None
        return event

    @_guarded
    def synonym_groups(self) -> list[tuple[str, list[str]]]:
        groups: dict[int, tuple[str, list[str]]] = {}
        for row in self._all("SELECT group_id, lang, term FROM synonyms ORDER BY group_id, rowid"):
            if row["term"] is None or row["lang"] is None:
                raise fmt.MalformedPackError(f"{self.path}: the pack is damaged: an empty synonym")
            groups.setdefault(row["group_id"], (row["lang"], []))[1].append(row["term"])
        return list(groups.values())

    # -- search --------------------------------------------------------------------------

    @_guarded
    def search(self, query: str, limit: int = 20):
        """Search services, agencies and events; see content.pack.search."""
        if self._searcher is None:
            from content.pack.search import Searcher

            self._searcher = Searcher(self.conn, self.synonym_groups())
        return self._searcher.search(query, limit=limit)

    def forget_searches(self) -> None:
        """Forget every word searched for (the counts and stems kept to answer the next
        search sooner): the kiosk calls this between visitors."""
        from content.textnorm import forget_words

        self._searcher = None
        forget_words()


def _row_name(names, values) -> str:
    row = dict(zip(names, values, strict=True))
    return f"row '{row['id']}'" if isinstance(row.get("id"), str) else "a row"


# -- the whole check -------------------------------------------------------------------------


def verify_pack(path: str | Path) -> PackMeta:
    """Everything checked before a pack is published or installed: what open_pack checks,
    SQLite's integrity check, a value of its column's type in every row, every eligibility
    rule, and every web address against the pack's allowed hosts. Returns the metadata or
    raises a PackError subclass naming the first problem (the table, the row, the value)."""
    with open_pack(path) as pack:
        # Whole-table reads, bounded by the file rather than by anything the pack says
        # (open_pack has refused views and triggers), and longer on a big pack than one
        # query's budget: no step limit here.
        pack.conn.set_progress_handler(None, 0)
        _check_integrity(pack)
        _check_values(pack)
        _check_search_index(pack)
        _check_rules(pack)
        _check_addresses(pack)
        return pack.meta


@_guarded
def _check_integrity(pack: Pack) -> None:
    rows = pack.conn.execute("PRAGMA integrity_check").fetchall()
    if [row[0] for row in rows] != ["ok"]:
        raise fmt.MalformedPackError(f"{pack.path}: the file is damaged ({rows[0][0]})")


SQL_KINDS = {
    str: "('null', 'text')",
    int: "('null', 'integer')",
    float: "('null', 'real', 'integer')",
}


@_guarded
def _check_values(pack: Pack) -> None:
    """Every value of every row is of its column's type and every id is there, found by
    SQL; and every text is UTF-8, found by reading it once, here rather than at a visitor's
    tap. (SQLite's integrity check looks at neither.)"""
    for table, spec in fmt.TABLES.items():
        columns = spec["columns"]
        wrong = " OR ".join(f"typeof([{n}]) NOT IN {SQL_KINDS[k]}" for n, k in columns.items())
        if "id" in columns:
            wrong += " OR id IS NULL"
        listed = ", ".join(f"[{n}]" for n in columns)
        for rowid, *values in pack.conn.execute(
            f"SELECT rowid, {listed} FROM [{table}] WHERE {wrong} LIMIT 1"
        ):
            name, value = next(
                (
                    (n, v)
                    for n, v in zip(columns, values, strict=True)
                    if type(v) not in TYPES[columns[n]]
                ),
                ("id", None),
            )
            raise fmt.MalformedPackError(
                f"{pack.path}: {table}: {KINDS.get(type(value), 'nothing')} in '{name}' of row "
                f"{rowid}, where the format has {fmt.SQL_TYPES[columns[name]]}"
            )
        texts = ", ".join(f"[{n}]" for n, k in columns.items() if k is str) or "NULL"
        try:
            for _row in pack.conn.execute(f"SELECT {texts} FROM [{table}]"):
                pass
        except sqlite3.OperationalError as exc:  # "Could not decode to UTF-8 column ..."
            raise fmt.MalformedPackError(f"{pack.path}: {table}: {exc}") from None


@_guarded
def _check_search_index(pack: Pack) -> None:
    """Read the whole of both full-text indexes, as a search would: damage there is met only
    by the search that reads it, and SQLite's integrity check (3.40) does not look inside.
    fts5vocab tables in the connection's own temporary schema read every occurrence
    ('instance') and every term's columns ('col'); every item found must have its column
    sizes, one varint a column, which ranking reads. Measured on random damage to the demo
    pack's index: this finds every case that a search of a dictionary word meets (and FTS5's
    own 'integrity-check', which needs a writable file, finds fewer)."""
    for table, columns in ((fmt.FTS_TABLE, fmt.FTS_COLUMNS), (fmt.HEAD_TABLE, fmt.HEAD_COLUMNS)):
        for kind in ("instance", "col"):
            pack.conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_{table}_{kind} "
                f"USING fts5vocab(main, {table}, {kind})"
            )
        (unsized,) = pack.conn.execute(
            f"SELECT count(*) FROM temp.check_{table}_instance "
            f"WHERE doc NOT IN (SELECT id FROM {table}_docsize)"
        ).fetchone()
        pack.conn.execute(f"SELECT count(*) FROM temp.check_{table}_col").fetchone()
        for (sizes,) in pack.conn.execute(f"SELECT sz FROM {table}_docsize"):
            if not isinstance(sizes, bytes) or _varints(sizes) != len(columns):
                unsized += 1
        if unsized:
            raise fmt.MalformedPackError(f"{pack.path}: the search index {table} is damaged")
        (lost,) = pack.conn.execute(
            f"SELECT count(*) FROM {table}_docsize WHERE id NOT IN (SELECT rowid FROM search_items)"
        ).fetchone()
        if lost:  # a search would find items it cannot show (found by make fuzz)
            raise fmt.MalformedPackError(
                f"{pack.path}: the search index {table} names {lost} item(s) that are not in "
                "search_items"
            )


def _varints(blob: bytes) -> int:
    """How many SQLite varints `blob` holds end to end, or -1 if it ends inside one."""
    count = at = 0
    while at < len(blob):
        length = 1
        while length < 9 and at + length - 1 < len(blob) and blob[at + length - 1] & 0x80:
            length += 1
        at += length
        count += 1
    return count if at == len(blob) else -1


@_guarded
def _check_rules(pack: Pack) -> None:
    from content.rules import RuleError, parse_rule

    districts = {row[0] for row in pack.conn.execute("SELECT id FROM districts")}
    seen: set[str] = set()
    for service_id, text in pack.conn.execute(
        "SELECT id, eligibility_rule FROM services WHERE coalesce(eligibility_rule, '') != ''"
    ).fetchall():
        if text in seen:
            continue
        try:
            parse_rule(json.loads(text), districts)
        except (ValueError, RecursionError) as exc:  # RuleError is a ValueError, as is bad JSON
            reason = exc if isinstance(exc, RuleError) else "not JSON"
            raise fmt.MalformedPackError(
                f"{pack.path}: the eligibility rule of service '{service_id}' does not parse "
                f"({reason})"
            ) from None
        seen.add(text)


@_guarded
def _check_addresses(pack: Pack) -> None:
    found: list[str] = []
    checked: dict[str, str | None] = {}
    for table, columns in fmt.URL_COLUMNS.items():
        for column in columns:
            for item_id, value in pack.conn.execute(
                f"SELECT id, [{column}] FROM [{table}] WHERE coalesce([{column}], '') != ''"
            ):
                if value not in checked:
                    checked[value] = _unsafe(value, pack.meta.allowed_hosts)
                if checked[value]:
                    found.append(f"{table} '{item_id}' {column}: {value!r}: {checked[value]}")
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise fmt.UnsafePackError(
            f"{pack.path}: web addresses that must not be shown: {'; '.join(found[:3])}{more}. "
            "List the site in pack.yaml's allowed_hosts if it is official, else remove the address"
        )


def _unsafe(value: str, allowed: tuple[str, ...]) -> str | None:
    """Why `value` must not be shown, or None if it may."""
    try:
        check_url(value, allowed)
    except UnsafeUrl as exc:
        return str(exc)
    return None
