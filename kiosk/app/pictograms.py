"""Pictograms beside the words: for a visitor who reads poorly, never instead of the words.

A `Pictogram` draws one of the pictograms that content/presentation/pictograms.py names,
from the Material Design Icons font the app ships (the package fonticon-materialdesignicons7;
docs/pictograms.md). It is as tall as its `font_size`, which the .kv rules derive from the
size of the text beside it, so it grows with large text; and it is drawn in its `color`,
the text's, so it has the text's contrast in every theme. An unknown name draws nothing
and takes no room: a category whose `icon` the set lacks shows its words alone, never a
box for a missing glyph.

It is not a Label: read-aloud, which speaks every visible label, has nothing to say for it.
"""

from __future__ import annotations

from functools import lru_cache

from fonticon_mdi7 import MDI7
from kivy.core.text import Label as CoreLabel
from kivy.graphics.texture import Texture
from kivy.metrics import dp
from kivy.properties import (
    ColorProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.widget import Widget

from content.presentation.pictograms import PICTOGRAMS

FONT = MDI7.__font_file__
"""The icon font's file, as the package installs it."""

GAP = dp(12)
"""Between a pictogram and the words beside it."""


def glyph(name: str | None) -> str:
    """The character that draws pictogram `name` in FONT; '' for a name the set lacks."""
    icon = PICTOGRAMS.get(name or "")
    if icon is None:
        return ""
    # The package's class holds each icon as an attribute 'mdi7.<the character>'.
    value = getattr(MDI7, icon.replace("-", "_"), "")
    return value.rpartition(".")[2]


@lru_cache(maxsize=128)
def glyph_texture(char: str, size: int) -> Texture:
    """`char` drawn white on clear at `size` px: tinted with the text's colour when drawn.

    Kept: a screen shows the same few pictograms at two or three sizes, visit after visit.
    """
    label = CoreLabel(text=char, font_name=FONT, font_size=size, color=(1, 1, 1, 1))
    label.refresh()
    return label.texture


class Pictogram(Widget):
    """One pictogram, as tall as `font_size` (theme.kv draws it)."""

    name = StringProperty("")
    """Which pictogram (content/presentation/pictograms.py); '' or an unknown name: none."""

    glyph = StringProperty("")
    """The font's character for `name`, '' if there is none (set from `name`)."""

    font_size = NumericProperty(0)
    """The pictogram's height in pixels: a little more than the text's font size beside it."""

    color = ColorProperty([1, 1, 1, 1])
    """The colour of the text beside it."""

    texture = ObjectProperty(None, allownone=True)
    """The glyph drawn at `font_size`, None while there is nothing to draw."""

    room = NumericProperty(0)
    """The width it takes beside the text, the gap included; 0 when it draws nothing."""

    host = ObjectProperty(None, allownone=True)
    """A Label (a button) whose text this pictogram sits in front of, in the room the
    label's left padding keeps for it (theme.kv's buttons); None: a layout places it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fbind("name", self._draw)
        self.fbind("font_size", self._draw)
        self.fbind("size", self._place)
        self._draw()

    def _draw(self, *_args) -> None:
        self.glyph = glyph(self.name)
        size = round(self.font_size)
        self.texture = glyph_texture(self.glyph, size) if self.glyph and size > 0 else None
        self.size = self.texture.size if self.texture else (0, 0)
        self.room = self.width + GAP if self.texture else 0

    def on_host(self, _widget, host) -> None:
        if host is not None:
            for name in ("pos", "size", "texture_size", "text", "padding"):
                host.fbind(name, self._place)
        self._place()

    def _place(self, *_args) -> None:
        """In front of the host's text: its first line's start, less `room`.

        A Label draws its texture (padding included) centred in its box, and a centred
        line centred between the paddings; a wrapped text's lines fill that width.
        """
        host = self.host
        # The host's core label, which measures its text: made after the host's kv rules,
        # which set `host`; its first texture places the pictogram.
        core = getattr(host, "_label", None)
        if core is None:
            return
        left, _top, right, _bottom = host.padding
        texture_width = host.texture_size[0]
        inside = max(0, texture_width - left - right)
        line = min(inside, core.get_extents(host.text)[0]) if host.text else 0
        lines = getattr(core, "_cached_lines", None)  # the lines as drawn, once wrapped
        if len(lines or ()) > 1 and lines[0].w:
            line = min(inside, lines[0].w)  # in front of the first line, centred as it is
        start = host.center_x - texture_width / 2 + left + (inside - line) / 2
        self.pos = (round(start - self.room), round(host.center_y - self.height / 2))
