"""Which addresses may become a QR code: https, and a host on the pack's allowlist. Kivy-free.

A QR code sends a visitor's phone somewhere they cannot see before they go; only official
sites the content staff listed in the pack (pack.yaml `allowed_hosts`) qualify.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from content.fields import host_allowed


def qr_address(url: str | None, allowed_hosts: tuple[str, ...]) -> str:
    """`url` if a phone may be sent there, else ''."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return ""
    return url if host_allowed(parts.hostname.lower(), allowed_hosts) else ""
