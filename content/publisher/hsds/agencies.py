"""Build steps for agencies: organizations with their offices, and districts from cities."""

from __future__ import annotations

import re
from collections import defaultdict

from content.publisher.hsds.schedules import hours_spec
from content.publisher.hsds.values import html_to_markdown, parse_number, slugify

UNKNOWN_DISTRICT = {"id": "unknown", "name": {"ru": "Район не указан"}}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CITY_PREFIX = re.compile(r"^(г\.|г\s|гор\.|город\s)\s*", re.I)


class AgencySteps:
    """Mixin of `Builder`: agencies/<id>.yaml and the districts of their offices."""

    def read_organizations(self) -> None:
        self.orgs: dict[str, tuple[str, int, dict]] = {}
        for file, line, row in self.rows("organization"):
            self.orgs[row["id"]] = (file, line, row)

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
            item = self.agency_item(raw, by_org.get(raw, []), districts)
            self.files[f"agencies/{item['id']}.yaml"] = item
            self.counts["agencies"] += 1
            self.counts["locations"] += len(item.get("locations", []))
        unknown = districts.pop("", None)
        result = sorted(districts.values(), key=lambda d: (d["name"]["ru"].casefold(), d["id"]))
        return result + ([unknown] if unknown else [])

    def agency_item(self, raw: str, location_ids: list[str], districts: dict) -> dict:
        """One agency file's data with its offices; notes which offices were imported."""
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
        for lraw in sorted(location_ids, key=self.location_id):
            location = self.location_item(lraw, self.locations[lraw], row["name"], districts)
            if location:
                locations.append(location)
                self.emitted_locations[lraw] = location["id"]
        if locations:
            item["locations"] = locations
        return item

    def location_item(self, raw: str, loc: dict, agency_name: str, districts: dict) -> dict | None:
        row, file, line = loc["row"], loc["file"], loc["line"]
        street, city, postal = self.address_parts(loc)
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
            item["hours"] = hours_spec(loc["hours"][tiers[0]])
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

    def address_parts(self, loc: dict) -> tuple[str, str, str]:
        """Street, city (without 'г.') and a 6-digit postal code of the location's address."""
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
        return street, city, postal

    def district_of(self, city: str, districts: dict) -> str:
        if not city:
            districts.setdefault("", UNKNOWN_DISTRICT)
            return "unknown"
        key = city.casefold()
        if key not in districts:
            districts[key] = {"id": self.district_id(slugify(city) or city), "name": {"ru": city}}
        return districts[key]["id"]
