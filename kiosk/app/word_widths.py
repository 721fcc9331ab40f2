"""Remember how wide each word is in each font, instead of asking SDL_ttf again every time.

Kivy lays a label's text out word by word and asks the text provider for each word's size
(`get_extents`), for every label and again every time its text or width changes: about
80 calls for a paragraph of three lines. Each call costs 6-15 microseconds, most of it in
Python (SDL2's provider builds its font key from six options on every call), so laying out
a paragraph took 1.2 ms, and a page of cards 10-15 ms of its first frame after a tap. The
same words come back on every card and every page ("в", "и", "пособие", "Пермь"), so their
sizes are remembered here, by font and text: laying out the same paragraph again takes
0.15 ms. A word's size depends only on the font file, its size and style, the outline, and
the hinting and kerning SDL_ttf draws with; all of them are in the key.

Only Kivy's SDL2 provider is taught this: the others measure with options of their own.

What a text field measures is not remembered: that is what a visitor types, in every
stage of typing it, and nothing of it may outlast the visit (issue 15). A field's one line
gains little from it anyway.
"""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel

WORDS_REMEMBERED = 20_000
"""Sizes kept at most (a few MB); when full, they are forgotten all at once and the words in
use come back at the next layout. A page of the big pack has 500-2,000 distinct words."""

FONT_OPTIONS = (
    "font_name_r",
    "font_size",
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "outline_width",
    "font_hinting",
    "font_kerning",
)
"""The label options a size measured by SDL_ttf depends on."""

_sizes: dict[tuple, tuple[int, int]] = {}


def remember_word_widths() -> None:
    """Make Kivy's SDL2 text provider remember the sizes it measures. Idempotent."""
    if CoreLabel.__name__ != "LabelSDL2" or getattr(CoreLabel, "measure_by_sdl", None):
        return
    measure = CoreLabel.get_extents

    def size_in(label, font: tuple, text: str) -> tuple[int, int]:
        key = (font, text)
        size = _sizes.get(key)
        if size is None:
            if len(_sizes) >= WORDS_REMEMBERED:
                _sizes.clear()
            size = _sizes[key] = measure(label, text)
        return size

    def get_extents(self, text):
        options = self.options
        return size_in(self, tuple([options[name] for name in FONT_OPTIONS]), text)

    def get_cached_extents(self):
        # Kivy's own hook: a measuring function for the font as it is now, used for a
        # whole layout; the font's key is built once for all its words.
        options = self.options
        font = tuple([options[name] for name in FONT_OPTIONS])
        return lambda text: size_in(self, font, text)

    CoreLabel.measure_by_sdl = measure
    CoreLabel.get_extents = get_extents
    CoreLabel.get_cached_extents = get_cached_extents
    _text_fields_measure_anew(measure)


def _text_fields_measure_anew(measure) -> None:
    """Give Kivy's TextInput, which makes its labels from the `Label` of its own module, a
    core label that asks SDL_ttf every time and remembers nothing."""
    from kivy.core.text import LabelBase
    from kivy.uix import textinput

    class UnrememberedLabel(CoreLabel):
        get_extents = measure
        get_cached_extents = LabelBase.get_cached_extents

    textinput.Label = UnrememberedLabel


def remembered_texts() -> set[str]:
    """Every text whose size is remembered, in any font (for tests)."""
    return {text for _font, text in _sizes}


def forget_word_widths() -> None:
    """Forget every size remembered (for tests; fonts do not change while the app runs)."""
    _sizes.clear()
