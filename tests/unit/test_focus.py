"""The keypad focus (kiosk.core.focus): keys, moves, wrapping, and what is said at each step."""

from __future__ import annotations

import pytest

from kiosk.core.focus import (
    BACK,
    DOWN,
    ENTER,
    HELP,
    INSTRUCTIONS,
    TOGGLE,
    UP,
    Control,
    KeypadFocus,
)

SCREEN = [
    Control("search", "Поиск: напишите, что вы ищете", "field", value=""),
    Control("family", "Семьям с детьми", "tile"),
    Control("print", "Распечатать памятку"),
    Control("contrast", "Контраст", "toggle", state="off"),
]


def started(first: int = 0) -> KeypadFocus:
    focus = KeypadFocus()
    focus.start("Льготы и услуги", SCREEN, first)
    return focus


@pytest.mark.parametrize(
    ("key", "text", "command"),
    [
        ("up", "", UP),
        ("numpad8", "8", UP),
        ("down", "", DOWN),
        ("numpad2", "2", DOWN),
        ("enter", "", ENTER),
        ("numpadenter", "", ENTER),
        ("numpad5", "5", ENTER),
        ("backspace", "", BACK),
        ("escape", "", BACK),
        ("f1", "", HELP),
        ("h", "h", HELP),
        ("/", "?", HELP),
        ("f12", "", TOGGLE),
        ("a", "a", None),
        ("", "", None),
    ],
)
def test_keys_of_a_keyboard_and_a_keypad_mean_the_same_commands(key, text, command):
    assert KeypadFocus.command(key, text) == command


def test_starting_speaks_the_instructions_the_screen_and_the_first_control():
    focus = KeypadFocus()
    said = focus.start("Льготы и услуги", SCREEN, first=1)
    assert focus.active
    assert said.startswith(INSTRUCTIONS)
    assert "Экран «Льготы и услуги»." in said
    assert said.endswith("Раздел «Семьям с детьми», 2 из 4.")


def test_each_step_says_the_role_the_name_and_the_place_among_all():
    focus = started()
    assert focus.move(1) == "Раздел «Семьям с детьми», 2 из 4."
    assert focus.move(1) == "Кнопка «Распечатать памятку», 3 из 4."
    assert focus.move(-1) == "Раздел «Семьям с детьми», 2 из 4."


def test_a_field_says_what_is_written_or_that_it_is_empty():
    focus = started()
    assert focus.describe() == "Поле ввода «Поиск: напишите, что вы ищете», пусто, 1 из 4."
    focus.update([Control("search", "Поиск", "field", value="пенсия")])
    assert focus.describe() == "Поле ввода «Поиск», написано: пенсия, 1 из 1."


def test_a_switch_says_its_state():
    focus = started(first=3)
    assert focus.describe() == "Переключатель «Контраст», выключено, 4 из 4."


def test_past_the_last_control_the_focus_wraps_to_the_first_and_says_so():
    focus = started(first=3)
    said = focus.move(1)
    assert focus.index == 0
    assert said.startswith("Конец экрана, снова с начала. Поле ввода")


def test_before_the_first_control_the_focus_wraps_to_the_last_and_says_so():
    focus = started()
    said = focus.move(-1)
    assert focus.index == 3
    assert said.startswith("Начало экрана, переход в конец. Переключатель «Контраст»")


def test_a_list_taken_again_keeps_the_focus_on_the_same_control():
    focus = started(first=2)
    results = [Control("row", "Пенсия", "row")]
    focus.update(SCREEN[:1] + results + SCREEN[1:])  # a result came in above it
    assert focus.current.key == "print"
    assert focus.describe().endswith("4 из 5.")


def test_when_the_focused_control_goes_the_focus_stays_where_it_was():
    focus = started(first=3)
    focus.update(SCREEN[:2])
    assert focus.current.key == "family"


def test_a_new_screen_is_named_and_its_first_own_control_focused():
    focus = started()
    said = focus.show_screen("Семьям с детьми", SCREEN[1:], first=1)
    assert said == "Экран «Семьям с детьми». Кнопка «Распечатать памятку», 2 из 3."


def test_a_screen_with_nothing_to_press_says_so_and_moves_nowhere():
    focus = started()
    assert focus.show_screen("", [], 0) == "Новый экран. На этом экране нечего выбрать."
    assert focus.index is None
    assert focus.move(1) == "На этом экране нечего выбрать."


def test_help_repeats_the_instructions_and_says_where_the_focus_is():
    focus = started(first=2)
    said = focus.help("Льготы и услуги")
    assert said.startswith(INSTRUCTIONS)
    assert said.endswith("Экран «Льготы и услуги». Кнопка «Распечатать памятку», 3 из 4.")


def test_a_field_leads_to_the_keyboard_and_each_key_says_what_is_written():
    focus = started()
    keys = [Control("й", "Й", "key"), Control("ц", "Ц", "key")]
    focus.update(SCREEN + keys)
    said = focus.keyboard("й")
    assert said.startswith("Клавиатура.")
    assert said.endswith("Клавиша «Й», 5 из 6.")
    assert focus.typed("пе") == "Написано: пе"
    assert focus.typed("") == "Поле пусто."


def test_stopping_forgets_the_screen_and_says_the_mode_is_off():
    focus = started(first=2)
    assert focus.stop() == "Управление клавишами выключено."
    assert not focus.active
    assert focus.current is None


def test_what_is_said_goes_through_the_translator():
    english = {
        "{role} «{label}»": "{role} “{label}”",
        "Кнопка": "Button",
        "{position} из {total}": "{position} of {total}",
    }
    focus = KeypadFocus(gettext=lambda text: english.get(text, text))
    focus.start("Home", [Control("print", "Print the leaflet")])
    assert focus.describe() == "Button “Print the leaflet”, 1 of 1."
