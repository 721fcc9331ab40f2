"""The envelope of a submission, read strictly: the inbox's own reader of issue 17's contract.

What a sealed file holds once opened is UTF-8 JSON: {"format": "perm-kiosk-request/1", "id",
"reference", "kind", "created", "terminal", "pack": {"id", "version"}, "lang", "fields"}.
Anyone with a pack has the public key, so anyone can seal anything: the bytes are read as
hostile. Every way they can be wrong is an EnvelopeError whose message names the key and
the rule, never a value (a value may be what a citizen typed).

The request model (kiosk/core/requests) has the full reader with each kind's fields; this one
checks the envelope's shape only, which is all the inbox needs to file a submission.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

FORMAT = "perm-kiosk-request/1"
KINDS = ("appointment", "callback", "rating", "complaint", "wrong_info", "about_me")
KEYS = frozenset(
    {"format", "id", "reference", "kind", "created", "terminal", "pack", "lang", "fields"}
)
LANGS = ("ru", "en")

MAX_ENVELOPE = 1 << 20
"""Bytes: ten forms of 2,000 emoji each fit many times over; more is not a form."""
MAX_FIELDS = 100
MAX_TEXT = 20_000
"""Characters in one string: the forms allow 2,000."""
MAX_LIST = 200

ID = re.compile(r"[0-9a-f]{32}")
REFERENCE = re.compile(r"[0-9A-Z]{2,8}(?:-[0-9A-Z]{2,8}){0,3}")
CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


class EnvelopeError(ValueError):
    """The bytes are not an envelope of the contract; the message says why, without values."""


@dataclass(frozen=True)
class Envelope:
    """A submission as the terminal sealed it."""

    id: str
    reference: str
    kind: str
    created: datetime
    """UTC, to the second."""
    terminal: str
    pack_id: str
    pack_version: int
    lang: str
    fields: dict[str, Any]
    """Kind-specific; each value a string, an int, a bool or a list of strings."""


def read_envelope(data: bytes) -> Envelope:
    """The envelope in `data`, or EnvelopeError. Nothing else is ever raised."""
    if len(data) > MAX_ENVELOPE:
        raise EnvelopeError(f"longer than {MAX_ENVELOPE} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EnvelopeError("not UTF-8") from None
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except EnvelopeError:
        raise
    except (ValueError, RecursionError):
        # ValueError covers JSONDecodeError and an int of more digits than Python converts;
        # json's C scanner raises RecursionError on nesting too deep for it.
        raise EnvelopeError("not JSON") from None
    return _envelope(value)


def _envelope(value: Any) -> Envelope:
    if not isinstance(value, dict):
        raise EnvelopeError("not a JSON object")
    missing, extra = KEYS - value.keys(), value.keys() - KEYS
    if missing:
        raise EnvelopeError(f"missing keys: {', '.join(sorted(missing))}")
    if extra:
        raise EnvelopeError(f"{len(extra)} unknown key(s)")
    if value["format"] != FORMAT:
        raise EnvelopeError(f"format: not {FORMAT}")
    submission_id = _matching(value, "id", ID)
    reference = _matching(value, "reference", REFERENCE)
    if value["kind"] not in KINDS:
        raise EnvelopeError("kind: not one of " + ", ".join(KINDS))
    created_text = _matching(value, "created", CREATED)
    try:
        created = datetime.strptime(created_text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise EnvelopeError("created: not a date and time") from None
    terminal = _string(value["terminal"], "terminal", 200)
    pack = value["pack"]
    if not isinstance(pack, dict) or set(pack) != {"id", "version"}:
        raise EnvelopeError("pack: not an object of id and version")
    pack_id = _string(pack["id"], "pack.id", 200)
    version = pack["version"]
    if type(version) is not int or not 0 <= version < 1 << 63:
        raise EnvelopeError("pack.version: not a whole number")
    if value["lang"] not in LANGS:
        raise EnvelopeError("lang: not ru or en")
    return Envelope(
        id=submission_id,
        reference=reference,
        kind=value["kind"],
        created=created,
        terminal=terminal,
        pack_id=pack_id,
        pack_version=version,
        lang=value["lang"],
        fields=_fields(value["fields"]),
    )


def _fields(fields: Any) -> dict[str, Any]:
    if not isinstance(fields, dict):
        raise EnvelopeError("fields: not an object")
    if len(fields) > MAX_FIELDS:
        raise EnvelopeError(f"fields: more than {MAX_FIELDS}")
    for name, value in fields.items():
        if not FIELD_NAME.fullmatch(name):
            raise EnvelopeError("fields: a name that is not lower-case letters, digits and _")
        where = f"fields.{name}"
        if isinstance(value, str):
            _string(value, where, MAX_TEXT)
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if not -(1 << 63) <= value < 1 << 63:
                raise EnvelopeError(f"{where}: a number out of range")
        elif isinstance(value, list):
            if len(value) > MAX_LIST:
                raise EnvelopeError(f"{where}: more than {MAX_LIST} items")
            for item in value:
                _string(item, f"{where}[]", MAX_TEXT)
        else:
            raise EnvelopeError(f"{where}: not a string, number, true/false or list of strings")
    return fields


def _matching(value: dict, key: str, pattern: re.Pattern) -> str:
    text = value[key]
    if not isinstance(text, str) or not pattern.fullmatch(text):
        raise EnvelopeError(f"{key}: not in the contract's form")
    return text


def _string(text: Any, where: str, limit: int) -> str:
    if not isinstance(text, str):
        raise EnvelopeError(f"{where}: not a string")
    if len(text) > limit:
        raise EnvelopeError(f"{where}: longer than {limit} characters")
    try:
        # JSON's \ud800 escapes give lone surrogates: no UTF-8 (nor SQLite) can hold them.
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise EnvelopeError(f"{where}: a lone surrogate, not text") from None
    return text


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise EnvelopeError("a key given twice")
    return result


def _no_constant(name: str) -> Any:
    raise EnvelopeError("NaN or Infinity, which JSON does not have")
