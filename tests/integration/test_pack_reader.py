"""A pack that is too new, truncated or not a pack at all is refused with a named error."""

import dataclasses
import shutil
import sqlite3

import pytest

from content.model import CONSENT_PARTS, Consent, PackInfo, Text
from content.pack.format import (
    META_KEYS,
    SCHEMA_VERSION,
    FutureSchemaError,
    MalformedPackError,
    PackError,
    UnsupportedSchemaError,
)
from content.pack.reader import open_pack
from content.rules import Minimums

KEY = "mzbgbA9QPKJ/GiYiJzvSvkISUsW5EwOBzTJfDvVS1hM="  # the demo pack's


@pytest.fixture
def pack_copy(demo_pack, tmp_path):
    target = tmp_path / "pack.sqlite"
    shutil.copy(demo_pack, target)
    return target


def set_meta(path, key, value):
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))


def test_good_pack_opens(demo_pack):
    with open_pack(demo_pack) as pack:
        assert pack.meta.demo and pack.meta.schema_version == SCHEMA_VERSION


def test_pack_from_the_future_is_refused(pack_copy):
    set_meta(pack_copy, "schema_version", str(SCHEMA_VERSION + 1))
    with pytest.raises(FutureSchemaError, match="update the kiosk"):
        open_pack(pack_copy)


def test_pack_in_a_retired_layout_is_refused(pack_copy):
    set_meta(pack_copy, "schema_version", "0")
    with pytest.raises(UnsupportedSchemaError):
        open_pack(pack_copy)


def test_truncated_pack_is_refused(pack_copy):
    data = pack_copy.read_bytes()
    pack_copy.write_bytes(data[: len(data) // 3])
    with pytest.raises(MalformedPackError):
        with open_pack(pack_copy) as pack:
            pack.counts()


def test_text_file_is_not_a_pack(tmp_path):
    fake = tmp_path / "fake.sqlite"
    fake.write_text("hello")
    with pytest.raises(MalformedPackError, match="not a content pack"):
        open_pack(fake)


def test_pack_missing_a_table_is_refused(pack_copy):
    with sqlite3.connect(pack_copy) as db:
        db.execute("DROP TABLE required_documents")
    with pytest.raises(MalformedPackError, match="required_documents"):
        open_pack(pack_copy)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(MalformedPackError, match="no such pack"):
        open_pack(tmp_path / "none.sqlite")


@pytest.mark.parametrize(
    "query",
    [
        # What a service page and "my list" ask for each service: no whole-table scans,
        # which on a 100,000-service pack cost tens of milliseconds a service.
        "SELECT a.* FROM agencies a JOIN service_agencies sa ON sa.agency_id = a.id "
        "WHERE sa.service_id = ? ORDER BY sa.position",
        "SELECT l.* FROM locations l JOIN service_at_location sl ON sl.location_id = l.id"
        " WHERE sl.service_id = ? ORDER BY l.agency_id, l.position",
        "SELECT * FROM required_documents WHERE service_id = ? ORDER BY position",
    ],
)
def test_lookups_by_service_use_an_index(demo_pack, query):
    with sqlite3.connect(demo_pack) as db:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + query, ("x",))]
    assert not [step for step in plan if step.startswith("SCAN")], plan


def test_a_category_is_listed_from_narrow_indexes_not_the_wide_rows(demo_pack):
    # Pack.services_in_category orders and cuts on these: reading each of a big category's
    # wide service rows for its position cost 50 ms on the 100,000-service pack.
    query = (
        "SELECT sc.service_id AS id, sc.position AS p1, o.position AS p2 "
        "FROM service_categories sc JOIN services o ON o.id = sc.service_id "
        "WHERE sc.category_id = ? ORDER BY p1, p2 LIMIT ?"
    )
    with sqlite3.connect(demo_pack) as db:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + query, ("x", 26))]
    assert any(s.startswith("SEARCH sc USING COVERING INDEX") for s in plan), plan
    assert any(s.startswith("SEARCH o USING COVERING INDEX") for s in plan), plan


def test_a_service_row_is_the_service_without_its_joins(demo_pack):
    with open_pack(demo_pack) as pack:
        full = pack.service("large-family-status")
        row = pack.service_row("large-family-status")
        assert pack.service_row("no-such-service") is None
    assert row["name"] == full["name"] and row["summary"] == full["summary"]
    assert row["source"] == full["source"]
    assert "locations" in full and "locations" not in row and "documents" not in row


# -- the strict reader: only the format's own tables, columns and metadata -------------------


def damage(path, *statements: str) -> None:
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)
    db.close()


RECURSIVE_CATEGORIES = (
    "CREATE VIEW categories(id, position, icon, title_ru, title_en, description_ru, "
    "description_en) AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
    "SELECT 'c' || x, x, '', 't', 't', 'd', 'd' FROM r"
)


@pytest.mark.parametrize(
    "statements, words",
    [
        (["DROP TABLE categories", RECURSIVE_CATEGORIES], "'categories' is a view"),
        (["CREATE VIEW extra AS SELECT * FROM services"], "a view 'extra'"),
        (
            ["CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM meta; END"],
            "a trigger 't'",
        ),
        (["CREATE TABLE notes (x TEXT)"], "an unexpected table 'notes'"),
        (["ALTER TABLE services ADD COLUMN extra TEXT"], "'services' has a column 'extra'"),
        (
            [
                "CREATE TABLE d2 (id TEXT PRIMARY KEY, position INTEGER, name_ru TEXT, "
                "name_en TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL)",
                "INSERT INTO d2 (id, position, name_ru) "
                "SELECT id, position, name_ru FROM districts",
                "DROP TABLE districts",
                "ALTER TABLE d2 RENAME TO districts",
            ],
            "'districts' column 'name_en' is computed",
        ),
        (
            [
                "CREATE TABLE d2 (id TEXT PRIMARY KEY, position INTEGER, name_ru TEXT, "
                "name_en TEXT DEFAULT 'x')",
                "INSERT INTO d2 SELECT * FROM districts",
                "DROP TABLE districts",
                "ALTER TABLE d2 RENAME TO districts",
            ],
            "'districts' column 'name_en' is computed",
        ),
        (
            [
                "CREATE TABLE d2 (id TEXT PRIMARY KEY, position TEXT, name_ru TEXT, name_en TEXT)",
                "INSERT INTO d2 SELECT * FROM districts",
                "DROP TABLE districts",
                "ALTER TABLE d2 RENAME TO districts",
            ],
            "'districts' column 'position' is TEXT, not INTEGER",
        ),
        (
            [
                "CREATE TABLE d2 (id TEXT PRIMARY KEY, position INTEGER, name_ru TEXT, "
                "name_en TEXT CHECK (length(printf('%.*c', 100000000, 'x')) > 0))",
                "INSERT INTO d2 SELECT * FROM districts",
                "DROP TABLE districts",
                "ALTER TABLE d2 RENAME TO districts",
            ],
            "'districts' is not made as the builder makes it (CHECK)",
        ),
        (
            ["CREATE INDEX odd ON services (length(name_ru))"],
            "the index 'odd' is not made as the builder makes it",
        ),
        (["DROP TABLE search_head"], "lacks the table 'search_head'"),
        (
            [
                "DROP TABLE search_head",
                "CREATE VIRTUAL TABLE search_head USING fts5(title, keywords, "
                "content='categories', tokenize='unicode61 remove_diacritics 0')",
            ],
            "'search_head' is not the full-text index the builder makes",
        ),
    ],
)
def test_a_pack_with_other_tables_views_triggers_or_columns_is_refused(
    pack_copy, statements, words
):
    damage(pack_copy, *statements)
    with pytest.raises(MalformedPackError) as refused:
        open_pack(pack_copy)
    assert words in str(refused.value)


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("version", "abc", "meta 'version' is 'abc', not a whole number"),
        ("version", None, "meta 'version' is missing"),
        ("pack_id", None, "meta 'pack_id' is missing"),
        ("pack_id", "Not An Id!", "meta 'pack_id' is 'Not An Id!', not an id"),
        ("schema_version", "1.0", "meta 'schema_version' is '1.0', not a whole number"),
        ("created_at", "yesterday", "meta 'created_at' is 'yesterday', not a date and time"),
        ("languages", "ru,xx", "meta 'languages' has 'xx'"),
        ("languages", "en", "meta 'languages' lacks ru"),
        ("demo", "yes", "meta 'demo' is 'yes', not 0 or 1"),
        ("allowed_hosts", "gosuslugi.ru,ru", "meta 'allowed_hosts' has 'ru'"),
        ("content_hash", None, "meta 'content_hash' is missing"),
    ],
)
def test_metadata_that_do_not_read_are_refused_naming_the_key(pack_copy, key, value, words):
    if value is None:
        damage(pack_copy, f"DELETE FROM meta WHERE key = '{key}'")
    else:
        set_meta(pack_copy, key, value)
    with pytest.raises(MalformedPackError) as refused:
        open_pack(pack_copy)
    assert words in str(refused.value)


def test_a_pack_cut_short_at_a_page_boundary_is_refused_when_opened(pack_copy):
    data = pack_copy.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    pack_copy.write_bytes(data[: page * (len(data) // page // 2)])
    with pytest.raises(MalformedPackError, match="cut short"):
        open_pack(pack_copy)


def test_a_query_past_the_step_limit_is_stopped_with_a_named_error(pack_copy):
    from content.pack.format import RunawayQueryError

    damage(  # each category's list 300 times over: a long query, for a small budget
        pack_copy,
        "INSERT INTO service_categories SELECT sc.* FROM service_categories sc, "
        "(WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r LIMIT 300) "
        "SELECT x FROM r)",
    )
    with open_pack(pack_copy, max_query_steps=20_000) as pack:
        with pytest.raises(RunawayQueryError, match="stopped"):
            pack.services_in_category(pack.categories()[0]["id"])
        assert pack.counts()["services"] > 0  # the next query has its own budget


def test_a_runaway_query_on_the_packs_connection_is_interrupted(demo_pack):
    forever = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT max(x) FROM r"
    with open_pack(demo_pack) as pack:
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            pack.conn.execute(forever).fetchall()


def test_damage_found_while_reading_is_a_named_error(pack_copy):
    with sqlite3.connect(pack_copy) as db:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'services'").fetchone()
    db.close()
    data = bytearray(pack_copy.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    start = (root[0] - 1) * page
    data[start : start + page] = bytes([0xFF]) * page  # the services table's root page
    pack_copy.write_bytes(bytes(data))
    with open_pack(pack_copy) as pack:
        with pytest.raises(MalformedPackError, match="damaged"):
            pack.service_row("large-family-status")


def test_a_value_of_the_wrong_type_is_a_named_error_not_a_surprise(pack_copy):
    damage(pack_copy, "UPDATE services SET name_ru = x'00ff' WHERE id = 'large-family-status'")
    with open_pack(pack_copy) as pack:
        with pytest.raises(
            MalformedPackError, match="binary data in 'name_ru' of row 'large-family-status'"
        ):
            pack.service_row("large-family-status")


def test_a_rule_that_is_not_json_is_a_named_error(pack_copy):
    damage(
        pack_copy,
        "UPDATE services SET eligibility_rule = '{not json' WHERE id = 'large-family-status'",
    )
    with open_pack(pack_copy) as pack:
        with pytest.raises(MalformedPackError, match="large-family-status"):
            pack.service("large-family-status")


def test_every_rule_is_read_parsed_in_pack_order_each_distinct_text_once(demo_pack):
    with open_pack(demo_pack) as pack:
        rules = pack.eligibility_rules()
        with_rules = [
            row[0]
            for row in pack.conn.execute(
                "SELECT id FROM services WHERE coalesce(eligibility_rule, '') != '' "
                "ORDER BY position, id"
            )
        ]
        texts = dict(pack.conn.execute("SELECT id, eligibility_rule FROM services"))
    assert [service_id for service_id, _rule in rules] == with_rules
    assert len(rules) >= 10
    by_text: dict[str, set[int]] = {}
    for service_id, rule in rules:
        by_text.setdefault(texts[service_id], set()).add(id(rule))
    assert len(by_text) < len(rules)  # the demo repeats rules, as large packs do
    assert all(len(objects) == 1 for objects in by_text.values())  # one object a text


@pytest.mark.parametrize(
    "rule, reason",
    [("{not json", "(not JSON)"), ('{"all": ["childs >= 3"]}', "unknown fact 'childs'")],
)
def test_a_rule_that_does_not_parse_is_a_named_error_for_the_finder_too(pack_copy, rule, reason):
    damage(
        pack_copy,
        f"UPDATE services SET eligibility_rule = '{rule}' WHERE id = 'large-family-status'",
    )
    with open_pack(pack_copy) as pack:
        with pytest.raises(MalformedPackError) as refused:
            pack.eligibility_rules()
    assert "the eligibility rule of service 'large-family-status' does not parse" in str(
        refused.value
    )
    assert reason in str(refused.value)


def test_an_agencys_services_are_listed_and_counted_in_pack_order(demo_pack):
    with open_pack(demo_pack) as pack:
        agency_id = max((row["id"] for row in pack.agencies()), key=pack.agency_service_count)
        listed = pack.agency_services(agency_id)
        count = pack.agency_service_count(agency_id)
        first_two = pack.agency_services(agency_id, limit=2)
        whole = [pack.service_row(row["id"]) for row in listed]
        positions = [row["position"] for row in whole]
        assert pack.agency_services("no-such-agency") == []
        assert pack.agency_service_count("no-such-agency") == 0
    assert count == len(listed) >= 2
    assert first_two == listed[:2]
    assert positions == sorted(positions)
    assert set(listed[0]) == {"id", "name", "summary"}
    assert listed[0]["name"] == whole[0]["name"] and listed[0]["summary"] == whole[0]["summary"]


# -- the metadata: written from the content's PackInfo, read back as PackMeta ----------------


def test_the_metadata_read_back_are_what_the_build_wrote(demo_pack):
    from content.pack.meta import meta_values

    with open_pack(demo_pack) as pack:
        meta = pack.meta
    info = {f.name: getattr(meta, f.name) for f in dataclasses.fields(PackInfo)}
    written = meta_values(PackInfo(**info), meta.created_at, meta.content_hash, meta.checked)
    with sqlite3.connect(demo_pack) as db:
        assert dict(db.execute("SELECT key, value FROM meta")) == written
    assert list(written) == [key for key in META_KEYS if key in written]


def test_every_key_of_the_format_is_written_when_the_content_has_it():
    from content.pack.meta import meta_values

    info = PackInfo(
        pack_id="p",
        title=Text("Т", "T"),
        region="RU-PER",
        languages=("ru", "en"),
        demo=False,
        version=3,
        allowed_hosts=("www.gosuslugi.ru",),
        notice=Text("Н", "N"),
        inbox_public_key=KEY,
        consent=Consent(*(Text(f"{part} ру", f"{part} en") for part in CONSENT_PARTS)),
        subsistence_minimum=Minimums(2026, 17424, 18992, 14985, 16901),
    )
    written = meta_values(info, "2026-12-01T10:00:00Z", "0" * 64, "2026-11-20")
    assert list(written) == list(META_KEYS)


def test_publishing_raises_the_version_and_never_lowers_it(pack_copy):
    from content.pack.meta import stamp_version

    with open_pack(pack_copy) as pack:
        built = pack.meta
    assert stamp_version(pack_copy, built.version + 4).version == built.version + 4
    assert stamp_version(pack_copy, 1).version == built.version + 4
    with open_pack(pack_copy) as pack:
        assert pack.meta == dataclasses.replace(built, version=built.version + 4)


# -- web addresses: only those on the pack's allowed hosts leave the reader ------------------


OFF_LIST = "https://evil.example\\@www.gosuslugi.ru/"


@pytest.mark.parametrize(
    "table, column, read",
    [
        ("services", "apply_online", lambda p, i: p.service(i)),
        ("services", "apply_online", lambda p, i: p.service_row(i)),
        ("services", "source", lambda p, i: p.service_row(i)),
        ("agencies", "website", lambda p, i: p.agency(i)),
        ("agencies", "source", lambda p, i: next(a for a in p.agencies() if a["id"] == i)),
        ("events", "url", lambda p, i: p.event(i)),
        ("events", "source", lambda p, i: p.events()[[e["id"] for e in p.events()].index(i)]),
    ],
)
def test_an_address_off_the_allowlist_never_leaves_the_reader(pack_copy, table, column, read):
    with sqlite3.connect(pack_copy) as db:
        item_id, good = (
            db.execute(
                f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL LIMIT 1"
            ).fetchone()
            or db.execute(f"SELECT id, NULL FROM {table} LIMIT 1").fetchone()
        )
        other = db.execute(f"SELECT id FROM {table} WHERE id != ? LIMIT 1", (item_id,)).fetchone()
        db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (OFF_LIST, item_id))
        if good:
            db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (good, other[0]))
    db.close()
    with open_pack(pack_copy) as pack:
        assert read(pack, item_id)[column] is None
        if good:
            assert read(pack, other[0])[column] == good  # an allowed one is handed out as is


def test_every_url_column_of_the_format_is_filtered():
    from content.pack.format import TABLES, URL_COLUMNS

    for table, columns in URL_COLUMNS.items():
        assert set(columns) <= set(TABLES[table]["columns"])
    url_like = {
        (t, c)
        for t, spec in TABLES.items()
        for c in spec["columns"]
        if c in ("website", "source", "url") or "online" in c
    }
    assert url_like == {(t, c) for t, cs in URL_COLUMNS.items() for c in cs}


# -- the whole check before publishing or installing -----------------------------------------


def test_the_demo_pack_passes_the_whole_check(demo_pack):
    from content.pack.verify import verify_pack

    assert verify_pack(demo_pack).pack_id == "perm-krai-demo"


@pytest.mark.parametrize(
    "statement, error, words",
    [
        (
            f"UPDATE services SET apply_online = '{OFF_LIST}' WHERE id = 'large-family-status'",
            "UnsafePackError",
            "services 'large-family-status' apply_online: 'https://evil.example\\\\@www.gosuslugi.ru/'",
        ),
        (
            "UPDATE agencies SET website = 'https://example.org/' WHERE id = "
            "(SELECT min(id) FROM agencies)",
            "UnsafePackError",
            "the host 'example.org' is not on the pack's allowed_hosts list",
        ),
        (
            "UPDATE events SET source = 'http://gosuslugi.ru/' "
            "WHERE id = (SELECT min(id) FROM events)",
            "UnsafePackError",
            "must be an https:// address",
        ),
        (
            "UPDATE districts SET position = 'first' WHERE id = (SELECT min(id) FROM districts)",
            "MalformedPackError",
            "districts: text in 'position'",
        ),
        (
            'UPDATE services SET eligibility_rule = \'{"all": ["age >= "]}\' '
            "WHERE id = 'large-family-status'",
            "MalformedPackError",
            "the eligibility rule of service 'large-family-status' does not parse",
        ),
    ],
)
def test_the_whole_check_refuses_unsafe_addresses_wrong_types_and_bad_rules(
    pack_copy, statement, error, words
):
    from content.pack.verify import verify_pack

    damage(pack_copy, statement)
    with pytest.raises(PackError) as refused:
        verify_pack(pack_copy)
    assert type(refused.value).__name__ == error
    assert words in str(refused.value)
