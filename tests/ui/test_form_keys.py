"""A keyboard attached to the terminal types into the request forms (issue 17).

Staff testing a terminal, and visitors who bring their own assistive keyboard, type on a
real keyboard. Its keys reach the app as SDL delivers them through Kivy's window: a key
down (passed on as `on_keyboard`, i.e. Escape is Back, only when nobody took it), the text
it typed as an event of its own (an emoji or an input method's text comes without any key),
and a key up; attached_keyboard.py dispatches exactly that on the real app's window. The
form's action key on the on-screen keyboard says Done and folds the keyboard away.
"""

from __future__ import annotations

import pytest
from attached_keyboard import BACKSPACE, ENTER, ESCAPE, SHIFT, TAB, press, text_only, type_keys
from test_request_forms import choose, open_form, opened, send

from kiosk.adapters.outbox import Outbox
from kiosk.app.headless import buttons, texts
from kiosk.core import keyboard as layouts
from kiosk.core.requests.kinds import TEXT_LIMIT


@pytest.fixture
def outbox(terminal_data):
    return Outbox(terminal_data)


def the_draft(kiosk) -> dict:
    return kiosk.app.controllers.requests.draft.fields


def test_an_attached_keyboard_types_into_the_form_and_tab_moves_on(kiosk, outbox):
    before = len(outbox.pending(limit=10_000))
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    topic = form.field("topic").input
    kiosk.tap(topic)
    type_keys(kiosk, "Пенсия")
    assert topic.text == "Пенсия" == the_draft(kiosk)["topic"]

    press(kiosk, TAB)  # past the choice of how to call, to the next text field
    name = form.field("name").input
    assert form.active is name and name.focus and not topic.focus and form.pad == "keys"
    type_keys(kiosk, "Анна")
    text_only(kiosk, " 👵🏽")  # non-BMP: an emoji and its skin tone, no key for either
    text_only(kiosk, "🇷🇺")
    press(kiosk, BACKSPACE)  # the flag's second half: one code point a key, as Kivy erases
    text_only(kiosk, "🇺")
    assert name.text == "Анна 👵🏽🇷🇺" == the_draft(kiosk)["name"]

    press(kiosk, TAB)
    phone = form.field("phone").input
    assert form.active is phone and form.pad == "digits"
    type_keys(kiosk, "+7 (342) 123-45-6")  # the mask has the +7: a 7 typed is a digit
    assert phone.text == "+7 (734) 212-34-56"
    for _ in range(10):
        press(kiosk, BACKSPACE)  # a digit a key, with the mask's signs after it
    assert phone.text == ""
    type_keys(kiosk, "342 abc 123-45-67 999")  # letters and what is past the mask: nothing
    assert phone.text == "+7 (342) 123-45-67"
    press(kiosk, TAB)  # the last text field: Tab stays
    assert form.active is phone

    press(kiosk, TAB, modifiers=SHIFT)
    assert form.active is name
    choose(kiosk, form, "mode", "callback")
    choose(kiosk, form, "consent", True)
    send(kiosk, form)

    assert kiosk.screen.name == "request_sent"
    pending = outbox.pending(limit=10_000)
    assert len(pending) == before + 1
    fields = opened(pending[-1])["fields"]
    assert (fields["topic"], fields["name"], fields["phone"]) == (
        "Пенсия",
        "Анна 👵🏽🇷🇺",
        "+73421234567",
    )


def test_a_field_takes_no_more_than_its_limit_and_says_so(kiosk):
    kiosk.tap(kiosk.screen.ids.about_me)
    form = kiosk.screen
    help_field = form.field("help").input
    kiosk.tap(help_field)
    text_only(kiosk, "д" * (TEXT_LIMIT - 3))  # an input method may hand over a lot at once
    assert form.field("help").problem == ""
    type_keys(kiosk, "абвгд")
    assert help_field.text == "д" * (TEXT_LIMIT - 3) + "абв"
    assert len(the_draft(kiosk)["help"]) == TEXT_LIMIT
    said = form.field("help").problem
    assert said == f"Больше не поместится: здесь не больше {TEXT_LIMIT} символов"
    assert said in texts(form)  # beside the field, on the screen
    press(kiosk, BACKSPACE)
    assert form.field("help").problem == "" and len(help_field.text) == TEXT_LIMIT - 1
    press(kiosk, ENTER)  # a text of several lines takes a new line
    assert help_field.text.endswith("аб\n")


def test_the_on_screen_action_key_says_done_on_a_form_and_folds_the_keys_away(kiosk):
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    kiosk.tap(form.field("topic").input)
    (action,) = [k for k in buttons(form.ids.keyboard, "KeyButton") if k.key.kind == layouts.DONE]
    assert action.text == "Готово"
    kiosk.app.controllers.visit.set_language("en")
    kiosk.settle()
    kiosk.tap(form.field("topic").input)
    (action,) = [k for k in buttons(form.ids.keyboard, "KeyButton") if k.key.kind == layouts.DONE]
    assert action.text == "Done"
    kiosk.tap(action)
    assert form.pad == "" and form.active is None and kiosk.screen is form
    assert form.ids.keyboard.parent is None  # folded away, not only hidden
    type_keys(kiosk, "x")  # nothing is being typed in: the attached keyboard types nothing
    assert "topic" not in the_draft(kiosk)

    kiosk.app.controllers.navigator.open("search")
    kiosk.settle()
    search = kiosk.screen
    (find,) = [k for k in buttons(search.ids.keyboard, "KeyButton") if k.key.kind == layouts.DONE]
    assert find.text == "Search"  # the search keeps its own ("Найти")


def test_escape_folds_the_keys_away_then_is_back(kiosk):
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    kiosk.tap(form.field("topic").input)
    type_keys(kiosk, "жильё")
    press(kiosk, ESCAPE)
    assert kiosk.screen is form and form.pad == "" and form.active is None
    assert the_draft(kiosk)["topic"] == "жильё"  # nothing lost by the first Escape
    press(kiosk, ESCAPE)
    assert kiosk.screen.name == "agency"
    assert kiosk.app.controllers.requests.draft is None


def test_after_a_form_the_search_field_takes_the_attached_keyboard_again(kiosk):
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    kiosk.tap(form.field("topic").input)
    type_keys(kiosk, "жильё")
    kiosk.app.controllers.navigator.open("search")  # straight on, the form's field typed in
    kiosk.settle()
    search = kiosk.screen
    type_keys(kiosk, "пенсия")
    assert search.ids.field.text == "пенсия"
    assert form.active is None
    kiosk.tap(kiosk.app.root.ids.nav.ids.home)
    kiosk.tap(kiosk.screen.ids.about_me)
    form = kiosk.screen
    kiosk.tap(form.field("name").input)
    type_keys(kiosk, "Ира")
    assert form.field("name").input.text == "Ира"
    assert search.ids.field.text == "пенсия"  # kept for Back, and nothing more typed into it
