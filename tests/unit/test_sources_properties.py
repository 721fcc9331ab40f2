"""Property-based tests of the content loader (content/publisher/sources.py, yamlsrc.py, fields.py):
random YAML, random field values and hostile fragments, fed to the real loader and builder.

The oracles here are written from the rules in docs/authoring.md, not from the code: which
characters a text may hold (by Unicode category), each field's limit, how deep YAML nests.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

import pytest
from factories import service, write_folder
from hypothesis import event, example, given
from hypothesis import strategies as st

from content.publisher.build import build_pack
from content.publisher.limits import LIST_LIMITS, MAX_DEPTH, TEXT_LIMITS
from content.publisher.sources import load_folder

SERVICE_FILE = Path("services") / "families" / "child-allowance.yaml"
FILES = [
    Path("pack.yaml"),
    Path("categories.yaml"),
    Path("districts.yaml"),
    Path("synonyms.yaml"),
    Path("agencies") / "sfr-perm.yaml",
    SERVICE_FILE,
]


def refused(char: str) -> bool:
    """The oracle: controls (but newline and tab), invisible format characters, private
    use, non-characters and line or paragraph separators have no place in a text."""
    if char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")


def line_count(data: bytes) -> int:
    """Lines as an editor counts them (LF, CRLF or a lone CR end a line)."""
    pieces = re.split(rb"\r\n|\r|\n", data)
    return max(1, len(pieces) - (pieces[-1] == b""))


_SCRATCH: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _scratch_root(tmp_path_factory):
    """The examples' folders, all removed when the module is done (`make fuzz` makes tens
    of thousands: they once piled up in /tmp, one a Hypothesis example)."""
    _SCRATCH.append(tmp_path_factory.mktemp("sources"))
    yield
    shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


def scratch() -> Path:
    # Hypothesis runs many examples in one test, and function fixtures are made once for
    # all of them: a fresh folder each, in the module's.
    return Path(tempfile.mkdtemp(dir=_SCRATCH[-1]))


# -- texts ---------------------------------------------------------------------------------

# What staff really write: Cyrillic and Latin, digits, Russian typography, spaces of every
# width, emoji. No zero-width joiner (allowed only between emoji) and no soft hyphen
# (removed): the length oracle below stays a plain len().
ORDINARY = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Nd", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Sm", "Sc", "So", "Zs"),
    exclude_characters="\u00ad",
) | st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЁЯ «»—–…№\u00a0\u202f\u2009")
LETTER = st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщыэюяABCxyz")
HIDDEN = st.characters(
    codec="utf-8", categories=("Cc", "Cf", "Co", "Zl", "Zp"), exclude_characters="\t\n\u00ad"
) | st.sampled_from(
    "\x00\x1b\x7f\x85\x9b\u061c\u200b\u200d\u200e\u202a\u202e\u2066\u2069\ufeff\uf0b7\U000e0001"
)


def nfc_stable(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


@st.composite
def texts(draw, field: str) -> str:
    """A text for `field`: ordinary, or with a hidden character, or around its limit."""
    limit = TEXT_LIMITS[field]
    kind = draw(st.sampled_from(["ordinary"] * 8 + ["hidden", "long"]))
    if kind == "long":
        size = draw(st.sampled_from([limit - 1, limit, limit + 1, limit * 3]))
        return "ж" * size
    middle = draw(st.text(ORDINARY, max_size=40).filter(nfc_stable))
    text = draw(LETTER) + middle + draw(LETTER)
    if kind == "hidden":
        at = draw(st.integers(1, len(text) - 1))
        text = text[:at] + draw(HIDDEN) + text[at:]
    return text


def bad_text(text: str, field: str) -> bool:
    return any(map(refused, text)) or len(text.strip()) > TEXT_LIMITS[field]


@st.composite
def services(draw) -> tuple[dict, bool]:
    """A service with random texts, and whether the oracle expects an error."""
    values = {
        "name": {"ru": draw(texts("name")), "en": draw(texts("name"))},
        "summary": {"ru": draw(texts("summary")), "en": draw(texts("summary"))},
        "description": {"ru": draw(texts("description"))},
    }
    bad = any(bad_text(t, key) for key, text in values.items() for t in text.values())
    documents = draw(st.lists(texts("document"), max_size=3))
    if draw(st.integers(0, 9)) == 0 and not documents:
        documents = ["Паспорт"] * (LIST_LIMITS["documents"] + 1)
        bad = True
    bad |= any(bad_text(t, "document") for t in documents)
    keywords = draw(st.lists(texts("keyword"), max_size=4))
    bad |= any(bad_text(t, "keyword") for t in keywords)
    item = {**service(), **values, "keywords": {"ru": keywords, "en": ["help"]}}
    if documents:
        item["documents"] = documents
    return item, bad


# Pack columns and the field whose limit holds them; the rest are held to the longest limit.
COLUMN_FIELDS = {
    ("services", "name"): "name",
    ("services", "summary"): "summary",
    ("services", "description"): "description",
    ("required_documents", "document"): "document",
}


def pack_texts(pack: Path):
    """(table, column, text) for every text in the pack but the derived search tables."""
    with sqlite3.connect(pack) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table.startswith(("search", "sqlite")):
                continue
            for row in db.execute(f"SELECT * FROM [{table}]"):  # noqa: S608 - our own names
                columns = [c[0] for c in db.execute(f"SELECT * FROM [{table}] LIMIT 0").description]
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str):
                        yield table, column, value


@given(services())
@example((service(name="Пособие\u202eна ребёнка"), True))
@example((service(summary={"ru": "Выплата\x00", "en": "x"}), True))
def test_a_folder_validates_exactly_when_its_texts_are_within_the_rules(case):
    item, bad = case
    folder = write_folder(scratch() / "c", services=[item])
    loaded = load_folder(folder)
    assert loaded.ok is not bad, loaded.problems
    event("refused" if bad else "built")
    if bad:
        return
    pack = folder.parent / "pack.sqlite"
    build_pack(folder, pack)
    longest = max(TEXT_LIMITS.values())
    for table, column, text in pack_texts(pack):
        assert not any(map(refused, text)), (table, column, text)
        if column == "eligibility_rule":
            continue
        field = COLUMN_FIELDS.get((table, re.sub(r"_(ru|en)$", "", column)))
        assert len(text) <= (TEXT_LIMITS[field] if field else longest), (table, column)


# -- one hidden character, one line ----------------------------------------------------------

SERVICE_LINES = [
    "id: child-allowance",
    "kind: benefit",
    "categories: [families]",
    "name: {ru: Пособие на ребёнка, en: Child allowance}",
    "summary: {ru: Ежемесячная выплата семьям., en: A monthly payment.}",
    "agencies: [sfr-perm]",
    "source: https://sfr.gov.ru/",
    "reviewed: 2026-11-20",
    "description:",
    "  ru: |",
    "    Первая строка описания.",
    "    Вторая строка: документы и сроки.",
    "    Третья строка, последняя.",
    "  en: One line of English.",
]
TEXT_LINES = {3: "name: {ru: Пособие", 4: "summary: {ru: Ежемесячная", 10: "    Первая",
              11: "    Вторая", 12: "    Третья", 13: "  en: One"}  # fmt: skip
RAW_HIDDEN = HIDDEN.filter(lambda c: c not in "\r\x1c\x1d\x1e")  # line ends to an editor


def with_service(lines: list[str]) -> Path:
    folder = write_folder(scratch() / "c")
    (folder / SERVICE_FILE).write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def problems_of(folder: Path) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in load_folder(folder).problems.errors]


@given(st.sampled_from(sorted(TEXT_LINES)), RAW_HIDDEN, st.integers(0, 5))
def test_a_hidden_character_is_reported_at_its_own_line_with_its_code_point(index, char, at):
    lines = list(SERVICE_LINES)
    start = len(TEXT_LINES[index])
    lines[index] = lines[index][: start + at] + char + lines[index][start + at :]
    found = problems_of(with_service(lines))
    assert len(found) == 1, found
    assert found[0][0] == index + 1 and f"U+{ord(char):04X}" in found[0][1], found


ESCAPES = st.sampled_from(["\\0", "\\a", "\\e", "\\x1b", "\\x7f", "\\x9b", "\\N", "\\L",
                           "\\P", "\\u200b", "\\u202e", "\\u2066", "\\ufeff", "\\uf0b7",
                           "\\_"])  # fmt: skip


@given(ESCAPES, st.booleans())
def test_a_hidden_character_from_an_escape_is_reported_where_its_text_starts(escape, in_key):
    lines = list(SERVICE_LINES)
    if in_key:
        lines[1] = f'"kind{escape}": benefit'
    else:
        lines[4] = f'summary: {{ru: "Ежемесячная{escape} выплата", en: A monthly payment.}}'
    found = problems_of(with_service(lines))
    expected = 2 if in_key else 5
    if escape == "\\_":  # a no-break space: allowed
        assert all(line != expected or "U+" not in message for line, message in found)
        return
    assert any(line == expected and "U+" in message for line, message in found), found


# -- anchors, aliases, tags and nesting ----------------------------------------------------

VALUE_LINES = [1, 2, 3, 5, 6, 7]  # `key: value` lines of SERVICE_LINES


@given(
    st.sampled_from(VALUE_LINES),
    st.sampled_from(
        ["&a ", "&very-long-anchor-name ", "*a", "!!str ", "!tag ", "!!python/name:os.system "]
    ),
)
def test_an_anchor_alias_or_tag_on_any_line_is_refused_at_that_line(index, fragment):
    lines = list(SERVICE_LINES)
    key, value = lines[index].split(": ", 1)
    lines[index] = f"{key}: {fragment}" + ("" if fragment.startswith("*") else value)
    found = problems_of(with_service(lines))
    assert len(found) == 1 and found[0][0] == index + 1, found
    assert "anchors and aliases" in found[0][1] or "tags" in found[0][1], found


@given(st.integers(1, 3 * MAX_DEPTH), st.booleans())
def test_nesting_is_refused_exactly_past_the_limit(depth, flow):
    lines = list(SERVICE_LINES)
    if flow:  # the file's mapping, the keywords' mapping, then `depth` lists
        lines.append("keywords: {ru: " + "[" * depth + "x" + "]" * depth + "}")
        levels = depth + 2
    else:  # the file's mapping, eligibility's, then `depth` rule blocks
        lines += ["eligibility:", "  rule:"]
        lines += ["    " + "  " * level + "not:" for level in range(depth - 1)]
        lines.append("    " + "  " * (depth - 1) + "not: pensioner")
        levels = depth + 2
    found = problems_of(with_service(lines))
    nested = [message for _, message in found if "nested more than" in message]
    assert bool(nested) is (levels > MAX_DEPTH), found
    if not nested and not flow:
        assert found == []


# -- random YAML, hostile fragments ------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "&a", "*a", "&b [x, y]", "*b", "<<: *a", "!!python/object/apply:os.system [ls]",
    "!!binary aGk=", "!!set {a}", "!!omap [a: 1]", "!local x", "? [a, b]", "---", "...",
    "%YAML 1.1", "%TAG ! tag:x,2000:", '"\\0"', '"\\x1b[31m"', '"\\u202e"', '"\\ud800"',
    '"\\N\\L\\P"', "'it''s'", "|", ">-", "[[[[[[[[", "]]]]", "{a: {b: {c: {", "9:30",
    "2026-11-20", "1e400", ".nan", "0x" + "f" * 80, "9" * 5000, "~", "null", "yes", "= ",
    "- - - x", "id: child-allowance", "id: \"child-allowance\\n\"", "name: {ru: x, en: y}",
    "keywords: {ru: [a, b]}", "documents: [a, b]", "phones: [{number: 122}]", "hours: {mo: x}",
    "eligibility: {rule: {all: [pensioner, {any: []}]}}", "locations: [{id: x}]",
    "\u202e", "\u2028", "\x85", "\ufeff", "\t", "x" * 3000,
])  # fmt: skip
KEYS = st.sampled_from(["id", "name", "ru", "en", "title", "keywords", "documents", "rule",
                        "hours", "phones", "number", "locations", "version", "languages",
                        "allowed_hosts", "", "?", "-", "<<", "a b", "1"])  # fmt: skip
LINES = st.one_of(
    FRAGMENTS,
    st.builds(lambda indent, key, value: " " * indent + f"{key}: {value}",
              st.integers(0, 6), KEYS, FRAGMENTS | st.text(max_size=20)),
    st.builds(lambda indent, value: " " * indent + f"- {value}", st.integers(0, 6), FRAGMENTS),
    st.text(max_size=30),
)  # fmt: skip
BYTES = st.sampled_from([b"\xff", b"\x00", b"\xc0\x80", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r"])


@st.composite
def yaml_files(draw) -> bytes:
    lines = draw(st.lists(LINES, max_size=25))
    end = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    data = end.join(lines).encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(BYTES) + data[at:]
    return data


@given(st.sampled_from(FILES), yaml_files())
@example(SERVICE_FILE, b"keywords:\n  ru: &a [x]\n  en: [*a, *a]\n")
@example(Path("pack.yaml"), b"version: " + b"1" * 5000)
@example(SERVICE_FILE, b"a: [" * 300)
@example(Path("categories.yaml"), b"- {id: x, title: \xff}\n")
def test_any_file_gives_problems_never_an_exception_and_only_real_lines(name, data):
    folder = write_folder(scratch() / "c")
    (folder / name).write_bytes(data)
    loaded = load_folder(folder)
    for problem in loaded.problems:
        path = Path(problem.path)
        assert path.is_file() and path.is_relative_to(folder), problem
        assert 1 <= problem.line <= line_count(path.read_bytes()), problem
        assert "\n" not in problem.message and len(problem.message) < 1000, problem
        assert not any(map(refused, problem.message)), problem
