"""The content model: what a content pack holds, independent of files, SQLite or screens.

Names follow Open Referral HSDS 3.0 where a concept exists there (organization -> Agency,
service, location, service_at_location, address, phone, schedule, accessibility, taxonomy ->
Category, required_document, cost); what benefits need beyond HSDS (eligibility rules,
amount, how to apply, legal basis, source and review date) and training events are added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from content.rules import Minimums

LANGUAGES = ("ru", "en")
"""Languages a pack can carry; Russian is required and is the fallback for every text."""

ACCESSIBILITY_FEATURES = (
    "step_free_entrance",
    "ramp",
    "elevator",
    "accessible_toilet",
    "parking_disabled",
    "hearing_loop",
    "sign_language",
    "braille",
    "tactile_paving",
    "wheelchair_available",
    "assistance_on_request",
)

AGENCY_TYPES = ("government", "ngo")
"""What kind of organisation an agency is: a state body or institution (the default), or a
non-profit (a socially oriented NGO, «некоммерческая организация»), which the screens and
the printouts name as such."""

UNVERIFIABLE_OFFICE_FACTS = ("address", "hours", "phones", "accessibility")
"""The facts of an office that its author may mark `unverified`: an illustrative value that
nobody could check on an official page. Shown as "to be confirmed"; allowed in a demo pack
only."""
UNVERIFIABLE_AGENCY_FACTS = ("phones", "email")
"""The same for an agency's own facts."""

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
"""iCalendar BYDAY codes, as HSDS 3.0 `schedule.byday` uses them; Monday first."""

AGENCY_REQUEST_KINDS = ("appointment", "callback", "complaint", "rating")
"""The requests an agency may choose to take from the terminal (issue 17), in the order the
app offers them."""
WRONG_INFO = "wrong_info"
"""A report of wrong information: taken on every listing of a pack that takes requests, so
an agency does not list it."""
CALLED_BACK = ("appointment", "callback")
"""The kinds on which staff call the citizen back, so the agency says within how long."""
MAX_CALL_BACK_DAYS = 20
"""The most working days an agency may take to call back: about a month. A citizen told to
wait longer is better told to phone, and an appeal must be answered within 30 days anyway
(59-FZ)."""
CONSENT_PARTS = ("operator", "purpose", "data", "retention", "withdrawal")
"""What the consent to the processing of personal data (152-FZ, article 9) tells a citizen:
who processes the data (the operator, with its address), why, which data and what is done
with them, how long they are kept, and how to withdraw the consent."""


@dataclass(frozen=True)
class Text:
    """A text in several languages; Russian is always there."""

    ru: str
    en: str | None = None

    def get(self, lang: str) -> str:
        """The text in `lang`, or in Russian where that translation is missing."""
        return (getattr(self, lang, None) if lang in LANGUAGES else None) or self.ru

    def has(self, lang: str) -> bool:
        return bool(getattr(self, lang, None))


@dataclass(frozen=True)
class Consent:
    """The consent to the processing of personal data that a citizen gives before a form
    with personal data is sent: one text for each of CONSENT_PARTS."""

    operator: Text
    purpose: Text
    data: Text
    retention: Text
    withdrawal: Text

    def parts(self) -> list[tuple[str, Text]]:
        """(part, text) in the order of CONSENT_PARTS: the order the app shows them in."""
        return [(part, getattr(self, part)) for part in CONSENT_PARTS]


@dataclass(frozen=True)
class RequestSettings:
    """Which requests an agency takes from the terminal, and within how many working days
    staff call back on an appointment or a callback."""

    kinds: tuple[str, ...] = ()
    call_back_within_days: int | None = None

    def takes(self, kind: str) -> bool:
        return kind in self.kinds


@dataclass(frozen=True)
class PackInfo:
    """What a pack says about itself, as its author wrote it in pack.yaml. A built pack adds
    what the build knows (content.pack.meta.PackMeta)."""

    pack_id: str
    title: Text
    region: str
    languages: tuple[str, ...]
    demo: bool
    version: int
    allowed_hosts: tuple[str, ...]
    notice: Text | None = None
    inbox_public_key: str | None = None
    """The office's X25519 public key, standard base64 of its 32 bytes: what requests from
    the terminal are sealed to. None: the pack takes no requests."""
    consent: Consent | None = None
    """The consent text; a pack that takes requests has one."""
    subsistence_minimum: Minimums | None = None
    """The region's subsistence minimum, which the benefit finder compares income with."""

    @property
    def takes_requests(self) -> bool:
        return bool(self.inbox_public_key)


@dataclass(frozen=True)
class Category:
    id: str
    title: Text
    description: Text | None = None
    icon: str | None = None


@dataclass(frozen=True)
class District:
    id: str
    name: Text


@dataclass(frozen=True)
class Phone:
    number: str
    """Normalised for dialling: '+73421234567', or a short number such as '122'."""
    display: str
    """As the author wrote it, which is how people are used to reading it."""
    description: Text | None = None


@dataclass(frozen=True)
class OpeningHours:
    """One opening interval on one weekday (an HSDS `schedule` row with freq=WEEKLY)."""

    weekday: str
    opens: str  # "HH:MM"
    closes: str


@dataclass(frozen=True)
class Address:
    city: Text
    street: Text | None = None
    """None where the street address could not be checked: shown as "ask by phone"."""
    postal_code: str | None = None


@dataclass(frozen=True)
class Location:
    id: str
    agency_id: str
    name: Text
    address: Address
    district: str
    hours: tuple[OpeningHours, ...] = ()
    hours_note: Text | None = None
    phones: tuple[Phone, ...] = ()
    accessibility: tuple[str, ...] = ()
    accessibility_note: Text | None = None
    transit: Text | None = None
    latitude: float | None = None
    longitude: float | None = None
    unverified: tuple[str, ...] = ()
    """Which of UNVERIFIABLE_OFFICE_FACTS are illustrative, not checked (demo packs only)."""


@dataclass(frozen=True)
class Agency:
    id: str
    name: Text
    source: str
    reviewed: str
    short_name: Text | None = None
    description: Text | None = None
    website: str | None = None
    email: str | None = None
    phones: tuple[Phone, ...] = ()
    locations: tuple[Location, ...] = ()
    requests: RequestSettings | None = None
    """The requests it takes from the terminal; None: none (but wrong_info, which every
    listing takes)."""
    type: str = "government"
    """One of AGENCY_TYPES."""
    unverified: tuple[str, ...] = ()
    """Which of UNVERIFIABLE_AGENCY_FACTS are illustrative, not checked (demo packs only)."""


@dataclass(frozen=True)
class Service:
    id: str
    kind: str  # "benefit" | "service"
    categories: tuple[str, ...]
    name: Text
    summary: Text
    source: str
    reviewed: str
    description: Text | None = None
    eligibility: Text | None = None
    rule: object | None = None
    """The parsed eligibility rule (content.rules.Rule), or None."""
    rule_source: object | None = None
    """The rule as the author wrote it (plain dicts, lists and strings), stored in the pack."""
    amount: Text | None = None
    cost: str | None = None
    documents: tuple[Text, ...] = ()
    apply_online: str | None = None
    apply_in_person: Text | None = None
    agencies: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    legal_basis: Text | None = None
    keywords: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Event:
    id: str
    title: Text
    starts: str  # "YYYY-MM-DDTHH:MM", local time of the region
    ends: str | None
    source: str
    reviewed: str
    topic: Text | None = None
    description: Text | None = None
    location: str | None = None
    place: Text | None = None
    agency: str | None = None
    registration: Text | None = None
    url: str | None = None
    cost: str = "free"


@dataclass
class Content:
    """Everything one content folder holds, after parsing."""

    pack: PackInfo | None = None
    categories: list[Category] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    synonyms: dict[str, list[list[str]]] = field(default_factory=dict)
    """Language -> groups of words or phrases that mean the same thing."""

    def locations(self) -> list[Location]:
        return [location for agency in self.agencies for location in agency.locations]
