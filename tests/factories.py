"""Content folders written from code (the datasette fixtures idea): small, readable, no binaries."""

from __future__ import annotations

from pathlib import Path

import yaml

PACK = {
    "id": "test-pack",
    "title": {"ru": "Тестовый набор", "en": "Test pack"},
    "region": "RU-PER",
    "languages": ["ru", "en"],
    "demo": True,
    "version": 3,
    "allowed_hosts": ["gosuslugi.ru", "sfr.gov.ru"],
}
CATEGORIES = [{"id": "families", "title": {"ru": "Семьи с детьми", "en": "Families"}}]
DISTRICTS = [{"id": "perm", "name": {"ru": "Пермь", "en": "Perm"}}]
AGENCY = {
    "id": "sfr-perm",
    "name": {"ru": "Социальный фонд", "en": "Social Fund"},
    "source": "https://sfr.gov.ru/",
    "reviewed": "2026-11-20",
    "locations": [
        {
            "id": "sfr-perm-main",
            "name": {"ru": "Клиентская служба", "en": "Client office"},
            "address": {
                "street": {"ru": "ул. Ленина, 1", "en": "1 Lenina St"},
                "city": {"ru": "Пермь", "en": "Perm"},
            },
            "district": "perm",
            "hours": {"mo-fr": "09:00-18:00"},
        }
    ],
}


def service(service_id="child-allowance", name="Пособие на ребёнка", **extra) -> dict:
    return {
        "id": service_id,
        "kind": "benefit",
        "categories": ["families"],
        "name": {"ru": name, "en": "Child allowance"},
        "summary": {"ru": "Ежемесячная выплата семьям.", "en": "A monthly payment."},
        "agencies": ["sfr-perm"],
        "source": "https://sfr.gov.ru/",
        "reviewed": "2026-11-20",
        **extra,
    }


def write_folder(root: Path, services=None, synonyms=None, pack=None) -> Path:
    """Write a complete, valid content folder; pass services/synonyms to vary it."""

    def dump(path: Path, data) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    dump(root / "pack.yaml", {**PACK, **(pack or {})})
    dump(root / "categories.yaml", CATEGORIES)
    dump(root / "districts.yaml", DISTRICTS)
    dump(root / "agencies" / "sfr-perm.yaml", AGENCY)
    if synonyms is not None:
        dump(root / "synonyms.yaml", synonyms)
    for item in services if services is not None else [service()]:
        dump(root / "services" / "families" / f"{item['id']}.yaml", item)
    return root


def with_office_hours(agency_yaml: str, office_id: str, hours: str | None) -> str:
    """The text of an agency's source with the office `office_id`'s hours replaced by
    `hours` (YAML lines under `hours:`, indented six spaces), or given them if it had none;
    None takes its hours away (and 'hours' from its unverified marks). A targeted edit, so
    the rest of the file (comments, order, marks) stays as written."""
    at = agency_yaml.index(f"  - id: {office_id}\n")
    following = agency_yaml.find("\n  - id: ", at + 1)
    end_of_office = len(agency_yaml) if following < 0 else following + 1
    start = agency_yaml.find("    hours:\n", at, end_of_office)
    if start < 0:  # no hours yet: before its district
        start = end = agency_yaml.index("    district:", at)
    else:
        end = start + len("    hours:\n")
        while agency_yaml.startswith("      ", end):
            end = agency_yaml.index("\n", end) + 1
    if hours is None:
        office = agency_yaml[:start] + agency_yaml[end:]
        return office[:at] + _unmarked(office[at:], "hours")
    return agency_yaml[:start] + "    hours:\n" + hours + agency_yaml[end:]


def _unmarked(text: str, fact: str) -> str:
    """`text` with `fact` gone from the first `unverified: [...]` list in it."""
    start = text.find("    unverified: [")
    if start < 0:
        return text
    end = text.index("]\n", start)
    marks = [m.strip() for m in text[start + len("    unverified: [") : end].split(",")]
    kept = [m for m in marks if m and m != fact]
    line = f"    unverified: [{', '.join(kept)}]" if kept else ""
    return text[:start] + line + text[end + (1 if kept else 2) :]
