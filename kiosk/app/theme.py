"""Loads theme.kv, the shared widgets' look; the live colours and sizes are `T`.

Import this before loading a screen's .kv: the screens use the theme's widget classes.
`T` (kiosk/app/live_theme.py) holds the current colours and font sizes; .kv files bind to it.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

from kiosk.app.live_theme import T  # noqa: F401  (re-exported: `from kiosk.app.theme import T`)


def load_kv(module_file: str) -> None:
    """Load the .kv file that sits beside `module_file` (home.py -> home.kv), once."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)


from kiosk.app import layouts, widgets  # noqa: E402, F401  (registers the classes theme.kv styles)

load_kv(__file__)
