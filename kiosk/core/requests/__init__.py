"""The request model of issue 17: what a citizen can send from the terminal, checked and put
in an envelope. Pure: no Kivy, no I/O but reading its own JSON Schema.

- `kinds`: the six kinds and their fields (which are personal data);
- `validation`: `check(kind, fields, reception=…)`, a problem per field, never raising;
  `from_texts` types `name=value` texts (the command line) as a kind wants;
- `reference`: short reference numbers with a check symbol;
- `envelope`: `make_envelope` and `read_envelope`, the plaintext that is sealed;
- `request.schema.json` (`schema()`): the same as a JSON Schema, for an agency's own systems.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from kiosk.core.requests.envelope import (
    FORMAT,
    Envelope,
    EnvelopeError,
    drop_path,
    make_envelope,
    new_submission_id,
    read_envelope,
)
from kiosk.core.requests.kinds import FIELDS, KINDS, always_personal, has_personal_data
from kiosk.core.requests.reference import BadReference, new_reference, parse_reference
from kiosk.core.requests.validation import FORM, Checked, Problem, Reception, check, from_texts

SCHEMA_FILE = "request.schema.json"

__all__ = [
    "FIELDS",
    "FORM",
    "FORMAT",
    "KINDS",
    "BadReference",
    "Checked",
    "Envelope",
    "EnvelopeError",
    "Problem",
    "Reception",
    "always_personal",
    "check",
    "drop_path",
    "from_texts",
    "has_personal_data",
    "make_envelope",
    "new_reference",
    "new_submission_id",
    "parse_reference",
    "read_envelope",
    "schema",
]


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of an envelope and of each kind's fields."""
    return json.loads(files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
