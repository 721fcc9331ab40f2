"""The benefit finder by touches: from Home, one question per screen, to the result.

Each test is a new visitor on the home screen (tests/ui/conftest.py). The answers are
given by tapping the answer buttons; "skip" is the "Пропустить / не знаю" button.
"""

from __future__ import annotations

import pytest

CHILD_BENEFITS = {
    "child-birth-grant",
    "childcare-allowance-under-1-5",
    "large-family-status",
    "maternity-benefit",
    "maternity-capital",
    "unified-child-allowance",
}
"""The demo services whose rules ask about children or pregnancy."""


@pytest.fixture(scope="module")
def pack(demo_pack):
    from content.pack.reader import open_pack

    with open_pack(demo_pack) as pack:
        yield pack


@pytest.fixture(scope="module")
def demo_questions(pack):
    from kiosk.core.finder import districts_from_pack, questions_for, rules_from_pack

    return questions_for([rule for _, rule in rules_from_pack(pack)], districts_from_pack(pack))


def answer_chips(kiosk):
    from kiosk.app.headless import buttons

    return buttons(kiosk.screen, "AnswerChip")


def fact_asked(kiosk) -> str:
    screen = kiosk.screen
    return screen.questions[screen.index].fact


def open_finder(kiosk) -> None:
    kiosk.tap(kiosk.screen.ids.finder)
    assert kiosk.screen.name == "finder"


def tap_answer(kiosk, label: str) -> None:
    (chip,) = [c for c in answer_chips(kiosk) if c.text == label]
    kiosk.tap(chip)


def walk_finder(kiosk, answers: dict[str, str]) -> list[str]:
    """Answer by label the facts in `answers`, skip the rest; the facts asked, in order."""
    open_finder(kiosk)
    asked = []
    while kiosk.screen.name == "finder":
        fact = fact_asked(kiosk)
        asked.append(fact)
        if fact in answers:
            tap_answer(kiosk, answers[fact])
        else:
            kiosk.tap(kiosk.screen.ids.skip)
        assert len(asked) < 50, "the finder never ends"
    assert kiosk.screen.name == "finder_result"
    return asked


def rows(kiosk, group: str) -> dict[str, object]:
    """The result's rows in `group` ('yes' or 'maybe'): service id -> row."""
    children = reversed(kiosk.screen.ids[f"{group}_rows"].children)
    return {row.key: row for row in children if hasattr(row, "key")}  # not the "N more" note


def test_three_children_find_the_large_family_status_with_the_children_as_reason(
    kiosk, demo_questions, pack
):
    asked = walk_finder(kiosk, {"children": "3"})
    assert asked == [q.fact for q in demo_questions]
    assert kiosk.app.controllers.visit.data.finder_answers == {
        fact: 3 if fact == "children" else None for fact in asked
    }
    yes = rows(kiosk, "yes")
    assert "large-family-status" in yes
    name = pack.service("large-family-status")["name"].ru
    assert yes["large-family-status"].title == name
    assert "Вы указали, что у вас 3 " in yes["large-family-status"].summary_markup


def test_a_benefit_needing_a_skipped_answer_is_a_maybe_with_what_to_check(kiosk):
    walk_finder(kiosk, {"children": "3"})
    maybe = rows(kiosk, "maybe")
    # unified-child-allowance needs the children (answered) and a low income (skipped).
    row = maybe["unified-child-allowance"].summary_markup
    assert "Вы указали, что у вас 3 " in row
    assert "Нужно уточнить:" in row
    assert "Уточните, ниже ли доход семьи прожиточного минимума" in row
    assert "unified-child-allowance" not in rows(kiosk, "yes")
    assert "Возможно, подходит — нужно уточнить" in _shown_text(kiosk)


def test_no_children_and_not_expecting_remove_the_child_benefits(kiosk):
    walk_finder(kiosk, {"children": "Нет", "pregnant": "Нет"})
    found = set(rows(kiosk, "yes")) | set(rows(kiosk, "maybe"))
    assert found, "the other benefits still show as maybes"
    assert not found & CHILD_BENEFITS


def test_skipping_everything_shows_only_maybes(kiosk, demo_questions):
    asked = walk_finder(kiosk, {})
    assert len(asked) == len(demo_questions)
    assert rows(kiosk, "yes") == {} and rows(kiosk, "maybe")


def test_the_progress_line_counts_the_questions(kiosk, demo_questions):
    open_finder(kiosk)
    total = len(demo_questions)
    assert kiosk.screen.progress == f"Вопрос 1 из {total}"
    kiosk.tap(kiosk.screen.ids.skip)
    assert kiosk.screen.progress == f"Вопрос 2 из {total}"
    assert kiosk.screen.question == "Есть ли у вас дети до 18 лет?"
    assert kiosk.screen.hint.startswith("Если есть — сколько.")
    assert [c.text for c in answer_chips(kiosk)] == ["Нет", "1", "2", "3", "4 и больше"]


def test_yes_no_questions_offer_yes_and_no_and_a_skip(kiosk):
    open_finder(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    tap_answer(kiosk, "2")
    assert fact_asked(kiosk) == "pregnant"
    assert [c.text for c in answer_chips(kiosk)] == ["Да", "Нет"]
    assert kiosk.screen.ids.skip.text == "Пропустить / не знаю"


def test_back_to_the_previous_question_shows_the_answer_given(kiosk):
    open_finder(kiosk)
    previous = kiosk.screen.ids.previous
    assert previous.disabled and previous.opacity == 0  # nothing before the first question
    kiosk.tap(kiosk.screen.ids.skip)
    tap_answer(kiosk, "3")
    assert fact_asked(kiosk) == "pregnant" and not previous.disabled
    kiosk.tap(previous)
    assert fact_asked(kiosk) == "children"
    assert [c.text for c in answer_chips(kiosk) if c.state == "down"] == ["3"]
    tap_answer(kiosk, "1")  # a changed answer replaces the old one
    assert kiosk.app.controllers.visit.data.finder_answers == {"age": None, "children": 1}


def test_the_bottom_bar_back_leaves_the_finder(kiosk):
    open_finder(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    kiosk.tap(kiosk.app.root.ids.nav.ids.back)
    assert kiosk.screen.name == "home"


def test_opening_the_finder_again_from_home_starts_a_new_run(kiosk):
    open_finder(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    tap_answer(kiosk, "3")
    kiosk.tap(kiosk.app.root.ids.nav.ids.home)
    open_finder(kiosk)
    assert kiosk.screen.index == 0 and kiosk.app.controllers.visit.data.finder_answers == {}
    assert kiosk.screen.progress.startswith("Вопрос 1 из ")


def test_language_switch_redraws_the_same_question_in_english_and_back(kiosk, demo_questions):
    from content.presentation.i18n import translator

    en = translator("en").gettext
    open_finder(kiosk)
    kiosk.tap(kiosk.screen.ids.skip)
    kiosk.app.controllers.visit.set_language("en")
    kiosk.frames()
    assert kiosk.screen.name == "finder" and fact_asked(kiosk) == "children"
    assert kiosk.screen.question == "Do you have children under 18?"
    assert kiosk.screen.hint == en(demo_questions[1].hint)
    assert kiosk.screen.progress == en("Вопрос {n} из {total}").format(
        n=2, total=len(demo_questions)
    )
    assert [c.text for c in answer_chips(kiosk)][0] == "No"
    assert kiosk.screen.ids.skip.text == en("Пропустить / не знаю")
    assert kiosk.app.controllers.visit.data.finder_answers == {"age": None}
    kiosk.app.controllers.visit.set_language("ru")
    kiosk.frames()
    assert kiosk.screen.question == "Есть ли у вас дети до 18 лет?"
    assert [c.text for c in answer_chips(kiosk)][0] == "Нет"


def test_reset_wipes_the_answers_and_the_finder_starts_at_question_one(kiosk):
    walk_finder(kiosk, {"children": "3"})
    kiosk.app.controllers.visit.reset()
    assert kiosk.app.controllers.visit.data.finder_answers == {}
    kiosk.frames()
    kiosk.start_session()
    open_finder(kiosk)
    assert kiosk.screen.index == 0 and kiosk.screen.progress.startswith("Вопрос 1 из ")
    assert not any(c.state == "down" for c in answer_chips(kiosk))


def test_a_result_row_opens_the_service_and_back_returns_to_the_result(kiosk):
    walk_finder(kiosk, {"children": "3"})
    kiosk.tap(rows(kiosk, "yes")["large-family-status"])
    assert kiosk.screen.name == "service" and kiosk.screen.key == "large-family-status"
    kiosk.tap(kiosk.app.root.ids.nav.ids.back)
    assert kiosk.screen.name == "finder_result"
    assert "large-family-status" in rows(kiosk, "yes")


def test_add_all_puts_each_probable_benefit_on_my_list_once(kiosk):
    walk_finder(kiosk, {"children": "3"})
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
    walk_finder(kiosk, {"children": "3"})
    shown = list(rows(kiosk, "yes"))
    assert len(shown) == 1 and "И ещё" in _shown_text(kiosk)
    kiosk.tap(kiosk.screen.ids.add_all)
    assert list(kiosk.app.controllers.visit.data.my_list) == [("service", shown[0])]
    assert kiosk.screen.ids.add_all.disabled


def test_start_over_clears_the_answers_and_asks_the_first_question(kiosk):
    walk_finder(kiosk, {"children": "3"})
    kiosk.tap(kiosk.screen.ids.start_over)
    assert kiosk.screen.name == "finder" and kiosk.screen.index == 0
    assert kiosk.app.controllers.visit.data.finder_answers == {}
    kiosk.tap(kiosk.app.root.ids.nav.ids.back)
    assert kiosk.screen.name == "home"


NOTHING_FITS = {
    "age": "до 18 лет",
    "children": "Нет",
    **{f: "Нет" for f in ("pregnant", "disability", "pensioner", "low_income", "veteran")},
    **{f: "Нет" for f in ("housing_costs_high", "unemployed")},
}


def test_when_nothing_fits_the_result_says_so_and_offers_categories_and_agencies(kiosk):
    walk_finder(kiosk, NOTHING_FITS)
    assert rows(kiosk, "yes") == {} and rows(kiosk, "maybe") == {}
    assert "мы не нашли подходящих льгот" in _shown_text(kiosk)
    assert kiosk.screen.ids.add_all.parent is None  # nothing to add
    kiosk.tap(kiosk.screen.ids.agencies)
    assert kiosk.screen.name == "agencies"


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("where", ["question", "result"])
def test_text_fits_its_box_and_targets_are_large(kiosk, where, large_text):
    from kiosk.app.theme import T

    T.large_text = large_text
    try:
        if where == "question":
            open_finder(kiosk)
            kiosk.tap(kiosk.screen.ids.skip)
        else:
            walk_finder(kiosk, {"children": "3"})
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
