"""Flowables to PDF bytes: page templates from the layout, footers, contents page numbers.

One pass of reportlab's layout engine per printout. What needs the whole document first
(the footer's "page 2 of 3", the page numbers on a brochure's contents page) is drawn when
the canvas saves: `_LateCanvas` keeps every finished page until then, the way reportlab's
own "page x of y" recipe does, instead of laying the document out twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from io import BytesIO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from printouts.layout import Box, Layout

# Page streams are compressed only, not also ASCII85-encoded (reportlab's default, for
# 7-bit mail): a quarter smaller, and 7 ms less a leaflet in reportlab's pure-Python encoder.
# The printouts are the only user of reportlab in the kiosk, so the setting is theirs.
rl_config.useA85 = 0

CREATOR = "perm-kiosk printouts"
BIG = 1e6
"""A height no story reaches: what a roll-paper story is measured against."""
FUZZ = 1.0
"""Points added to a measured story, against rounding: a point too long beats a second page."""


@dataclass(frozen=True)
class Printout:
    """A rendered printout: the PDF and what a print queue or a screen wants to know of it."""

    kind: str
    """'leaflet', 'leaflet_large', 'brochure', 'my_list', 'cards', 'receipt',
    'request_slip' or 'request_slip_80mm' (the layout's name): a receipt and an 80 mm slip
    are for a roll printer, everything else for A4."""
    title: str
    """What the printout is about, in its language (also the PDF's title)."""
    pdf: bytes
    pages: int
    page_size: tuple[float, float]
    """Width and height of its pages in points (1/72 inch); a receipt is as long as its text."""


@dataclass(frozen=True)
class Footer:
    """What the foot of every page says: `markup` at the left, the page label at the right."""

    markup: str
    page_label: str = ""
    """A format string with {page} and {pages}; '' for none."""


class _LateCanvas(Canvas):
    """A canvas that holds its pages until save(), then lets the document finish each one."""

    def __init__(self, *args, document: _Document, **kwargs):
        super().__init__(*args, **kwargs)
        self._document = document
        self._held_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._held_pages)
        doc = self._document
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            doc.finish_page(self, number, pages)
            super().showPage()
        doc.page_count = pages
        super().save()


class _Document(BaseDocTemplate):
    """A document with the layout's page template, footers and late-drawn page numbers."""

    def __init__(self, out, layout: Layout, page_size, frames, footer, decorate, **info):
        super().__init__(
            out,
            pagesize=page_size,
            invariant=1,
            pageCompression=1,
            creator=CREATOR,
            # Reportlab starts every page in Helvetica; naming our own font instead keeps a
            # font without Cyrillic out of the file altogether.
            initialFontName=layout.style("base").fontName,
            leftMargin=layout.left,
            rightMargin=layout.right,
            topMargin=layout.top,
            bottomMargin=layout.bottom,
            **info,
        )
        self.layout, self.footer = layout, footer
        self.page_count = 0
        self.anchors: dict[str, int] = {}
        """Page number of each Anchor drawn, by key."""
        self.late: dict[int, list[Callable[[Canvas], None]]] = {}
        """What to draw on a page once every page number is known, by page number."""
        on_page = (lambda canv, doc: decorate(canv)) if decorate else None
        frame_list = [
            Frame(b.x, b.y, b.width, b.height, 0, 0, 0, 0, id=f"f{i}", showBoundary=0)
            for i, b in enumerate(frames)
        ]
        kwargs = {"onPage": on_page} if on_page else {}
        self.addPageTemplates([PageTemplate("page", frame_list, pagesize=page_size, **kwargs)])

    def finish_page(self, canv: Canvas, page: int, pages: int) -> None:
        for draw in self.late.get(page, ()):
            draw(canv)
        if self.footer:
            self._draw_footer(canv, page, pages)

    def _draw_footer(self, canv: Canvas, page: int, pages: int) -> None:
        layout = self.layout
        style = layout.style("footer")
        gap, height = layout.length("footer.gap"), layout.length("footer.height")
        top = layout.bottom - gap
        canv.saveState()
        canv.setStrokeColor(layout.color("rule.color"))
        canv.setLineWidth(layout.setting("rule.width"))
        canv.line(layout.left, top, layout.left + layout.width, top)
        label_width = 0.0
        if self.footer.page_label:
            label = self.footer.page_label.format(page=page, pages=pages)
            label_width = canv.stringWidth(label, style.fontName, style.fontSize) + style.fontSize
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            canv.drawRightString(layout.left + layout.width, top - style.leading, label)
        text = Paragraph(self.footer.markup, style)
        _w, h = text.wrap(layout.width - label_width, height)
        text.drawOn(canv, layout.left, top - max(h, 0) - (style.leading - style.fontSize) / 2)
        canv.restoreState()


class Anchor(Flowable):
    """An invisible mark: records its page for the contents, and adds a PDF bookmark."""

    def __init__(self, key: str, title: str, level: int = 0):
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv._doctemplate.anchors[self.key] = canv.getPageNumber()
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, self.level)


class ContentsLine(Flowable):
    """A line of a contents page: the title at the left, its page number at the right.

    The number is drawn late (at save), when the Anchor with the same key has been placed.
    """

    def __init__(self, key: str, markup: str, style, number_width: float):
        super().__init__()
        self.key, self.style, self.number_width = key, style, number_width
        self.text = Paragraph(markup, style)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _w, self.height = self.text.wrap(available_width - self.number_width, available_height)
        return self.width, self.height

    def getSpaceAfter(self) -> float:  # noqa: N802 (reportlab's name)
        return self.style.spaceAfter

    def draw(self) -> None:
        canv, style = self.canv, self.style
        self.text.drawOn(canv, 0, 0)
        # Where the last line's baseline is, in page coordinates, for the late number.
        right, baseline = canv.absolutePosition(self.width, style.leading - style.fontSize)
        left, bottom = canv.absolutePosition(0, 0)
        page = canv.getPageNumber()
        doc = canv._doctemplate
        canv.linkAbsolute("", self.key, (left, bottom, right, bottom + self.height))

        def number(late_canvas: Canvas) -> None:
            late_canvas.setFont(style.fontName, style.fontSize)
            late_canvas.setFillColor(style.textColor)
            late_canvas.drawRightString(right, baseline, str(doc.anchors.get(self.key, "")))

        doc.late.setdefault(page, []).append(number)


def _story_height(story: list[Flowable], width: float) -> float:
    """How tall `story` is in one frame `width` wide: the length of a roll-paper page.

    Spaces are counted as reportlab's Frame counts them: none before the first flowable,
    and a space before only where it is larger than the space after the one above.
    """
    total = previous_after = 0.0
    for index, flowable in enumerate(story):
        _w, h = flowable.wrap(width, BIG)
        before = 0.0 if index == 0 else max(flowable.getSpaceBefore() - previous_after, 0.0)
        previous_after = flowable.getSpaceAfter()
        total += before + h + previous_after
    return total + FUZZ


def render(
    layout: Layout,
    story: list[Flowable],
    *,
    title: str,
    lang: str,
    subject: str = "",
    author: str = "",
    footer: Footer | None = None,
    frames: list[Box] | None = None,
    decorate: Callable[[Canvas], None] | None = None,
) -> Printout:
    """Lay `story` out on the layout's pages and return the PDF.

    `frames` (default: one, inside the margins) are filled in order on every page, as the
    cards' grid is; `decorate(canvas)` draws on each page before its content (cut lines).
    A layout whose page has no height (roll paper) gets one page exactly as long as `story`.
    """
    page_height = layout.page_height
    if page_height is None:
        page_height = _story_height(story, layout.width) + layout.top + layout.bottom
    page_size = (layout.page_width, page_height)
    out = BytesIO()
    doc = _Document(
        out,
        layout,
        page_size,
        frames or [layout.body(page_height)],
        footer,
        decorate,
        title=title,
        subject=subject,
        author=author,
        lang=lang,
    )
    doc.build(list(story), canvasmaker=partial(_LateCanvas, document=doc))
    return Printout(layout.name, title, out.getvalue(), doc.page_count, page_size)
