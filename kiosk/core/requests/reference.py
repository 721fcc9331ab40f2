"""Reference numbers: what a citizen reads off the confirmation, says on the phone or copies
by hand, and what staff type to find a submission (`NGHK-8NBT`).

Eight symbols in two groups of four: seven random, the last a check symbol. The alphabet
leaves out every symbol that reads as another: 0 and O (and Q, an O with a small tail on a
slip), 1, I and L, and U (V). That leaves 29 symbols, a prime, so a weighted sum modulo 29
catches every single wrong symbol and every swap of two neighbours (see `_check`): a
mistyped reference is refused, never taken for somebody else's. 29**7 is about 1.7e10
references.

Typing is forgiving where the intent is plain: lower case, spaces, a missing or different
dash, and Cyrillic letters that look like Latin ones (staff hear "ка" and type К).
"""

from __future__ import annotations

from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKMNPRSTVWXYZ"
"""29 symbols: digits without 0 and 1, letters without I, L, O, Q and U."""
BASE = len(ALPHABET)
DATA_SYMBOLS = 7
LENGTH = DATA_SYMBOLS + 1
GROUP = 4

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}

_LOOKALIKES = {
    # Cyrillic letters drawn like Latin ones (lower case is upper-cased first), and З,
    # which is drawn like the digit 3; О only to be told that there is no O.
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "З": "3", "О": "O",
}  # fmt: skip
_SEPARATORS = frozenset(" \t-‐‑‒–—−_.")
_NEVER = frozenset("0OQ1IL U".replace(" ", ""))


class BadReference(ValueError):
    """Not a reference: the message says why (the text itself is not repeated)."""


def _check(values: list[int]) -> int:
    # Position i (from 1) weighs i; the check symbol at position 8 makes the sum 0 mod 29.
    # A wrong symbol at position i moves the sum by i*d, and a swap of neighbours a, b by
    # a - b: neither is 0 mod a prime larger than every weight and every difference.
    total = sum(weight * value for weight, value in enumerate(values, start=1))
    return (-total * pow(LENGTH, -1, BASE)) % BASE


def _grouped(symbols: str) -> str:
    return "-".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))


def new_reference(token_bytes: Callable[[int], bytes]) -> str:
    """A fresh reference from the caller's random source (`secrets.token_bytes` in the
    terminal, a seeded one in tests)."""
    values: list[int] = []
    while len(values) < DATA_SYMBOLS:
        for byte in token_bytes(DATA_SYMBOLS):
            # 232 = 8 * 29: the bytes above it are dropped, so every symbol is equally likely.
            if byte < 232 and len(values) < DATA_SYMBOLS:
                values.append(byte % BASE)
    values.append(_check(values))
    return _grouped("".join(ALPHABET[v] for v in values))


def is_reference(text: object) -> bool:
    """True for a reference exactly as written: upper case, the dash, a right check symbol."""
    if not isinstance(text, str) or len(text) != LENGTH + 1 or text[GROUP] != "-":
        return False
    symbols = text[:GROUP] + text[GROUP + 1 :]
    if any(symbol not in _VALUE for symbol in symbols):
        return False
    values = [_VALUE[symbol] for symbol in symbols]
    return _check(values[:-1]) == values[-1]


def parse_reference(text: str) -> str:
    """A reference as typed or read aloud, in its written form `XXXX-XXXX`.

    Raises BadReference for anything else, including a wrong check symbol."""
    if not isinstance(text, str) or len(text) > 40:
        raise BadReference("a reference is 8 symbols, such as NGHK-8NBT")
    symbols = []
    for char in text.upper():
        if char in _SEPARATORS:
            continue
        char = _LOOKALIKES.get(char, char)
        if char in _NEVER:
            raise BadReference(
                "a reference has no 0, O, Q, 1, I, L or U: check it against the slip"
            )
        if char not in _VALUE:
            raise BadReference("a reference has only the letters and digits of NGHK-8NBT")
        symbols.append(char)
    if len(symbols) != LENGTH:
        raise BadReference(f"a reference is {LENGTH} symbols, this has {len(symbols)}")
    values = [_VALUE[symbol] for symbol in symbols]
    if _check(values[:-1]) != values[-1]:
        raise BadReference("the reference's check symbol does not match: a symbol is wrong")
    return _grouped("".join(symbols))
