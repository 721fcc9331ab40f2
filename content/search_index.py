"""The pack's full-text index: written by the builder from the pack's own tables.

Every searchable item (service, agency, event) becomes one row of an FTS5 table whose text is
already folded and stemmed (content.textnorm), in both languages, so a query in either
language finds it. A companion table lists each stemmed term with its document count: the
typo corrector's dictionary, read once when a terminal opens the pack.
"""

from __future__ import annotations

from content import packformat as fmt
from content.textnorm import index_text


def _join(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


def _pair(row, name: str) -> str:
    return _join(row.get(f"{name}_ru"), row.get(f"{name}_en"))


def _rows(db, sql: str):
    cursor = db.conn.execute(sql)
    names = [c[0] for c in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def _documents(db):
    """(kind, id, row, title, summary, keywords, body) in a stable order."""
    documents = {}
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
        yield "service", s, _pair(s, "name"), _pair(s, "summary"), "", body
    locations = {}
    for loc in _rows(db, "SELECT * FROM locations ORDER BY agency_id, position"):
        locations.setdefault(loc["agency_id"], []).append(
            _join(_pair(loc, "name"), _pair(loc, "street"), _pair(loc, "city"))
        )
    for a in _rows(db, "SELECT * FROM agencies ORDER BY id"):
        body = _join(_pair(a, "description"), *locations.get(a["id"], []))
        yield "agency", a, _pair(a, "name"), "", _pair(a, "short_name"), body
    for e in _rows(db, "SELECT * FROM events ORDER BY starts, id"):
        body = _join(_pair(e, "description"), _pair(e, "place"))
        yield "event", e, _pair(e, "title"), _pair(e, "topic"), "", body


def create_search_index(db, keywords: dict[str, str] | None = None) -> None:
    """Fill search_items, search_fts and search_terms from the pack's content tables."""
    columns = ", ".join(fmt.FTS_COLUMNS)
    db.conn.execute(
        f"CREATE VIRTUAL TABLE {fmt.FTS_TABLE} USING fts5({columns}, "
        "tokenize='unicode61 remove_diacritics 0', detail=full)"
    )
    keywords = keywords or {}
    items, texts = [], []
    for rowid, (kind, row, title, summary, extra, body) in enumerate(_documents(db), start=1):
        summary_fields = {"summary_ru": row.get("summary_ru"), "summary_en": row.get("summary_en")}
        if kind == "event":
            summary_fields = {"summary_ru": row.get("topic_ru"), "summary_en": row.get("topic_en")}
        title_ru = row.get("name_ru") or row.get("title_ru")
        title_en = row.get("name_en") or row.get("title_en")
        items.append(
            {
                "rowid": rowid,
                "kind": kind,
                "item_id": row["id"],
                "title_ru": title_ru,
                "title_en": title_en,
                **summary_fields,
            }
        )
        if kind == "service":
            extra = _join(extra, keywords.get(row["id"]))
        texts.append((rowid, *(index_text(t) for t in (title, summary, extra, body))))
    with db.conn:
        db["search_items"].insert_all(items, pk="rowid")
        placeholders = ", ".join("?" * (len(fmt.FTS_COLUMNS) + 1))
        db.conn.executemany(
            f"INSERT INTO {fmt.FTS_TABLE}(rowid, {columns}) VALUES ({placeholders})", texts
        )
        db.conn.execute(f"INSERT INTO {fmt.FTS_TABLE}({fmt.FTS_TABLE}) VALUES ('optimize')")
        db.conn.execute(
            f"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, {fmt.FTS_TABLE}, 'row')"
        )
        db.conn.execute("INSERT INTO search_terms(term, docs) SELECT term, doc FROM temp.vocab")
        db.conn.execute("DROP TABLE temp.vocab")
