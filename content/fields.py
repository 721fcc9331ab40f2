"""Read the fields of one YAML item, collecting `file:line: problem` instead of stopping.

Each getter returns a usable value or None and records what was wrong, so one run of
`kiosk content validate` lists every problem in a folder, not just the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from content.model import LANGUAGES, Text
from content.urls import UnsafeUrl, check_url
from content.yamlsrc import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class Problems(list):
    """The problems found so far; `error()` and `warning()` append one."""

    def error(self, path, line: int, message: str) -> None:
        self.append(Problem(str(path), line, message, "error"))

    def warning(self, path, line: int, message: str) -> None:
        self.append(Problem(str(path), line, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]


class Fields:
    """The fields of one mapping in one file."""

    def __init__(self, data, path: Path, problems: Problems, allowed_hosts=(), what="item"):
        self.path, self.problems, self.allowed_hosts = path, problems, tuple(allowed_hosts)
        is_mapping = isinstance(data, dict)
        self.data = data if is_mapping else LineDict()
        if not is_mapping:
            line = getattr(data, "line", 1)
            problems.error(path, line, f"expected the fields of {what} (key: value lines)")

    def line(self, key: str | None = None) -> int:
        if key is None:
            return getattr(self.data, "line", 1) or 1
        return self.data.line_of(key) if isinstance(self.data, LineDict) else 1

    def error(self, key: str | None, message: str) -> None:
        self.problems.error(self.path, self.line(key), message)

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "", [], {})

    def _missing(self, key: str, required: bool) -> bool:
        if self.has(key):
            return False
        if required:
            self.problems.error(self.path, self.line(), f"'{key}' is required")
        return True

    def only(self, *known: str) -> None:
        """Warn about fields nobody reads: usually a typo that would silently drop text."""
        for key in self.data:
            if key not in known:
                self.problems.warning(self.path, self.line(key), f"unknown field '{key}'")

    def id(self, key: str = "id") -> str | None:
        if self._missing(key, True):
            return None
        value = str(self.data[key])
        if not ID_PATTERN.match(value):
            self.error(key, f"'{value}' is not a valid id (lower-case latin letters, digits, -)")
            return None
        return value

    def string(self, key: str, required: bool = False) -> str | None:
        if self._missing(key, required):
            return None
        value = self.data[key]
        if isinstance(value, (dict, list)):
            self.error(key, f"'{key}' should be a single value")
            return None
        return str(value).strip()

    def text(self, key: str, required: bool = False, english: bool = True) -> Text | None:
        """A multilingual text: {ru: ..., en: ...}, or a plain string taken as Russian."""
        if self._missing(key, required):
            return None
        return self.text_value(self.data[key], self.line(key), key, english)

    def text_value(self, value, line: int, label: str, english: bool = True) -> Text | None:
        if isinstance(value, str):
            value = {"ru": value}
        if not isinstance(value, dict):
            self.problems.error(self.path, line, f"'{label}' should be a text or {{ru:, en:}}")
            return None
        for lang in value:
            if lang not in LANGUAGES:
                self.problems.error(
                    self.path, _line_of(value, lang, line), f"unknown language '{lang}'"
                )
        ru = str(value.get("ru") or "").strip()
        en = str(value.get("en") or "").strip() or None
        if not ru:
            self.problems.error(self.path, line, f"'{label}' needs a Russian text (ru:)")
            return None
        if english and not en:
            self.problems.warning(self.path, line, f"'{label}' has no English translation")
        return Text(ru=ru, en=en)

    def url(self, key: str, required: bool = False) -> str | None:
        value = self.string(key, required)
        return self.check_url(value, self.line(key)) if value else None

    def check_url(self, value: str, line: int) -> str | None:
        try:
            return check_url(value, self.allowed_hosts)
        except UnsafeUrl as exc:
            self.problems.error(self.path, line, str(exc))
            return None

    def date(self, key: str, required: bool = False) -> str | None:
        value = self.string(key, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            self.error(key, f"'{value}' is not a date (write YYYY-MM-DD)")
            return None

    def list(self, key: str, required: bool = False) -> LineList:
        if self._missing(key, required):
            return LineList()
        value = self.data[key]
        if not isinstance(value, list):
            self.error(key, f"'{key}' should be a list")
            return LineList()
        return value

    def id_list(self, key: str, required: bool = False) -> list[tuple[str, int]]:
        """A list of ids with the line of each, for checking references later."""
        items = self.list(key, required)
        result = []
        for index, item in enumerate(items):
            if isinstance(item, str) and ID_PATTERN.match(item):
                result.append((item, items.line_of(index)))
            else:
                self.problems.error(self.path, items.line_of(index), f"'{item}' is not an id")
        return result


def _line_of(mapping, key, default: int) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else default
