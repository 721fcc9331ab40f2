"""Parsing HSDS cell values: ids and slugs, times, weekdays, dates, numbers, HTML texts."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date, datetime

# -- ids -----------------------------------------------------------------------------------

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")  # whole: fullmatch, as `$` passes "id\n"

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
    strict=True,
))  # fmt: skip
_TRANSLIT.update({"ъ": "", "ь": ""})


def translit(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def slugify(text: str, limit: int = 64) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", translit(text)).strip("-")
    return slug[:limit].rstrip("-")


class Ids:
    """HSDS ids -> content ids: kept when already valid, else a slug; stable across runs."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.by_raw: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, raw: str) -> str:
        if raw in self.by_raw:
            return self.by_raw[raw]
        candidate = raw.strip().lower()
        if not ID_RE.fullmatch(candidate):
            candidate = slugify(raw.strip(), 56)
            if len(candidate) < 2 or not candidate[0].isalnum():
                candidate = f"{self.prefix}-{candidate}".strip("-")
        if candidate in self.used:
            digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:8]
            candidate = f"{candidate[:55]}-{digest}"
        self.used.add(candidate)
        self.by_raw[raw] = candidate
        return candidate


# -- values --------------------------------------------------------------------------------

_TIME = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?"
    r"\s*(?:z|utc|[+-]\d{2}(?::?\d{2})?)?$"
)


def parse_time(value: str) -> str:
    """'9:00', '09:00:00', '09:00+05:00', '0900', '9 pm' -> 'HH:MM'; raises ValueError."""
    text = value.strip().lower()
    if re.fullmatch(r"\d{4}", text):
        text = f"{text[:2]}:{text[2:]}"
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"cannot read the time '{value}'")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(4) or "").replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(f"cannot read the time '{value}'")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ValueError(f"'{value}' is not a time of day")
    return f"{hour:02d}:{minute:02d}"


WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
_DAY_NAMES = {
    **{d: i for i, d in enumerate(WEEKDAYS)},
    **{d: i for i, d in enumerate("mon tue wed thu fri sat sun".split())},
    **{d: i for i, d in enumerate(
        "monday tuesday wednesday thursday friday saturday sunday".split())},
    **{d: i for i, d in enumerate("пн вт ср чт пт сб вс".split())},
    **{d: i for i, d in enumerate(
        "понедельник вторник среда четверг пятница суббота воскресенье".split())},
    **{str(i + 1): i for i in range(7)},  # 1 = Monday ... 7 = Sunday (ISO 8601)
    "0": 6,  # some exports count from Sunday = 0
    "tues": 1, "thur": 3, "thurs": 3, "weds": 2,
}  # fmt: skip


def parse_days(value: str) -> list[str]:
    """'MO,TU' / 'Monday' / 'пн-пт' / '1' -> ['mo', ...]; raises ValueError."""
    days: list[str] = []
    for part in re.split(r"[,;\s]+", value.strip().lower()):
        if not part:
            continue
        first, _, last = part.replace("–", "-").partition("-")
        if re.match(r"^[+-]?\d+[a-z]{2}$", first):
            raise ValueError(f"'{part}' is a monthly day, not a weekly one")
        try:
            start = _DAY_NAMES[first.rstrip(".")]
            end = _DAY_NAMES[last.rstrip(".")] if last else start
        except KeyError:
            raise ValueError(f"unknown day '{part}'") from None
        span = range(start, end + 1) if end >= start else [*range(start, 7), *range(0, end + 1)]
        days.extend(WEEKDAYS[i] for i in span if WEEKDAYS[i] not in days)
    if not days:
        raise ValueError("no day given")
    return days


def parse_date(value: str) -> date:
    """'2025-03-01', '2025-03-01T10:00:00Z', '01.03.2025' -> a date; raises ValueError."""
    text = value.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return date(*(int(g) for g in match.groups()))
    for fmt in ("%d.%m.%Y", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.split()[0], fmt).date()
        except (ValueError, IndexError):
            continue
    raise ValueError(f"cannot read the date '{value}'")


def parse_number(value: str) -> float | None:
    try:
        return float(value.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None


_BLOCK_TAGS = re.compile(r"</?(p|div|br|ul|ol|h\d)\b[^>]*>", re.I)


def html_to_markdown(text: str) -> str:
    """Descriptions often carry simple HTML; the kiosk reads Markdown."""
    if "<" in text and ">" in text:
        text = re.sub(r"<li\b[^>]*>\s*", "\n- ", text, flags=re.I)
        text = re.sub(r"</li>", "\n", text, flags=re.I)
        text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
        text = re.sub(r"<(b|strong)\b[^>]*>(.*?)</\1>", r"**\2**", text, flags=re.I | re.S)
        text = _BLOCK_TAGS.sub("\n\n", text)
        text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"(\n- [^\n]*)\n\n(?=- )", r"\1\n", text)
    return text.strip()


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a (Markdown) text, as a summary; cut at a word if too long."""
    plain = re.sub(r"[*_#>`]", "", text)
    plain = re.sub(r"^\s*-\s+", "", plain, flags=re.M)
    plain = " ".join(plain.split())
    match = re.search(r"^(.+?[.!?…])(?=\s+[«\"(A-ZА-ЯЁ0-9]|$)", plain)
    sentence = match.group(1) if match else plain
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence
