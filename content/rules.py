"""Machine-readable eligibility rules: parsing, and evaluation with "maybe".

A rule is a condition string (`children >= 3`, `low_income`, `not pensioner`,
`district in [perm, kungur]`) or `{all: [...]}`, `{any: [...]}`, `{not: rule}`. Facts are
typed (see FACTS). Evaluation is three-valued: a condition on a fact the citizen skipped is
MAYBE, so a skipped question never turns a benefit into "no". A number fact may also be
answered with a `Span` (an age group, "4 or more children"): a comparison is YES if every
value in the span satisfies it, NO if none does, MAYBE otherwise. Pure Python: no I/O.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from enum import Enum


class Answer(Enum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


FACTS: dict[str, str] = {
    "age": "int",
    "children": "int",
    "pregnant": "bool",
    "disability": "bool",
    "pensioner": "bool",
    "low_income": "bool",
    "veteran": "bool",
    "housing_costs_high": "bool",
    "unemployed": "bool",
    "district": "district",
}
"""The facts a rule may ask about, and their types. The finder asks only for facts in use."""

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
