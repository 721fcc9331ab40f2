"""Pack text as reportlab Paragraph markup, and dates, hours and addresses in words. Pure.

The Markdown is read by content.presentation.markdown, as for the screens; this module
draws its tree in Paragraph markup, as kiosk/app/markup.py draws it in Kivy's ([b], &bl;).
Paragraph markup is XML-like: <b>, <i>, and &amp; &lt; &gt; for the characters that would
start a tag. Only the tree's text is escaped and only the tree adds tags, so a `<` in a
service text prints as `<`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from content.presentation import markdown
from content.presentation.wording import (  # noqa: F401  (part of this module's API for the printouts)
    display_url,
    event_cost,
    format_date,
    format_event_time,
    format_hours,
)

_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")


def escape(text: str | None) -> str:
    """Plain text made safe inside Paragraph markup.

    A space between two digits becomes a no-break space, so that a phone number
    ('8 800 100-00-01') or a sum ('10 000 ₽') is never cut at the end of a line.
    """
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _DIGIT_SPACE.sub("\u00a0", text)


def short_url(url: str, limit: int = 40) -> str:
    """display_url(), cut to the host and '/…' when longer than `limit` characters: under a
    QR code the address only says where the code leads; nobody types a hundred characters."""
    shown = display_url(url)
    if len(shown) <= limit:
        return shown
    host = (urlsplit(url).hostname or shown).removeprefix("www.")
    return host if host == shown else host + "/…"


PARAGRAPH_MARKUP = markdown.Dialect(
    escape=escape,
    bold=("<b>", "</b>"),
    italic=("<i>", "</i>"),
    address=display_url,  # shortened as under a QR code: on paper it is read, not clicked
)
"""Pack Markdown's inline content in reportlab Paragraph markup."""


def inline(text: str | None) -> str:
    """One line of Markdown as markup: **bold**, *italic*, links as 'text (address)'."""
    return markdown.render_inline(markdown.parse_inline(text), PARAGRAPH_MARKUP)


@dataclass(frozen=True)
class Block:
    """One block of a Markdown text: a paragraph, a list item or a heading, as markup."""

    kind: str
    """'para', 'item' (a list item) or 'heading'."""
    markup: str
    bullet: str = ""
    """What stands before a list item: '•' or its number ('1.')."""


def markdown_blocks(text: str | None) -> list[Block]:
    """The Markdown of pack texts (content.presentation.markdown) as blocks, in order.

    Lines of a paragraph join with spaces; `- ` items become '•' items, numbered items keep
    their number; a `#` heading becomes a heading block. Blank lines only end paragraphs:
    the space between blocks is the paragraph styles'.
    """
    return [
        Block(block.kind, markdown.render_inline(block.content, PARAGRAPH_MARKUP), block.bullet)
        for block in markdown.parse(text)
    ]
