"""Flowables that several printouts share: headings, Markdown text, QR boxes, offices, footer.

Every size, space and colour comes from the layout by name; what is said comes from the
pack and the translator. Records are content.pack.records.Record (Text fields read with .get(lang)).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    ImageAndFlowables,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)

from content.pack.reader import Pack
from content.pack.records import Record
from content.presentation.i18n import N_, translator
from content.presentation.links import qr_address
from printouts.document import Footer, Printout, render
from printouts.layout import Layout
from printouts.qr import QrCode
from printouts.text import (
    display_url,
    escape,
    format_date,
    format_hours,
    markdown_blocks,
    short_url,
)


class UnknownItemError(LookupError):
    """The pack has no item with the id asked for (the message names it)."""


@dataclass(frozen=True)
class Ctx:
    """What every piece needs: the pack, the language and the layout."""

    pack: Pack
    lang: str
    layout: Layout

    def text(self, record: Record | None, field: str) -> str:
        """A Text field of `record` in this language ('' when absent)."""
        value = record.get(field) if record else None
        return value.get(self.lang) if value else ""

    def para(self, markup: str, style: str = "body") -> Paragraph:
        return Paragraph(markup, self.layout.style(style))

    def render(self, story: list, title: str, **options) -> Printout:
        """The PDF of `story` in this layout and language, its author the pack's title;
        `options` as printouts.document.render takes them (footer, frames, decorate)."""
        author = self.pack.meta.title.get(self.lang)
        return render(self.layout, story, title=title, lang=self.lang, author=author, **options)

    def address(self, *urls: str | None) -> str:
        """The first of `urls` that may become a QR code (pack allowlist, https); else ''."""
        hosts = self.pack.meta.allowed_hosts
        return next((a for a in (qr_address(u, hosts) for u in urls) if a), "")

    def qr(self, address: str) -> QrCode:
        return QrCode(address, self.layout.length("qr.size"))

    def url_line(self, address: str, style: str, width: float) -> Paragraph:
        """`address` in one line of `width`: as display_url() if it fits, else its host."""
        st = self.layout.style(style)
        text = display_url(address)
        if stringWidth(text, st.fontName, st.fontSize) > width:
            text = short_url(address, limit=0)
        return Paragraph(escape(text), st)


def lookup(pack: Pack, kind: str, key: str) -> Record:
    """The service, agency, event or category `key`; UnknownItemError if the pack lacks it."""
    readers = {
        "service": pack.service,
        "agency": pack.agency,
        "event": pack.event,
        "category": pack.category,
    }
    if kind not in readers:
        raise ValueError(f"cannot print a {kind!r}: expected one of {', '.join(readers)}")
    record = readers[kind](key)
    if record is None:
        raise UnknownItemError(f"no {kind} {key!r} in the pack {pack.meta.pack_id!r}")
    return record


def bullet(ctx: Ctx, markup: str, mark: str = "•") -> Paragraph:
    """A list item: `mark` hanging in the margin, the text indented."""
    return Paragraph(markup, ctx.layout.style("bullet"), bulletText=mark)


def markdown(ctx: Ctx, text: str, style: str = "body") -> list[Flowable]:
    """A pack text (plain Markdown) as paragraphs and bulleted or numbered items."""
    out: list[Flowable] = []
    for block in markdown_blocks(text):
        if block.kind == "item":
            out.append(bullet(ctx, block.markup, block.bullet))
        elif block.kind == "heading":
            out.append(ctx.para(f"<b>{block.markup}</b>", style))
        else:
            out.append(ctx.para(block.markup, style))
    return out


def kicker(ctx: Ctx) -> Paragraph:
    """The small line above a title: whose information this is."""
    return ctx.para(escape(ctx.pack.meta.title.get(ctx.lang)), "kicker")


def side_by_side(ctx: Ctx, left: list[Flowable], code: QrCode | None) -> list[Flowable]:
    """`left` flowing beside `code` at the right edge, then on at full width below it (a
    table would keep the space under a short text empty, and could not break across pages).
    Just `left` when there is no code."""
    if code is None:
        return left
    gap = ctx.layout.length("qr.gap")
    return [
        ImageAndFlowables(
            code, left, imageLeftPadding=gap, imageRightPadding=0, imageBottomPadding=0
        )
    ]


def qr_caption(ctx: Ctx, caption: str, address: str, label: str = "") -> list[Flowable]:
    """What stands beside a code: (a bold `label`,) what it opens, and the address to type
    instead."""
    lead = f"<b>{escape(label)}</b> " if label else ""
    return [
        ctx.para(lead + escape(caption), "qr_caption"),
        ctx.para(escape(short_url(address)), "qr_address"),
    ]


def headed(heading: Flowable, flowables: list[Flowable]) -> list[Flowable]:
    """`heading` kept on the page of what follows it. A heading's keepWithNext does this for
    paragraphs, but reportlab does not apply it to containers such as text beside a code."""
    if not flowables:
        return []
    return [KeepTogether([heading, flowables[0]]), *flowables[1:]]


def unverified_mark(ctx: Ctx, record: Record, fact: str) -> str:
    """' (уточняйте)' in italics when the pack marks `fact` as not checked; '' otherwise."""
    _ = translator(ctx.lang).gettext
    return f" <i>({_('уточняйте')})</i>" if fact in (record.get("unverified") or ()) else ""


STEP_FREE_WORDS = {
    "step_free_entrance": N_("вход без ступенек"),
    "ramp": N_("пандус"),
}
"""The accessibility features that say how a wheelchair gets in, in words: the msgids of
kiosk.app.markup's ACCESSIBILITY_WORDS, which the printouts cannot import (Kivy)."""


def office(ctx: Ctx, location: Record, *, note: bool = True) -> list[Flowable]:
    """One office: its name, then its address, hours, phones and step-free way in, each fact
    the pack marks unverified followed by "уточняйте", and (`note`) the pack's note."""
    _ = translator(ctx.lang).gettext
    street, city = ctx.text(location, "street"), ctx.text(location, "city")
    lines = [f"<b>{escape(ctx.text(location, 'name'))}</b>"]
    if street:
        place = ", ".join(p for p in (street, city) if p)
        lines.append(f"{_('Адрес:')} {escape(place)}{unverified_mark(ctx, location, 'address')}")
    elif city:
        lines.append(f"{_('Город:')} {escape(city)}")
    if location.get("hours"):
        hours = format_hours(location["hours"], ctx.lang)
        lines.append(f"{_('Часы работы:')} {hours}{unverified_mark(ctx, location, 'hours')}")
    phones = ", ".join(p["display"] or p["number"] for p in location.get("phones") or ())
    if phones:
        mark = unverified_mark(ctx, location, "phones")
        lines.append(f"{_('Телефон:')} {escape(phones)}{mark}")
    # On paper only the way in: the whole list made a leaflet of a service with a dozen
    # offices twice as long, and the agency's page on the screen has it all.
    features = [f for f in location.get("accessibility") or () if f in STEP_FREE_WORDS]
    if features:
        words = ", ".join(_(STEP_FREE_WORDS[f]) for f in features)
        mark = unverified_mark(ctx, location, "accessibility")
        lines.append(f"{_('Доступность:')} {escape(words)}{mark}")
    # The name on a line of its own, the facts run on after it: a leaflet lists a dozen
    # offices, and a line for each fact made it twice as long.
    out: list[Flowable] = [ctx.para(lines[0] + "<br/>" + " · ".join(lines[1:]), "office")]
    text = ctx.text(location, "hours_note")
    if text and note:
        out[0].keepWithNext = 1  # a note at the top of the next page would explain nothing
        out.append(ctx.para(escape(text), "note"))
    return out


def office_line(ctx: Ctx, location: Record) -> str:
    """An office in one line: 'ул. Ленина, д. 70, Пермь — пн–пт 09:00–18:00' (the place
    alone when the pack gives no hours; see `hours_unknown`)."""
    street, city = ctx.text(location, "street"), ctx.text(location, "city")
    place = escape(", ".join(p for p in (street, city) if p) or ctx.text(location, "name"))
    hours = format_hours(location.get("hours") or (), ctx.lang)
    return f"<b>{place}</b> — {hours}" if hours else f"<b>{place}</b>"


def hours_unknown(ctx: Ctx, locations: list[Record]) -> list[Flowable]:
    """After office lines: one note for the offices without hours, instead of one each."""
    _ = translator(ctx.lang).gettext
    if all(loc.get("hours") for loc in locations):
        return []
    return [
        ctx.para(
            escape(
                _("Где часы работы не указаны, уточните их по телефону или на сайте учреждения.")
            ),
            "note",
        )
    ]


def offices(ctx: Ctx, locations: list[Record], most: int | None = None) -> list[Flowable]:
    """Offices one after another, or side by side in the layout's number of columns; at
    most the layout's `offices.most` of them, and a line that says how many more there are.

    A note the pack repeats for several offices ("see the website for the address and
    hours") is printed once under them, with the towns it is about, not once an office.
    """
    if most is None:
        most = int(ctx.layout.setting("offices.most", 0))
    more = len(locations) - most if most and len(locations) > most else 0
    if more:  # the first in the pack's order (its main offices first); the rest are counted
        locations = locations[:most]
    notes = Counter(ctx.text(loc, "hours_note") for loc in locations)
    shared = [text for text, count in notes.items() if text and count > 1]
    cells = [office(ctx, loc, note=ctx.text(loc, "hours_note") not in shared) for loc in locations]
    out = _grid(ctx, cells)
    for text in shared:
        about = [loc for loc in locations if ctx.text(loc, "hours_note") == text]
        if len(about) == len(locations):
            out.append(ctx.para(escape(text), "note"))
            continue
        towns = dict.fromkeys(ctx.text(loc, "city") or ctx.text(loc, "name") for loc in about)
        out.append(ctx.para(f"<b>{escape(', '.join(towns))}:</b> {escape(text)}", "note"))
    if more:
        # A leaflet has room for a few offices, not for every town of the region.
        words = translator(ctx.lang).ngettext(
            "Ещё %(n)d отделение: адреса и часы работы — на сайте учреждения и на терминале, "
            "в разделе «Учреждения».",
            "Ещё %(n)d отделения: адреса и часы работы — на сайте учреждения и на терминале, "
            "в разделе «Учреждения».",
            more,
        )
        out.append(ctx.para(escape(words % {"n": more}), "note"))
    return out


def _grid(ctx: Ctx, cells: list[list[Flowable]]) -> list[Flowable]:
    """Cells in rows of the layout's `offices.columns`; one column: just one after another."""
    columns = int(ctx.layout.setting("offices.columns", 1))
    if columns <= 1 or len(cells) <= 1:
        return [f for cell in cells for f in cell]
    gap = ctx.layout.length("offices.gap")
    width = (ctx.layout.width - gap * (columns - 1)) / columns
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows[-1] += [""] * (columns - len(rows[-1]))
    table = Table(
        rows,
        colWidths=[width + gap] * (columns - 1) + [width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-2, -1), gap),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), ctx.layout.length("offices.row_gap")),
            ]
        ),
        hAlign="LEFT",
    )
    return [table]


def agency_phones(ctx: Ctx, agency: Record) -> list[Flowable]:
    """The agency's own phone numbers, each with what it is for."""
    _ = translator(ctx.lang).gettext
    out = []
    for phone in agency.get("phones") or ():
        line = f"{_('Телефон:')} <b>{escape(phone['display'] or phone['number'])}</b>"
        line += unverified_mark(ctx, agency, "phones")
        description = ctx.text(phone, "description")
        if description:
            line += " — " + escape(description)
        out.append(ctx.para(line))
    return out


def agency_block(
    ctx: Ctx,
    agency: Record,
    locations: list[Record],
    *,
    heading: str = "h3",
    most: int | None = None,
) -> list[Flowable]:
    """An agency: its name, phones and website with a code to it, then its offices (at
    most `most` of them; None: as the layout says)."""
    _ = translator(ctx.lang).gettext
    website = ctx.address(agency.get("website"))
    info = []
    if agency.get("type") == "ngo":
        info.append(ctx.para(f"<i>{escape(_('Некоммерческая организация'))}</i>"))
    info += agency_phones(ctx, agency)
    if agency.get("reviewed"):
        checked = format_date(agency["reviewed"], ctx.lang)
        info.append(ctx.para(escape(_("Сведения проверены: ") + checked)))
    code = None
    if website:
        info += qr_caption(ctx, _("Сайт учреждения: наведите камеру телефона на код"), website)
        code = ctx.qr(website)
    elif agency.get("website"):
        info.append(ctx.para(f"{_('Сайт: ')}{escape(display_url(agency['website']))}"))
    name = ctx.para(escape(ctx.text(agency, "name")), heading)
    return [*side_by_side(ctx, [name, *info], code), *offices(ctx, locations, most)]


def office_shares(ctx: Ctx, counts: list[int]) -> list[int | None]:
    """How many offices each of several agencies (with `counts` offices) may show, so that
    all of them together stay within the layout's `offices.total`: each its `offices.most`
    while the total allows, never fewer than one. None each where the layout sets no total."""
    total = int(ctx.layout.setting("offices.total", 0))
    if not total:
        return [None] * len(counts)
    most = int(ctx.layout.setting("offices.most", 0)) or total
    shares, left = [], total
    for i, count in enumerate(counts):
        fair = left // (len(counts) - i)  # what is left, shared among those still to come
        share = max(1, min(most, count, fair))
        shares.append(share)
        left -= share
    return shares


def footer(ctx: Ctx, source: str | None, reviewed: str | None = None) -> Footer:
    """The foot of every page: the pack's date, the official source and the day the item was
    checked against it (`reviewed`), and the demo notice."""
    _ = translator(ctx.lang).gettext
    meta = ctx.pack.meta
    lines = [escape(_("Информация на {date}").format(date=format_date(meta.date, ctx.lang)))]
    if meta.demo:
        lines[0] += f" · <b>{_('Демонстрационные материалы')}</b>"
    if source:
        line = _("Источник: ") + display_url(source)
        if reviewed:
            line += " · " + _("Сведения проверены: ") + format_date(reviewed, ctx.lang)
        lines.append(escape(line))
    return Footer("<br/>".join(lines), _("Страница {page} из {pages}"))
