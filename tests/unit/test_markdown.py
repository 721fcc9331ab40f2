"""Pack Markdown read once (content.presentation.markdown) and drawn for screen and paper.

Before the one reader there were two hand-written ones (kiosk/app/markup.py and
printouts/text.py) that disagreed; the cases where they did are here with what both say now.
"""

import pytest

from content.presentation.markdown import (
    Block,
    Emphasis,
    Link,
    Strong,
    Text,
    parse,
    parse_inline,
    plain,
)
from kiosk.app.markup import markdown_to_markup
from printouts.text import Block as PaperBlock
from printouts.text import inline, markdown_blocks

# -- the tree ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown, blocks",
    [
        ("", []),
        (None, []),
        ("строка\nпродолжение", [Block("para", (Text("строка продолжение"),))]),
        ("строка  \nс пробелами", [Block("para", (Text("строка с пробелами"),))]),
        (
            "**Важно.** Текст",
            [Block("para", (Strong((Text("Важно."),)), Text(" Текст")))],
        ),
        (
            "Список:\n- первое;\n* второе;\n+ третье.",
            [
                Block("para", (Text("Список:"),)),
                Block("item", (Text("первое;"),), "•"),
                # CommonMark: another marker starts another list, each item still an item
                Block("item", (Text("второе;"),), "•"),
                Block("item", (Text("третье."),), "•"),
            ],
        ),
        (
            "1. Шаг\n2) Шаг\n\n01. Шаг",
            [
                Block("item", (Text("Шаг"),), "1."),
                Block("item", (Text("Шаг"),), "2)"),
                Block("item", (Text("Шаг"),), "01.", after_blank=True),
            ],
        ),
        (
            "абзац\n\n\n\nабзац",
            [Block("para", (Text("абзац"),)), Block("para", (Text("абзац"),), after_blank=True)],
        ),
        (
            "текст\n## Заголовок\nещё",
            [
                Block("para", (Text("текст"),)),
                Block("heading", (Text("Заголовок"),)),
                Block("para", (Text("ещё"),)),
            ],
        ),
        (
            "- a\n  - b\n\n- c",
            [
                Block("item", (Text("a"),), "•"),
                Block("item", (Text("b"),), "•"),  # lists are flat, as they always were
                Block("item", (Text("c"),), "•", after_blank=True),
            ],
        ),
        ("1. - a", [Block("item", (), "1."), Block("item", (Text("a"),), "•")]),
        ("-", [Block("item", (), "•")]),
    ],
)
def test_markdown_is_read_into_blocks(markdown, blocks):
    assert parse(markdown) == blocks


@pytest.mark.parametrize(
    "line, nodes",
    [
        ("*курсив* и 2*3*4", (Emphasis((Text("курсив"),)), Text(" и 2*3*4"))),
        ("**жирный**текст", (Strong((Text("жирный"),)), Text("текст"))),
        ("_не курсив_ и __не жирный__", (Text("_не курсив_ и __не жирный__"),)),
        (
            "[сайт](https://сайт.рф/пособия)",
            (Link((Text("сайт"),), "https://сайт.рф/пособия"),),  # as written: it is read
        ),
        (
            "[**сайт** фонда](https://sfr.gov.ru)",
            (Link((Strong((Text("сайт"),)), Text(" фонда")), "https://sfr.gov.ru"),),
        ),
        ("***оба***", (Emphasis((Strong((Text("оба"),)),)),)),
        # bold in bold says nothing more: folded, so the tree stays three deep at most
        ("**a **b** c**", (Strong((Text("a b c"),)),)),
        ("*" * 400 + "x" + "*" * 400, (Strong((Text("x"),)),)),
    ],
)
def test_inline_markdown_is_read_into_runs(line, nodes):
    assert parse_inline(line) == nodes


@pytest.mark.parametrize(
    "typed, screen",
    [
        ("<b>html</b> и &amp; &#x41;", "<b>html</b> и &amp;amp; &amp;#x41;"),
        ("`код` и \\*звезда", "`код` и \\*звезда"),
        ("> цитата", "> цитата"),
        ("    отступ", "отступ"),
        ("![картинка](https://sfr.gov.ru/a.png)", "!картинка (https://sfr.gov.ru/a.png)"),
        ("[ссылка](javascript:alert(1))", "&bl;ссылка&br;(javascript:alert(1))"),
        ("<https://sfr.gov.ru>", "<https://sfr.gov.ru>"),
        ("Заголовок\n=====", "Заголовок ====="),
        ("---", "---"),
        ("| a | b |", "| a | b |"),
        ("[a]\n\n[a]: https://sfr.gov.ru", "&bl;a&br;\n\n&bl;a&br;: https://sfr.gov.ru"),
    ],
)
def test_what_staff_do_not_write_stays_as_typed(typed, screen):
    """No HTML, images, code, quotes, tables, rules, escapes, entities, autolinks or link
    references: their marks show as typed, as before there was a parser."""
    assert markdown_to_markup(typed) == screen


def test_a_list_nested_past_five_levels_keeps_its_text():
    """markdown-it drops what lies past its nesting limit; past five lists it is text."""
    *empty, last = parse("- " * 30 + "слово")
    assert [b.content for b in empty] == [()] * 4
    assert last.kind == "item" and plain(last.content) == "- " * 25 + "слово"


# -- the two renderers, side by side -------------------------------------------------------


@pytest.mark.parametrize(
    "markdown, screen, paper",
    [
        # Screen and paper disagreed on links; they still show the address each their own
        # way (the screen as written, paper as under a QR code), but a label that only
        # repeats the address is said once on both now (the screen said it twice).
        (
            "[сайт фонда](https://sfr.gov.ru/branches/perm/)",
            "сайт фонда (https://sfr.gov.ru/branches/perm/)",
            [PaperBlock("para", "сайт фонда (sfr.gov.ru/branches/perm)")],
        ),
        (
            "[https://sfr.gov.ru/](https://sfr.gov.ru/)",
            "https://sfr.gov.ru/",
            [PaperBlock("para", "sfr.gov.ru")],
        ),
        # Both old readers wrote crossed tags here; reportlab refused them (ValueError, no
        # printout at all). CommonMark pairs the stars; the tags nest.
        ("**a *b** c*", "[i]a b c[/i]", [PaperBlock("para", "<i>a b c</i>")]),
        # A star inside an address was read as italics by both.
        (
            "[a](https://sfr.gov.ru/*b*)",
            "a (https://sfr.gov.ru/*b*)",
            [PaperBlock("para", "a (sfr.gov.ru/*b*)")],
        ),
        # The screen kept a heading's following line in its group; paper made blocks.
        (
            "## Заголовок\nтекст",
            "[b]Заголовок[/b]\nтекст",
            [PaperBlock("heading", "Заголовок"), PaperBlock("para", "текст")],
        ),
        # Numbered items: one line on screen, a hanging number on paper; both as typed.
        (
            "1. Шаг\n2) Шаг",
            "1. Шаг\n2) Шаг",
            [PaperBlock("item", "Шаг", "1."), PaperBlock("item", "Шаг", "2)")],
        ),
        # A line right under an item continues it (CommonMark); both old readers made it
        # a paragraph of its own.
        (
            "Список:\n- первое\nи его конец",
            "Список:\n• первое и его конец",
            [PaperBlock("para", "Список:"), PaperBlock("item", "первое и его конец", "•")],
        ),
        # Only `1.` starts a list inside a paragraph (CommonMark): a year at the start of a
        # line is not item 2023 any more.
        (
            "С января\n2023. года",
            "С января 2023. года",
            [PaperBlock("para", "С января 2023. года")],
        ),
        # Each escapes for its own markup, and paper keeps numbers whole.
        (
            "[b] & <i> 8 800",
            "&bl;b&br; &amp; <i> 8 800",
            [PaperBlock("para", "[b] &amp; &lt;i&gt; 8\u00a0800")],
        ),
        (
            "- a\n\n- b",
            "• a\n\n• b",
            [PaperBlock("item", "a", "•"), PaperBlock("item", "b", "•")],
        ),
    ],
)
def test_screen_and_paper_draw_the_same_tree(markdown, screen, paper):
    assert markdown_to_markup(markdown) == screen
    assert markdown_blocks(markdown) == paper


def test_the_old_crossed_tags_now_make_a_printable_paragraph():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    paragraph = Paragraph(inline("**a *b** c*"), ParagraphStyle("body"))
    assert paragraph.wrap(200, 200)[1] > 0
