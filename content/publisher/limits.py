"""How big a content source may be and which characters its texts may hold. Pure data + checks.

The limits are far above what staff write (the longest demo description is under 1,000
characters) and well below what breaks the kiosk: the app lays a text out whole, and a
leaflet prints it whole, so a 50 MB description would end the app, not just look odd.
Web addresses have their own limit (content.urls.MAX_URL_LENGTH).
"""

from __future__ import annotations

import re
import unicodedata

from content.characters import BIDI, hidden_characters

MAX_FILE_BYTES = 4 * 1024 * 1024
"""One content file; an agency with a thousand offices is about 1 MB."""

MAX_DEPTH = 25
"""Lists and mappings inside each other; a service with a deep eligibility rule needs 12."""

TEXT_LIMITS: dict[str, int] = {
    # titles and names: a few lines in the largest type on screen and on paper
    "title": 200,
    "name": 200,
    "short_name": 80,
    "topic": 200,
    # a card's lead text
    "summary": 500,
    # long texts: several printed pages
    "description": 10_000,
    "text": 2_000,  # eligibility text
    "amount": 1_000,
    "in_person": 1_000,
    "legal_basis": 1_000,
    "notice": 1_000,
    # the consent to the processing of personal data, one text for each part
    "operator": 1_000,
    "purpose": 2_000,
    "data": 2_000,
    "retention": 1_000,
    "withdrawal": 1_000,
    "registration": 1_000,
    "place": 500,
    "hours_note": 1_000,
    "accessibility_note": 1_000,
    "transit": 1_000,
    "document": 500,
    "phone description": 200,
    "street": 200,
    "city": 100,
    # single words and codes
    "id": 80,
    "postal_code": 10,
    "region": 20,
    "icon": 40,
    "kind": 20,
    "cost": 20,
    "email": 254,
    "district": 80,
    "location": 80,
    "agency": 80,
    "reviewed": 40,
    "starts": 40,
    "ends": 40,
    "number": 40,  # a phone number as written
    "hours": 100,  # one line of opening hours
    "inbox_public_key": 100,  # 44 in fact; a longer one is told its length
    "rule": 200,  # one condition of an eligibility rule
    "keyword": 100,
    "synonym": 100,
}
"""Characters per language of each text field, after leading and trailing spaces go."""

LIST_LIMITS: dict[str, int] = {
    "categories": 10,
    "agencies": 50,
    "locations": 1_000,
    "documents": 30,
    "phones": 20,
    "accessibility": 20,
    "languages": 5,
    "allowed_hosts": 200,
    "kinds": 10,  # of requests an agency takes
    "keywords": 50,  # per language
    "hours": 14,
    "rule": 100,  # conditions in one eligibility rule, all blocks together
    "synonym groups": 2_000,  # per language
    "synonym group": 50,
    "categories.yaml": 100,
    "districts.yaml": 1_000,
}
"""Items of each list."""

DEFAULT_TEXT_LIMIT = 200
DEFAULT_LIST_LIMIT = 50


def text_limit(field: str) -> int:
    return TEXT_LIMITS.get(field, DEFAULT_TEXT_LIMIT)


def list_limit(field: str) -> int:
    return LIST_LIMITS.get(field, DEFAULT_LIST_LIMIT)


# -- characters ----------------------------------------------------------------------------

SOFT_HYPHEN = "\u00ad"
# hidden_characters, the check itself, is content/characters.py: what citizens type at the
# terminal (kiosk/core/requests) is held to the same rule.
# YAML 1.1's printable set, as PyYAML's Reader checks it, less the line breaks that YAML
# counts and editors do not (U+0085, U+2028, U+2029): lines would no longer match.
_YAML_UNREADABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def clean_text(text: str) -> str:
    """Text as pasted from Word or a web page, made plain without changing what it says.

    Soft hyphens only mark where a word may break: they go, so a search for the word finds
    it. Letters written as a base and a combining mark (й as и + ˘, from macOS) are joined
    (NFC), so they match what a visitor types.
    """
    if SOFT_HYPHEN in text:
        text = text.replace(SOFT_HYPHEN, "")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def shown(value, width: int = 60) -> str:
    """A value as a message may quote it: short, hidden characters written as \\uXXXX."""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\n", "\\n").replace("\t", "\\t")  # one problem, one line
    if len(text) > width:
        text = text[: width - 1] + "…"
    for index in reversed(list(hidden_characters(text))):
        text = f"{text[:index]}\\u{ord(text[index]):04x}{text[index + 1 :]}"
    return text


def yaml_unreadable(text: str) -> int | None:
    """The index of the first character the YAML reader refuses, or None."""
    found = _YAML_UNREADABLE.search(text)
    return found.start() if found else None


def describe(char: str) -> str:
    """What a refused character is and what to do, for a message after 'the text holds'."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    named = f"{code} ({name})" if name else code
    category = unicodedata.category(char)
    if char in BIDI:
        return (
            f"{named}, an invisible character that changes the order in which the text is "
            "shown and can disguise what it says; delete it"
        )
    if category == "Cc":
        return (
            f"the control character {named}, which cannot be shown; delete it (in quotes, an "
            "escape such as \\0 or \\x1b writes one)"
        )
    if category == "Co":
        return (
            f"{named}, a private symbol of one font (often a bullet from Word) that the kiosk "
            "cannot show; write an ordinary character instead (a list line starts with '- ')"
        )
    if category in ("Cs", "Cn"):
        return f"{named}, which is not a character the kiosk can show; delete it"
    return f"{named}, an invisible character (often copied with text from a web page); delete it"
