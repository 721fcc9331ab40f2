"""Read YAML content sources while remembering the line of every value.

Staff need `file:line: what is wrong`, and plain `yaml.safe_load` forgets where things were.
The loader below builds ordinary dicts and lists whose subclasses carry the line numbers.

A content file is also outside input that must not be able to take the tool down. So before
anything is built, a file is refused if it is too large, is not UTF-8, holds characters YAML
cannot read, or uses YAML's anchors, aliases or tags, or nests too deep: an alias repeats a
value without copying it, so a few lines of nested aliases ("billion laughs") stand for
gigabytes once anything walks the value, and staff never need them. Every text is then
checked for hidden characters (content.publisher.limits); those are collected, not raised, so
the rest
of the file is still checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent

from content.publisher.limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    clean_text,
    describe,
    hidden_characters,
    shown,
    yaml_unreadable,
)

try:  # the C parser is several times faster; the pure one gives the same marks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

_LINE_END = re.compile(rb"\r\n|\r|\n")
_NOT_TEXT = "\ufffd"
"""Stands in for a refused character once it is reported, so no later message repeats it."""

_LONGEST_NUMBER = 30
"""Digits past this are not a number anyone wrote (Python refuses over 4,300 of them)."""


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LineList(list):
    """A sequence that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        lines = getattr(self, "item_lines", ())
        return lines[index] if index < len(lines) else self.line


class SourceError(Exception):
    """A file that cannot be read as YAML, with the line where the trouble is."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Source:
    """A file's values, and the problems in its texts that did not stop the reading."""

    data: object
    flaws: list[SourceError] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


# Composer before the C loader: its compose_node (Python, over the C parser's events) is the
# one step that sees anchors and aliases before they are resolved into values.
class _LineLoader(Composer, _BaseLoader):
    def __init__(self, text: str, lines: list[str]):
        _BaseLoader.__init__(self, text)
        Composer.__init__(self)
        self.lines, self.flaws, self.depth = lines, [], 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise _Refused(line, _ANCHORS)
        if getattr(event, "tag", None) is not None:
            raise _Refused(line, _TAGS.format(_shown_tag(event.tag)))
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(line, _NESTED)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_NESTED = f"lists and fields are nested more than {MAX_DEPTH} deep here"
_ANCHORS = (
    "YAML anchors and aliases (&name, *name) are not used in content: write the text out "
    "again where it is needed"
)
_TAGS = "YAML tags such as '{}' are not used in content: remove it and write the value plainly"


def _shown_tag(tag: str) -> str:
    return shown("!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:") else tag)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{shown(key)}' appears twice", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Every text, key and id comes through here, so no hidden character gets past.
    text = clean_text(loader.construct_scalar(node))
    hidden = list(hidden_characters(text))
    if not hidden:
        return text
    char = text[hidden[0]]
    line = _line_holding(loader.lines, char, node.start_mark.line, node.end_mark.line)
    loader.flaws.append((line, f"the text holds {describe(char)}"))
    chars = list(text)
    for index in hidden:
        chars[index] = _NOT_TEXT
    return "".join(chars)


def _line_holding(lines: list[str], char: str, first: int, last: int) -> int:
    """The line of a multi-line text where `char` is; its first line if an escape wrote it."""
    for number in range(first, min(last, len(lines) - 1) + 1):
        if char in lines[number]:
            return number + 1
    return first + 1


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode):
    # YAML 1.1 reads 9:30 as the number 570 (base 60): times stay text for the validator.
    if ":" in node.value or len(node.value) > _LONGEST_NUMBER:
        return _construct_text(loader, node)
    return loader.construct_yaml_int(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, _construct_text)
# YAML 1.1 reads 2026-11-20 as a date. Dates and times are checked and parsed by the
# validator, so they stay text here.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def read_source(path: Path) -> Source:
    """Parse one YAML file into LineDict / LineList values, or raise SourceError.

    Hidden characters in texts are in `flaws`, each at its line; the data then holds U+FFFD
    in their place.
    """
    text = _decode(path, _read_bytes(path))
    lines = text.split("\n")
    unreadable = yaml_unreadable(text)
    if unreadable is not None:
        line = text.count("\n", 0, unreadable) + 1
        raise SourceError(path, line, f"the line holds {describe(text[unreadable])}")
    loader = _LineLoader(text, lines)
    try:
        data = loader.get_single_data()
    except _Refused as exc:
        raise SourceError(path, exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # A bracket left open is noticed after the last line: point at the last line.
        last = max(1, len(lines) - (lines[-1] == ""))
        line = min(mark.line + 1, last) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours
            raise SourceError(path, line, _NESTED) from None
        raise SourceError(path, line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, 1, f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    return Source(data, [SourceError(path, line, message) for line, message in loader.flaws])


def load_yaml(path: Path):
    """The values of one YAML file; SourceError for the first problem of any kind."""
    source = read_source(path)
    if source.flaws:
        raise source.flaws[0]
    return source.data


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise SourceError(path, 1, "this is not a file (a folder, a device or a broken link)")
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        size = max(path.stat().st_size, len(raw)) / (1024 * 1024)
        raise SourceError(
            path,
            1,
            f"the file is {size:.1f} MB; a content file may be at most "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB: shorten its texts or split it",
        )
    return raw


def _decode(path: Path, raw: bytes) -> str:
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte order mark, as Windows Notepad writes
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(_LINE_END.findall(raw, 0, exc.start)) + 1
        raise SourceError(
            path,
            line,
            f"the line is not UTF-8 text (the byte 0x{raw[exc.start]:02X}, perhaps "
            "Windows-1251): save the file as UTF-8",
        ) from None
    # Editors count a lone CR (old Mac files) as a line end, and so does YAML.
    return text.replace("\r\n", "\n").replace("\r", "\n")
