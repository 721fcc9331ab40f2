"""Build steps for offices: which locations are kept, their addresses, phones, accessibility."""

from __future__ import annotations

import re
from collections import defaultdict

from content.publisher.hsds.values import html_to_markdown

try:
    from content.publisher.phones import PhoneError, normalize_phone
except ImportError:  # pragma: no cover - the validator's module is the reference

    class PhoneError(ValueError):
        pass

    def normalize_phone(text: str) -> str:
        digits = re.sub(r"[\s\-()\u00a0]", "", text)
        if re.fullmatch(r"\d{3,4}|\+7\d{10}|8\d{10}", digits):
            return digits
        raise PhoneError(text)


# HSDS `accessibility` keywords (and short free texts) -> the kiosk's accessibility words.
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
# Longer free texts are searched for the same features, so a description still yields icons.
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


def _sentence(text: str) -> str:
    return text if not text or text[-1] in ".!?…" else text + "."


class LocationSteps:
    """Mixin of `Builder`: reads the location-side tables into `self.locations` records."""

    def read_locations(self) -> None:
        self.locations: dict[str, dict] = {}  # raw id -> working record
        self.all_location_ids = {row["id"] for _, _, row in self.rows("location")}
        self.sal_location: dict[str, str] = {}
        self.service_locations: dict[str, list[str]] = defaultdict(list)
        pending = []
        for file, line, row in self.rows("location"):
            if row.get("location_type", "").lower() == "virtual":
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
            org = row.get("organization_id", "")
            if org and org not in self.orgs:
                # HSDS 3.0 makes location.organization_id optional, and the spec's own example
                # points it at an organization that is not in the dataset: a service held
                # there still tells whose office it is.
                if row["id"] not in via_service:
                    self.error(file, line, f"location '{row['id']}' refers to unknown "
                               f"organization '{org}'; skipped")  # fmt: skip
                    continue
                self.warning(file, line, f"location '{row['id']}' refers to unknown organization "
                             f"'{org}'; placed under '{via_service[row['id']]}', the "
                             "organization of a service held there")  # fmt: skip
                org = ""
            org = org or via_service.get(row["id"])
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
        number = row["number"].strip("\"'“”«» ")  # the spec's example writes "+44 1234 234567"
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
            # An HSDS 3.0 phone row may name its office, organization, service and contact at
            # once (the spec's example names all five): it goes to the office, else to the
            # organization. A phone of only a service or a contact has no place in the kiosk.
            lid, org = row.get("location_id", ""), row.get("organization_id", "")
            if lid in self.locations:
                target = self.locations[lid]["phones"]
            elif org in self.orgs:
                target = self.org_phones[org]
            elif lid:
                self.location_of(file, line, row, "the phone")  # says so if it is unknown
                continue
            elif org:
                self.error(file, line, f"the phone refers to unknown organization '{org}'")
                continue
            else:
                continue
            if phone := self.phone(file, line, row):
                if all(p["number"] != phone["number"] for p in target):
                    target.append(phone)

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
