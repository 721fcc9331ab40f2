"""The usage report's page in words: headings, column captions, and each code in a day of
use (a session length, a kind of printout, a setting) as staff read it.

The msgids are Russian, marked with N_ and translated where shown (usage_report_page, through
content.presentation.i18n), as the inbox's page does (kiosk/office/wording.py). The CSV
files keep the codes: scripts read them.
"""

from __future__ import annotations

from content.presentation.i18n import N_
from kiosk.office import wording
from kiosk.office.wording import KIND_TITLES

TITLE = N_("Как используют терминалы")
PERIOD = N_("Период: с {first} по {last}")
NO_DAYS = N_("За этот период нет ни одного отчёта терминала.")
COUNTED_ONCE = N_("Каждый день каждого терминала учтён один раз: повторных файлов не учтено — {n}.")
DROPPED = N_(
    "Поисковых запросов, нарушивших правила приватности (цифры, больше пяти слов, меньше "
    "трёх раз за день), не показано: {n}. Терминалы не должны были их сохранять."
)

SUMMARY = {
    "terminals": N_("Терминалов"),
    "terminal_days": N_("Дней с отчётом"),
    "sessions": N_("Посещений"),
    "average": N_("Средняя длительность посещения"),
    "searches": N_("Поисков"),
    "found_nothing": N_("Из них ничего не нашли"),
    "finder_runs": N_("Подборов льгот"),
    "printouts": N_("Распечаток"),
    "requests": N_("Обращений"),
}
MINUTES = N_("{m} мин {s} с")

HEADINGS = {
    "days": N_("Посещения по дням"),
    "hours": N_("Касания экрана по часам суток"),
    "lengths": N_("Длительность посещений"),
    "services": N_("Самые просматриваемые услуги"),
    "gaps": N_("Что искали и не нашли"),
    "found": N_("Частые поиски, которые дали результат"),
    "finder": N_("Подбор льгот: какие льготы предложены"),
    "printouts": N_("Распечатки по видам"),
    "requests": N_("Обращения по видам"),
    "settings": N_("Язык и специальные возможности"),
    "screens": N_("Экраны"),
    "viewed_other": N_("Просмотры организаций и мероприятий"),
    "terminals": N_("По терминалам"),
    "unreadable": N_("Файлы, которые не удалось прочитать"),
    "duplicates": N_("Повторные файлы (не учтены)"),
}

GAPS_NOTE = N_(
    "Запросы, по которым терминал ничего не нашёл, — чаще всего повторявшиеся вверху. "
    "Это сведения, которых не хватает в справочнике: их стоит добавить (услугу, "
    "синоним, ключевое слово). Показаны только запросы без цифр, не длиннее пяти слов, "
    "которые на терминале искали хотя бы в трёх разных посещениях за день."
)
FINDER_RUNS = N_("Запусков подбора льгот: {n}.")
MORE_IN_CSV = N_("Показаны первые {shown} из {n}; все — в файлах CSV (--csv).")
NONE = N_("Нет данных.")

COLUMNS = {
    "date": N_("Дата"),
    "terminals": N_("Терминалов"),
    "sessions": N_("Посещений"),
    "searches": N_("Поисков"),
    "found_nothing": N_("Ничего не нашли"),
    "printouts": N_("Распечаток"),
    "requests": N_("Обращений"),
    "hour": N_("Час"),
    "touches": N_("Касаний"),
    "length": N_("Длительность"),
    "id": N_("Код"),
    "name": N_("Название"),
    "views": N_("Просмотров"),
    "text": N_("Запрос"),
    "times": N_("Сколько раз"),
    "on_terminals": N_("На скольких терминалах"),
    "kind": N_("Вид"),
    "count": N_("Количество"),
    "setting": N_("Настройка"),
    "share": N_("Доля посещений"),
    "terminal": N_("Терминал"),
    "days": N_("Дней с отчётом"),
    "first": N_("Первый день"),
    "last": N_("Последний день"),
    "app_version": N_("Версия программы"),
    "pack": N_("Пакет сведений"),
    "file": N_("Файл"),
    "why": N_("Причина"),
    "counted": N_("Учтён файл"),
    "left_out": N_("Не учтён файл"),
    "same": N_("Совпадают"),
    "screen": N_("Экран"),
}

YES, NO = wording.YES, wording.NO

LENGTHS = {
    "lt_30s": N_("до 30 с"),
    "30s_2m": N_("30 с – 2 мин"),
    "2m_5m": N_("2–5 мин"),
    "5m_15m": N_("5–15 мин"),
    "ge_15m": N_("15 мин и дольше"),
}

PRINTOUTS = {
    "leaflet": N_("Листовки об услуге"),
    "list": N_("Мой список"),
    "brochure": N_("Брошюры раздела"),
    "slip": N_("Квитанции об обращении"),
}

REQUESTS = KIND_TITLES

SETTINGS = {
    "lang_en": N_("Английский язык"),
    "large_text": N_("Крупный текст"),
    "high_contrast": N_("Высокий контраст"),
    "read_aloud": N_("Чтение вслух"),
    "keypad": N_("Управление с клавиатуры"),
}

VIEWED_KINDS = {"agency": N_("Организация"), "event": N_("Мероприятие")}

TABLE = N_("Таблица")
