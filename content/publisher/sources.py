"""Load a content folder (docs/authoring.md) into the content model, and check it.

`load_folder()` never stops at the first problem: it returns the content it could read and
every problem found, each with the file and line, so staff fix a folder in one pass. It
never raises either: a folder is outside input, and every limit on it (content.publisher.limits) is
checked before a value is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from content.hours import HoursError, parse_hours
from content.model import (
    ACCESSIBILITY_FEATURES,
    LANGUAGES,
    Address,
    Agency,
    Category,
    Content,
    District,
    Event,
    Location,
    PackInfo,
    Phone,
    Service,
    Text,
)
from content.publisher.fields import Fields, Problems
from content.publisher.limits import list_limit, shown
from content.publisher.phones import PhoneError, normalize_phone
from content.publisher.yamlsrc import LineDict, LineList, SourceError, read_source
from content.rules import RuleError, parse_rule
from content.urls import UnsafeUrl, check_allowed_host

SERVICE_KINDS = ("benefit", "service")
COSTS = ("free", "paid", "partly_paid")


@dataclass
class Loaded:
    content: Content
    problems: Problems

    @property
    def ok(self) -> bool:
        return not self.problems.errors


@dataclass
class _Ref:
    kind: str
    target: str
    path: Path
    line: int


def load_folder(folder: str | Path) -> Loaded:
    """Read every content file below `folder`; problems are collected, not raised."""
    root = Path(folder)
    loader = _FolderLoader(root)
    loader.run()
    # In file order, so staff can work down the list one file at a time.
    problems = Problems(sorted(loader.problems, key=lambda p: (p.path, p.line)))
    return Loaded(loader.content, problems)


class _FolderLoader:
    def __init__(self, root: Path):
        self.root = root
        self.content = Content()
        self.problems = Problems(per_file=Problems.PER_FILE)
        self.refs: list[_Ref] = []
        self.seen: dict[tuple[str, str], tuple[Path, int]] = {}
        self.allowed: tuple[str, ...] = ()

    def run(self) -> None:
        if not self.root.is_dir():
            self.problems.error(self.root, 0, "no such content folder")
            return
        self.pack(self.root / "pack.yaml")
        self.each_in_list(self.root / "categories.yaml", self.category, required=True)
        self.each_in_list(self.root / "districts.yaml", self.district, required=True)
        self.synonyms(self.root / "synonyms.yaml")
        for path in self.yaml_files("agencies"):
            self.single(path, self.agency)
        for path in self.yaml_files("services"):
            self.single(path, self.service)
        for path in self.yaml_files("events"):
            self.single(path, self.event)
        self.check_references()

    # -- files -------------------------------------------------------------------------

    def yaml_files(self, sub: str) -> list[Path]:
        found = sorted((self.root / sub).rglob("*.yaml")) + sorted((self.root / sub).rglob("*.yml"))
        return sorted(found)

    def read(self, path: Path, required: bool = True):
        if not path.exists():
            if required:
                self.problems.error(path, 0, "this file is missing")
            return None
        try:
            source = read_source(path)
        except SourceError as exc:
            self.problems.error(exc.path, exc.line, exc.message)
            return None
        for flaw in source.flaws:
            self.problems.error(flaw.path, flaw.line, flaw.message)
        data = source.data
        if data is None:
            self.problems.error(path, 1, "the file is empty")
        return data

    def fields(self, data, path: Path, what: str) -> Fields:
        return Fields(data, path, self.problems, self.allowed, what)

    def single(self, path: Path, parse) -> None:
        data = self.read(path)
        if data is not None:
            parse(self.fields(data, path, "one item"))

    def each_in_list(self, path: Path, parse, required: bool) -> None:
        data = self.read(path, required)
        if data is None:
            return
        if not isinstance(data, list):
            self.problems.error(
                path, getattr(data, "line", 1), "expected a list of items (- id: ...)"
            )
            return
        if not self.fields(LineDict(), path, "").counted(path.name, data, 1):
            return
        for item in data:
            parse(self.fields(item, path, "a list item"))

    def unique(self, kind: str, item_id: str | None, f: Fields) -> bool:
        if item_id is None:
            return False
        key = (kind, item_id)
        if key in self.seen:
            first_path, first_line = self.seen[key]
            f.error("id", f"duplicate {kind} id '{item_id}' (first at {first_path}:{first_line})")
            return False
        self.seen[key] = (f.path, f.line("id"))
        return True

    def ref(self, kind: str, target: str, f: Fields, line: int) -> None:
        self.refs.append(_Ref(kind, target, f.path, line))

    # -- items -------------------------------------------------------------------------

    def pack(self, path: Path) -> None:
        data = self.read(path)
        if data is None:
            return
        f = self.fields(data, path, "the pack")
        f.only("id", "title", "region", "languages", "demo", "version", "notice", "allowed_hosts")
        hosts = self.allowed_hosts(f)
        self.allowed = hosts
        languages = tuple(str(x) for x in f.list("languages")) or ("ru",)
        for lang in languages:
            if lang not in LANGUAGES:
                f.error("languages", f"unsupported language '{shown(lang)}' (supported: ru, en)")
        if "ru" not in languages:
            f.error("languages", "Russian (ru) is required")
        version = f.data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            f.error("version", "'version' must be a whole number, 1 or more")
            version = 1
        demo = f.data.get("demo", False)
        if not isinstance(demo, bool):
            f.error("demo", "'demo' must be true or false")
        self.content.pack = PackInfo(
            pack_id=f.id() or "invalid",
            title=f.text("title", required=True) or Text("?"),
            region=f.string("region", required=True) or "",
            languages=languages,
            demo=bool(demo),
            version=version,
            allowed_hosts=hosts,
            notice=f.text("notice"),
        )

    def allowed_hosts(self, f: Fields) -> tuple[str, ...]:
        hosts = []
        for index, entry in enumerate(items := f.list("allowed_hosts", required=True)):
            try:
                hosts.append(check_allowed_host(entry))
            except UnsafeUrl as exc:
                self.problems.error(f.path, items.line_of(index), f"allowed_hosts: {exc}")
        return tuple(hosts)

    def category(self, f: Fields) -> None:
        f.only("id", "title", "description", "icon")
        item_id = f.id()
        title = f.text("title", required=True)
        if self.unique("category", item_id, f) and title:
            self.content.categories.append(
                Category(item_id, title, f.text("description"), f.string("icon"))
            )

    def district(self, f: Fields) -> None:
        f.only("id", "name")
        item_id = f.id()
        name = f.text("name", required=True)
        if self.unique("district", item_id, f) and name:
            self.content.districts.append(District(item_id, name))

    def synonyms(self, path: Path) -> None:
        data = self.read(path, required=False)
        if data is None:
            return
        if not isinstance(data, dict):
            self.problems.error(path, 1, "expected languages (ru:, en:) with lists of groups")
            return
        f = self.fields(data, path, "synonyms")
        for lang, groups in data.items():
            line = data.line_of(lang)
            if lang not in LANGUAGES:
                self.problems.error(path, line, f"unknown language '{shown(lang)}'")
                continue
            if not isinstance(groups, list):
                self.problems.error(path, line, "expected a list of groups like [ЖКХ, ЖКУ]")
                continue
            if not f.counted("synonym groups", groups, line):
                continue
            for index, group in enumerate(groups):
                words = self.synonym_group(f, group, groups.line_of(index), lang)
                if words:
                    self.content.synonyms.setdefault(lang, []).append(words)

    def synonym_group(self, f: Fields, group, line: int, lang: str) -> list[str] | None:
        if not isinstance(group, list) or len(group) < 2:
            f.problems.error(f.path, line, "a synonym group needs two or more words")
            return None
        if not f.counted("synonym group", group, line):
            return None
        words = []
        for index, word in enumerate(group):
            text = self.word(f, word, group.line_of(index), "synonym", lang)
            if text is None:
                return None
            if text:
                words.append(text)
        return words

    def word(self, f: Fields, word, line: int, label: str, lang: str) -> str | None:
        """One word or phrase of a list (a synonym, a keyword), or None after an error."""
        if isinstance(word, (dict, list)):
            f.problems.error(f.path, line, f"a {label} should be a word or phrase")
            return None
        text = str(word).strip()
        return text if f.within(label, text, line, lang) else None

    def phones(self, f: Fields, key: str = "phones") -> tuple[Phone, ...]:
        result = []
        items = f.list(key)
        for index, item in enumerate(items):
            line = items.line_of(index)
            if not isinstance(item, dict):
                item = LineDict(number=item)
                item.line, item.key_lines = line, {}
            number = self.fields(item, f.path, "a phone").string("number")
            if number is None and item.get("number"):
                continue  # too long or not a single value: reported
            number = number or ""
            try:
                dial = normalize_phone(number)
            except PhoneError as exc:
                self.problems.error(f.path, line, f"malformed phone: {exc}")
                continue
            description = None
            if item.get("description"):
                description = f.text_value(item["description"], line, "phone description")
            result.append(Phone(dial, number, description))
        return tuple(result)

    def agency(self, f: Fields) -> None:
        f.only(
            "id",
            "name",
            "short_name",
            "description",
            "website",
            "email",
            "phones",
            "source",
            "reviewed",
            "locations",
        )
        item_id = f.id()
        name = f.text("name", required=True)
        locations = []
        items = f.list("locations")
        for item in items:
            location = self.location(self.fields(item, f.path, "an office"), item_id or "?")
            if location:
                locations.append(location)
        source, reviewed = f.url("source", required=True), f.date("reviewed", required=True)
        agency = Agency(
            id=item_id or "?",
            name=name or Text("?"),
            source=source or "",
            reviewed=reviewed or "",
            short_name=f.text("short_name"),
            description=f.text("description"),
            website=f.url("website"),
            email=f.string("email"),
            phones=self.phones(f),
            locations=tuple(locations),
        )
        if self.unique("agency", item_id, f) and name:
            self.content.agencies.append(agency)

    def location(self, f: Fields, agency_id: str) -> Location | None:
        f.only(
            "id",
            "name",
            "address",
            "district",
            "latitude",
            "longitude",
            "hours",
            "hours_note",
            "phones",
            "accessibility",
            "accessibility_note",
            "transit",
        )
        item_id = f.id()
        name = f.text("name", required=True)
        address = self.address(f)
        district = f.string("district", required=True)
        if district:
            self.ref("district", district, f, f.line("district"))
        hours = self.hours(f)
        features = []
        for index, word in enumerate(items := f.list("accessibility")):
            if word in ACCESSIBILITY_FEATURES:
                features.append(word)
            else:
                self.problems.error(
                    f.path, items.line_of(index), f"unknown accessibility feature '{shown(word)}'"
                )
        coords = [f.data.get("latitude"), f.data.get("longitude")]
        for index, (key, bound) in enumerate((("latitude", 90), ("longitude", 180))):
            value = coords[index]
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                f.error(key, f"'{key}' must be a number")
            elif not -bound <= value <= bound:  # also .nan and .inf, which YAML reads
                f.error(key, f"'{key}' must be a number between -{bound} and {bound}")
            else:
                continue
            coords[index] = None
        if not (self.unique("location", item_id, f) and name and address and district):
            return None
        return Location(
            id=item_id,
            agency_id=agency_id,
            name=name,
            address=address,
            district=district,
            hours=hours,
            hours_note=f.text("hours_note"),
            phones=self.phones(f),
            accessibility=tuple(features),
            accessibility_note=f.text("accessibility_note"),
            transit=f.text("transit"),
            latitude=_number(coords[0]),
            longitude=_number(coords[1]),
        )

    def hours(self, f: Fields) -> tuple:
        if not f.has("hours"):
            return ()
        spec = f.data["hours"]
        if not isinstance(spec, dict):
            f.error("hours", "write hours as day: time lines, e.g. 'mo-fr: 09:00-18:00'")
            return ()
        if not f.counted("hours", list(spec), f.line("hours")):
            return ()
        for days, value in spec.items():
            line = spec.line_of(days)
            if isinstance(value, (dict, list)):
                self.problems.error(f.path, line, "write one day's hours as e.g. 09:00-18:00")
                return ()
            if not (f.within("hours", days, line) and f.within("hours", str(value), line)):
                return ()
        try:
            return parse_hours(spec)
        except HoursError as exc:
            f.error("hours", f"malformed opening hours: {exc}")
            return ()

    def address(self, f: Fields) -> Address | None:
        if not f.has("address"):
            f.error(None, "'address' is required")
            return None
        a = self.fields(f.data["address"], f.path, "an address")
        a.only("street", "city", "postal_code")
        street, city = a.text("street"), a.text("city", required=True)
        postal = a.string("postal_code")
        if postal and not (postal.isdigit() and len(postal) == 6):
            a.error("postal_code", f"'{postal}' is not a 6-digit postal code")
        return Address(city, street, postal) if city else None

    def service(self, f: Fields) -> None:
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
            self.ref("category", cat, f, line)
        agencies = f.id_list("agencies")
        for agency, line in agencies:
            self.ref("agency", agency, f, line)
        locations = f.id_list("locations")
        for location, line in locations:
            self.ref("location", location, f, line)
        eligibility, rule, rule_source = self.eligibility(f)
        cost = f.string("cost")
        if cost and cost not in COSTS:
            f.error("cost", f"'cost' must be one of: {', '.join(COSTS)}")
        documents = []
        for index, doc in enumerate(docs := f.list("documents")):
            text = f.text_value(doc, docs.line_of(index), "document")
            if text:
                documents.append(text)
        apply_online, apply_in_person = None, None
        if f.has("apply"):
            a = self.fields(f.data["apply"], f.path, "how to apply")
            a.only("online", "in_person")
            apply_online, apply_in_person = a.url("online"), a.text("in_person")
        keywords = self.keywords(f)
        name, summary = f.text("name", required=True), f.text("summary", required=True)
        source, reviewed = f.url("source", required=True), f.date("reviewed", required=True)
        if not (self.unique("service", item_id, f) and name and summary and categories):
            return
        self.content.services.append(
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

    def eligibility(self, f: Fields):
        if not f.has("eligibility"):
            return None, None, None
        e = self.fields(f.data["eligibility"], f.path, "eligibility")
        e.only("text", "rule")
        text, rule, source = e.text("text"), None, None
        if e.has("rule"):
            source = e.data["rule"]
            if not self.rule_within_limits(e, source):
                return text, None, None
            try:
                districts = {d.id for d in self.content.districts}
                rule = parse_rule(source, districts)
            except RuleError as exc:
                e.error("rule", f"eligibility rule does not parse: {exc}")
        return text, rule, _plain(source)

    def rule_within_limits(self, e: Fields, source) -> bool:
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

    def keywords(self, f: Fields) -> tuple[Text, ...]:
        if not f.has("keywords"):
            return ()
        value = f.data["keywords"]
        if not isinstance(value, dict):
            f.error("keywords", "write keywords as {ru: [...], en: [...]}")
            return ()
        words = {}
        for lang, items in value.items():
            line = value.line_of(lang)
            if lang not in LANGUAGES:
                f.problems.error(f.path, line, f"unknown language '{shown(lang)}'")
                continue
            if not isinstance(items, list):
                items = LineList([items])
                items.line, items.item_lines = line, [line]
            if not f.counted("keywords", items, line):
                return ()
            found = [
                self.word(f, word, items.line_of(index), "keyword", lang)
                for index, word in enumerate(items)
            ]
            if None in found:
                return ()
            words[lang] = " ".join(word for word in found if word)
        return (Text(ru=words.get("ru", ""), en=words.get("en")),)

    def event(self, f: Fields) -> None:
        f.only(
            "id",
            "title",
            "topic",
            "description",
            "starts",
            "ends",
            "location",
            "place",
            "agency",
            "registration",
            "url",
            "cost",
            "source",
            "reviewed",
        )
        item_id = f.id()
        starts, ends = self.datetime(f, "starts", True), self.datetime(f, "ends", False)
        if starts and ends and ends <= starts:
            f.error("ends", "the event ends before it starts")
        location, place = f.string("location"), f.text("place")
        if location:
            self.ref("location", location, f, f.line("location"))
        elif not place:
            f.error(None, "an event needs 'location' (an office id) or 'place'")
        agency = f.string("agency")
        if agency:
            self.ref("agency", agency, f, f.line("agency"))
        title = f.text("title", required=True)
        source, reviewed = f.url("source", required=True), f.date("reviewed", required=True)
        cost = f.string("cost") or "free"
        if cost not in COSTS:
            f.error("cost", f"'cost' must be one of: {', '.join(COSTS)}")
        if not (self.unique("event", item_id, f) and title and starts):
            return
        self.content.events.append(
            Event(
                id=item_id,
                title=title,
                starts=starts,
                ends=ends,
                source=source or "",
                reviewed=reviewed or "",
                topic=f.text("topic"),
                description=f.text("description"),
                location=location,
                place=place,
                agency=agency,
                registration=f.text("registration"),
                url=f.url("url"),
                cost=cost,
            )
        )

    def datetime(self, f: Fields, key: str, required: bool) -> str | None:
        value = f.string(key, required)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%dT%H:%M")  # local time
        except ValueError:
            f.error(key, f"'{value}' is not a date and time (write 2026-12-03T11:00)")
            return None

    # -- references ----------------------------------------------------------------------

    def check_references(self) -> None:
        known = {kind: set() for kind in ("category", "district", "agency", "location")}
        for kind, item_id in self.seen:
            if kind in known:
                known[kind].add(item_id)
        for ref in self.refs:
            if ref.target not in known[ref.kind]:
                self.problems.error(ref.path, ref.line, f"unknown {ref.kind} '{ref.target}'")


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _plain(value):
    """LineDict/LineList -> dict/list, so the rule can be stored as JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, LineList)):
        return [_plain(v) for v in value]
    return value
