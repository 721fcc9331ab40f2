"""Which addresses may become a QR code on screen: content.urls decides. Kivy-free.

A QR code sends a visitor's phone somewhere they cannot see before they go; only https
addresses on an official site the content staff listed in the pack (pack.yaml
`allowed_hosts`) qualify, with the host as a phone's browser reads it.
"""

from __future__ import annotations

from content.urls import safe_url


def qr_address(url: str | None, allowed_hosts: tuple[str, ...]) -> str:
    """`url` if a phone may be sent there, else ''."""
    return safe_url(url, allowed_hosts)
