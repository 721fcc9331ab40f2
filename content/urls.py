"""Which web addresses may be shown, printed or turned into a QR code. Pure.

A QR code sends a visitor's phone somewhere they cannot see before they go, so only https
addresses on an official host that the content staff listed (pack.yaml `allowed_hosts`)
qualify. The host that counts is the one a browser goes to, and browsers parse addresses
by the WHATWG URL standard, not by Python's `urlsplit`: `https://evil.example\\@gosuslugi.ru/`
is `gosuslugi.ru` to urlsplit and `evil.example` to a phone. So the host is taken from
ada-url (a maintained WHATWG parser, the one Node.js uses), and an address that Python's
parser (which our own display and printing code uses) reads with another host is refused
as well, as is anything a person could not read the same way: spaces, control and
invisible characters, backslashes, a user name before the host, an IP address.

One check for every path: the validator (content.publisher.fields), the HSDS import, the pack reader
(content.pack.reader), the screens' QR codes (content.presentation.links) and the printouts'
(printouts.pieces).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

import ada_url

MAX_URL_LENGTH = 2000
"""Longer than any official page's address; a QR code of it would not scan from paper."""


class UnsafeUrl(ValueError):
    """An address that must not be shown or printed; the message says why in plain words."""


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """True if `host` (ASCII, as url_host gives it) is an allowed host or below one."""
    host = host.lower().rstrip(".")
    return any(host == ok or host.endswith("." + ok) for ok in allowed_ascii(tuple(allowed)))


@lru_cache(maxsize=64)  # one allowlist a pack; spelling it anew was a third of check_url
def allowed_ascii(allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The allowlist as browsers spell hosts: lower case, punycode for Cyrillic names."""
    return tuple(_ascii_host(h) for h in allowed if h)


def _ascii_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return ada_url.idna_to_ascii(host).decode("ascii")
    except (ValueError, UnicodeError):
        return host  # matches nothing a browser would produce


def check_allowed_host(entry: str) -> str:
    """One entry of pack.yaml's allowed_hosts: a site name such as 'gosuslugi.ru'.

    Refused: a bare top-level domain ('ru' would let every .ru site in), wildcards, an
    address instead of a name, and anything ada-url does not read as a domain.
    """
    value = str(entry).strip().lower().rstrip(".")
    if not value:
        raise UnsafeUrl("an empty host name")
    if "/" in value or ":" in value or "@" in value or "*" in value:
        raise UnsafeUrl(f"{_quoted(value)} should be a site name only, such as gosuslugi.ru")
    _check_characters(value)
    try:
        parsed = ada_url.URL(f"https://{value}/")
    except ValueError:
        raise UnsafeUrl(f"{_quoted(value)} is not a valid site name") from None
    if parsed.host_type != ada_url.HostType.DEFAULT or parsed.hostname != _ascii_host(value):
        raise UnsafeUrl(f"{_quoted(value)} is not a valid site name")
    labels = parsed.hostname.split(".")
    if not all(labels):
        raise UnsafeUrl(f"{_quoted(value)} is not a valid site name")
    if len(labels) < 2:
        raise UnsafeUrl(
            f"{_quoted(value)} is a whole top-level domain; name the site, e.g. gosuslugi.ru"
        )
    return value


def check_url(value: str, allowed: Iterable[str]) -> str:
    """`value` if a visitor may be sent there; else UnsafeUrl with the reason."""
    if not isinstance(value, str) or not value:
        raise UnsafeUrl("an empty address")
    if len(value) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"the address is {len(value)} characters long (at most {MAX_URL_LENGTH})")
    _check_characters(value)
    try:
        parsed = ada_url.URL(value)
    except ValueError:
        raise UnsafeUrl(f"{_quoted(value)} is not a valid web address") from None
    if parsed.protocol != "https:":
        raise UnsafeUrl(f"{_quoted(value)} must be an https:// address")
    if parsed.username or parsed.password:
        raise UnsafeUrl(
            f"{_quoted(value)} has a user name before the host ('…@'): write the site only"
        )
    host = parsed.hostname.rstrip(".")
    if parsed.host_type != ada_url.HostType.DEFAULT:
        raise UnsafeUrl(f"{_quoted(value)} names an IP address, not a site")
    if _python_host(value) != host:
        raise UnsafeUrl(
            f"{_quoted(value)} is read differently by browsers (host {_quoted(host)}): "
            "write it plainly"
        )
    if not host_allowed(host, allowed):
        raise UnsafeUrl(
            f"the host {_quoted(_shown_host(host))} is not on the pack's allowed_hosts list"
        )
    return value


def safe_url(value: str | None, allowed: Iterable[str]) -> str:
    """`value` if check_url passes, else '' (readers and QR codes: never raise)."""
    if not value:
        return ""
    try:
        return check_url(value, allowed)
    except UnsafeUrl:
        return ""


def url_host(value: str) -> str | None:
    """The host a browser would go to (ASCII, no trailing dot), or None if not a web address."""
    try:
        return ada_url.URL(value).hostname.rstrip(".") or None
    except ValueError:
        return None


def _check_characters(value: str) -> None:
    for position, char in enumerate(value, start=1):
        if char == "\\":
            raise UnsafeUrl(f"{_quoted(value)} has a backslash (\\) at {position}: write /")
        category = unicodedata.category(char)
        # Cc control, Cf invisible format (bidi overrides, zero-width), Z* spaces.
        if category in ("Cc", "Cf", "Co", "Cs", "Cn") or category.startswith("Z"):
            raise UnsafeUrl(
                f"{_quoted(value)} has a space or invisible character (U+{ord(char):04X}) "
                f"at {position}"
            )


def _python_host(value: str) -> str | None:
    """The host as urlsplit reads it, spelled as ada-url spells hosts."""
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    return _ascii_host(host) if host else None


def _shown_host(host: str) -> str:
    try:
        return ada_url.idna_to_unicode(host)
    except (ValueError, UnicodeError):
        return host


def _quoted(value: str, limit: int = 80) -> str:
    """`value` in quotes for a message: invisible characters as \\uXXXX, cut at `limit`."""
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
    return f"'{shown[:limit]}…'" if len(shown) > limit else f"'{shown}'"
