"""Loads theme.kv, the one place for colours, font sizes, touch sizes and shared widgets.

Import this before loading a screen's .kv: the screens use the theme's constants and widget
classes. Loading happens once, on first import.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

from kiosk.app import widgets  # noqa: F401  (registers the classes theme.kv styles)


def load_kv(module_file: str) -> None:
    """Load the .kv file that sits beside `module_file` (home.py -> home.kv)."""
    Builder.load_file(str(Path(module_file).with_suffix(".kv")))


load_kv(__file__)
