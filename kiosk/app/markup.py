"""Pack records as the text the screens show: Kivy label markup, dates and hours in words.

No widgets here, so a test can check what a visitor will read without opening a window.
Everything that comes from the pack is escaped before any markup is added: a `[` in a
service text must show as `[`, never start a tag.
"""

from __future__ import annotations

from dataclasses import dataclass

from kivy.utils import escape_markup

from content.pack.records import Record
from content.presentation import markdown, wording
from content.presentation.i18n import N_
from kiosk.app.live_translator import _, current_language


@dataclass(frozen=True)
class Section:
    """One part of a service page: a heading and its body, both Kivy markup."""

    title: str
    body: str
    level: int = 1
    """1 for a part of the page, 2 for a part within the part before it."""


KIVY_MARKUP = markdown.Dialect(
    escape=escape_markup,
    bold=("[b]", "[/b]"),
    italic=("[i]", "[/i]"),
    address=lambda href: href,  # as written; the printouts shorten it
)
"""Pack Markdown's inline content in Kivy label markup."""


def markdown_to_markup(text: str | None) -> str:
    """The Markdown of pack texts (content.presentation.markdown) as Kivy markup.

    Paragraphs stay paragraphs (single line breaks inside one are spaces), `- ` items become
    `• ` lines, numbered items and headings keep their own line; **bold** and *italic* become
    [b] and [i]; links become "text (address)". A blank line in the text, and a heading,
    start a new group of lines with an empty line before it; other blocks follow on the
    next line.
    """
    out = []
    for block in markdown.parse(text):
        if out:
            out.append("\n\n" if block.after_blank or block.kind == "heading" else "\n")
        line = markdown.render_inline(block.content, KIVY_MARKUP)
        if block.kind == "heading":
            line = f"[b]{line}[/b]"
        elif block.kind == "item":
            line = f"{block.bullet} {line}"
        out.append(line)
    return "".join(out)


def format_date(iso: str | None) -> str:
    """'2026-11-26' -> '26 ноября 2026 г.' in the language on show (wording)."""
    return wording.format_date(iso, current_language())


def format_moment(stamp: str | None) -> str:
    """'2026-12-03T09:15:00Z' -> '3 декабря 2026 г., 14:15', the terminal's local time, in
    the language on show (wording)."""
    return wording.format_moment(stamp, current_language())


def format_hours(rows: list[Record]) -> str:
    """Schedule rows as 'пн–пт 09:00–18:00; сб 10:00–14:00' in the language on show."""
    return wording.format_hours(rows, current_language())


UNVERIFIED = N_("уточняйте")
"""Said next to a fact the pack marks unverified (an illustrative value in a demo pack)."""
NGO = N_("Некоммерческая организация")
"""Said of an agency of type 'ngo'."""


def unverified_mark(record: Record, fact: str) -> str:
    """' (уточняйте)' in italics when the pack marks `fact` of the office or agency as not
    checked; '' otherwise."""
    if fact in (record.get("unverified") or ()):
        return f" [i]({_(UNVERIFIED)})[/i]"
    return ""


def agency_kind(agency: Record) -> str:
    """'Некоммерческая организация' for a non-profit; '' for a state body."""
    return _(NGO) if agency.get("type") == "ngo" else ""


def _text(record: Record, field: str, lang: str) -> str:
    value = record.get(field)
    return value.get(lang) if value else ""


def _location(location: Record, lang: str) -> str:
    lines = [f"[b]{escape_markup(_text(location, 'name', lang))}[/b]"]
    street, city = _text(location, "street", lang), _text(location, "city", lang)
    if street:
        lines.append(
            _("Адрес: ")
            + escape_markup(", ".join(p for p in (street, city) if p))
            + unverified_mark(location, "address")
        )
    elif city:
        lines.append(_("Город: ") + escape_markup(city))
    if location["hours"]:
        lines.append(
            _("Часы работы: ")
            + format_hours(location["hours"])
            + unverified_mark(location, "hours")
        )
    if location.get("hours_note"):
        lines.append(escape_markup(location["hours_note"].get(lang)))
    phones = ", ".join(p["display"] or p["number"] for p in location["phones"])
    if phones:
        lines.append(_("Телефон: ") + escape_markup(phones) + unverified_mark(location, "phones"))
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


display_url = wording.display_url


# -- agencies, offices and events ----------------------------------------------------------

ACCESSIBILITY_WORDS = {
    "step_free_entrance": N_("вход без ступенек"),
    "ramp": N_("пандус"),
    "elevator": N_("лифт"),
    "accessible_toilet": N_("туалет для людей на коляске"),
    "parking_disabled": N_("парковка для людей с инвалидностью"),
    "hearing_loop": N_("индукционная петля для слабослышащих"),
    "sign_language": N_("переводчик жестового языка"),
    "braille": N_("надписи шрифтом Брайля"),
    "tactile_paving": N_("тактильная плитка"),
    "wheelchair_available": N_("можно взять кресло-коляску"),
    "assistance_on_request": N_("помощь сотрудника по просьбе"),
}
"""content.model.ACCESSIBILITY_FEATURES in words, for the agency page."""


def accessibility_words(features: list[str]) -> str:
    """['ramp', 'elevator'] -> 'пандус, лифт'; '' when the pack confirms nothing."""
    return ", ".join(_(ACCESSIBILITY_WORDS[f]) for f in features if f in ACCESSIBILITY_WORDS)


def office_address(location: Record, lang: str) -> str:
    """'ул. Калинина, д. 20, Кудымкар', or just the town where the street is not known."""
    street, city = _text(location, "street", lang), _text(location, "city", lang)
    return ", ".join(p for p in (street, city) if p)


def open_status_markup(status: bool | None, good: str) -> str:
    """'открыто сейчас' in the colour `good` (hex), 'сейчас закрыто', 'часы работы не указаны'."""
    if status is None:
        return _("часы работы не указаны")
    if status:
        return f"[color={good}][b]{_('открыто сейчас')}[/b][/color]"
    return _("сейчас закрыто")


def office_line(location: Record, status: bool | None, lang: str, good: str) -> str:
    """One office in a list row: 'Кудымкар, ул. … — открыто сейчас, пн–пт 09:00–16:00'."""
    line = escape_markup(office_address(location, lang)) + unverified_mark(location, "address")
    line += " — " + open_status_markup(status, good)
    if location.get("hours"):
        line += ", " + format_hours(location["hours"]) + unverified_mark(location, "hours")
    return line


def office_markup(location: Record, status: bool | None, lang: str, good: str) -> str:
    """An office on the agency page: address, how to get there, hours, phones, accessibility."""
    street = _text(location, "street", lang)
    label = _("Адрес:") if street else _("Город:")
    lines = [
        f"[b]{label}[/b] "
        + escape_markup(office_address(location, lang))
        + (unverified_mark(location, "address") if street else "")
    ]
    transit = _text(location, "transit", lang)
    if transit:
        lines.append(f"[b]{_('Как добраться:')}[/b] " + escape_markup(transit))
    hours = location.get("hours")
    if hours:
        hours_line = (
            format_hours(hours)
            + unverified_mark(location, "hours")
            + " — "
            + open_status_markup(status, good)
        )
    else:
        hours_line = _("не указаны")
    lines.append(f"[b]{_('Часы работы:')}[/b] " + hours_line)
    note = _text(location, "hours_note", lang)
    if note:
        lines.append(escape_markup(note))
    phones = ", ".join(p["display"] or p["number"] for p in location.get("phones") or ())
    if phones:
        lines.append(
            f"[b]{_('Телефон:')}[/b] " + escape_markup(phones) + unverified_mark(location, "phones")
        )
    features = accessibility_words(location.get("accessibility") or [])
    access_note = escape_markup(_text(location, "accessibility_note", lang))
    if features:
        lines.append(
            f"[b]{_('Доступность:')}[/b] "
            + escape_markup(features)
            + unverified_mark(location, "accessibility")
        )
        if access_note:
            lines.append(access_note)
    elif access_note:  # the note says whom to ask
        lines.append(f"[b]{_('Доступность:')}[/b] {_('не подтверждена.')} {access_note}")
    else:
        lines.append(f"[b]{_('Доступность:')}[/b] {_('не подтверждена — уточните по телефону')}")
    return "\n".join(lines)


def phones_markup(phones: list[Record], lang: str) -> str:
    """Phone numbers, each on its own line with what it is for."""
    lines = []
    for phone in phones:
        line = f"[b]{escape_markup(phone['display'] or phone['number'])}[/b]"
        description = _text(phone, "description", lang)
        if description:
            line += " — " + escape_markup(description)
        lines.append(line)
    return "\n".join(lines)


def format_event_time(starts: str | None, ends: str | None = None) -> str:
    """'2027-02-10T14:00', '2027-02-10T15:30' -> '10 февраля 2027 г., 14:00–15:30'."""
    return wording.format_event_time(starts, ends, current_language())


def event_cost(cost: str | None) -> str:
    """The pack's cost code in words; '' when the pack does not say."""
    return wording.event_cost(cost, current_language())
