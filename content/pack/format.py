"""The content pack format: one definition for the builder that writes packs and the kiosk
that reads them. A pack is one SQLite file; `meta.schema_version` says which layout it has.

Change the layout only together with SCHEMA_VERSION, and keep reading older versions in
SUPPORTED_SCHEMA_VERSIONS for as long as terminals in the field may still have them. A
version may add tables and meta keys (say which in ADDED_IN): a pack of an older version
is then checked against that version's tables (`tables`) and read without the new keys
(`meta_keys`). A change to an existing table would need its own way to read the old one.

The versions:
1. The first layout.
2. Requests from the terminal (issue 17): `agency_requests` (which requests each agency
   takes, and within how many working days staff call back), and the meta keys
   `inbox_public_key` (the office's key that requests are sealed to) and `consent_*` (the
   consent to the processing of personal data). A version 1 pack takes no requests.
3. Content that says how sure it is (issue 18): `agency_types` (a state body or a non-profit),
   `unverified` (the facts of an agency or an office that are illustrative, not checked: a
   demo pack's only), and the meta key `checked` (the date of the oldest `reviewed` in the
   pack: what "information as of" shows). An older pack has only state bodies, no
   unverified facts, and shows its build date. The meta key `subsistence_minimum` (JSON: the
   region's minimums that the benefit finder compares income with). `search_words`, the
   index's words as written (typo correction and suggestions); an older pack corrects typos
   on stems only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.model import CONSENT_PARTS, LANGUAGES

if TYPE_CHECKING:
    from content.model import Text

SCHEMA_VERSION = 3
SUPPORTED_SCHEMA_VERSIONS = (1, 2, 3)


def _texts(*names: str) -> dict[str, type]:
    """Each multilingual field becomes one column per language: name_ru, name_en."""
    return {f"{name}_{lang}": str for name in names for lang in ("ru", "en")}


def text_values(name: str, text: Text | None) -> dict[str, str | None]:
    """A multilingual field's values, one column per language: {name_ru: ..., name_en: ...}."""
    return {f"{name}_ru": text.ru if text else None, f"{name}_en": text.en if text else None}


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
    # One row for each kind of request an agency takes (content.model.AGENCY_REQUEST_KINDS),
    # in the order its author listed them; call_back_within_days on the kinds that staff
    # call back on (content.model.CALLED_BACK), NULL on the others.
    "agency_requests": {
        "columns": {
            "agency_id": str,
            "kind": str,
            "position": int,
            "call_back_within_days": int,
        },
        "foreign_keys": [("agency_id", "agencies", "id")],
    },
    # One row per agency: content.model.AGENCY_TYPES.
    "agency_types": {
        "columns": {"agency_id": str, "type": str},
        "foreign_keys": [("agency_id", "agencies", "id")],
    },
    # One row per fact marked unverified (content.model.UNVERIFIABLE_OFFICE_FACTS and
    # UNVERIFIABLE_AGENCY_FACTS): an office's (location_id set) or an agency's own (NULL).
    "unverified": {
        "columns": {"agency_id": str, "location_id": str, "field": str},
        "foreign_keys": [("agency_id", "agencies", "id")],
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
    # Every folded word of the index as written (not stemmed), with its stem (`term`), the
    # word without its first letter (`rest`) and without its second (`skip`), so that a
    # typo in either still finds it through an index, and the number of items that hold
    # it: the typo corrector compares whole words, and the search screen suggests them
    # while a word is typed.
    "search_words": {
        "columns": {"word": str, "term": str, "rest": str, "skip": str, "docs": int},
        "pk": "word",
    },
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
    ("agency_requests", ["agency_id"]),
    ("search_words", ["rest"]),
    ("search_words", ["skip"]),
    ("agency_types", ["agency_id"]),
    ("unverified", ["agency_id"]),
    ("unverified", ["location_id"]),
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

# Columns that hold web addresses. The reader hands one out only if its real host (as a
# browser reads it) is on the pack's allowed_hosts (content.urls); publishing and installing
# refuse a pack with any other.
URL_COLUMNS: dict[str, tuple[str, ...]] = {
    "agencies": ("website", "source"),
    "services": ("apply_online", "source"),
    "events": ("url", "source"),
}

SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL"}
"""The declared type of a column of each Python type, as the builder (sqlite-utils) writes it."""


def fts_create_sql(table: str, columns: tuple[str, ...]) -> str:
    """The statement that makes a full-text index, exactly as the builder writes it: the
    reader refuses any other (another module, an external content table, other options)."""
    return (
        f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(columns)}, content='', "
        "tokenize='unicode61 remove_diacritics 0')"
    )


FTS_SHADOW_SUFFIXES = ("data", "idx", "docsize", "config")
"""The tables FTS5 keeps each contentless index in (`search_fts_data`, ...)."""

STAT_TABLES = {"sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)"}
"""The query planner's statistics, written by ANALYZE."""

MAX_QUERY_STEPS = 50_000_000
"""The most SQLite virtual-machine steps one query on a pack may take. The heaviest the kiosk
makes, a whole category of the 100,000-service benchmark pack, takes 1.3 million; a query
that runs past 40 times that (about a second here) is stopped, so that a pack built to
loop cannot hang the screen. Counted in steps, not seconds, so the limit is the same on a
slow terminal and in the tests."""

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
    "inbox_public_key",
    "checked",
    "subsistence_minimum",
    *(f"consent_{part}_{lang}" for part in CONSENT_PARTS for lang in LANGUAGES),
)

ADDED_IN: dict[str, int] = {
    "agency_requests": 2,
    **{key: 2 for key in META_KEYS if key == "inbox_public_key" or key.startswith("consent_")},
    "agency_types": 3,
    "unverified": 3,
    "checked": 3,
    "subsistence_minimum": 3,
    "search_words": 3,
}
"""The schema version that added a table or a meta key; the rest are in every version."""


def tables(version: int) -> dict[str, dict]:
    """The tables of a pack of schema `version` (of those in SUPPORTED_SCHEMA_VERSIONS)."""
    return {name: spec for name, spec in TABLES.items() if ADDED_IN.get(name, 1) <= version}


def meta_keys(version: int) -> tuple[str, ...]:
    """The meta keys a pack of schema `version` may have; a newer key in an older pack is
    passed over, as if it were not there."""
    return tuple(key for key in META_KEYS if ADDED_IN.get(key, 1) <= version)


class PackError(Exception):
    """A content pack that this kiosk cannot use."""


class MalformedPackError(PackError):
    """Not a content pack: not SQLite, truncated, damaged, tables or columns other than the
    format's, views or triggers, or metadata that do not read."""


class RunawayQueryError(MalformedPackError):
    """A query on the pack ran past MAX_QUERY_STEPS: a damaged pack, or one built to hang."""


class UnsafePackError(PackError):
    """A pack that reads, but holds what must not reach a visitor: a web address off the
    pack's allowed hosts, a value of the wrong type, a rule that does not parse. Publishing
    and installing refuse it; the reader leaves such an address out."""


class FutureSchemaError(PackError):
    """A pack written for a newer kiosk than this one; update the kiosk software."""


class UnsupportedSchemaError(PackError):
    """A pack in an old layout that this kiosk no longer reads; rebuild the pack."""
