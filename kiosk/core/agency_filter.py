"""Which offices match the filters of the agencies screen: district, service, open now, step-free.

Kivy-free. `catalogue(pack)` reads every agency with its offices once (a pack changes only
between visitors, so the screen keeps it); `match()` then filters that in memory, which is
quick enough to run on every touch of a chip. An office whose opening hours the pack does
not give is "hours unknown" (None), never "closed": most offices in the demo only name
their town, and a visitor must not stay at home because the kiosk guessed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from content.hours import is_open
from content.model import OpeningHours
from content.pack.reader import Pack
from content.pack.records import Record

MAX_OFFICES = 300
"""At most this many offices are listed; more is more than anyone reads on a screen, and the
synthetic 100,000-service pack has hundreds of offices. The rest are counted, not shown."""

STEP_FREE_FEATURES = frozenset({"step_free_entrance", "ramp"})
"""Accessibility features that mean a wheelchair gets in without steps. A lift alone does
not: the entrance may still have steps."""


@dataclass(frozen=True)
class Filters:
    """What the visitor chose; the defaults show everything."""

    district: str | None = None
    """A district's id, or None for every district."""

    service: str | None = None
    """A service's id: only offices that provide it; None for any service."""

    open_now: bool = False
    """Only offices whose hours say they are open at the given time."""

    step_free: bool = False
    """Only offices whose accessibility data confirm a step-free entrance."""

    @property
    def active(self) -> bool:
        """True if anything narrows the list."""
        return bool(self.district or self.service or self.open_now or self.step_free)


@dataclass(frozen=True)
class Office:
    """One matching office (a pack location with hours, accessibility and phones)."""

    location: Record
    open_now: bool | None
    """True or False by the office's hours; None when the pack gives no hours."""


@dataclass(frozen=True)
class AgencyOffices:
    """An agency and those of its offices that match, in the pack's order."""

    agency: Record
    offices: tuple[Office, ...]


@dataclass(frozen=True)
class Matches:
    """The matching offices grouped by agency, cut at the limit."""

    agencies: tuple[AgencyOffices, ...]
    more: int = 0
    """How many more offices matched than are listed."""

    @property
    def offices(self) -> int:
        """How many offices are listed."""
        return sum(len(a.offices) for a in self.agencies)


def opening_hours(location: Record) -> tuple[OpeningHours, ...]:
    """The office's schedule rows as content.model.OpeningHours."""
    return tuple(
        OpeningHours(row["weekday"], row["opens_at"], row["closes_at"])
        for row in location.get("hours") or ()
    )


def open_status(location: Record, at: datetime) -> bool | None:
    """Open at `at` (local time) by the office's hours; None when its hours are unknown."""
    hours = location.get("opening_hours")  # read once by catalogue()
    if hours is None:
        hours = opening_hours(location)
    return is_open(hours, at) if hours else None


def is_step_free(location: Record) -> bool:
    """True only when the pack confirms a step-free way in."""
    return bool(STEP_FREE_FEATURES.intersection(location.get("accessibility") or ()))


CATALOGUE_AGENCY = ("id", "name", "short_name", "type")
"""What the catalogue keeps of an agency: what `match()` and a row of the list need."""

CATALOGUE_OFFICE = (
    "id",
    "agency_id",
    "district_id",
    "street",
    "city",
    "hours",
    "accessibility",
    "unverified",
)
"""What the catalogue keeps of an office. The agency page reads the whole office again."""


def catalogue(pack: Pack) -> list[Record]:
    """Every agency with its offices (`pack.agency()` records cut to CATALOGUE_AGENCY and
    CATALOGUE_OFFICE), in the pack's order.

    Each office also gets its schedule as "opening_hours" (OpeningHours): every `match()`
    asks every office whether it is open now, and reading the rows again each time was
    half the time of a match on a pack with 700 offices. The screen keeps the catalogue
    as long as the pack: whole records (descriptions, notes and phones in two languages)
    were 4 MB of it on that pack, and a list row shows none of them.
    """
    agencies = []
    for row in pack.agencies():
        agency = pack.agency(row["id"])
        if agency is None:
            continue
        offices = []
        for location in agency["locations"]:
            office = Record((key, location.get(key)) for key in CATALOGUE_OFFICE)
            office["opening_hours"] = opening_hours(location)
            offices.append(office)
        kept = Record((key, agency.get(key)) for key in CATALOGUE_AGENCY)
        kept["locations"] = offices
        agencies.append(kept)
    return agencies


def service_offices(pack: Pack, service_id: str) -> frozenset[str]:
    """The ids of the offices that provide the service (none for an unknown service)."""
    service = pack.service(service_id)
    return frozenset(loc["id"] for loc in service["locations"]) if service else frozenset()


def match(
    agencies: Iterable[Record],
    filters: Filters,
    at: datetime,
    service_offices: Collection[str] | None = None,
    limit: int = MAX_OFFICES,
) -> Matches:
    """The offices of `agencies` that pass `filters` at local time `at`.

    `service_offices` are the ids of the offices that provide `filters.service` (see
    `service_offices()`); it is required when a service is chosen.
    """
    if filters.service and service_offices is None:
        raise ValueError("a service filter needs the ids of the offices that provide it")
    groups: list[AgencyOffices] = []
    listed = more = 0
    for agency in agencies:
        offices = []
        for location in agency["locations"]:
            if filters.district and location.get("district_id") != filters.district:
                continue
            if filters.service and location["id"] not in service_offices:
                continue
            if filters.step_free and not is_step_free(location):
                continue
            status = open_status(location, at)
            if filters.open_now and status is not True:
                continue
            if listed < limit:
                offices.append(Office(location, status))
                listed += 1
            else:
                more += 1
        if offices:
            groups.append(AgencyOffices(agency, tuple(offices)))
    return Matches(tuple(groups), more)


def districts_with_offices(pack: Pack, agencies: Iterable[Record]) -> list[Record]:
    """The pack's districts that have at least one office, in the pack's order."""
    used = {loc.get("district_id") for agency in agencies for loc in agency["locations"]}
    return [d for d in pack.districts() if d["id"] in used]


def agency_services(pack: Pack, agency_id: str, limit: int = -1) -> list[Record]:
    """The services an agency provides (id, name, summary), in the pack's order; at most
    `limit` of them (-1: all)."""
    return pack.agency_services(agency_id, limit)


def agency_service_count(pack: Pack, agency_id: str) -> int:
    """How many services the agency provides."""
    return pack.agency_service_count(agency_id)
