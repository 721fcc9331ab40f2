"""A no-op marker for user-facing strings in the pure core, so an extractor can find them.

The core keeps Russian source strings (msgids) untranslated; the UI passes them through
gettext at display time. The message extractor looks for `N_(` as well as `_(`.
"""


def N_(message: str) -> str:
    """Return `message` unchanged; only marks it for extraction."""
    return message
