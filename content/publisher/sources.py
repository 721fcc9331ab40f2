"""Load a content folder (docs/authoring.md) into the content model, and check it.

`load_folder()` never stops at the first problem: it returns the content it could read and
every problem found, each with the file and line, so staff fix a folder in one pass. It
never raises either: a folder is outside input, and every limit on it (content.publisher.limits) is
checked before a value is used.

This module reads the folder's own files (pack.yaml, categories, districts, synonyms) and
checks the references between items; an item file is read by the module of its kind:
content.publisher.source_agencies, source_services, source_events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from content.model import (
    CONSENT_PARTS,
    LANGUAGES,
    Category,
    Consent,
    Content,
    District,
    PackInfo,
    Text,
)
from content.pack.meta import inbox_key
from content.presentation.pictograms import PICTOGRAMS, known_pictogram
from content.publisher.fields import Fields, Problems
from content.publisher.households import check_households
from content.publisher.limits import shown
from content.publisher.minimums import read_minimums
from content.publisher.source_agencies import read_agency
from content.publisher.source_events import read_event
from content.publisher.source_services import read_service
from content.publisher.yamlsrc import LineDict, SourceError, read_source
from content.urls import UnsafeUrl, check_allowed_host


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
    reading = Folder(Path(folder))
    reading.run()
    # In file order, so staff can work down the list one file at a time.
    problems = Problems(sorted(reading.problems, key=lambda p: (p.path, p.line)))
    return Loaded(reading.content, problems)


Read = Callable[["Folder", Fields], None]
"""How one item is read: into the folder's content, or into its problems."""


class Folder:
    """A content folder being read: the content so far, the problems found, the ids seen and
    the references still to check. The readers of each kind of item are given it."""

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
        self.each_in_list(self.root / "categories.yaml", _category, required=True)
        self.each_in_list(self.root / "districts.yaml", _district, required=True)
        self.synonyms(self.root / "synonyms.yaml")
        for path in self.yaml_files("agencies"):
            self.single(path, read_agency)
        for path in self.yaml_files("services"):
            self.single(path, read_service)
        for path in self.yaml_files("events"):
            self.single(path, read_event)
        check_households(self)
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

    def single(self, path: Path, read: Read) -> None:
        data = self.read(path)
        if data is not None:
            read(self, self.fields(data, path, "one item"))

    def each_in_list(self, path: Path, read: Read, required: bool) -> None:
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
            read(self, self.fields(item, path, "a list item"))

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
        f.only(
            "id",
            "title",
            "region",
            "languages",
            "demo",
            "version",
            "notice",
            "allowed_hosts",
            "inbox_public_key",
            "consent",
            "subsistence_minimum",
        )
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
            subsistence_minimum=read_minimums(self, f),
            **self.requests(f),
        )

    def requests(self, f: Fields) -> dict:
        """The office's key and the consent text: both, or neither (then the pack takes no
        requests), as PackInfo's fields."""
        key = f.string("inbox_public_key")
        if key is not None:
            try:
                inbox_key(key)
            except ValueError as exc:
                f.error("inbox_public_key", f"'inbox_public_key' {exc}")
                key = None
        consent = self.consent(f) if f.has("consent") else None
        if f.has("inbox_public_key") and not f.has("consent"):
            f.error(
                "inbox_public_key",
                "a pack that takes requests needs 'consent': the text a citizen agrees to "
                "before a form with personal data is sent (152-FZ); see docs/authoring.md",
            )
        if f.has("consent") and not f.has("inbox_public_key"):
            f.problems.warning(
                f.path,
                f.line("consent"),
                "'consent' is never shown: without 'inbox_public_key' the pack takes no requests",
            )
        return {"inbox_public_key": key, "consent": consent}

    def consent(self, f: Fields) -> Consent | None:
        if not isinstance(f.data["consent"], dict):
            f.error("consent", f"'consent' should be its parts: {', '.join(CONSENT_PARTS)}")
            return None
        c = self.fields(f.data["consent"], f.path, "the consent text")
        c.only(*CONSENT_PARTS)
        parts = {part: c.text(part, required=True) for part in CONSENT_PARTS}
        if any(text is None for text in parts.values()):
            return None
        return Consent(**parts)

    def allowed_hosts(self, f: Fields) -> tuple[str, ...]:
        hosts = []
        for index, entry in enumerate(items := f.list("allowed_hosts", required=True)):
            try:
                hosts.append(check_allowed_host(entry))
            except UnsafeUrl as exc:
                self.problems.error(f.path, items.line_of(index), f"allowed_hosts: {exc}")
        return tuple(hosts)

    def synonyms(self, path: Path) -> None:
        data = self.read(path, required=False)
        if data is None:
            return
        if not isinstance(data, dict):
            self.problems.error(path, 1, "expected languages (ru:, en:) with lists of groups")
            return
        f = self.fields(data, path, "synonyms")
        for lang, groups, line in self.by_language(f, data):
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

    def by_language(self, f: Fields, data) -> Iterator[tuple[str, object, int]]:
        """(language, value, line) for each entry of a mapping by language (ru:, en:); an
        unknown language is a problem, and its entry is passed over."""
        for lang, value in data.items():
            line = data.line_of(lang)
            if lang not in LANGUAGES:
                self.problems.error(f.path, line, f"unknown language '{shown(lang)}'")
                continue
            yield lang, value, line

    def word(self, f: Fields, word, line: int, label: str, lang: str) -> str | None:
        """One word or phrase of a list (a synonym, a keyword), or None after an error."""
        if isinstance(word, (dict, list)):
            f.problems.error(f.path, line, f"a {label} should be a word or phrase")
            return None
        text = str(word).strip()
        return text if f.within(label, text, line, lang) else None

    # -- references ----------------------------------------------------------------------

    def check_references(self) -> None:
        known = {kind: set() for kind in ("category", "district", "agency", "location")}
        for kind, item_id in self.seen:
            if kind in known:
                known[kind].add(item_id)
        for ref in self.refs:
            if ref.target not in known[ref.kind]:
                self.problems.error(ref.path, ref.line, f"unknown {ref.kind} '{ref.target}'")


def _category(folder: Folder, f: Fields) -> None:
    f.only("id", "title", "description", "icon")
    item_id = f.id()
    title = f.text("title", required=True)
    icon = f.string("icon")
    if icon and not known_pictogram(icon):
        # Not an error: the tile is shown all the same, with its words and no pictogram.
        known = ", ".join(sorted(PICTOGRAMS))
        f.problems.warning(
            f.path, f.line("icon"), f"unknown icon '{shown(icon)}': no pictogram; known: {known}"
        )
    if folder.unique("category", item_id, f) and title:
        folder.content.categories.append(Category(item_id, title, f.text("description"), icon))


def _district(folder: Folder, f: Fields) -> None:
    f.only("id", "name")
    item_id = f.id()
    name = f.text("name", required=True)
    if folder.unique("district", item_id, f) and name:
        folder.content.districts.append(District(item_id, name))
