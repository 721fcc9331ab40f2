"""Telephone numbers: accept what staff write, keep a dialable form, refuse what is malformed."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-()\u00a0]")
_SHORT = re.compile(r"^\d{3}$")  # federal short numbers such as 122 or 112


class PhoneError(ValueError):
    pass


def normalize_phone(text: str) -> str:
    """'+7 (342) 270-11-20' or '8 800 100-00-01' -> '+73422701120' / '+78001000001'."""
    raw = str(text).strip()
    digits = _SEPARATORS.sub("", raw)
    if _SHORT.match(digits):
        return digits
    if digits.startswith("8") and len(digits) == 11 and digits.isdigit():
        digits = "+7" + digits[1:]
    if not re.fullmatch(r"\+7\d{10}", digits):
        raise PhoneError(
            f"'{raw}' is not a Russian phone number (write e.g. +7 342 123-45-67 or 8 800 ...)"
        )
    return digits
