"""The one translator every user-facing string goes through.

The source strings are Russian. For now `_()` returns them unchanged; gettext catalogues and a
language switch replace this one function in the next issue, so keep every call site as
`_("…")` with a literal string that a message extractor can find.
"""

from __future__ import annotations


def _(text: str) -> str:
    """`text` in the kiosk's current language (for now: the Russian source string)."""
    return text
