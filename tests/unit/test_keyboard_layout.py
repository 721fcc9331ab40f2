"""The other keyboard layout (content.textnorm.other_layout): a word typed with ЙЦУКЕН
active when QWERTY was meant, or the other way round, read back as its keys meant it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.textnorm import other_layout


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("gtycbz", "пенсия"),
        ("GTYCBZ", "ПЕНСИЯ"),
        ("gjcj,bt yf ht,tyrf", "пособие на ребенка"),  # the comma is the key of б
        (".hbcn", "юрист"),  # the full stop is the key of ю
        (";bkmt", "жилье"),  # the semicolon is the key of ж
        ("`krf", "ёлка"),
        ("{jkjl", "Холод"),
        ("зутышщт", "pension"),
        ("сршдв фддщцфтсу", "child allowance"),
        ("вшыфишдшен", "disability"),
        ("2026 gtycbz", "2026 пенсия"),
    ],
)
def test_a_word_typed_in_the_other_layout_is_read_as_meant(typed, meant):
    assert other_layout(typed) == meant


@pytest.mark.parametrize("mixed", ["пенсия pension", "МФЦ Perm", "ёж x"])
def test_text_in_both_scripts_is_left_as_it_is(mixed):
    assert other_layout(mixed) == mixed


RU = "йцукенгшщзхъфывапролджэячсмитьбю"


@given(st.text(alphabet=RU + " ", max_size=40))
def test_russian_there_and_back_is_the_same_text(text):
    assert other_layout(other_layout(text)) == text


@given(st.text(max_size=60))
def test_any_text_is_converted_without_error(text):
    assert isinstance(other_layout(text), str)
