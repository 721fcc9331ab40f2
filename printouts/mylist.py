"""The visitor's list on paper: what they collected in a session, compact, one code each.

Each item is a row: what it is, its name, the few lines that matter (where to go, when, at
what hours), and at the right the QR code of its official page with the address under it.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.platypus import Flowable, Table, TableStyle

from content.pack.reader import Pack
from content.pack.records import Record
from content.presentation.i18n import translator
from printouts.document import Printout
from printouts.layout import layout
from printouts.pieces import Ctx, footer, kicker, lookup, office_line
from printouts.text import display_url, escape, event_cost, format_event_time

KINDS = ("service", "agency", "event")
"""What a list item may be: the first half of each (kind, key) pair."""


def _service(ctx: Ctx, service: Record) -> tuple[list[str], str]:
    _ = translator(ctx.lang).gettext
    lines = []
    summary = ctx.text(service, "summary")
    if summary:
        lines.append(escape(summary))
    names = [ctx.text(a, "short_name") or ctx.text(a, "name") for a in service["agencies"]]
    if names:
        lines.append(f"<b>{_('Куда обращаться')}:</b> " + escape("; ".join(names)))
    if service.get("apply_online"):
        online = escape(display_url(service["apply_online"]))
        lines.append(f"<b>{_('Через интернет:')}</b> {online}")
    return lines, ctx.address(service.get("apply_online"), service.get("source"))


def _agency(ctx: Ctx, agency: Record) -> tuple[list[str], str]:
    _ = translator(ctx.lang).gettext
    lines = []
    phones = ", ".join(p["display"] or p["number"] for p in agency.get("phones") or ())
    if phones:
        lines.append(f"<b>{_('Телефон:')}</b> {escape(phones)}")
    locations = agency.get("locations") or []
    if locations:
        lines.append(f"<b>{_('Адреса:')}</b> " + "; ".join(office_line(ctx, x) for x in locations))
    if not all(loc.get("hours") for loc in locations):
        lines.append(
            escape(
                _("Где часы работы не указаны, уточните их по телефону или на сайте учреждения.")
            )
        )
    return lines, ctx.address(agency.get("website"), agency.get("source"))


def _event(ctx: Ctx, event: Record) -> tuple[list[str], str]:
    _ = translator(ctx.lang).gettext
    lines = [
        f"<b>{escape(format_event_time(event.get('starts'), event.get('ends'), ctx.lang))}</b>"
    ]
    location = event.get("location")
    place = [ctx.text(location, "name")] if location else []
    if location:
        place.append(
            ", ".join(p for p in (ctx.text(location, "street"), ctx.text(location, "city")) if p)
        )
    place.append(ctx.text(event, "place"))
    if any(place):
        lines.append(f"<b>{_('Где:')}</b> " + escape(", ".join(p for p in place if p)))
    cost = event_cost(event.get("cost"), ctx.lang)
    if cost:
        lines.append(f"<b>{_('Стоимость:')}</b> {escape(cost)}")
    if ctx.text(event, "registration"):
        lines.append(f"<b>{_('Запись:')}</b> " + escape(ctx.text(event, "registration")))
    return lines, ctx.address(event.get("url"), event.get("source"))


def _row(ctx: Ctx, kind: str, record: Record) -> Flowable:
    """One item as a table row: its text at the left, its code (if any) at the right."""
    _ = translator(ctx.lang).gettext
    label = {
        "service": _("Услуга"),
        "agency": _("Учреждение"),
        "event": _("Занятие или мероприятие"),
    }
    name = ctx.text(record, "title" if kind == "event" else "name")
    lines, address = {"service": _service, "agency": _agency, "event": _event}[kind](ctx, record)
    left = [ctx.para(escape(label[kind]), "kicker"), ctx.para(escape(name), "h3")]
    left += [ctx.para(line, "body") for line in lines]
    layout_ = ctx.layout
    pad, gap = layout_.length("item.padding"), layout_.length("qr.gap")
    code_width = 0.0
    right: list[Flowable] = []
    if address:
        code = ctx.qr(address)
        code_width = code.width
        right = [code, ctx.url_line(address, "qr_link", code.width)]
    table = Table(
        [[left, right]],
        colWidths=[layout_.width - code_width - gap, code_width + gap],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), gap),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                (
                    "LINEBELOW",
                    (0, 0),
                    (-1, -1),
                    layout_.setting("item.rule"),
                    layout_.color("rule.color"),
                ),
            ]
        ),
        hAlign="LEFT",
    )
    return table


def my_list(pack: Pack, items: Iterable[tuple[str, str]], lang: str = "ru") -> Printout:
    """The visitor's list: `items` are (kind, key) pairs, kind one of KINDS, in list order.

    Raises UnknownItemError for a key the pack lacks, ValueError for an unknown kind or an
    empty list.
    """
    _ = translator(lang).gettext
    ngettext = translator(lang).ngettext
    ctx = Ctx(pack, lang, layout("my_list"))
    records = []
    for kind, key in items:
        if kind not in KINDS:
            raise ValueError(f"cannot print a {kind!r} on the list: expected one of {KINDS}")
        records.append((kind, lookup(pack, kind, key)))
    if not records:
        raise ValueError("the list is empty: nothing to print")
    title = _("Мой список")
    count = ngettext("{n} запись", "{n} записей", len(records)).format(n=len(records))
    story: list[Flowable] = [
        kicker(ctx),
        ctx.para(escape(title), "title"),
        ctx.para(
            escape(count + ". " + _("Наведите камеру телефона на код, чтобы открыть страницу.")),
            "note",
        ),
    ]
    story += [_row(ctx, kind, record) for kind, record in records]
    return ctx.render(story, title, footer=footer(ctx, None))
