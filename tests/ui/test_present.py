"""What the service screen will say, checked without a window."""

import pytest

from kiosk.app.markup import (
    display_url,
    format_date,
    format_hours,
    markdown_to_markup,
    service_sections,
)


@pytest.mark.parametrize(
    "markdown, markup",
    [
        ("**Важно.** Текст", "[b]Важно.[/b] Текст"),
        ("строка\nпродолжение", "строка продолжение"),
        ("Список:\n- первое;\n- второе.", "Список:\n• первое;\n• второе."),
        ("1. Шаг\n2. Шаг", "1. Шаг\n2. Шаг"),
        ("абзац\n\nабзац", "абзац\n\nабзац"),
        ("[сайт](https://sfr.gov.ru)", "сайт (https://sfr.gov.ru)"),
        ("a [b] & c", "a &bl;b&br; &amp; c"),
        ("*курсив* и 2*3*4", "[i]курсив[/i] и 2*3*4"),
        ("## Заголовок", "[b]Заголовок[/b]"),
        ("", ""),
    ],
)
def test_markdown_becomes_kivy_markup(markdown, markup):
    assert markdown_to_markup(markdown) == markup


def test_dates_and_hours_read_as_words():
    assert format_date("2026-11-26T23:37:20Z") == "26 ноября 2026 г."
    rows = [
        {"weekday": d, "opens_at": "09:00", "closes_at": "16:00"} for d in ("mo", "tu", "we")
    ] + [{"weekday": "fr", "opens_at": "10:00", "closes_at": "14:00"}]
    assert format_hours(rows) == "пн–ср 09:00–16:00; пт 10:00–14:00"
    assert display_url("https://www.gosuslugi.ru/600/") == "gosuslugi.ru/600"


def test_service_page_has_its_parts_in_reading_order(demo_pack):
    from content.pack.reader import open_pack

    with open_pack(demo_pack) as pack:
        service = pack.service("library-for-the-blind")
    titles = [s.title for s in service_sections(service, "ru")]
    assert titles[:2] == ["Кто может получить", "Подробнее"]  # this one has no amount
    assert titles.index("Как подать заявление") < titles.index("Куда обращаться")
    where = service_sections(service, "ru")[titles.index("Куда обращаться") + 1]
    assert where.level == 2
    assert "Адрес: ул. Краснова, д. 18, Пермь" in where.body


@pytest.mark.parametrize(
    "starts, ends, words",
    [
        ("2027-02-10T14:00", "2027-02-10T15:30", "10 февраля 2027 г., 14:00–15:30"),
        ("2027-02-10T14:00", None, "10 февраля 2027 г., 14:00"),
        ("2027-02-10", None, "10 февраля 2027 г."),
        (
            "2027-02-10T18:00",
            "2027-02-11T10:00",
            "10 февраля 2027 г., 18:00 — 11 февраля 2027 г., 10:00",
        ),
    ],
)
def test_event_times_read_as_words(starts, ends, words):
    from kiosk.app.markup import format_event_time

    assert format_event_time(starts, ends) == words


def test_office_status_is_open_closed_or_unknown_never_guessed():
    from content.model import Text
    from kiosk.app.markup import office_line, open_status_markup

    assert open_status_markup(True, "#1b5e20") == "[color=#1b5e20][b]открыто сейчас[/b][/color]"
    assert open_status_markup(False, "#1b5e20") == "сейчас закрыто"
    assert open_status_markup(None, "#1b5e20") == "часы работы не указаны"
    town_only = {"city": Text("Пермь [центр]"), "street": None, "hours": []}
    line = office_line(town_only, None, "ru", "#000")
    assert line == "Пермь &bl;центр&br; — часы работы не указаны"


def test_office_on_the_agency_page_says_what_is_not_confirmed(demo_pack):
    from content.pack.reader import open_pack
    from kiosk.app.markup import accessibility_words, office_markup

    with open_pack(demo_pack) as pack:
        location = pack.location("sfr-perm-kudymkar-center")
    text = office_markup(location, True, "ru", "#1b5e20")
    assert "[b]Адрес:[/b] ул. Калинина, д. 20, Кудымкар" in text
    assert "[b]Часы работы:[/b] пн–пт 09:00–16:00 — [color=#1b5e20]" in text
    # Its accessibility is an illustrative value of the demo: said, and marked as such.
    (line,) = [ln for ln in text.splitlines() if ln.startswith("[b]Доступность:[/b] ")]
    assert "вход без ступенек" in line and line.endswith(" [i](уточняйте)[/i]")
    # An office the pack says nothing of: not confirmed, never guessed.
    unknown = office_markup(dict(location, accessibility=[], unverified=[]), True, "ru", "#000")
    assert "[b]Доступность:[/b] не подтверждена." in unknown
    assert "уточняйте" not in unknown
    assert accessibility_words(["ramp", "elevator", "unknown"]) == "пандус, лифт"
