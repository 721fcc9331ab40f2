"""Hostile and broken content packs: named damage recipes for a freshly built pack.

Each recipe is a way a pack file has been (or could be) made to hurt a terminal: SQL run on
a copy of the demo pack, or an edit of its bytes; and what must happen to it:

- `opens`: the error `content.pack.reader.open_pack` raises (a PackError class name), or None
  when the pack opens and the reader leaves the bad part out (an unsafe address becomes
  None; a damaged row is a MalformedPackError when read);
- `words`: part of the message with which open_pack (when it refuses), `kiosk content
  info`, `kiosk pack publish` and the installation of a sync all refuse it.

tests/integration/test_hostile_packs.py runs every recipe through open_pack, publish and a
sync, and tests/integration/test_hostile_pack_commands.py through `kiosk content info` and
`kiosk run`. To add a case, append a Recipe to RECIPES: a name that says what the damage
is, the damage, and what must happen. SQL runs with `PRAGMA writable_schema` off, through
Python's sqlite3, in order; a function gets the pack's path and edits the file.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Recipe:
    name: str
    damage: tuple[str, ...] | Callable[[Path], None]
    opens: str | None
    """The PackError class open_pack raises, or None if the pack opens."""
    words: str
    """Words of every refusal of this pack."""

    def apply(self, path: Path) -> None:
        if callable(self.damage):
            self.damage(path)
            return
        conn = sqlite3.connect(path)
        try:
            with conn:
                for statement in self.damage:
                    conn.execute(statement)
        finally:
            conn.close()


def damaged_copy(pack: Path, folder: Path, recipe: Recipe) -> Path:
    """A copy of `pack` in `folder` with the recipe's damage done to it."""
    target = folder / "damaged.sqlite"
    shutil.copyfile(_damaged_once(Path(pack), recipe), target)
    return target


@functools.cache
def _damaged_once(pack: Path, recipe: Recipe) -> Path:
    """The recipe's damage done once a process to a copy of `pack`: three tests and two
    commands take each recipe, and doing the damage (SQL on the whole pack, a 100 MB
    string) took about 40 ms where a copy of its result takes 1-2. Every test still gets a
    copy of its own to open, install or break further. The recipes are deterministic."""
    key = hashlib.sha256(f"{pack}\0{recipe.name}".encode()).hexdigest()[:16]
    target = Path(_cache_folder()) / f"{key}.sqlite"
    shutil.copyfile(pack, target)
    recipe.apply(target)
    return target


@functools.cache
def _cache_folder() -> str:
    folder = tempfile.mkdtemp(prefix="hostile-packs-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _recreate(table: str, columns: str) -> tuple[str, ...]:
    """Statements that give `table` new column definitions, keeping its rows."""
    return (
        f"CREATE TABLE new_{table} ({columns})",
        f"INSERT INTO new_{table} SELECT * FROM {table}",
        f"DROP TABLE {table}",
        f"ALTER TABLE new_{table} RENAME TO {table}",
    )


def _junk(path: Path) -> None:
    path.write_bytes(b"this was a content pack until a disk fault wrote over it\n" * 2000)


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _trash(path: Path, table: str, indexes: bool = False) -> None:
    """0xFF over the first page of `table` (and of its indexes): a disk fault SQLite meets
    only when it reads there."""
    conn = sqlite3.connect(path)
    try:
        (size,) = conn.execute("PRAGMA page_size").fetchone()
        roots = [
            root
            for (root,) in conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE rootpage > 0 AND "
                + ("tbl_name = ?" if indexes else "name = ?"),
                (table,),
            )
        ]
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        data[(root - 1) * size : root * size] = b"\xff" * size
    path.write_bytes(bytes(data))


FOREVER = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)"
SERVICE = "large-family-status"

RECIPES = [
    # issue 15, item 5: `content info` and the app hung on the first touch; publish and sync
    # took it, for the integrity check passes.
    Recipe(
        "categories replaced by a recursive view",
        (
            "DROP TABLE categories",
            "CREATE VIEW categories(id, position, icon, title_ru, title_en, description_ru, "
            f"description_en) AS {FOREVER} SELECT 'c' || x, x, '', 't', 't', 'd', 'd' FROM r",
        ),
        "MalformedPackError",
        "'categories' is a view, not a table",
    ),
    Recipe(
        "a view beside the tables",
        ("CREATE VIEW everything AS SELECT * FROM services, agencies",),
        "MalformedPackError",
        "the pack has a view 'everything'",
    ),
    Recipe(
        "a trigger",
        ("CREATE TRIGGER wipe AFTER UPDATE ON meta BEGIN DELETE FROM services; END",),
        "MalformedPackError",
        "the pack has a trigger 'wipe'",
    ),
    # issue 15, item 9: tracebacks in `content info` and `kiosk run`.
    Recipe(
        "meta version is not a number",
        ("UPDATE meta SET value = 'abc' WHERE key = 'version'",),
        "MalformedPackError",
        "meta 'version' is 'abc', not a whole number",
    ),
    Recipe(
        "meta without pack_id",
        ("DELETE FROM meta WHERE key = 'pack_id'",),
        "MalformedPackError",
        "meta 'pack_id' is missing",
    ),
    Recipe(
        "meta schema_version from the future",
        ("UPDATE meta SET value = '99' WHERE key = 'schema_version'",),
        "FutureSchemaError",
        "update the kiosk software",
    ),
    Recipe(
        "meta allowed_hosts lets in a whole top-level domain",
        ("UPDATE meta SET value = value || ',ru' WHERE key = 'allowed_hosts'",),
        "MalformedPackError",
        "meta 'allowed_hosts' has 'ru'",
    ),
    Recipe(
        "meta created_at is not a date",
        ("UPDATE meta SET value = 'last Tuesday' WHERE key = 'created_at'",),
        "MalformedPackError",
        "meta 'created_at' is 'last Tuesday', not a date and time",
    ),
    # issue 15, item 4: junk written over pack/current.sqlite.
    Recipe("junk over the whole file", _junk, "MalformedPackError", "not an SQLite file"),
    Recipe("cut in half", _cut_in_half, "MalformedPackError", "the file is cut short"),
    Recipe(
        "an unknown table",
        ("CREATE TABLE secrets (x TEXT)",),
        "MalformedPackError",
        "the pack has an unexpected table 'secrets'",
    ),
    Recipe(
        "a table missing",
        ("DROP TABLE required_documents",),
        "MalformedPackError",
        "the pack lacks the table 'required_documents'",
    ),
    Recipe(
        "an extra column",
        ("ALTER TABLE agencies ADD COLUMN notes TEXT",),
        "MalformedPackError",
        "table 'agencies' has a column 'notes'",
    ),
    Recipe(
        "a generated column that makes a 100 MB string a row",
        (
            "CREATE TABLE new_districts (id TEXT PRIMARY KEY, position INTEGER, name_ru TEXT, "
            "name_en TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL)",
            "INSERT INTO new_districts (id, position, name_ru) "
            "SELECT id, position, name_ru FROM districts",
            "DROP TABLE districts",
            "ALTER TABLE new_districts RENAME TO districts",
        ),
        "MalformedPackError",
        "table 'districts' column 'name_en' is computed",
    ),
    Recipe(
        "a column of another type",
        _recreate("districts", "id TEXT PRIMARY KEY, position TEXT, name_ru TEXT, name_en TEXT"),
        "MalformedPackError",
        "table 'districts' column 'position' is TEXT, not INTEGER",
    ),
    Recipe(
        "a check constraint that runs on every row",
        _recreate(
            "districts",
            "id TEXT PRIMARY KEY, position INTEGER, name_ru TEXT, "
            "name_en TEXT CHECK (length(printf('%.*c', 100000000, 'x')) > 0)",
        ),
        "MalformedPackError",
        "'districts' is not made as the builder makes it (CHECK)",
    ),
    Recipe(
        "a table without rowid",
        (
            "CREATE TABLE new_synonyms (group_id INTEGER, lang TEXT, term TEXT, "
            "PRIMARY KEY (group_id, lang, term)) WITHOUT ROWID",
            "INSERT OR IGNORE INTO new_synonyms SELECT * FROM synonyms",
            "DROP TABLE synonyms",
            "ALTER TABLE new_synonyms RENAME TO synonyms",
        ),
        "MalformedPackError",
        "'synonyms' is not a plain table",
    ),
    Recipe(
        "an index on an expression",
        ("CREATE INDEX slow ON services (printf('%.*c', 1000000, name_ru))",),
        "MalformedPackError",
        "the index 'slow' is not made as the builder makes it",
    ),
    Recipe(
        "a full-text index over another table",
        (
            "DROP TABLE search_head",
            "CREATE VIRTUAL TABLE search_head USING fts5(title, keywords, content='services', "
            "tokenize='unicode61 remove_diacritics 0')",
        ),
        "MalformedPackError",
        "'search_head' is not the full-text index the builder makes",
    ),
    # issue 15, item 2: the reader hands out no address off the allowlist; publish and
    # install refuse the pack, naming the table, the row and the address.
    Recipe(
        "a service address that a browser reads as another host",
        (
            "UPDATE services SET apply_online = 'https://evil.example\\@www.gosuslugi.ru/' "
            f"WHERE id = '{SERVICE}'",
        ),
        None,
        f"services '{SERVICE}' apply_online: 'https://evil.example\\\\@www.gosuslugi.ru/'",
    ),
    Recipe(
        "an agency website off the allowlist",
        ("UPDATE agencies SET website = 'https://gosuslugi.ru.evil.example/' WHERE rowid = 1",),
        None,
        "the host 'gosuslugi.ru.evil.example' is not on the pack's allowed_hosts list",
    ),
    Recipe(
        "an event address over http",
        ("UPDATE events SET url = 'http://www.gosuslugi.ru/' WHERE rowid = 1",),
        None,
        "must be an https:// address",
    ),
    # Values of the wrong type, rules that do not parse, pages that do not read: the pack
    # opens (finding them would read every row), the reader names them when it meets them.
    Recipe(
        "an indexed item lost from search_items (make fuzz found it as a flipped bit)",
        ("DELETE FROM search_items WHERE rowid = (SELECT min(rowid) FROM search_items)",),
        None,
        "not in search_items",
    ),
    Recipe(
        "binary data for a service name",
        (f"UPDATE services SET name_ru = x'00ff00ff' WHERE id = '{SERVICE}'",),
        None,
        "binary data in 'name_ru'",
    ),
    Recipe(
        "an eligibility rule that is not JSON",
        (f"UPDATE services SET eligibility_rule = '{{\"all\": [' WHERE id = '{SERVICE}'",),
        None,
        f"the eligibility rule of service '{SERVICE}' does not parse",
    ),
    # issue 17: the office's key is what every request is sealed to; one that cannot seal
    # would take a citizen's form and fail at the end, and a key without the consent text
    # would take personal data with no consent asked.
    Recipe(
        "meta inbox_public_key of small order (nothing can be sealed to it)",
        (f"UPDATE meta SET value = '{'A' * 43}=' WHERE key = 'inbox_public_key'",),
        "MalformedPackError",
        "meta 'inbox_public_key' is a key of small order",
    ),
    Recipe(
        "meta inbox_public_key in the URL-safe alphabet",
        (
            "UPDATE meta SET value = replace(replace(value, '+', '-'), '/', '_') || 'x' "
            "WHERE key = 'inbox_public_key'",
        ),
        "MalformedPackError",
        "meta 'inbox_public_key' is 45 characters long, not 44",
    ),
    Recipe(
        "meta inbox_public_key without the consent text",
        ("DELETE FROM meta WHERE key LIKE 'consent%'",),
        "MalformedPackError",
        "meta 'inbox_public_key' is there without the consent text",
    ),
    Recipe(
        "the consent text without one of its parts",
        ("DELETE FROM meta WHERE key = 'consent_withdrawal_ru'",),
        "MalformedPackError",
        "meta 'consent_withdrawal_ru' is missing",
    ),
    Recipe(
        "a schema version 2 pack without agency_requests",
        ("DROP TABLE agency_requests",),
        "MalformedPackError",
        "the pack lacks the table 'agency_requests'",
    ),
    Recipe(
        "a schema version 1 pack with agency_requests",
        ("UPDATE meta SET value = '1' WHERE key = 'schema_version'",),
        "MalformedPackError",
        "the pack has an unexpected table 'agency_requests'",
    ),
    Recipe(
        "an agency request of a kind the format does not have",
        ("UPDATE agency_requests SET kind = 'about_me' WHERE kind = 'rating'",),
        None,
        "'about_me' is a kind of request the format does not have",
    ),
    Recipe(
        "an agency called back within a year",
        ("UPDATE agency_requests SET call_back_within_days = 365 WHERE kind = 'callback'",),
        None,
        "callback is called back within 365 working days, not 1 to 20",
    ),
    Recipe(
        "an agency request of an agency not in the pack",
        ("UPDATE agency_requests SET agency_id = 'ghost' WHERE rowid = 1",),
        None,
        "agency_requests names the agency 'ghost', which is not in the pack",
    ),
    Recipe(
        "the services table's first page overwritten",
        lambda path: _trash(path, "services"),
        None,
        "damaged",
    ),
    Recipe(
        "the first pages of the events table and its indexes overwritten",
        lambda path: _trash(path, "events", indexes=True),
        None,
        "damaged",
    ),
]
