"""What a visitor typed, forgotten between visitors (issue 15).

The search field empties itself with its undo history (`SealedInput.forget()`, called by
its screen's reset), and no text field copies to a clipboard. What is left of the typed
text lies where it is kept by the text itself: Kivy's caches of a text field's lines and
their widths, the words the search has stemmed and counted, and the system clipboard,
which the app never writes but something else on the terminal may have. The sizes of
words (word_widths.py) never hold a field's text.
"""

from __future__ import annotations

import logging

from kivy.cache import Cache

from content.pack.reader import Pack

log = logging.getLogger("kiosk.app")

TEXT_CACHES = ("textinput.label", "textinput.width")
"""Kivy's caches keyed by a text field's text: each line's texture, each piece's width. The
other categories of kivy.cache.Cache are keyed by file names and kv rules."""


def forget_typed_text(pack: Pack) -> None:
    """Forget everything kept by what a visitor typed; call after the screens' reset."""
    for category in TEXT_CACHES:
        Cache.remove(category)  # the textures of a field's old lines go with them
    pack.forget_searches()
    empty_clipboard()


def empty_clipboard() -> None:
    """Leave nothing on the system clipboard, nor on X11's primary selection."""
    from kivy.core.clipboard import Clipboard, CutBuffer

    try:
        if Clipboard is not None:
            Clipboard.put(b"", "text/plain")  # Clipboard.copy("") leaves the old text
        if CutBuffer is not None:
            CutBuffer.set_cutbuffer("")
    except Exception as exc:  # a clipboard tool that fails must not stop the reset
        log.warning("could not empty the clipboard (%s); the reset goes on", type(exc).__name__)
