"""A keyboard attached to the terminal, as SDL delivers its keys through Kivy's window.

For each key Kivy's SDL window (kivy/core/window/window_sdl2.py) dispatches `on_key_down`,
then `on_keyboard` only when nobody took the key down (that is how Escape becomes Back),
the text the key typed as an `on_textinput` of its own, and `on_key_up`. An emoji, or a
word from an input method or an assistive keyboard, comes as `on_textinput` alone.
"""

from __future__ import annotations

BACKSPACE, TAB, ENTER, ESCAPE = 8, 9, 13, 27
SHIFT = ["shift"]


def press(kiosk, key: int, text: str = "", modifiers=()) -> None:
    """One key: down, the text it typed, up."""
    window, modifiers = kiosk.window, list(modifiers)
    if not window.dispatch("on_key_down", key, 0, text or None, modifiers):
        window.dispatch("on_keyboard", key, 0, text or None, modifiers)
    if text:
        window.dispatch("on_textinput", text)
    window.dispatch("on_key_up", key, 0)
    kiosk.frames(1)


def type_keys(kiosk, text: str) -> None:
    """`text` typed key by key; capitals with Shift."""
    for char in text:
        shift = SHIFT if char != char.lower() else []
        press(kiosk, ord(char.lower()), char, shift)


def text_only(kiosk, text: str) -> None:
    """Text that comes without a key: an emoji, an input method's word."""
    kiosk.window.dispatch("on_textinput", text)
    kiosk.frames(1)
