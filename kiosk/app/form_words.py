"""The words of the request form (kiosk/app/screens/request_form.py) besides its title
(content.presentation.requests.TITLES): what happens to each kind, the fields' captions, the
choices' labels. Russian source msgids, translated where shown."""

from __future__ import annotations

from content.presentation.i18n import N_

WHAT_HAPPENS = {
    "appointment": N_(
        "Это заявка на приём, а не запись на точное время: сотрудники позвонят вам "
        "в течение {days} рабочих дней и подтвердят день и время."
    ),
    "callback": N_("Сотрудники позвонят вам в течение {days} рабочих дней."),
    "rating": N_("Оцените по пяти вопросам от 1 (плохо) до 5 (отлично). Имя и телефон не нужны."),
    "complaint": N_(
        "Если вы укажете, куда ответить, жалобу зарегистрируют и ответят в течение 30 дней "
        "(закон № 59-ФЗ). Без адреса для ответа жалобу прочтут, но ответа не будет."
    ),
    "wrong_info": N_(
        "Сообщение получат сотрудники, которые ведут сведения на терминале. Имя и телефон не нужны."
    ),
    "about_me": N_(
        "Сотрудники найдут ваше сообщение по его номеру, когда вы придёте. "
        "Не пишите номер паспорта или СНИЛС."
    ),
}
"""The plain sentence under the title: what happens to the form."""

WHAT_HAPPENS_NO_DAYS = {
    "appointment": N_(
        "Это заявка на приём, а не запись на точное время: сотрудники выбранной "
        "организации позвонят вам и подтвердят день и время."
    ),
    "callback": N_("Сотрудники выбранной организации позвонят вам."),
}
"""The same before the organisation is chosen (its pack data say within how many days)."""

CAPTIONS = {
    "agency": N_("Выберите организацию"),
    "topic": N_("О чём вы хотите поговорить"),
    "mode": N_("Как с вами связаться"),
    "day": N_("Желаемый день"),
    "part_of_day": N_("Время дня"),
    "name": N_("Ваше имя"),
    "phone": N_("Телефон"),
    "location": N_("Отделение"),
    "district": N_("Район"),
    "household": N_("Кто живёт с вами (через запятую)"),
    "help": N_("Какая помощь вам нужна"),
    "comment": N_("Комментарий (если хотите)"),
    "text": N_("Текст"),
    "answer": N_("Нужен ли вам ответ"),
    "reply_by": N_("Как ответить"),
    "reply_to": N_("Адрес для ответа: почтовый или электронной почты"),
    "wrong": N_("Что неверно"),
    "waiting": N_("Время ожидания в очереди"),
    "staff": N_("Вежливость и компетентность сотрудников"),
    "comfort": N_("Комфортность помещения"),
    "duration": N_("Время предоставления услуги"),
    "information": N_("Доступность информации об услуге"),
}

CHOICES = {
    "morning": N_("Утром"),
    "afternoon": N_("После обеда"),
    "callback": N_("Позвонить мне"),
    "online": N_("Онлайн-консультация"),
    "post": N_("Почтой"),
    "email": N_("Электронной почтой"),
    "address": N_("Адрес"),
    "hours": N_("Часы работы"),
    "phone": N_("Телефон"),
    "link": N_("Ссылка на сайт"),
    "other": N_("Другое"),
}

ANSWER = {True: N_("Да, жду ответа"), False: N_("Нет, ответ не нужен")}

WEEKDAY_NAMES = (
    N_("пн"),
    N_("вт"),
    N_("ср"),
    N_("чт"),
    N_("пт"),
    N_("сб"),
    N_("вс"),
)

CHOOSE_OFFICE_FIRST = N_("Дни приёма появятся здесь, когда вы выберете отделение")
"""Where an appointment's days go until an office is chosen."""

FULL = N_("Больше не поместится: здесь не больше {limit} символов")
"""Beside a field that has taken all the characters it takes."""
