"""`kiosk content build` and `info`: deterministic hash, atomic output, readable metadata."""

import json
import os
import sqlite3
import stat

import pytest
from command import kiosk
from factories import service, write_folder

from content.pack.format import SCHEMA_VERSION
from content.pack.reader import open_pack
from content.publisher.build import ContentErrors, build_pack


def test_same_sources_give_the_same_content_hash(tmp_path, demo_copy):
    first = build_pack(demo_copy, tmp_path / "a.sqlite")
    second = build_pack(demo_copy, tmp_path / "b.sqlite")
    assert first.content_hash == second.content_hash
    changed = next((demo_copy / "services").rglob("*.yaml"))
    changed.write_text(changed.read_text("utf-8").replace("reviewed: 2026", "reviewed: 2025"))
    assert build_pack(demo_copy, tmp_path / "c.sqlite").content_hash != first.content_hash


def test_failed_build_writes_nothing_and_keeps_the_old_pack(tmp_path):
    good = write_folder(tmp_path / "good")
    out = tmp_path / "out" / "pack.sqlite"
    build_pack(good, out)
    before = out.read_bytes()
    bad = write_folder(tmp_path / "bad", services=[service(agencies=["missing"])])
    with pytest.raises(ContentErrors):
        build_pack(bad, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["pack.sqlite"]  # no temp left

    fresh = tmp_path / "fresh.sqlite"
    result = kiosk("content", "build", bad, "-o", fresh)
    assert result.returncode == 1 and "unknown agency 'missing'" in result.stdout
    assert not fresh.exists()


def test_a_built_pack_is_readable_by_others_and_a_rebuild_keeps_its_mode(tmp_path):
    """A pack is published and copied to terminals: not owner-only (mkstemp's 0600)."""
    good = write_folder(tmp_path / "good")
    out = tmp_path / "pack.sqlite"
    old_umask = os.umask(0o022)
    try:
        build_pack(good, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)
        build_pack(good, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old_umask)


def test_pack_carries_metadata_counts_and_demo_flag(demo_pack):
    result = kiosk("content", "info", demo_pack, "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["demo"] is True
    assert info["schema_version"] == SCHEMA_VERSION
    assert info["region"] == "RU-PER" and info["languages"] == ["ru", "en"]
    assert len(info["content_hash"]) == 64
    assert len(info["inbox_public_key"]) == 44  # the demo's office key, to check by eye
    counts = info["counts"]
    assert counts["services"] >= 40 and counts["categories"] >= 8
    assert counts["agencies"] >= 15 and counts["events"] >= 3
    with sqlite3.connect(demo_pack) as db:
        keys = {k for (k,) in db.execute("SELECT key FROM meta")}
    assert {"pack_id", "version", "schema_version", "created_at", "content_hash"} <= keys


def test_service_reads_back_with_offices_documents_and_rule(tmp_path):
    item = service(
        documents=[{"ru": "Паспорт", "en": "Passport"}],
        eligibility={
            "text": {"ru": "Семьи с детьми", "en": "Families"},
            "rule": {"all": ["children >= 1", "low_income"]},
        },
    )
    build_pack(write_folder(tmp_path / "c", services=[item]), tmp_path / "p.sqlite")
    with open_pack(tmp_path / "p.sqlite") as pack:
        record = pack.service("child-allowance")
        assert record["name"].get("en") == "Child allowance"
        assert [d.get("ru") for d in record["documents"]] == ["Паспорт"]
        assert record["eligibility_rule"] == {"all": ["children >= 1", "low_income"]}
        (office,) = record["locations"]
        assert office["id"] == "sfr-perm-main"
        assert [(h["weekday"], h["opens_at"]) for h in office["hours"]][:2] == [
            ("mo", "09:00"),
            ("tu", "09:00"),
        ]
        assert pack.meta.version == 3


def test_reader_lists_agencies_districts_and_upcoming_events(demo_pack):
    with open_pack(demo_pack) as pack:
        mfc = pack.agency("mfc-perm")
        assert mfc["name"].ru.startswith("Пермский краевой")
        assert {loc["district_id"] for loc in mfc["locations"]} >= {"perm", "berezniki"}
        assert [d["id"] for d in pack.districts()][0] == "perm"
        assert pack.agency("no-such-agency") is None
        events = pack.events(after="2027-01-01T00:00")
        assert events and all(e["starts"] >= "2027-01-01" for e in events)
        assert [e["starts"] for e in events] == sorted(e["starts"] for e in events)
        assert len(pack.events()) > len(events)
        library = pack.location("library-blind-krasnova")
        assert library["street"].ru == "ул. Краснова, д. 18"
        assert any(p["number"] == "+73422129254" for p in library["phones"])
