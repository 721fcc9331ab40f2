"""Which finder question to ask next: the one that settles the most benefits still open.

A benefit is open while its rule is MAYBE on the answers so far. A question counts for an
open rule when one of its answers would settle that rule (YES or NO), or when it feeds a
derived fact the rule uses that is still unknown (household and income make `low_income`).
The question that counts for the most open rules comes next; a tie goes to the order of
QUESTIONS. A question is never asked twice (a skip is an answer: None), never when its
ASK_ONLY_IF rule is NO (a man of 75 is not asked whether he is expecting), and never when it
settles nothing: when no question counts, the result is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from content.rules import DERIVED, Answer, Minimums, Rule, derive, parse_rule
from kiosk.core.finder import District, question_for
from kiosk.core.finder_questions import ASK_ONLY_IF, NEEDS_ANSWER, QUESTIONS, Question

_ONLY_IF: dict[str, Rule] = {fact: parse_rule(rule) for fact, rule in ASK_ONLY_IF.items()}


def open_rules(rules: Iterable[Rule], facts: Mapping[str, object]) -> list[Rule]:
    """The rules still MAYBE on `facts` (answers with derived facts worked out)."""
    return [rule for rule in rules if rule.evaluate(facts) is Answer.MAYBE]


def ranked_questions(
    rules: Iterable[Rule],
    answers: Mapping[str, object],
    districts: Iterable[District],
    minimums: Minimums | None = None,
) -> list[tuple[Question, int]]:
    """The questions still worth asking, each with how many open rules it counts for, best
    first (most rules; then the order of QUESTIONS)."""
    districts = list(districts)
    facts = derive(answers, minimums)
    # Each open rule's facts, worked out once for all the questions, not once a question.
    still_open = [(rule, rule.facts()) for rule in open_rules(rules, facts)]
    scored = []
    for order, fact in enumerate(QUESTIONS):
        if fact in answers or not _may_ask(fact, answers, facts):
            continue
        question = question_for(fact, districts, minimums, answers)
        if question is None:
            continue
        trials = _Trials(question, answers, minimums)
        count = sum(_counts(rule, used, question, facts, trials) for rule, used in still_open)
        if count:
            scored.append((-count, order, question))
    scored.sort(key=lambda entry: entry[:2])
    return [(question, -count) for count, _order, question in scored]


def next_question(
    rules: Iterable[Rule],
    answers: Mapping[str, object],
    districts: Iterable[District],
    minimums: Minimums | None = None,
) -> Question | None:
    """The question to ask now, or None when the answers settle all they can."""
    ranked = ranked_questions(rules, answers, districts, minimums)
    return ranked[0][0] if ranked else None


def _may_ask(fact: str, answers: Mapping, facts: Mapping) -> bool:
    needed = NEEDS_ANSWER.get(fact)
    if needed is not None and answers.get(needed) is None:
        return False
    only_if = _ONLY_IF.get(fact)
    return only_if is None or only_if.evaluate(facts) is not Answer.NO


class _Trials:
    """The facts after each of a question's answers, worked out the first time a rule needs
    them and then shared by every open rule (they depend on the question, not the rule)."""

    def __init__(self, question: Question, answers: Mapping[str, object], minimums):
        self.question, self.answers, self.minimums = question, answers, minimums
        self._made: list[dict[str, object]] = []

    def __iter__(self):
        for n, option in enumerate(self.question.options):
            if n == len(self._made):
                trial = dict(self.answers)
                trial[self.question.fact] = option.value
                self._made.append(derive(trial, self.minimums))
            yield self._made[n]


def _counts(rule: Rule, used: set[str], question: Question, facts, trials: _Trials) -> bool:
    for derived, made_of in DERIVED.items():
        if derived in used and question.fact in made_of and facts.get(derived) is None:
            return True
    if question.fact not in used:
        return False
    return any(rule.evaluate(trial) is not Answer.MAYBE for trial in trials)
