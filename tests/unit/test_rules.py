import pytest

from content.rules import Answer, RuleError, parse_rule

Y, M, N = Answer.YES, Answer.MAYBE, Answer.NO


@pytest.mark.parametrize(
    "rule, answers, expected",
    [
        ("children >= 3", {"children": 3}, Y),
        ("children >= 3", {"children": 2}, N),
        ("children >= 3", {}, M),
        ("low_income", {"low_income": True}, Y),
        ("low_income", {"low_income": False}, N),
        ("not pensioner", {"pensioner": False}, Y),
        ("not pensioner", {"pensioner": True}, N),
        ("age < 18", {"age": 17}, Y),
        ("district in [perm, kungur]", {"district": "kungur"}, Y),
        ("district in [perm, kungur]", {"district": "lysva"}, N),
        ({"all": ["children >= 1", "low_income"]}, {"children": 2, "low_income": True}, Y),
        ({"all": ["children >= 1", "low_income"]}, {"children": 2}, M),
        ({"all": ["children >= 1", "low_income"]}, {"children": 0}, N),  # no beats maybe
        ({"any": ["veteran", "disability"]}, {"disability": True}, Y),  # yes beats maybe
        ({"any": ["veteran", "disability"]}, {"veteran": False}, M),
        ({"any": ["veteran", "disability"]}, {"veteran": False, "disability": False}, N),
        ({"not": {"any": ["veteran", "disability"]}}, {"veteran": True}, N),
        ({"not": "age >= 80"}, {}, M),
    ],
)
def test_rule_evaluates_with_maybe_for_skipped_answers(rule, answers, expected):
    assert parse_rule(rule, {"perm", "kungur", "lysva"}).evaluate(answers) is expected


@pytest.mark.parametrize(
    "rule, message",
    [
        ("childs >= 3", "unknown fact 'childs'"),
        ("children", "is a number"),
        ("children >= three", "not a whole number"),
        ("low_income >= 1", "yes/no fact"),
        ("district in [perm, atlantis]", "unknown district 'atlantis'"),
        ("district == perm", "district"),
        ({"all": []}, "one or more"),
        ({"some": ["veteran"]}, "unknown rule block 'some'"),
        ({"all": ["veteran"], "any": ["disability"]}, "exactly one"),
        (42, "a rule is a condition"),
        ("age >=", "cannot read"),
    ],
)
def test_broken_rule_is_refused_with_a_plain_reason(rule, message):
    with pytest.raises(RuleError, match=message):
        parse_rule(rule, {"perm"})


def test_rule_lists_the_facts_it_needs():
    rule = parse_rule({"all": ["children >= 1", {"any": ["low_income", "not pensioner"]}]})
    assert rule.facts() == {"children", "low_income", "pensioner"}
