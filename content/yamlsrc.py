"""Read YAML content sources while remembering the line of every value.

Staff need `file:line: what is wrong`, and plain `yaml.safe_load` forgets where things were.
The loader below builds ordinary dicts and lists whose subclasses carry the line numbers.
"""

from __future__ import annotations

from pathlib import Path

import yaml

try:  # the C parser is several times faster; the pure one gives the same marks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(_BaseLoader):
    pass


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
                None, None, f"the key '{key}' appears twice", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_scalar_text(loader: _LineLoader, node: yaml.ScalarNode):
    # YAML 1.1 reads 2026-11-20 as a date and 9:30 as the number 570 (base 60). Dates and
    # times are checked and parsed by the validator, so they stay text here.
    return loader.construct_scalar(node)


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode):
    if ":" in node.value:
        return loader.construct_scalar(node)
    return loader.construct_yaml_int(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_scalar_text)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class SourceError(Exception):
    """A file that cannot be read as YAML, with the line where the trouble is."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def load_yaml(path: Path):
    """Parse one YAML file into LineDict / LineList values, or raise SourceError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, 1, f"the file is not UTF-8 text ({exc.reason})") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(path, line, f"YAML syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(path, 1, f"YAML syntax error: {exc}") from exc
