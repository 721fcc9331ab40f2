"""A service file of a content folder (services/*.yaml): a benefit or a service, with its
eligibility (in words, and as a rule the benefit finder can judge), documents, ways to apply
and search keywords.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.model import Service, Text
from content.publisher.fields import Fields
from content.publisher.limits import list_limit
from content.publisher.yamlsrc import LineList
from content.rules import RuleError, parse_rule

if TYPE_CHECKING:
    from content.publisher.sources import Folder

SERVICE_KINDS = ("benefit", "service")
COSTS = ("free", "paid", "partly_paid")


def read_service(folder: Folder, f: Fields) -> None:
    """A benefit or a service, into the folder's content; what is wrong, into its problems."""
    f.only(
        "id",
        "kind",
        "categories",
        "name",
        "summary",
        "description",
        "eligibility",
        "amount",
        "cost",
        "documents",
        "apply",
        "agencies",
        "locations",
        "legal_basis",
        "keywords",
        "source",
        "reviewed",
    )
    item_id = f.id()
    kind = f.string("kind", required=True)
    if kind and kind not in SERVICE_KINDS:
        f.error("kind", f"'kind' must be one of: {', '.join(SERVICE_KINDS)}")
    categories = f.id_list("categories", required=True)
    for cat, line in categories:
        folder.ref("category", cat, f, line)
    agencies = f.id_list("agencies")
    for agency, line in agencies:
        folder.ref("agency", agency, f, line)
    locations = f.id_list("locations")
    for location, line in locations:
        folder.ref("location", location, f, line)
    eligibility, rule, rule_source = _eligibility(folder, f)
    cost = read_cost(f)
    documents = []
    for index, doc in enumerate(docs := f.list("documents")):
        text = f.text_value(doc, docs.line_of(index), "document")
        if text:
            documents.append(text)
    apply_online, apply_in_person = None, None
    if f.has("apply"):
        a = folder.fields(f.data["apply"], f.path, "how to apply")
        a.only("online", "in_person")
        apply_online, apply_in_person = a.url("online"), a.text("in_person")
    keywords = _keywords(folder, f)
    name, summary = f.text("name", required=True), f.text("summary", required=True)
    source, reviewed = f.url("source", required=True), f.date("reviewed", required=True)
    if not (folder.unique("service", item_id, f) and name and summary and categories):
        return
    folder.content.services.append(
        Service(
            id=item_id,
            kind=kind or "service",
            categories=tuple(cat for cat, _ in categories),
            name=name,
            summary=summary,
            source=source or "",
            reviewed=reviewed or "",
            description=f.text("description"),
            eligibility=eligibility,
            rule=rule,
            rule_source=rule_source,
            amount=f.text("amount"),
            cost=cost,
            documents=tuple(documents),
            apply_online=apply_online,
            apply_in_person=apply_in_person,
            agencies=tuple(a for a, _ in agencies),
            locations=tuple(loc for loc, _ in locations),
            legal_basis=f.text("legal_basis"),
            keywords=keywords,
        )
    )


def read_cost(f: Fields, default: str | None = None) -> str | None:
    """What a service or an event costs: one of COSTS, or `default` where the file is silent."""
    cost = f.string("cost") or default
    if cost and cost not in COSTS:
        f.error("cost", f"'cost' must be one of: {', '.join(COSTS)}")
    return cost


def _eligibility(folder: Folder, f: Fields):
    if not f.has("eligibility"):
        return None, None, None
    e = folder.fields(f.data["eligibility"], f.path, "eligibility")
    e.only("text", "rule")
    text, rule, source = e.text("text"), None, None
    if e.has("rule"):
        source = e.data["rule"]
        if not _rule_within_limits(e, source):
            return text, None, None
        try:
            districts = {d.id for d in folder.content.districts}
            rule = parse_rule(source, districts)
        except RuleError as exc:
            e.error("rule", f"eligibility rule does not parse: {exc}")
    return text, rule, _plain(source)


def _rule_within_limits(e: Fields, source) -> bool:
    """A rule is small: so many parts, each condition a line; checked before parsing."""
    line, pending, parts, limit = e.line("rule"), [source], 0, list_limit("rule")
    while pending:
        part = pending.pop()
        parts += 1
        if parts > limit:
            e.error("rule", f"the rule has more than {limit} parts; write a simpler one")
            return False
        if isinstance(part, dict):
            pending.extend(part.values())
        elif isinstance(part, list):
            pending.extend(part)
        elif not e.within("rule", str(part), line):
            return False
    return True


def _keywords(folder: Folder, f: Fields) -> tuple[Text, ...]:
    if not f.has("keywords"):
        return ()
    value = f.data["keywords"]
    if not isinstance(value, dict):
        f.error("keywords", "write keywords as {ru: [...], en: [...]}")
        return ()
    words = {}
    for lang, items, line in folder.by_language(f, value):
        if not isinstance(items, list):
            items = LineList([items])
            items.line, items.item_lines = line, [line]
        if not f.counted("keywords", items, line):
            return ()
        found = [
            folder.word(f, word, items.line_of(index), "keyword", lang)
            for index, word in enumerate(items)
        ]
        if None in found:
            return ()
        words[lang] = " ".join(word for word in found if word)
    return (Text(ru=words.get("ru", ""), en=words.get("en")),)


def _plain(value):
    """LineDict/LineList -> dict/list, so the rule can be stored as JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, LineList)):
        return [_plain(v) for v in value]
    return value
