"""The Markdown of pack texts, read once into a small tree that screen and paper both draw.

markdown-it-py is the one parser. It is configured for what staff write (docs/authoring.md
and what the demo content uses): paragraphs, `- ` and numbered lists, `#` headings,
**bold**, *italic* and [links](https://…). Everything else CommonMark knows (HTML, images,
code, quotes, tables, rules, backslash escapes, entities, `_` emphasis) is not read: it
stays the text that was typed, which is what the kiosk showed before it had a parser.

Lists are flat, as they were: a nested item is one more item. The tree holds text only; the
renderers escape it for their markup (kiosk/app/markup.py for Kivy labels, printouts/text.py
for reportlab paragraphs), so nothing typed can ever become a tag.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block.list import list_block
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.state_inline import Delimiter, StateInline
from markdown_it.token import Token


@dataclass(frozen=True)
class Text:
    """Plain text, not yet escaped for any markup."""

    text: str


@dataclass(frozen=True)
class Strong:
    """**bold**"""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    """*italic*"""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """[label](address): shown, never followed; a kiosk has nothing to click."""

    children: tuple[Inline, ...]
    href: str
    """The address as written (not percent-encoded or punycoded: it is for reading)."""


Inline = Text | Strong | Emphasis | Link


@dataclass(frozen=True)
class Block:
    """A paragraph, a list item or a heading, with its inline content."""

    kind: Literal["para", "item", "heading"]
    content: tuple[Inline, ...]
    bullet: str = ""
    """What stands before a list item: '•' for `- `, the number as written ('1.', '2)')."""
    after_blank: bool = False
    """A blank line stood before this block in the text (the screens keep that gap)."""


def _stars(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule, for `*` only and with one star never inside a word.

    `_x_` was never read and the guide does not offer it, so it stays as typed; a single
    star between letters or digits is a star ('2*3*4'), as the kiosk's own reader had it;
    `**` works anywhere, as it did there.
    """
    start = state.pos
    if silent or state.src[start] != "*":
        return False
    end = start
    while end < state.posMax and state.src[end] == "*":
        end += 1
    scanned = state.scanDelims(start, end - start > 1)
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = "*"
        state.delimiters.append(
            Delimiter(
                marker=ord("*"),
                length=scanned.length,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


# markdown-it logs every block rule it tries at DEBUG, and Kivy hands every record to its
# log file (its handlers sit on the root logger with no level): one service page wrote
# about 180 lines of "entering paragraph" to the terminal's disk.
logging.getLogger("markdown_it").setLevel(logging.INFO)

_LIST_LEVELS = 10
"""markdown-it's token level inside five lists (a list and its item are a level each).

markdown-it drops what lies deeper than its `maxNesting` (20 levels) without a word, so a
hostile `- - - … x` would lose its text. Past five lists a marker is text, as typed (the
lists are flat on screen and paper anyway)."""


def _shallow_list(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    return state.level < _LIST_LEVELS and list_block(state, start, end, silent)


def _parser() -> MarkdownIt:
    md = MarkdownIt("zero").enable(["list", "heading", "newline", "link", "emphasis"])
    md.block.ruler.at("list", _shallow_list, {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.at("emphasis", _stars)  # the post-processing that pairs stars stays
    # The address is printed, not visited: keep it as written (markdown-it would
    # percent-encode Cyrillic paths and punycode a host such as сайт.рф).
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


_MD = _parser()


def parse(text: str | None) -> list[Block]:
    """A pack text as blocks in reading order; [] for no text."""
    blocks: list[Block] = []
    lists: list[str] = []  # the open lists, innermost last: 'bullet' or 'ordered'
    items: list[tuple[str, int] | None] = []  # per open item: (bullet, line) until its text
    heading = False
    after = 0  # the line after the last block, to see a blank line before the next

    def add(kind, content: tuple[Inline, ...], start: int, end: int, bullet: str = "") -> None:
        nonlocal after
        blocks.append(Block(kind, content, bullet, bool(blocks) and start > after))
        after = end

    for token in _MD.parse(text or ""):
        start, end = token.map or (after, after + 1)
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.type.partition("_")[0])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            if items and items[-1] is not None:  # '1. - a': the outer item has no text
                bullet, line = items[-1]
                add("item", (), line, line + 1, bullet)
                items[-1] = None
            items.append(("•" if lists[-1] == "bullet" else token.info + token.markup, start))
        elif token.type == "list_item_close":
            empty = items.pop()
            if empty is not None:  # '-' alone on its line: an item with no text
                add("item", (), empty[1], empty[1] + 1, empty[0])
        elif token.type in ("heading_open", "heading_close"):
            heading = token.type == "heading_open"
        elif token.type == "inline":
            content = _inline(token.children or [])
            if items and items[-1] is not None:
                add("item", content, start, end, items[-1][0])
                items[-1] = None
            else:
                add("heading" if heading else "para", content, start, end)
    return blocks


def parse_inline(text: str | None) -> tuple[Inline, ...]:
    """One line (or a run of lines) of inline Markdown; no lists or headings."""
    tokens = _MD.parseInline(text or "")
    return _inline(tokens[0].children or []) if tokens else ()


def _inline(tokens: Sequence[Token]) -> tuple[Inline, ...]:
    """markdown-it's inline tokens as a tree.

    Bold inside bold and italic inside italic add nothing to see, so they are folded into
    the outer one: the tree is never deeper than bold, italic and a link, however many
    stars a text holds (a Python recursion over the tree stays safe).
    """
    children: list[Inline] = []
    outer: list[tuple[list[Inline], str, str]] = []  # (enclosing children, kind, href)
    depth = {"strong": 0, "em": 0}
    folded: list[bool] = []  # per open strong/em: True when it was folded into its like

    def add(node: Inline) -> None:
        if isinstance(node, Text) and children and isinstance(children[-1], Text):
            children[-1] = Text(children[-1].text + node.text)
        elif not isinstance(node, Text) or node.text:
            children.append(node)

    for token in tokens:
        kind, _sep, edge = token.type.rpartition("_")
        if kind in depth and edge == "open":
            depth[kind] += 1
            folded.append(depth[kind] > 1)
            if folded[-1]:
                continue
        elif kind in depth and edge == "close":
            depth[kind] -= 1
            if folded.pop():
                continue
        if kind in _NODES and edge == "open":
            outer.append((children, kind, str(token.attrGet("href") or "")))
            children = []
        elif kind in _NODES and edge == "close":
            inner = tuple(children)
            children, opened, href = outer.pop()
            add(Link(inner, href) if opened == "link" else _NODES[opened](inner))
        elif token.type in ("softbreak", "hardbreak"):
            add(Text(" "))  # one paragraph reads as one line, as typed lines joined
        else:
            add(Text(token.content))
    return tuple(children)


_NODES = {"strong": Strong, "em": Emphasis, "link": Link}


def plain(nodes: Iterable[Inline]) -> str:
    """The words of inline content, without any markup."""
    return "".join(n.text if isinstance(n, Text) else plain(n.children) for n in nodes)


@dataclass(frozen=True)
class Dialect:
    """How one markup spells inline content: Kivy's labels, reportlab's paragraphs."""

    escape: Callable[[str], str]
    """Plain text made safe in this markup: nothing typed may become a tag."""
    bold: tuple[str, str]
    italic: tuple[str, str]
    address: Callable[[str], str]
    """A link's address as this medium shows it (the screen as written, paper shortened)."""


def render_inline(nodes: Iterable[Inline], dialect: Dialect) -> str:
    """Inline content as markup; a link reads 'label (address)', or just the address when
    the label only repeats it."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(dialect.escape(node.text))
        elif isinstance(node, Link):
            address = dialect.address(node.href)
            shown = dialect.escape(address)
            if plain(node.children).strip() in (node.href, address):
                out.append(shown)
            else:
                out.append(f"{render_inline(node.children, dialect)} ({shown})")
        else:
            start, end = dialect.bold if isinstance(node, Strong) else dialect.italic
            out.append(start + render_inline(node.children, dialect) + end)
    return "".join(out)
