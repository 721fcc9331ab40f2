"""The pictograms' names: what a category's `icon` may say, and the app's main actions.

Each name stands for one icon of Material Design Icons (Pictogrammers; the icons and the
font under the Apache License 2.0), the set the terminal ships as a font (the package
fonticon-materialdesignicons7; kiosk/app/pictograms.py draws them, docs/pictograms.md says
where they come from). One set, so that every pictogram is drawn in the same hand. The
names here are the content's own, so a pack never names a font's glyph: another set could
replace this one by changing the right-hand side alone.
"""

from __future__ import annotations

PICTOGRAMS: dict[str, str] = {
    # What a category's `icon` may name (content/demo/categories.yaml).
    "family": "human-male-female-child",
    "older": "human-cane",
    "disability": "wheelchair",
    "wallet": "wallet",
    "medal": "medal",
    "house": "home-city",
    "work": "briefcase",
    "health": "heart-pulse",
    "digital": "laptop",
    # The app's main actions, beside their words.
    "print": "printer",
    "my_list": "format-list-checks",
    "add_to_list": "playlist-plus",
    "remove_from_list": "playlist-minus",
    "read_aloud": "volume-high",
    "stop_reading": "volume-off",
    "pause": "pause",
    "resume": "play",
    "repeat": "replay",
    "slower": "tortoise",
    "faster": "rabbit",
    "quieter": "volume-minus",
    "louder": "volume-plus",
    "finder": "account-question",
    "agencies": "office-building",
    "events": "calendar-month",
    "search": "magnify",
}
"""Pictogram name -> the icon's name in Material Design Icons."""


def known_pictogram(name: str | None) -> bool:
    """True if `name` is one of the pictograms (a category's `icon` that will be drawn)."""
    return bool(name) and name in PICTOGRAMS
