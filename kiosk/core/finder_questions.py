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
    args: tuple[tuple[str, object], ...] = ()
    """Values for the label's %(name)s places (income bands name sums of money)."""


@dataclass(frozen=True)
class Question:
    """A question about one fact; answering None means "skip / don't know"."""

    fact: str
    text: str
    hint: str  # never empty
    options: tuple[Option, ...]
    hint_args: tuple[tuple[str, object], ...] = ()
    """Values for the hint's %(name)s places (the region's subsistence minimum)."""


# Group edges sit on the ages the rules use (14, 18, 50, 59 and 64 for the 2026 pension ages,
# 70, 80), so a group answers "age >= 64" outright instead of leaving it MAYBE.
AGE_GROUPS: tuple[tuple[Span, str], ...] = (
    (Span(0, 13), N_("до 14 лет")),
    (Span(14, 17), N_("14–17 лет")),
    (Span(18, 29), N_("18–29 лет")),
    (Span(30, 49), N_("30–49 лет")),
    (Span(50, 58), N_("50–58 лет")),
    (Span(59, 63), N_("59–63 года")),
    (Span(64, 69), N_("64–69 лет")),
    (Span(70, 79), N_("70–79 лет")),
    (Span(80), N_("80 лет и старше")),
)

# The youngest child's age in months; edges at 6 months (birth grant), 1.5 years (childcare
# allowance), 7 years (maternity capital for a first child born since 2020) and 17 years
# (unified allowance).
CHILD_AGE_GROUPS: tuple[tuple[Span, str], ...] = (
    (Span(0, 5), N_("до 6 месяцев")),
    (Span(6, 17), N_("от 6 месяцев до 1,5 года")),
    (Span(18, 83), N_("от 1,5 до 7 лет")),
    (Span(84, 203), N_("7–16 лет")),
    (Span(204, 215), N_("17 лет")),
)

CHILDREN_OPTIONS: tuple[Option, ...] = (
    Option(0, N_("Нет")),
    Option(1, "1"),
    Option(2, "2"),
    Option(3, "3"),
    Option(Span(4), N_("4 и больше")),
)

HOUSEHOLD_OPTIONS: tuple[Option, ...] = (
    Option(1, N_("Живу один")),
    *(Option(n, str(n)) for n in range(2, 7)),
    Option(Span(7), N_("7 и больше")),
)

DISABILITY_OPTIONS: tuple[Option, ...] = (
    Option(1, N_("I группа")),
    Option(2, N_("II группа")),
    Option(3, N_("III группа")),
    Option(0, N_("Нет")),
)

YES_NO: tuple[Option, ...] = (Option(True, N_("Да")), Option(False, N_("Нет")))

CHOICE_OPTIONS: dict[str, tuple[Option, ...]] = {
    "sex": (Option("female", N_("Женщина")), Option("male", N_("Мужчина"))),
    "employment": (
        Option("works", N_("Работаю")),
        Option("unemployed", N_("Не работаю, стою на учёте в центре занятости")),
        Option("not_working", N_("Не работаю")),
    ),
}

# fact -> (question, hint); when two questions settle as many rules, the one higher here
# comes first. No hint is empty: gettext("") returns the catalogue header, not "".
QUESTIONS: dict[str, tuple[str, str]] = {
    "sex": (
        N_("Вы мужчина или женщина?"),
        N_("От этого зависят пенсионный возраст и выплаты мамам."),
    ),
    "age": (N_("Сколько вам лет?"), N_("Выберите возрастную группу.")),
    "lives_in_region": (
        N_("Вы живёте в Пермском крае?"),
        N_("Постоянно или с регистрацией по месту пребывания."),
    ),
    "household": (
        N_("Сколько человек в вашей семье?"),
        N_("Все, кто живёт с вами и ведёт общее хозяйство, вместе с вами и детьми."),
    ),
    "income": (
        N_("Какой общий доход вашей семьи в месяц?"),
        N_(
            "Зарплаты, пенсии, пособия и алименты всех членов семьи вместе, в среднем за месяц. "
            "Прожиточный минимум в %(year)d году — %(minimum)s ₽ на человека."
        ),
    ),
    "children": (
        N_("Есть ли у вас дети до 18 лет?"),
        N_("Если есть — сколько. Считайте и усыновлённых, приёмных детей и детей под опекой."),
    ),
    "youngest_child_months": (
        N_("Сколько лет вашему младшему ребёнку?"),
        N_("Некоторые выплаты зависят от возраста ребёнка."),
    ),
    "pregnant": (N_("Вы ждёте ребёнка?"), N_("Беременность любого срока.")),
    "employment": (
        N_("Вы сейчас работаете?"),
        N_("По трудовому договору, на службе или как самозанятый."),
    ),
    "pensioner": (N_("Вы получаете пенсию?"), N_("По старости, по инвалидности или другую.")),
    "disability_group": (
        N_("Есть ли у вас группа инвалидности?"),
        N_("Группу устанавливает бюро медико-социальной экспертизы."),
    ),
    "child_disability": (
        N_("Есть ли у вас ребёнок-инвалид?"),
        N_("Ребёнок до 18 лет с категорией «ребёнок-инвалид»."),
    ),
    "veteran": (
        N_("Вы ветеран боевых действий?"),
        N_("В том числе участник специальной военной операции."),
    ),
    "labour_veteran": (
        N_("У вас есть звание «Ветеран труда»?"),
        N_("Федеральное звание, с удостоверением."),
    ),
    "maternity_capital_used": (
        N_("Вы уже получали материнский капитал?"),
        N_("Сертификат выдают один раз."),
    ),
    "needs_care": (
        N_("Вам трудно обслуживать себя самому?"),
        N_("Например, ходить в магазин, готовить, убирать дома без помощи."),
    ),
    "needs_housing": (
        N_("Вам негде жить или жильё слишком тесное либо аварийное?"),
        N_("Например, меньше учётной нормы площади на человека."),
    ),
    "housing_costs_high": (
        N_("Вам трудно платить за жильё и коммунальные услуги?"),
        N_("Плата больше допустимой доли дохода семьи. Точную долю подскажут в МФЦ."),
    ),
    "long_work_record": (
        N_("Ваш трудовой стаж — 40 лет и больше (для женщин — 35)?"),
        N_("Нужно для звания «Ветеран труда Пермского края»."),
    ),
    "print_disability": (
        N_("Вам трудно читать обычный печатный текст?"),
        N_("Из-за плохого зрения или другого нарушения здоровья."),
    ),
    "district": (N_("Где вы живёте?"), N_("Город или округ Пермского края.")),
}

ASK_ONLY_IF: dict[str, object] = {
    "pregnant": {"all": ["sex == female", "age >= 14", "age <= 49"]},
    "youngest_child_months": "children >= 1",
    "child_disability": "children >= 1",
    "maternity_capital_used": {"all": ["sex == female", "children >= 1"]},
    "long_work_record": "age >= 50",
}
"""Rules (as written in content) that must not be NO for the question to be asked: nobody
is asked whether a man of 75 is expecting a child."""

NEEDS_ANSWER: dict[str, str] = {
    "income": "household",
    "youngest_child_months": "children",
    "child_disability": "children",
    "maternity_capital_used": "children",
}
"""A question asked only after another was answered: the income's bands depend on the size
of the household; questions about a child come after the number of children."""

INCOME_BELOW = N_("меньше %(sum)s ₽")
INCOME_BETWEEN = N_("от %(low)s до %(high)s ₽")
INCOME_FROM = N_("%(sum)s ₽ и больше")

# Yes/no facts: (said yes, said no, still to check), as whole sentences for the results.
YES_NO_PHRASES: dict[str, tuple[str, str, str]] = {
    "pregnant": (
        N_("Вы указали, что ждёте ребёнка"),
        N_("Вы указали, что не ждёте ребёнка"),
        N_("Уточните, ждёте ли вы ребёнка"),
    ),
    "disability": (
        N_("Вы указали, что у вас или у ребёнка есть инвалидность"),
        N_("Вы указали, что инвалидности нет"),
        N_("Уточните, есть ли у вас или у ребёнка инвалидность"),
    ),
    "child_disability": (
        N_("Вы указали, что у вас есть ребёнок-инвалид"),
        N_("Вы указали, что ребёнка-инвалида нет"),
        N_("Уточните, есть ли у ребёнка инвалидность"),
    ),
    "pensioner": (
        N_("Вы указали, что получаете пенсию"),
        N_("Вы указали, что не получаете пенсию"),
        N_("Уточните, получаете ли вы пенсию"),
    ),
    "low_income": (
        N_("Доход на человека в семье ниже прожиточного минимума"),
        N_("Доход на человека в семье не ниже прожиточного минимума"),
        N_("Уточните доход семьи и сколько в ней человек"),
    ),
    "below_pensioner_minimum": (
        N_("Доход на человека ниже прожиточного минимума пенсионера"),
        N_("Доход на человека не ниже прожиточного минимума пенсионера"),
        N_("Уточните, меньше ли ваши выплаты прожиточного минимума пенсионера"),
    ),
    "veteran": (
        N_("Вы указали, что вы ветеран боевых действий"),
        N_("Вы указали, что вы не ветеран боевых действий"),
        N_("Уточните, есть ли у вас статус ветерана боевых действий"),
    ),
    "labour_veteran": (
        N_("Вы указали, что у вас есть звание «Ветеран труда»"),
        N_("Вы указали, что звания «Ветеран труда» у вас нет"),
        N_("Уточните, есть ли у вас звание «Ветеран труда»"),
    ),
    "lives_in_region": (
        N_("Вы указали, что живёте в Пермском крае"),
        N_("Вы указали, что живёте не в Пермском крае"),
        N_("Уточните, живёте ли вы в Пермском крае"),
    ),
    "maternity_capital_used": (
        N_("Вы указали, что уже получали материнский капитал"),
        N_("Вы указали, что материнский капитал не получали"),
        N_("Уточните, получали ли вы материнский капитал"),
    ),
    "needs_care": (
        N_("Вы указали, что вам трудно обслуживать себя"),
        N_("Вы указали, что справляетесь сами"),
        N_("Уточните, нужна ли вам помощь по дому"),
    ),
    "needs_housing": (
        N_("Вы указали, что нуждаетесь в жилье"),
        N_("Вы указали, что жильё у вас есть"),
        N_("Уточните, признают ли вас нуждающимся в жилье"),
    ),
    "housing_costs_high": (
        N_("Вы указали, что вам трудно платить за жильё"),
        N_("Вы указали, что плата за жильё вам по силам"),
        N_("Уточните, какую долю дохода вы тратите на жильё"),
    ),
    "long_work_record": (
        N_("Вы указали, что у вас большой трудовой стаж"),
        N_("Вы указали, что стаж меньше нужного"),
        N_("Уточните ваш трудовой стаж"),
    ),
    "print_disability": (
        N_("Вы указали, что вам трудно читать обычный текст"),
        N_("Вы указали, что читаете обычный текст"),
        N_("Уточните, трудно ли вам читать обычный текст"),
    ),
    "unemployed": (
        N_("Вы указали, что стоите на учёте в центре занятости"),
        N_("Вы указали, что не стоите на учёте как безработный"),
        N_("Уточните, признаны ли вы безработным"),
    ),
}
