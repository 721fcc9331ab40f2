"""Any text a pack can hold draws as markup that Kivy and reportlab take, with no tag the
text did not ask for and every letter and digit it has (Hypothesis)."""

import logging
import os
import re

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kiosk.adapters.speech import speakable  # noqa: E402
from kiosk.app.markup import markdown_to_markup  # noqa: E402
from printouts.text import markdown_blocks  # noqa: E402

PIECES = [
    *"*_[]()<>&#-+.!`\\|=~ \t\n",
    *["**", "***", "\n\n", "- ", "* ", "1. ", "2) ", "# ", "## ", "    ", "> "],
    *["[b]", "[/b]", "[i]", "[/i]", "[color=ff0000]", "[ref=x]", "&bl;", "&br;", "&amp;"],
    *["<b>", "</i>", "<para>", '<font color="red">', "&lt;", "&#x41;", "</b></i>"],
    *["](", "](https://sfr.gov.ru/a)", "[сайт](https://www.sfr.gov.ru/)", "<https://a.ru>"],
    *["слово", "Ёж", "8 800", "10 000 ₽", "2*3", "é", "😀", "\u00a0", "\u202f"],
]

hostile = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=200),
    # deep nesting: lists in lists, stars in stars, brackets in brackets
    st.builds(
        lambda n, mark, word: mark * n + word + mark.strip() * n,
        st.integers(1, 60),
        st.sampled_from(["- ", "1. ", "*", "**", "[", "> "]),
        st.sampled_from(["слово", "", "[b]x[/b]", "<i>"]),
    ),
)


def letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(c in rest for c in short)


def typed_only(text: str, shown: str) -> None:
    """Every letter and digit typed shows, in order; a link may show its address shorter
    (paper) or say a label that repeats its address once, so with links it is a subsequence.
    Nothing shows that was not typed."""
    if "](" in text:
        assert is_subsequence(letters(shown), letters(text))
    else:
        assert letters(shown) == letters(text)


# -- the screen ----------------------------------------------------------------------------

KIVY_TAG = re.compile(r"(\[.*?\])")  # how kivy.core.text.markup.MarkupLabel splits markup


class Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record):
        self.seen.append(record.getMessage())


@given(hostile)
def test_any_text_draws_as_kivy_markup_with_only_the_tags_it_asked_for(text):
    from kivy.core.text.markup import MarkupLabel
    from kivy.logger import Logger

    markup = markdown_to_markup(text)
    open_tags = []
    shown = []
    for part in KIVY_TAG.split(markup):
        if part.startswith("[") and part.endswith("]"):
            assert part in ("[b]", "[/b]", "[i]", "[/i]"), part
            if part.startswith("[/"):
                assert open_tags.pop() == part.replace("/", ""), markup
            else:
                open_tags.append(part)
        else:
            assert "[" not in part and "]" not in part
            shown.append(part.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&"))
    assert open_tags == []
    if "[b]" in markup:
        assert "**" in text or "#" in text  # bold is asked for, or it is a heading
    if "[i]" in markup:
        assert "*" in text
    typed_only(text, "".join(shown))

    warnings = Warnings()
    Logger.addHandler(warnings)
    try:
        MarkupLabel(text=markup, markup=True, font_size=20, text_size=(300, None)).render()
    finally:
        Logger.removeHandler(warnings)
    assert warnings.seen == []  # e.g. 'pop style stack without push'


@given(hostile)
def test_read_aloud_says_no_tag_the_text_did_not_hold(text):
    spoken = speakable(markdown_to_markup(text))
    for tag in re.findall(r"\[/?(?:b|i)\]", spoken):
        assert tag in text


# -- paper ---------------------------------------------------------------------------------

PAPER_TAG = re.compile(r"<(/?)([a-z]+)>")


@given(hostile)
def test_any_text_draws_as_paragraphs_reportlab_takes_with_only_the_tags_it_asked_for(text):
    from reportlab.platypus import Paragraph

    from printouts.layout import layout

    styles = layout("leaflet")
    shown = []
    for block in markdown_blocks(text):
        tags = PAPER_TAG.findall(block.markup)
        assert {name for _close, name in tags} <= {"b", "i"}, block.markup
        assert "<" not in PAPER_TAG.sub("", block.markup)
        if any(name == "b" for _close, name in tags):
            assert "**" in text
        if any(name == "i" for _close, name in tags):
            assert "*" in text
        style = styles.style("bullet" if block.kind == "item" else "body")
        paragraph = Paragraph(block.markup, style, bulletText=block.bullet or None)
        assert paragraph.wrap(styles.width, 10_000)[1] >= 0
        shown += [block.bullet, paragraph.getPlainText()]
    typed_only(text, " ".join(shown))
