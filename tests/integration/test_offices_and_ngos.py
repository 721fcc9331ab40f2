"""The demo pack's offices, non-profits and unverified facts (issue 18): what the validator
allows, what the pack carries, what the filters answer and what a printout says.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from command import kiosk

from content.pack.reader import open_pack
from content.publisher.sources import load_folder

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "content" / "demo"
WEDNESDAY_11 = datetime(2026, 12, 2, 11, 0)
"""A fixed clock: a working morning, when a state office and an NGO office are open."""
THREE_DISTRICTS = ("perm", "berezniki", "kudymkar")


@pytest.fixture(scope="module")
def content():
    loaded = load_folder(DEMO)
    assert loaded.ok, [str(p) for p in loaded.problems.errors]
    return loaded.content


@pytest.fixture(scope="module")
def pack(demo_pack):
    with open_pack(demo_pack) as pack:
        yield pack


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# -- the validator ---------------------------------------------------------------------------


def test_unverified_facts_are_refused_in_a_pack_that_is_not_a_demo(demo_copy):
    pack_yaml = demo_copy / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text("utf-8").replace("demo: true", "demo: false"))
    result = kiosk("content", "validate", demo_copy)
    assert result.returncode == 1
    mfc = demo_copy / "agencies" / "mfc-perm.yaml"
    line = line_of(mfc, "unverified: [address, hours, phones, accessibility]")
    lines = result.stdout.splitlines()
    for fact in ("address", "hours", "phones", "accessibility"):
        assert any(
            entry.startswith(f"{mfc}:{line}: unverified fact '{fact}' in a pack that is not a demo")
            for entry in lines
        ), lines
    # An office whose every fact is checked is not named.
    assert not any("library-gorky.yaml" in entry and "'address'" in entry for entry in lines)


def test_a_demo_pack_accepts_them(demo_copy):
    result = kiosk("content", "validate", "-q", demo_copy)
    assert result.returncode == 0, result.stdout
    assert "unverified" not in result.stdout


def test_an_unknown_or_absent_fact_is_named_at_its_line(demo_copy):
    path = demo_copy / "agencies" / "zo-perm.yaml"
    text = path.read_text("utf-8")
    text = text.replace("unverified: [hours, phones, accessibility]", "unverified: [hours, fax]")
    text = text.replace("      mo-fr: 09:00-18:00\n", "", 1)
    text = text.replace("      sa: 10:00-14:00\n      su: closed\n", "", 1)
    text = text.replace("    hours:\n", "", 1)
    path.write_text(text, "utf-8")
    result = kiosk("content", "validate", "-q", demo_copy)
    line = line_of(path, "unverified: [hours, fax]")
    assert f"{path}:{line}: 'hours' is marked unverified, but there is no hours to mark" in (
        result.stdout
    )
    assert f"{path}:{line}: 'unverified' lists 'fax'" in result.stdout


# -- the demo content ------------------------------------------------------------------------


def test_every_demo_office_has_an_address_hours_phones_and_accessibility(content):
    offices = content.locations()
    assert len(offices) >= 40
    for office in offices:
        assert office.address.street, office.id
        assert office.hours, office.id
        assert office.phones, office.id
        assert office.accessibility, office.id


def test_every_agency_can_be_phoned(content):
    for agency in content.agencies:
        assert agency.phones or all(o.phones for o in agency.locations), agency.id


def test_checked_facts_carry_no_mark_and_illustrative_ones_do(content):
    offices = {o.id: o for o in content.locations()}
    assert "address" not in offices["sfr-perm-kudymkar-center"].unverified
    assert "hours" not in offices["sfr-perm-kudymkar-center"].unverified
    assert {"address", "hours"} <= set(offices["mfc-perm-perm"].unverified)
    assert sum(1 for o in offices.values() if o.unverified) >= len(offices) // 2


def test_at_least_eight_non_profits_each_with_an_official_source_and_a_service(content):
    ngos = [a for a in content.agencies if a.type == "ngo"]
    assert len(ngos) >= 8
    provided = {agency for s in content.services for agency in s.agencies}
    for ngo in ngos:
        assert ngo.source.startswith("https://") and ngo.reviewed, ngo.id
        assert ngo.id in provided, ngo.id
    assert all(a.type == "government" for a in content.agencies if a.id == "sfr-perm")


# -- the built pack --------------------------------------------------------------------------


def test_the_pack_carries_types_and_unverified_facts(pack):
    vog = pack.agency("vog-perm")
    assert vog["type"] == "ngo" and pack.agency("sfr-perm")["type"] == "government"
    (office,) = vog["locations"]
    assert office["unverified"] == ["address", "hours", "phones", "accessibility"]
    assert pack.location(office["id"])["unverified"] == office["unverified"]
    kudymkar = pack.location("sfr-perm-kudymkar-center")
    assert kudymkar["unverified"] == ["accessibility"]
    service = pack.service("home-social-services")
    marks = {loc["id"]: loc["unverified"] for loc in service["locations"]}
    assert "hours" in marks["kcson-perm-perm"]


def test_information_as_of_is_the_oldest_review_not_the_build(pack, content):
    reviewed = [i.reviewed for i in (*content.agencies, *content.services, *content.events)]
    assert pack.meta.checked == min(reviewed)
    assert pack.meta.date == pack.meta.checked != pack.meta.created_at[:10]


def test_non_profits_appear_in_browse_search_and_the_agencies_list(pack):
    ngos = {a["id"] for a in pack.agencies() if a["type"] == "ngo"}
    assert len(ngos) >= 8
    browsed = set()
    for category in pack.categories():
        for service in pack.services_in_category(category["id"]):
            full = pack.service(service["id"])
            browsed |= {a["id"] for a in full["agencies"]} & ngos
    assert browsed == ngos
    for query, kind, item in [
        ("сурдопереводчик", "service", "ngo-sign-language-interpreter"),
        ("общество глухих", "agency", "vog-perm"),
        ("красный крест", "agency", "redcross-perm"),
        ("дедморозим", "agency", "dedmorozim"),
        ("паллиативная помощь", "service", "ngo-palliative-care"),
        ("общество слепых", "agency", "vos-perm"),
    ]:
        hits = [(h.kind, h.id) for h in pack.search(query, limit=5)]
        assert (kind, item) in hits, (query, hits)


@pytest.mark.parametrize("district", THREE_DISTRICTS)
def test_open_now_and_step_free_answer_in_three_districts(pack, district):
    from kiosk.core.agency_filter import Filters, catalogue, match

    agencies = catalogue(pack)
    everything = match(agencies, Filters(district=district), WEDNESDAY_11)
    open_now = match(agencies, Filters(district=district, open_now=True), WEDNESDAY_11)
    step_free = match(agencies, Filters(district=district, step_free=True), WEDNESDAY_11)
    assert open_now.offices >= 2 and step_free.offices >= 1
    assert step_free.offices < everything.offices  # some offices there have steps
    night = match(
        agencies, Filters(district=district, open_now=True), WEDNESDAY_11.replace(hour=23)
    )
    assert night.offices < open_now.offices


# -- paper -----------------------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_a_printed_leaflet_says_to_be_confirmed_next_to_illustrative_facts(pack, tmp_path):
    from printouts.leaflet import leaflet

    printout = leaflet(pack, "ngo-sign-language-interpreter")
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(printout.pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Некоммерческая организация" in flat
    assert re.search(r"Адрес: ул\. Газеты «Звезда», д\. 5, Пермь \(уточняйте\)", flat), flat
    assert re.search(r"Телефон: \+7 342 000-22-01 \(уточняйте\)", flat)
    assert "Сведения проверены: 4 декабря 2026 г." in flat
    assert "Доступность:" in flat
