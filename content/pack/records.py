"""How the rows the reader reads become Records: what the screens and the printouts are given.

A Record is a dict. Its multilingual columns (name_ru, name_en) are joined into one Text under
their common name; every value must be of its column's type in the format
(content.pack.format), so that damage is a named error where it is met rather than a wrong
type on a screen; and a web address goes through the caller's check against the pack's
allowed hosts, which hands it out or replaces it with None.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from content.model import Text
from content.pack import format as fmt


class Record(dict):
    """A row with its multilingual columns joined: row['name'] is a Text."""

    def text(self, name: str, lang: str) -> str:
        value = self.get(name)
        return value.get(lang) if isinstance(value, Text) else (value or "")


def _column_types() -> dict[str, type]:
    types: dict[str, type] = {}
    for spec in fmt.TABLES.values():
        for name, kind in spec["columns"].items():
            assert types.setdefault(name, kind) is kind, f"column {name} has two types"
    return types


COLUMN_TYPES = _column_types()
"""Every column name of the format and its type: a name means the same in every table."""

URL_NAMES = frozenset(c for columns in fmt.URL_COLUMNS.values() for c in columns)

TYPES = {str: {str, type(None)}, int: {int, type(None)}, float: {float, int, type(None)}}
"""What SQLite may hand back for a column of each type: NULL, or a value of that type."""
KINDS = {bytes: "binary data", int: "a number", float: "a number", str: "text"}
"""A value's type as a message names it."""
TEXT, URL, PLAIN = "text", "url", "plain"


@functools.lru_cache(maxsize=256)
def _plan(names: tuple[str, ...]) -> tuple[tuple, tuple]:
    """How a row with these columns becomes a Record, worked out once per query shape:
    (key, column, English column, how) for each key, and the types each column may hold."""
    index = {name: i for i, name in enumerate(names)}
    steps = []
    for i, name in enumerate(names):
        if name.endswith("_en") and name[:-3] + "_ru" in index:
            continue  # joined to its Russian column
        if name.endswith("_ru"):
            steps.append((name[:-3], i, index.get(name[:-3] + "_en"), TEXT))
        else:
            steps.append((name, i, None, URL if name in URL_NAMES else PLAIN))
    checks = tuple(
        (i, name, TYPES[COLUMN_TYPES[name]]) for i, name in enumerate(names) if name in COLUMN_TYPES
    )
    return tuple(steps), checks


def to_record(
    names: Sequence[str], values: Sequence, path: Path, address: Callable[[str], str | None]
) -> Record:
    """One row (`values` of the columns `names`) as a Record; MalformedPackError, naming the
    column and the row, for a value of the wrong type. `address(value)` is what a web
    address becomes."""
    steps, checks = _plan(tuple(names))
    for i, name, types in checks:
        if type(values[i]) not in types:
            raise fmt.MalformedPackError(
                f"{path}: the pack is damaged: {KINDS.get(type(values[i]), 'a value')} in "
                f"'{name}' of {_row_name(names, values)}"
            )
    record = Record()
    for key, i, en, how in steps:
        value = values[i]
        if how is TEXT:
            record[key] = Text(value, None if en is None else values[en]) if value else None
        elif how is URL and value:
            record[key] = address(value)
        else:
            record[key] = value
    return record


def _row_name(names, values) -> str:
    row = dict(zip(names, values, strict=True))
    return f"row '{row['id']}'" if isinstance(row.get("id"), str) else "a row"
