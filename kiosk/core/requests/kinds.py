"""The six kinds of request a citizen can send from the terminal, and the fields of each.

This is the one definition of what a form holds: the validation (`validation.py`), the
envelope (`envelope.py`), the JSON Schema beside them (`request.schema.json`, checked against
this by the tests) and docs/requests.md all follow it. Field values are strings, ints, bools
or lists of strings, as the envelope's contract says.

Personal data (152-FZ) are marked field by field: a form in which one of them is filled in
needs the citizen's consent, sent as `consent: true`. Appointment, callback and about_me
always carry a name and a phone; a complaint does only when the citizen wants an answer
(59-FZ: an appeal is answered at the address it gives); a rating and a wrong-information
report never do. No form has a field for a passport or СНИЛС number, and the free texts
refuse one (validation.py).
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"
"""Free text, several lines allowed."""
LINE = "line"
"""One line of text: a name, a topic, an address."""
ID = "id"
"""An id from the pack (a service, an agency, an office, a district)."""
CHOICE = "choice"
"""One of `choices`."""
SCORE = "score"
"""An int from 1 to 5."""
FLAG = "flag"
"""A bool."""
DAY = "day"
"""A date as YYYY-MM-DD."""
PHONE = "phone"
"""A Russian phone number; kept as +7 and 10 digits."""
LIST = "list"
"""A list of lines, each at most `limit` characters, at most `items` of them."""

NAME_LIMIT = 100
TEXT_LIMIT = 2_000
SHORT_TEXT_LIMIT = 500
LINE_LIMIT = 200
ADDRESS_LIMIT = 300
ID_LIMIT = 80
HOUSEHOLD_ITEMS = 12

SCORE_MIN, SCORE_MAX = 1, 5
PARTS_OF_DAY = ("morning", "afternoon")
NOON = "12:00"
"""Morning is before noon, afternoon from noon: a reception interval counts for the part of
the day it overlaps."""

CONSENT = "consent"
"""The field that records the 152-FZ consent: true, or absent where no personal data are sent."""


@dataclass(frozen=True)
class Field:
    """One field of a form."""

    name: str
    type: str
    required: bool = True
    limit: int = 0
    """Characters of a text, a line or a list's item."""
    choices: tuple[str, ...] = ()
    items: int = 0
    """Items of a list."""
    personal: bool = False
    """Personal data: filling it in asks for consent."""


def _name(required: bool = True) -> Field:
    return Field("name", LINE, required, NAME_LIMIT, personal=True)


def _phone() -> Field:
    return Field("phone", PHONE, personal=True)


def _id(name: str, required: bool = True) -> Field:
    return Field(name, ID, required, ID_LIMIT)


CRITERIA = ("waiting", "staff", "comfort", "duration", "information")
"""The five criteria of the federal "Ваш контроль" assessment, in its order: waiting time,
politeness and competence of staff, comfort of the premises, time taken to provide the
service, availability of information about it."""

REPLY_BY = ("post", "email")
LISTINGS = ("service", "agency", "location", "event")
WRONG = ("address", "hours", "phone", "link", "other")
CALLBACK_MODES = ("callback", "online")

FIELDS: dict[str, tuple[Field, ...]] = {
    "appointment": (
        _id("service"),
        _id("location"),
        _id("agency"),
        Field("day", DAY),
        Field("part_of_day", CHOICE, choices=PARTS_OF_DAY),
        _name(),
        _phone(),
    ),
    "callback": (
        Field("topic", LINE, limit=LINE_LIMIT),
        _id("agency"),
        Field("mode", CHOICE, choices=CALLBACK_MODES),
        _name(),
        _phone(),
    ),
    "rating": (
        _id("agency"),
        _id("location"),
        _id("service", required=False),
        *(Field(criterion, SCORE) for criterion in CRITERIA),
        Field("comment", TEXT, required=False, limit=TEXT_LIMIT),
    ),
    "complaint": (
        _id("agency"),
        _id("location", required=False),
        _id("service", required=False),
        Field("text", TEXT, limit=TEXT_LIMIT),
        Field("answer", FLAG),
        # Required when an answer is wanted, refused when not (validation.py): 59-FZ answers
        # an appeal at the address it gives, and without an answer no address is needed.
        _name(required=False),
        Field("reply_by", CHOICE, required=False, choices=REPLY_BY),
        Field("reply_to", LINE, required=False, limit=ADDRESS_LIMIT, personal=True),
    ),
    "wrong_info": (
        Field("listing", CHOICE, choices=LISTINGS),
        _id("listing_id"),
        Field("wrong", CHOICE, choices=WRONG),
        # Required when what is wrong is "other": nothing else says what it is.
        Field("text", TEXT, required=False, limit=SHORT_TEXT_LIMIT),
    ),
    "about_me": (
        _name(),
        _phone(),
        _id("district", required=False),
        Field("household", LIST, required=False, limit=NAME_LIMIT, items=HOUSEHOLD_ITEMS),
        Field("help", TEXT, limit=TEXT_LIMIT),
    ),
}
"""Each kind's fields, in the order a form shows them."""

KINDS = tuple(FIELDS)
"""appointment, callback, rating, complaint, wrong_info, about_me."""

COMPLAINT_ANSWER_DAYS = 30
"""59-FZ, article 12: an appeal is answered within 30 days of its registration."""


def fields_of(kind: str) -> dict[str, Field]:
    """The fields of `kind` by name (KeyError for an unknown kind)."""
    return {field.name: field for field in FIELDS[kind]}


def has_personal_data(kind: str) -> bool:
    """True if a form of `kind` may carry personal data, so the form shows the consent."""
    return any(field.personal for field in FIELDS[kind])


def always_personal(kind: str) -> bool:
    """True if every form of `kind` carries personal data (a required personal field)."""
    return any(field.personal and field.required for field in FIELDS[kind])
