"""The answer buttons of each finder question. Most are fixed; the income's bands are cut at
the household's share of the region's subsistence minimum, so that one tap settles whether
income per person is below it (the visitor sees sums of money, never "are you poor?").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from content.rules import CHOICES, FACTS, Minimums, Span
from kiosk.core.finder_questions import (
    AGE_GROUPS,
    CHILD_AGE_GROUPS,
    CHILDREN_OPTIONS,
    CHOICE_OPTIONS,
    DISABILITY_OPTIONS,
    HOUSEHOLD_OPTIONS,
    INCOME_BELOW,
    INCOME_BETWEEN,
    INCOME_FROM,
    YES_NO,
    Option,
)
from kiosk.core.finder_wording import money  # one way of writing sums, shared with the results

_FIXED: dict[str, tuple[Option, ...]] = {
    "age": tuple(Option(span, label) for span, label in AGE_GROUPS),
    "youngest_child_months": tuple(Option(span, label) for span, label in CHILD_AGE_GROUPS),
    "children": CHILDREN_OPTIONS,
    "household": HOUSEHOLD_OPTIONS,
    "disability_group": DISABILITY_OPTIONS,
    **CHOICE_OPTIONS,
}


def options_for(
    fact: str,
    districts: Iterable[tuple[str, str, str | None]],
    minimums: Minimums | None,
    answers: Mapping[str, object],
) -> tuple[Option, ...]:
    """The answers offered for `fact`; () when there is nothing sensible to offer."""
    if fact in _FIXED:
        return _FIXED[fact]
    if fact == "district":
        return tuple(Option(id_, ru, en) for id_, ru, en in districts)
    if fact == "income":
        return income_options(answers.get("household"), minimums)
    if FACTS.get(fact) == "bool":
        return YES_NO
    assert fact not in CHOICES, fact  # every choice has its buttons in CHOICE_OPTIONS
    return ()


def income_options(household: object, minimums: Minimums | None) -> tuple[Option, ...]:
    """Monthly household income in bands whose edges are the household's size times each
    minimum a rule compares with (per person, pensioner), lowest first."""
    if household is None or minimums is None:
        return ()
    people = max(1, household.lo if isinstance(household, Span) else int(household))
    edges = sorted({people * minimums.pensioner, people * minimums.per_capita})
    options = [Option(Span(0, edges[0] - 1), INCOME_BELOW, args=(("sum", money(edges[0])),))]
    for low, high in zip(edges, edges[1:], strict=False):
        args = (("low", money(low)), ("high", money(high - 1)))
        options.append(Option(Span(low, high - 1), INCOME_BETWEEN, args=args))
    options.append(
        Option(Span(edges[-1], math.inf), INCOME_FROM, args=(("sum", money(edges[-1])),))
    )
    return tuple(options)
