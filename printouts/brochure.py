"""The category brochure: every service of a category as a booklet, for staff to print.

A cover with the contents, then each service from a new page (as on the leaflet, without
its offices), then "where to go": each agency once, with its offices and a code to its site.
An agency such as the MFC serves most services; printed once, not under every service, it
keeps a brochure of sixteen services near twenty pages instead of forty.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from content.pack.reader import Pack
from content.pack.records import Record
from content.presentation.i18n import translator
from printouts.document import Anchor, ContentsLine, Printout
from printouts.layout import layout
from printouts.leaflet import service_story
from printouts.pieces import Ctx, UnknownItemError, agency_block, footer, kicker, lookup
from printouts.text import display_url, escape

AGENCIES = "agencies"
"""The contents key of the agencies part; a service's key is 'service:<id>', so none clashes."""


def _contents(ctx: Ctx, services: list[Record]) -> list[Flowable]:
    _ = translator(ctx.lang).gettext
    style = ctx.layout.style("contents")
    width = ctx.layout.length("contents.number_width")
    lines: list[Flowable] = [ctx.para(escape(_("Содержание")), "contents_title")]
    for service in services:
        name = escape(ctx.text(service, "name"))
        lines.append(ContentsLine(f"service:{service['id']}", name, style, width))
    where = escape(_("Куда обращаться: адреса, часы работы, телефоны"))
    lines.append(ContentsLine(AGENCIES, f"<b>{where}</b>", style, width))
    return lines


def _service_page(ctx: Ctx, service: Record) -> list[Flowable]:
    _ = translator(ctx.lang).gettext
    story: list[Flowable] = [
        PageBreak(),
        Anchor(f"service:{service['id']}", ctx.text(service, "name")),
        *service_story(ctx, service, where=False),
    ]
    names = [escape(ctx.text(a, "short_name") or ctx.text(a, "name")) for a in service["agencies"]]
    if names:
        story.append(ctx.para(escape(_("Куда обращаться")), "h2"))
        story.append(
            ctx.para(
                "; ".join(names)
                + ". "
                + escape(_("Адреса, часы работы и телефоны — в конце брошюры."))
            )
        )
    if service.get("source"):
        story.append(ctx.para(escape(_("Источник: ") + display_url(service["source"])), "note"))
    return story


def _agencies(ctx: Ctx, services: list[Record]) -> list[Flowable]:
    """Each agency of the services once, with the offices where any of them is provided."""
    _ = translator(ctx.lang).gettext
    order: list[str] = []
    offices: dict[str, dict[str, Record]] = {}
    for service in services:
        for agency in service["agencies"]:
            if agency["id"] not in offices:
                order.append(agency["id"])
                offices[agency["id"]] = {}
        for loc in service["locations"]:
            offices.setdefault(loc["agency_id"], {}).setdefault(loc["id"], loc)
    story: list[Flowable] = [
        PageBreak(),
        Anchor(AGENCIES, _("Куда обращаться")),
        ctx.para(escape(_("Куда обращаться")), "title"),
    ]
    for agency_id in order:
        agency = lookup(ctx.pack, "agency", agency_id)
        locations = sorted(offices[agency_id].values(), key=lambda loc: loc["position"])
        story += agency_block(ctx, agency, locations, heading="h2")
    return story


def brochure(pack: Pack, category_id: str, lang: str = "ru") -> Printout:
    """The brochure of a category (A4, a page or more a service, contents on the cover).

    Raises UnknownItemError if the pack has no such category (or it has no services).
    """
    category = lookup(pack, "category", category_id)
    ctx = Ctx(pack, lang, layout("brochure"))
    ngettext = translator(lang).ngettext
    ids = [row["id"] for row in pack.services_in_category(category_id)]
    if not ids:
        raise UnknownItemError(f"the category {category_id!r} has no services to print")
    services = [lookup(pack, "service", sid) for sid in ids]
    title = ctx.text(category, "title")
    count = ngettext("{n} услуга", "{n} услуг", len(services)).format(n=len(services))
    story: list[Flowable] = [kicker(ctx), ctx.para(escape(title), "title")]
    description = ctx.text(category, "description")
    if description:
        story.append(ctx.para(escape(description), "lead"))
    story.append(ctx.para(escape(count), "note"))
    story += _contents(ctx, services)
    for service in services:
        story += _service_page(ctx, service)
    story += _agencies(ctx, services)
    return ctx.render(story, title, footer=footer(ctx, None))
