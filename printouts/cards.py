"""QR cards: business-card size, ten to an A4 sheet, each a code and the name of a service.

Staff print them to lay on a desk or pin to a board: a visitor points a phone at the code
and lands on the service's official page. The grid, the card size and the cut lines are
layout data (layouts.yaml, `cards:`); each card is a frame of the page template.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, FrameBreak, KeepInFrame, Spacer, Table, TableStyle

from content.pack.reader import Pack
from content.presentation.i18n import translator
from printouts.document import Printout
from printouts.layout import Box, layout
from printouts.pieces import Ctx, lookup
from printouts.text import escape


class NoCodeError(ValueError):
    """A card was asked for an item with no address that may become a QR code."""


def _card(ctx: Ctx, name: str, address: str, frame: Box) -> list[Flowable]:
    """A card's content, centred in its frame from top to bottom."""
    _ = translator(ctx.lang).gettext
    code = ctx.qr(address)
    gap = ctx.layout.length("qr.gap")
    text_width = frame.width - code.width - gap
    text = [
        ctx.para(escape(name), "card_title"),
        ctx.url_line(address, "card_note", text_width),
        ctx.para(escape(_("Наведите камеру телефона на код")), "card_note"),
    ]
    if ctx.pack.meta.demo:  # a card travels alone: it says so itself
        text.append(ctx.para(f"<b>{escape(_('Демонстрационные материалы'))}</b>", "card_note"))
    # A very long name is set smaller rather than cut or run off the card; the code keeps
    # its size whatever the text does.
    fitted = KeepInFrame(text_width, frame.height, text, mode="shrink")
    table = Table(
        [[code, fitted]],
        colWidths=[code.width + gap, text_width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    _w, height = table.wrap(frame.width, frame.height)
    return [Spacer(frame.width, max(0.0, (frame.height - height) / 2)), table]


def _cut_lines(cells: list[Box], count: int, ctx: Ctx):
    """A page decoration: thin dashed outlines around the cards printed on that page."""
    per_page = len(cells)

    def draw(canv: Canvas) -> None:
        on_page = min(per_page, count - (canv.getPageNumber() - 1) * per_page)
        canv.saveState()
        canv.setStrokeColor(ctx.layout.color("cut.color"))
        canv.setLineWidth(ctx.layout.setting("cut.width"))
        canv.setDash(ctx.layout.setting("cut.dash"))
        for cell in cells[:on_page]:
            canv.rect(cell.x, cell.y, cell.width, cell.height, stroke=1, fill=0)
        canv.restoreState()

    return draw


def cards(pack: Pack, service_ids: Iterable[str], lang: str = "ru") -> Printout:
    """A sheet of QR cards, one per service in order (more than fit on a page: more pages).

    The code opens the service's online application if the pack allows its address, else
    its official source page. Raises UnknownItemError for an unknown id, NoCodeError for a
    service with neither address allowed, ValueError for no ids at all.
    """
    _ = translator(lang).gettext
    ctx = Ctx(pack, lang, layout("cards"))
    cells = ctx.layout.grid("card")
    pad = ctx.layout.length("card.padding")
    frames = [Box(c.x + pad, c.y + pad, c.width - 2 * pad, c.height - 2 * pad) for c in cells]
    story: list[Flowable] = []
    for service_id in service_ids:
        service = lookup(pack, "service", service_id)
        address = ctx.address(service.get("apply_online"), service.get("source"))
        if not address:
            raise NoCodeError(f"service {service_id!r} has no address allowed for a QR code")
        if story:
            story.append(FrameBreak())
        story += _card(ctx, ctx.text(service, "name"), address, frames[0])
    if not story:
        raise ValueError("no services given: nothing to print")
    count = len(story) // 3 + 1  # cards (a spacer and a table) with a frame break between
    title = _("QR-коды услуг")
    return ctx.render(story, title, frames=frames, decorate=_cut_lines(cells, count, ctx))
