"""The benefit finder by touches: from Home, one question per screen, to the result.

Each test is a new visitor on the home screen (tests/ui/conftest.py). The answers are
given by tapping the answer buttons; "skip" is the "Пропустить / не знаю" button.
"""

from __future__ import annotations

import pytest

MOTHER_OF_THREE = {
    "sex": "female", "age": 34, "lives_in_region": True, "household": 4, "income": 40000,
    "children": 3, "youngest_child_months": 48, "pregnant": False, "employment": "works",
    "pensioner": False, "disability_group": 0, "child_disability": False, "veteran": False,
}  # fmt: skip
"""The first household of issue 18; a fact it lacks is skipped."""

MAN_75 = {
    "sex": "male", "age": 75, "lives_in_region": True, "household": 2, "income": 50000,
    "pensioner": True, "employment": "not_working", "children": 0, "disability_group": 0,
    "veteran": False, "labour_veteran": False, "needs_care": False, "long_work_record": True,
}  # fmt: skip


@pytest.fixture(scope="module")
def pack(demo_pack):
    from content.pack.reader import open_pack

    with open_pack(demo_pack) as pack:
        yield pack


def answer_chips(kiosk):
    from kiosk.app.headless import buttons

    return buttons(kiosk.screen, "AnswerChip")


def fact_asked(kiosk) -> str:
    return kiosk.screen.fact


def open_finder(kiosk) -> None:
    kiosk.tap(kiosk.screen.ids.finder)
    assert kiosk.screen.name == "finder"


def tap_answer(kiosk, label: str) -> None:
    (chip,) = [c for c in answer_chips(kiosk) if c.text == label]
    kiosk.tap(chip)


def tap_value(kiosk, value) -> None:
    """Tap the button whose answer holds `value` (a number inside a group's span counts)."""
    from content.rules import Span

    options = kiosk.screen.question_on_show.options
    fits = [
        i for i, o in enumerate(options)
        if (value in o.value if isinstance(o.value, Span) and type(value) is int
            else type(o.value) is type(value) and o.value == value)
    ]  # fmt: skip
    kiosk.tap(list(reversed(kiosk.screen.ids.options.children))[fits[0]])


def walk_finder(kiosk, person: dict) -> list[str]:
    """Answer as `person` (fact -> value), skip the rest; the facts asked, in order."""
    open_finder(kiosk)
    asked = []
    while kiosk.screen.name == "finder":
        fact = fact_asked(kiosk)
        asked.append(fact)
        if person.get(fact) is not None:
            tap_value(kiosk, person[fact])
        else:
            kiosk.tap(kiosk.screen.ids.skip)
        assert len(asked) < 50, "the finder never ends"
    assert kiosk.screen.name == "finder_result"
    return asked


def rows(kiosk, group: str) -> dict[str, object]:
    """The result's rows in `group` ('yes', 'maybe' or 'no'): service id -> row."""
    children = reversed(kiosk.screen.ids[f"{group}_rows"].children)
    return {row.key: row for row in children if hasattr(row, "key")}  # not the "N more" note


def test_a_mother_of_three_is_told_what_fits_and_not_promised_the_baby_benefits(kiosk, pack):
    walk_finder(kiosk, MOTHER_OF_THREE)
    yes, maybe = rows(kiosk, "yes"), rows(kiosk, "maybe")
    assert {"large-family-status", "unified-child-allowance"} <= set(yes)
    assert "maternity-capital" in maybe  # has she had it already?
    found = set(yes) | set(maybe)
    assert not found & {"child-birth-grant", "childcare-allowance-under-1-5"}
    name = pack.service("large-family-status")["name"].ru
    assert yes["large-family-status"].title == name
    assert "Вы указали, что у вас 3 " in yes["large-family-status"].summary_markup
    allowance = yes["unified-child-allowance"].summary_markup
    assert "Доход на человека ниже прожиточного минимума (17\u00a0424 ₽)" in allowance
    assert "Размер:" in allowance and "Куда обращаться:" in allowance
    assert (
        "Уточните, получали ли вы материнский капитал" in maybe["maternity-capital"].summary_markup
    )


def test_a_man_of_75_is_not_asked_about_pregnancy_or_children_he_does_not_have(kiosk):
    asked = walk_finder(kiosk, MAN_75)
    assert "pregnant" not in asked and "youngest_child_months" not in asked
    assert "capital-repair-compensation" in rows(kiosk, "yes")
    assert "old-age-pension" not in rows(kiosk, "yes")  # he has his pension already


def test_why_not_shows_on_request_what_does_not_fit_and_the_answer_that_rules_it_out(kiosk):
    walk_finder(kiosk, MOTHER_OF_THREE)
    assert rows(kiosk, "no") == {} and kiosk.screen.ids.no_group.parent is None
    kiosk.tap(kiosk.screen.ids.why_not)
    grant = rows(kiosk, "no")["child-birth-grant"].summary_markup
    assert "Не подходит:" in grant
    assert "Вы указали возраст младшего ребёнка: от 1,5 до 7 лет" in grant
    assert "Обратиться — в течение 6 месяцев" in grant  # the condition, with its time limit
    assert kiosk.screen.ids.why_not_row.parent is None


def test_a_benefit_needing_a_skipped_answer_is_a_maybe_with_what_to_check(kiosk):
    walk_finder(kiosk, {"children": 3, "youngest_child_months": 48, "lives_in_region": True})
    maybe = rows(kiosk, "maybe")
    row = maybe["unified-child-allowance"].summary_markup
    assert "Вы указали, что у вас 3 " in row
    assert "Нужно уточнить:" in row
    assert "Уточните доход семьи и сколько в ней человек" in row
    assert "unified-child-allowance" not in rows(kiosk, "yes")
    assert "Возможно, подходит — нужно уточнить" in _shown_text(kiosk)


def test_skipping_everything_shows_only_maybes(kiosk):
    walk_finder(kiosk, {})
    assert rows(kiosk, "yes") == {} and rows(kiosk, "maybe")


def test_the_progress_line_counts_the_questions(kiosk):
    open_finder(kiosk)
    assert kiosk.screen.progress == "Вопрос 1"
    first = fact_asked(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    assert kiosk.screen.progress == "Вопрос 2" and fact_asked(kiosk) != first
    assert 0 < kiosk.screen.index < kiosk.screen.count


def test_the_income_question_offers_sums_cut_at_the_households_minimum(kiosk):
    open_finder(kiosk)
    while fact_asked(kiosk) != "household":
        kiosk.tap(kiosk.screen.ids.skip)
    tap_answer(kiosk, "4")
    while fact_asked(kiosk) != "income":
        kiosk.tap(kiosk.screen.ids.skip)
    assert kiosk.screen.question == "Какой общий доход вашей семьи в месяц?"
    assert "17\u00a0424 ₽ на человека" in kiosk.screen.hint
    assert [c.text for c in answer_chips(kiosk)] == [
        "меньше 59\u00a0940 ₽",
        "от 59\u00a0940 до 69\u00a0695 ₽",
        "69\u00a0696 ₽ и больше",
    ]


def test_yes_no_questions_offer_yes_and_no_and_a_skip(kiosk):
    open_finder(kiosk)
    assert fact_asked(kiosk) == "pensioner"  # the question that settles most benefits
    assert [c.text for c in answer_chips(kiosk)] == ["Да", "Нет"]
    assert kiosk.screen.ids.skip.text == "Пропустить / не знаю"


def test_back_to_the_previous_question_shows_the_answer_given(kiosk):
    open_finder(kiosk)
    previous = kiosk.screen.ids.previous
    assert previous.disabled and previous.opacity == 0  # nothing before the first question
    kiosk.tap(kiosk.screen.ids.skip)
    second = fact_asked(kiosk)
    tap_value(kiosk, MOTHER_OF_THREE[second])
    assert not previous.disabled
    kiosk.tap(previous)
    assert fact_asked(kiosk) == second
    assert len([c for c in answer_chips(kiosk) if c.state == "down"]) == 1
    kiosk.tap(kiosk.screen.ids.skip)  # a changed answer replaces the old one
    assert kiosk.app.controllers.visit.data.finder_answers == {"pensioner": None, second: None}


def test_the_bottom_bar_back_leaves_the_finder(kiosk):
    open_finder(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    kiosk.tap(kiosk.app.root.ids.nav.ids.back)
    assert kiosk.screen.name == "home"


def test_opening_the_finder_again_from_home_starts_a_new_run(kiosk):
    open_finder(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    tap_answer(kiosk, answer_chips(kiosk)[0].text)
    kiosk.tap(kiosk.app.root.ids.nav.ids.home)
    open_finder(kiosk)
    assert kiosk.screen.index == 0 and kiosk.app.controllers.visit.data.finder_answers == {}
    assert kiosk.screen.progress == "Вопрос 1"


def test_language_switch_redraws_the_same_question_in_english_and_back(kiosk):
    from content.presentation.i18n import translator

    en = translator("en").gettext
    open_finder(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    fact = fact_asked(kiosk)
    question = kiosk.screen.question_on_show
    kiosk.app.controllers.visit.set_language("en")
    kiosk.frames()
    assert kiosk.screen.name == "finder" and fact_asked(kiosk) == fact
    assert kiosk.screen.question == en(question.text)
    assert kiosk.screen.progress == en("Вопрос {n}").format(n=2)
    assert kiosk.screen.ids.skip.text == en("Пропустить / не знаю")
    assert kiosk.app.controllers.visit.data.finder_answers == {"pensioner": None}
    kiosk.app.controllers.visit.set_language("ru")
    kiosk.frames()
    assert kiosk.screen.question == question.text


def test_reset_wipes_the_answers_and_the_finder_starts_at_question_one(kiosk):
    walk_finder(kiosk, {"children": 3})
    kiosk.app.controllers.visit.reset()
    assert kiosk.app.controllers.visit.data.finder_answers == {}
    kiosk.frames()
    kiosk.start_session()
    open_finder(kiosk)
    assert kiosk.screen.index == 0 and kiosk.screen.progress == "Вопрос 1"
    assert not any(c.state == "down" for c in answer_chips(kiosk))


def test_back_from_the_result_returns_to_the_last_question_with_its_answer(kiosk):
    asked = walk_finder(kiosk, MAN_75)
    kiosk.tap(kiosk.app.root.ids.nav.ids.back)
    assert kiosk.screen.name == "finder" and fact_asked(kiosk) == asked[-1]
    assert len(kiosk.app.controllers.visit.data.finder_answers) == len(asked) - 1


def test_a_result_row_opens_the_service_and_back_returns_to_the_result(kiosk):
    walk_finder(kiosk, MOTHER_OF_THREE)
    kiosk.tap(rows(kiosk, "yes")["large-family-status"])
    assert kiosk.screen.name == "service" and kiosk.screen.key == "large-family-status"
    kiosk.tap(kiosk.app.root.ids.nav.ids.back)
    assert kiosk.screen.name == "finder_result"
    assert "large-family-status" in rows(kiosk, "yes")


def test_add_all_puts_each_probable_benefit_on_my_list_once(kiosk):
    walk_finder(kiosk, MOTHER_OF_THREE)
    yes = list(rows(kiosk, "yes"))
    kiosk.app.controllers.printing.toggle("service", yes[0])  # one is on the list already
    kiosk.tap(kiosk.screen.ids.add_all)
    my_list = kiosk.app.controllers.visit.data.my_list
    assert all(("service", sid) in my_list for sid in yes)
    assert kiosk.app.my_list_count == len(yes) == len(my_list)
    assert kiosk.screen.ids.add_all.disabled
    kiosk.tap(kiosk.screen.ids.add_all)  # disabled: nothing changes
    assert kiosk.app.my_list_count == len(yes)


def test_add_all_adds_the_probable_benefits_on_show_not_those_cut_off(kiosk, monkeypatch):
    from kiosk.app.screens import finder_result

    monkeypatch.setattr(finder_result, "MAX_PER_GROUP", 1)  # the demo finds a few, not 1000s
    walk_finder(kiosk, MOTHER_OF_THREE)
    shown = list(rows(kiosk, "yes"))
    assert len(shown) == 1 and "И ещё" in _shown_text(kiosk)
    kiosk.tap(kiosk.screen.ids.add_all)
    assert list(kiosk.app.controllers.visit.data.my_list) == [("service", shown[0])]
    assert kiosk.screen.ids.add_all.disabled


def test_start_over_clears_the_answers_and_asks_the_first_question(kiosk):
    walk_finder(kiosk, {"children": 3})
    kiosk.tap(kiosk.screen.ids.start_over)
    assert kiosk.screen.name == "finder" and kiosk.screen.index == 0
    assert kiosk.app.controllers.visit.data.finder_answers == {}
    kiosk.tap(kiosk.app.root.ids.nav.ids.back)
    assert kiosk.screen.name == "home"


NOTHING_FITS = {
    "sex": "male", "age": 15, "lives_in_region": False, "household": 3, "income": 300000,
    "children": 0, "employment": "works", "pensioner": False, "disability_group": 0,
    "veteran": False, "labour_veteran": False, "needs_care": False, "needs_housing": False,
    "housing_costs_high": False, "print_disability": False,
}  # fmt: skip


def test_when_nothing_fits_the_result_says_so_and_offers_categories_and_agencies(kiosk):
    walk_finder(kiosk, NOTHING_FITS)
    assert rows(kiosk, "yes") == {} and rows(kiosk, "maybe") == {}
    assert "мы не нашли подходящих льгот" in _shown_text(kiosk)
    assert kiosk.screen.ids.add_all.parent is None  # nothing to add
    kiosk.tap(kiosk.screen.ids.agencies)
    assert kiosk.screen.name == "agencies"


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("where", ["question", "result", "why-not"])
def test_text_fits_its_box_and_targets_are_large(kiosk, where, large_text):
    from kiosk.app.theme import T

    T.large_text = large_text
    try:
        if where == "question":
            open_finder(kiosk)
            kiosk.tap(kiosk.screen.ids.skip)
        else:
            walk_finder(kiosk, MOTHER_OF_THREE)
            if where == "why-not":
                kiosk.tap(kiosk.screen.ids.why_not)
        kiosk.frames(5)
        _assert_text_fits_and_targets_are_large(kiosk.screen)
    finally:
        T.large_text = False


def _assert_text_fits_and_targets_are_large(screen):
    from kivy.metrics import dp, sp
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    from kiosk.app.headless import walk

    for widget in walk(screen):
        if not _shown(widget, screen):
            continue
        if isinstance(widget, Label) and widget.text:
            tw, th = widget.texture_size
            assert tw <= widget.width + 1 and th <= widget.height + 1, widget.text[:60]
            assert widget.font_size >= sp(20), widget.text[:60]
        if isinstance(widget, ButtonBehavior):
            assert widget.height >= dp(48) and widget.width >= dp(48), widget
    answers = [w for w in walk(screen) if type(w).__name__ == "AnswerChip"]
    assert all(w.height >= dp(64) for w in answers)


def _shown(widget, screen) -> bool:
    """Visible to the visitor: some size, and neither it nor a parent on the screen hidden."""
    if widget.width <= 0 or widget.height <= 0:
        return False
    while widget is not screen:
        if widget.opacity == 0:
            return False
        widget = widget.parent
    return True


def _shown_text(kiosk) -> str:
    from kiosk.app.headless import texts

    return "\n".join(texts(kiosk.screen))
