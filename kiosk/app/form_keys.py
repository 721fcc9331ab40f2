"""The keys that type into the request form's field being typed in: the screen's own
keyboard and digit pad, and a keyboard attached to the terminal (staff, a visitor's own
assistive keyboard). While a field is typed in, the screen holds the window's keyboard and
hands its keys to that field, through the same door as the screen's own keys, so the
field's limits hold either way. Tab moves to the next text field, Escape folds the keyboard
away as Done does (a second Escape is Back)."""

from __future__ import annotations

from kiosk.core import keyboard as layouts


class FormKeys:
    """What RequestFormScreen does with keys. The screen has `active` (the field being typed
    in, or None), `pad`, `step(by)`, `close_pad()` and `_unfocus()`, and sets `_keys` to
    None when it is made."""

    def type_key(self, key: layouts.Key) -> None:
        """A key of the on-screen keyboard: into the field being typed."""
        field = self.active
        if field is None:
            return
        if key.kind == layouts.DONE:
            self._unfocus()
            self.pad = ""
            return
        if key.kind == layouts.BACKSPACE:
            field.do_backspace()
        elif key.text:
            field.insert_text(key.text)
        field.focus = True

    def type_digit(self, digit: str) -> None:
        """A key of the digit pad: the phone's digits, shown in the +7 mask."""
        field = self.active
        if field is None:
            return
        if digit == "<":
            field.erase_digit()
        else:
            field.type_digits(digit)
        field.focus = True

    def _hold_keys(self) -> None:
        """Take the window's keyboard, for the field being typed in (once: a widget that
        asks for it again is told first that it lost it)."""
        if self._keys is not None:
            return
        from kivy.core.window import Window

        keys = Window.request_keyboard(self._keys_taken, self)
        keys.bind(on_key_down=self._key_down, on_textinput=self._text_typed)
        self._keys = keys

    def _keys_taken(self) -> None:
        """Kivy's word that the keyboard went (to another widget, or given back): let go."""
        keys, self._keys = self._keys, None
        if keys is not None:
            keys.unbind(on_key_down=self._key_down, on_textinput=self._text_typed)

    def _let_go_keys(self) -> None:
        keys = self._keys
        if keys is not None:
            self._keys_taken()
            keys.release()

    def _key_down(self, keyboard, keycode, text, modifiers) -> bool:
        """A key pressed: Tab and Escape are the form's, the rest the field's (Backspace,
        the arrows; shortcuts, which a SealedInput ignores). True: taken, not Back."""
        field = self.active
        if field is None:
            return False
        name, modifiers = keycode[1], set(modifiers)
        if name == "tab" and not modifiers & {"ctrl", "alt", "meta", "super", "compose"}:
            self.step(-1 if "shift" in modifiers else 1)
            return True
        if name == "escape":
            self.close_pad()
            return True
        return bool(field.keyboard_on_key_down(keyboard, keycode, text, modifiers))

    def _text_typed(self, keyboard, text: str) -> None:
        """What the key typed (SDL sends it apart from the key, an emoji or a character of
        an input method without a key at all): into the field, through its limits."""
        field = self.active
        if field is not None:
            field.keyboard_on_textinput(keyboard, text)
