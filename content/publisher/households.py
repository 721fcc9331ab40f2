"""Test households: examples beside the rules, checked on every `kiosk content validate`.

Like OpenFisca's and aides-jeunes' YAML tests, each household gives the answers a visitor
would give and the outcome the content's authors expect for the benefits it names; a rule
that contradicts one of its own examples is an error naming the file, the household and the
benefit, so staff cannot publish it. Files: `households/*.yaml` in the content folder.

    households:
      - id: mother-of-three-low-income
        about: A mother of three (4, 9 and 12), a family of four on 40 000 roubles a month
        answers: {sex: female, age: 34, children_ages: [4, 9, 12], household: 4, income: 40000}
        expect:
          child-birth-grant: not      # likely | maybe | not
          unified-child-allowance: likely

`children_ages` (years, a fraction for a baby: 0.25 is three months) stands for `children`
(those under 18) and `youngest_child_months`. A number answer may be a range, as a touch
screen's age group gives it: "60-69", or "80+".
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from content.publisher.fields import is_id
from content.publisher.limits import shown
from content.rules import (
    CHOICES,
    FACTS,
    Answer,
    Condition,
    Not,
    Span,
    derive,
)

if TYPE_CHECKING:
    from content.publisher.sources import Folder

OUTCOMES = {"likely": Answer.YES, "maybe": Answer.MAYBE, "not": Answer.NO}
WORDS = {answer: word for word, answer in OUTCOMES.items()}
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)|(\+))\s*$")


def check_households(folder: Folder) -> None:
    """Judge every household in `households/` against the rules read so far."""
    root = folder.root / "households"
    if not root.is_dir():
        return
    rules = {s.id: s.rule for s in folder.content.services}
    named: set[str] = set()
    seen: dict[str, Path] = {}
    for path in folder.yaml_files("households"):
        data = folder.read(path)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("households"), list):
            folder.problems.error(path, 1, "write the households as 'households:' and a list")
            continue
        items = data["households"]
        for index, item in enumerate(items):
            line = items.line_of(index) if hasattr(items, "line_of") else 1
            _check_one(folder, path, line, item, rules, named, seen)
    pack = folder.content.pack
    for service_id, rule in rules.items():
        if rule is not None and service_id not in named:
            folder.problems.warning(
                root, 0, f"no test household names '{service_id}', which has a rule"
            )
    if (
        pack is not None
        and pack.subsistence_minimum is None
        and any("low_income" in (r.facts() if r else ()) for r in rules.values())
    ):
        folder.problems.warning(
            root, 0, "rules use 'low_income' but pack.yaml has no 'subsistence_minimum'"
        )


def _check_one(folder, path, line, item, rules, named, seen) -> None:
    problems = folder.problems
    if not isinstance(item, dict):
        problems.error(path, line, "a household is 'id', 'answers' and 'expect'")
        return
    name = item.get("id")
    if not is_id(name):
        problems.error(path, line, f"household id '{shown(name)}' is not an id (a-z, 0-9, -)")
        return
    if name in seen:
        problems.error(path, line, f"household '{name}' is already in {seen[name]}")
        return
    seen[name] = path
    for key in item:
        if key not in ("id", "about", "answers", "expect"):
            problems.warning(path, _line(item, key, line), f"unknown field '{shown(key)}'")
    answers = _answers(folder, path, line, name, item.get("answers"))
    expect = item.get("expect")
    if answers is None:
        return
    if not isinstance(expect, dict) or not expect:
        problems.error(path, line, f"household '{name}' expects nothing: add 'expect'")
        return
    facts = derive(
        answers, folder.content.pack.subsistence_minimum if folder.content.pack else None
    )
    for service_id, word in expect.items():
        at = _line(expect, service_id, line)
        if service_id not in rules:
            problems.error(path, at, f"household '{name}': no benefit '{shown(service_id)}'")
            continue
        rule = rules[service_id]
        if rule is None:
            problems.error(path, at, f"household '{name}': '{service_id}' has no rule to test")
            continue
        if word not in OUTCOMES:
            problems.error(
                path,
                at,
                f"household '{name}': '{service_id}' expects '{shown(word)}' "
                "(write likely, maybe or not)",
            )
            continue
        named.add(service_id)
        got = rule.evaluate(facts)
        if got is not OUTCOMES[word]:
            problems.error(
                path,
                at,
                f"household '{name}': benefit '{service_id}' comes out {WORDS[got]}, "
                f"expected {word}{_why(rule, facts, got)}",
            )


def _answers(folder, path, line, name, data) -> dict | None:
    problems = folder.problems
    if not isinstance(data, dict):
        problems.error(path, line, f"household '{name}' needs 'answers'")
        return None
    districts = {d.id for d in folder.content.districts}
    answers: dict[str, object] = {}
    ok = True
    for fact, value in data.items():
        at = _line(data, fact, line)
        if fact == "children_ages":
            ages = value if isinstance(value, list) else None
            if ages is None or not all(_number(a) and a >= 0 for a in ages):
                problems.error(path, at, f"household '{name}': 'children_ages' is a list of ages")
                ok = False
                continue
            young = [a for a in ages if a < 18]
            answers["children"] = len(young)
            if young:
                answers["youngest_child_months"] = math.floor(min(young) * 12)
            continue
        kind = FACTS.get(fact)
        reading = _read(kind, fact, value, districts)
        if reading is _BAD:
            what = "an unknown fact" if kind is None else f"a {kind} fact"
            problems.error(
                path,
                at,
                f"household '{name}': '{shown(fact)}' is {what}; '{shown(value)}' does not fit it",
            )
            ok = False
            continue
        answers[fact] = reading
    return answers if ok else None


_BAD = object()


def _read(kind, fact, value, districts):
    if value is None:
        return None  # skipped: "don't know"
    if kind == "bool":
        return value if isinstance(value, bool) else _BAD
    if kind == "int":
        if _number(value) and int(value) == value:
            return int(value)
        match = _RANGE.match(str(value))
        if match:
            low = int(match[1])
            high = math.inf if match[3] else int(match[2])
            return Span(low, high) if low <= high else _BAD
        return _BAD
    if kind == "choice":
        return value if value in CHOICES[fact] else _BAD
    if kind == "district":
        return value if value in districts else _BAD
    return _BAD


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _line(mapping, key, default: int) -> int:
    line_of = getattr(mapping, "line_of", None)
    return line_of(key) if line_of else default


def _why(rule, facts, got: Answer) -> str:
    """The conditions behind an outcome: failed (not), unknown (maybe)."""
    if got is Answer.YES:
        return ""
    found = sorted(set(_deciding(rule, facts, got)))
    label = "failed on" if got is Answer.NO else "unknown"
    return f" ({label}: {', '.join(found)})" if found else ""


_FLIP = {Answer.YES: Answer.NO, Answer.NO: Answer.YES, Answer.MAYBE: Answer.MAYBE}


def _deciding(rule, facts, outcome: Answer) -> list[str]:
    """The facts of the conditions that give `rule` its `outcome` (NO or MAYBE)."""
    if isinstance(rule, Condition):
        return [rule.fact] if rule.evaluate(facts) is outcome else []
    if isinstance(rule, Not):
        return _deciding(rule.rule, facts, _FLIP[outcome])
    found: list[str] = []
    for part in rule.rules:
        if part.evaluate(facts) is outcome:
            found += _deciding(part, facts, outcome)
    return found
