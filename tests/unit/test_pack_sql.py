"""All SQL on a pack goes through content.pack: no other production module runs a statement,
opens SQLite or reaches for a pack's connection.

The reader is where a pack is guarded (a budget of SQLite steps a query, damage met on the
way named, values checked against the format, web addresses against the allowlist); a query
written elsewhere has none of that. The builder (content/publisher/build.py) and its search
index (search_index.py) write packs, and are the only others that may.

Read from the source with `ast`, independent of import-linter: imports inside functions,
calls and attribute reads are all seen.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("kiosk", "content", "printouts")
ALLOWED = (
    "content/pack/",
    "content/publisher/build.py",
    "content/publisher/search_index.py",
    # Databases of their own, not packs: the terminal's outbox and the office's inbox.
    "kiosk/adapters/outbox.py",
    "kiosk/office/inbox.py",
)
SQLITE = {"sqlite3", "sqlite_utils", "apsw"}
STATEMENTS = {"execute", "executemany", "executescript"}


def sql_on_a_pack(source: str) -> list[str]:
    """What in `source` runs SQL or reaches for a pack's connection, as 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or "").split(".")[0]]
        else:
            names = []
        found += [f"{node.lineno}: imports {name}" for name in names if name in SQLITE]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in STATEMENTS:
                found.append(f"{node.lineno}: calls .{node.func.attr}()")
        if isinstance(node, ast.Attribute) and node.attr == "conn":
            # Only a pack's: urllib3's errors have a `conn` too (kiosk.adapters.sync).
            base = node.value
            name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
            if "pack" in name.lower():
                found.append(f"{node.lineno}: reads {name}.conn")
    return found


def production_modules() -> list[Path]:
    return sorted(
        path
        for package in PRODUCTION
        for path in (ROOT / package).rglob("*.py")
        if not path.relative_to(ROOT).as_posix().startswith(ALLOWED)
    )


def test_no_module_outside_content_pack_runs_sql_on_a_pack():
    modules = production_modules()
    assert len(modules) > 50  # the walk found the code (kiosk, content, printouts)
    offending = {
        path.relative_to(ROOT).as_posix(): found
        for path in modules
        if (found := sql_on_a_pack(path.read_text("utf-8")))
    }
    assert offending == {}


@pytest.mark.parametrize(
    "source, what",
    [
        (
            "rows = pack.conn.execute('SELECT id FROM districts')",
            {"calls .execute()", "reads pack.conn"},
        ),
        ("n = self._pack.conn.total_changes", {"reads _pack.conn"}),
        ("def f(db):\n    db.executemany('DELETE FROM t', [])", {"calls .executemany()"}),
        ("def f():\n    import sqlite3  # inside a function", {"imports sqlite3"}),
        ("from sqlite_utils import Database", {"imports sqlite_utils"}),
    ],
)
def test_the_check_finds_sql_written_outside_the_reader(source, what):
    assert {found.split(": ", 1)[1] for found in sql_on_a_pack(source)} == what


def test_the_check_lets_through_what_is_not_sql_on_a_pack():
    source = (
        "host = exc.conn.host if getattr(exc, 'conn', None) else '?'\n"
        "rules = pack.eligibility_rules()\n"
    )
    assert sql_on_a_pack(source) == []
