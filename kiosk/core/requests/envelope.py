"""The envelope: a submission's plaintext, the UTF-8 JSON that is sealed for the office.

    {"created": "2026-12-03T21:30:00Z", "fields": {...}, "format": "perm-kiosk-request/1",
     "id": "<32 hex>", "kind": "callback", "lang": "ru", "pack": {"id": ..., "version": ...},
     "reference": "NGHK-8NBT", "terminal": "perm-01"}

`make_envelope` writes it canonically (keys sorted, no spaces, UTF-8 as it is, no NaN), so
the same submission is always the same bytes. `read_envelope` reads it back as hostile bytes:
anyone with a pack holds the public key and can seal anything, so every way the bytes can be
wrong is an `EnvelopeError` (and only that), whose message names keys and rules, never a
value: a value may be what a citizen typed. docs/requests.md and request.schema.json describe
the same for an agency's own systems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from content.characters import hidden_characters
from kiosk.core.requests import kinds
from kiosk.core.requests.reference import is_reference
from kiosk.core.requests.validation import Problem, check

FORMAT = "perm-kiosk-request/1"
LANGS = ("ru", "en")
KEYS = frozenset(
    {"format", "id", "reference", "kind", "created", "terminal", "pack", "lang", "fields"}
)
PACK_KEYS = frozenset({"id", "version"})
MAX_ENVELOPE_BYTES = 64 * 1024
"""The largest form, every text at its limit in 4-byte emoji, is under 16 KiB."""
TERMINAL_LIMIT = 64
PACK_ID_LIMIT = 80

ID = re.compile(r"[0-9a-f]{32}")
CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
CREATED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class EnvelopeError(ValueError):
    """Not an envelope of the contract, or a form that may not be sent. The message says
    which key or field and why, never its value; `problems` holds a form's problems."""

    def __init__(self, message: str, problems: Mapping[str, Problem] | None = None):
        super().__init__(message)
        self.problems = dict(problems or {})


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
    fields: dict[str, Any] = field(default_factory=dict, repr=False)
    """Kind-specific (kinds.FIELDS): strings, ints, bools, lists of strings. Left out of the
    repr, so an envelope in a log or a traceback shows nothing a citizen typed."""

    @property
    def path(self) -> str:
        """Where the sealed file goes in a drop box or a USB export."""
        return drop_path(self.kind, self.created, self.id)

    def to_bytes(self) -> bytes:
        """The same bytes `make_envelope` wrote."""
        return _dump(self._document())

    def _document(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.id,
            "reference": self.reference,
            "kind": self.kind,
            "created": self.created.strftime(CREATED_FORMAT),
            "terminal": self.terminal,
            "pack": {"id": self.pack_id, "version": self.pack_version},
            "lang": self.lang,
            "fields": self.fields,
        }


def new_submission_id(token_bytes: Callable[[int], bytes]) -> str:
    """32 lowercase hex digits from the caller's random source (`secrets.token_bytes`)."""
    raw = token_bytes(16)
    if not isinstance(raw, bytes) or len(raw) != 16:
        raise EnvelopeError("the random source gave no 16 bytes")
    return raw.hex()


def drop_path(kind: str, created: datetime, submission_id: str) -> str:
    """`<kind>/<YYYY-MM-DD>/<id>.sealed`, the date that of `created` in UTC: the contract's
    layout of a drop box and a USB export."""
    return f"{kind}/{created.astimezone(UTC):%Y-%m-%d}/{submission_id}.sealed"


def make_envelope(
    kind: str,
    fields: Mapping[str, Any],
    *,
    reference: str,
    submission_id: str,
    created: datetime,
    terminal: str,
    pack_id: str,
    pack_version: int,
    lang: str,
) -> bytes:
    """The envelope of a form, canonical UTF-8 JSON. Raises EnvelopeError if the form has a
    problem (`check` without a reception: the form has checked the day already) or an
    argument is not as the contract says."""
    checked = check(kind, fields)
    if not checked.ok:
        raise EnvelopeError(_problems_message(checked.problems), checked.problems)
    if not isinstance(created, datetime) or created.utcoffset() is None:
        raise EnvelopeError("created must be a datetime with a time zone")
    envelope = Envelope(
        id=submission_id,
        reference=reference,
        kind=kind,
        created=created.astimezone(UTC).replace(microsecond=0),
        terminal=terminal,
        pack_id=pack_id,
        pack_version=pack_version,
        lang=lang,
        fields=checked.fields,
    )
    _check_head(envelope)
    return envelope.to_bytes()


def read_envelope(data: bytes) -> Envelope:
    """The envelope in `data` (a sealed file's plaintext), checked as strictly as it was
    written: each kind's fields as `check` wants them. Raises EnvelopeError, only."""
    try:
        return _read(data)
    except EnvelopeError:
        raise
    except Exception:  # a bug must not let hostile bytes through, nor crash the inbox
        raise EnvelopeError("the envelope cannot be read") from None


def _read(data: bytes) -> Envelope:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise EnvelopeError("an envelope is bytes")
    if len(data) > MAX_ENVELOPE_BYTES:
        raise EnvelopeError(f"the envelope is over {MAX_ENVELOPE_BYTES} bytes")
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise EnvelopeError("the envelope is not UTF-8") from None
    try:
        document = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_float=_no_float,
        )
    except (ValueError, RecursionError) as error:
        reason = str(error) if isinstance(error, EnvelopeError) else "it is not JSON"
        raise EnvelopeError(f"the envelope cannot be read: {reason}") from None
    if not isinstance(document, dict):
        raise EnvelopeError("the envelope is not a JSON object")
    if set(document) != KEYS:
        missing, extra = sorted(KEYS - set(document)), len(set(document) - KEYS)
        raise EnvelopeError(
            f"the envelope's keys are wrong: missing {missing or 'none'}, {extra} unknown"
        )
    if document["format"] != FORMAT:
        raise EnvelopeError(f"the envelope's format is not {FORMAT}")
    pack = document["pack"]
    if not isinstance(pack, dict) or set(pack) != PACK_KEYS:
        raise EnvelopeError('"pack" must be {"id": …, "version": …}')
    created = document["created"]
    if not isinstance(created, str) or not CREATED.fullmatch(created):
        raise EnvelopeError('"created" is not a UTC time written YYYY-MM-DDTHH:MM:SSZ')
    try:
        when = datetime.strptime(created, CREATED_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise EnvelopeError('"created" is not a real date and time') from None
    envelope = Envelope(
        id=document["id"],
        reference=document["reference"],
        kind=document["kind"],
        created=when,
        terminal=document["terminal"],
        pack_id=pack["id"],
        pack_version=pack["version"],
        lang=document["lang"],
        fields=document["fields"],
    )
    _check_head(envelope)
    if not isinstance(envelope.fields, dict):
        raise EnvelopeError('"fields" is not a JSON object')
    checked = check(envelope.kind, envelope.fields)
    if not checked.ok:
        raise EnvelopeError(_problems_message(checked.problems), checked.problems)
    if checked.fields != envelope.fields:
        # What a terminal writes is already clean: a phone as +7..., no empty fields.
        raise EnvelopeError('"fields" are not as a terminal writes them (not normalised)')
    return envelope


def _check_head(envelope: Envelope) -> None:
    """Everything but the fields, as the contract says; raises EnvelopeError."""
    if not isinstance(envelope.id, str) or not ID.fullmatch(envelope.id):
        raise EnvelopeError('"id" is not 32 lowercase hex digits')
    if not is_reference(envelope.reference):
        raise EnvelopeError('"reference" is not a reference with a right check symbol')
    if envelope.kind not in kinds.KINDS:
        raise EnvelopeError(f'"kind" is not one of {", ".join(kinds.KINDS)}')
    _plain(envelope.terminal, '"terminal"', TERMINAL_LIMIT, empty=True)
    _plain(envelope.pack_id, '"pack" "id"', PACK_ID_LIMIT, empty=False)
    version = envelope.pack_version
    if type(version) is not int or not 0 <= version < 2**63:
        raise EnvelopeError('"pack" "version" is not a whole number from 0')
    if envelope.lang not in LANGS:
        raise EnvelopeError(f'"lang" is not one of {", ".join(LANGS)}')


def _plain(value: object, what: str, limit: int, *, empty: bool) -> None:
    if not isinstance(value, str) or len(value) > limit or (not empty and not value):
        raise EnvelopeError(f"{what} is not a text of {0 if empty else 1} to {limit} characters")
    if "\n" in value or "\t" in value or next(hidden_characters(value), None) is not None:
        raise EnvelopeError(f"{what} holds a control or invisible character")


def _problems_message(problems: Mapping[str, Problem]) -> str:
    # Field names come from kinds.FIELDS or FIELD_NAME: safe to show; the msgids are ours.
    parts = [f"{name or 'the form'}: {problem.msgid}" for name, problem in problems.items()]
    return "the form has problems: " + "; ".join(sorted(parts))


def _dump(document: dict[str, Any]) -> bytes:
    return json.dumps(
        document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise EnvelopeError("a key is given twice")
    return result


def _no_constant(name: str) -> Any:
    raise EnvelopeError("NaN and Infinity are not JSON")


def _no_float(text: str) -> Any:
    raise EnvelopeError("no value of an envelope is a fraction")
