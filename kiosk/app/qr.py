"""A QR code on screen, sharp enough for a phone's camera to read across the counter.

The matrix (quiet zone included) comes from content.presentation.qrmatrix.
It becomes a texture of one
texel per module, stretched by a whole number of pixels per module with nearest-neighbour
filtering, so every module is a crisp square. Always black on white: scanners look for dark
modules on a light ground, whatever the app's colour theme.
"""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.widget import Widget

from content.presentation.qrmatrix import QUICK_MASK, qr_matrix

DARK = b"\x00\x00\x00\xff"
LIGHT = b"\xff\xff\xff\xff"


class QRCode(Widget):
    """`data` as a QR code, centred in the widget; nothing at all while `data` is empty."""

    data = StringProperty("")
    """The text or URL to encode."""

    module_size = NumericProperty(None, allownone=True)
    """Pixels per module, a whole number; None fits the largest whole size into the widget."""

    def __init__(self, **kwargs):
        self._texture = None
        self._side = 0  # modules per side, quiet zone included
        super().__init__(**kwargs)
        self.bind(data=self._encode, module_size=self._draw, pos=self._draw, size=self._draw)
        self._encode()

    def _encode(self, *_args) -> None:
        self._texture, self._side = None, 0
        if self.data:
            matrix = qr_matrix(self.data, mask=QUICK_MASK)
            self._side = len(matrix)
            # Texture rows run bottom to top; the matrix's run top to bottom.
            pixels = b"".join(DARK if dark else LIGHT for row in reversed(matrix) for dark in row)
            texture = Texture.create(size=(self._side, self._side), colorfmt="rgba")
            texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
            texture.mag_filter = texture.min_filter = "nearest"
            self._texture = texture
        self._draw()

    def _draw(self, *_args) -> None:
        self.canvas.clear()
        if self._texture is None:
            return
        if self.module_size:
            module = max(1, int(self.module_size))
        else:
            module = max(1, int(min(self.width, self.height) // self._side))
        side = module * self._side
        # Whole-pixel position too: half a pixel off would blur every module's edge.
        x = round(self.x) + int(self.width - side) // 2
        y = round(self.y) + int(self.height - side) // 2
        with self.canvas:
            Color(1, 1, 1, 1)  # no tint: the texture's own black and white
            Rectangle(texture=self._texture, pos=(x, y), size=(side, side))
