"""The on-screen keyboard: large keys drawn from the layouts in kiosk.core.keyboard.

Not Kivy's VKeyboard: that one has small keys, its own look, and moves about. This one sits
in the screen's layout, takes the theme's colours, and says what was pressed with
`on_key(key)`; the screen decides what a key does to its text field.
"""

from __future__ import annotations

from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.app import theme
from kiosk.core import keyboard as layouts

theme.load_kv(__file__)


class KeyButton(ButtonBehavior, Label):
    """One key; see keyboard.kv for its look."""

    key = ObjectProperty(None, allownone=True)
    """The kiosk.core.keyboard.Key it stands for."""

    board = ObjectProperty(None, allownone=True)
    """The keyboard it belongs to, whose `unit` sets the key's width."""

    label = StringProperty("")
    """The keycap's text as the layout gives it: shown as it is, or translated."""

    translate = BooleanProperty(False)
    """True if `label` is a message for the translator (Space, Backspace)."""

    special = BooleanProperty(False)
    """True for a key that does not type a letter: drawn outlined, its label in bold."""


class OnScreenKeyboard(BoxLayout):
    """Rows of keys; switches between Russian, English and digits by its own keys."""

    lang = StringProperty("ru")
    """The language of the letters on show: 'ru' or 'en'."""

    digits = BooleanProperty(False)
    """True while the digits page is up."""

    unit = NumericProperty(0)
    """The width of a letter key in pixels, from the keyboard's width and the widest row."""

    room = NumericProperty(0)
    """The most height the keyboard may take: its screen sets what it can spare."""

    row_height = NumericProperty(0)
    """A row of keys' height (keyboard.kv)."""

    key_font = NumericProperty(0)
    """The letters' font size: as large as the rows let them be."""

    full_height = NumericProperty(0)
    """The height that gives every row of keys TOUCH_MIN; the keyboard's usual height."""

    action = OptionProperty("find", options=layouts.ACTIONS)
    """What the action key says, and so what the screen does with it: "find" (the search:
    Find) or "close" (a form: Done, the keyboard folds away). See layouts.ACTION_KEYS."""

    __events__ = ("on_key",)

    def __init__(self, **kwargs):
        self.model = layouts.KeyboardState()  # which page is up
        super().__init__(**kwargs)
        self.model.action = self.action  # as the kv rule set it
        self.fbind("action", self._action_changed)
        self.fbind("width", self._update_unit)
        self.fbind("padding", self._update_unit)
        self.fbind("spacing", self._update_unit)
        # A keyboard made by a screen's kv rule gets its own rule's spacing after this
        # __init__: the rows built here follow it (a reset keeps them; with the spacing of
        # the moment, 0, the keys stood edge to edge).
        self.fbind("spacing", self._space_rows)
        self._update_unit()
        self._build()

    def set_language(self, lang: str) -> None:
        """Show `lang`'s letters (the UI language at the start of a visit)."""
        shown = (self.model.lang, self.model.digits)
        self.model.reset(lang)
        # Every reset asks; the keys on show hold nothing of the visitor's, so when they are
        # the ones asked for already they stay (a rebuild is some 40 buttons, 30 ms).
        if (self.model.lang, self.model.digits) != shown:
            self._build()

    def press(self, key: layouts.Key) -> None:
        """A key was touched: turn the page, or pass the key on with `on_key`."""
        passed = self.model.press(key)
        if passed is None:
            self._build()
        else:
            self.dispatch("on_key", passed)

    def on_key(self, key: layouts.Key) -> None:
        """Default handler: the screen binds its own."""

    def _action_changed(self, _board, action: str) -> None:
        self.model.action = action
        self._build()

    def keys(self) -> list[KeyButton]:
        """The key widgets on show, row by row."""
        return [key for row in reversed(self.children) for key in reversed(row.children)]

    def _update_unit(self, *_args) -> None:
        columns = layouts.KeyboardState.columns()
        left, _top, right, _bottom = self.padding
        inner = self.width - left - right - (columns - 1) * self.spacing
        self.unit = max(0, inner / columns)

    def _space_rows(self, *_args) -> None:
        for row in self.children:
            row.spacing = self.spacing

    def _build(self) -> None:
        from kivy.factory import Factory

        self.lang = self.model.lang
        self.digits = self.model.digits
        self.clear_widgets()
        for row in self.model.rows():
            line = Factory.KeyRow(spacing=self.spacing)  # the rows' gap, between keys too
            for key in row:
                button = KeyButton(
                    key=key,
                    board=self,
                    label=key.label,
                    translate=key.translate,
                    special=key.kind != layouts.CHAR,
                )
                button.bind(on_release=lambda b: self.press(b.key))
                line.add_widget(button)
            self.add_widget(line)
