"""The widgets screens share (the layouts are in layouts.py); their look is in theme.kv."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
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


def _follow_row(widget):
    """The row `widget` sits in (its parent), whose width changes call `widget._fit`: a
    button or chip that fits its words to its row follows the row it is in now."""
    row = widget.parent
    if row is not widget._row:
        if widget._row is not None:
            widget._row.funbind("width", widget._fit)
        if row is not None:
            row.fbind("width", widget._fit)
        widget._row = row
    return row


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
        row = _follow_row(self)
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
        row = _follow_row(self)
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
