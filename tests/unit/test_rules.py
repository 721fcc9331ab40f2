import pytest

from content.rules import Answer, RuleError, Span, parse_rule

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


@pytest.mark.parametrize(
    "rule, span, expected",
    [
        ("age >= 60", Span(60, 69), Y),  # every age in the group qualifies
        ("age >= 60", Span(55, 59), N),  # none does
        ("age >= 70", Span(65, 79), M),  # some do: the group does not decide
        ("age >= 80", Span(80), Y),  # "80 and older" is open-ended
        ("age < 18", Span(0, 17), Y),
        ("age < 18", Span(18, 29), N),
        ("age > 17", Span(0, 17), N),
        ("age <= 17", Span(17, 20), M),
        ("children >= 3", Span(4), Y),  # "4 or more children"
        ("children < 4", Span(4), N),
        ("children == 4", Span(4, 4), Y),
        ("children == 4", Span(4), M),
        ("children == 3", Span(4), N),
        ("children != 3", Span(4), Y),
        ("children != 4", Span(4), M),
        ("children != 4", Span(4, 4), N),
    ],
)
def test_comparison_over_a_span_is_yes_only_if_every_value_satisfies(rule, span, expected):
    assert parse_rule(rule).evaluate({"age": span, "children": span}) is expected


def test_span_in_a_rule_block_combines_like_any_answer():
    rule = parse_rule({"all": ["age >= 70", "pensioner"]})
    assert rule.evaluate({"age": Span(80), "pensioner": True}) is Y
    assert rule.evaluate({"age": Span(65, 79), "pensioner": True}) is M
    assert rule.evaluate({"age": Span(65, 79), "pensioner": False}) is N


@pytest.mark.parametrize("value, inside", [(4, True), (100, True), (3, False), ("4", False)])
def test_span_contains_whole_numbers_in_it(value, inside):
    assert (value in Span(4)) is inside


def test_empty_span_is_refused():
    with pytest.raises(ValueError, match="empty span"):
        Span(5, 4)
