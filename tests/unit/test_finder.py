import gettext as stdlib_gettext
import random

import pytest

from content.pack.reader import open_pack
from content.rules import DERIVED, FACTS, Answer, Span, inputs, parse_rule
from kiosk.core.finder import (
    Finding,
    Reason,
    RuleBook,
    districts_from_pack,
    find_benefits,
    questions_for,
    rules_from_pack,
)
from kiosk.core.finder_questions import AGE_GROUPS, QUESTIONS, Option
from kiosk.core.finder_wording import explain

Y, M = Answer.YES, Answer.MAYBE
DISTRICTS = [("perm", "Пермь", "Perm"), ("kungur", "Кунгур", None)]


def facts_asked(*rules):
    return [q.fact for q in questions_for([parse_rule(r) for r in rules], DISTRICTS)]


@pytest.mark.parametrize(
    "rules, asked",
    [
        (["children >= 3"], ["children"]),
        # A derived fact is asked as the answers it is made of; income needs the household
        # first (its bands depend on it), so it is not among the questions yet.
        (["low_income", "age >= 60"], ["age", "household"]),  # fixed order, not rule order
        (
            ["district in [perm]", "unemployed", {"any": ["veteran", "pregnant"]}],
            ["pregnant", "employment", "veteran", "district"],
        ),
        ([{"not": "pensioner"}, "disability", "housing_costs_high"], [
            "pensioner", "disability_group", "child_disability", "housing_costs_high",
        ]),
        ([], []),
    ],
)  # fmt: skip
def test_only_facts_some_rule_uses_are_asked_in_the_fixed_order(rules, asked):
    assert facts_asked(*rules) == asked


def test_services_without_a_rule_add_no_questions():
    assert questions_for([None, parse_rule("veteran")], DISTRICTS)[0].fact == "veteran"


def test_the_fixed_order_covers_every_fact():
    assert list(QUESTIONS)[:5] == ["sex", "age", "lives_in_region", "household", "income"]
    assert set(QUESTIONS) == set(FACTS) - set(DERIVED)


@pytest.mark.parametrize("fact", list(QUESTIONS))
def test_every_question_is_a_short_question_with_a_hint(fact):
    text, hint = QUESTIONS[fact]
    assert text.endswith("?") and len(text) <= 60
    assert hint  # an empty msgid would translate to the catalogue header


@pytest.mark.parametrize(
    "rule, values",
    [
        ("age >= 18", [group for group, _ in AGE_GROUPS]),
        ("children >= 3", [0, 1, 2, 3, Span(4)]),
        ("pensioner", [True, False]),
        ("district in [perm]", ["perm", "kungur"]),
    ],
)
def test_each_kind_of_fact_offers_its_options(rule, values):
    (question,) = questions_for([parse_rule(rule)], DISTRICTS)
    assert [option.value for option in question.options] == values
    assert question.text.endswith("?")


def test_district_options_carry_the_content_names():
    (question,) = questions_for([parse_rule("district in [perm]")], DISTRICTS)
    assert question.options == (Option("perm", "Пермь", "Perm"), Option("kungur", "Кунгур"))


def test_district_question_is_dropped_when_there_are_no_districts():
    assert questions_for([parse_rule("district in [perm]")], []) == []


def test_age_groups_cover_every_age_once():
    spans = [group for group, _ in AGE_GROUPS]
    assert spans[0].lo == 0 and spans[-1].hi == float("inf")
    assert all(a.hi + 1 == b.lo for a, b in zip(spans, spans[1:], strict=False))


def finding(rule, answers):
    (result,) = find_benefits([("s", parse_rule(rule))], answers) or [None]
    return result


@pytest.mark.parametrize(
    "rule, answers, answer, reasons, to_check",
    [
        ("children >= 3", {"children": 3}, Y, [("children", 3)], []),
        ("children >= 3", {"children": Span(4)}, Y, [("children", Span(4))], []),
        ("children >= 3", {}, M, [], ["children"]),
        ("children >= 3", {"children": None}, M, [], ["children"]),  # None is "skip"
        ("age >= 60", {"age": Span(60, 69)}, Y, [("age", Span(60, 69))], []),
        ("age >= 16", {"age": Span(0, 17)}, M, [], ["age"]),  # the group straddles 16
        ("not pensioner", {"pensioner": False}, Y, [("pensioner", False)], []),
        # all: every part is a reason; the skipped part is what to check
        ({"all": ["pensioner", "low_income"]}, {"pensioner": True}, M,
         [("pensioner", True)], ["low_income"]),
        ({"all": ["pensioner", "low_income"]}, {"pensioner": True, "low_income": True}, Y,
         [("pensioner", True), ("low_income", True)], []),
        # any: only the branch that holds is a reason
        ({"any": ["veteran", "disability"]}, {"veteran": False, "disability": True}, Y,
         [("disability", True)], []),
        ({"any": ["veteran", "disability"]}, {"veteran": True}, Y, [("veteran", True)], []),
        ({"any": ["veteran", "disability"]}, {"veteran": False}, M, [], ["disability"]),
        ({"any": ["veteran", {"all": ["pensioner", "low_income"]}]}, {"pensioner": True}, M,
         [("pensioner", True)], ["veteran", "low_income"]),
        # not: the answers that make the inner rule NO are the reasons
        ({"not": {"any": ["veteran", "disability"]}}, {"veteran": False, "disability": False},
         Y, [("veteran", False), ("disability", False)], []),
        ({"not": {"all": ["pensioner", "age >= 80"]}}, {"age": Span(60, 69)}, Y,
         [("age", Span(60, 69))], []),
        ({"not": {"any": ["veteran", "disability"]}}, {"veteran": False}, M,
         [("veteran", False)], ["disability"]),
        # a fact used twice is named once
        ({"any": ["age >= 60", {"all": ["age >= 50", "unemployed"]}]}, {}, M,
         [], ["age", "unemployed"]),
    ],
)  # fmt: skip
def test_finding_names_the_answers_behind_it(rule, answers, answer, reasons, to_check):
    assert finding(rule, answers) == Finding(
        "s",
        answer,
        tuple(Reason(fact, value) for fact, value in reasons),
        tuple(Reason(fact) for fact in to_check),
    )


@pytest.mark.parametrize(
    "rule, answers",
    [
        ("children >= 3", {"children": 2}),
        ("age >= 60", {"age": Span(50, 59)}),
        ({"any": ["veteran", "disability"]}, {"veteran": False, "disability": False}),
        ({"all": ["pensioner", "low_income"]}, {"low_income": False}),
    ],
)
def test_service_that_does_not_fit_is_left_out(rule, answers):
    assert finding(rule, answers) is None


def test_yes_comes_before_maybe_then_input_order_and_ruleless_services_are_left_out():
    services = [
        ("a-maybe", parse_rule("veteran")),
        ("b-no-rule", None),
        ("c-yes", parse_rule("children >= 1")),
        ("d-no", parse_rule("pensioner")),
        ("e-maybe", parse_rule("disability")),
        ("f-yes", parse_rule("children >= 2")),
    ]
    found = find_benefits(services, {"children": 2, "pensioner": False})
    assert [f.service_id for f in found] == ["c-yes", "f-yes", "a-maybe", "e-maybe"]


def test_finding_benefits_leaves_the_answers_untouched():
    answers = {"children": 3, "veteran": None}
    find_benefits([("s", parse_rule({"all": ["children >= 3", "veteran"]}))], answers)
    assert answers == {"children": 3, "veteran": None}


# A fake Russian catalogue: three plural forms, chosen by the Russian Plural-Forms rule.
RU_PLURALS = {
    "Вы указали, что у вас %(n)d ребёнок до 18 лет": (
        "Вы указали, что у вас %(n)d ребёнок до 18 лет",
        "Вы указали, что у вас %(n)d ребёнка до 18 лет",
        "Вы указали, что у вас %(n)d детей до 18 лет",
    ),
    "Вы указали, что вам %(n)d год": (
        "Вы указали, что вам %(n)d год",
        "Вы указали, что вам %(n)d года",
        "Вы указали, что вам %(n)d лет",
    ),
}


def ru_ngettext(singular, plural, n):
    forms = RU_PLURALS[singular]
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    return forms[1] if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else forms[2]


def same(message):
    return message


@pytest.mark.parametrize(
    "reason, sentence",
    [
        (Reason("children", 1), "Вы указали, что у вас 1 ребёнок до 18 лет"),
        (Reason("children", 3), "Вы указали, что у вас 3 ребёнка до 18 лет"),
        (Reason("children", 5), "Вы указали, что у вас 5 детей до 18 лет"),
        (Reason("children", 21), "Вы указали, что у вас 21 ребёнок до 18 лет"),
        (Reason("children", 0), "Вы указали, что у вас нет детей до 18 лет"),
        (Reason("children", Span(4)), "Вы указали, что у вас 4 и более детей до 18 лет"),
        (Reason("children"), "Уточните, сколько у вас детей до 18 лет"),
        (Reason("age", Span(64, 69)), "Вы указали возраст: 64–69 лет"),
        (Reason("age", Span(60, 69)), "Вы указали возраст: 60–69"),  # not a group: numbers
        (Reason("age", Span(80)), "Вы указали возраст: 80 лет и старше"),
        (Reason("age", Span(20, 25)), "Вы указали возраст: 20–25"),
        (Reason("age", 62), "Вы указали, что вам 62 года"),
        (Reason("age"), "Уточните ваш возраст"),
        (Reason("pensioner", True), "Вы указали, что получаете пенсию"),
        (Reason("pensioner", False), "Вы указали, что не получаете пенсию"),
        (Reason("pensioner"), "Уточните, получаете ли вы пенсию"),
        (Reason("low_income", True), "Доход на человека в семье ниже прожиточного минимума"),
        (Reason("sex", "male"), "Вы указали, что вы мужчина"),
        (Reason("employment", "unemployed"), "Вы указали, что стоите на учёте в центре занятости"),
        (
            Reason("youngest_child_months", Span(0, 5)),
            "Вы указали возраст младшего ребёнка: до 6 месяцев",
        ),
        (Reason("disability_group", 2), "Вы указали группу инвалидности: II"),
        (Reason("disability_group", 0), "Вы указали, что группы инвалидности нет"),
        (Reason("district", "kungur"), "Вы указали, где живёте: Кунгур"),
        (Reason("district", "osa"), "Вы указали, где живёте: osa"),  # unknown id shows as is
        (Reason("district"), "Уточните, где вы живёте"),
    ],
)
def test_reason_is_phrased_in_russian_with_russian_plurals(reason, sentence):
    assert explain(reason, same, ru_ngettext, {"kungur": "Кунгур"}) == sentence


@pytest.mark.parametrize("fact", sorted(FACTS))
@pytest.mark.parametrize("given", [True, False, None])
def test_every_fact_has_wording_for_an_answer_and_for_a_check(fact, given):
    value = {
        "age": Span(18, 29), "children": 2, "district": "perm", "sex": "female",
        "employment": "works", "household": 3, "income": Span(0, 52271),
        "youngest_child_months": 4, "disability_group": 2,
    }.get(fact, given)  # fmt: skip
    reason = Reason(fact, None if given is None else value)
    translations = stdlib_gettext.NullTranslations()  # the real stdlib signatures
    said = explain(reason, translations.gettext, translations.ngettext)
    # A derived fact is not something the visitor said: "Доход на человека ..."
    expected = (
        "Уточните"
        if given is None
        else "Доход"
        if fact in DERIVED and "income" in (DERIVED[fact])
        else "Вы указали"
    )
    assert said.startswith(expected)


def test_explain_passes_every_phrase_through_the_given_gettext():
    def marked(message):
        return f"<{message}>"

    assert explain(Reason("veteran", True), marked, ru_ngettext) == (
        "<Вы указали, что вы ветеран боевых действий>"
    )
    assert explain(Reason("age", Span(0, 13)), marked, ru_ngettext) == (
        "<Вы указали возраст: <до 14 лет>>"
    )


# -- over the real demo content --------------------------------------------------------


@pytest.fixture
def pack(demo_pack):
    with open_pack(demo_pack) as pack:
        yield pack


def test_demo_questions_ask_only_facts_the_demo_rules_use(pack):
    services = rules_from_pack(pack)
    used = inputs(set().union(*(rule.facts() for _, rule in services)))
    asked = [q.fact for q in questions_for([r for _, r in services], districts_from_pack(pack))]
    assert set(asked) == used - {"income"}  # income is asked once the household is known
    assert asked == [fact for fact in QUESTIONS if fact in used - {"income"}]


def test_demo_rules_match_the_services_that_have_one(pack):
    services = dict(rules_from_pack(pack))
    assert services["large-family-status"] == parse_rule(
        pack.service("large-family-status")["eligibility_rule"]
    )
    ruleless = [sid for (sid,) in pack.conn.execute("SELECT id FROM services")]
    ruleless = [sid for sid in ruleless if not pack.service(sid)["eligibility_rule"]]
    assert ruleless and not set(ruleless) & set(services)


def test_three_children_find_the_large_family_status_because_of_the_children(pack):
    answers = {"children": 3, "lives_in_region": True}
    found = {f.service_id: f for f in find_benefits(rules_from_pack(pack), answers)}
    large_family = found["large-family-status"]
    assert large_family.answer is Y
    assert large_family.reasons == (Reason("children", 3), Reason("lives_in_region", True))
    assert large_family.to_check == ()


def test_skipping_everything_leaves_every_demo_rule_at_maybe(pack):
    services = rules_from_pack(pack)
    found = find_benefits(services, {fact: None for fact in FACTS})
    assert [f.service_id for f in found] == [sid for sid, _ in services]
    assert {f.answer for f in found} == {M}
    assert all(f.to_check and not f.reasons for f in found)


def test_demo_districts_come_in_display_order_with_both_names(pack):
    assert districts_from_pack(pack)[0] == ("perm", "Пермь", "Perm")


# A few rules, each shared by many services, as a large pack has them.
SHARED_RULES = [
    parse_rule(text)
    for text in (
        "children >= 1",
        "children >= 3",
        {"all": ["children >= 3", "low_income"]},
        {"all": ["veteran", "disability", "low_income"]},
        {"any": ["pensioner", "age >= 60"]},
        {"not": "unemployed"},
        "pregnant",
    )
]


def one_by_one(services, answers):
    """What a result shows, worked out the plain way: every service's rule on its own."""
    found = {Y: [], M: []}
    for service_id, rule in services:
        if rule is not None:
            single = find_benefits([(service_id, rule)], answers)
            if single:
                found[single[0].answer].append(single[0])
    found[M].sort(key=lambda finding: len(finding.to_check))  # stable: input order next
    return found


@pytest.mark.parametrize("seed", range(6))
def test_a_rule_book_shows_what_judging_each_service_alone_shows(seed):
    rng = random.Random(seed)
    services = [(f"s{n}", rng.choice([*SHARED_RULES, None])) for n in range(rng.randint(0, 400))]
    answers = {
        "children": rng.choice([None, 0, 1, 3]),
        "low_income": rng.choice([None, True, False]),
        "veteran": rng.choice([None, True]),
        "pensioner": rng.choice([None, False]),
        "age": rng.choice([None, Span(60, 69), Span(18, 29)]),
    }
    expected = one_by_one(services, answers)
    judgement = RuleBook(services).judge(answers)
    for answer in (Y, M):
        assert judgement.count(answer) == len(expected[answer])
        assert judgement.first(answer) == expected[answer]
        assert judgement.first(answer, 5) == expected[answer][:5]
        in_order = sorted(expected[answer], key=lambda f: int(f.service_id[1:]))
        assert judgement.service_ids(answer) == [f.service_id for f in in_order]
        assert judgement.in_order(answer, 7) == in_order[:7]
    assert judgement.first(M, 0) == []


def test_a_maybe_that_needs_fewer_checks_comes_first():
    services = [
        ("two-to-check", parse_rule({"all": ["veteran", "disability"]})),
        ("one-to-check", parse_rule("veteran")),
    ]
    judgement = RuleBook(services).judge({})
    assert [f.service_id for f in judgement.first(M)] == ["one-to-check", "two-to-check"]
    assert judgement.service_ids(M) == ["two-to-check", "one-to-check"]
