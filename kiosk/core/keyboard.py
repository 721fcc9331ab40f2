"""The on-screen keyboard as data: its layouts, its special keys, and what a press means.

Kivy-free, so the layouts can be checked letter by letter in a unit test; the widget that
draws them is kiosk/app/keyboard.py. Letter keys show capitals, as the keycaps of a real
keyboard do, and type small letters: the search does not care about case, and a capital on
the keycap is easier to read.

Three pages: Russian ЙЦУКЕН, English QWERTY, and digits with a little punctuation. Ё is at
the end of the top row (on a PC keyboard it hides beside 1, where nobody finds it). The
bottom row is the same on every page: digits/letters, the other language, space, hyphen,
and the action key, which says what it does where the keyboard is: Find on the search
screen, Done (the keyboard folds away) on a form.
"""

from __future__ import annotations

from dataclasses import dataclass

from content.presentation.i18n import N_

CHAR = "char"
"""Types its `text`."""
BACKSPACE = "backspace"
"""Deletes the character before the cursor."""
SPACE = "space"
"""Types a space."""
LAYOUT = "layout"
"""Switches Russian <-> English; handled by the keyboard itself."""
DIGITS = "digits"
"""Switches letters <-> digits; handled by the keyboard itself."""
DONE = "done"
"""Typing is over: the action key. The search shows what was found, a form folds the
keyboard away; the key's label (ACTION_KEYS) says which."""

LANGUAGES = ("ru", "en")

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
"""Each language in its own name: the layout key says where it leads, readable to those who
need it, so it is not translated."""


@dataclass(frozen=True)
class Key:
    kind: str
    """CHAR, BACKSPACE, SPACE, LAYOUT, DIGITS or DONE."""

    text: str = ""
    """What a CHAR key types."""

    label: str = ""
    """What the keycap shows; a Russian msgid for keys the UI translates (`translate`)."""

    width: float = 1.0
    """Width in letter-key widths."""

    translate: bool = False
    """True if `label` is a message for the UI's translator."""


def _letters(row: str) -> list[Key]:
    return [Key(CHAR, c, c.upper()) for c in row]


def _chars(row: str) -> list[Key]:
    return [Key(CHAR, c, c) for c in row]


# Roboto, the app's font, has no arrows (← ⌫) but has ‹, which the Back button uses too.
BACKSPACE_KEY = Key(BACKSPACE, label=N_("‹ Стереть"), width=2.5, translate=True)
SPACE_KEY = Key(SPACE, text=" ", label=N_("Пробел"), width=4.5, translate=True)
HYPHEN_KEY = Key(CHAR, "-", "-")
FIND_KEY = Key(DONE, label=N_("Найти"), width=2.5, translate=True)
CLOSE_KEY = Key(DONE, label=N_("Готово"), width=2.5, translate=True)

ACTIONS = ("find", "close")
ACTION_KEYS = {"find": FIND_KEY, "close": CLOSE_KEY}
"""The action key of each use: "find" on the search screen, "close" on a form. A form has
no Find: its key says Done and folds the keyboard away, as the phone's digit pad does; a
"Next" key would skip the choices between two text fields, which an elderly visitor then
misses."""

LETTER_ROWS = {
    "ru": ("йцукенгшщзхъё", "фывапролджэ", "ячсмитьбю"),
    "en": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
}
"""The letter rows of each language, top to bottom, as on the keyboard of a PC."""

DIGIT_ROWS = ("1234567890", ".,:;!?", "/№()+")


def letter_page(lang: str, action: str = "find") -> list[list[Key]]:
    """The rows of keys, top to bottom, of `lang`'s letters and the common bottom row."""
    top, middle, bottom = LETTER_ROWS[lang]
    rows = [_letters(top), _letters(middle), _letters(bottom) + [BACKSPACE_KEY]]
    return rows + [bottom_row(lang, digits=False, action=action)]


def digit_page(lang: str, action: str = "find") -> list[list[Key]]:
    """Digits and the punctuation of addresses and document numbers."""
    top, middle, bottom = DIGIT_ROWS
    rows = [_chars(top), _chars(middle), _chars(bottom) + [BACKSPACE_KEY]]
    return rows + [bottom_row(lang, digits=True, action=action)]


def bottom_row(lang: str, digits: bool, action: str = "find") -> list[Key]:
    """Digits or letters, the other language, space, hyphen, and the action key of
    `action` (ACTION_KEYS): the same on every page."""
    if digits:
        switch = Key(DIGITS, label="АБВ" if lang == "ru" else "ABC", width=2)
    else:
        switch = Key(DIGITS, label="123", width=2)
    other = Key(LAYOUT, label=LANGUAGE_NAMES[other_language(lang)], width=2.5)
    return [switch, other, SPACE_KEY, HYPHEN_KEY, ACTION_KEYS[action]]


def other_language(lang: str) -> str:
    """The layout the language key switches to."""
    return "en" if lang == "ru" else "ru"


def row_width(row: list[Key]) -> float:
    """A row's width in letter-key widths."""
    return sum(key.width for key in row)


class KeyboardState:
    """Which page is up; `press()` turns a key into what the text field should do."""

    def __init__(self, lang: str = "ru", action: str = "find"):
        if action not in ACTIONS:
            raise ValueError(f"no action key {action!r}")
        self.lang = lang if lang in LANGUAGES else LANGUAGES[0]
        self.digits = False
        self.action = action
        """What the action key says and does: "find" or "close" (ACTION_KEYS)."""

    def rows(self) -> list[list[Key]]:
        page = digit_page if self.digits else letter_page
        return page(self.lang, self.action)

    @staticmethod
    def columns() -> float:
        """The widest row of any page, so that no key changes size on a switch."""
        pages = [page(lang) for lang in LANGUAGES for page in (letter_page, digit_page)]
        return max(row_width(row) for rows in pages for row in rows)

    def press(self, key: Key) -> Key | None:
        """The key for the text field, or None for a key that changed the page."""
        if key.kind == LAYOUT:
            self.lang = other_language(self.lang)
            self.digits = False
            return None
        if key.kind == DIGITS:
            self.digits = not self.digits
            return None
        return key

    def reset(self, lang: str) -> None:
        """Back to `lang`'s letters, for the next visitor or a new UI language."""
        self.lang = lang if lang in LANGUAGES else LANGUAGES[0]
        self.digits = False
