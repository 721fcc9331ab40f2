"""Hostile and broken packs: every recipe of tests/hostile/packs.py, and random damage.

A pack is refused by the reader (content.pack.reader.open_pack) with a PackError, or read whole:
never a traceback, never a hang, never an address off the pack's allowed hosts handed out.
`kiosk pack publish` signs nothing that a terminal would refuse; a sync refuses to install it
and records why, and the terminal keeps its pack. (What `kiosk content info` and `kiosk run`
say of it: test_hostile_pack_commands.py.)
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hostile.packs import RECIPES, damaged_copy
from hypothesis import assume, example, given
from hypothesis import strategies as st

from content.files import file_sha256
from content.model import AGENCY_REQUEST_KINDS, WRONG_INFO, Text
from content.pack import format as fmt
from content.pack.format import MalformedPackError, PackError
from content.pack.reader import Pack, open_pack
from content.pack.verify import verify_pack
from content.publisher.keys import keygen
from content.publisher.publish import PublishError, publish
from content.urls import UnsafeUrl, check_url
from kiosk.adapters.pack_store import PackRefused, PackStore, read_info
from kiosk.adapters.sync import SyncRefused, sync_once

QUERIES = ("пособие", "многодетная семья", "pension", "справка о доходах")


# -- reading everything a pack offers --------------------------------------------------------


def ids(pack: Pack, table: str) -> list[str]:
    """The ids in `table`, read past the reader (scaffolding: the reader's own lists may be
    what the damage broke)."""
    try:
        return [row[0] for row in pack.conn.execute(f"SELECT id FROM {table}")]
    except sqlite3.Error:
        return []


def read_everything(pack: Pack) -> tuple[list, list[PackError]]:
    """Every public reader method, on every id the pack holds: (what came back, the
    PackErrors raised). Any other exception goes up to the test."""
    calls = [
        lambda: pack.meta,
        pack.counts,
        pack.categories,
        pack.agencies,
        pack.districts,
        pack.events,
        pack.synonym_groups,
        pack.eligibility_rules,
        lambda: pack.events(after="2026-01-01T00:00", limit=5),
        lambda: pack.service_names(ids(pack, "services")),
        pack.all_request_settings,
    ]
    calls += [lambda k=k: pack.agencies_taking(k) for k in (*AGENCY_REQUEST_KINDS, WRONG_INFO)]
    calls += [lambda q=q: pack.search(q) for q in QUERIES]
    for table, methods in (
        ("categories", (pack.category, pack.services_in_category)),
        ("services", (pack.service, pack.service_row)),
        (
            "agencies",
            (pack.agency, pack.agency_services, pack.agency_service_count, pack.request_settings),
        ),
        ("locations", (pack.location,)),
        ("events", (pack.event,)),
    ):
        calls += [lambda m=m, i=i: m(i) for i in ids(pack, table) for m in methods]
    results, errors = [], []
    for call in calls:
        try:
            results.append(call())
        except PackError as exc:
            errors.append(exc)
    return results, errors


def walk(value):
    """Every (key, value) of every Record, however deep. (A stack rather than a generator
    per level: it runs on every reader result of every property-test example.)"""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                yield key, item
                stack.append(item)
        elif isinstance(value, list | tuple):
            stack.extend(value)


def assert_well_formed(results: list, allowed_hosts: tuple[str, ...]) -> None:
    """What the reader hands out is what the screens expect: texts of text, and no web
    address that content.urls would refuse."""
    url_names = {c for columns in fmt.URL_COLUMNS.values() for c in columns}
    allowed = set()  # the same agency's address comes back from many calls: checked once
    for key, value in walk(results):
        if isinstance(value, Text):
            assert isinstance(value.ru, str) and isinstance(value.en, str | None), (key, value)
        if key in url_names and value is not None and value not in allowed:
            assert check_url(value, allowed_hosts) == value, (key, value)
            allowed.add(value)


# -- every recipe ----------------------------------------------------------------------------


@pytest.mark.parametrize("recipe", RECIPES, ids=[r.name for r in RECIPES])
def test_the_reader_refuses_the_recipe_or_leaves_its_bad_part_out(recipe, demo_pack, tmp_path):
    path = damaged_copy(demo_pack, tmp_path, recipe)
    if recipe.opens:
        with pytest.raises(PackError) as refused:
            open_pack(path)
        assert type(refused.value).__name__ == recipe.opens
        assert recipe.words in str(refused.value)
        return
    with open_pack(path) as pack:
        results, errors = read_everything(pack)
        assert_well_formed(results, pack.meta.allowed_hosts)
    assert all(isinstance(e, MalformedPackError) for e in errors), errors
    if errors:  # damage met on the way is named where it is met
        assert any(recipe.words in str(e) for e in errors), errors


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    keygen(folder)
    return folder


@pytest.mark.parametrize("recipe", RECIPES, ids=[r.name for r in RECIPES])
def test_publish_refuses_the_recipe(recipe, demo_pack, keys, tmp_path):
    path = damaged_copy(demo_pack, tmp_path, recipe)
    with pytest.raises(PublishError) as refused:
        publish(path, keys, tmp_path / "site")
    assert recipe.words in str(refused.value)
    assert not list((tmp_path / "site" / "targets").glob("*"))  # nothing was signed


def sign_as_is(pack: Path, keys: Path, site: Path, version: int) -> None:
    """Publish `pack` without checking it, as a publisher older than these checks (or one
    in the wrong hands) could: the signatures are good, the pack is not."""
    from tuf.api.metadata import TargetFile

    from content.publisher import publish as pub

    meta_dir, targets_dir = site / "metadata", site / "targets"
    root = pub.site_root(keys, meta_dir)
    signers = {role: pub.load_signer(keys, role, root.signed) for role in pub.ONLINE_ROLES}
    last = pub._last_published(meta_dir)
    length, sha256 = pack.stat().st_size, file_sha256(pack)
    shutil.copyfile(pack, targets_dir / f"{sha256}.{pub.PACK_TARGET}")
    custom = {"pack_version": version, "schema_version": fmt.SCHEMA_VERSION, "created_at": ""}
    target = TargetFile(
        length, {"sha256": sha256}, pub.PACK_TARGET, unrecognized_fields={"custom": custom}
    )
    expiry = pub.expiry_at(datetime.now(UTC) + timedelta(days=30))
    pub._sign_and_write(target, signers, last, meta_dir, expiry)


@pytest.fixture(scope="module")
def on_version_1(tmp_path_factory, demo_pack, keys) -> tuple[Path, Path]:
    """A site with version 1 of the demo pack, and a terminal that has synced it."""
    base = tmp_path_factory.mktemp("v1")
    publish(demo_pack, keys, base / "site")
    sync_once((base / "site").as_uri(), keys / "root.json", PackStore(base / "terminal"))
    return base / "site", base / "terminal"


@pytest.mark.parametrize("recipe", RECIPES, ids=[r.name for r in RECIPES])
def test_a_sync_refuses_to_install_the_recipe_and_records_why(
    recipe, demo_pack, keys, on_version_1, tmp_path
):
    site, terminal = tmp_path / "site", tmp_path / "terminal"
    shutil.copytree(on_version_1[0], site)
    shutil.copytree(on_version_1[1], terminal)
    sign_as_is(damaged_copy(demo_pack, tmp_path, recipe), keys, site, version=2)
    store = PackStore(terminal)
    with pytest.raises(SyncRefused) as refused:
        sync_once(site.as_uri(), keys / "root.json", store)
    assert "the pack cannot be used" in str(refused.value)
    assert recipe.words in str(refused.value)
    assert recipe.words in store.state().last_error
    assert read_info(store.usable_pack(), integrity=True).version == 1
    assert list(store.staging.iterdir()) == []


# -- random damage (Hypothesis) --------------------------------------------------------------

CONTENT_TABLES = sorted(fmt.TABLES)
TYPES = ("TEXT", "INTEGER", "REAL", "BLOB", "", "NUMERIC", "TEXT COLLATE NOCASE")


@st.composite
def schema_damage(draw) -> tuple[str, ...]:
    """SQL that changes the pack's schema: a column dropped, renamed or retyped, a table
    made a view (a recursive one too), a trigger, an extra table, column or index."""
    table = draw(st.sampled_from(CONTENT_TABLES))
    columns = list(fmt.TABLES[table]["columns"])
    column = draw(st.sampled_from(columns))
    kind = draw(
        st.sampled_from(
            [
                "drop",
                "rename",
                "retype",
                "view",
                "recursive view",
                "trigger",
                "extra table",
                "extra column",
                "index",
                "expression index",
            ]
        )
    )
    if kind in ("drop", "retype"):
        kept = [c for c in columns if c != column] if kind == "drop" else columns
        if not kept:
            kept = columns
        new_type = draw(st.sampled_from(TYPES))
        defs = ", ".join(
            f'"{c}" {new_type if c == column else fmt.SQL_TYPES[fmt.TABLES[table]["columns"][c]]}'
            for c in kept
        )
        names = ", ".join(f'"{c}"' for c in kept)
        return (
            f"CREATE TABLE x_new ({defs})",
            f"INSERT INTO x_new SELECT {names} FROM {table}",
            f"DROP TABLE {table}",
            f"ALTER TABLE x_new RENAME TO {table}",
        )
    if kind == "rename":
        new = draw(st.sampled_from(["x", f"{column}_old", "id", "name_ru", "rowid2"]))
        assume(new not in columns)
        return (f'ALTER TABLE {table} RENAME COLUMN "{column}" TO "{new}"',)
    if kind in ("view", "recursive view"):
        names = ", ".join(f'"{c}"' for c in columns)
        source = (
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
            f"SELECT {', '.join('n' for _ in columns)} FROM r"
            if kind == "recursive view"
            else f"SELECT {names} FROM x_old"
        )
        return (
            f"ALTER TABLE {table} RENAME TO x_old",
            f"CREATE VIEW {table} ({names}) AS {source}",
        )
    if kind == "trigger":
        return (f"CREATE TRIGGER x_t AFTER INSERT ON {table} BEGIN SELECT 1; END",)
    if kind == "extra table":
        return ("CREATE TABLE x_extra (a TEXT)",)
    if kind == "extra column":
        return (f'ALTER TABLE {table} ADD COLUMN "x_{column}" TEXT',)
    if kind == "index":
        return (f'CREATE INDEX x_i ON {table} ("{column}")',)
    return (f'CREATE INDEX x_i ON {table} (length("{column}"))',)


ODD_VALUES = (
    "",
    "0",
    "-1",
    "1.5",
    "abc",
    "99",
    "ru",
    "ru,en,xx",
    "en",
    "2026-13-45",
    "20261127",
    "2026-11-27",
    "yes",
    "gosuslugi.ru,ru",
    "x" * 300,
    "1e3",
    " 1",
    "١٢",
    "Ru",
    "a b",
)


@st.composite
def meta_damage(draw) -> tuple[str, ...]:
    """SQL that changes one metadata value, or removes it."""
    key = draw(st.sampled_from(fmt.META_KEYS))
    value = draw(st.none() | st.sampled_from(ODD_VALUES) | st.text(max_size=20))
    if value is None:
        return (f"DELETE FROM meta WHERE key = '{key}'",)
    quoted = value.replace("'", "''")
    return (f"UPDATE meta SET value = '{quoted}' WHERE key = '{key}'",)


@st.composite
def byte_damage(draw):
    """An edit of the file's bytes: cut short anywhere, or a few bytes changed anywhere."""
    if draw(st.booleans()):
        fraction = draw(st.floats(0, 1, exclude_max=True))
        return ("truncate", fraction)
    flips = draw(
        st.lists(
            st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)),
            min_size=1,
            max_size=8,
        )
    )
    return ("flip", tuple(flips))


def apply_sql(path: Path, statements) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


def apply_bytes(path: Path, damage) -> None:
    data = bytearray(path.read_bytes())
    if damage[0] == "truncate":
        path.write_bytes(bytes(data[: int(len(data) * damage[1])]))
        return
    for where, mask in damage[1]:
        data[int(len(data) * where)] ^= mask
    path.write_bytes(bytes(data))


def outcome(path: Path, keys: Path) -> tuple[bool, bool, bool, bool]:
    """(open_pack opens it, and reads all of it without error, publish takes it, install
    takes it); any exception but the named ones goes up."""
    try:
        with open_pack(path) as pack:
            results, errors = read_everything(pack)
            assert_well_formed(results, pack.meta.allowed_hosts)
            assert all(isinstance(e, MalformedPackError) for e in errors), errors
            opened, clean = True, not errors
    except PackError:
        opened, clean = False, False
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        try:
            publish(path, keys, work / "site")
            published = True
        except PublishError:
            published = False
        staged = work / "staged.sqlite"
        shutil.copyfile(path, staged)
        try:
            PackStore(work / "terminal").install(staged)
            installed = True
        except PackRefused:
            installed = False
    return opened, clean, published, installed


def unsafe_addresses(path: Path) -> list[str]:
    """The oracle: web addresses in the pack that content.urls refuses, read past the
    reader with plain SQL."""
    conn = sqlite3.connect(path)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        hosts = tuple(filter(None, (meta.get("allowed_hosts") or "").split(",")))
        found = []
        for table, columns in fmt.URL_COLUMNS.items():
            for column in columns:
                for (value,) in conn.execute(f"SELECT {column} FROM {table}"):
                    if value:
                        try:
                            check_url(value, hosts)
                        except UnsafeUrl:
                            found.append(value)
        return found
    finally:
        conn.close()


@given(damage=st.one_of(schema_damage(), meta_damage()))
@example(damage=RECIPES[0].damage)
def test_a_pack_with_damaged_schema_or_metadata_is_refused_everywhere_or_read_whole(
    damage, demo_pack, keys
):
    """Damage made through SQL leaves a well-formed SQLite file: the reader refuses it, or
    every reader method works on every id; publish and install refuse exactly what the
    reader refuses, and what holds an address content.urls refuses (the oracle)."""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "pack.sqlite"
        shutil.copyfile(demo_pack, path)
        try:
            apply_sql(path, damage)
        except sqlite3.Error:
            assume(False)  # SQLite itself would not make this change
        opened, clean, published, installed = outcome(path, keys)
        assert clean == opened
        should_take = opened and not unsafe_addresses(path)
        assert published == installed == should_take, (opened, published, installed)


@given(damage=byte_damage())
@example(damage=("flip", ((0.1212309044701725, 128),)))  # the schema's text: UnicodeDecodeError
@example(damage=("flip", ((0.16153448148265737, 128),)))  # an item's column sizes in the index
@example(damage=("flip", ((0.9893030188887263, 144),)))  # a term's columns in the index
@example(damage=("flip", ((0.6882032449071278, 128),)))  # make fuzz: an indexed item lost
def test_a_pack_with_damaged_bytes_is_refused_or_read_with_named_errors_only(
    damage, demo_pack, keys
):
    """A cut or a changed byte anywhere: the reader refuses the pack or reads it, each
    method either working or raising a PackError; whatever the reader refuses, publish and
    install refuse too, and they agree with each other (both make the whole check)."""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "pack.sqlite"
        shutil.copyfile(demo_pack, path)
        apply_bytes(path, damage)
        opened, clean, published, installed = outcome(path, keys)
        assert published == installed
        if not opened or not clean:
            assert not published


URL_PARTS = st.sampled_from(
    [
        "https://",
        "http://",
        "https://www.",
        "//",
        "https://evil.example\\@",
        "javascript:",
        "https://user@",
        "https://127.0.0.1/",
        " https://",
    ]
)
HOSTS = st.sampled_from(
    [
        "gosuslugi.ru",
        "sfr.gov.ru",
        "gosuslugi.ru.evil.example",
        "evil.example",
        "xn--80a.ru",
        "госуслуги.рф",
        "GOSUSLUGI.RU",
        "gosuslugi.ru.",
    ]
)


@st.composite
def addresses(draw) -> str:
    if draw(st.booleans()):
        return draw(st.text(max_size=40))
    tail = draw(st.sampled_from(["/", "/path?q=1", "\\evil", "/\u202e", ":443/", "#x", ""]))
    return draw(URL_PARTS) + draw(HOSTS) + tail


@given(
    table_column=st.sampled_from(
        [(t, c) for t, columns in fmt.URL_COLUMNS.items() for c in columns]
    ),
    value=addresses(),
)
@example(table_column=("services", "apply_online"), value="https://evil.example\\@gosuslugi.ru/")
def test_an_address_leaves_the_reader_exactly_when_content_urls_allows_it(
    table_column, value, demo_pack, keys
):
    table, column = table_column
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "pack.sqlite"
        shutil.copyfile(demo_pack, path)
        conn = sqlite3.connect(path)
        with conn:
            (item_id,) = conn.execute(f"SELECT id FROM {table} WHERE rowid = 1").fetchone()
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = 1", (value,))
        conn.close()
        with open_pack(path) as pack:
            hosts = pack.meta.allowed_hosts
            row = {
                "services": pack.service_row,
                "agencies": pack.agency,
                "events": pack.event,
            }[table](item_id)
        try:
            expected = check_url(value, hosts) if value else value
        except UnsafeUrl:
            expected = None
        assert row[column] == expected
        try:
            verify_pack(path)
            verified = True
        except PackError:
            verified = False
        assert verified == (expected == value or not value)
