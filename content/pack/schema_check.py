"""Checking a pack's schema against the format (content.pack.format) before it is read.

A pack is refused unless its schema is exactly the one the builder writes for its version:
SQLite runs whatever a CREATE statement leaves in (defaults, checks, generated columns,
triggers, views) while the pack is read, so nothing but the builder's own words may be in.
"""

from __future__ import annotations

import re

from content.pack.format import (
    FTS_COLUMNS,
    FTS_SHADOW_SUFFIXES,
    FTS_TABLE,
    HEAD_COLUMNS,
    HEAD_TABLE,
    SCHEMA_VERSION,
    SQL_TYPES,
    STAT_TABLES,
    TABLES,
    MalformedPackError,
    fts_create_sql,
    tables,
)

TABLE_WORDS = frozenset(
    {"CREATE", "TABLE", "TEXT", "INTEGER", "REAL", "FLOAT", "PRIMARY", "KEY", "REFERENCES"}
)
"""Every word the builder's CREATE TABLE statements use besides names: anything else (CHECK,
DEFAULT, GENERATED, COLLATE, ...) is code that SQLite could run while the pack is read."""
SHADOW_WORDS = frozenset(
    {"CREATE", "TABLE", "INTEGER", "PRIMARY", "KEY", "BLOB", "WITHOUT", "ROWID"}
)
SHADOW_NAMES = frozenset({"id", "block", "segid", "term", "pgno", "sz", "k", "v", "origin"})
"""The words and column names of the tables FTS5 makes for a contentless index."""
INDEX_WORDS = frozenset({"CREATE", "UNIQUE", "INDEX", "ON", "ASC", "DESC"})
TOKEN = re.compile(
    r"\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*'|`[^`]*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\S"
)
"""A word, a number, a quoted name or string, or one other character of an SQL statement."""


def check_schema(conn, version: int = SCHEMA_VERSION) -> None:
    """Refuse (MalformedPackError) a pack whose schema is not exactly the format's of its
    `version`: every table of that version a plain table with exactly its columns and
    types, the full-text indexes
    as the builder makes them, indexes on plain columns, and nothing else: no views, no
    triggers, no defaults, checks or generated columns, which SQLite would run on a read."""
    fts = {
        table: fts_create_sql(table, columns)
        for table, columns in ((FTS_TABLE, FTS_COLUMNS), (HEAD_TABLE, HEAD_COLUMNS))
    }
    shadows = {f"{t}_{s}" for t in fts for s in FTS_SHADOW_SUFFIXES}
    own = tables(version)
    entries = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    found = {name: sql for kind, name, _table, sql in entries if kind == "table"}
    for kind, name, _table, _sql in entries:
        if kind not in ("table", "index"):
            where = (
                f"'{name}' is a {kind}, not a table"
                if name in own
                else f"the pack has a {kind} '{name}'"
            )
            raise MalformedPackError(f"{where}; a pack holds tables and indexes only")
    for name in [*own, *fts]:
        if name not in found:
            raise MalformedPackError(f"the pack lacks the table '{name}'")
    kinds = dict(
        conn.execute(
            "SELECT name, type || ' ' || wr FROM pragma_table_list WHERE schema = 'main'"
        ).fetchall()
    )
    for name, sql in found.items():
        if name in own:
            _check_table(conn, name, sql, kinds.get(name))
        elif name in fts:
            if " ".join(str(sql).split()) != fts[name] or kinds.get(name) != "virtual 0":
                raise MalformedPackError(f"'{name}' is not the full-text index the builder makes")
        elif name in shadows:
            _check_words(f"'{name}'", sql, SHADOW_WORDS, {name, *SHADOW_NAMES})
        elif STAT_TABLES.get(name) != sql:
            raise MalformedPackError(f"the pack has an unexpected table '{name}'")
    for kind, name, table, sql in entries:
        if kind == "index":
            _check_index(conn, name, table, sql, own)


def _check_table(conn, table: str, sql, kind: str | None) -> None:
    spec = TABLES[table]
    if kind != "table 0":  # a virtual table, or one WITHOUT ROWID
        raise MalformedPackError(f"'{table}' is not a plain table")
    _check_columns(conn, table, spec["columns"])
    references = {target for _column, _table, target in spec.get("foreign_keys", ())}
    _check_words(f"'{table}'", sql, TABLE_WORDS, {table, *TABLES, *spec["columns"], *references})


def _check_columns(conn, table: str, columns: dict[str, type]) -> None:
    have = {}
    for _cid, name, declared, _notnull, default, _pk, hidden in conn.execute(
        "SELECT * FROM pragma_table_xinfo(?)", (table,)
    ):
        if name not in columns:
            raise MalformedPackError(
                f"table '{table}' has a column '{name}' that the pack format does not have"
            )
        if hidden or default is not None:
            raise MalformedPackError(
                f"table '{table}' column '{name}' is computed (a default or generated value): "
                "the builder writes every value"
            )
        have[name] = str(declared).upper()
    missing = sorted(set(columns) - set(have))
    if missing:
        raise MalformedPackError(f"table '{table}' lacks {', '.join(missing)}")
    for name, kind in columns.items():
        if have[name] != SQL_TYPES[kind]:
            raise MalformedPackError(
                f"table '{table}' column '{name}' is {have[name] or 'untyped'}, "
                f"not {SQL_TYPES[kind]}"
            )


def _check_index(conn, name: str, table: str, sql, own: dict[str, dict]) -> None:
    if table not in own:
        raise MalformedPackError(f"the index '{name}' is on '{table}', not a pack table")
    if sql is None:
        return  # SQLite's own index of a primary key
    columns = TABLES[table]["columns"]
    _check_words(f"the index '{name}'", sql, INDEX_WORDS, {name, table, *columns})
    for _seq, cid, *_rest in conn.execute("SELECT * FROM pragma_index_xinfo(?)", (name,)):
        if cid == -2:  # an expression
            raise MalformedPackError(
                f"the index '{name}' is not made as the builder makes it (an expression)"
            )


def _check_words(label: str, sql, words: frozenset, names: set) -> None:
    """Every word of a CREATE statement is one the builder writes, or a name it may use."""
    for token in TOKEN.findall(str(sql)):
        if token in "(),":
            continue
        quoted = token[0] in "\"'`["
        if (_unquote(token) if quoted else token) in names:
            continue
        if quoted or token.upper() not in words:
            raise MalformedPackError(f"{label} is not made as the builder makes it ({token})")


def _unquote(token: str) -> str:
    inner = token[1:-1]
    return inner.replace(token[0] * 2, token[0]) if token[0] in "\"'`" else inner
