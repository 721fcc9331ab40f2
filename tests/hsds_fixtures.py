"""Small HSDS datasets built by code (no binary files in the repository).

`hsds3_tables()` is a Perm dataset in HSDS 3.0 layout, `hsds1_tables()` the same kind of
data in the older 1.x layout. `write_tables()` writes either as CSV in a chosen encoding;
`write_zip()` packs them with a datapackage.json; `large_hsds3_tables()` is for the benchmark.
A row given as a plain string is written verbatim, to make broken rows on purpose.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

CZN = "0FDFB57F-C147-4CFB-864C-44788A335D8C"  # an upper-case UUID, as many exports write them
CZN_OFFICE = "A8C7E2D4-1B2C-4D5E-8F90-123456789ABC"

Tables = dict[str, tuple[list[str], list]]


def hsds3_tables() -> Tables:
    return {
        "organization.csv": (
            ["id", "name", "alternate_name", "description", "email", "website"],
            [
                ["mfc-perm", "Пермский краевой МФЦ", "МФЦ",
                 "Многофункциональный центр: <b>госуслуги</b> в одном окне.",
                 "info@mfc.permkrai.ru", "https://mfc.permkrai.ru/"],
                [CZN, "Центр занятости населения Пермского края", "", "Помощь в поиске работы.",
                 "", "https://czn.permkrai.ru/"],
            ],
        ),
        "location.csv": (
            ["id", "location_type", "organization_id", "name", "transportation", "latitude",
             "longitude"],
            [
                ["mfc-perm-lenina", "physical", "mfc-perm", "Офис «Ленинский»",
                 "Остановка «Центральный рынок»", "58.0105", "56.2502"],
                ["mfc-kungur", "physical", "mfc-perm", "Офис в Кунгуре", "", "", ""],
                [CZN_OFFICE, "physical", CZN, "ЦЗН Перми", "", "", ""],
                ["online", "virtual", "mfc-perm", "Портал", "", "", ""],
            ],
        ),
        "address.csv": (
            ["id", "location_id", "address_1", "city", "region", "postal_code", "country",
             "address_type"],
            [
                ["a1", "mfc-perm-lenina", "ул. Ленина, д. 51", "Пермь", "Пермский край",
                 "614000", "RU", "physical"],
                ["a2", "mfc-kungur", "ул. Гоголя, д. 5", "г. Кунгур", "Пермский край",
                 "617470", "RU", "physical"],
                ["a3", CZN_OFFICE, "ул. Ленина, д. 10", "Пермь", "Пермский край", "614000",
                 "RU", "physical"],
            ],
        ),
        "phone.csv": (
            ["id", "location_id", "service_id", "organization_id", "number", "extension", "type",
             "description"],
            [
                ["p1", "mfc-perm-lenina", "", "", "+7 342 270-11-20", "", "voice",
                 "Единая справочная"],
                ["p2", "", "", CZN, "8 800 100-00-01", "", "voice", "Горячая линия"],
                ["p3", "mfc-kungur", "", "", "12", "", "voice", ""],
            ],
        ),
        "schedule.csv": (
            ["id", "service_id", "location_id", "service_at_location_id", "freq", "byday",
             "opens_at", "closes_at", "description"],
            [
                ["s1", "", "mfc-perm-lenina", "", "WEEKLY", "MO,TU,WE,TH,FR", "08:00", "20:00",
                 ""],
                ["s2", "", "mfc-perm-lenina", "", "WEEKLY", "SA", "09:00", "15:00", ""],
                ["s3", "", "mfc-kungur", "", "WEEKLY", "MO,TU,WE,TH,FR", "09:00", "13:00", ""],
                ["s4", "", "mfc-kungur", "", "WEEKLY", "MO,TU,WE,TH,FR", "14:00", "18:00",
                 "В предпраздничные дни на час короче"],
                ["s5", "", CZN_OFFICE, "", "WEEKLY", "MO,TU,WE,TH", "09:00", "18:00", ""],
                ["s6", "", CZN_OFFICE, "", "WEEKLY", "FR", "09:00:00", "16:45:00", ""],
            ],
        ),
        "accessibility.csv": (
            ["id", "location_id", "description", "details", "url"],
            [
                ["ac1", "mfc-perm-lenina", "Пандус у входа со стороны двора", "", ""],
                ["ac2", "mfc-perm-lenina", "Лифт на все этажи", "", ""],
            ],
        ),
        "taxonomy.csv": (
            ["id", "name", "description", "uri", "version"],
            [["perm-social", "Социальные услуги Пермского края", "", "", "1"]],
        ),
        "taxonomy_term.csv": (
            ["id", "code", "name", "description", "parent_id", "taxonomy_id"],
            [
                ["families", "F", "Семьи с детьми", "Пособия и помощь семьям", "", "perm-social"],
                ["employment", "E", "Работа и занятость", "", "", "perm-social"],
            ],
        ),
        "attribute.csv": (
            ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
            [
                ["at1", "child-allowance", "families", "service_type", "service", ""],
                ["at2", "job-search", "employment", "service_type", "service", ""],
            ],
        ),
        "service.csv": (
            ["id", "organization_id", "name", "alternate_name", "description", "url", "status",
             "application_process", "fees_description", "eligibility_description",
             "minimum_age", "maximum_age", "assured_date"],
            [
                ["child-allowance", "mfc-perm", "Единое пособие на детей", "",
                 "Ежемесячная выплата семьям с детьми. Назначается, если доход ниже\n"
                 "прожиточного минимума.\n\nПодать заявление можно в МФЦ.",
                 "https://www.gosuslugi.ru/600101/1", "active", "В любом офисе МФЦ",
                 "Бесплатно", "Семьи с детьми до 17 лет", "", "", "2025-10-01"],
                ["job-search", CZN, "Помощь в поиске работы", "",
                 "Подбор вакансий и консультации.", "http://czn.permkrai.ru/jobs", "active", "",
                 "", "", "", "", ""],
                ["Legal Aid 1", "mfc-perm", "Бесплатная юридическая помощь", "",
                 "Консультации юриста для малоимущих граждан.", "", "active", "", "", "",
                 "18", "", ""],
                ["old-service", "mfc-perm", "Закрытая услуга", "", "", "", "inactive", "", "",
                 "", "", "", ""],
            ],
        ),
        "service_at_location.csv": (
            ["id", "service_id", "location_id", "description"],
            [
                ["sal1", "child-allowance", "mfc-perm-lenina", ""],
                ["sal2", "child-allowance", "mfc-kungur", ""],
                ["sal3", "job-search", CZN_OFFICE, ""],
                ["sal4", "Legal Aid 1", "mfc-perm-lenina", ""],
            ],
        ),
        "cost_option.csv": (
            ["id", "service_id", "option", "currency", "amount", "amount_description"],
            [["c1", "child-allowance", "", "RUB", "0", ""]],
        ),
        "required_document.csv": (
            ["id", "service_id", "document", "uri"],
            [
                ["d1", "child-allowance", "Паспорт заявителя", ""],
                ["d2", "child-allowance", "Свидетельство о рождении ребёнка", ""],
            ],
        ),
        "metadata.csv": (
            ["id", "resource_id", "resource_type", "last_action_date", "last_action_type"],
            [["m1", "Legal Aid 1", "service", "2025-09-15", "update"]],
        ),
    }  # fmt: skip


def hsds1_tables() -> Tables:
    return {
        "organizations.csv": (
            ["id", "name", "alternate_name", "description", "email", "url", "tax_status"],
            [["kcson-perm", "КЦСОН Перми", "", "Социальное обслуживание на дому.", "",
              "https://kcson.permkrai.ru/", ""]],
        ),
        "locations.csv": (
            ["id", "organization_id", "name", "alternate_name", "description", "transportation",
             "latitude", "longitude"],
            [["kcson-office", "kcson-perm", "Отделение на Пушкина", "", "", "", "", ""]],
        ),
        "physical_addresses.csv": (
            ["id", "location_id", "attention", "address_1", "address_2", "address_3",
             "address_4", "city", "region", "state_province", "postal_code", "country"],
            [["pa1", "kcson-office", "", "ул. Пушкина, д. 1", "", "", "", "Березники", "", "",
              "618400", "RU"]],
        ),
        "phones.csv": (
            ["id", "location_id", "service_id", "organization_id", "contact_id",
             "service_at_location_id", "number", "extension", "type", "language", "description"],
            [["ph1", "kcson-office", "", "", "", "", "+7 (3424) 26-00-00", "", "voice", "ru", ""]],
        ),
        "services.csv": (
            ["id", "organization_id", "program_id", "name", "alternate_name", "description",
             "url", "email", "status", "interpretation_services", "application_process",
             "wait_time", "fees", "accreditations", "licenses"],
            [["home-care", "kcson-perm", "", "Социальное обслуживание на дому",
              "", "Помощь пожилым людям дома. Покупка продуктов и уборка.", "", "", "active",
              "", "Позвоните в отделение", "", "Частично платно", "", ""]],
        ),
        "services_at_location.csv": (
            ["id", "service_id", "location_id", "description"],
            [["sl1", "home-care", "kcson-office", ""]],
        ),
        "regular_schedules.csv": (
            ["id", "service_id", "location_id", "service_at_location_id", "weekday", "opens_at",
             "closes_at"],
            [[f"r{i}", "", "kcson-office", "", day, "09:00:00", "17:00:00"]
             for i, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])],
        ),
        "accessibility_for_disabilities.csv": (
            ["id", "location_id", "accessibility", "details"],
            [
                ["x1", "kcson-office", "elevator", ""],
                ["x2", "kcson-office", "disabled_parking", ""],
                ["x3", "kcson-office", "wheelchair", "Вход со двора"],
            ],
        ),
        "eligibility.csv": (
            ["id", "service_id", "eligibility"],
            [["e1", "home-care", "Пенсионеры"], ["e2", "home-care", "Люди с инвалидностью"]],
        ),
        "taxonomy.csv": (
            ["id", "name", "parent_id", "parent_name", "vocabulary"],
            [["older", "Пожилым людям", "", "", "perm"]],
        ),
        "services_taxonomy.csv": (
            ["id", "service_id", "taxonomy_id", "taxonomy_detail"],
            [["st1", "home-care", "older", ""]],
        ),
        "required_documents.csv": (
            ["id", "service_id", "document"],
            [["rd1", "home-care", "Паспорт"]],
        ),
    }  # fmt: skip


def csv_text(columns: list[str], rows: list) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, str):
            buffer.write(row + "\r\n")
        else:
            writer.writerow(row)
    return buffer.getvalue()


def write_tables(folder: Path, tables: Tables, encoding: str = "utf-8") -> Path:
    """Write each table as CSV; `encoding` may be 'utf-8', 'utf-8-sig' (BOM) or 'cp1251'."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in tables.items():
        (folder / name).write_bytes(csv_text(columns, rows).encode(encoding))
    return folder


def write_zip(path: Path, tables: Tables, rename: dict[str, str] | None = None,
              homepage: str = "https://opendata.permkrai.ru/hsds") -> Path:  # fmt: skip
    """A zip with datapackage.json and the tables under data/, renamed as `rename` says."""
    rename = rename or {}
    resources = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in tables.items():
            member = "data/" + rename.get(name, name)
            archive.writestr(member, csv_text(columns, rows).encode("utf-8"))
            resources.append({"name": name.removesuffix(".csv"), "path": member,
                              "format": "csv"})  # fmt: skip
        package = {"name": "perm-services", "title": "Услуги Пермского края",
                   "homepage": homepage, "resources": resources}  # fmt: skip
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
    return path


def large_hsds3_tables(services: int = 5000, per_org: int = 10) -> Tables:
    """`services` services, one organization per `per_org` services with two offices each."""
    orgs = services // per_org
    days = ["MO,TU,WE,TH,FR", "SA"]
    tables: Tables = {
        "organization.csv": (["id", "name", "description", "email", "website"], [
            [f"org-{o}", f"Организация {o}", f"Описание организации {o}.", f"org{o}@example.ru",
             f"https://org{o % 50}.permkrai.ru/"] for o in range(orgs)]),
        "location.csv": (["id", "organization_id", "name", "latitude", "longitude"], [
            [f"loc-{o}-{k}", f"org-{o}", f"Офис {o}-{k}", "58.01", "56.25"]
            for o in range(orgs) for k in range(2)]),
        "address.csv": (["id", "location_id", "address_1", "city", "postal_code"], [
            [f"addr-{o}-{k}", f"loc-{o}-{k}", f"ул. Ленина, д. {o}",
             ["Пермь", "Кунгур", "Березники", "Соликамск"][o % 4], "614000"]
            for o in range(orgs) for k in range(2)]),
        "phone.csv": (["id", "location_id", "organization_id", "number", "description"], [
            [f"ph-{o}-{k}", f"loc-{o}-{k}", "", f"+7 342 200-{o % 100:02d}-{k:02d}", "Справочная"]
            for o in range(orgs) for k in range(2)]),
        "schedule.csv": (["id", "location_id", "freq", "byday", "opens_at", "closes_at"], [
            [f"sch-{o}-{k}-{d}", f"loc-{o}-{k}", "WEEKLY", days[d], "09:00", "18:00"]
            for o in range(orgs) for k in range(2) for d in range(2)]),
        "taxonomy_term.csv": (["id", "name"], [[f"term-{t}", f"Категория {t}"]
                                               for t in range(8)]),
        "attribute.csv": (["id", "link_id", "taxonomy_term_id", "link_entity"], [
            [f"at-{s}", f"svc-{s}", f"term-{s % 8}", "service"] for s in range(services)]),
        "service.csv": (
            ["id", "organization_id", "name", "description", "url", "status",
             "eligibility_description", "assured_date"],
            [[f"svc-{s}", f"org-{s // per_org}", f"Услуга {s}",
              f"Описание услуги {s}. Второе предложение с подробностями.\nИ ещё строка.",
              f"https://www.gosuslugi.ru/{s}", "active", "Жители Пермского края", "2025-10-01"]
             for s in range(services)]),
        "service_at_location.csv": (["id", "service_id", "location_id"], [
            [f"sal-{s}", f"svc-{s}", f"loc-{s // per_org}-{s % 2}"] for s in range(services)]),
        "required_document.csv": (["id", "service_id", "document"], [
            [f"doc-{s}", f"svc-{s}", "Паспорт"] for s in range(services)]),
    }  # fmt: skip
    return tables
