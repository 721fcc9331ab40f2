"""Keep each label's pixels once: in its texture, not also in the picture it was drawn on.

Kivy's SDL2 text provider draws a label's text into an SDL surface, copies the pixels out
into the label's texture, and then keeps the surface until the text changes: a second full
copy of every label on screen, as big as its texture. A service page or a list of event
cards is mostly long text, so those copies were a third of what a page cost in memory
(a card of five lines: 400 KB of texture, 400 KB more of surface). The surface is needed
only while the text is drawn; the next drawing makes a new one.
"""

from __future__ import annotations

SURFACE = "_surface"
"""Where kivy.core.text.text_sdl2.LabelSDL2 keeps the surface between drawings."""


def keep_label_pixels_once() -> None:
    """Make Kivy's text provider let go of its surface once the texture has the pixels.

    Idempotent; call before the first label is drawn. A provider that keeps no surface
    (Pango, PIL) is left as it is.
    """
    from kivy.core.text import Label as CoreLabel

    render_end = CoreLabel._render_end
    if getattr(render_end, "lets_go_of_surface", False):
        return

    def _render_end(self):
        data = render_end(self)  # the pixels, copied out of the surface
        self.__dict__.pop(SURFACE, None)
        return data

    _render_end.lets_go_of_surface = True
    CoreLabel._render_end = _render_end
