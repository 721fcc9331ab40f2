"""The service leaflet (A4, one or two pages) and its large-print twin; the brochure's pages.

What a visitor takes home from a service page: what the service is, who gets it, how much,
which documents, how to apply (with a code to the online form), and where to go (each
agency with a code to its site, and its offices with address, hours and phones).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from content.pack.reader import Pack
from content.pack.records import Record
from content.presentation.i18n import translator
from printouts.document import Printout
from printouts.layout import layout
from printouts.pieces import (
    Ctx,
    agency_block,
    bullet,
    footer,
    headed,
    kicker,
    lookup,
    markdown,
    office_shares,
    qr_caption,
    side_by_side,
)
from printouts.text import display_url, escape, markdown_blocks


def _how_to_apply(ctx: Ctx, service: Record) -> list[Flowable]:
    _ = translator(ctx.lang).gettext
    out: list[Flowable] = []
    in_person = ctx.text(service, "apply_in_person")
    if in_person:
        blocks = markdown(ctx, in_person)
        first = markdown_blocks(in_person)[0]
        if first.kind == "para":  # the label runs into the text's first paragraph
            blocks[0] = ctx.para(f"<b>{_('Лично:')}</b> {first.markup}")
        else:
            blocks.insert(0, ctx.para(f"<b>{_('Лично:')}</b>"))
        out += blocks
    online = service.get("apply_online")
    address = ctx.address(online)
    if address:
        caption = qr_caption(
            ctx,
            _("Подать заявление с телефона: наведите камеру на код"),
            address,
            label=_("Через интернет:"),
        )
        return side_by_side(ctx, [*out, *caption], ctx.qr(address))
    if online:  # not on the pack's allowlist: the address as text, no code
        out.append(ctx.para(f"<b>{_('Через интернет:')}</b> {escape(display_url(online))}"))
    return out


def service_story(ctx: Ctx, service: Record, *, where: bool = True) -> list[Flowable]:
    """A service from its title to its offices; `where=False` leaves the agencies out (the
    brochure lists them once at its end)."""
    _ = translator(ctx.lang).gettext
    story: list[Flowable] = [ctx.para(escape(ctx.text(service, "name")), "title")]
    summary = ctx.text(service, "summary")
    if summary:
        story.append(ctx.para(escape(summary), "lead"))

    def section(title: str, flowables: list[Flowable]) -> None:
        story.extend(headed(ctx.para(escape(title), "h2"), flowables))

    section(_("Кто может получить"), markdown(ctx, ctx.text(service, "eligibility")))
    section(_("Размер"), markdown(ctx, ctx.text(service, "amount")))
    documents = [bullet(ctx, escape(d.get(ctx.lang))) for d in service.get("documents") or ()]
    section(_("Какие документы нужны"), documents)
    section(_("Как подать заявление"), _how_to_apply(ctx, service))
    if where:
        blocks: list[Flowable] = []
        agencies = list(service.get("agencies") or ())
        offices_of = [
            [loc for loc in service.get("locations") or () if loc["agency_id"] == agency["id"]]
            for agency in agencies
        ]
        shares = office_shares(ctx, [len(locations) for locations in offices_of])
        for agency, locations, most in zip(agencies, offices_of, shares, strict=True):
            full = ctx.pack.agency(agency["id"]) or agency
            blocks += agency_block(ctx, full, locations, most=most)
        section(_("Куда обращаться"), blocks)
    return story


def leaflet(pack: Pack, service_id: str, lang: str = "ru", large: bool = False) -> Printout:
    """The leaflet of a service; `large=True` for the large-print one (one column, 17 pt).

    Raises UnknownItemError if the pack has no such service.
    """
    service = lookup(pack, "service", service_id)
    ctx = Ctx(pack, lang, layout("leaflet_large" if large else "leaflet"))
    story = [kicker(ctx), *service_story(ctx, service)]
    page_footer = footer(ctx, service.get("source"), service.get("reviewed"))
    return ctx.render(story, ctx.text(service, "name"), footer=page_footer)
