"""The receipt: an 80 mm slip from the kiosk's thermal printer, as long as its text.

What a visitor needs in a pocket: the service's name, where to go with the hours and
phones, and one code to the online application (or the official page).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from content.pack.reader import Pack
from content.presentation.i18n import translator
from printouts.document import Printout
from printouts.layout import layout
from printouts.pieces import Ctx, agency_phones, hours_unknown, kicker, lookup, office_line
from printouts.text import escape, format_date


def receipt(pack: Pack, service_id: str, lang: str = "ru") -> Printout:
    """The receipt of a service (one page 80 mm wide). Raises UnknownItemError for an
    unknown id."""
    _ = translator(lang).gettext
    service = lookup(pack, "service", service_id)
    ctx = Ctx(pack, lang, layout("receipt"))
    name = ctx.text(service, "name")
    story: list[Flowable] = [kicker(ctx), ctx.para(escape(name), "title")]
    if service["agencies"]:
        story.append(ctx.para(escape(_("Куда обращаться")), "h2"))
    for agency in service["agencies"]:
        full = lookup(pack, "agency", agency["id"])
        story.append(ctx.para(escape(ctx.text(full, "short_name") or ctx.text(full, "name")), "h3"))
        story += agency_phones(ctx, full)
        locations = [loc for loc in service["locations"] if loc["agency_id"] == agency["id"]]
        # Offices with hours one a line; those without, which say only where, share one.
        story += [ctx.para(office_line(ctx, loc), "office") for loc in locations if loc["hours"]]
        places = [office_line(ctx, loc) for loc in locations if not loc["hours"]]
        if places:
            story.append(ctx.para("; ".join(places), "office"))
        story += hours_unknown(ctx, locations)
    online = ctx.address(service.get("apply_online"))
    address = online or ctx.address(service.get("source"))
    if address:
        caption = (
            _("Подать заявление с телефона: наведите камеру на код")
            if online
            else _("Подробнее на официальном сайте: наведите камеру на код")
        )
        code = ctx.qr(address)
        code.hAlign = "CENTER"
        story += [
            ctx.para(escape(caption), "qr_caption"),
            code,
            ctx.url_line(address, "qr_link", ctx.layout.width),
        ]
    meta = pack.meta
    about = _("Информация на {date}").format(date=format_date(meta.date, lang))
    story.append(ctx.para(escape(about), "footer"))
    if meta.demo:
        story.append(ctx.para(f"<b>{escape(_('Демонстрационные материалы'))}</b>", "footer"))
    return ctx.render(story, name)
