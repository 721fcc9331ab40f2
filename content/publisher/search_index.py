"""The pack's full-text indexes: written by the builder from the pack's own tables.

Every searchable item (agency, event, service) becomes one row of two FTS5 tables (see
content.pack.format): its text is already folded and stemmed (content.textnorm), in both
languages, so a query in either language finds it. Rowids follow a deliberate order
(agencies, events, then services in pack order) because the search, for words so common that
ranking every match would be slow, ranks the first few thousand matches in rowid order.
"""

from __future__ import annotations

from collections import Counter

from content.pack import format as fmt
from content.textnorm import index_text, stem, words

# The words a visitor may search for an office's accessibility by (content.model's
# ACCESSIBILITY_FEATURES): "пандус" finds the agencies with a ramp at one of their offices.
FEATURE_WORDS = {
    "step_free_entrance": "вход без ступенек пандус step-free entrance",
    "ramp": "пандус ramp",
    "elevator": "лифт подъёмник elevator lift",
    "accessible_toilet": "туалет для инвалидов accessible toilet",
    "parking_disabled": "парковка для инвалидов disabled parking",
    "hearing_loop": "индукционная петля для слабослышащих глухих hearing loop",
    "sign_language": "сурдопереводчик жестовый язык глухих sign language interpreter",
    "braille": "шрифт Брайля для незрячих слепых braille",
    "tactile_paving": "тактильная плитка для незрячих слепых tactile paving",
    "wheelchair_available": "кресло-коляска на месте wheelchair available",
    "assistance_on_request": "помощь сопровождение по просьбе assistance on request",
}


def _join(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


def _pair(row, name: str) -> str:
    return _join(row.get(f"{name}_ru"), row.get(f"{name}_en"))


def _rows(db, sql: str):
    cursor = db.conn.execute(sql)
    names = [c[0] for c in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def _documents(db, keywords: dict[str, str]):
    """(kind, row, title, summary, keywords, body) for every searchable item, in rowid order."""
    features: dict[str, list[str]] = {}
    for loc_id, feature in db.conn.execute(
        "SELECT location_id, feature FROM accessibility ORDER BY location_id, feature"
    ):
        features.setdefault(loc_id, []).append(FEATURE_WORDS.get(feature, ""))
    locations: dict[str, list[str]] = {}
    for loc in _rows(db, "SELECT * FROM locations ORDER BY agency_id, position"):
        locations.setdefault(loc["agency_id"], []).append(
            _join(
                _pair(loc, "name"),
                _pair(loc, "street"),
                _pair(loc, "city"),
                *features.get(loc["id"], []),
            )
        )
    for a in _rows(db, "SELECT * FROM agencies ORDER BY id"):
        body = _join(_pair(a, "description"), *locations.get(a["id"], []))
        yield "agency", a, _pair(a, "name"), "", _pair(a, "short_name"), body
    for e in _rows(db, "SELECT * FROM events ORDER BY starts, id"):
        body = _join(_pair(e, "description"), _pair(e, "place"))
        yield "event", e, _pair(e, "title"), _pair(e, "topic"), "", body
    documents: dict[str, list[str]] = {}
    for row in _rows(db, "SELECT * FROM required_documents ORDER BY service_id, position"):
        documents.setdefault(row["service_id"], []).append(_pair(row, "document"))
    for s in _rows(db, "SELECT * FROM services ORDER BY position, id"):
        body = _join(
            _pair(s, "description"),
            _pair(s, "eligibility"),
            _pair(s, "amount"),
            _pair(s, "apply_in_person"),
            _pair(s, "legal_basis"),
            *documents.get(s["id"], []),
        )
        yield "service", s, _pair(s, "name"), _pair(s, "summary"), keywords.get(s["id"], ""), body


def _item(rowid: int, kind: str, row: dict) -> dict:
    summary = "topic" if kind == "event" else "summary"
    return {
        "rowid": rowid,
        "kind": kind,
        "item_id": row["id"],
        "title_ru": row.get("name_ru") or row.get("title_ru"),
        "title_en": row.get("name_en") or row.get("title_en"),
        "summary_ru": row.get(f"{summary}_ru"),
        "summary_en": row.get(f"{summary}_en"),
    }


def _create_fts(db, table: str, columns: tuple[str, ...]) -> None:
    # The reader refuses any other statement than this one (content.pack.format).
    db.conn.execute(fmt.fts_create_sql(table, columns))


def create_search_index(db, keywords: dict[str, str] | None = None) -> None:
    """Fill search_items, both FTS tables and search_terms from the pack's content tables.

    `keywords` maps a service id to extra search words that are not shown anywhere.
    """
    _create_fts(db, fmt.FTS_TABLE, fmt.FTS_COLUMNS)
    _create_fts(db, fmt.HEAD_TABLE, fmt.HEAD_COLUMNS)
    items, full, head = [], [], []
    vocabulary: Counter[str] = Counter()
    for rowid, (kind, row, *texts) in enumerate(_documents(db, keywords or {}), start=1):
        items.append(_item(rowid, kind, row))
        vocabulary.update({w for t in texts if t for w in words(t)})
        title, summary, extra, body = (index_text(t) for t in texts)
        full.append((rowid, title, summary, extra, body))
        head.append((rowid, title, extra))
    with db.conn:
        db["search_items"].insert_all(items, pk="rowid", batch_size=500)
        for table, columns, rows in (
            (fmt.FTS_TABLE, fmt.FTS_COLUMNS, full),
            (fmt.HEAD_TABLE, fmt.HEAD_COLUMNS, head),
        ):
            marks = ", ".join("?" * (len(columns) + 1))
            db.conn.executemany(
                f"INSERT INTO {table}(rowid, {', '.join(columns)}) VALUES ({marks})", rows
            )
            db.conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        _fill_terms(db)
        db["search_words"].insert_all(
            (
                {"word": w, "term": stem(w), "rest": w[1:], "skip": w[:1] + w[2:], "docs": n}
                for w, n in sorted(vocabulary.items())
            ),
            batch_size=2000,
        )


def _fill_terms(db) -> None:
    for table in (fmt.FTS_TABLE, fmt.HEAD_TABLE):
        db.conn.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, row)")
    db.conn.execute(
        f"INSERT INTO search_terms(term, docs, head_docs) "
        f"SELECT f.term, f.doc, coalesce(h.doc, 0) FROM temp.v_{fmt.FTS_TABLE} f "
        f"LEFT JOIN temp.v_{fmt.HEAD_TABLE} h ON h.term = f.term"
    )
    for table in (fmt.FTS_TABLE, fmt.HEAD_TABLE):
        db.conn.execute(f"DROP TABLE temp.v_{table}")
