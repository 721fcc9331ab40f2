"""What a visitor sees when a screen fails: an apology and the way back. The log has the rest."""

from __future__ import annotations

from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen

theme.load_kv(__file__)


class ErrorScreen(KioskScreen):
    """Says sorry in plain words; Home (in the bottom bar and here) always works."""
