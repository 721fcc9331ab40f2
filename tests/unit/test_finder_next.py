"""Which question the finder asks next: only what some open benefit still depends on, the
question that settles the most benefits first, never one that makes no sense to ask."""

import pytest

from content.pack.reader import open_pack
from content.rules import Minimums, Span, parse_rule
from kiosk.core.finder import RuleBook, districts_from_pack, minimums_from_pack, rules_from_pack
from kiosk.core.finder_next import next_question, ranked_questions

PERM_2026 = Minimums(year=2026, per_capita=17424, working_age=18992, pensioner=14985, child=16901)


def rules(*texts):
    return [parse_rule(text) for text in texts]


def asked_next(rule_list, answers, minimums=PERM_2026):
    question = next_question(rule_list, answers, [], minimums)
    return None if question is None else question.fact


def test_the_fact_most_open_rules_use_comes_first():
    # pensioner comes before veteran in the table, but veteran settles two rules.
    book = rules("pensioner", "veteran", {"all": ["veteran", "children >= 1"]})
    assert asked_next(book, {}) == "veteran"
    assert [(q.fact, n) for q, n in ranked_questions(book, {}, [], PERM_2026)] == [
        ("veteran", 2),
        ("children", 1),
        ("pensioner", 1),
    ]


def test_a_tie_goes_to_the_table_order():
    assert asked_next(rules("pensioner", "veteran"), {}) == "pensioner"


def test_a_question_no_open_rule_needs_is_not_asked():
    book = rules({"all": ["pensioner", "veteran"]})
    assert asked_next(book, {"pensioner": False}) is None  # the rule is NO: veteran is moot


def test_nothing_left_to_settle_ends_the_questions():
    book = rules("children >= 3")
    assert asked_next(book, {}) == "children"
    assert asked_next(book, {"children": 0}) is None


def test_a_skipped_question_is_not_asked_again():
    assert asked_next(rules("veteran"), {"veteran": None}) is None


def test_an_answer_that_settles_nothing_is_not_asked():
    # Once the visitor is a man, "are you expecting?" can change nothing here.
    book = rules({"any": ["children >= 1", {"all": ["sex == female", "pregnant"]}]})
    assert asked_next(book, {"sex": "male"}) == "children"
    assert asked_next(book, {"sex": "male", "children": 0}) is None


@pytest.mark.parametrize(
    "answers",
    [
        {"sex": "male"},
        {"sex": "female", "age": 75},
        {"sex": "female", "age": Span(80)},
        {"sex": "female", "age": 12},
    ],
)
def test_nobody_is_asked_about_a_pregnancy_that_cannot_be(answers):
    book = rules({"all": ["pregnant", "low_income"]}, "pregnant")
    facts = [q.fact for q, _ in ranked_questions(book, answers, [], PERM_2026)]
    assert "pregnant" not in facts


def test_a_woman_of_thirty_may_be_asked_about_a_pregnancy():
    assert asked_next(rules("pregnant"), {"sex": "female", "age": 30}) == "pregnant"


def test_income_comes_after_the_household_in_bands_cut_at_the_minimums():
    book = rules("low_income")
    assert asked_next(book, {}) == "household"
    question = next_question(book, {"household": 4}, [], PERM_2026)
    assert question.fact == "income"
    assert [o.value for o in question.options] == [
        Span(0, 59939),  # 4 x 14 985 (pensioner)
        Span(59940, 69695),  # up to 4 x 17 424 (per person)
        Span(69696, float("inf")),
    ]
    assert dict(question.options[0].args) == {"sum": "59\u00a0940"}
    assert dict(question.hint_args) == {"year": 2026, "minimum": "17\u00a0424"}


def test_income_is_not_asked_when_the_household_was_skipped():
    assert asked_next(rules("low_income"), {"household": None}) is None


def test_questions_about_a_child_come_after_the_number_of_children():
    book = rules({"all": ["children >= 1", "youngest_child_months < 6"]})
    assert asked_next(book, {}) == "children"
    assert asked_next(book, {"children": 2}) == "youngest_child_months"
    assert asked_next(book, {"children": None}) is None


# -- over the demo content ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_pack):
    with open_pack(demo_pack) as pack:
        yield RuleBook(rules_from_pack(pack)), districts_from_pack(pack), minimums_from_pack(pack)


def interview(demo, person):
    """Ask as the finder does, answering from `person` (a fact it lacks is skipped)."""
    book, districts, minimums = demo
    answers, asked = {}, []
    while (question := next_question(book.rules, answers, districts, minimums)) is not None:
        assert question.fact not in answers, "asked twice"
        value = person.get(question.fact)
        chosen = next((o.value for o in question.options if _fits(o.value, value)), None)
        answers[question.fact] = chosen
        asked.append(question.fact)
    return asked, answers


def _fits(option, value):
    if isinstance(option, Span):
        return isinstance(value, int) and not isinstance(value, bool) and value in option
    return type(option) is type(value) and option == value


MAN_75 = {
    "sex": "male", "age": 75, "lives_in_region": True, "household": 2, "income": 50000,
    "pensioner": True, "employment": "not_working", "children": 0, "disability_group": 0,
    "veteran": False, "labour_veteran": False, "needs_care": False, "long_work_record": True,
}  # fmt: skip


def test_a_man_of_75_is_never_asked_whether_he_is_expecting(demo):
    asked, _answers = interview(demo, MAN_75)
    assert "pregnant" not in asked
    assert "maternity_capital_used" not in asked
    assert "youngest_child_months" not in asked  # he has no children under 18
    assert len(asked) < 20


def test_the_questions_are_not_the_same_for_everyone(demo):
    mother = {"sex": "female", "age": 34, "children": 3, "youngest_child_months": 48}
    asked_man, _ = interview(demo, MAN_75)
    asked_mother, _ = interview(demo, mother)
    assert "pregnant" in asked_mother and "youngest_child_months" in asked_mother
    assert asked_man != asked_mother
