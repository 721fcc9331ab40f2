"""Pack text as reportlab Paragraph markup, and dates, hours and addresses in words. Pure.

The screens have the same helpers in kiosk/app/markup.py, but those import Kivy and emit
Kivy's markup ([b], &bl;). Paragraph markup is XML-like: <b>, <i>, and &amp; &lt; &gt;
for the characters that would start a tag. Everything from the pack is escaped before any
tag is added, so a `<` in a service text prints as `<`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from content.presentation.wording import (  # noqa: F401  (part of this module's API for the printouts)
    display_url,
    event_cost,
    format_date,
    format_event_time,
    format_hours,
)

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\*\w])\*(?!\s)(.+?)(?<!\s)\*(?![\*\w])")
_BULLET = re.compile(r"^[-*+]\s+")
_NUMBERED = re.compile(r"^(\d+[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s+")


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


def inline(text: str) -> str:
    """One line of Markdown as markup: **bold**, *italic*, links as 'text (address)'."""

    def link(match: re.Match) -> str:
        label, address = match[1], display_url(match[2])
        return address if label.strip() in (match[2], address) else f"{label} ({address})"

    text = escape(_LINK.sub(link, text))
    text = _BOLD.sub(r"<b>\1</b>", text)
    return _ITALIC.sub(r"<i>\1</i>", text)


@dataclass(frozen=True)
class Block:
    """One block of a Markdown text: a paragraph, a list item or a heading, as markup."""

    kind: str
    """'para', 'item' (a list item) or 'heading'."""
    markup: str
    bullet: str = ""
    """What stands before a list item: '•' or its number ('1.')."""


def markdown_blocks(text: str | None) -> list[Block]:
    """The plain Markdown of pack texts as blocks, in order.

    Lines of a paragraph join with spaces; `- ` items become '•' items, numbered items keep
    their number; a `#` heading becomes a heading block. Blank lines only end paragraphs.
    """
    blocks: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block("para", inline(" ".join(paragraph))))
            paragraph.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        numbered = _NUMBERED.match(line)
        if not line:
            end_paragraph()
        elif _BULLET.match(line):
            end_paragraph()
            blocks.append(Block("item", inline(_BULLET.sub("", line)), "•"))
        elif numbered:
            end_paragraph()
            blocks.append(Block("item", inline(line[numbered.end() :]), numbered[1]))
        elif _HEADING.match(line):
            end_paragraph()
            blocks.append(Block("heading", inline(_HEADING.sub("", line))))
        else:
            paragraph.append(line)
    end_paragraph()
    return blocks
