"""The layouts screens share: the scrolling page, rows of tiles of one height, and a bar of
buttons that wraps instead of cutting. Their look is in theme.kv."""

from __future__ import annotations

from kivy.graphics import ScissorPop, ScissorPush
from kivy.properties import BooleanProperty, NumericProperty, VariableListProperty
from kivy.uix.gridlayout import GridLayout
from kivy.uix.layout import Layout
from kivy.uix.scrollview import ScrollView


class Page(ScrollView):
    """A screen's scrolling content; see theme.kv.

    It clips what scrolls out of it with the GPU's scissor box instead of the stencil that
    Kivy's ScrollView draws: a stencil is two more fills of the page's whole area on every
    frame, about 16 ms with the software renderer of a terminal without a GPU, where a
    scissor box costs nothing. theme.kv drops the stencil (`<-Page>`) and draws the bar.
    """

    def __init__(self, **kwargs):
        self._clip = ScissorPush(x=0, y=0, width=1, height=1)
        super().__init__(**kwargs)
        self.canvas.before.insert(0, self._clip)
        self.canvas.after.insert(0, ScissorPop())
        self._moving = []  # the ancestors whose moving moves the page in the window
        self.bind(pos=self._update_clip, size=self._update_clip, parent=self._follow)

    def _follow(self, *_args) -> None:
        """Watch every ancestor between here and the window; any of them may move."""
        for widget, name, uid in self._moving:
            widget.unbind_uid(name, uid)
        self._moving = []
        widget = self.parent
        while widget is not None and widget is not widget.parent:
            self._moving += [
                (widget, "pos", widget.fbind("pos", self._update_clip)),
                (widget, "parent", widget.fbind("parent", self._follow)),
            ]
            widget = widget.parent
        self._update_clip()

    def _update_clip(self, *_args) -> None:
        # The scissor box is in window pixels; a Screen (a RelativeLayout) shifts what is
        # inside it, so the page's own pos is not enough.
        x, y = self.to_window(self.x, self.y)
        box = (int(round(x)), int(round(y)), int(round(self.width)), int(round(self.height)))
        if box != (self._clip.x, self._clip.y, self._clip.width, self._clip.height):
            self._clip.x, self._clip.y, self._clip.width, self._clip.height = box

    def update_from_scroll(self, *largs) -> None:
        super().update_from_scroll(*largs)
        # Text drawn at a fraction of a pixel comes out blurred: snap to whole pixels.
        x, y = self.g_translate.xy
        self.g_translate.xy = round(x), round(y)


class TileGrid(GridLayout):
    """Tiles in rows of equal height: the tallest tile's, so that no text is cut; as many
    columns (up to `max_cols`) as tiles of `tile_width` fit, so that large text or a
    narrow screen gives fewer, wider tiles instead of words broken in two."""

    max_cols = NumericProperty(3)
    tile_width = NumericProperty(0)
    """The narrowest a tile may be, in pixels (the .kv sets it from the font size)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fbind("width", self._fit_columns)
        self.fbind("tile_width", self._fit_columns)
        self.fbind("max_cols", self._fit_columns)

    def _fit_columns(self, *_args) -> None:
        room = self.width - self.padding[0] - self.padding[2]
        gap = self.spacing[0]
        fits = int((room + gap) // (self.tile_width + gap)) if self.tile_width > 0 else 99
        self.cols = max(1, min(int(self.max_cols), fits))

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        widget.bind(needed_height=self._even_out)
        self._even_out()

    def _even_out(self, *_args) -> None:
        needed = [c.needed_height for c in self.children]
        self.row_default_height = max(needed, default=0)


class FlowBar(Layout):
    """A bar of buttons that wraps instead of cutting. The children, in order, fill rows as
    wide as the bar; in each row the left-hand ones sit at the left and the right-hand ones
    (from the first child with `flow_right` set on) at the right. On a wide screen that is
    one row: the left group, a gap, the right group.

    Children keep their own sizes (size_hint None; one of width 0 is left out); `room` is
    the width a row offers, for a child's rule to wrap its text when even it alone is wider
    than the bar. The bar's own height is `minimum_height`: its rows' and its padding.
    """

    spacing = NumericProperty(0)
    padding = VariableListProperty([0, 0, 0, 0])
    room = NumericProperty(0)
    minimum_height = NumericProperty(0)
    widest = NumericProperty(0)
    """The widest child's width: a bar inside a bar is never made narrower."""
    flow_right = BooleanProperty(False)
    """For a FlowBar inside another: True when it starts its parent's right-hand group."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in ("spacing", "padding", "children", "size", "pos"):
            self.fbind(name, self._trigger_layout)

    def add_widget(self, widget, *args, **kwargs):
        widget.fbind("size", self._trigger_layout)
        return super().add_widget(widget, *args, **kwargs)

    def remove_widget(self, widget, *args, **kwargs):
        widget.funbind("size", self._trigger_layout)
        return super().remove_widget(widget, *args, **kwargs)

    def do_layout(self, *_args) -> None:
        left_pad, top_pad, right_pad, bottom_pad = self.padding
        self.room = max(0, self.width - left_pad - right_pad)
        shown = [c for c in reversed(self.children) if c.width > 0]
        self.widest = max((c.width for c in shown), default=0)
        split = next((i for i, c in enumerate(shown) if getattr(c, "flow_right", False)), None)
        right_hand = set(map(id, shown[split:])) if split is not None else set()
        rows = _rows(shown, self.room, self.spacing)
        heights = [max(c.height for c in row) for row in rows]
        gaps = self.spacing * max(0, len(rows) - 1)
        self.minimum_height = sum(heights) + gaps + top_pad + bottom_pad
        top = self.top - top_pad
        for row, height in zip(rows, heights, strict=True):
            middle = top - height / 2
            x = self.x + left_pad
            for child in (c for c in row if id(c) not in right_hand):
                child.pos = (x, middle - child.height / 2)
                x += child.width + self.spacing
            x = self.right - right_pad
            for child in reversed([c for c in row if id(c) in right_hand]):
                x -= child.width
                child.pos = (x, middle - child.height / 2)
                x -= self.spacing
            top -= height + self.spacing


def _rows(children, room: float, spacing: float) -> list[list]:
    """`children` in rows no wider than `room`, in order; a child wider alone has its row."""
    rows: list[list] = []
    for child in children:
        if rows and sum(c.width for c in rows[-1]) + child.width + spacing * len(rows[-1]) <= room:
            rows[-1].append(child)
        else:
            rows.append([child])
    return rows
