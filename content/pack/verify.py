"""The whole check of a pack, made before it is published or installed (`verify_pack`).

Beyond what opening a pack checks (content.pack.opening, which checks the metadata, the
office's key among them): SQLite's integrity check, a value of its column's type in every
row and every text UTF-8, the whole of both full-text indexes, every eligibility rule, every
agency's request settings, and every web address against the pack's allowed hosts. Publishing
makes the same check as installing, so that nothing is signed that terminals would refuse.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from content.pack import format as fmt
from content.pack.meta import PackMeta
from content.pack.opening import guarded
from content.pack.reader import Pack, open_pack
from content.pack.records import KINDS, TYPES
from content.urls import UnsafeUrl, check_url


def verify_pack(path: str | Path) -> PackMeta:
    """Everything checked before a pack is published or installed: what open_pack checks,
    SQLite's integrity check, a value of its column's type in every row, every eligibility
    rule, and every web address against the pack's allowed hosts. Returns the metadata or
    raises a PackError subclass naming the first problem (the table, the row, the value)."""
    with open_pack(path) as pack:
        # Whole-table reads, bounded by the file rather than by anything the pack says
        # (open_pack has refused views and triggers), and longer on a big pack than one
        # query's budget: no step limit here.
        pack.conn.set_progress_handler(None, 0)
        _check_integrity(pack)
        _check_values(pack)
        _check_search_index(pack)
        pack.eligibility_rules()  # a MalformedPackError names the first that does not parse
        pack.all_request_settings()  # and the first row of agency_requests that does not read
        _check_addresses(pack)
        return pack.meta


@guarded
def _check_integrity(pack: Pack) -> None:
    rows = pack.conn.execute("PRAGMA integrity_check").fetchall()
    if [row[0] for row in rows] != ["ok"]:
        raise fmt.MalformedPackError(f"{pack.path}: the file is damaged ({rows[0][0]})")


SQL_KINDS = {
    str: "('null', 'text')",
    int: "('null', 'integer')",
    float: "('null', 'real', 'integer')",
}


@guarded
def _check_values(pack: Pack) -> None:
    """Every value of every row is of its column's type and every id is there, found by
    SQL; and every text is UTF-8, found by reading it once, here rather than at a visitor's
    tap. (SQLite's integrity check looks at neither.)"""
    for table, spec in fmt.tables(pack.meta.schema_version).items():
        columns = spec["columns"]
        wrong = " OR ".join(f"typeof([{n}]) NOT IN {SQL_KINDS[k]}" for n, k in columns.items())
        if "id" in columns:
            wrong += " OR id IS NULL"
        listed = ", ".join(f"[{n}]" for n in columns)
        for rowid, *values in pack.conn.execute(
            f"SELECT rowid, {listed} FROM [{table}] WHERE {wrong} LIMIT 1"
        ):
            name, value = next(
                (
                    (n, v)
                    for n, v in zip(columns, values, strict=True)
                    if type(v) not in TYPES[columns[n]]
                ),
                ("id", None),
            )
            raise fmt.MalformedPackError(
                f"{pack.path}: {table}: {KINDS.get(type(value), 'nothing')} in '{name}' of row "
                f"{rowid}, where the format has {fmt.SQL_TYPES[columns[name]]}"
            )
        texts = ", ".join(f"[{n}]" for n, k in columns.items() if k is str) or "NULL"
        try:
            for _row in pack.conn.execute(f"SELECT {texts} FROM [{table}]"):
                pass
        except sqlite3.OperationalError as exc:  # "Could not decode to UTF-8 column ..."
            raise fmt.MalformedPackError(f"{pack.path}: {table}: {exc}") from None


@guarded
def _check_search_index(pack: Pack) -> None:
    """Read the whole of both full-text indexes, as a search would: damage there is met only
    by the search that reads it, and SQLite's integrity check (3.40) does not look inside.
    fts5vocab tables in the connection's own temporary schema read every occurrence
    ('instance') and every term's columns ('col'); every item found must have its column
    sizes, one varint a column, which ranking reads. Measured on random damage to the demo
    pack's index: this finds every case that a search of a dictionary word meets (and FTS5's
    own 'integrity-check', which needs a writable file, finds fewer)."""
    for table, columns in ((fmt.FTS_TABLE, fmt.FTS_COLUMNS), (fmt.HEAD_TABLE, fmt.HEAD_COLUMNS)):
        for kind in ("instance", "col"):
            pack.conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_{table}_{kind} "
                f"USING fts5vocab(main, {table}, {kind})"
            )
        (unsized,) = pack.conn.execute(
            f"SELECT count(*) FROM temp.check_{table}_instance "
            f"WHERE doc NOT IN (SELECT id FROM {table}_docsize)"
        ).fetchone()
        pack.conn.execute(f"SELECT count(*) FROM temp.check_{table}_col").fetchone()
        for (sizes,) in pack.conn.execute(f"SELECT sz FROM {table}_docsize"):
            if not isinstance(sizes, bytes) or _varints(sizes) != len(columns):
                unsized += 1
        if unsized:
            raise fmt.MalformedPackError(f"{pack.path}: the search index {table} is damaged")
        (lost,) = pack.conn.execute(
            f"SELECT count(*) FROM {table}_docsize WHERE id NOT IN (SELECT rowid FROM search_items)"
        ).fetchone()
        if lost:  # a search would find items it cannot show (found by make fuzz)
            raise fmt.MalformedPackError(
                f"{pack.path}: the search index {table} names {lost} item(s) that are not in "
                "search_items"
            )


def _varints(blob: bytes) -> int:
    """How many SQLite varints `blob` holds end to end, or -1 if it ends inside one."""
    count = at = 0
    while at < len(blob):
        length = 1
        while length < 9 and at + length - 1 < len(blob) and blob[at + length - 1] & 0x80:
            length += 1
        at += length
        count += 1
    return count if at == len(blob) else -1


@guarded
def _check_addresses(pack: Pack) -> None:
    found: list[str] = []
    checked: dict[str, str | None] = {}
    for table, columns in fmt.URL_COLUMNS.items():
        for column in columns:
            for item_id, value in pack.conn.execute(
                f"SELECT id, [{column}] FROM [{table}] WHERE coalesce([{column}], '') != ''"
            ):
                if value not in checked:
                    checked[value] = _unsafe(value, pack.meta.allowed_hosts)
                if checked[value]:
                    found.append(f"{table} '{item_id}' {column}: {value!r}: {checked[value]}")
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise fmt.UnsafePackError(
            f"{pack.path}: web addresses that must not be shown: {'; '.join(found[:3])}{more}. "
            "List the site in pack.yaml's allowed_hosts if it is official, else remove the address"
        )


def _unsafe(value: str, allowed: tuple[str, ...]) -> str | None:
    """Why `value` must not be shown, or None if it may."""
    try:
        check_url(value, allowed)
    except UnsafeUrl as exc:
        return str(exc)
    return None
