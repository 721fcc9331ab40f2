"""The on-screen keyboard's layouts: every letter once, the keys a visitor needs, the pages."""

from __future__ import annotations

from collections import Counter

import pytest

from kiosk.core import keyboard as kb

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
ENGLISH = "abcdefghijklmnopqrstuvwxyz"


def typed(rows) -> Counter:
    return Counter(key.text for row in rows for key in row if key.kind == kb.CHAR)


def kinds(rows) -> Counter:
    return Counter(key.kind for row in rows for key in row)


@pytest.mark.parametrize("lang, alphabet", [("ru", RUSSIAN), ("en", ENGLISH)])
def test_every_letter_of_the_alphabet_is_on_its_layout_exactly_once(lang, alphabet):
    letters = typed(kb.letter_page(lang))
    del letters["-"]
    assert len(alphabet) == len(set(alphabet))
    assert letters == Counter(alphabet)


def test_russian_rows_are_those_of_a_russian_keyboard_with_yo_at_the_end_of_the_top_row():
    top, middle, bottom, _ = ("".join(k.text for k in row) for row in kb.letter_page("ru"))
    assert top == "йцукенгшщзхъё"
    assert middle == "фывапролджэ"
    assert bottom == "ячсмитьбю"


def test_english_rows_are_qwerty():
    rows = ["".join(k.text for k in row if k.kind == kb.CHAR) for row in kb.letter_page("en")]
    assert rows[:3] == ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_letter_keys_show_capitals_and_type_small_letters(lang):
    for row in kb.letter_page(lang)[:3]:
        for key in row:
            if key.kind == kb.CHAR:
                assert key.label == key.text.upper() and key.text == key.text.lower()


@pytest.mark.parametrize("page", [kb.letter_page, kb.digit_page], ids=["letters", "digits"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_has_backspace_space_hyphen_and_both_switches(page, lang):
    rows = page(lang)
    assert kinds(rows)[kb.BACKSPACE] == 1
    assert kinds(rows)[kb.SPACE] == 1
    assert kinds(rows)[kb.LAYOUT] == 1
    assert kinds(rows)[kb.DIGITS] == 1
    assert typed(rows)["-"] == 1


def test_backspace_is_in_the_same_place_on_letters_and_digits():
    def place(rows):
        return next((i, row[-1].kind) for i, row in enumerate(rows) if row[-1].kind == kb.BACKSPACE)

    assert place(kb.letter_page("ru")) == place(kb.digit_page("ru")) == place(kb.letter_page("en"))


def test_digit_page_has_every_digit_once():
    digits = typed(kb.digit_page("ru"))
    assert all(digits[d] == 1 for d in "0123456789")


@pytest.mark.parametrize("lang, label", [("ru", "English"), ("en", "Русский")])
def test_layout_key_names_the_other_language_in_that_language(lang, label):
    layout = next(k for row in kb.letter_page(lang) for k in row if k.kind == kb.LAYOUT)
    assert layout.label == label and not layout.translate


def test_keys_that_need_translation_are_marked_and_others_are_not():
    keys = {k.kind: k for row in kb.letter_page("ru") for k in row}
    assert keys[kb.SPACE].translate and keys[kb.BACKSPACE].translate
    assert not keys[kb.CHAR].translate and not keys[kb.DIGITS].translate


def test_no_row_is_wider_than_the_keyboard():
    columns = kb.KeyboardState.columns()
    for lang in kb.LANGUAGES:
        for rows in (kb.letter_page(lang), kb.digit_page(lang)):
            assert all(kb.row_width(row) <= columns for row in rows)
    assert columns == 13  # the Russian top row, with Ё


def test_layout_key_switches_language_and_is_not_typed():
    state = kb.KeyboardState("ru")
    layout = next(k for row in state.rows() for k in row if k.kind == kb.LAYOUT)
    assert state.press(layout) is None
    assert state.lang == "en"
    assert typed(state.rows())["q"] == 1


def test_digits_key_turns_the_page_and_back():
    state = kb.KeyboardState("en")
    digits = next(k for row in state.rows() for k in row if k.kind == kb.DIGITS)
    assert state.press(digits) is None and state.digits
    assert typed(state.rows())["7"] == 1
    letters = next(k for row in state.rows() for k in row if k.kind == kb.DIGITS)
    assert letters.label == "ABC"
    state.press(letters)
    assert not state.digits and state.lang == "en"


def test_switching_language_from_the_digits_page_shows_letters():
    state = kb.KeyboardState("ru")
    state.digits = True
    layout = next(k for row in state.rows() for k in row if k.kind == kb.LAYOUT)
    state.press(layout)
    assert state.lang == "en" and not state.digits


@pytest.mark.parametrize("kind", [kb.CHAR, kb.SPACE, kb.BACKSPACE])
def test_typing_keys_are_passed_on(kind):
    state = kb.KeyboardState("ru")
    key = next(k for row in state.rows() for k in row if k.kind == kind)
    assert state.press(key) is key


def test_reset_returns_to_the_letters_of_the_given_language():
    state = kb.KeyboardState("en")
    state.digits = True
    state.reset("ru")
    assert state.lang == "ru" and not state.digits
    state.reset("xx")
    assert state.lang == "ru"
