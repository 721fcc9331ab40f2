"""What is on show in the app's window, as kiosk/app/measure.py reads it: the frame's pixels
(the commonest colour in a box, or around it), colours blended and written as hex, and each
widget's box in the window, what cuts it, what it draws round itself and where it is docked.
"""

from __future__ import annotations

import re


def name_of(widget) -> str:
    text = getattr(widget, "text", "")
    text = re.sub(r"\[/?[a-z_]+(=[^\]]*)?\]", "", text if isinstance(text, str) else "")
    text = " ".join(text.split())
    return f"{type(widget).__name__} {text[:40]!r}" if text else type(widget).__name__


def capital_per_font_size() -> float:
    """The font's capital height over its font size, measured from the ink of an "H"."""
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text="H", font_size=200)
    label.refresh()
    pixels = label.texture.pixels  # RGBA rows, bottom row first
    width, height = label.texture.size
    rows = [
        y for y in range(height) if any(pixels[(y * width + x) * 4 + 3] > 127 for x in range(width))
    ]
    return (max(rows) - min(rows) + 1) / 200


class Frame:
    """The window's pixels as just drawn, to read colours from."""

    def __init__(self, window):
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
        from PIL import Image

        width, height = window.size
        data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        # OpenGL's rows start at the bottom, as Kivy's coordinates do: no flip needed.
        self.image = Image.frombytes("RGBA", (width, height), data).convert("RGB")
        self.size = (width, height)

    def commonest(self, box) -> tuple[int, int, int] | None:
        """The commonest colour in `box` (x0, y0, x1, y1), window pixels, None if empty."""
        x0, y0, x1, y1 = (round(v) for v in box)
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(self.size[0], x1), min(self.size[1], y1)
        if x1 <= x0 or y1 <= y0:
            return None
        colours = self.image.crop((x0, y0, x1, y1)).getcolors(maxcolors=(x1 - x0) * (y1 - y0))
        return max(colours)[1] if colours else None

    def ring(self, box, gap: float) -> tuple[int, int, int] | None:
        """The commonest colour in the band `gap` pixels wide just outside `box`."""
        x0, y0, x1, y1 = box
        strips = [
            (x0 - gap, y1, x1 + gap, y1 + gap),
            (x0 - gap, y0 - gap, x1 + gap, y0),
            (x0 - gap, y0, x0, y1),
            (x1, y0, x1 + gap, y1),
        ]
        counts: dict = {}
        for strip in strips:
            colour = self.commonest(strip)
            if colour is not None:
                counts[colour] = counts.get(colour, 0) + 1
        return max(counts, key=counts.get) if counts else None


def hex_of(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(
        *(round(c * 255) if isinstance(c, float) else c for c in rgb[:3])
    )


def blend(rgba, behind) -> tuple[int, int, int]:
    """A colour with alpha over the colour behind it."""
    alpha = rgba[3] if len(rgba) > 3 else 1.0
    return tuple(
        round(c * 255 * alpha + b * (1 - alpha)) for c, b in zip(rgba[:3], behind, strict=False)
    )


def visible_box(widget):
    """The part of `widget` on show in window pixels (x0, y0, x1, y1), or None: each
    ScrollView or screen around it cuts it, and anything see-through hides it."""
    from kivy.uix.scrollview import ScrollView

    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    node = widget
    while node is not None and node.parent is not node:
        if getattr(node, "opacity", 1) <= 0.01:
            return None
        parent = node.parent
        if isinstance(parent, ScrollView):
            px0, py0 = parent.to_window(parent.x, parent.y)
            px1, py1 = parent.to_window(parent.right, parent.top)
            x0, y0, x1, y1 = max(x0, px0), max(y0, py0), min(x1, px1), min(y1, py1)
        node = parent
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return (x0, y0, x1, y1)


def outline_colour(widget):
    """The colour of the first line a widget draws around itself (its outline), or None."""
    from kivy.graphics import Color, Line

    colour = None
    for canvas in (widget.canvas.before, widget.canvas, widget.canvas.after):
        if canvas is None:
            continue
        for instruction in canvas.children:
            if isinstance(instruction, Color):
                colour = instruction.rgba
            elif isinstance(instruction, Line) and colour is not None:
                return colour
    return None


def broken_word(widget) -> str | None:
    """A word of a wrapping text wider than its lines, which Kivy breaks in two, or None."""
    width = widget.text_size[0] if widget.text_size else None
    core = getattr(widget, "_label", None)
    if not width or core is None:
        return None
    plain = re.sub(r"\[/?[a-z_]+(=[^\]]*)?\]", "", widget.text)
    # A web address or an id (with a dot, a slash or a digit) may wrap anywhere: it is no
    # word to read, and no line is long enough for every address.
    words = [w for w in set(plain.split()) if not re.search(r"[./0-9]", w)]
    words = sorted(words, key=len, reverse=True)[:3]  # the longest few
    for word in words:
        if core.get_extents(word)[0] > width + 1:
            return word
    return None


def grown(box, by: float):
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def meets(a, b) -> bool:
    """Whether boxes `a` and `b` (either may be None) overlap."""
    if a is None or b is None:
        return False
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


DOCKED = (
    "TopBar", "NavBar", "Header", "SpeechPanel", "OnScreenKeyboard", "DigitPad", "DockedRow",
    "SidePanel",
)  # fmt: skip
"""What stays docked above or below the page (the bars, a screen's header band, the speech
panel, the keyboards): large text grows them 1.5 times, so that the page keeps its room."""


def shown(widget) -> bool:
    """Whether `widget` takes room and is drawn (no hidden parent), in sight or scrolled."""
    if widget.width < 1 or widget.height < 1:
        return False
    node = widget
    while node is not None and node.parent is not node:
        if getattr(node, "opacity", 1) <= 0.01:
            return False
        node = node.parent
    return True


def page_box(widget):
    """The window box of the nearest page (ScrollView) holding `widget`, or None."""
    from kivy.uix.scrollview import ScrollView

    from kiosk.app.widgets import enclosing

    page = enclosing(widget, ScrollView)
    if page is None:
        return None
    return (*page.to_window(page.x, page.y), *page.to_window(page.right, page.top))


def in_bars(widget) -> bool:
    """Whether `widget` is in what is docked around the page (DOCKED)."""
    node = widget
    while node is not None and node.parent is not node:
        if type(node).__name__ in DOCKED:
            return True
        node = node.parent
    return False


def top_layer(kiosk):
    """What the visitor sees on top: the idle prompt, the attract loop, or the app."""
    window = kiosk.window
    top = window.children[0]
    if top is not kiosk.app.root:
        return top
    return kiosk.app.root.ids.get("attract") or kiosk.app.root
