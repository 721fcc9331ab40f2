"""What a label's pixels cost: keep them once, and only as wide as the text.

Kivy's SDL2 text provider draws a label's text into an SDL surface, copies the pixels out
into the label's texture, and then keeps the surface until the text changes: a second full
copy of every label on screen, as big as its texture. A service page or a list of event
cards is mostly long text, so those copies were a third of what a page cost in memory
(a card of five lines: 400 KB of texture, 400 KB more of surface). The surface is needed
only while the text is drawn; the next drawing makes a new one.

`NarrowLabel` and `NarrowMarkupLabel` are what `widgets.TextBlock` (all body text) draws
with: textures as wide as the text in them, and of two bytes a pixel where four held the
same (see `_OneColour`).
"""

from __future__ import annotations

import math

from kivy.core.image import ImageData
from kivy.core.text import Label as CoreLabel
from kivy.core.text.markup import MarkupLabel as CoreMarkupLabel
from kivy.graphics.texture import Texture

ONE_COLOUR = "luminance_alpha"
"""The texture format of text in one colour: white, and how much of each pixel is ink."""

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


class _OneColour:
    """A core label whose text, when it is all one colour, is kept as two bytes a pixel.

    Kivy keeps a label's pixels as RGBA: four bytes, three of them the text's colour, the
    same in every pixel. Text in one colour needs only how much of each pixel is ink; the
    widget draws the texture (white where there is ink) tinted with its colour
    (theme.kv, <-TextBlock>), which gives the same pixels on screen. Text with colours of
    its own ([color] markup, an outline) stays RGBA.
    """

    @property
    def one_colour(self) -> bool:
        return "[color" not in self.text and not self.options.get("outline_width")

    def refresh(self):
        if not self.one_colour:
            if self.texture is not None and self.texture.colorfmt == ONE_COLOUR:
                self.texture = None  # Kivy's refresh() would keep it for a same-size text
            return super().refresh()
        # Kivy's refresh(), with the texture made in the one-colour format.
        self.resolve_font_name()
        width, height = self._size_texture = self._size = self.render()
        if width <= 1 or height <= 1:
            self.texture = self.texture_1px
            return
        texture = self.texture
        if texture is None or texture.size != (width, height) or texture.colorfmt != ONE_COLOUR:
            texture = Texture.create(
                size=(width, height),
                colorfmt=ONE_COLOUR,
                mipmap=self.options["mipmap"],
                callback=self._texture_fill,
            )
            texture.flip_vertical()
            texture.add_reload_observer(self._texture_refresh)
            self.texture = texture
        else:
            texture.ask_update(self._texture_fill)

    def _render_end(self):
        data = super()._render_end()
        if data is None or data.fmt != "rgba" or not self.one_colour:
            return data
        rgba = data.data if isinstance(data.data, bytes) else bytes(data.data)
        ink = rgba[3::4]  # the alpha of each pixel; about 1 ms for a long paragraph
        pixels = bytearray(b"\xff") * (2 * len(ink))
        pixels[1::2] = ink
        image = ImageData(data.width, data.height, "rgba", pixels)
        # ImageData's constructor lists the formats of image files only; the texture's
        # blit_data() uploads whatever format the data says it is.
        image.fmt = ONE_COLOUR
        return image


def let_go_of_pixels(widget) -> None:
    """Drop the textures of every label in `widget` (a row leaving the screen) now.

    A row taken off a page is garbage in reference cycles (kv bindings, parent and
    children): its textures, most of what it costs, would wait for the next pass of the
    cycle collector, which the app holds back while a visitor taps (kiosk/app/garbage.py).
    Nobody holds a texture but its label, its core label and the label's canvas, so
    letting go of it here returns its pixels at once.
    """
    from kivy.uix.label import Label

    stack = [widget]
    while stack:
        child = stack.pop()
        stack.extend(child.children)
        if isinstance(child, Label):
            core = getattr(child, "_label", None)
            if core is not None:
                core.texture = None
            child.texture = None  # the canvas's Rectangle follows through kv


class NarrowLabel(_OneColour, _AsWideAsItsText, CoreLabel):
    pass


class NarrowMarkupLabel(_OneColour, _AsWideAsItsText, CoreMarkupLabel):
    pass
