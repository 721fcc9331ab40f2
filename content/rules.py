"""Machine-readable eligibility rules: parsing, and evaluation with "maybe".

A rule is a condition string (`children >= 3`, `low_income`, `not pensioner`,
`sex == female`, `employment != works`, `district in [perm, kungur]`) or `{all: [...]}`,
`{any: [...]}`, `{not: rule}`. Facts are typed (see FACTS; a choice fact takes one of
CHOICES). Evaluation is three-valued: a condition on a fact the citizen skipped is MAYBE, so
a skipped question never turns a benefit into "no". A number fact may also be answered with
a `Span` (an age group, an income band, "4 or more children"): a comparison is YES if every
value in the span satisfies it, NO if none does, MAYBE otherwise. Some facts are derived,
never asked (DERIVED, derive()): `low_income` is the household's income per person against
the region's subsistence minimum (Minimums, from the pack). Pure Python: no I/O.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class Answer(Enum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


FACTS: dict[str, str] = {
    "sex": "choice",
    "age": "int",
    "lives_in_region": "bool",
    "household": "int",
    "income": "int",
    "children": "int",
    "youngest_child_months": "int",
    "pregnant": "bool",
    "employment": "choice",
    "pensioner": "bool",
    "disability_group": "int",
    "child_disability": "bool",
    "veteran": "bool",
    "labour_veteran": "bool",
    "maternity_capital_used": "bool",
    "needs_care": "bool",
    "needs_housing": "bool",
    "housing_costs_high": "bool",
    "long_work_record": "bool",
    "print_disability": "bool",
    "district": "district",
    # Derived from the answers above (see derive()); a rule may use them, nobody is asked.
    "low_income": "bool",
    "below_pensioner_minimum": "bool",
    "disability": "bool",
    "unemployed": "bool",
}
"""The facts a rule may ask about, and their types. The finder asks only for facts in use.

`veteran` is a combat veteran (SVO participants included); `household` counts everyone who
lives together, `income` is their monthly income together in roubles; `children` counts
children under 18 and `youngest_child_months` is the youngest one's age in months."""

CHOICES: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male"),
    "employment": ("works", "unemployed", "not_working"),
}
"""The values of each choice fact; `unemployed` is registered with the employment centre."""

DERIVED: dict[str, tuple[str, ...]] = {
    "low_income": ("household", "income"),
    "below_pensioner_minimum": ("household", "income"),
    "disability": ("disability_group", "child_disability"),
    "unemployed": ("employment",),
}
"""Facts worked out from others, never asked: fact -> the answers it is made of."""


@dataclass(frozen=True)
class Minimums:
    """The region's subsistence minimum for a year, roubles a month (from the pack)."""

    year: int
    per_capita: int
    working_age: int
    pensioner: int
    child: int


def inputs(facts: set[str]) -> set[str]:
    """The asked facts behind `facts`: a derived fact stands for the answers it is made of."""
    found: set[str] = set()
    for fact in facts:
        found |= set(DERIVED.get(fact, (fact,)))
    return found


_COMPARE = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_CONDITION = re.compile(
    r"^\s*(?P<neg>not\s+)?(?P<fact>[a-z_]+)\s*"
    r"(?:(?P<op>>=|<=|==|!=|>|<|\bin\b)\s*(?P<value>[^<>=!\s].*?))?\s*$"
)


@dataclass(frozen=True)
class Span:
    """Whole numbers from `lo` to `hi`, both included; `hi` may be math.inf ("80 and older")."""

    lo: int
    hi: float = math.inf

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"an empty span: {self.lo} > {self.hi}")

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.lo <= value <= self.hi


def _compare_span(op: str, span: Span, value: int) -> Answer:
    """YES if every number in `span` satisfies `op value`, NO if none does, else MAYBE."""
    if op in ("==", "!="):
        # A span holds `value` everywhere only if it is that single number.
        every = span.lo == span.hi == value
        some = value in span
        if op == "!=":
            every, some = not some, not every
    else:
        # <, <=, >, >= hold on a half-line, so the span's two ends decide.
        ends = (_COMPARE[op](span.lo, value), _COMPARE[op](span.hi, value))
        every, some = all(ends), any(ends)
    return Answer.YES if every else Answer.MAYBE if some else Answer.NO


class RuleError(ValueError):
    """A rule that does not parse; the message says what is wrong in plain words."""


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str | None = None  # None: a yes/no fact is true
    value: object = None
    negated: bool = False

    def evaluate(self, answers: dict) -> Answer:
        if answers.get(self.fact) is None:
            return Answer.MAYBE
        given = answers[self.fact]
        if isinstance(given, Span) and self.op in _COMPARE:
            result = _compare_span(self.op, given, self.value)
            if self.negated and result is not Answer.MAYBE:
                result = Answer.NO if result is Answer.YES else Answer.YES
            return result
        if self.op is None:
            holds = bool(given)
        elif self.op == "in":
            holds = given in self.value
        else:
            holds = _COMPARE[self.op](given, self.value)
        return Answer.YES if holds != self.negated else Answer.NO

    def facts(self) -> set[str]:
        return {self.fact}


@dataclass(frozen=True)
class AllOf:
    rules: tuple

    def evaluate(self, answers: dict) -> Answer:
        results = [rule.evaluate(answers) for rule in self.rules]
        if Answer.NO in results:
            return Answer.NO
        return Answer.MAYBE if Answer.MAYBE in results else Answer.YES

    def facts(self) -> set[str]:
        return set().union(*(rule.facts() for rule in self.rules))


@dataclass(frozen=True)
class AnyOf:
    rules: tuple

    def evaluate(self, answers: dict) -> Answer:
        results = [rule.evaluate(answers) for rule in self.rules]
        if Answer.YES in results:
            return Answer.YES
        return Answer.MAYBE if Answer.MAYBE in results else Answer.NO

    def facts(self) -> set[str]:
        return set().union(*(rule.facts() for rule in self.rules))


@dataclass(frozen=True)
class Not:
    rule: object

    def evaluate(self, answers: dict) -> Answer:
        result = self.rule.evaluate(answers)
        return {Answer.YES: Answer.NO, Answer.NO: Answer.YES}.get(result, Answer.MAYBE)

    def facts(self) -> set[str]:
        return self.rule.facts()


Rule = Condition | AllOf | AnyOf | Not


def parse_rule(source, districts: set[str] | None = None) -> Rule:
    """Turn a rule as written in a content file into a Rule, or raise RuleError."""
    if isinstance(source, str):
        return parse_condition(source, districts)
    if isinstance(source, dict):
        if len(source) != 1:
            raise RuleError("a rule block needs exactly one of 'all', 'any' or 'not'")
        ((key, value),) = source.items()
        if key == "not":
            return Not(parse_rule(value, districts))
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise RuleError(f"'{key}' needs a list of one or more rules")
            parts = tuple(parse_rule(item, districts) for item in value)
            return AllOf(parts) if key == "all" else AnyOf(parts)
        raise RuleError(f"unknown rule block '{key}' (use 'all', 'any' or 'not')")
    raise RuleError("a rule is a condition such as 'children >= 3' or an all/any/not block")


def parse_condition(text: str, districts: set[str] | None = None) -> Condition:
    match = _CONDITION.match(text)
    if not match:
        raise RuleError(f"cannot read the condition '{text}'")
    fact, op, raw = match["fact"], match["op"], match["value"]
    negated = bool(match["neg"])
    kind = FACTS.get(fact)
    if kind is None:
        raise RuleError(f"unknown fact '{fact}' in '{text}' (known: {', '.join(FACTS)})")
    if negated and op is not None:
        raise RuleError(f"'not' goes only before a yes/no fact, not in '{text}'")
    if kind == "bool":
        if op is not None:
            raise RuleError(f"'{fact}' is a yes/no fact: write '{fact}' or 'not {fact}'")
        return Condition(fact, negated=negated)
    if kind == "int":
        if op is None or op == "in":
            raise RuleError(f"'{fact}' is a number: compare it, e.g. '{fact} >= 3'")
        try:
            value = int(raw)
        except ValueError:
            raise RuleError(f"'{raw}' in '{text}' is not a whole number") from None
        return Condition(fact, op, value)
    if kind == "choice":
        return _choice(fact, op, raw, text)
    # district
    if op != "in":
        raise RuleError(f"write districts as '{fact} in [perm, kungur]'")
    names = tuple(part.strip() for part in raw.strip().strip("[]").split(",") if part.strip())
    if not names or not raw.strip().startswith("["):
        raise RuleError(f"write districts as '{fact} in [perm, kungur]'")
    unknown = [name for name in names if districts is not None and name not in districts]
    if unknown:
        raise RuleError(f"unknown district '{unknown[0]}' in '{text}'")
    return Condition(fact, "in", frozenset(names))


def _choice(fact: str, op: str | None, raw: str | None, text: str) -> Condition:
    """`sex == female`, `employment != works`, `employment in [unemployed, not_working]`."""
    allowed = CHOICES[fact]
    if op not in ("==", "!=", "in"):
        raise RuleError(f"write '{fact} == {allowed[0]}' or '{fact} in [...]' in '{text}'")
    if op == "in":
        if not raw.strip().startswith("["):
            raise RuleError(f"write '{fact} in [{', '.join(allowed)}]' in '{text}'")
        names = tuple(part.strip() for part in raw.strip().strip("[]").split(",") if part.strip())
    else:
        names = (raw.strip(),)
    for name in names:
        if name not in allowed:
            raise RuleError(f"'{fact}' is one of {', '.join(allowed)}, not '{name}', in '{text}'")
    if not names:
        raise RuleError(f"'{fact} in [...]' needs one or more values in '{text}'")
    return Condition(fact, op, frozenset(names) if op == "in" else names[0])


# -- derived facts ----------------------------------------------------------------------------


def derive(answers: Mapping[str, object], minimums: Minimums | None) -> dict[str, object]:
    """The answers with the derived facts (DERIVED) worked out where their answers allow.

    Income per person is the household's income divided by its size, compared with the
    region's minimum: `low_income` is YES only if it is below for every value the answers
    allow (an income band, "7 or more people"), NO if for none, None (unknown) otherwise. A
    derived fact whose answers are missing keeps whatever was given for it directly.
    """
    facts = dict(answers)
    per_head = _per_head(facts.get("income"), facts.get("household"))
    if per_head is not None and minimums is not None:
        facts["low_income"] = _below(per_head, minimums.per_capita)
        facts["below_pensioner_minimum"] = _below(per_head, minimums.pensioner)
    if facts.get("child_disability") is None and facts.get("children") == 0:
        facts["child_disability"] = False  # no children under 18: no disabled child
    group, child = facts.get("disability_group"), facts.get("child_disability")
    if group is not None or child is not None:
        own = None if group is None else bool(group >= 1)
        if own or child:
            facts["disability"] = True
        elif own is False and child is False:
            facts["disability"] = False
        else:
            facts["disability"] = facts.get("disability")
    if facts.get("employment") is not None:
        facts["unemployed"] = facts["employment"] == "unemployed"
    return facts


def income_per_head(answers: Mapping[str, object]) -> tuple[float, float] | None:
    """The lowest and highest monthly income per person the answers allow, or None."""
    return _per_head(answers.get("income"), answers.get("household"))


def _per_head(income: object, household: object) -> tuple[float, float] | None:
    if income is None or household is None:
        return None
    low, high = _ends(income)
    fewest, most = _ends(household)
    fewest = max(fewest, 1)  # a household has at least the one who answers
    return low / max(most, 1), high / fewest


def _ends(value: object) -> tuple[float, float]:
    return (value.lo, value.hi) if isinstance(value, Span) else (value, value)


def _below(span: tuple[float, float], limit: int) -> bool | None:
    low, high = span
    return True if high < limit else False if low >= limit else None
