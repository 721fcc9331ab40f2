"""The keypad focus (kiosk.core.focus): keys, moves, wrapping, and what is said at each step."""

from __future__ import annotations

import pytest

from kiosk.core.focus import (
    BACK,
    DOWN,
    ENTER,
    HELP,
    INSTRUCTIONS,
    KEYBOARD,
    LEFT,
    PADS,
    RIGHT,
    TOGGLE,
    UP,
    Control,
    KeypadFocus,
    starts,
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
        ("left", "", LEFT),
        ("numpad4", "4", LEFT),
        ("right", "", RIGHT),
        ("numpad6", "6", RIGHT),
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
    keys = [Control("й", "Й", "key", row=1), Control("ц", "Ц", "key", row=1)]
    focus.update(SCREEN + keys)
    said = focus.keyboard("й")
    assert said.startswith("Клавиатура.")
    assert said.endswith("Ряд 1 из 1: Й, Ц. Клавиша «Й», 1 из 2.")
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


# -- keys in rows: the on-screen keyboard and the digit pad ----------------------------------


def key_row(row: int, letters: str, first_x: float = 0) -> list[Control]:
    return [
        Control(letter, letter.upper(), "key", row=row, x=first_x + 10 * n)
        for n, letter in enumerate(letters)
    ]


FIELD = Control("field", "Поиск", "field", value="")
FIND = Control("find", "Найти", "key", row=3, x=40)
KEYS = key_row(1, "йцукен") + key_row(2, "фыва", first_x=5) + [*key_row(3, "яч", 2), FIND]
BELOW = Control("back", "Назад")
BOARD = [FIELD, *KEYS, BELOW]


def on_the_board(at: str) -> KeypadFocus:
    focus = KeypadFocus()
    focus.start("Поиск", BOARD)
    focus.focus(at)
    return focus


def test_down_from_a_field_enters_the_keys_at_the_first_key_and_says_the_row():
    focus = on_the_board("field")
    said = focus.vertical(1)
    assert focus.current.key == "й"
    assert said == "Ряд 1 из 3: Й, Ц, У, К, Е, Н. Клавиша «Й», 1 из 6."


def test_left_and_right_move_along_the_row_and_say_the_key_and_its_place_in_the_row():
    focus = on_the_board("у")
    assert focus.across(1) == "Клавиша «К», 4 из 6."
    assert focus.across(-1) == "Клавиша «У», 3 из 6."


def test_left_and_right_stop_at_the_ends_of_a_row_and_say_so():
    focus = on_the_board("н")
    assert focus.across(1) == "Конец ряда. Клавиша «Н», 6 из 6."
    assert focus.current.key == "н"
    focus.focus("ф")
    assert focus.across(-1) == "Начало ряда. Клавиша «Ф», 1 из 4."
    assert focus.current.key == "ф"


@pytest.mark.parametrize(
    ("start", "step", "lands", "row"),
    [
        ("у", 1, "ы", "Ряд 2 из 3: Ф, Ы, В, А."),  # у at 20, ы at 15: the nearest below
        ("н", 1, "а", "Ряд 2 из 3: Ф, Ы, В, А."),  # past the shorter row's end: its last
        ("в", 1, "ч", "Ряд 3 из 3: Я, Ч, Найти."),  # в at 25: ч at 12, Найти at 40
        ("а", 1, "find", "Ряд 3 из 3: Я, Ч, Найти."),  # а at 35
        ("ч", -1, "ы", "Ряд 2 из 3: Ф, Ы, В, А."),
        ("ф", -1, "й", "Ряд 1 из 3: Й, Ц, У, К, Е, Н."),
    ],
)
def test_up_and_down_go_to_the_nearest_key_of_the_row_above_or_below(start, step, lands, row):
    focus = on_the_board(start)
    said = focus.vertical(step)
    assert focus.current.key == lands
    assert said.startswith(row + " Клавиша «")


def test_up_from_the_top_row_and_down_from_the_bottom_row_leave_the_keys():
    focus = on_the_board("е")
    assert focus.vertical(-1) == "Поле ввода «Поиск», пусто, 1 из 15."
    focus.focus("find")
    assert focus.vertical(1) == "Кнопка «Назад», 15 из 15."


def test_up_from_below_enters_the_bottom_row_at_its_first_key():
    focus = on_the_board("back")
    said = focus.vertical(-1)
    assert focus.current.key == "я"
    assert said == "Ряд 3 из 3: Я, Ч, Найти. Клавиша «Я», 1 из 3."


def test_outside_the_keys_left_and_right_move_as_up_and_down():
    focus = started()
    assert focus.across(1) == "Раздел «Семьям с детьми», 2 из 4."
    assert focus.across(-1).startswith("Поле ввода")
    assert focus.vertical(1) == "Раздел «Семьям с детьми», 2 из 4."


def test_wrapping_round_the_screen_onto_the_keys_says_their_row():
    focus = KeypadFocus()
    focus.start("Поиск", [*KEYS, BELOW], first=len(KEYS))
    said = focus.vertical(1)
    assert said.startswith("Конец экрана, снова с начала. Ряд 1 из 3: Й,")
    assert focus.current.key == "й"


@pytest.mark.parametrize("pad", ["find", "close", "digits"])
def test_the_keys_coming_up_are_told_how_to_use_then_their_first_row(pad):
    focus = on_the_board("field")
    said = focus.keyboard("й", pad)
    assert PADS[pad] in said
    assert said.startswith(KEYBOARD) == (pad != "digits")
    assert said.endswith("Ряд 1 из 3: Й, Ц, У, К, Е, Н. Клавиша «Й», 1 из 6.")


def test_a_problem_told_beside_a_field_is_said_after_its_name_and_value():
    focus = KeypadFocus()
    field = Control("name", "Ваше имя", "field", value="", problem="Заполните это поле")
    focus.start("Форма", [field])
    assert focus.describe() == "Поле ввода «Ваше имя», пусто, ошибка: Заполните это поле, 1 из 1."


def test_a_choice_says_the_question_it_answers_then_its_problem_and_state():
    chip = Control(
        "mfc", "МФЦ", "choice", state="selected", note="Выберите организацию", problem="Нет"
    )
    focus = KeypadFocus()
    focus.start("Форма", [chip])
    assert focus.describe() == (
        "Вариант ответа «МФЦ», Выберите организацию, ошибка: Нет, выбрано, 1 из 1."
    )


def test_only_f1_and_f12_start_the_mode_so_typing_h_or_a_question_mark_types_them():
    assert starts("f1") and starts("f12")
    assert not starts("h") and not starts("?") and not starts("numpad5") and not starts("up")
    # Once it is on, 'h' and '?' ask for help.
    assert KeypadFocus.command("h") == HELP and KeypadFocus.command("", "?") == HELP
