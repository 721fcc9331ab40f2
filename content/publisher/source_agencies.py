"""An agency file of a content folder (agencies/*.yaml): the agency, its phones and its offices,
each office with its address, district, hours, accessibility and place on the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.hours import HoursError, parse_hours
from content.model import (
    ACCESSIBILITY_FEATURES,
    AGENCY_REQUEST_KINDS,
    AGENCY_TYPES,
    CALLED_BACK,
    MAX_CALL_BACK_DAYS,
    UNVERIFIABLE_AGENCY_FACTS,
    UNVERIFIABLE_OFFICE_FACTS,
    WRONG_INFO,
    Address,
    Agency,
    Location,
    Phone,
    RequestSettings,
    Text,
)
from content.publisher.fields import Fields
from content.publisher.limits import shown
from content.publisher.phones import PhoneError, normalize_phone
from content.publisher.yamlsrc import LineDict

if TYPE_CHECKING:
    from content.publisher.sources import Folder


def read_agency(folder: Folder, f: Fields) -> None:
    """An agency with its offices, into the folder's content; what is wrong, into its problems."""
    f.only(
        "id",
        "name",
        "short_name",
        "description",
        "website",
        "email",
        "phones",
        "source",
        "reviewed",
        "locations",
        "requests",
        "type",
        "unverified",
    )
    item_id = f.id()
    name = f.text("name", required=True)
    locations = []
    items = f.list("locations")
    for item in items:
        location = _location(folder, folder.fields(item, f.path, "an office"), item_id or "?")
        if location:
            locations.append(location)
    source, reviewed = f.url("source", required=True), f.date("reviewed", required=True)
    agency = Agency(
        id=item_id or "?",
        name=name or Text("?"),
        source=source or "",
        reviewed=reviewed or "",
        short_name=f.text("short_name"),
        description=f.text("description"),
        website=f.url("website"),
        email=f.string("email"),
        phones=_phones(folder, f),
        locations=tuple(locations),
        requests=_requests(folder, f),
        type=_type(f),
        unverified=unverified(folder, f, UNVERIFIABLE_AGENCY_FACTS, {"email": "email"}),
    )
    if folder.unique("agency", item_id, f) and name:
        folder.content.agencies.append(agency)


def _type(f: Fields) -> str:
    """`type: ngo` for a non-profit; a state body by default."""
    value = f.string("type")
    if value is None:
        return AGENCY_TYPES[0]
    if value not in AGENCY_TYPES:
        f.error("type", f"unknown type '{shown(value)}' (one of {', '.join(AGENCY_TYPES)})")
        return AGENCY_TYPES[0]
    return value


FACT_FIELDS = {"phones": "phones", "hours": "hours", "accessibility": "accessibility"}
"""Which field holds each fact that may be marked unverified (an office's `address` is its
street, checked apart)."""


def unverified(folder: Folder, f: Fields, allowed: tuple[str, ...], fields: dict) -> tuple:
    """`unverified: [hours, phones]`: the facts that are illustrative, not checked. Each must
    be one of `allowed` and be there to mark; and only a demo pack may carry any, so that a
    working pack never shows a guessed address or number (the error names the fact)."""
    marked: list[str] = []
    pack = folder.content.pack
    for index, fact in enumerate(items := f.list("unverified")):
        line = items.line_of(index)
        if isinstance(fact, (dict, list)) or fact not in allowed:
            folder.problems.error(
                f.path,
                line,
                f"'unverified' lists '{shown(fact)}': one of {', '.join(allowed)} is expected",
            )
            continue
        if fact in marked:
            folder.problems.error(f.path, line, f"'{fact}' is marked unverified twice")
            continue
        if not _present(f, fact, {**FACT_FIELDS, **fields}):
            folder.problems.error(
                f.path, line, f"'{fact}' is marked unverified, but there is no {fact} to mark"
            )
            continue
        if pack is None or not pack.demo:
            folder.problems.error(
                f.path,
                line,
                f"unverified fact '{fact}' in a pack that is not a demo (pack.yaml has no "
                "'demo: true'): check it on an official page and take it off the "
                "'unverified' list, or leave it out",
            )
        marked.append(fact)
    return tuple(marked)


def _present(f: Fields, fact: str, fields: dict) -> bool:
    if fact == "address":
        address = f.data.get("address")
        return isinstance(address, dict) and address.get("street") not in (None, "", {})
    return f.has(fields[fact])


def _requests(folder: Folder, f: Fields) -> RequestSettings | None:
    """`requests: {kinds: [...], call_back_within_days: N}`: which requests the agency takes
    from the terminal; None if it takes none (a report of wrong information it always takes)."""
    if not f.has("requests"):
        return None
    if not isinstance(f.data["requests"], dict):
        f.error("requests", "'requests' should be its fields kinds: and call_back_within_days:")
        return None
    r = folder.fields(f.data["requests"], f.path, "the requests it takes")
    r.only("kinds", "call_back_within_days")
    kinds: list[str] = []
    for index, kind in enumerate(items := r.list("kinds", required=True)):
        line = items.line_of(index)
        if isinstance(kind, (dict, list)):
            folder.problems.error(
                f.path, line, f"a kind of request is one word: {', '.join(AGENCY_REQUEST_KINDS)}"
            )
        elif kind == WRONG_INFO:
            folder.problems.warning(
                f.path, line, "wrong_info is taken on every listing: it need not be listed"
            )
        elif kind not in AGENCY_REQUEST_KINDS:
            folder.problems.error(
                f.path,
                line,
                f"unknown kind of request '{shown(kind)}' "
                f"(one of {', '.join(AGENCY_REQUEST_KINDS)})",
            )
        elif kind in kinds:
            folder.problems.error(f.path, line, f"'{kind}' is listed twice")
        else:
            kinds.append(kind)
    called_back = [kind for kind in kinds if kind in CALLED_BACK]
    days = r.data.get("call_back_within_days")
    if days is None:
        if called_back:
            r.error(
                None,
                f"'call_back_within_days' is required with {' and '.join(called_back)}: within "
                "how many working days staff call the citizen back",
            )
    elif isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CALL_BACK_DAYS:
        r.error(
            "call_back_within_days",
            f"'call_back_within_days' must be a whole number of working days, "
            f"1 to {MAX_CALL_BACK_DAYS}",
        )
        days = None
    elif not called_back:
        r.problems.warning(
            f.path,
            r.line("call_back_within_days"),
            "'call_back_within_days' is not used: staff call back on appointment and callback "
            "requests only",
        )
        days = None
    pack = folder.content.pack
    if kinds and pack is not None and not pack.takes_requests:
        folder.problems.warning(
            f.path,
            f.line("requests"),
            "the pack takes no requests: pack.yaml has no 'inbox_public_key'",
        )
    return RequestSettings(tuple(kinds), days) if kinds else None


def _location(folder: Folder, f: Fields, agency_id: str) -> Location | None:
    f.only(
        "id",
        "name",
        "address",
        "district",
        "latitude",
        "longitude",
        "hours",
        "hours_note",
        "phones",
        "accessibility",
        "accessibility_note",
        "transit",
        "unverified",
    )
    item_id = f.id()
    name = f.text("name", required=True)
    address = _address(folder, f)
    district = f.string("district", required=True)
    if district:
        folder.ref("district", district, f, f.line("district"))
    hours = _hours(folder, f)
    features = []
    for index, word in enumerate(items := f.list("accessibility")):
        if word in ACCESSIBILITY_FEATURES:
            features.append(word)
        else:
            folder.problems.error(
                f.path, items.line_of(index), f"unknown accessibility feature '{shown(word)}'"
            )
    coords = [f.data.get("latitude"), f.data.get("longitude")]
    for index, (key, bound) in enumerate((("latitude", 90), ("longitude", 180))):
        value = coords[index]
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            f.error(key, f"'{key}' must be a number")
        elif not -bound <= value <= bound:  # also .nan and .inf, which YAML reads
            f.error(key, f"'{key}' must be a number between -{bound} and {bound}")
        else:
            continue
        coords[index] = None
    if not (folder.unique("location", item_id, f) and name and address and district):
        return None
    return Location(
        id=item_id,
        agency_id=agency_id,
        name=name,
        address=address,
        district=district,
        hours=hours,
        hours_note=f.text("hours_note"),
        phones=_phones(folder, f),
        accessibility=tuple(features),
        accessibility_note=f.text("accessibility_note"),
        transit=f.text("transit"),
        latitude=_number(coords[0]),
        longitude=_number(coords[1]),
        unverified=unverified(folder, f, UNVERIFIABLE_OFFICE_FACTS, {}),
    )


def _address(folder: Folder, f: Fields) -> Address | None:
    if not f.has("address"):
        f.error(None, "'address' is required")
        return None
    a = folder.fields(f.data["address"], f.path, "an address")
    a.only("street", "city", "postal_code")
    street, city = a.text("street"), a.text("city", required=True)
    postal = a.string("postal_code")
    if postal and not (postal.isdigit() and len(postal) == 6):
        a.error("postal_code", f"'{postal}' is not a 6-digit postal code")
    return Address(city, street, postal) if city else None


def _hours(folder: Folder, f: Fields) -> tuple:
    if not f.has("hours"):
        return ()
    spec = f.data["hours"]
    if not isinstance(spec, dict):
        f.error("hours", "write hours as day: time lines, e.g. 'mo-fr: 09:00-18:00'")
        return ()
    if not f.counted("hours", list(spec), f.line("hours")):
        return ()
    for days, value in spec.items():
        line = spec.line_of(days)
        if isinstance(value, (dict, list)):
            folder.problems.error(f.path, line, "write one day's hours as e.g. 09:00-18:00")
            return ()
        if not (f.within("hours", days, line) and f.within("hours", str(value), line)):
            return ()
    try:
        return parse_hours(spec)
    except HoursError as exc:
        f.error("hours", f"malformed opening hours: {exc}")
        return ()


def _phones(folder: Folder, f: Fields, key: str = "phones") -> tuple[Phone, ...]:
    result = []
    items = f.list(key)
    for index, item in enumerate(items):
        line = items.line_of(index)
        if not isinstance(item, dict):
            item = LineDict(number=item)
            item.line, item.key_lines = line, {}
        number = folder.fields(item, f.path, "a phone").string("number")
        if number is None and item.get("number"):
            continue  # too long or not a single value: reported
        number = number or ""
        try:
            dial = normalize_phone(number)
        except PhoneError as exc:
            folder.problems.error(f.path, line, f"malformed phone: {exc}")
            continue
        description = None
        if item.get("description"):
            description = f.text_value(item["description"], line, "phone description")
        result.append(Phone(dial, number, description))
    return tuple(result)


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
