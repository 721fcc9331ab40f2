"""The region's subsistence minimum in pack.yaml: the figures the benefit finder compares a
household's income per person with (content.rules.derive).

    subsistence_minimum:
      year: 2026
      per_capita: 17424     # roubles a month, per person
      working_age: 18992
      pensioner: 14985
      child: 16901
      source: https://...   # the resolution that sets them
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.rules import Minimums

if TYPE_CHECKING:
    from content.publisher.fields import Fields
    from content.publisher.sources import Folder

FIGURES = ("per_capita", "working_age", "pensioner", "child")
LARGEST = 1_000_000
"""No region's monthly minimum comes near a million roubles: a larger figure is a typo."""


def read_minimums(folder: Folder, f: Fields) -> Minimums | None:
    """The pack's `subsistence_minimum`, or None (missing, or wrong: then a problem says so)."""
    if not f.has("subsistence_minimum"):
        return None
    data = f.data["subsistence_minimum"]
    if not isinstance(data, dict):
        f.error(
            "subsistence_minimum",
            "'subsistence_minimum' should be its figures: year, "
            + ", ".join(FIGURES)
            + " and source",
        )
        return None
    m = folder.fields(data, f.path, "the subsistence minimum")
    m.only("year", *FIGURES, "source")
    m.url("source", required=True)
    values = {}
    for key in ("year", *FIGURES):
        value = data.get(key)
        low, high = (2000, 2100) if key == "year" else (1, LARGEST)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            m.error(
                key if key in data else None,
                f"'{key}' should be a whole number from {low} to {high}",
            )
            return None
        values[key] = value
    return Minimums(**values)
