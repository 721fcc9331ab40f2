"""The on-screen keyboard's action key says what it does where the keyboard is: Find on
the search screen, Done (the keyboard folds away) on a form."""

from __future__ import annotations

import pytest

from kiosk.core import keyboard as kb


def action_key(rows) -> kb.Key:
    (key,) = [key for row in rows for key in row if key.kind == kb.DONE]
    return key


@pytest.mark.parametrize("page", [kb.letter_page, kb.digit_page], ids=["letters", "digits"])
@pytest.mark.parametrize("action, label", [("find", "Найти"), ("close", "Готово")])
def test_every_page_has_the_action_key_of_its_use(page, action, label):
    key = action_key(page("ru", action))
    assert (key.label, key.translate) == (label, True)
    assert action_key(page("en")).label == "Найти"  # the search's, when nothing is said


def test_the_keyboard_keeps_its_action_across_pages_languages_and_a_reset():
    state = kb.KeyboardState("ru", action="close")
    for key in [k for row in state.rows() for k in row if k.kind in (kb.DIGITS, kb.LAYOUT)]:
        state.press(key)
        assert action_key(state.rows()).label == "Готово"
    state.reset("en")
    assert action_key(state.rows()).label == "Готово"
    assert state.press(action_key(state.rows())).kind == kb.DONE  # passed on to the screen


def test_the_action_keys_are_as_wide_so_no_key_moves():
    assert kb.FIND_KEY.width == kb.CLOSE_KEY.width
    assert kb.row_width(kb.bottom_row("ru", False, "close")) == kb.row_width(
        kb.bottom_row("ru", False, "find")
    )


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        kb.KeyboardState("ru", action="send")
