"""A content folder cannot blow up the validator: YAML tricks, huge texts, hidden characters
and ids that only look valid are refused with `file:line: problem` (issue 15, items 6, 8, 10).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from factories import service, write_folder

from content.publisher.fields import Problems
from content.publisher.limits import LIST_LIMITS, MAX_FILE_BYTES, TEXT_LIMITS
from content.publisher.sources import load_folder

SERVICE_FILE = Path("services") / "families" / "child-allowance.yaml"

# A valid service written by hand, so a test can put a hostile fragment on a known line.
SERVICE_YAML = """\
id: child-allowance
kind: benefit
categories: [families]
name: {ru: Пособие на ребёнка, en: Child allowance}
summary: {ru: Ежемесячная выплата семьям., en: A monthly payment.}
agencies: [sfr-perm]
source: https://sfr.gov.ru/
reviewed: 2026-11-20
"""


def folder_with(tmp_path: Path, text: str | bytes, name: Path = SERVICE_FILE) -> Path:
    """A valid folder whose file `name` holds `text` instead."""
    folder = write_folder(tmp_path / "c")
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    target.write_bytes(text)
    return folder


def errors(folder: Path) -> list[str]:
    """Each error as 'relative/path:line: message'."""
    return [
        f"{Path(p.path).relative_to(folder)}:{p.line}: {p.message}"
        for p in load_folder(folder).problems.errors
    ]


def test_the_hand_written_service_is_valid(tmp_path):
    assert errors(folder_with(tmp_path, SERVICE_YAML)) == []


# -- item 8: ids ---------------------------------------------------------------------------


def test_an_id_with_a_trailing_newline_is_refused(tmp_path):
    text = SERVICE_YAML.replace("id: child-allowance", 'id: "child-allowance\\n"')
    found = errors(folder_with(tmp_path, text))
    assert any(e.startswith(f"{SERVICE_FILE}:1: ") and "not a valid id" in e for e in found), found


def test_a_newline_id_cannot_slip_past_the_duplicate_check(tmp_path):
    folder = folder_with(tmp_path, SERVICE_YAML)
    twin = SERVICE_YAML.replace("id: child-allowance", 'id: "child-allowance\\n"')
    (folder / "services" / "families" / "twin.yaml").write_text(twin, "utf-8")
    loaded = load_folder(folder)
    assert [s.id for s in loaded.content.services] == ["child-allowance"]
    assert not loaded.ok


def test_an_id_in_a_list_with_a_trailing_newline_is_not_an_id(tmp_path):
    text = SERVICE_YAML.replace("agencies: [sfr-perm]", 'agencies: ["sfr-perm\\n"]')
    found = errors(folder_with(tmp_path, text))
    assert any(e.startswith(f"{SERVICE_FILE}:6: ") and "is not an id" in e for e in found), found


# -- item 6: YAML that expands, nests or grows ----------------------------------------------


def test_an_anchor_is_refused_at_its_line_before_anything_is_built(tmp_path):
    text = SERVICE_YAML + "keywords:\n  ru: &words [пособие, выплата]\n  en: *words\n"
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1, found
    assert found[0].startswith(f"{SERVICE_FILE}:10: ")
    assert "anchor" in found[0] and "write the text out again" in found[0]


def test_an_alias_without_an_anchor_is_refused_at_its_line(tmp_path):
    text = SERVICE_YAML + "keywords:\n  ru: *words\n"
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:10: "), found


def test_deep_nesting_is_refused_without_a_recursion_error(tmp_path):
    depth = 600
    text = SERVICE_YAML + "keywords: {ru: " + "[" * depth + "x" + "]" * depth + "}\n"
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:9: "), found
    assert "nested" in found[0]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = "x" * (MAX_FILE_BYTES + 1)
    text = SERVICE_YAML + f"description: {big}\n"
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:1: "), found
    assert f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB" in found[0]


def test_a_number_of_thousands_of_digits_is_an_error_not_a_traceback(tmp_path):
    folder = folder_with(tmp_path, "id: test-pack\nversion: " + "1" * 5000 + "\n", "pack.yaml")
    found = errors(folder)
    assert any(e.startswith("pack.yaml:2: 'version' must be a whole number") for e in found)


@pytest.mark.parametrize(
    "fragment",
    ["!!python/object/apply:os.system [ls]", "!!binary aGVsbG8=", "!!set {a}", "!foo x"],
)
def test_yaml_tags_are_refused(tmp_path, fragment):
    found = errors(folder_with(tmp_path, SERVICE_YAML + f"description: {fragment}\n"))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:9: "), found
    assert "tag" in found[0]


# -- item 6: every field has a length limit -------------------------------------------------


def line_of_text(path: Path, field: str, lang: str, block: bool) -> int:
    """The line of `field:`, or of its `lang:` line below it when written as a block."""
    lines = path.read_text("utf-8").splitlines()
    first = next(n for n, s in enumerate(lines) if s.startswith(f"{field}:"))
    if not block:
        return first + 1
    return next(n for n in range(first, len(lines)) if lines[n].strip().startswith(f"{lang}:")) + 1


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", {"ru": "Пособие " * 40, "en": "Child allowance"}),
        ("summary", {"ru": "в", "en": "a" * (TEXT_LIMITS["summary"] + 1)}),
        ("description", {"ru": "Длинный текст. " * 2000}),
        ("amount", "рубль " * 500),
        ("legal_basis", {"ru": "закон " * 500}),
    ],
)
def test_a_text_over_its_limit_is_refused_with_the_field_limit_and_length(tmp_path, field, value):
    item = service()
    item[field] = value
    folder = write_folder(tmp_path / "c", services=[item])
    texts = value if isinstance(value, dict) else {"ru": value}
    lang, text = next((k, v) for k, v in texts.items() if len(v.strip()) > TEXT_LIMITS[field])
    line = line_of_text(folder / SERVICE_FILE, field, lang, isinstance(value, dict))
    found = errors(folder)
    expected = (
        f"{SERVICE_FILE}:{line}: '{field}' ({lang}) is {len(text.strip()):,} characters long; "
        f"at most {TEXT_LIMITS[field]:,} are allowed"
    )
    assert any(e.startswith(expected) for e in found), found


def test_a_text_at_its_limit_is_accepted(tmp_path):
    limit = TEXT_LIMITS["description"]
    folder = write_folder(tmp_path / "c", services=[service(description={"ru": "ж" * limit})])
    loaded = load_folder(folder)
    assert loaded.ok, loaded.problems
    assert len(loaded.content.services[0].description.ru) == limit


@pytest.mark.parametrize("field", ["documents", "keywords"])
def test_a_list_over_its_limit_is_refused(tmp_path, field):
    count = LIST_LIMITS[field] + 1
    words = [f"слово {n}" for n in range(count)]
    value = words if field == "documents" else {"ru": words}
    folder = write_folder(tmp_path / "c", services=[service(**{field: value})])
    found = errors(folder)
    assert any(
        f"'{field}' has {count} items; at most {LIST_LIMITS[field]} are allowed" in e for e in found
    ), found


def test_a_long_keyword_is_refused(tmp_path):
    word = "к" * (TEXT_LIMITS["keyword"] + 1)
    folder = write_folder(tmp_path / "c", services=[service(keywords={"ru": ["пособие", word]})])
    assert any("'keyword' (ru) is" in e for e in errors(folder))


def test_the_problems_of_one_file_are_capped_not_endless(tmp_path):
    many = "".join(f"field{n}: x\n" for n in range(5000))
    loaded = load_folder(folder_with(tmp_path, SERVICE_YAML + many))
    mine = [p for p in loaded.problems if p.path.endswith("child-allowance.yaml")]
    assert len(mine) <= Problems.PER_FILE + 1
    notices = [p for p in mine if "problems in this file: the rest are not listed" in p.message]
    assert len(notices) == 1


# -- item 10: characters --------------------------------------------------------------------


def test_a_nul_byte_is_reported_at_its_line(tmp_path):
    lines = SERVICE_YAML.splitlines(keepends=True)
    lines[6] = "source: https://sfr.gov.ru/\x00\n"
    found = errors(folder_with(tmp_path, "".join(lines)))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:7: "), found
    assert "U+0000" in found[0]


def test_bad_utf8_is_reported_at_its_line(tmp_path):
    raw = SERVICE_YAML.encode("utf-8").replace(
        "Ежемесячная".encode(), "Ежемесячная".encode("cp1251")
    )
    found = errors(folder_with(tmp_path, raw))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:5: "), found
    assert "UTF-8" in found[0]


@pytest.mark.parametrize(
    "escape, code",
    [("\\0", "U+0000"), ("\\x1b", "U+001B"), ("\\x85", "U+0085"), ("\\r", "U+000D")],
)
def test_a_control_character_from_an_escape_is_refused(tmp_path, escape, code):
    text = SERVICE_YAML.replace(
        "summary: {ru: Ежемесячная выплата семьям.",
        f'summary: {{ru: "Ежемесячная{escape} выплата семьям."',
    )
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:5: "), found
    assert code in found[0]


@pytest.mark.parametrize(
    "char",
    ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff"],
)
def test_bidi_and_invisible_characters_are_refused_with_their_code_point(tmp_path, char):
    text = SERVICE_YAML.replace("Пособие на ребёнка", f"Пособие{char} на ребёнка")
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:4: "), found
    assert f"U+{ord(char):04X}" in found[0]


def test_a_hidden_character_deep_in_a_block_text_is_reported_at_its_own_line(tmp_path):
    text = SERVICE_YAML + "description:\n  ru: |\n    Первая строка.\n    Вторая\u202e строка.\n"
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:12: "), found


def test_a_hidden_character_in_a_key_or_an_id_is_refused(tmp_path):
    text = SERVICE_YAML.replace("kind: benefit", "ki\u200bnd: benefit")
    assert any(e.startswith(f"{SERVICE_FILE}:2: ") for e in errors(folder_with(tmp_path, text)))


def test_a_private_use_symbol_from_a_word_font_is_refused(tmp_path):
    text = SERVICE_YAML + "documents:\n  - \uf0b7 Паспорт\n"
    found = errors(folder_with(tmp_path, text))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:10: "), found
    assert "U+F0B7" in found[0]


RUSSIAN_TYPOGRAPHY = (
    "Выплата «на ребёнка» — до 17 лет… Закон № 81-ФЗ, 5\u00a0000\u00a0₽, 1\u202f000 ₽, "
    "ёлка, «ЁЖ», „кавычки“, ‘одинарные’, §\u20093, 50\u2009%, № 1, ½, ×, ±, ≤, "
    "👨\u200d👩\u200d👧, ❤️"
)


def test_ordinary_russian_typography_is_accepted_unchanged(tmp_path):
    text = SERVICE_YAML + f"description: {{ru: '{RUSSIAN_TYPOGRAPHY}'}}\n"
    loaded = load_folder(folder_with(tmp_path, text))
    assert loaded.ok, loaded.problems
    assert loaded.content.services[0].description.ru == RUSSIAN_TYPOGRAPHY


def test_soft_hyphens_are_removed_and_decomposed_letters_composed(tmp_path):
    # Text pasted from Word or a web page: soft hyphens, and 'й' as 'и' + a combining breve.
    text = SERVICE_YAML.replace(
        "Пособие на ребёнка", "По\u00adсо\u00adбие на ребе\u0308нок и\u0306"
    )
    loaded = load_folder(folder_with(tmp_path, text))
    assert loaded.ok, loaded.problems
    assert loaded.content.services[0].name.ru == "Пособие на ребёнок й"


def test_a_zero_width_joiner_between_letters_is_refused(tmp_path):
    text = SERVICE_YAML.replace("Пособие на ребёнка", "Посо\u200dбие")
    assert any("U+200D" in e for e in errors(folder_with(tmp_path, text)))


def test_hostile_values_written_by_a_yaml_library_are_refused(tmp_path):
    # yaml.safe_dump writes control characters as escapes: the check is on the value.
    item = service(summary={"ru": "Выплата\x1b[31m семьям", "en": "A monthly payment."})
    folder = write_folder(tmp_path / "c", services=[item])
    dumped = (folder / SERVICE_FILE).read_text("utf-8")
    assert "\\e" in dumped or "\\x1B" in dumped or "\\x1b" in dumped
    assert any("U+001B" in e for e in errors(folder))


def test_yaml_reads_back_what_the_factory_wrote():
    # The factories write with safe_dump; the hostile tests rely on it escaping, not dropping.
    assert yaml.safe_load(yaml.safe_dump({"a": "x\x00y"})) == {"a": "x\x00y"}


def test_an_error_past_the_cap_still_fails_the_folder(tmp_path):
    many = "".join(f"field{n}: x\n" for n in range(Problems.PER_FILE + 10))
    text = SERVICE_YAML.replace("id: child-allowance", "id: Bad_Id") + many
    loaded = load_folder(folder_with(tmp_path, text))
    assert not loaded.ok
    assert [p.message for p in loaded.problems.errors if "the rest" in p.message]


def test_bad_utf8_in_a_file_with_old_mac_line_ends_is_reported_at_its_line(tmp_path):
    raw = SERVICE_YAML.replace("\n", "\r").encode("utf-8")
    raw = raw.replace("Ежемесячная".encode(), "Ежемесячная".encode("cp1251"))
    found = errors(folder_with(tmp_path, raw))
    assert len(found) == 1 and found[0].startswith(f"{SERVICE_FILE}:5: "), found


def test_the_authoring_guide_states_the_limits_the_code_holds():
    guide = (Path(__file__).parents[2] / "docs" / "authoring.md").read_text("utf-8")
    section = guide.split("## Limits, and characters that are refused", 1)[1]
    rows = [
        line
        for line in section.split("\n## ")[0].splitlines()
        if line.startswith("| ") and "`" in line
    ]
    stated = {}
    for row in rows:
        fields, limit = row.strip("|").rsplit("|", 1)
        for name in re.findall(r"`([a-z_]+)`", fields):
            if name in TEXT_LIMITS:
                stated[name] = int(limit.strip().replace(",", ""))
    assert stated == {name: TEXT_LIMITS[name] for name in stated}
    assert {"name", "summary", "description", "text", "document", "keyword"} <= set(stated)
    assert f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB" in guide
    assert f"{LIST_LIMITS['documents']} `documents`" in guide


@pytest.mark.parametrize(
    "text",
    [
        '"dup\\n\\u202e": 1\n"dup\\n\\u202e": 2\n',
        "a: !<tag:x%E2%80%AE%0A> x\n",
    ],
)
def test_a_yaml_message_quotes_nothing_hidden_and_keeps_to_one_line(tmp_path, text):
    problems = load_folder(folder_with(tmp_path, text)).problems
    for problem in problems:
        assert "\n" not in problem.message and "\u202e" not in problem.message, problem


@pytest.mark.parametrize(
    "value, problem",
    [(".nan", "must be a number between"), (".inf", "must be a number between"),
     ("91", "must be a number between"), ("true", "must be a number"),
     ('"58.0"', "must be a number"), ("58.01", None)],
)  # fmt: skip
def test_a_latitude_must_be_a_place_on_earth(tmp_path, value, problem):
    from factories import AGENCY

    agency = {**AGENCY, "locations": [{**AGENCY["locations"][0], "latitude": "LAT"}]}
    folder = write_folder(tmp_path / "content")
    path = folder / "agencies" / "sfr-perm.yaml"
    text = yaml.safe_dump(agency, allow_unicode=True, sort_keys=False)
    assert "latitude: LAT" in text
    path.write_text(text.replace("latitude: LAT", f"latitude: {value}"), "utf-8")
    found = [str(p) for p in load_folder(folder).problems.errors]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and f"'latitude' {problem}" in found[0], found
