"""The benefit finder's questions and answers, as words: what is asked, the buttons, and
the sentences a result gives for each answer. Data only; kiosk.core.finder asks and judges.

Every string is a Russian source msgid marked with N_(); the UI translates it with gettext.
"""

from __future__ import annotations

from dataclasses import dataclass

from content.presentation.i18n import N_
from content.rules import Span


@dataclass(frozen=True)
class Option:
    """One answer button.

    `label` is a Russian msgid (the UI shows gettext(label)); for options named by the
    content (districts) `label_en` carries the pack's English name, which the English UI
    shows as is: label_en or gettext(label).
    """

    value: object
    label: str
    label_en: str | None = None


@dataclass(frozen=True)
class Question:
    """A question about one fact; answering None means "skip / don't know"."""

    fact: str
    text: str
    hint: str  # never empty
    options: tuple[Option, ...]


# Group edges sit on the ages the rules use (18, 50, 60, 70, 80), so a group answers
# "age >= 60" outright instead of leaving it MAYBE; only a rare edge like 16 falls inside.
AGE_GROUPS: tuple[tuple[Span, str], ...] = (
    (Span(0, 17), N_("до 18 лет")),
    (Span(18, 29), N_("18–29 лет")),
    (Span(30, 49), N_("30–49 лет")),
    (Span(50, 59), N_("50–59 лет")),
    (Span(60, 69), N_("60–69 лет")),
    (Span(70, 79), N_("70–79 лет")),
    (Span(80), N_("80 лет и старше")),
)

CHILDREN_OPTIONS: tuple[Option, ...] = (
    Option(0, N_("Нет")),
    Option(1, "1"),
    Option(2, "2"),
    Option(3, "3"),
    Option(Span(4), N_("4 и больше")),
)

YES_NO: tuple[Option, ...] = (Option(True, N_("Да")), Option(False, N_("Нет")))

# fact -> (question, hint); the order of this table is the order the questions are asked.
# No hint is empty: gettext("") returns the catalogue header, not "".
QUESTIONS: dict[str, tuple[str, str]] = {
    "age": (N_("Сколько вам лет?"), N_("Выберите возрастную группу.")),
    "children": (
        N_("Есть ли у вас дети до 18 лет?"),
        N_("Если есть — сколько. Считайте и усыновлённых, приёмных детей и детей под опекой."),
    ),
    "pregnant": (N_("Вы ждёте ребёнка?"), N_("Беременность любого срока.")),
    "disability": (
        N_("Есть ли у вас инвалидность?"),
        N_("Любая группа. Или у вашего ребёнка есть категория «ребёнок-инвалид»."),
    ),
    "pensioner": (N_("Вы получаете пенсию?"), N_("По старости, по инвалидности или другую.")),
    "low_income": (
        N_("Доход вашей семьи ниже прожиточного минимума?"),
        N_("Считается доход в месяц на каждого члена семьи. Если живёте один — ваш доход."),
    ),
    "veteran": (
        N_("Вы ветеран боевых действий?"),
        N_("В том числе участник специальной военной операции."),
    ),
    "housing_costs_high": (
        N_("Вам трудно платить за жильё и коммунальные услуги?"),
        N_("Плата больше допустимой доли дохода семьи. Точную долю подскажут в МФЦ."),
    ),
    "unemployed": (
        N_("Вы сейчас без работы?"),
        N_("Ищете работу или стоите на учёте в центре занятости."),
    ),
    "district": (N_("Где вы живёте?"), N_("Город или округ Пермского края.")),
}

# Yes/no facts: (said yes, said no, still to check), as whole sentences for the results.
YES_NO_PHRASES: dict[str, tuple[str, str, str]] = {
    "pregnant": (
        N_("Вы указали, что ждёте ребёнка"),
        N_("Вы указали, что не ждёте ребёнка"),
        N_("Уточните, ждёте ли вы ребёнка"),
    ),
    "disability": (
        N_("Вы указали, что у вас есть инвалидность"),
        N_("Вы указали, что у вас нет инвалидности"),
        N_("Уточните, есть ли у вас инвалидность"),
    ),
    "pensioner": (
        N_("Вы указали, что получаете пенсию"),
        N_("Вы указали, что не получаете пенсию"),
        N_("Уточните, получаете ли вы пенсию"),
    ),
    "low_income": (
        N_("Вы указали, что доход семьи ниже прожиточного минимума"),
        N_("Вы указали, что доход семьи не ниже прожиточного минимума"),
        N_("Уточните, ниже ли доход семьи прожиточного минимума"),
    ),
    "veteran": (
        N_("Вы указали, что вы ветеран боевых действий"),
        N_("Вы указали, что вы не ветеран боевых действий"),
        N_("Уточните, есть ли у вас статус ветерана боевых действий"),
    ),
    "housing_costs_high": (
        N_("Вы указали, что вам трудно платить за жильё"),
        N_("Вы указали, что плата за жильё вам по силам"),
        N_("Уточните, какую долю дохода вы тратите на жильё"),
    ),
    "unemployed": (
        N_("Вы указали, что сейчас без работы"),
        N_("Вы указали, что работаете"),
        N_("Уточните, признаны ли вы безработным"),
    ),
}
