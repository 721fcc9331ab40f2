"""Build steps for services: their categories, texts, cost, eligibility, documents, places."""

from __future__ import annotations

import re
from collections import defaultdict

from content.publisher.hsds.values import first_sentence, html_to_markdown, parse_number

# Services with no taxonomy term still need a category to live in.
FALLBACK_CATEGORY = {
    "id": "imported",
    "title": {"ru": "Импортированные услуги"},
}

# Read from free-text fees when no cost_option amounts say it.
_FREE = re.compile(r"бесплатн|\bfree\b|no\s+(charge|cost|fee)|без\s+оплат", re.I)
_PAID = re.compile(r"(?<!бес)платн|\bpaid\b|\bfees?\s+(is|are|of|apply)|руб|₽|\$|£|€", re.I)
_PARTLY = re.compile(r"частичн\w*\s+(бес)?платн|partly\s+paid|sliding\s+scale|co-?pay", re.I)
_INACTIVE = ("inactive", "defunct")


class ServiceSteps:
    """Mixin of `Builder`: services/<category>/<id>.yaml and categories.yaml."""

    def read_services(self) -> None:
        self.services: dict[str, tuple[str, int, dict]] = {}
        for file, line, row in self.rows("service"):
            status = row.get("status", "").lower()
            if status in _INACTIVE:
                self.warning(file, line, f"service '{row['id']}' is {status}; not imported")
                continue
            org = row.get("organization_id", "")
            if not org:
                self.error(file, line, f"service '{row['id']}' has no organization_id; skipped")
                continue
            if org not in self.orgs:
                self.error(file, line, f"service '{row['id']}' refers to unknown organization "
                           f"'{org}'; skipped")  # fmt: skip
                continue
            self.services[row["id"]] = (file, line, row)

    def read_taxonomy(self) -> None:
        terms_table = "taxonomy_term" if "taxonomy_term" in self.t else "taxonomy"
        self.terms = {row["id"]: row for _, _, row in self.rows(terms_table)}
        self.service_terms: dict[str, list[str]] = defaultdict(list)
        links = [
            (file, line, row["link_id"], row["taxonomy_term_id"])
            for file, line, row in self.rows("attribute")
            if row.get("link_entity", "").lower() in ("", "service")
        ] + [
            (file, line, row["service_id"], row.get("taxonomy_term_id") or row.get("taxonomy_id"))
            for file, line, row in self.rows("service_taxonomy")
        ]
        for file, line, sid, term in links:
            if sid not in self.services or not term:
                continue
            if term not in self.terms:
                self.warning(file, line, f"unknown taxonomy term '{term}'; link skipped")
                continue
            if term not in self.service_terms[sid]:
                self.service_terms[sid].append(term)

    def emit_categories(self) -> dict[str, str]:
        for term in sorted({t for terms in self.service_terms.values() for t in terms}):
            self.category_id(term)
        used = sorted({t for terms in self.service_terms.values() for t in terms},
                      key=lambda t: (self.terms[t].get("name", "").casefold(), t))  # fmt: skip
        categories, ids = [], {}
        for term in used:
            row = self.terms[term]
            ids[term] = self.category_id(term)
            item = {"id": ids[term], "title": {"ru": row.get("name") or term}}
            if row.get("description"):
                item["description"] = {"ru": html_to_markdown(row["description"])}
            categories.append(item)
        if any(sid not in self.service_terms for sid in self.services):
            categories.append(dict(FALLBACK_CATEGORY))
        self.files["categories.yaml"] = categories
        return ids

    def emit_services(self, category_ids: dict[str, str]) -> None:
        missing_source = 0
        for raw in sorted(self.services):  # ids are given in a fixed order: stable suffixes
            self.service_id(raw)
        for raw in sorted(self.services, key=self.service_id):
            item = self.service_item(raw, category_ids)
            if "source" not in item:
                missing_source += 1
            self.files[f"services/{item['categories'][0]}/{item['id']}.yaml"] = item
            self.counts["services"] += 1
        if missing_source:
            self.warning(
                self.label,
                0,
                f"{missing_source} service(s) have no https web address for "
                "'source' (no service url, organization website or dataset homepage)",
            )

    def service_item(self, raw: str, category_ids: dict[str, str]) -> dict:
        """One service file's data; it has no 'source' when no https address was found."""
        file, line, row = self.services[raw]
        org = row["organization_id"]
        cats = [category_ids[t] for t in self.service_terms.get(raw, [])]
        cats = cats or [FALLBACK_CATEGORY["id"]]
        item: dict = {
            "id": self.service_id(raw),
            "kind": "service",
            "categories": cats,
            "name": {"ru": row["name"]},
        }
        self.add_service_texts(item, raw, row)
        url = self.https(row.get("url"))
        url = url or next(filter(None, map(self.https, self.urls.get(raw, []))), None)
        apply = {}
        if url:
            apply["online"] = self.publish(url)
        if row.get("application_process"):
            apply["in_person"] = {"ru": html_to_markdown(row["application_process"])}
        if apply:
            item["apply"] = apply
        item["agencies"], locations = self.service_places(raw, org)
        if locations:
            item["locations"] = sorted(locations)
        # The dataset's homepage is looked up (and counted if not https) only when needed.
        source = url or self.websites.get(org) or self.dataset_url()
        if source:
            item["source"] = self.publish(source)
        item["reviewed"] = self.review_date(
            file, line, row.get("last_modified"), row.get("assured_date"),
            self.reviewed_meta.get(raw),
        )  # fmt: skip
        return item

    def add_service_texts(self, item: dict, raw: str, row: dict) -> None:
        """Adds summary, description, eligibility, cost and documents, in the file's order."""
        description = html_to_markdown(row.get("description", ""))
        summary = html_to_markdown(row.get("short_description", "")) or first_sentence(description)
        item["summary"] = {"ru": summary or row.get("alternate_name") or row["name"]}
        extra = []
        if row.get("status", "").lower() == "temporarily closed":
            extra.append("**Временно не работает.**")
        if alert := html_to_markdown(row.get("alert", "")):  # a short-term notice (HSDS 3.0)
            extra.append(f"**Внимание:** {alert}")
        cost, cost_text = self.cost(raw, row)
        if cost_text:
            extra.append(f"**Стоимость:** {cost_text}")
        text = "\n\n".join(filter(None, [description, *extra]))
        if text:
            item["description"] = {"ru": text}
        eligibility = self.eligibility_text(raw, row)
        if eligibility:
            item["eligibility"] = {"text": {"ru": eligibility}}
        if cost:
            item["cost"] = cost
        docs = list(dict.fromkeys(html_to_markdown(d) for d in self.documents.get(raw, [])))
        if docs:
            item["documents"] = [{"ru": d} for d in docs if d]

    def service_places(self, raw: str, org: str) -> tuple[list[str], list[str]]:
        """The service's agencies (its own first) and the imported offices it is given at."""
        agencies = [self.agency_id(org)]
        locations = []
        for lraw in self.service_locations.get(raw, []):
            if lraw in self.emitted_locations:
                locations.append(self.emitted_locations[lraw])
                other = self.agency_id(self.locations[lraw]["org"])
                if other not in agencies:
                    agencies.append(other)
        return agencies, locations

    def cost(self, raw: str, row: dict) -> tuple[str | None, str]:
        options = self.costs.get(raw, [])
        amounts = [a for o in options if (a := parse_number(o.get("amount", ""))) is not None]
        lines = []
        for o in options:
            amount = o.get("amount", "")
            if parse_number(amount) == 0 and not (o.get("option") or o.get("amount_description")):
                continue  # "0 RUB" says nothing that cost: free does not
            money = f"{amount} {o.get('currency', '')}".strip() if amount else ""
            parts = [o.get("option", ""), money, o.get("amount_description", "")]
            if text := " — ".join(p for p in parts if p):
                lines.append(text)
        fees = html_to_markdown(row.get("fees_description") or row.get("fees") or "")
        text = "; ".join(dict.fromkeys(filter(None, [fees, *lines])))
        if amounts:
            if all(a == 0 for a in amounts):
                return "free", text
            return ("paid" if all(a > 0 for a in amounts) else "partly_paid"), text
        if fees and _PARTLY.search(fees):
            return "partly_paid", text
        if fees and _FREE.search(fees) and not _PAID.search(fees):
            return "free", text
        return None, text

    def eligibility_text(self, raw: str, row: dict) -> str:
        parts = [html_to_markdown(row.get("eligibility_description", ""))]
        parts.append(", ".join(html_to_markdown(e) for e in self.eligibility.get(raw, [])))
        low, high = row.get("minimum_age", ""), row.get("maximum_age", "")
        low = _whole(low)
        high = _whole(high)
        if low and high:
            parts.append(f"Возраст: от {low} до {high} лет.")
        elif low:
            parts.append(f"Возраст: от {low} лет.")
        elif high:
            parts.append(f"Возраст: до {high} лет.")
        return "\n\n".join(dict.fromkeys(p for p in parts if p))


def _whole(value: str) -> str:
    number = parse_number(value) if value else None
    return str(int(number)) if number is not None and number > 0 else ""
