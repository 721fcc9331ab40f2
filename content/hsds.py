"""Import an Open Referral HSDS tabular dataset into a content folder (docs/authoring.md).

    report = import_hsds("dataset.zip", "content/imported")

The source is a folder of CSV files or a .zip of them, with or without datapackage.json,
in HSDS 3.0 or in the older 1.x layout (the version is told by which tables and columns
exist). The output is a folder staff can review, edit and `kiosk content validate`:
pack.yaml, categories.yaml (from taxonomy terms attached to services), districts.yaml (from
address cities), agencies/<id>.yaml (organizations with their locations) and
services/<category>/<id>.yaml. Texts go in as Russian; the validator then warns where
English is missing.

Nothing stops at the first bad row: every row that cannot be used is reported as an
ImportProblem with the CSV file and the physical line where the row starts, and the rest is
imported. The same input always gives the same files.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from content.hsds_tables import (
    WEEKDAYS,
    ImportProblem,
    Problems,
    Table,
    first_sentence,
    html_to_markdown,
    open_dataset,
    parse_date,
    parse_days,
    parse_number,
    parse_time,
    read_table,
    slugify,
)
from content.hsds_tables import Ids as _Ids

try:
    from content.phones import PhoneError, normalize_phone
except ImportError:  # pragma: no cover - the validator's module is the reference

    class PhoneError(ValueError):
        pass

    def normalize_phone(text: str) -> str:
        digits = re.sub(r"[\s\-()\u00a0]", "", text)
        if re.fullmatch(r"\d{3,4}|\+7\d{10}|8\d{10}", digits):
            return digits
        raise PhoneError(text)


__all__ = ["ImportProblem", "ImportReport", "import_hsds"]

FALLBACK_CATEGORY = {
    "id": "imported",
    "title": {"ru": "Импортированные услуги"},
}
UNKNOWN_DISTRICT = {"id": "unknown", "name": {"ru": "Район не указан"}}
GENERATED = ("pack.yaml", "categories.yaml", "districts.yaml", "agencies", "services")


@dataclass
class ImportReport:
    services: int
    agencies: int
    locations: int
    problems: list[ImportProblem] = field(default_factory=list)
    hsds_version: str = ""  # "3.x" or "1.x", as detected

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]


def import_hsds(
    source: str | Path,
    out_dir: str | Path,
    *,
    pack_id: str = "imported",
    region: str = "RU-PER",
    today: date | None = None,
    overwrite: bool = False,
) -> ImportReport:
    """Convert the HSDS dataset at `source` into a content folder at `out_dir`.

    `out_dir` must be missing or empty unless `overwrite` is true; then the files this
    importer writes (pack.yaml, categories.yaml, districts.yaml, agencies/, services/) are
    replaced and anything else in the folder (synonyms.yaml, events/) is left alone.
    `today` is the review date for items whose data carries none (default: today).
    """
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(f"{out} is not empty (use overwrite to replace an earlier import)")
    problems = Problems()
    dataset = open_dataset(source, problems)
    tables: dict[str, Table] = {}
    for name, file in sorted(dataset.tables.items()):
        table = read_table(name, file, problems)
        if table is not None:
            tables[name] = table
    builder = _Builder(tables, dataset, problems, today or date.today())
    builder.build(pack_id, region)
    if out.exists():
        for name in GENERATED:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    _write_all(out, builder.files)
    return ImportReport(
        services=builder.counts["services"],
        agencies=builder.counts["agencies"],
        locations=builder.counts["locations"],
        problems=list(problems),
        hsds_version=_detect_version(tables),
    )


def _detect_version(tables: dict[str, Table]) -> str:
    def has(table: str, column: str | None = None, file_stem: str | None = None) -> bool:
        t = tables.get(table)
        if t is None:
            return False
        if file_stem is not None:
            return Path(t.file).stem.lower().replace("-", "_") == file_stem
        return column is None or column in t.columns

    three = (
        has("attribute") or has("taxonomy_term") or has("url")
        or has("address", file_stem="address") or has("address", file_stem="addresses")
        or has("schedule", "byday") or has("organization", "website")
        or has("service", "eligibility_description") or has("service", "fees_description")
    )  # fmt: skip
    return "3.x" if three or not tables else "1.x"


# -- building ------------------------------------------------------------------------------

_ACCESS_KEYWORDS = {
    "disabled_parking": "parking_disabled", "accessible_parking": "parking_disabled",
    "elevator": "elevator", "lift": "elevator", "ramp": "ramp", "restroom": "accessible_toilet",
    "accessible_restroom": "accessible_toilet", "accessible_toilet": "accessible_toilet",
    "tape_braille": "braille", "braille": "braille", "deaf_interpreter": "sign_language",
    "sign_language": "sign_language", "hearing_loop": "hearing_loop",
    "induction_loop": "hearing_loop", "tactile_paving": "tactile_paving",
    "step_free_entrance": "step_free_entrance", "step_free": "step_free_entrance",
    "wheelchair_available": "wheelchair_available",
    "assistance_on_request": "assistance_on_request", "parking_disabled": "parking_disabled",
    "пандус": "ramp", "лифт": "elevator",
}  # fmt: skip
_ACCESS_NOTES = {  # HSDS 1.x keywords with no exact kiosk word
    "wheelchair": "Доступно для инвалидных колясок",
    "wheelchair_van": "Есть транспорт для людей на инвалидных колясках",
    "tty": "Текстовый телефон (TTY) для людей с нарушением слуха",
    "cd": "Скрытые субтитры",
}
_ACCESS_PATTERNS = [
    (word, re.compile(pattern, re.I))
    for word, pattern in (
        ("parking_disabled", r"(disabled|accessible)\s+parking|parking\s+for\s+(the\s+)?disabled"
                             r"|(парковк|парковочн)\w*(\s+\w+)?\s+для\s+инвалид"),
        ("elevator", r"\belevators?\b|\blifts?\b|лифт"),
        ("ramp", r"\bramps?\b|пандус"),
        ("accessible_toilet", r"accessible\s+(toilet|restroom|bathroom)|(туалет|санузел|санитарн"
                              r"\w*\s+комнат\w*)\s+для\s+(инвалид|маломобил)|доступн\w*\s+(туалет"
                              r"|санузел)"),
        ("hearing_loop", r"(induction|hearing)\s+loops?|индукционн\w*\s+петл"),
        ("sign_language", r"sign\s+language|deaf\s+interpret|сурдоперев|жестов\w*\s+язык"),
        ("braille", r"braille|брайл"),
        ("tactile_paving", r"tactile|тактильн"),
        ("step_free_entrance", r"step[- ]free|level\s+access|без\s+ступен|безбарьерн"),
        ("wheelchair_available", r"wheelchairs?\s+(are\s+)?(available|on\s+loan|provided)"
                                 r"|(предоставл|выда)\w*\s+(\w+\s+)?(кресл\w*-)?коляс"),
        ("assistance_on_request", r"assistance\s+(is\s+)?(available\s+)?(on|upon)\s+request"
                                  r"|сопровожд\w*\s+(по\s+запросу|инвалид)"),
    )
]  # fmt: skip
_FREE = re.compile(r"бесплатн|\bfree\b|no\s+(charge|cost|fee)|без\s+оплат", re.I)
_PAID = re.compile(r"(?<!бес)платн|\bpaid\b|\bfees?\s+(is|are|of|apply)|руб|₽|\$|£|€", re.I)
_PARTLY = re.compile(r"частичн\w*\s+(бес)?платн|partly\s+paid|sliding\s+scale|co-?pay", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CITY_PREFIX = re.compile(r"^(г\.|г\s|гор\.|город\s)\s*", re.I)
_INACTIVE = ("inactive", "defunct")


class _Builder:
    def __init__(self, tables, dataset, problems: Problems, today: date):
        self.t, self.problems, self.today = tables, problems, today
        self.meta = dataset.datapackage or {}
        self.label = dataset.label  # the path of problems about the dataset as a whole
        self.files: dict[str, object] = {}
        self.counts = {"services": 0, "agencies": 0, "locations": 0}
        self.hosts: set[str] = set()
        self.dropped_http = 0
        self.agency_id, self.location_id = _Ids("agency"), _Ids("location")
        self.service_id, self.category_id = _Ids("service"), _Ids("category")
        self.district_id = _Ids("district")

    def rows(self, table: str):
        t = self.t.get(table)
        return [(t.file, line, row) for line, row in t.rows] if t else []

    def error(self, file, line, message):
        self.problems.error(file, line, message)

    def warning(self, file, line, message):
        self.problems.warning(file, line, message)

    # -- values --------------------------------------------------------------------------

    def https(self, value: str | None) -> str | None:
        """An https address to publish (its host joins allowed_hosts), or None."""
        value = (value or "").strip()
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme.lower() != "https" or not parts.hostname:
            if parts.scheme.lower() == "http" or value.startswith("www."):
                self.dropped_http += 1
            return None
        return value

    def publish(self, url: str | None) -> str | None:
        if url:
            self.hosts.add(urlsplit(url).hostname.lower().rstrip("."))
        return url

    def review_date(self, file, line, *candidates: str | None) -> date:
        for value in candidates:
            if value:
                try:
                    return parse_date(value)
                except ValueError:
                    self.warning(file, line, f"cannot read the date '{value}'; using today")
        return self.today

    # -- the build -----------------------------------------------------------------------

    def build(self, pack_id: str, region: str) -> None:
        if "service" not in self.t:
            self.error(self.label, 0, "no service table (service.csv or services.csv) was found")
        if "organization" not in self.t:
            self.error(
                self.label, 0, "no organization table (organization.csv or organizations.csv)"
            )
        self.index_side_tables()
        self.read_organizations()
        self.read_services()
        self.read_locations()
        self.read_addresses()
        self.read_phones()
        self.read_schedules()
        self.read_accessibility()
        self.read_taxonomy()
        categories = self.emit_categories()
        districts = self.emit_agencies()
        self.emit_services(categories)
        if self.dropped_http:
            self.warning(
                self.label,
                0,
                f"{self.dropped_http} web address(es) were not https:// and were left out "
                "(the kiosk opens only https addresses)",
            )
        self.files["districts.yaml"] = districts
        self.files["pack.yaml"] = self.pack(pack_id, region)

    def index_side_tables(self) -> None:
        self.urls: dict[str, list[str]] = defaultdict(list)
        for _, _, row in self.rows("url"):
            for key in ("service_id", "organization_id"):
                if row.get(key):
                    self.urls[row[key]].append(row["url"])
        self.reviewed_meta: dict[str, str] = {}
        for _, _, row in self.rows("metadata"):
            value = row.get("last_action_date", "")
            try:
                parsed = parse_date(value).isoformat()
            except ValueError:
                continue
            rid = row["resource_id"]
            self.reviewed_meta[rid] = max(parsed, self.reviewed_meta.get(rid, ""))
        self.documents: dict[str, list[str]] = defaultdict(list)
        for _, _, row in self.rows("required_document"):
            self.documents[row["service_id"]].append(row["document"])
        self.eligibility: dict[str, list[str]] = defaultdict(list)
        for _, _, row in self.rows("eligibility"):
            self.eligibility[row["service_id"]].append(row["eligibility"])
        self.costs: dict[str, list[dict]] = defaultdict(list)
        for _, _, row in self.rows("cost_option"):
            self.costs[row["service_id"]].append(row)

    def read_organizations(self) -> None:
        self.orgs: dict[str, tuple[str, int, dict]] = {}
        for file, line, row in self.rows("organization"):
            self.orgs[row["id"]] = (file, line, row)

    def read_services(self) -> None:
        self.services: dict[str, tuple[str, int, dict]] = {}
        for file, line, row in self.rows("service"):
            status = row.get("status", "").lower()
            if status in _INACTIVE:
                self.warning(file, line, f"service '{row['id']}' is {status}; not imported")
                continue
            org = row.get("organization_id", "")
            if not org:
                self.error(file, line, f"service '{row['id']}' has no organization_id; skipped")
                continue
            if org not in self.orgs:
                self.error(file, line, f"service '{row['id']}' refers to unknown organization "
                           f"'{org}'; skipped")  # fmt: skip
                continue
            self.services[row["id"]] = (file, line, row)

    def read_locations(self) -> None:
        self.locations: dict[str, dict] = {}  # raw id -> working record
        self.all_location_ids = {row["id"] for _, _, row in self.rows("location")}
        self.sal_location: dict[str, str] = {}
        self.service_locations: dict[str, list[str]] = defaultdict(list)
        pending = []
        for file, line, row in self.rows("location"):
            if row.get("location_type", "").lower() == "virtual":
                continue
            org = row.get("organization_id", "")
            if org and org not in self.orgs:
                self.error(file, line, f"location '{row['id']}' refers to unknown organization "
                           f"'{org}'; skipped")  # fmt: skip
                continue
            pending.append((file, line, row))
        known = {row["id"] for _, _, row in pending}
        all_locations = self.all_location_ids
        all_services = {row["id"] for _, _, row in self.rows("service")}
        for file, line, row in self.rows("service_at_location"):
            sid, lid = row["service_id"], row["location_id"]
            if lid not in all_locations:
                self.error(file, line, f"unknown location '{lid}'; the row was skipped")
                continue
            if sid not in self.services:
                if sid not in all_services:
                    self.error(file, line, f"unknown service '{sid}'; the row was skipped")
                continue
            if row.get("id"):
                self.sal_location[row["id"]] = lid
            if lid in known and lid not in self.service_locations[sid]:
                self.service_locations[sid].append(lid)
        via_service: dict[str, str] = {}
        for sid in sorted(self.service_locations):
            for lid in self.service_locations[sid]:
                via_service.setdefault(lid, self.services[sid][2]["organization_id"])
        for file, line, row in pending:
            org = row.get("organization_id") or via_service.get(row["id"])
            if not org:
                self.warning(file, line, f"location '{row['id']}' belongs to no organization "
                             "and no service; skipped")  # fmt: skip
                continue
            self.locations[row["id"]] = {
                "file": file, "line": line, "row": row, "org": org, "address": None,
                "phones": [], "hours": {}, "notes": {}, "access": [], "access_notes": [],
            }  # fmt: skip

    def location_of(self, file, line, row, what: str) -> dict | None:
        lid = row.get("location_id", "")
        if lid in self.locations:
            return self.locations[lid]
        if lid and lid not in self.all_location_ids:
            self.error(file, line, f"{what} refers to unknown location '{lid}'; skipped")
        return None

    def read_addresses(self) -> None:
        for table in ("address", "postal_address"):
            for file, line, row in self.rows(table):
                loc = self.location_of(file, line, row, "the address")
                if loc is None:
                    continue
                kind = row.get("address_type", "").lower() or (
                    "postal" if table == "postal_address" else "physical"
                )
                rank = 0 if kind == "physical" else 1
                if loc["address"] is None or rank < loc["address"][0]:
                    loc["address"] = (rank, file, line, row)

    def phone(self, file, line, row) -> dict | None:
        if row.get("type", "").lower() == "fax":
            return None
        number = row["number"]
        try:
            normalize_phone(number)
        except PhoneError:
            self.warning(file, line, f"'{number}' is not a Russian phone number; left out")
            return None
        phone: dict = {"number": number}
        description = html_to_markdown(row.get("description", ""))
        if row.get("extension"):
            description = f"{description}, доб. {row['extension']}".lstrip(", ")
        if description:
            phone["description"] = {"ru": description}
        return phone

    def read_phones(self) -> None:
        self.org_phones: dict[str, list[dict]] = defaultdict(list)
        for file, line, row in self.rows("phone"):
            other = (
                row.get("service_id") or row.get("contact_id") or row.get("service_at_location_id")
            )
            if row.get("location_id") and not other:
                loc = self.location_of(file, line, row, "the phone")
                target = loc["phones"] if loc else None
            elif row.get("organization_id") and not other:
                org = row["organization_id"]
                if org not in self.orgs:
                    self.error(file, line, f"the phone refers to unknown organization '{org}'")
                    continue
                target = self.org_phones[org]
            else:
                continue  # service and contact phones have no place in the kiosk
            if target is not None and (phone := self.phone(file, line, row)):
                if all(p["number"] != phone["number"] for p in target):
                    target.append(phone)

    def read_schedules(self) -> None:
        for file, line, row in self.rows("schedule"):
            lid, sal = row.get("location_id", ""), row.get("service_at_location_id", "")
            tier = 0 if lid and not (row.get("service_id") or sal) else 1
            if not lid and sal in self.sal_location:
                lid = self.sal_location[sal]
            if not lid:
                continue  # hours of a service as a whole: the kiosk shows office hours
            loc = self.location_of(file, line, {"location_id": lid}, "the schedule")
            if loc is None:
                continue
            note = html_to_markdown(row.get("description") or row.get("notes") or "")
            try:
                intervals = self.schedule_intervals(row)
            except ValueError as exc:
                self.error(file, line, f"{exc}; the schedule row was skipped")
                continue
            if intervals is None:
                if not note:
                    self.warning(file, line, "the schedule has no weekdays or times; skipped")
            else:
                days = loc["hours"].setdefault(tier, defaultdict(list))
                for day, opens, closes in intervals:
                    days[day].append((opens, closes))
            if note:
                notes = loc["notes"].setdefault(tier, [])
                if note not in notes:
                    notes.append(note)
        for file, line, row in self.rows("holiday_schedule"):
            if not row.get("location_id") or row.get("service_id"):
                continue
            loc = self.location_of(file, line, row, "the holiday schedule")
            if loc is None:
                continue
            when = " — ".join(v for v in (row.get("start_date"), row.get("end_date")) if v)
            closed = row.get("closed", "").lower() in ("true", "1", "yes", "да")
            hours = "закрыто" if closed else f"{row.get('opens_at', '')}-{row.get('closes_at', '')}"
            loc["notes"].setdefault(-1, []).append(f"{when}: {hours}".strip(": "))

    def schedule_intervals(self, row) -> list[tuple[str, str, str]] | None:
        freq = row.get("freq", "").upper()
        if freq and freq not in ("WEEKLY", "DAILY"):
            raise ValueError(f"a {freq.lower()} schedule cannot be shown as weekly hours")
        if row.get("byday"):
            days = parse_days(row["byday"])
        elif row.get("weekday"):
            days = parse_days(row["weekday"])
        elif freq == "DAILY":
            days = list(WEEKDAYS)
        else:
            days = None
        opens, closes = row.get("opens_at", ""), row.get("closes_at", "")
        if not days or not (opens and closes):
            if days and (opens or closes):
                raise ValueError("the schedule has only one of opens_at and closes_at")
            return None
        opens, closes = parse_time(opens), parse_time(closes)
        if closes == "00:00":
            closes = "24:00"
        if opens == "24:00":
            raise ValueError(f"'{row['opens_at']}' is not an opening time")
        result = []
        for day in days:
            if closes > opens:
                result.append((day, opens, closes))
            elif closes < opens:  # past midnight: the rest of the night belongs to the next day
                result.append((day, opens, "24:00"))
                result.append((WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7], "00:00", closes))
            else:
                raise ValueError(f"opens and closes at the same time ({opens})")
        return result

    def read_accessibility(self) -> None:
        for file, line, row in self.rows("accessibility"):
            loc = self.location_of(file, line, row, "the accessibility row")
            if loc is None:
                continue
            keyword = row.get("accessibility", "").strip().lower().replace(" ", "_")
            keyword = keyword.replace("-", "_")
            texts = [row.get("description", ""), row.get("details", "")]
            words = []
            if keyword in _ACCESS_KEYWORDS:
                words.append(_ACCESS_KEYWORDS[keyword])
            elif keyword in _ACCESS_NOTES:
                texts.insert(0, _ACCESS_NOTES[keyword])
            elif keyword:
                texts.insert(0, row["accessibility"])
            free = " ".join(_sentence(html_to_markdown(t)) for t in texts if t.strip())
            if free:
                short = free.lower().replace(" ", "_").replace("-", "_").rstrip(".")
                if short in _ACCESS_KEYWORDS:
                    words.append(_ACCESS_KEYWORDS[short])
                    free = ""
                else:
                    words += [word for word, pattern in _ACCESS_PATTERNS if pattern.search(free)]
            loc["access"] += [w for w in words if w not in loc["access"]]
            if free and free not in loc["access_notes"]:
                loc["access_notes"].append(free)

    def read_taxonomy(self) -> None:
        terms_table = "taxonomy_term" if "taxonomy_term" in self.t else "taxonomy"
        self.terms = {row["id"]: row for _, _, row in self.rows(terms_table)}
        self.service_terms: dict[str, list[str]] = defaultdict(list)
        links = [
            (file, line, row["link_id"], row["taxonomy_term_id"])
            for file, line, row in self.rows("attribute")
            if row.get("link_entity", "").lower() in ("", "service")
        ] + [
            (file, line, row["service_id"], row.get("taxonomy_term_id") or row.get("taxonomy_id"))
            for file, line, row in self.rows("service_taxonomy")
        ]
        for file, line, sid, term in links:
            if sid not in self.services or not term:
                continue
            if term not in self.terms:
                self.warning(file, line, f"unknown taxonomy term '{term}'; link skipped")
                continue
            if term not in self.service_terms[sid]:
                self.service_terms[sid].append(term)

    # -- output --------------------------------------------------------------------------

    def emit_categories(self) -> dict[str, str]:
        for term in sorted({t for terms in self.service_terms.values() for t in terms}):
            self.category_id(term)
        used = sorted({t for terms in self.service_terms.values() for t in terms},
                      key=lambda t: (self.terms[t].get("name", "").casefold(), t))  # fmt: skip
        categories, ids = [], {}
        for term in used:
            row = self.terms[term]
            ids[term] = self.category_id(term)
            item = {"id": ids[term], "title": {"ru": row.get("name") or term}}
            if row.get("description"):
                item["description"] = {"ru": html_to_markdown(row["description"])}
            categories.append(item)
        if any(sid not in self.service_terms for sid in self.services):
            categories.append(dict(FALLBACK_CATEGORY))
        self.files["categories.yaml"] = categories
        return ids

    def district_of(self, city: str, districts: dict) -> str:
        if not city:
            districts.setdefault("", UNKNOWN_DISTRICT)
            return "unknown"
        key = city.casefold()
        if key not in districts:
            districts[key] = {"id": self.district_id(slugify(city) or city), "name": {"ru": city}}
        return districts[key]["id"]

    def location_item(self, raw: str, loc: dict, agency_name: str, districts: dict) -> dict | None:
        row, file, line = loc["row"], loc["file"], loc["line"]
        street, city, postal = "", "", ""
        if loc["address"]:
            _, afile, aline, addr = loc["address"]
            street = ", ".join(addr[k] for k in ("address_1", "address_2", "address_3",
                                                 "address_4") if addr.get(k))  # fmt: skip
            city = _CITY_PREFIX.sub("", addr.get("city", "")).strip()
            postal = addr.get("postal_code", "").replace(" ", "")
            if postal and not (postal.isdigit() and len(postal) == 6):
                self.warning(afile, aline, f"'{postal}' is not a 6-digit postal code; left out")
                postal = ""
            if not city and (m := re.search(r"(?:^|,\s*)(?:г\.|город)\s*([^,]+)", street)):
                city = m.group(1).strip()
        if not street:
            self.warning(file, line, f"location '{row['id']}' has no street address; skipped")
            return None
        if not city:
            self.warning(file, line, f"location '{row['id']}' has no city; district 'unknown'")
        item: dict = {
            "id": self.location_id(raw),
            "name": {"ru": row.get("name") or row.get("alternate_name") or agency_name},
            "address": {"street": {"ru": street}},
        }
        if city:
            item["address"]["city"] = {"ru": city}
        if postal:
            item["address"]["postal_code"] = postal
        item["district"] = self.district_of(city, districts)
        lat, lon = parse_number(row.get("latitude", "")), parse_number(row.get("longitude", ""))
        if lat is not None and lon is not None:
            if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0):
                item["latitude"], item["longitude"] = lat, lon
            else:
                self.warning(file, line, f"coordinates {lat}, {lon} are not on Earth; left out")
        tiers = sorted(t for t in loc["hours"] if loc["hours"][t])
        if tiers:
            item["hours"] = _hours_spec(loc["hours"][tiers[0]])
        notes = [n for tier in sorted(loc["notes"]) for n in loc["notes"][tier]]
        if notes:
            item["hours_note"] = {"ru": "\n".join(notes)}
        if loc["phones"]:
            item["phones"] = loc["phones"]
        if loc["access"]:
            item["accessibility"] = loc["access"]
        if loc["access_notes"]:
            item["accessibility_note"] = {"ru": "\n".join(loc["access_notes"])}
        if row.get("transportation"):
            item["transit"] = {"ru": html_to_markdown(row["transportation"])}
        return item

    def emit_agencies(self) -> list[dict]:
        by_org: dict[str, list[str]] = defaultdict(list)
        for raw, loc in self.locations.items():
            by_org[loc["org"]].append(raw)
        districts: dict[str, dict] = {}
        self.emitted_locations: dict[str, str] = {}  # raw location id -> content id
        self.websites: dict[str, str] = {}
        for raw in sorted(self.orgs):  # ids are given in a fixed order: stable suffixes
            self.agency_id(raw)
        for raw in sorted(self.locations):
            self.location_id(raw)
        for raw in sorted(self.orgs, key=self.agency_id):
            file, line, row = self.orgs[raw]
            agency_id = self.agency_id(raw)
            website = self.https(row.get("website") or row.get("url"))
            website = website or next(filter(None, map(self.https, self.urls.get(raw, []))), None)
            source = website or self.dataset_url()
            item: dict = {"id": agency_id, "name": {"ru": row["name"]}}
            if row.get("alternate_name"):
                item["short_name"] = {"ru": row["alternate_name"]}
            if row.get("description"):
                item["description"] = {"ru": html_to_markdown(row["description"])}
            if website:
                item["website"] = self.publish(website)
                self.websites[raw] = website
            if row.get("email"):
                if _EMAIL.match(row["email"]):
                    item["email"] = row["email"]
                else:
                    self.warning(file, line, f"'{row['email']}' is not an e-mail address")
            if self.org_phones.get(raw):
                item["phones"] = self.org_phones[raw]
            if source:
                item["source"] = self.publish(source)
            else:
                self.warning(file, line, f"organization '{raw}' has no https web address for "
                             "'source'; add one before publishing")  # fmt: skip
            item["reviewed"] = self.review_date(
                file, line, row.get("last_modified"), self.reviewed_meta.get(raw)
            )
            locations = []
            for lraw in sorted(by_org.get(raw, []), key=self.location_id):
                location = self.location_item(lraw, self.locations[lraw], row["name"], districts)
                if location:
                    locations.append(location)
                    self.emitted_locations[lraw] = location["id"]
            if locations:
                item["locations"] = locations
            self.files[f"agencies/{agency_id}.yaml"] = item
            self.counts["agencies"] += 1
            self.counts["locations"] += len(locations)
        unknown = districts.pop("", None)
        result = sorted(districts.values(), key=lambda d: (d["name"]["ru"].casefold(), d["id"]))
        return result + ([unknown] if unknown else [])

    def dataset_url(self) -> str | None:
        if not hasattr(self, "_dataset_url"):
            self._dataset_url = self._find_dataset_url()
        return self._dataset_url

    def _find_dataset_url(self) -> str | None:
        candidates = [self.meta.get("homepage")]
        for src in self.meta.get("sources") or []:
            if isinstance(src, dict):
                candidates += [src.get("path"), src.get("url")]
        for value in candidates:
            if isinstance(value, str) and (url := self.https(value)):
                return url
        return None

    def emit_services(self, category_ids: dict[str, str]) -> None:
        missing_source = 0
        for raw in sorted(self.services):
            self.service_id(raw)
        for raw in sorted(self.services, key=self.service_id):
            file, line, row = self.services[raw]
            sid = self.service_id(raw)
            org = row["organization_id"]
            cats = [category_ids[t] for t in self.service_terms.get(raw, [])]
            cats = cats or [FALLBACK_CATEGORY["id"]]
            description = html_to_markdown(row.get("description", ""))
            summary = html_to_markdown(row.get("short_description", "")) or first_sentence(
                description
            )
            item: dict = {
                "id": sid,
                "kind": "service",
                "categories": cats,
                "name": {"ru": row["name"]},
                "summary": {"ru": summary or row.get("alternate_name") or row["name"]},
            }
            extra = []
            if row.get("status", "").lower() == "temporarily closed":
                extra.append("**Временно не работает.**")
            cost, cost_text = self.cost(raw, row)
            if cost_text:
                extra.append(f"**Стоимость:** {cost_text}")
            text = "\n\n".join(filter(None, [description, *extra]))
            if text:
                item["description"] = {"ru": text}
            eligibility = self.eligibility_text(raw, row)
            if eligibility:
                item["eligibility"] = {"text": {"ru": eligibility}}
            if cost:
                item["cost"] = cost
            docs = list(dict.fromkeys(html_to_markdown(d) for d in self.documents.get(raw, [])))
            if docs:
                item["documents"] = [{"ru": d} for d in docs if d]
            url = self.https(row.get("url"))
            url = url or next(filter(None, map(self.https, self.urls.get(raw, []))), None)
            apply = {}
            if url:
                apply["online"] = self.publish(url)
            if row.get("application_process"):
                apply["in_person"] = {"ru": html_to_markdown(row["application_process"])}
            if apply:
                item["apply"] = apply
            agencies = [self.agency_id(org)]
            locations = []
            for lraw in self.service_locations.get(raw, []):
                if lraw in self.emitted_locations:
                    locations.append(self.emitted_locations[lraw])
                    other = self.agency_id(self.locations[lraw]["org"])
                    if other not in agencies:
                        agencies.append(other)
            item["agencies"] = agencies
            if locations:
                item["locations"] = sorted(locations)
            source = url or self.websites.get(org) or self.dataset_url()
            if source:
                item["source"] = self.publish(source)
            else:
                missing_source += 1
            item["reviewed"] = self.review_date(
                file, line, row.get("last_modified"), row.get("assured_date"),
                self.reviewed_meta.get(raw),
            )  # fmt: skip
            self.files[f"services/{cats[0]}/{sid}.yaml"] = item
            self.counts["services"] += 1
        if missing_source:
            self.warning(
                self.label,
                0,
                f"{missing_source} service(s) have no https web address for "
                "'source' (no service url, organization website or dataset homepage)",
            )

    def cost(self, raw: str, row: dict) -> tuple[str | None, str]:
        options = self.costs.get(raw, [])
        amounts = [a for o in options if (a := parse_number(o.get("amount", ""))) is not None]
        lines = []
        for o in options:
            amount = o.get("amount", "")
            if parse_number(amount) == 0 and not (o.get("option") or o.get("amount_description")):
                continue  # "0 RUB" says nothing that cost: free does not
            money = f"{amount} {o.get('currency', '')}".strip() if amount else ""
            parts = [o.get("option", ""), money, o.get("amount_description", "")]
            if text := " — ".join(p for p in parts if p):
                lines.append(text)
        fees = html_to_markdown(row.get("fees_description") or row.get("fees") or "")
        text = "; ".join(dict.fromkeys(filter(None, [fees, *lines])))
        if amounts:
            if all(a == 0 for a in amounts):
                return "free", text
            return ("paid" if all(a > 0 for a in amounts) else "partly_paid"), text
        if fees and _PARTLY.search(fees):
            return "partly_paid", text
        if fees and _FREE.search(fees) and not _PAID.search(fees):
            return "free", text
        return None, text

    def eligibility_text(self, raw: str, row: dict) -> str:
        parts = [html_to_markdown(row.get("eligibility_description", ""))]
        parts.append(", ".join(html_to_markdown(e) for e in self.eligibility.get(raw, [])))
        low, high = row.get("minimum_age", ""), row.get("maximum_age", "")
        low = _whole(low)
        high = _whole(high)
        if low and high:
            parts.append(f"Возраст: от {low} до {high} лет.")
        elif low:
            parts.append(f"Возраст: от {low} лет.")
        elif high:
            parts.append(f"Возраст: до {high} лет.")
        return "\n\n".join(dict.fromkeys(p for p in parts if p))

    def pack(self, pack_id: str, region: str) -> dict:
        hosts = sorted(self.hosts)
        hosts = [h for h in hosts if not any(h.endswith("." + other) for other in hosts)]
        title = self.meta.get("title") or self.meta.get("name") or "Импорт из набора данных HSDS"
        return {
            "id": pack_id,
            "title": {"ru": str(title)},
            "region": region,
            "languages": ["ru", "en"],
            "demo": False,
            "version": 1,
            "allowed_hosts": hosts,
        }


def _sentence(text: str) -> str:
    return text if not text or text[-1] in ".!?…" else text + "."


def _whole(value: str) -> str:
    number = parse_number(value) if value else None
    return str(int(number)) if number is not None and number > 0 else ""


def _hours_spec(days: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """{mo: [(09:00, 18:00)], ...} -> {'mo-fr': '09:00-18:00', ...}; unlisted days are closed."""
    values = []
    for day in WEEKDAYS:
        merged: list[list[str]] = []
        for opens, closes in sorted(days.get(day, [])):
            if merged and opens <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], closes)
            else:
                merged.append([opens, closes])
        values.append(", ".join(f"{o}-{c}" for o, c in merged) or None)
    spec, i = {}, 0
    while i < len(WEEKDAYS):
        if values[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < len(WEEKDAYS) and values[j + 1] == values[i]:
            j += 1
        spec[WEEKDAYS[i] if i == j else f"{WEEKDAYS[i]}-{WEEKDAYS[j]}"] = values[i]
        i = j + 1
    return spec


# -- writing -------------------------------------------------------------------------------

_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):
    pass


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _write_all(out: Path, files: dict[str, object]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    made: set[Path] = set()
    for rel in sorted(files):
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        text = yaml.dump(
            files[rel], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
            default_flow_style=False, width=10_000,
        )  # fmt: skip
        if rel == "pack.yaml":
            text = (
                "# Imported from an Open Referral HSDS dataset: review before publishing.\n" + text
            )
        path.write_text(text, encoding="utf-8")
