"""The benefit finder: which questions to ask, which services fit the answers, and why.

Kivy-free on purpose (house style, section 2). Built on content.rules: a skipped question
(answer None) makes a condition MAYBE, never NO, so skipping can only widen the list.
The questions' and answers' words are Russian source msgids (kiosk.core.finder_questions)
that the UI translates with gettext; a reason is said in words by
kiosk.core.finder_wording.explain. Nothing answered is kept here: the caller holds the
answers and the findings.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby, islice, repeat
from typing import TYPE_CHECKING, NamedTuple

from content.rules import Answer, AnyOf, Condition, Minimums, Not, Rule, derive, inputs
from kiosk.core.finder_options import options_for
from kiosk.core.finder_questions import QUESTIONS, Option, Question
from kiosk.core.finder_wording import money

if TYPE_CHECKING:
    from content.pack.reader import Pack


@dataclass(frozen=True)
class Reason:
    """A fact behind a finding: the citizen's answer, or value None for a fact to check."""

    fact: str
    value: object = None


class Finding(NamedTuple):
    """A service that fits (YES), may fit (MAYBE) or does not (NO), with the answers that
    say so: for NO, the answers that rule it out.

    A named tuple, not a dataclass: a big pack makes tens of thousands of them per result,
    and a frozen dataclass takes four times as long to make.
    """

    service_id: str
    answer: Answer
    reasons: tuple[Reason, ...]
    to_check: tuple[Reason, ...]


District = tuple[str, str, str | None]
"""A district as the finder takes it: (id, Russian name, English name or None)."""


def questions_for(
    rules: Iterable[Rule | None],
    districts: Iterable[District],
    minimums: Minimums | None = None,
    answers: Mapping[str, object] | None = None,
) -> list[Question]:
    """Every question some rule could need, in the table's order (the screen asks them one
    at a time, in the order kiosk.core.finder_next.next_question chooses)."""
    used: set[str] = set()
    for rule in rules:
        if rule is not None:
            used |= inputs(rule.facts())
    questions = []
    for fact in QUESTIONS:
        if fact in used:
            question = question_for(fact, districts, minimums, answers or {})
            if question is not None:
                questions.append(question)
    return questions


def question_for(
    fact: str,
    districts: Iterable[District],
    minimums: Minimums | None,
    answers: Mapping[str, object],
) -> Question | None:
    """The question about `fact` with its answer buttons; None if it has no answers to offer
    (a district question without districts, an income question without a minimum)."""
    text, hint = QUESTIONS[fact]
    options = options_for(fact, districts, minimums, answers)
    if not options:
        return None
    hint_args: tuple = ()
    if fact == "income" and minimums is not None:
        hint_args = (("year", minimums.year), ("minimum", money(minimums.per_capita)))
    return Question(fact, text, hint, options, hint_args)


def option_text(option: Option, lang: str, gettext: Callable[[str], str]) -> str:
    """An answer button's words in the UI language."""
    if lang == "en" and option.label_en:
        return option.label_en
    text = gettext(option.label)
    return text % dict(option.args) if option.args else text


def question_hint(question: Question, gettext: Callable[[str], str]) -> str:
    text = gettext(question.hint)
    return text % dict(question.hint_args) if question.hint_args else text


def find_benefits(
    services: Iterable[tuple[str, Rule | None]],
    answers: Mapping[str, object],
    minimums: Minimums | None = None,
) -> list[Finding]:
    """Services whose rule is YES or MAYBE for `answers`: YES first, then in input order."""
    judgement = RuleBook(services).judge(answers, minimums)
    return judgement.first(Answer.YES) + judgement.in_order(Answer.MAYBE)


class RuleBook:
    """Services grouped by their rule, so that each distinct rule is judged once.

    A large pack has tens of thousands of services and a few dozen distinct rules (one
    object each: rules_from_pack parses each distinct text once). Grouped by identity:
    hashing a rule hashes its whole tree, which on 100,000 services cost more than judging.
    """

    def __init__(self, services: Iterable[tuple[str, Rule | None]]):
        self._ids: list[str] = []  # a service's position in the input -> its id
        # Positions as machine integers: the screen keeps its book as long as the pack, and
        # on 30,000 services a list of int objects was a megabyte of it.
        groups: dict[int, tuple[Rule, array]] = {}
        for service_id, rule in services:
            if rule is None:  # no machine-readable rule: the finder cannot say anything
                continue
            group = groups.get(id(rule))
            if group is None:
                group = groups[id(rule)] = (rule, array("L"))
            group[1].append(len(self._ids))
            self._ids.append(service_id)
        self._groups = list(groups.values())

    @property
    def rules(self) -> list[Rule]:
        """Each distinct rule once."""
        return [rule for rule, _positions in self._groups]

    def judge(self, answers: Mapping[str, object], minimums: Minimums | None = None) -> Judgement:
        """Every rule judged on the answers and the facts derived from them (income per
        person against `minimums`); a NO keeps the answers that rule it out."""
        facts = derive(answers, minimums)
        verdicts = []
        for rule, positions in self._groups:
            answer = rule.evaluate(facts)
            target = Answer.NO if answer is Answer.NO else Answer.YES
            reasons, to_check = _support(rule, facts, target)
            verdicts.append(_Verdict(answer, _unique(reasons), _unique(to_check), positions))
        return Judgement(self._ids, verdicts)


class _Verdict(NamedTuple):
    """One rule's answer, with the positions of the services that have it."""

    answer: Answer
    reasons: tuple[Reason, ...]
    to_check: tuple[Reason, ...]
    positions: Sequence[int]


class Judgement:
    """Which services fit one set of answers (YES), which may (MAYBE) and which not (NO).

    Findings are made only for the rows asked for: a result shows a few dozen of what can
    be thousands, and the rest are needed only as a count or a list of ids.
    """

    def __init__(self, ids: list[str], verdicts: list[_Verdict]):
        self._ids = ids
        self._verdicts = {
            answer: [v for v in verdicts if v.answer is answer]
            for answer in (Answer.YES, Answer.MAYBE, Answer.NO)
        }

    def count(self, answer: Answer) -> int:
        return sum(len(v.positions) for v in self._verdicts[answer])

    def service_ids(self, answer: Answer) -> list[str]:
        """The ids of the services with `answer`, in input order."""
        positions = sorted(p for v in self._verdicts[answer] for p in v.positions)
        return [self._ids[p] for p in positions]

    def in_order(self, answer: Answer, limit: int | None = None) -> list[Finding]:
        """The first `limit` (None: all) findings with `answer`, in input order."""
        return self._findings(self._verdicts[answer], limit)

    def first(self, answer: Answer, limit: int | None = None) -> list[Finding]:
        """The first `limit` (None: all) findings with `answer` in the order a result shows
        them: input order, except that the maybes which need the fewest facts checked come
        first (the likeliest of them)."""
        if answer is not Answer.MAYBE:
            return self.in_order(answer, limit)
        found: list[Finding] = []
        by_checks = sorted(self._verdicts[answer], key=lambda v: len(v.to_check))
        for _checks, level in groupby(by_checks, key=lambda v: len(v.to_check)):
            left = None if limit is None else limit - len(found)
            if left == 0:
                break
            found += self._findings(list(level), left)
        return found

    def _findings(self, verdicts: list[_Verdict], limit: int | None) -> list[Finding]:
        # Each verdict's positions are ascending; merging them gives input order.
        merged = heapq.merge(*(zip(v.positions, repeat(v)) for v in verdicts), key=_position)
        return [
            Finding(self._ids[p], v.answer, v.reasons, v.to_check) for p, v in islice(merged, limit)
        ]


def _position(entry: tuple[int, _Verdict]) -> int:
    return entry[0]


_OPPOSITE = {Answer.YES: Answer.NO, Answer.NO: Answer.YES}


def _support(rule: Rule, answers: Mapping, target: Answer) -> tuple[list[Reason], list[Reason]]:
    """Answers that push `rule` towards `target` (YES or NO), and skipped facts that decide."""
    if isinstance(rule, Not):
        # "not x" is YES exactly when x is NO, so its reasons are x's reasons for NO.
        return _support(rule.rule, answers, _OPPOSITE[target])
    result = rule.evaluate(answers)
    if isinstance(rule, Condition):
        if result is target:
            return [Reason(rule.fact, answers[rule.fact])], []
        if result is Answer.MAYBE:  # skipped, or an age group straddling the limit
            return [], [Reason(rule.fact)]
        return [], []
    # An AnyOf reaches YES (an AllOf reaches NO) through any one part: when it got there,
    # only the parts that did are reasons; otherwise only the undecided parts matter.
    # The other way round every part must agree, so every part not against it counts.
    one_is_enough = isinstance(rule, AnyOf) == (target is Answer.YES)
    reasons: list[Reason] = []
    to_check: list[Reason] = []
    for part in rule.rules:
        part_result = part.evaluate(answers)
        if one_is_enough and result is target:
            wanted = part_result is target
        elif one_is_enough:
            wanted = part_result is Answer.MAYBE
        else:
            wanted = part_result is not _OPPOSITE[target]
        if wanted:
            more_reasons, more_to_check = _support(part, answers, target)
            reasons += more_reasons
            to_check += more_to_check
    return reasons, to_check


def _unique(reasons: list[Reason]) -> tuple[Reason, ...]:
    """Drop repeats (a fact used twice in one rule), keeping the first place."""
    return tuple(dict.fromkeys(reasons))


def minimums_from_pack(pack: Pack) -> Minimums | None:
    """The region's subsistence minimum the pack carries, or None."""
    return getattr(pack.meta, "subsistence_minimum", None)


def rules_from_pack(pack: Pack) -> list[tuple[str, Rule]]:
    """(service id, parsed rule) for every service in the pack that has a rule, in order.

    The pack builder already checked every rule, so one that does not parse is a damaged pack
    (MalformedPackError). Each distinct rule is one object, which RuleBook judges once."""
    return pack.eligibility_rules()


def districts_from_pack(pack: Pack) -> list[District]:
    """The pack's districts in their display order, as questions_for() takes them."""
    return [(row["id"], row["name"].ru, row["name"].en) for row in pack.districts()]
