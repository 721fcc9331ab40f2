"""Read the fields of one YAML item, collecting `file:line: problem` instead of stopping.

Each getter returns a usable value or None and records what was wrong, so one run of
`kiosk content validate` lists every problem in a folder, not just the first one. Every
text is held to its length limit (content.publisher.limits) here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from content.model import LANGUAGES, Text
from content.publisher.limits import list_limit, shown, text_limit
from content.publisher.yamlsrc import LineDict, LineList
from content.urls import UnsafeUrl, check_url

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
"""An id, whole: use is_id() or ID_PATTERN.fullmatch (`$` would let 'id\\n' through)."""


def is_id(value) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


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
    """The problems found so far; `error()` and `warning()` append one.

    With `per_file`, no file gets more than that many: a file of a hundred thousand
    unknown fields would otherwise give a hundred thousand lines. The rest are summed up
    in one more line, an error if any of them was one.
    """

    PER_FILE = 100

    def __init__(self, problems=(), per_file: int | None = None):
        super().__init__(problems)
        self.per_file = per_file
        self._counts: dict[str, int] = {}
        self._notices: dict[str, int] = {}

    def error(self, path, line: int, message: str) -> None:
        self._add(Problem(str(path), line, message, "error"))

    def warning(self, path, line: int, message: str) -> None:
        self._add(Problem(str(path), line, message, "warning"))

    def _add(self, problem: Problem) -> None:
        count = self._counts.get(problem.path, 0) + 1
        self._counts[problem.path] = count
        if self.per_file is None or count <= self.per_file:
            self.append(problem)
            return
        notice = self._notices.get(problem.path)
        if notice is None:
            self._notices[problem.path] = len(self)
            message = (
                f"more than {self.per_file} problems in this file: the rest are not listed; "
                "fix these and check again"
            )
            self.append(Problem(problem.path, problem.line, message, problem.severity))
        elif problem.severity == "error" and self[notice].severity != "error":
            self[notice] = Problem(problem.path, self[notice].line, self[notice].message)

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
                self.problems.warning(self.path, self.line(key), f"unknown field '{shown(key)}'")

    def id(self, key: str = "id") -> str | None:
        if self._missing(key, True):
            return None
        value = str(self.data[key])
        if not is_id(value):
            self.error(
                key, f"'{shown(value)}' is not a valid id (lower-case latin letters, digits, -)"
            )
            return None
        return value

    def string(self, key: str, required: bool = False) -> str | None:
        """One value as text, held to the field's length limit."""
        value = self._scalar(key, required)
        if value is None or not self.within(key, value, self.line(key)):
            return None
        return value

    def _scalar(self, key: str, required: bool) -> str | None:
        if self._missing(key, required):
            return None
        value = self.data[key]
        if isinstance(value, (dict, list)):
            self.error(key, f"'{key}' should be a single value")
            return None
        return str(value).strip()

    def within(self, label: str, text: str, line: int, lang: str | None = None) -> bool:
        """True if `text` is within the limit for `label`; else an error saying by how much."""
        limit = text_limit(label)
        if len(text) <= limit:
            return True
        which = f"'{label}' ({lang})" if lang else f"'{label}'"
        self.problems.error(
            self.path,
            line,
            f"{which} is {len(text):,} characters long; at most {limit:,} are allowed: shorten it",
        )
        return False

    def counted(self, label: str, items: list, line: int) -> bool:
        """True if the list has no more items than `label` allows; else an error."""
        limit = list_limit(label)
        if len(items) <= limit:
            return True
        self.problems.error(
            self.path,
            line,
            f"'{label}' has {len(items):,} items; at most {limit:,} are allowed",
        )
        return False

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
                    self.path, _line_of(value, lang, line), f"unknown language '{shown(lang)}'"
                )
        texts = {}
        for lang in LANGUAGES:
            text = self._language(value, lang, line, label)
            if text is False:
                return None
            texts[lang] = text
        ru, en = texts["ru"], texts["en"] or None
        if not ru:
            self.problems.error(self.path, line, f"'{label}' needs a Russian text (ru:)")
            return None
        if english and not en:
            self.problems.warning(self.path, line, f"'{label}' has no English translation")
        return Text(ru=ru, en=en)

    def _language(self, value: dict, lang: str, line: int, label: str) -> str | bool:
        """The text in one language ('' if none), or False after an error."""
        text = value.get(lang)
        line = _line_of(value, lang, line)
        if isinstance(text, (dict, list)):
            self.problems.error(self.path, line, f"'{label}' ({lang}) should be a text")
            return False
        text = str(text or "").strip()
        return text if self.within(label, text, line, lang) else False

    def url(self, key: str, required: bool = False) -> str | None:
        # No text limit here: check_url holds addresses to MAX_URL_LENGTH.
        value = self._scalar(key, required)
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
            self.error(key, f"'{shown(value)}' is not a date (write YYYY-MM-DD)")
            return None

    def list(self, key: str, required: bool = False) -> LineList:
        """The list, or an empty one if it is missing, not a list or over its limit."""
        if self._missing(key, required):
            return LineList()
        value = self.data[key]
        if not isinstance(value, list):
            self.error(key, f"'{key}' should be a list")
            return LineList()
        return value if self.counted(key, value, self.line(key)) else LineList()

    def id_list(self, key: str, required: bool = False) -> list[tuple[str, int]]:
        """A list of ids with the line of each, for checking references later."""
        items = self.list(key, required)
        result = []
        for index, item in enumerate(items):
            if is_id(item):
                result.append((item, items.line_of(index)))
            else:
                self.problems.error(
                    self.path, items.line_of(index), f"'{shown(item)}' is not an id"
                )
        return result


def _line_of(mapping, key, default: int) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else default
