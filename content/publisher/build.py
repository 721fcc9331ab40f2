"""Build a content pack (one SQLite file) from a content folder.

The build validates first and writes nothing if there is an error: the pack is written to a
temporary file beside the target and renamed over it only when complete, so a failed or
interrupted build never leaves a half-written pack where a terminal or a publisher looks.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import sqlite3
import stat
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from content.files import replaced_atomically
from content.model import CALLED_BACK, Content
from content.pack import format as fmt
from content.pack.meta import meta_values
from content.publisher.fields import Problem
from content.publisher.search_index import create_search_index
from content.publisher.sources import load_folder


class PackWriteError(OSError):
    """The pack could not be written where asked (a read-only or full disk, a folder or a
    device in the way, a file that may not be replaced): `strerror` says why, and nothing
    at that path was changed."""


class ContentErrors(Exception):
    """The content folder has errors; `problems` lists them all (errors and warnings)."""

    def __init__(self, problems: list[Problem]):
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the content")
        self.problems = problems


@dataclass(frozen=True)
class BuildResult:
    path: Path
    content_hash: str
    counts: dict[str, int]
    warnings: list[Problem]


def content_hash(content: Content) -> str:
    """sha256 of the content itself: the same sources give the same hash on any machine."""
    data = dataclasses.asdict(content)
    for service in data["services"]:
        service.pop("rule")  # derived from rule_source, which stays
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, default=list)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_pack(folder: str | Path, out: str | Path, created_at: datetime | None = None):
    """Validate `folder` and write its pack to `out`; raise ContentErrors and write nothing."""
    loaded = load_folder(folder)
    if not loaded.ok:
        raise ContentErrors(list(loaded.problems))
    return write_pack(loaded.content, out, created_at, warnings=list(loaded.problems))


def write_pack(content: Content, out, created_at=None, warnings=()) -> BuildResult:
    """Write already-validated content to `out` atomically; PackWriteError if it cannot be."""
    out = Path(out)
    try:
        return _write_pack(content, out, created_at, warnings)
    except OSError as exc:
        raise PackWriteError(exc.errno, exc.strerror or str(exc), str(out)) from exc
    except sqlite3.Error as exc:  # "database or disk is full", "disk I/O error"
        raise PackWriteError(None, str(exc), str(out)) from exc


def _write_pack(content: Content, out: Path, created_at, warnings) -> BuildResult:
    _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    created = (created_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = content_hash(content)
    # Built beside the target and renamed over it when whole: a failed build writes nothing.
    # The pack gets the target's mode, or the umask's (not mkstemp's owner-only 0600).
    with replaced_atomically(out) as tmp:
        db = sqlite_utils.Database(tmp)
        db.conn.execute("PRAGMA journal_mode=OFF")  # a fresh file: nothing to roll back to
        db.conn.execute("PRAGMA synchronous=OFF")
        _create_tables(db)
        with db.conn:
            counts = _insert_content(db, content)
            _insert_meta(db, content, created, digest)
        keywords = {
            s.id: " ".join(t.ru + " " + (t.en or "") for t in s.keywords) for s in content.services
        }
        create_search_index(db, keywords)
        # Statistics for the query planner: without them it reads a category's services
        # through the wide rows rather than the narrow covering indexes (packformat.INDEXES).
        db.conn.execute("ANALYZE")
        db.conn.execute("VACUUM")
        db.close()
    return BuildResult(out, digest, counts, list(warnings))


def _check_target(out: Path) -> None:
    """Refuse to put a pack where a rename would do harm or be refused anyway."""
    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(out))
    if not stat.S_ISREG(mode):
        # Renaming over /dev/full (as root) would replace the device with the pack.
        raise OSError(None, "not a regular file (a device or a pipe): a pack is a file of its own")
    os.close(os.open(out, os.O_WRONLY))  # may it be replaced? (the errno says why not)


def _create_tables(db: sqlite_utils.Database) -> None:
    for name, spec in fmt.TABLES.items():
        db[name].create(
            spec["columns"], pk=spec.get("pk"), foreign_keys=spec.get("foreign_keys"), strict=False
        )
    for table, columns in fmt.INDEXES:
        db[table].create_index(columns)


def _insert_meta(db, content: Content, created: str, digest: str) -> None:
    meta = meta_values(content.pack, created, digest, checked_on(content))
    db["meta"].insert_all(({"key": k, "value": v} for k, v in meta.items()), pk="key")


def checked_on(content: Content) -> str | None:
    """The oldest `reviewed` date of the pack's items: every fact in it was checked on that
    day or later, so "information as of" that day claims no more than the content does."""
    dates = [i.reviewed for i in (*content.agencies, *content.services, *content.events)]
    return min(filter(None, dates), default=None)


def _insert_content(db, content: Content) -> dict[str, int]:
    # One insert_all per table: sqlite-utils does per-call work (table checks), so a
    # call per row made a 100,000-service build several times slower.
    for table, rows in _content_rows(content).items():
        db[table].insert_all(rows, batch_size=500)
    return {
        "categories": len(content.categories),
        "districts": len(content.districts),
        "agencies": len(content.agencies),
        "locations": len(content.locations()),
        "services": len(content.services),
        "events": len(content.events),
    }


def _content_rows(content: Content) -> dict[str, list[dict]]:
    """Every row of every content table, keyed by table name."""
    tables: dict[str, list[dict]] = defaultdict(list)
    tables["categories"] = [
        {
            "id": c.id,
            "position": i,
            "icon": c.icon,
            **fmt.text_values("title", c.title),
            **fmt.text_values("description", c.description),
        }
        for i, c in enumerate(content.categories)
    ]
    tables["districts"] = [
        {"id": d.id, "position": i, **fmt.text_values("name", d.name)}
        for i, d in enumerate(content.districts)
    ]
    for agency in content.agencies:
        _agency_rows(agency, tables)
    offices = defaultdict(list)
    for location in content.locations():
        offices[location.agency_id].append(location.id)
    for position, service in enumerate(content.services):
        _service_rows(service, position, offices, tables)
    tables["events"] = [
        {
            "id": e.id,
            **fmt.text_values("title", e.title),
            **fmt.text_values("topic", e.topic),
            **fmt.text_values("description", e.description),
            **fmt.text_values("place", e.place),
            **fmt.text_values("registration", e.registration),
            "starts": e.starts,
            "ends": e.ends,
            "location_id": e.location,
            "agency_id": e.agency,
            "url": e.url,
            "cost": e.cost,
            "source": e.source,
            "reviewed": e.reviewed,
        }
        for e in sorted(content.events, key=lambda e: (e.starts, e.id))
    ]
    groups = [(lang, g) for lang, gs in sorted(content.synonyms.items()) for g in gs]
    tables["synonyms"] = [
        {"group_id": group_id, "lang": lang, "term": term}
        for group_id, (lang, group) in enumerate(groups)
        for term in group
    ]
    return tables


def _phone_rows(phones, agency_id=None, location_id=None):
    for position, phone in enumerate(phones):
        yield {
            "agency_id": agency_id,
            "location_id": location_id,
            "position": position,
            "number": phone.number,
            "display": phone.display,
            **fmt.text_values("description", phone.description),
        }


def _agency_rows(agency, tables) -> None:
    tables["agencies"].append(
        {
            "id": agency.id,
            **fmt.text_values("name", agency.name),
            **fmt.text_values("short_name", agency.short_name),
            **fmt.text_values("description", agency.description),
            "website": agency.website,
            "email": agency.email,
            "source": agency.source,
            "reviewed": agency.reviewed,
        }
    )
    tables["phones"].extend(_phone_rows(agency.phones, agency_id=agency.id))
    tables["agency_types"].append({"agency_id": agency.id, "type": agency.type})
    tables["unverified"].extend(
        {"agency_id": agency.id, "location_id": None, "field": fact} for fact in agency.unverified
    )
    requests = agency.requests
    tables["agency_requests"].extend(
        {
            "agency_id": agency.id,
            "kind": kind,
            "position": position,
            "call_back_within_days": requests.call_back_within_days
            if kind in CALLED_BACK
            else None,
        }
        for position, kind in enumerate(requests.kinds if requests else ())
    )
    for position, loc in enumerate(agency.locations):
        tables["locations"].append(
            {
                "id": loc.id,
                "agency_id": agency.id,
                "position": position,
                **fmt.text_values("name", loc.name),
                **fmt.text_values("street", loc.address.street),
                **fmt.text_values("city", loc.address.city),
                "postal_code": loc.address.postal_code,
                "district_id": loc.district,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
                **fmt.text_values("hours_note", loc.hours_note),
                **fmt.text_values("accessibility_note", loc.accessibility_note),
                **fmt.text_values("transit", loc.transit),
            }
        )
        tables["schedules"].extend(
            {
                "location_id": loc.id,
                "weekday": h.weekday,
                "opens_at": h.opens,
                "closes_at": h.closes,
            }
            for h in loc.hours
        )
        tables["accessibility"].extend(
            {"location_id": loc.id, "feature": f} for f in loc.accessibility
        )
        tables["phones"].extend(_phone_rows(loc.phones, location_id=loc.id))
        tables["unverified"].extend(
            {"agency_id": agency.id, "location_id": loc.id, "field": fact}
            for fact in loc.unverified
        )


def _service_rows(s, position: int, offices: dict[str, list[str]], tables) -> None:
    rule = json.dumps(s.rule_source, ensure_ascii=False) if s.rule_source is not None else None
    tables["services"].append(
        {
            "id": s.id,
            "kind": s.kind,
            "category_id": s.categories[0],
            "position": position,
            **fmt.text_values("name", s.name),
            **fmt.text_values("summary", s.summary),
            **fmt.text_values("description", s.description),
            **fmt.text_values("eligibility", s.eligibility),
            **fmt.text_values("amount", s.amount),
            "eligibility_rule": rule,
            "cost": s.cost,
            "apply_online": s.apply_online,
            **fmt.text_values("apply_in_person", s.apply_in_person),
            **fmt.text_values("legal_basis", s.legal_basis),
            "source": s.source,
            "reviewed": s.reviewed,
        }
    )
    tables["service_categories"].extend(
        {"service_id": s.id, "category_id": c, "position": i} for i, c in enumerate(s.categories)
    )
    tables["service_agencies"].extend(
        {"service_id": s.id, "agency_id": a, "position": i} for i, a in enumerate(s.agencies)
    )
    tables["required_documents"].extend(
        {"service_id": s.id, "position": i, **fmt.text_values("document", d)}
        for i, d in enumerate(s.documents)
    )
    # Offices named on the service, or else every office of its agencies.
    location_ids = list(s.locations) or [loc for a in s.agencies for loc in offices[a]]
    tables["service_at_location"].extend(
        {"service_id": s.id, "location_id": loc} for loc in location_ids
    )
