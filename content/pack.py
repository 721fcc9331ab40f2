"""Read a content pack: what the kiosk, the printouts and `kiosk content info` use.

`open_pack()` checks the pack before anything is shown: that it is SQLite, that its schema
version is one this kiosk reads, and that every table and column of that version is there.
A pack that fails is refused with a named error (content.packformat), never half-shown.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from content import packformat as fmt
from content.model import Text


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


def _record(names, values) -> Record:
    row = dict(zip(names, values, strict=True))
    record = Record()
    for key, value in row.items():
        if key.endswith("_en") and key[:-3] + "_ru" in row:
            continue
        if key.endswith("_ru"):
            base = key[:-3]
            record[base] = Text(value, row.get(base + "_en")) if value else None
        else:
            record[key] = value
    return record


def open_pack(path: str | Path) -> Pack:
    """Open and check a pack read-only; raise a PackError subclass if it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise fmt.MalformedPackError(f"{path}: no such pack file")
    try:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as exc:
        raise fmt.MalformedPackError(f"{path}: not a content pack ({exc})") from exc
    try:
        schema = int(meta.get("schema_version", ""))
    except ValueError:
        conn.close()
        raise fmt.MalformedPackError(f"{path}: the pack has no schema version") from None
    if schema > fmt.SCHEMA_VERSION:
        conn.close()
        raise fmt.FutureSchemaError(
            f"{path}: the pack has schema version {schema}, this kiosk reads up to "
            f"{fmt.SCHEMA_VERSION}; update the kiosk software"
        )
    if schema not in fmt.SUPPORTED_SCHEMA_VERSIONS:
        conn.close()
        raise fmt.UnsupportedSchemaError(
            f"{path}: schema version {schema} is no longer supported; rebuild the pack"
        )
    try:
        _check_tables(conn)
    except (sqlite3.DatabaseError, fmt.MalformedPackError) as exc:
        conn.close()
        raise fmt.MalformedPackError(f"{path}: {exc}") from exc
    return Pack(path, conn, meta)


def _check_tables(conn: sqlite3.Connection) -> None:
    for table, spec in fmt.TABLES.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
        missing = set(spec["columns"]) - have
        if missing:
            raise fmt.MalformedPackError(f"table '{table}' lacks {', '.join(sorted(missing))}")
    for table in (fmt.FTS_TABLE, fmt.HEAD_TABLE):
        conn.execute(f"SELECT rowid FROM {table} LIMIT 1").fetchall()


class Pack:
    """An open, checked content pack. Methods return Records with Text fields."""

    def __init__(self, path: Path, conn: sqlite3.Connection, meta: dict[str, str]):
        self.path, self.conn, self._meta = path, conn, meta
        self._searcher = None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _all(self, sql: str, *args) -> list[Record]:
        cursor = self.conn.execute(sql, args)
        names = [c[0] for c in cursor.description]
        return [_record(names, values) for values in cursor]

    def _one(self, sql: str, *args) -> Record | None:
        rows = self._all(sql, *args)
        return rows[0] if rows else None

    @property
    def meta(self) -> PackMeta:
        m = self._meta
        notice = Text(m["notice_ru"], m.get("notice_en")) if m.get("notice_ru") else None
        return PackMeta(
            pack_id=m["pack_id"],
            title=Text(m.get("title_ru", ""), m.get("title_en")),
            version=int(m["version"]),
            schema_version=int(m["schema_version"]),
            created_at=m["created_at"],
            region=m["region"],
            languages=tuple(m["languages"].split(",")),
            demo=m["demo"] == "1",
            content_hash=m["content_hash"],
            allowed_hosts=tuple(filter(None, m.get("allowed_hosts", "").split(","))),
            notice=notice,
        )

    def counts(self) -> dict[str, int]:
        tables = ("categories", "districts", "agencies", "locations", "services", "events")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    # -- browsing ------------------------------------------------------------------------

    def categories(self) -> list[Record]:
        return self._all("SELECT * FROM categories ORDER BY position")

    def category(self, category_id: str) -> Record | None:
        return self._one("SELECT * FROM categories WHERE id = ?", category_id)

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
        rule = service.get("eligibility_rule")
        service["eligibility_rule"] = json.loads(rule) if rule else None
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

    def service_row(self, service_id: str) -> Record | None:
        """The service's own row (name, summary, links) without what `service()` joins to
        it: for lists, where a service's offices and their hours are a dozen queries each."""
        return self._one("SELECT * FROM services WHERE id = ?", service_id)

    def service_names(self, service_ids: list[str]) -> dict[str, Text]:
        """The names of these services in one query: for long lists that show only names."""
        names: dict[str, Text] = {}
        for start in range(0, len(service_ids), 500):  # SQLite's limit on parameters
            chunk = service_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for sid, ru, en in self.conn.execute(
                f"SELECT id, name_ru, name_en FROM services WHERE id IN ({marks})", chunk
            ):
                names[sid] = Text(ru, en)
        return names

    def agencies(self) -> list[Record]:
        return self._all("SELECT * FROM agencies ORDER BY name_ru")

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

    def districts(self) -> list[Record]:
        return self._all("SELECT * FROM districts ORDER BY position")

    def events(self, after: str | None = None, limit: int = -1) -> list[Record]:
        """Events that end (or start) at or after `after` ('YYYY-MM-DDTHH:MM'), soonest first;
        at most `limit` of them (-1: all)."""
        return self._all(
            "SELECT * FROM events WHERE coalesce(ends, starts) >= coalesce(?, '') "
            "ORDER BY starts LIMIT ?",
            after,
            limit,
        )

    def event(self, event_id: str) -> Record | None:
        """One event with its place (the office, with hours and phones), if it has one."""
        event = self._one("SELECT * FROM events WHERE id = ?", event_id)
        if event is not None:
            loc_id = event.get("location_id")
            event["location"] = self.location(loc_id) if loc_id else None
        return event

    def synonym_groups(self) -> list[tuple[str, list[str]]]:
        groups: dict[int, tuple[str, list[str]]] = {}
        for group_id, lang, term in self.conn.execute(
            "SELECT group_id, lang, term FROM synonyms ORDER BY group_id, rowid"
        ):
            groups.setdefault(group_id, (lang, []))[1].append(term)
        return list(groups.values())

    # -- search --------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20):
        """Search services, agencies and events; see content.search."""
        if self._searcher is None:
            from content.search import Searcher

            self._searcher = Searcher(self.conn, self.synonym_groups())
        return self._searcher.search(query, limit=limit)

    def forget_searches(self) -> None:
        """Forget every word searched for (the counts and stems kept to answer the next
        search sooner): the kiosk calls this between visitors."""
        from content.textnorm import forget_words

        self._searcher = None
        forget_words()
