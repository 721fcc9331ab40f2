"""The benefit finder's reasons in words: each answer behind a finding, or a fact to check,
as one sentence, and sums of roubles as Russian writes them.

Plurals: explain() calls ngettext(singular, plural, n) with two Russian source forms
("%(n)d ребёнок" / "%(n)d детей"), the gettext convention for a two-form source language.
Russian needs three forms (1 ребёнок, 2 ребёнка, 5 детей), so the Russian catalogue
(ru.po, Plural-Forms: nplurals=3) must hold all three; without it, 2-4 read "2 детей".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from content.presentation.i18n import N_
from content.rules import Minimums, Span, income_per_head
from kiosk.core.finder_questions import AGE_GROUPS, CHILD_AGE_GROUPS, YES_NO_PHRASES

if TYPE_CHECKING:
    from kiosk.core.finder import Reason


def money(amount: float) -> str:
    """Roubles as Russian writes them: 17 424 (a no-break space between thousands)."""
    return f"{int(amount):,}".replace(",", "\u00a0")


def explain(
    reason: Reason,
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    district_names: Mapping[str, str] | None = None,
    minimums: Minimums | None = None,
    answers: Mapping[str, object] | None = None,
) -> str:
    """Phrase a reason (or, with value None, a fact to check) as one sentence.

    `district_names` maps district ids to names in the UI language; without it the id shows.
    With `minimums` and the `answers`, income per person is said with its figures.
    """
    fact, value = reason.fact, reason.value
    if fact in ("low_income", "below_pensioner_minimum") and value is not None and minimums:
        return _income_sentence(fact, bool(value), gettext, minimums, answers or {})
    if fact in YES_NO_PHRASES:
        said_yes, said_no, check = YES_NO_PHRASES[fact]
        return gettext(check if value is None else said_yes if value else said_no)
    if fact == "age":
        if value is None:
            return gettext(N_("Уточните ваш возраст"))
        if isinstance(value, Span):
            group = dict(AGE_GROUPS).get(value)
            text = gettext(group) if group else _span_text(value)
            return gettext(N_("Вы указали возраст: %(group)s")) % {"group": text}
        n = int(value)
        # Translators: ru.po needs three forms: 1 год, 2 года, 5 лет.
        return ngettext("Вы указали, что вам %(n)d год", "Вы указали, что вам %(n)d лет", n) % {
            "n": n
        }
    if fact == "children":
        if value is None:
            return gettext(N_("Уточните, сколько у вас детей до 18 лет"))
        if isinstance(value, Span):
            if value.hi == math.inf:
                msg = N_("Вы указали, что у вас %(n)d и более детей до 18 лет")
                return gettext(msg) % {"n": value.lo}
            msg = N_("Вы указали, что у вас от %(lo)d до %(hi)d детей до 18 лет")
            return gettext(msg) % {"lo": value.lo, "hi": value.hi}
        n = int(value)
        if n == 0:
            return gettext(N_("Вы указали, что у вас нет детей до 18 лет"))
        # Translators: ru.po needs three forms: 1 ребёнок, 2 ребёнка, 5 детей.
        return ngettext(
            "Вы указали, что у вас %(n)d ребёнок до 18 лет",
            "Вы указали, что у вас %(n)d детей до 18 лет",
            n,
        ) % {"n": n}
    if fact == "district":
        if value is None:
            return gettext(N_("Уточните, где вы живёте"))
        name = (district_names or {}).get(str(value), str(value))
        return gettext(N_("Вы указали, где живёте: %(district)s")) % {"district": name}
    if fact in _OTHER_FACTS:
        return _OTHER_FACTS[fact](value, gettext, ngettext)
    raise ValueError(f"no wording for the fact '{fact}'")


def _income_sentence(fact, below, gettext, minimums: Minimums, answers) -> str:
    limit = minimums.per_capita if fact == "low_income" else minimums.pensioner
    span = income_per_head(answers)
    args = {"limit": money(limit)}
    if span is not None and span[1] != math.inf and span[0] == span[1]:
        args["sum"] = money(span[0])
        msg = (
            N_("Доход на человека — %(sum)s ₽, это ниже прожиточного минимума (%(limit)s ₽)")
            if below
            else N_(
                "Доход на человека — %(sum)s ₽, это не ниже прожиточного минимума (%(limit)s ₽)"
            )
        )
    else:
        msg = (
            N_("Доход на человека ниже прожиточного минимума (%(limit)s ₽)")
            if below
            else N_("Доход на человека не ниже прожиточного минимума (%(limit)s ₽)")
        )
    return gettext(msg) % args


def _sex(value, gettext, ngettext) -> str:
    if value is None:
        return gettext(N_("Уточните, мужчина вы или женщина"))
    return gettext(
        N_("Вы указали, что вы женщина") if value == "female" else N_("Вы указали, что вы мужчина")
    )


_EMPLOYMENT = {
    None: N_("Уточните, работаете ли вы"),
    "works": N_("Вы указали, что работаете"),
    "unemployed": N_("Вы указали, что стоите на учёте в центре занятости"),
    "not_working": N_("Вы указали, что не работаете"),
}


def _employment(value, gettext, ngettext) -> str:
    return gettext(_EMPLOYMENT.get(value, _EMPLOYMENT[None]))


def _household(value, gettext, ngettext) -> str:
    if value is None:
        return gettext(N_("Уточните, сколько человек в семье"))
    if isinstance(value, Span):
        return gettext(N_("Вы указали, что в семье %(n)d и больше человек")) % {"n": value.lo}
    n = int(value)
    # Translators: ru.po needs three forms: 1 человек, 2 человека, 5 человек.
    return ngettext(
        "Вы указали, что в семье %(n)d человек", "Вы указали, что в семье %(n)d человек", n
    ) % {"n": n}


def _income(value, gettext, ngettext) -> str:
    if value is None:
        return gettext(N_("Уточните общий доход семьи в месяц"))
    if isinstance(value, Span):
        low, high = value.lo, value.hi
        if high == math.inf:
            text = gettext(N_("%(sum)s ₽ и больше")) % {"sum": money(low)}
        elif low == 0:
            text = gettext(N_("меньше %(sum)s ₽")) % {"sum": money(high + 1)}
        else:
            text = gettext(N_("от %(low)s до %(high)s ₽")) % {
                "low": money(low),
                "high": money(high),
            }
    else:
        text = money(float(value)) + " ₽"
    return gettext(N_("Вы указали доход семьи в месяц: %(income)s")) % {"income": text}


def _youngest(value, gettext, ngettext) -> str:
    if value is None:
        return gettext(N_("Уточните возраст младшего ребёнка"))
    span = value if isinstance(value, Span) else Span(int(value), int(value))
    groups = [
        label for group, label in CHILD_AGE_GROUPS if group.lo <= span.lo and span.hi <= group.hi
    ]
    if groups:
        text = gettext(groups[0])
    else:
        text = gettext(N_("%(n)d мес.")) % {"n": span.lo}
    return gettext(N_("Вы указали возраст младшего ребёнка: %(group)s")) % {"group": text}


_GROUPS = {1: "I", 2: "II", 3: "III"}


def _disability_group(value, gettext, ngettext) -> str:
    if value is None:
        return gettext(N_("Уточните группу инвалидности"))
    if not value:
        return gettext(N_("Вы указали, что группы инвалидности нет"))
    return gettext(N_("Вы указали группу инвалидности: %(group)s")) % {
        "group": _GROUPS.get(int(value), value)
    }


_OTHER_FACTS: dict[str, Callable] = {
    "sex": _sex,
    "employment": _employment,
    "household": _household,
    "income": _income,
    "youngest_child_months": _youngest,
    "disability_group": _disability_group,
}


def _span_text(span: Span) -> str:
    """A span outside the fixed groups, as plain numbers: "20–25" or "20+"."""
    return f"{span.lo}+" if span.hi == math.inf else f"{span.lo}–{span.hi}"
