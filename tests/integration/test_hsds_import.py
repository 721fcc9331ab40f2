"""Importing Open Referral HSDS datasets (3.0 and 1.x, folder and zip) into a content folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hsds_fixtures import (
    CZN,
    CZN_OFFICE,
    hsds1_tables,
    hsds3_tables,
    write_tables,
    write_zip,
)

from content.publisher.hsds import import_hsds

TODAY = date(2026, 11, 20)


def read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run(source: Path, out: Path, **kwargs):
    return import_hsds(source, out, today=TODAY, **kwargs)


def messages(report, severity=None):
    return [str(p) for p in report.problems if severity in (None, p.severity)]


@pytest.fixture
def hsds3_folder(tmp_path) -> Path:
    return write_tables(tmp_path / "hsds3", hsds3_tables())


@pytest.fixture
def imported3(hsds3_folder, tmp_path):
    out = tmp_path / "out"
    return run(hsds3_folder, out), out


# -- HSDS 3.0 ------------------------------------------------------------------------------


def test_a_hsds3_folder_is_imported_with_counts_and_no_errors(imported3):
    report, out = imported3
    assert report.hsds_version == "3.x"
    assert (report.services, report.agencies, report.locations) == (3, 2, 3)
    assert messages(report, "error") == []
    assert (out / "pack.yaml").is_file()
    assert (out / "services" / "families" / "child-allowance.yaml").is_file()


def test_the_pack_is_not_demo_and_allows_exactly_the_https_hosts_of_the_data(imported3):
    _, out = imported3
    pack = read(out / "pack.yaml")
    assert pack["demo"] is False
    assert pack["languages"] == ["ru", "en"]
    assert pack["region"] == "RU-PER"
    # czn.permkrai.ru/jobs was http:// and is not published; the host is allowed by the website
    assert pack["allowed_hosts"] == ["czn.permkrai.ru", "mfc.permkrai.ru", "www.gosuslugi.ru"]


def test_an_agency_has_its_offices_with_address_district_hours_phones_and_accessibility(
    imported3,
):
    _, out = imported3
    mfc = read(out / "agencies" / "mfc-perm.yaml")
    assert mfc["name"] == {"ru": "Пермский краевой МФЦ"}
    assert mfc["short_name"] == {"ru": "МФЦ"}
    assert mfc["description"] == {"ru": "Многофункциональный центр: **госуслуги** в одном окне."}
    assert mfc["source"] == "https://mfc.permkrai.ru/"
    offices = {loc["id"]: loc for loc in mfc["locations"]}
    assert set(offices) == {"mfc-perm-lenina", "mfc-kungur"}  # the virtual location is left out
    lenina = offices["mfc-perm-lenina"]
    assert lenina["address"] == {
        "street": {"ru": "ул. Ленина, д. 51"},
        "city": {"ru": "Пермь"},
        "postal_code": "614000",
    }
    assert lenina["district"] == "perm"
    assert lenina["hours"] == {"mo-fr": "08:00-20:00", "sa": "09:00-15:00"}
    assert lenina["phones"] == [
        {"number": "+7 342 270-11-20", "description": {"ru": "Единая справочная"}}
    ]
    assert lenina["accessibility"] == ["ramp", "elevator"]
    assert (lenina["latitude"], lenina["longitude"]) == (58.0105, 56.2502)
    assert lenina["transit"] == {"ru": "Остановка «Центральный рынок»"}
    kungur = offices["mfc-kungur"]
    assert kungur["address"]["city"] == {"ru": "Кунгур"}  # "г. " is dropped
    assert kungur["district"] == "kungur"
    assert kungur["hours"] == {"mo-fr": "09:00-13:00, 14:00-18:00"}
    assert kungur["hours_note"] == {"ru": "В предпраздничные дни на час короче"}
    assert "phones" not in kungur  # "12" is not a phone number: left out, with a warning


def test_upper_case_uuid_ids_are_lower_cased_and_other_bad_ids_are_slugified(imported3):
    report, out = imported3
    czn = read(out / "agencies" / f"{CZN.lower()}.yaml")
    assert czn["id"] == CZN.lower()
    assert czn["locations"][0]["id"] == CZN_OFFICE.lower()
    assert czn["locations"][0]["hours"] == {"mo-th": "09:00-18:00", "fr": "09:00-16:45"}
    assert czn["phones"] == [{"number": "8 800 100-00-01", "description": {"ru": "Горячая линия"}}]
    legal = read(out / "services" / "imported" / "legal-aid-1.yaml")
    assert legal["id"] == "legal-aid-1"


def test_a_service_has_its_agency_offices_texts_documents_cost_and_dates(imported3):
    _, out = imported3
    service = read(out / "services" / "families" / "child-allowance.yaml")
    assert service["kind"] == "service"
    assert service["categories"] == ["families"]
    assert service["name"] == {"ru": "Единое пособие на детей"}
    assert service["summary"] == {"ru": "Ежемесячная выплата семьям с детьми."}
    assert service["description"]["ru"].startswith("Ежемесячная выплата семьям с детьми.")
    assert "Подать заявление можно в МФЦ." in service["description"]["ru"]
    assert service["eligibility"] == {"text": {"ru": "Семьи с детьми до 17 лет"}}
    assert service["cost"] == "free"
    assert service["documents"] == [
        {"ru": "Паспорт заявителя"},
        {"ru": "Свидетельство о рождении ребёнка"},
    ]
    assert service["apply"] == {
        "online": "https://www.gosuslugi.ru/600101/1",
        "in_person": {"ru": "В любом офисе МФЦ"},
    }
    assert service["agencies"] == ["mfc-perm"]
    assert service["locations"] == ["mfc-kungur", "mfc-perm-lenina"]
    assert service["source"] == "https://www.gosuslugi.ru/600101/1"
    assert service["reviewed"] == date(2025, 10, 1)  # assured_date


def test_a_service_without_https_url_takes_its_source_from_the_organization_website(imported3):
    report, out = imported3
    job = read(out / "services" / "employment" / "job-search.yaml")
    assert "apply" not in job  # http://czn.permkrai.ru/jobs is not offered to citizens
    assert job["source"] == "https://czn.permkrai.ru/"
    assert job["agencies"] == [CZN.lower()]
    assert job["reviewed"] == TODAY
    assert any("not https://" in m for m in messages(report, "warning"))


def test_review_date_comes_from_the_metadata_table_and_age_limits_become_eligibility_text(
    imported3,
):
    _, out = imported3
    legal = read(out / "services" / "imported" / "legal-aid-1.yaml")
    assert legal["reviewed"] == date(2025, 9, 15)
    assert legal["eligibility"] == {"text": {"ru": "Возраст: от 18 лет."}}


def test_categories_come_from_taxonomy_terms_and_untagged_services_go_to_imported(imported3):
    _, out = imported3
    categories = read(out / "categories.yaml")
    assert [c["id"] for c in categories] == ["employment", "families", "imported"]
    assert categories[1]["title"] == {"ru": "Семьи с детьми"}
    assert categories[2]["title"] == {"ru": "Импортированные услуги"}


def test_districts_come_from_address_cities_with_transliterated_ids(imported3):
    _, out = imported3
    assert read(out / "districts.yaml") == [
        {"id": "kungur", "name": {"ru": "Кунгур"}},
        {"id": "perm", "name": {"ru": "Пермь"}},
    ]


def test_inactive_services_are_not_imported_and_said_so(imported3):
    report, out = imported3
    assert not list(out.rglob("old-service.yaml"))
    assert "service.csv:8: warning: service 'old-service' is inactive; not imported" in messages(
        report
    )


def test_the_same_input_gives_byte_identical_output(hsds3_folder, tmp_path):
    run(hsds3_folder, tmp_path / "a")
    run(hsds3_folder, tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b and files_a
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_a_non_empty_output_folder_is_refused_unless_overwrite_is_asked(hsds3_folder, tmp_path):
    out = tmp_path / "out"
    run(hsds3_folder, out)
    (out / "synonyms.yaml").write_text("ru: []\n", encoding="utf-8")
    (out / "agencies" / "stale.yaml").write_text("id: stale\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        run(hsds3_folder, out)
    report = run(hsds3_folder, out, overwrite=True)
    assert report.services == 3
    assert not (out / "agencies" / "stale.yaml").exists()
    assert (out / "synonyms.yaml").exists()  # not ours: left alone


# -- zip with datapackage.json ---------------------------------------------------------------


def test_a_zip_with_datapackage_json_finds_tables_by_resource_even_under_other_names(tmp_path):
    source = write_zip(
        tmp_path / "perm.zip",
        hsds3_tables(),
        rename={"organization.csv": "orgs.csv", "service.csv": "svc.csv"},
    )
    report = run(source, tmp_path / "out")
    assert (report.services, report.agencies, report.locations) == (3, 2, 3)
    assert messages(report, "error") == []
    pack = read(tmp_path / "out" / "pack.yaml")
    assert pack["title"] == {"ru": "Услуги Пермского края"}
    service = read(tmp_path / "out" / "services" / "families" / "child-allowance.yaml")
    assert service["agencies"] == ["mfc-perm"]
    # problems name the file inside the zip
    assert any(m.startswith("data/svc.csv:8:") for m in messages(report))


def test_the_dataset_homepage_is_the_source_when_nothing_better_exists(tmp_path):
    tables = hsds3_tables()
    columns, rows = tables["organization.csv"]
    tables["organization.csv"] = (columns, [row[:5] + [""] for row in rows])  # no websites
    source = write_zip(tmp_path / "perm.zip", tables)
    run(source, tmp_path / "out")
    job = read(tmp_path / "out" / "services" / "employment" / "job-search.yaml")
    assert job["source"] == "https://opendata.permkrai.ru/hsds"
    assert "opendata.permkrai.ru" in read(tmp_path / "out" / "pack.yaml")["allowed_hosts"]


# -- HSDS 1.x --------------------------------------------------------------------------------


def test_a_hsds1_dataset_is_detected_and_imported(tmp_path):
    source = write_tables(tmp_path / "hsds1", hsds1_tables())
    report = run(source, tmp_path / "out")
    assert report.hsds_version == "1.x"
    assert (report.services, report.agencies, report.locations) == (1, 1, 1)
    assert messages(report, "error") == []
    agency = read(tmp_path / "out" / "agencies" / "kcson-perm.yaml")
    office = agency["locations"][0]
    assert agency["website"] == "https://kcson.permkrai.ru/"  # 1.x `url` column
    assert office["address"]["city"] == {"ru": "Березники"}
    assert office["district"] == "berezniki"
    assert office["hours"] == {"mo-fr": "09:00-17:00"}  # weekday names, HH:MM:SS times
    assert office["accessibility"] == ["elevator", "parking_disabled"]
    assert office["accessibility_note"] == {"ru": "Доступно для инвалидных колясок. Вход со двора."}
    service = read(tmp_path / "out" / "services" / "older" / "home-care.yaml")
    assert service["categories"] == ["older"]  # services_taxonomy -> taxonomy
    assert service["eligibility"] == {"text": {"ru": "Пенсионеры, Люди с инвалидностью"}}
    assert service["cost"] == "partly_paid"
    assert service["documents"] == [{"ru": "Паспорт"}]
    assert service["locations"] == ["kcson-office"]


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8-sig"])
def test_windows_1251_and_utf8_with_bom_files_read_the_same_as_plain_utf8(tmp_path, encoding):
    plain = run(write_tables(tmp_path / "plain" / "src", hsds3_tables()), tmp_path / "out-plain")
    other = run(
        write_tables(tmp_path / "other" / "src", hsds3_tables(), encoding), tmp_path / "out"
    )
    assert (other.services, other.agencies, other.locations) == (3, 2, 3)
    assert messages(other) == messages(plain)  # a BOM does not become an unknown column
    agency = read(tmp_path / "out" / "agencies" / "mfc-perm.yaml")
    assert agency["name"] == {"ru": "Пермский краевой МФЦ"}
    assert read(tmp_path / "out" / "districts.yaml")[1]["name"] == {"ru": "Пермь"}


def test_a_semicolon_separated_export_is_read(tmp_path):
    folder = write_tables(tmp_path / "src", hsds3_tables())
    for path in folder.glob("*.csv"):  # re-write as Russian Excel does: ';' and cp1251
        import csv
        import io

        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        path.write_bytes(buffer.getvalue().encode("cp1251"))
    report = run(folder, tmp_path / "out")
    assert (report.services, report.agencies, report.locations) == (3, 2, 3)


# -- problems --------------------------------------------------------------------------------


def test_an_unknown_extra_column_gives_one_warning_per_file_and_is_not_fatal(tmp_path):
    tables = hsds3_tables()
    columns, rows = tables["service.csv"]
    tables["service.csv"] = (columns + ["internal_note", "Операторы"],
                             [row + ["x", "y"] for row in rows])  # fmt: skip
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    unknown = [p for p in report.problems if "unknown column" in p.message]
    assert len(unknown) == 1
    assert (unknown[0].path, unknown[0].line, unknown[0].severity) == ("service.csv", 1, "warning")
    assert "internal_note" in unknown[0].message and "операторы" in unknown[0].message
    assert report.services == 3
    assert messages(report, "error") == []


def test_broken_rows_are_reported_with_file_and_physical_line_and_the_rest_is_imported(tmp_path):
    tables = hsds3_tables()
    columns, rows = tables["service.csv"]
    # child-allowance's description spans lines 2-5 (quoted newlines); job-search is line 6,
    # Legal Aid 1 line 7, old-service line 8; the broken rows follow.
    rows = rows + [
        "too-few,mfc-perm,Обрывок строки",  # line 9: wrong number of fields
        ",mfc-perm,Без идентификатора" + "," * (len(columns) - 3),  # line 10: no id
        "orphan,no-such-org,Сирота" + "," * (len(columns) - 3),  # line 11: unknown org
    ]
    tables["service.csv"] = (columns, rows)
    s_columns, s_rows = tables["schedule.csv"]
    tables["schedule.csv"] = (s_columns, s_rows + [
        ["s9", "", "mfc-perm-lenina", "", "WEEKLY", "SU", "25:99", "18:00", ""],  # line 8
    ])  # fmt: skip
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    errors = {(p.path, p.line): p.message for p in report.problems if p.severity == "error"}
    assert set(errors) == {
        ("service.csv", 9),
        ("service.csv", 10),
        ("service.csv", 11),
        ("schedule.csv", 8),
    }
    assert "fields" in errors[("service.csv", 9)]
    assert "id" in errors[("service.csv", 10)]
    assert "no-such-org" in errors[("service.csv", 11)]
    assert "25:99" in errors[("schedule.csv", 8)]
    assert report.services == 3
    lenina = read(tmp_path / "out" / "agencies" / "mfc-perm.yaml")["locations"][1]
    assert lenina["hours"] == {"mo-fr": "08:00-20:00", "sa": "09:00-15:00"}  # no Sunday


def test_a_dataset_without_a_service_table_is_an_error_not_a_crash(tmp_path):
    tables = {k: v for k, v in hsds3_tables().items() if k != "service.csv"}
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    assert report.services == 0
    assert any("no service table" in m for m in messages(report, "error"))


# -- the validator ---------------------------------------------------------------------------


def _validator():
    """The team's folder validator: content.loader.validate_folder or content.publisher.sources."""
    try:
        from content.loader import validate_folder  # type: ignore[import-not-found]

        return lambda folder: [p for p in validate_folder(folder) if p.severity == "error"]
    except ImportError:
        from content.publisher.sources import load_folder

        return lambda folder: list(load_folder(folder).problems.errors)


@pytest.mark.parametrize("layout", ["hsds3-folder", "hsds3-zip", "hsds1-cp1251"])
def test_the_imported_folder_validates_without_errors(tmp_path, layout):
    if layout == "hsds3-folder":
        source = write_tables(tmp_path / "src", hsds3_tables())
    elif layout == "hsds3-zip":
        source = write_zip(tmp_path / "src.zip", hsds3_tables())
    else:
        source = write_tables(tmp_path / "src", hsds1_tables(), "cp1251")
    run(source, tmp_path / "out")
    errors = _validator()(tmp_path / "out")
    assert [str(e) for e in errors] == []


# -- shapes seen in the HSDS 3.0 specification's own example dataset --------------------------


def test_a_row_missing_only_trailing_columns_the_importer_does_not_read_is_kept(tmp_path):
    # The spec's taxonomy_terms.csv has 11 header columns and 9 fields: the last two
    # (taxonomy_detail, metadata) are left off.
    tables = hsds3_tables()
    columns = ["id", "code", "name", "description", "parent_id", "taxonomy", "language",
               "taxonomy_id", "term_uri", "taxonomy_detail", "metadata"]  # fmt: skip
    tables["taxonomy_term.csv"] = (columns, [
        "families,F,Семьи с детьми,,,,ru,perm-social,https://example.org/f",
        "employment,E,Работа и занятость,,,,ru,perm-social,https://example.org/e,,",
    ])  # fmt: skip
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    assert messages(report, "error") == []
    short = "the row has 9 fields, the header has 11; the missing ones are not used"
    assert f"taxonomy_term.csv:2: warning: {short}" in messages(report)
    categories = read(tmp_path / "out" / "categories.yaml")
    assert [c["id"] for c in categories] == ["employment", "families", "imported"]


def test_a_row_missing_columns_the_importer_reads_is_still_an_error(tmp_path):
    tables = hsds3_tables()
    columns = ["id", "code", "name", "description", "parent_id", "taxonomy_id"]
    tables["taxonomy_term.csv"] = (columns, ["families,F,Семьи с детьми", "employment,E,Работа,,,"])
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    assert [(p.path, p.line) for p in report.errors] == [("taxonomy_term.csv", 2)]
    assert "skipped" in report.errors[0].message


PHONE_COLUMNS = [
    "id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
    "number", "extension", "type", "description",
]  # fmt: skip


def test_a_phone_that_names_its_office_organization_service_and_contact_is_kept(tmp_path):
    # The spec's phone.csv fills every link column of its one row, and quotes the number.
    tables = hsds3_tables()
    tables["phone.csv"] = (PHONE_COLUMNS, [
        ["p1", "mfc-perm-lenina", "child-allowance", "mfc-perm", "contact-1", "sal1",
         '"+7 342 270-11-20"', "", "voice", "Единая справочная"],
        ["p2", "", "job-search", CZN, "contact-2", "", "8 800 100-00-01", "", "voice",
         "Горячая линия"],
        ["p3", "", "child-allowance", "", "", "", "8 800 100-00-02", "", "voice", ""],
        ["p4", "no-such-office", "child-allowance", "", "", "", "8 800 100-00-03", "", "voice", ""],
    ])  # fmt: skip
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    lenina = read(tmp_path / "out" / "agencies" / "mfc-perm.yaml")["locations"][1]
    assert lenina["id"] == "mfc-perm-lenina"
    assert lenina["phones"] == [
        {"number": "+7 342 270-11-20", "description": {"ru": "Единая справочная"}}
    ]
    mfc = read(tmp_path / "out" / "agencies" / "mfc-perm.yaml")
    assert "phones" not in mfc  # p1 belongs to the office, p3 only to a service
    czn = read(tmp_path / "out" / "agencies" / f"{CZN.lower()}.yaml")
    assert czn["phones"] == [{"number": "8 800 100-00-01", "description": {"ru": "Горячая линия"}}]
    assert [(p.path, p.line) for p in report.errors] == [("phone.csv", 5)]
    assert "no-such-office" in report.errors[0].message


def test_a_location_of_an_unknown_organization_goes_under_the_organization_of_its_service(
    tmp_path,
):
    # The spec's location.csv points organization_id at an organization not in the dataset.
    tables = hsds3_tables()
    columns, rows = tables["location.csv"]
    org = columns.index("organization_id")
    rows = [[*r[:org], "no-such-org", *r[org + 1 :]] if r[0] == CZN_OFFICE else r for r in rows]
    rows.append(["lonely", "physical", "no-such-org", "Ничей офис", "", "", ""])
    tables["location.csv"] = (columns, rows)
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    czn = read(tmp_path / "out" / "agencies" / f"{CZN.lower()}.yaml")
    assert [loc["id"] for loc in czn["locations"]] == [CZN_OFFICE.lower()]
    assert czn["locations"][0]["hours"] == {"mo-th": "09:00-18:00", "fr": "09:00-16:45"}
    job = read(tmp_path / "out" / "services" / "employment" / "job-search.yaml")
    assert job["locations"] == [CZN_OFFICE.lower()]
    warning = next(p for p in report.problems if "placed under" in p.message)
    assert (warning.path, warning.line, warning.severity) == ("location.csv", 4, "warning")
    assert "no-such-org" in warning.message and CZN in warning.message
    assert [(p.path, p.line) for p in report.errors] == [("location.csv", 6)]
    assert "'lonely' refers to unknown organization 'no-such-org'" in report.errors[0].message


def test_a_schedule_keeps_both_its_description_and_its_notes(tmp_path):
    tables = hsds3_tables()
    columns, rows = tables["schedule.csv"]
    tables["schedule.csv"] = (columns + ["notes"], [
        r + (["Обед с 13:00 до 14:00"] if r[0] == "s4" else [""]) for r in rows
    ])  # fmt: skip
    run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    kungur = read(tmp_path / "out" / "agencies" / "mfc-perm.yaml")["locations"][0]
    assert kungur["id"] == "mfc-kungur"
    assert kungur["hours_note"] == {
        "ru": "В предпраздничные дни на час короче\nОбед с 13:00 до 14:00"
    }


def test_a_service_alert_is_carried_into_the_description(tmp_path):
    tables = hsds3_tables()
    columns, rows = tables["service.csv"]
    tables["service.csv"] = (columns + ["alert"], [
        r + (["Приём временно только онлайн."] if r[0] == "job-search" else [""]) for r in rows
    ])  # fmt: skip
    run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    job = read(tmp_path / "out" / "services" / "employment" / "job-search.yaml")
    assert job["description"] == {
        "ru": "Подбор вакансий и консультации.\n\n**Внимание:** Приём временно только онлайн."
    }


def test_a_schedule_that_has_ended_is_not_shown_as_todays_hours(tmp_path):
    tables = hsds3_tables()
    columns, rows = tables["schedule.csv"]
    ended = {"s1": "2005-12-31", "s2": "2099-12-31"}  # weekdays ended long ago; Saturday runs
    tables["schedule.csv"] = (columns + ["valid_to"], [r + [ended.get(r[0], "")] for r in rows])
    report = run(write_tables(tmp_path / "src", tables), tmp_path / "out")
    lenina = read(tmp_path / "out" / "agencies" / "mfc-perm.yaml")["locations"]
    lenina = next(loc for loc in lenina if loc["id"] == "mfc-perm-lenina")
    assert lenina["hours"] == {"sa": "09:00-15:00"}
    warning = next(p for p in report.problems if "ended" in p.message)
    assert (warning.path, warning.line) == ("schedule.csv", 2)
    assert "2005-12-31" in warning.message
