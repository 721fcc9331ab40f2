"""Pack records as the text the screens show: Kivy label markup, dates and hours in words.

No widgets here, so a test can check what a visitor will read without opening a window.
Everything that comes from the pack is escaped before any markup is added: a `[` in a
service text must show as `[`, never start a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kivy.utils import escape_markup

from content.model import WEEKDAYS
from content.pack import Record
from kiosk.app.i18n import _

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\*\w])\*(?!\s)(.+?)(?<!\s)\*(?![\*\w])")
_BULLET = re.compile(r"^[-*+]\s+")
_NUMBERED = re.compile(r"^\d+[.)]\s+")
_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass(frozen=True)
class Section:
    """One part of a service page: a heading and its body, both Kivy markup."""

    title: str
    body: str
    level: int = 1
    """1 for a part of the page, 2 for a part within the part before it."""


def _inline(line: str) -> str:
    line = _LINK.sub(lambda m: f"{m[1]} ({m[2]})", line)
    line = escape_markup(line)
    line = _BOLD.sub(r"[b]\1[/b]", line)
    return _ITALIC.sub(r"[i]\1[/i]", line)


def markdown_to_markup(text: str | None) -> str:
    """The plain Markdown of pack texts as Kivy markup.

    Paragraphs stay paragraphs (single line breaks inside one are spaces), `- ` items become
    `• ` lines, numbered items and headings keep their own line; **bold** and *italic* become
    [b] and [i]; links become "text (address)".
    """
    blocks: list[list[str]] = []
    block: list[str] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            block.append(_inline(" ".join(paragraph)))
            paragraph.clear()

    def end_block() -> None:
        end_paragraph()
        if block:
            blocks.append(block.copy())
            block.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            end_block()
        elif _BULLET.match(line):
            end_paragraph()
            block.append("• " + _inline(_BULLET.sub("", line)))
        elif _NUMBERED.match(line):
            end_paragraph()
            block.append(_inline(line))
        elif _HEADING.match(line):
            end_block()
            block.append(f"[b]{_inline(_HEADING.sub('', line))}[/b]")
        else:
            paragraph.append(line)
    end_block()
    return "\n\n".join("\n".join(lines) for lines in blocks)


_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def format_date(iso: str | None) -> str:
    """'2026-11-26' -> '26 ноября 2026 г.'; anything else comes back unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", (iso or "")[:10])
    if not match or not 1 <= int(match[2]) <= 12:
        return iso or ""
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    return _("{day} {month} {year} г.").format(day=day, month=_(_MONTHS[month - 1]), year=year)


_DAY_NAMES = dict(zip(WEEKDAYS, ("пн", "вт", "ср", "чт", "пт", "сб", "вс"), strict=True))


def format_hours(rows: list[Record]) -> str:
    """Schedule rows as 'пн–пт 09:00–18:00; сб 10:00–14:00'; days with the same hours merge."""
    by_day: dict[str, list[str]] = {}
    for row in rows:
        by_day.setdefault(row["weekday"], []).append(f"{row['opens_at']}–{row['closes_at']}")
    runs: list[tuple[list[str], str]] = []
    for day in WEEKDAYS:
        hours = ", ".join(by_day.get(day, []))
        if not hours:
            continue
        last = runs[-1] if runs else None
        follows = last and WEEKDAYS.index(last[0][-1]) == WEEKDAYS.index(day) - 1
        if last and follows and last[1] == hours:
            last[0].append(day)
        else:
            runs.append(([day], hours))
    parts = []
    for days, hours in runs:
        name = _(_DAY_NAMES[days[0]])
        if len(days) > 1:
            name += "–" + _(_DAY_NAMES[days[-1]])
        parts.append(f"{name} {hours}")
    return "; ".join(parts)


def _text(record: Record, field: str, lang: str) -> str:
    value = record.get(field)
    return value.get(lang) if value else ""


def _location(location: Record, lang: str) -> str:
    lines = [f"[b]{escape_markup(_text(location, 'name', lang))}[/b]"]
    street, city = _text(location, "street", lang), _text(location, "city", lang)
    if street:
        lines.append(_("Адрес: ") + escape_markup(", ".join(p for p in (street, city) if p)))
    elif city:
        lines.append(_("Город: ") + escape_markup(city))
    if location["hours"]:
        lines.append(_("Часы работы: ") + format_hours(location["hours"]))
    if location.get("hours_note"):
        lines.append(escape_markup(location["hours_note"].get(lang)))
    phones = ", ".join(p["display"] or p["number"] for p in location["phones"])
    if phones:
        lines.append(_("Телефон: ") + escape_markup(phones))
    return "\n".join(lines)


def _where(service: Record, lang: str) -> list[Section]:
    """One part per agency, listing its offices that provide the service."""
    return [
        Section(
            escape_markup(_text(agency, "name", lang)),
            "\n\n".join(
                _location(loc, lang)
                for loc in service["locations"]
                if loc["agency_id"] == agency["id"]
            ),
            level=2,
        )
        for agency in service["agencies"]
    ]


def _how_to_apply(service: Record, lang: str) -> str:
    lines = []
    in_person = _text(service, "apply_in_person", lang)
    if in_person:
        lines.append(f"[b]{_('Лично:')}[/b] " + markdown_to_markup(in_person))
    if service.get("apply_online"):
        lines.append(
            f"[b]{_('Через интернет:')}[/b] " + escape_markup(display_url(service["apply_online"]))
        )
    return "\n".join(lines)


def service_sections(service: Record, lang: str) -> list[Section]:
    """The parts of a service page in reading order; parts the pack leaves empty are left out."""
    documents = "\n".join("• " + escape_markup(d.get(lang)) for d in service["documents"])
    sections = [
        Section(_("Кто может получить"), markdown_to_markup(_text(service, "eligibility", lang))),
        Section(_("Размер"), markdown_to_markup(_text(service, "amount", lang))),
        Section(_("Подробнее"), markdown_to_markup(_text(service, "description", lang))),
        Section(_("Какие документы нужны"), documents),
        Section(_("Как подать заявление"), _how_to_apply(service, lang)),
    ]
    sections = [s for s in sections if s.body]
    where = _where(service, lang)
    if where:
        sections += [Section(_("Куда обращаться"), ""), *where]
    legal_basis = _text(service, "legal_basis", lang)
    if legal_basis:
        sections.append(Section(_("Основание"), escape_markup(legal_basis)))
    return sections


def source_note(record: Record) -> str:
    """Where the text comes from and when it was last checked, for the foot of a page."""
    lines = []
    if record.get("source"):
        lines.append(_("Источник: ") + escape_markup(display_url(record["source"])))
    if record.get("reviewed"):
        lines.append(_("Сведения проверены: ") + format_date(record["reviewed"]))
    return "\n".join(lines)


def display_url(url: str) -> str:
    """'https://www.gosuslugi.ru/600/' -> 'gosuslugi.ru/600': shorter to read and to type."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return (parts.hostname.removeprefix("www.") + parts.path).rstrip("/")
