"""What the screen and the paper both say of a citizen's request (issue 17): each kind's
title, and the reference spaced for the eye."""

from __future__ import annotations

from content.presentation.i18n import N_

TITLES = {
    "appointment": N_("Записаться на приём"),
    "callback": N_("Заказать обратный звонок"),
    "rating": N_("Оценить качество услуги"),
    "complaint": N_("Написать жалобу"),
    "wrong_info": N_("Сообщить об ошибке в сведениях"),
    "about_me": N_("Рассказать о себе"),
}
"""A kind's title: the form's, the label of the button that opens it, the confirmation's
and the slip's."""


def spaced(reference: str) -> str:
    """The reference with a gap between its symbols, for the eye: 'K 7 M Q - 4 X R 9'."""
    return " - ".join(" ".join(group) for group in reference.split("-"))
