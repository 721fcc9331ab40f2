"""A pack that is too new, truncated or not a pack at all is refused with a named error."""

import shutil
import sqlite3

import pytest

from content.pack import open_pack
from content.packformat import (
    SCHEMA_VERSION,
    FutureSchemaError,
    MalformedPackError,
    UnsupportedSchemaError,
)


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
