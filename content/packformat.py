"""The content pack format: one definition for the builder that writes packs and the kiosk
that reads them. A pack is one SQLite file; `meta.schema_version` says which layout it has.

Change the layout only together with SCHEMA_VERSION, and keep reading older versions in
SUPPORTED_SCHEMA_VERSIONS for as long as terminals in the field may still have them.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
SUPPORTED_SCHEMA_VERSIONS = (1,)


def _texts(*names: str) -> dict[str, type]:
    """Each multilingual field becomes one column per language: name_ru, name_en."""
    return {f"{name}_{lang}": str for name in names for lang in ("ru", "en")}


TABLES: dict[str, dict] = {
    "meta": {"columns": {"key": str, "value": str}, "pk": "key"},
    "categories": {
        "columns": {"id": str, "position": int, "icon": str, **_texts("title", "description")},
        "pk": "id",
    },
    "districts": {"columns": {"id": str, "position": int, **_texts("name")}, "pk": "id"},
    "agencies": {
        "columns": {
            "id": str,
            **_texts("name", "short_name", "description"),
            "website": str,
            "email": str,
            "source": str,
            "reviewed": str,
        },
        "pk": "id",
    },
    "locations": {
        "columns": {
            "id": str,
            "agency_id": str,
            "position": int,
            **_texts("name", "street", "city"),
            "postal_code": str,
            "district_id": str,
            "latitude": float,
            "longitude": float,
            **_texts("hours_note", "accessibility_note", "transit"),
        },
        "pk": "id",
        "foreign_keys": [("agency_id", "agencies", "id"), ("district_id", "districts", "id")],
    },
    # HSDS `schedule` rows with freq=WEEKLY: one row per opening interval.
    "schedules": {
        "columns": {"location_id": str, "weekday": str, "opens_at": str, "closes_at": str},
        "foreign_keys": [("location_id", "locations", "id")],
    },
    "accessibility": {
        "columns": {"location_id": str, "feature": str},
        "foreign_keys": [("location_id", "locations", "id")],
    },
    "phones": {
        "columns": {
            "agency_id": str,
            "location_id": str,
            "position": int,
            "number": str,
            "display": str,
            **_texts("description"),
        }
    },
    "services": {
        "columns": {
            "id": str,
            "kind": str,
            "category_id": str,
            "position": int,
            **_texts("name", "summary", "description", "eligibility", "amount"),
            "eligibility_rule": str,  # JSON, as the author wrote it
            "cost": str,
            "apply_online": str,
            **_texts("apply_in_person", "legal_basis"),
            "source": str,
            "reviewed": str,
        },
        "pk": "id",
        "foreign_keys": [("category_id", "categories", "id")],
    },
    "service_categories": {
        "columns": {"service_id": str, "category_id": str, "position": int},
        "foreign_keys": [("service_id", "services", "id"), ("category_id", "categories", "id")],
    },
    "service_agencies": {
        "columns": {"service_id": str, "agency_id": str, "position": int},
        "foreign_keys": [("service_id", "services", "id"), ("agency_id", "agencies", "id")],
    },
    "service_at_location": {
        "columns": {"service_id": str, "location_id": str},
        "foreign_keys": [("service_id", "services", "id"), ("location_id", "locations", "id")],
    },
    "required_documents": {
        "columns": {"service_id": str, "position": int, **_texts("document")},
        "foreign_keys": [("service_id", "services", "id")],
    },
    "events": {
        "columns": {
            "id": str,
            **_texts("title", "topic", "description", "place", "registration"),
            "starts": str,
            "ends": str,
            "location_id": str,
            "agency_id": str,
            "url": str,
            "cost": str,
            "source": str,
            "reviewed": str,
        },
        "pk": "id",
    },
    "synonyms": {"columns": {"group_id": int, "lang": str, "term": str}},
    # One row per searchable item; its rowid is the rowid of the item's search_fts row.
    "search_items": {
        "columns": {"rowid": int, "kind": str, "item_id": str, **_texts("title", "summary")},
        "pk": "rowid",
    },
    # Every stemmed term of the index with the number of items whose text (docs) and whose
    # title or keywords (head_docs) hold it: the typo corrector's dictionary, and what the
    # search uses to foresee how many rows a query will have to rank.
    "search_terms": {"columns": {"term": str, "docs": int, "head_docs": int}, "pk": "term"},
}

INDEXES = [
    ("locations", ["agency_id"]),
    ("services", ["category_id"]),
    # A category's services in order (Pack.services_in_category) are picked on these two
    # alone, without reading the wide service rows: 50 -> 15 ms for a category of 15,000
    # services. The planner takes them once the build has run ANALYZE.
    ("services", ["id", "position"]),
    ("service_categories", ["category_id", "position", "service_id"]),
    ("service_agencies", ["agency_id"]),
    # A service page and "my list" look agencies up by service: without this, a scan of
    # the whole table (18 ms a service in the 100,000-service pack). An index changes no
    # layout that a reader sees: older packs without it open and read the same, slower.
    ("service_agencies", ["service_id"]),
    ("service_at_location", ["service_id"]),
    ("service_at_location", ["location_id"]),
    ("schedules", ["location_id"]),
    ("phones", ["location_id"]),
    ("phones", ["agency_id"]),
    ("required_documents", ["service_id"]),
]

# Full-text indexes over folded, stemmed text (content.textnorm.index_text), contentless:
# results are read from search_items, so the index need not keep a copy of the text.
# FTS_TABLE holds everything, weighted so that a word in the title counts far more than the
# same word deep in the description; HEAD_TABLE holds only titles and keywords, and is
# searched first because title matches rank above everything else and are few.
FTS_TABLE = "search_fts"
FTS_COLUMNS = ("title", "summary", "keywords", "body")
FTS_WEIGHTS = (10.0, 4.0, 4.0, 1.0)
HEAD_TABLE = "search_head"
HEAD_COLUMNS = ("title", "keywords")
HEAD_WEIGHTS = (10.0, 4.0)

META_KEYS = (
    "pack_id",
    "title_ru",
    "title_en",
    "version",
    "schema_version",
    "created_at",
    "region",
    "languages",
    "demo",
    "notice_ru",
    "notice_en",
    "content_hash",
    "allowed_hosts",
)


class PackError(Exception):
    """A content pack that this kiosk cannot use."""


class MalformedPackError(PackError):
    """Not a content pack: not SQLite, truncated, or missing tables or columns."""


class FutureSchemaError(PackError):
    """A pack written for a newer kiosk than this one; update the kiosk software."""


class UnsupportedSchemaError(PackError):
    """A pack in an old layout that this kiosk no longer reads; rebuild the pack."""
