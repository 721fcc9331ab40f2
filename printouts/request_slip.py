"""The slip that confirms a citizen's request (issue 17): on A4, or an 80 mm roll as long
as its text.

What the citizen keeps: the reference, large and spaced, to say on the phone or copy by
hand; when it was sent; what happens next and by when; whom it went to (the office with
its address, hours and phones, else the agency's phones); and a code that holds the
reference alone, for staff to scan at the counter (`kiosk inbox show REF`).

Nothing the citizen typed is on it (name, phone, text, reply address): a slip forgotten in
the printer's tray tells the next visitor nothing about this one. Only ids of the pack come
in, and the reference, which `reference_code` checks before it becomes a code.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable

from content.pack.reader import Pack
from content.presentation.i18n import translator
from content.presentation.requests import TITLES, spaced
from printouts.document import Footer, Printout
from printouts.layout import layout
from printouts.pieces import Ctx, agency_phones, footer, kicker, office
from printouts.qr import reference_code
from printouts.text import display_url, escape, format_date

LAYOUTS = {"a4": "request_slip", "80mm": "request_slip_80mm"}
"""The terminal's `paper` (kiosk.core.config.PAPERS) -> the layout in layouts.yaml."""


def request_slip(
    pack: Pack,
    reference: str,
    kind: str,
    sent_at: datetime,
    next_steps: tuple[str, dict],
    *,
    agency_id: str = "",
    location_id: str = "",
    service_id: str = "",
    lang: str = "ru",
    paper: str = "a4",
) -> Printout:
    """The slip of a sent request: `sent_at` is printed as its wall-clock time (the caller
    gives the terminal's local time), `next_steps` is a msgid and its parameters (the
    confirmation's). Ids the pack does not have are left out.

    Raises ValueError for a `reference` that is not one, an unknown `kind` or `paper`.
    """
    if kind not in TITLES:
        raise ValueError(f"no request of the kind {kind!r}")
    if paper not in LAYOUTS:
        raise ValueError(f"no paper {paper!r}: expected one of {', '.join(LAYOUTS)}")
    _ = translator(lang).gettext
    ctx = Ctx(pack, lang, layout(LAYOUTS[paper]))
    code = reference_code(reference, ctx.layout.length("qr.size"))  # refuses a non-reference
    title = _(TITLES[kind])
    when = f"{format_date(sent_at.date().isoformat(), lang)}, {sent_at:%H:%M}"
    msgid, params = next_steps
    story: list[Flowable] = [
        kicker(ctx),
        ctx.para(escape(title), "title"),
        ctx.para(escape(_("Отправлено: {when}").format(when=when)), "lead"),
        ctx.para(escape(_("Номер обращения")), "reference_label"),
        ctx.para(escape(spaced(reference)), "reference"),
        ctx.para(escape(_("Сохраните этот листок: по номеру обращения сотрудники найдут его."))),
        ctx.para(escape(_("Что дальше")), "h2"),
        ctx.para(escape(_(msgid).format(**params))),
        *_where(ctx, agency_id, location_id, service_id),
        *_code(ctx, code, reference),
    ]
    page_footer = None
    if ctx.layout.page_height is None:  # a roll: the footer is the slip's last lines
        story += _roll_footer(ctx)
    else:  # one sheet: at its foot, without "page 1 of 1"
        page_footer = Footer(footer(ctx, None).markup)
    return ctx.render(story, title, footer=page_footer)


def _where(ctx: Ctx, agency_id: str, location_id: str, service_id: str) -> list[Flowable]:
    """Whom the request went to: the agency, the service, and the office (else the
    agency's phones and site, as text: the slip's one code is the reference)."""
    _ = translator(ctx.lang).gettext
    agency = ctx.pack.agency(agency_id) if agency_id else None
    location = ctx.pack.location(location_id) if location_id else None
    service = ctx.pack.service_row(service_id) if service_id else None
    if agency is None and location is not None:
        agency = ctx.pack.agency(location["agency_id"])
    if agency is None:
        return []
    out: list[Flowable] = [
        ctx.para(escape(_("Куда обращаться")), "h2"),
        ctx.para(escape(ctx.text(agency, "name")), "h3"),
    ]
    if service is not None:
        out.append(ctx.para(f"{escape(_('Услуга:'))} {escape(ctx.text(service, 'name'))}"))
    if location is not None:
        out += office(ctx, location)
    if location is None or not location.get("phones"):
        out += agency_phones(ctx, agency)
    if agency.get("website"):
        out.append(ctx.para(f"{_('Сайт: ')}{escape(display_url(agency['website']))}"))
    return out


def _code(ctx: Ctx, code: Flowable, reference: str) -> list[Flowable]:
    """The reference as a code for staff, its caption above and the reference under it."""
    _ = translator(ctx.lang).gettext
    code.hAlign = "CENTER"
    return [
        ctx.para(escape(_("Для сотрудника: номер обращения")), "qr_caption"),
        code,
        ctx.para(escape(reference), "qr_link"),
    ]


def _roll_footer(ctx: Ctx) -> list[Flowable]:
    _ = translator(ctx.lang).gettext
    meta = ctx.pack.meta
    about = _("Информация на {date}").format(date=format_date(meta.date, ctx.lang))
    out = [ctx.para(escape(about), "footer")]
    if meta.demo:
        out.append(ctx.para(f"<b>{escape(_('Демонстрационные материалы'))}</b>", "footer"))
    return out
