"""Read a content pack: what the kiosk, the printouts and `kiosk content info` use.

`open_pack()` opens a pack only once it has been checked (content.pack.opening), and `Pack`
is every question the terminal asks of it, each a method: no SQL on a pack outside
content.pack. Reading stays on guard: every query has a budget of SQLite steps
(format.MAX_QUERY_STEPS), damage met on the way is a MalformedPackError, a value of the
wrong type is one as well (content.pack.records), and a web address whose real host is not
on the pack's allowed hosts is handed out as None. The whole check that publishing and
installing make is content.pack.verify.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from content.model import AGENCY_TYPES, Text
from content.pack import format as fmt
from content.pack import nearest
from content.pack import request_settings as pack_requests
from content.pack.meta import PackMeta
from content.pack.opening import connect, guarded
from content.pack.records import Record, to_record
from content.rules import Rule, RuleError, parse_rule
from content.urls import UnsafeUrl, check_url


def open_pack(path: str | Path, max_query_steps: int = fmt.MAX_QUERY_STEPS) -> Pack:
    """Open and check a pack read-only; raise a PackError subclass if it cannot be used."""
    path = Path(path)
    conn, meta = connect(path, max_query_steps)
    return Pack(path, conn, meta)


class Pack:
    """An open, checked content pack. Methods return Records with Text fields."""

    def __init__(self, path: Path, conn: sqlite3.Connection, meta: PackMeta):
        self.path, self.conn, self._meta = path, conn, meta
        self._searcher = None
        self._urls: dict[str, str | None] = {}
        self._category_vocabulary: dict[str, list[str]] = {}

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
        names, path, address = [c[0] for c in cursor.description], self.path, self._address
        return [to_record(names, values, path, address) for values in cursor]

    def _one(self, sql: str, *args) -> Record | None:
        rows = self._all(sql, *args)
        return rows[0] if rows else None

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

    @guarded
    def counts(self) -> dict[str, int]:
        tables = ("categories", "districts", "agencies", "locations", "services", "events")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    # -- browsing ------------------------------------------------------------------------

    @guarded
    def categories(self) -> list[Record]:
        return self._all("SELECT * FROM categories ORDER BY position")

    # What the search offers when a query found nothing (content.pack.nearest).
    nearest_categories = nearest.nearest_categories

    @guarded
    def category(self, category_id: str) -> Record | None:
        return self._one("SELECT * FROM categories WHERE id = ?", category_id)

    @guarded
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

    @guarded
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
            raise self._bad_rule(service_id, "not JSON") from None

    def _bad_rule(self, service_id: str, reason) -> fmt.MalformedPackError:
        return fmt.MalformedPackError(
            f"{self.path}: the eligibility rule of service '{service_id}' does not parse ({reason})"
        )

    @guarded
    def eligibility_rules(self) -> list[tuple[str, Rule]]:
        """(service id, parsed rule) for every service that has a rule, in the pack's order;
        MalformedPackError naming the first service whose rule does not parse.

        Each distinct rule text is parsed once, into one object that its services share:
        large packs repeat a few rules, and the finder judges each object once."""
        districts = {row[0] for row in self.conn.execute("SELECT id FROM districts")}
        rows = self.conn.execute(
            "SELECT id, eligibility_rule FROM services WHERE eligibility_rule IS NOT NULL "
            "AND eligibility_rule != '' ORDER BY position, id"
        )
        parsed: dict[str, Rule] = {}
        result = []
        for service_id, text in rows:
            rule = parsed.get(text)
            if rule is None:
                try:
                    rule = parsed[text] = parse_rule(json.loads(text), districts)
                except (ValueError, TypeError, RecursionError) as exc:
                    # RuleError is a ValueError, as is bad JSON; TypeError: not text at all
                    reason = exc if isinstance(exc, RuleError) else "not JSON"
                    raise self._bad_rule(service_id, reason) from None
            result.append((service_id, rule))
        return result

    @guarded
    def service_row(self, service_id: str) -> Record | None:
        """The service's own row (name, summary, links) without what `service()` joins to
        it: for lists, where a service's offices and their hours are a dozen queries each."""
        return self._one("SELECT * FROM services WHERE id = ?", service_id)

    @guarded
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

    @guarded
    def agencies(self) -> list[Record]:
        """Every agency in the order of its name, each with its "type" (AGENCY_TYPES)."""
        agencies = self._all("SELECT * FROM agencies ORDER BY name_ru")
        types = self._types()
        for agency in agencies:
            agency["type"] = types.get(agency["id"], AGENCY_TYPES[0])
        return agencies

    def _types(self, agency_id: str | None = None) -> dict[str, str]:
        """Agency id -> its type; {} in a pack older than schema 3 (state bodies only)."""
        if self._meta.schema_version < fmt.ADDED_IN["agency_types"]:
            return {}
        where, args = ("WHERE agency_id = ?", (agency_id,)) if agency_id else ("", ())
        return {
            row[0]: row[1] if row[1] in AGENCY_TYPES else AGENCY_TYPES[0]
            for row in self.conn.execute(f"SELECT agency_id, type FROM agency_types {where}", args)
            if isinstance(row[0], str)
        }

    def _unverified(self, column: str, value: str) -> list[tuple[str | None, str]]:
        """(location id or None, fact) of the facts marked unverified; [] before schema 3."""
        if self._meta.schema_version < fmt.ADDED_IN["unverified"]:
            return []
        return [
            (row[0], row[1])
            for row in self.conn.execute(
                f"SELECT location_id, field FROM unverified WHERE {column} = ? ORDER BY rowid",
                (value,),
            )
            if isinstance(row[1], str)
        ]

    @guarded
    def agency(self, agency_id: str) -> Record | None:
        agency = self._one("SELECT * FROM agencies WHERE id = ?", agency_id)
        if agency is None:
            return None
        agency["phones"] = self._all(
            "SELECT * FROM phones WHERE agency_id = ? ORDER BY position", agency_id
        )
        agency["type"] = self._types(agency_id).get(agency_id, AGENCY_TYPES[0])
        unverified = self._unverified("agency_id", agency_id)
        agency["unverified"] = [fact for loc, fact in unverified if loc is None]
        agency["locations"] = [
            self._with_details(loc, [fact for at, fact in unverified if at == loc["id"]])
            for loc in self._all(
                "SELECT * FROM locations WHERE agency_id = ? ORDER BY position", agency_id
            )
        ]
        return agency

    @guarded
    def agency_services(self, agency_id: str, limit: int = -1) -> list[Record]:
        """The services an agency provides (id, name, summary), in the pack's order; at most
        `limit` of them (-1: all)."""
        return self._all(
            "SELECT s.id, s.name_ru, s.name_en, s.summary_ru, s.summary_en FROM services s "
            "JOIN service_agencies sa ON sa.service_id = s.id WHERE sa.agency_id = ? "
            "ORDER BY s.position LIMIT ?",
            agency_id,
            limit,
        )

    @guarded
    def agency_service_count(self, agency_id: str) -> int:
        """How many services the agency provides."""
        return self.conn.execute(
            "SELECT count(*) FROM service_agencies WHERE agency_id = ?", (agency_id,)
        ).fetchone()[0]

    @guarded
    def location(self, location_id: str) -> Record | None:
        loc = self._one("SELECT * FROM locations WHERE id = ?", location_id)
        return self._with_details(loc) if loc else None

    def _with_details(self, loc: Record, unverified: list[str] | None = None) -> Record:
        """The office with its hours, accessibility, phones and the facts marked
        unverified (content.model.UNVERIFIABLE_OFFICE_FACTS): `unverified` when the caller
        has read them already, else read here."""
        if unverified is None:
            unverified = [fact for _at, fact in self._unverified("location_id", loc["id"])]
        loc["unverified"] = unverified
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

    # -- requests from the terminal (issue 17): content.pack.request_settings -----------

    @property
    def takes_requests(self) -> bool:
        """True if the pack carries an office's key (and so the consent text): the app may
        offer the forms. A pack of schema version 1 takes none."""
        return self._meta.takes_requests

    request_settings = pack_requests.request_settings
    agencies_taking = pack_requests.agencies_taking
    all_request_settings = pack_requests.all_request_settings

    @guarded
    def districts(self) -> list[Record]:
        return self._all("SELECT * FROM districts ORDER BY position")

    @guarded
    def events(self, after: str | None = None, limit: int = -1) -> list[Record]:
        """Events that end (or start) at or after `after` ('YYYY-MM-DDTHH:MM'), soonest first;
        at most `limit` of them (-1: all)."""
        return self._all(
            "SELECT * FROM events WHERE coalesce(ends, starts) >= coalesce(?, '') "
            "ORDER BY starts LIMIT ?",
            after,
            limit,
        )

    @guarded
    def event(self, event_id: str) -> Record | None:
        """One event with its place (the office, with hours and phones), if it has one."""
        event = self._one("SELECT * FROM events WHERE id = ?", event_id)
        if event is not None:
            loc_id = event.get("location_id")
            event["location"] = self.location(loc_id) if loc_id else None
        return event

    @guarded
    def synonym_groups(self) -> list[tuple[str, list[str]]]:
        groups: dict[int, tuple[str, list[str]]] = {}
        for row in self._all("SELECT group_id, lang, term FROM synonyms ORDER BY group_id, rowid"):
            if row["term"] is None or row["lang"] is None:
                raise fmt.MalformedPackError(f"{self.path}: the pack is damaged: an empty synonym")
            groups.setdefault(row["group_id"], (row["lang"], []))[1].append(row["term"])
        return list(groups.values())

    # -- search --------------------------------------------------------------------------

    @guarded
    def search(self, query: str, limit: int = 20):
        """Search services, agencies and events; see content.pack.search."""
        return self._search_engine().search(query, limit=limit)

    @guarded
    def suggest(self, text: str, limit: int = 4) -> list[str]:
        """Words of the pack that complete the last word of `text`; see content.pack.search."""
        return self._search_engine().suggest(text, limit=limit)

    def _search_engine(self):
        """The pack's Searcher, made at the first search (it reads the synonyms)."""
        if self._searcher is None:
            from content.pack.search import Searcher

            self._searcher = Searcher(self.conn, self.synonym_groups())
        return self._searcher

    def forget_searches(self) -> None:
        """Forget every word searched for (the counts and stems kept to answer the next
        search sooner): the kiosk calls this between visitors."""
        from content.textnorm import forget_words

        self._searcher = None
        forget_words()
