"""What a label's pixels cost: keep them once, and only as wide as the text.

Kivy's SDL2 text provider draws a label's text into an SDL surface, copies the pixels out
into the label's texture, and then keeps the surface until the text changes: a second full
copy of every label on screen, as big as its texture. A service page or a list of event
cards is mostly long text, so those copies were a third of what a page cost in memory
(a card of five lines: 400 KB of texture, 400 KB more of surface). The surface is needed
only while the text is drawn; the next drawing makes a new one.

`NarrowLabel` and `NarrowMarkupLabel` are what `widgets.TextBlock` (all body text) draws
with: textures as wide as the text in them.
"""

from __future__ import annotations

import math

from kivy.core.text import Label as CoreLabel
from kivy.core.text.markup import MarkupLabel as CoreMarkupLabel

SURFACE = "_surface"
"""Where kivy.core.text.text_sdl2.LabelSDL2 keeps the surface between drawings."""


def keep_label_pixels_once() -> None:
    """Make Kivy's text provider let go of its surface once the texture has the pixels.

    Idempotent; call before the first label is drawn. A provider that keeps no surface
    (Pango, PIL) is left as it is.
    """
    render_end = CoreLabel._render_end
    if getattr(render_end, "lets_go_of_surface", False):
        return

    def _render_end(self):
        data = render_end(self)  # the pixels, copied out of the surface
        self.__dict__.pop(SURFACE, None)
        return data

    _render_end.lets_go_of_surface = True
    CoreLabel._render_end = _render_end


class _AsWideAsItsText:
    """A core label whose texture is only as wide as its longest line, not as its box.

    Kivy makes a wrapped label's texture as wide as the width it wraps to, whatever the
    text: a one-line title across a 1,128-pixel column is a texture of 1,128 pixels, most of
    it transparent, drawn (blended) on every frame by the software renderer. Left-aligned
    text lies at the left of that texture, so the part right of the longest line can go.
    """

    def render(self, real=False):
        size = super().render(real)
        if real or self.options["halign"] != "left":
            return size  # centred, right-aligned and justified text need the whole width
        width, height = size
        used = math.ceil(self._internal_size[0])  # the longest line, with the padding
        return (used, height) if 1 < used < width else size


class NarrowLabel(_AsWideAsItsText, CoreLabel):
    pass


class NarrowMarkupLabel(_AsWideAsItsText, CoreMarkupLabel):
    pass
