"""The widgets screens share; their look is in theme.kv."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.graphics import ScissorPop, ScissorPush
from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    StringProperty,
    VariableListProperty,
)
from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.scrollview import ScrollView
from kivy.uix.textinput import TextInput


def enclosing(widget, kind: type):
    """The nearest widget of class `kind` that holds `widget`, or None."""
    parent = widget.parent
    while parent is not None and parent is not parent.parent:  # the window is its own parent
        if isinstance(parent, kind):
            return parent
        parent = parent.parent
    return None


def screen_of(widget):
    """The screen that holds `widget`: the nearest parent given the app's controllers. Shared
    widgets and kv rules ask their own screen (and its controllers), not the running app."""
    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if getattr(parent, "controllers", None) is not None:
            return parent
        parent = parent.parent
    raise LookupError(f"{type(widget).__name__} is not on a screen with controllers")


def controllers_of(widget):
    """The controllers (kiosk.core.controllers.Controllers) of the screen holding `widget`."""
    return screen_of(widget).controllers


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


class CategoryTile(ButtonBehavior, BoxLayout):
    """A large tile on the home screen; a tap opens the category."""

    key = StringProperty("")
    """The category's id in the pack."""

    title = StringProperty("")
    """The category's title, plain text."""

    note = StringProperty("")
    """The category's one-line description, plain text."""

    icon = StringProperty("")
    """The category's pictogram (content/presentation/pictograms.py), '' for none."""

    needed_height = NumericProperty(0)
    """The height its texts need; a row of tiles takes the tallest (see TileGrid)."""


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


class ListButton(ButtonBehavior, BoxLayout):
    """One row of a list; a tap opens `target` (a screen name) with `key`."""

    target = StringProperty("service")
    """The screen the row opens: 'service', 'agency', 'event'."""

    key = StringProperty("")
    """The id in the pack of what the row shows."""

    title = StringProperty("")
    """The name, plain text."""

    summary = StringProperty("")
    """A sentence or two under the name, plain text."""

    summary_markup = StringProperty("")
    """The same as Kivy markup, when the row needs bold or colour; wins over `summary`."""

    def on_release(self) -> None:
        controllers_of(self).navigator.open(self.target, self.key)


class ServiceButton(ListButton):
    """One service in a list; a tap opens the service page."""


class TextBlock(Label):
    """Body text: wraps to its width, left-aligned, its texture only as wide as its text.

    See kiosk/app/label_pixels.py; theme.kv draws the texture at the left of the box (Kivy's
    own Label centres it, which a narrower texture would move).
    """

    def _create_label(self):
        from kiosk.app.label_pixels import NarrowLabel, NarrowMarkupLabel

        cls = NarrowMarkupLabel if self.markup else NarrowLabel
        if type(self._label) is cls:
            return
        options = {name: getattr(self, name) for name in self._font_properties}
        options["usersize"] = self.text_size
        if self.disabled:
            options["color"] = self.disabled_color
            options["outline_color"] = self.disabled_outline_color
        self._label = cls(**options)


class FitButton(ButtonBehavior, Label):
    """A button as wide as its words (PrimaryButton, SecondaryButton in theme.kv), unless
    they are wider than the row it sits in (large text, a narrow screen): then it takes
    the row's width (size_hint_x 1) and its words wrap, never cut at the row's side. A
    button a .kv rule gives a width share of its own is left as it is."""

    def __init__(self, **kwargs):
        self._row = None
        self._stretched = False
        self._own_hint = None  # known once its kv rules are applied (next frame)
        super().__init__(**kwargs)
        for name in ("parent", "text", "font_size", "padding"):
            self.fbind(name, self._fit)
        Clock.schedule_once(self._ready, 0)

    def _ready(self, _dt) -> None:
        # Whether a .kv rule gave it a width share: then it is never touched here.
        self._own_hint = self.size_hint_x is not None
        self._fit()

    def _fit(self, *_args) -> None:
        if self._own_hint is None or self._own_hint:
            return
        row = self.parent
        if row is not self._row:
            if self._row is not None:
                self._row.funbind("width", self._fit)
            if row is not None:
                row.fbind("width", self._fit)
            self._row = row
        if row is None or row.width <= 1:
            return
        core = getattr(self, "_label", None)
        if core is None:
            return
        core.options["font_size"] = self.font_size
        natural = core.get_extents(self.text)[0] + self.padding[0] + self.padding[2]
        padding = getattr(row, "padding", [0, 0, 0, 0])
        room = row.width - padding[0] - padding[2]
        wide = natural > room
        if wide != self._stretched:
            self._stretched = wide
            self.size_hint_x = 1 if wide else None


class Chip(ToggleButtonBehavior, Label):
    """A filter or an answer that stays selected until touched again; see theme.kv.

    As wide as its words, unless they are wider than the row it sits in (large text): then
    they wrap to the row's width, never cut at its side.
    """

    value = StringProperty("")
    """What choosing the chip means, e.g. a district's id."""

    def __init__(self, **kwargs):
        self._row = None
        super().__init__(**kwargs)
        for name in ("parent", "text", "font_size", "padding", "texture_size"):
            self.fbind(name, self._fit)

    def _fit(self, *_args) -> None:
        row = self.parent
        if row is not self._row:
            if self._row is not None:
                self._row.funbind("width", self._fit)
            if row is not None:
                row.fbind("width", self._fit)
            self._row = row
        room = (row.width if row is not None else 0) - self.padding[0] - self.padding[2]
        core = getattr(self, "_label", None)
        if room <= 0 or core is None or not self.text:
            wanted = [None, None]
        else:
            core.options["font_size"] = self.font_size  # the size it is about to be drawn at
            natural = core.get_extents(self.text)[0]
            wanted = [room, None] if natural > room else [None, None]
        if list(self.text_size) != wanted:
            self.text_size = wanted


class BarToggle(ToggleButtonBehavior, Label):
    """An on/off switch in the top bar: large text, high contrast, a language."""

    flow_right = BooleanProperty(False)
    """True on the first of a FlowBar's right-hand group."""


class Section(BoxLayout):
    """A heading with its text, kept together on a page."""

    title = StringProperty("")
    """The heading, Kivy markup."""

    body = StringProperty("")
    """The text under the heading, Kivy markup; may be empty."""

    level = NumericProperty(1)
    """1: a part of the page; 2: a smaller heading within the part before it."""


class SealedInput(TextInput):
    """A text field that never reaches a clipboard; every text field of the app is one.

    A kiosk has no use for a clipboard, and what one visitor copies there the next pastes
    back. Kivy's TextInput copies on Ctrl+C and from its bubble, cuts on Ctrl+X, pastes on
    Ctrl+V and from the bubble, and on X11 copies every selection to the primary selection,
    which a middle click pastes: here all of that does nothing. Typing, erasing, selecting
    and undoing work as before.
    """

    use_bubble = BooleanProperty(False)
    """Kivy's cut/copy/paste bubble: off, it would offer nothing."""

    use_handles = BooleanProperty(False)
    """Kivy's selection handles: off, there is nothing to do with a selection."""

    def copy(self, data=""):
        """Copies nothing (see the class)."""

    def cut(self):
        """Cuts nothing: the selection stays in the field and off the clipboard."""

    def _cut(self, data):
        """What Kivy's Ctrl+X calls (not `cut()`): nothing either."""

    def paste(self):
        """Pastes nothing."""

    def on_selection_text(self, _field, _text):
        """Kivy's own copies each selection to X11's primary selection: not here."""

    def on_touch_down(self, touch):
        # On X11 a middle click pastes the primary selection, whatever put it there.
        if getattr(touch, "button", None) == "middle" and self.collide_point(*touch.pos):
            return True
        return super().on_touch_down(touch)

    def forget(self) -> None:
        """Empty the field and all it remembers of its text, for the next visitor: the
        selection, undo and redo, an unfinished composition of an input method."""
        self.cancel_selection()
        self._ime_composition = ""
        self.text = ""
        self.reset_undo()
