"""Has a newer pack been installed where the app's pack lives? Kivy-free.

Installing a pack (kiosk sync, kiosk import) renames a complete, checked file over the old
path, which gives the path a new inode. The app notes the file it opened and, at the next
session reset, asks `changed()`; it never swaps in the middle of a visitor's session.
"""

from __future__ import annotations

import os
from pathlib import Path


def _signature(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # gone for a moment (mid-rename) or never there: nothing to swap to
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class PackFile:
    """The installed pack's path and the identity of the file last opened from it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._opened = _signature(self.path)

    def changed(self) -> bool:
        """True when a different file now sits at the path."""
        now = _signature(self.path)
        return now is not None and now != self._opened

    def remember(self) -> None:
        """The file at the path now is the one in use (or was refused): stop reporting it."""
        self._opened = _signature(self.path)
