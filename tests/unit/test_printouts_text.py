"""Pack text as the printouts' Paragraph markup, and dates, hours and addresses in words."""

import pytest

from printouts.text import (
    Block,
    display_url,
    escape,
    event_cost,
    format_date,
    format_event_time,
    format_hours,
    inline,
    markdown_blocks,
    short_url,
)


@pytest.mark.parametrize(
    "markdown, blocks",
    [
        ("**Важно.** Текст", [Block("para", "<b>Важно.</b> Текст")]),
        ("строка\nпродолжение", [Block("para", "строка продолжение")]),
        (
            "Список:\n- первое;\n- второе.",
            [
                Block("para", "Список:"),
                Block("item", "первое;", "•"),
                Block("item", "второе.", "•"),
            ],
        ),
        ("1. Шаг\n2) Шаг", [Block("item", "Шаг", "1."), Block("item", "Шаг", "2)")]),
        ("абзац\n\nабзац", [Block("para", "абзац"), Block("para", "абзац")]),
        ("## Заголовок\nтекст", [Block("heading", "Заголовок"), Block("para", "текст")]),
        ("", []),
        (None, []),
    ],
)
def test_markdown_becomes_blocks_of_paragraph_markup(markdown, blocks):
    assert markdown_blocks(markdown) == blocks


@pytest.mark.parametrize(
    "line, markup",
    [
        (
            "[сайт фонда](https://sfr.gov.ru/branches/perm/)",
            "сайт фонда (sfr.gov.ru/branches/perm)",
        ),
        ("[https://sfr.gov.ru/](https://sfr.gov.ru/)", "sfr.gov.ru"),
        ("a <b> & c", "a &lt;b&gt; &amp; c"),
        ("*курсив* и 2*3*4", "<i>курсив</i> и 2*3*4"),
        ("**жирный** и *курсив*", "<b>жирный</b> и <i>курсив</i>"),
    ],
)
def test_inline_markdown_becomes_tags_and_pack_text_is_escaped_first(line, markup):
    assert inline(line) == markup


def test_a_space_between_digits_never_breaks_a_phone_number():
    assert escape("звоните 8 800 100-00-01, с 9 до 18") == (
        "звоните 8\u00a0800\u00a0100-00-01, с 9 до 18"
    )


@pytest.mark.parametrize(
    "url, shown, short",
    [
        ("https://www.gosuslugi.ru/600/", "gosuslugi.ru/600", "gosuslugi.ru/600"),
        ("https://sfr.gov.ru/", "sfr.gov.ru", "sfr.gov.ru"),
        (
            "https://pravovsem59.ru/" + "a/" * 30,
            "pravovsem59.ru/" + "a/" * 29 + "a",
            "pravovsem59.ru/…",
        ),
    ],
)
def test_addresses_are_shown_without_scheme_and_long_ones_cut_under_a_code(url, shown, short):
    assert display_url(url) == shown
    assert short_url(url) == short


def test_cut_to_nothing_an_address_keeps_its_host():
    assert short_url("https://sfr.gov.ru/branches/perm/", limit=0) == "sfr.gov.ru/…"
    assert short_url("https://www.gosuslugi.ru/", limit=0) == "gosuslugi.ru"


@pytest.mark.parametrize(
    "lang, iso, words",
    [
        ("ru", "2026-11-26T23:37:20Z", "26 ноября 2026 г."),
        ("en", "2026-11-26", "November 26, 2026"),
        ("ru", "вчера", "вчера"),
        ("ru", "2026-13-01", "2026-13-01"),
        ("ru", "2026-02-30", "2026-02-30"),  # not a day: the hand table said '30 февраля'
        ("ru", "", ""),
        ("ru", None, ""),
    ],
)
def test_dates_read_as_words_in_the_printout_language(lang, iso, words):
    assert format_date(iso, lang) == words


GENITIVE = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
MONTHS = "January February March April May June July August September October November December"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_is_named_as_the_hand_table_named_it(month):
    """Babel's (CLDR's) long date: the Russian month in the genitive, and with an ordinary
    space before 'г.' (CLDR's narrow no-break space is in neither font)."""
    iso = f"2027-{month:02d}-01"
    assert format_date(iso, "ru") == f"1 {GENITIVE.split()[month - 1]} 2027 г."
    assert format_date(iso, "en") == f"{MONTHS.split()[month - 1]} 1, 2027"


@pytest.mark.parametrize(
    "lang, names",
    [("ru", "пн вт ср чт пт сб вс"), ("en", "Mon Tue Wed Thu Fri Sat Sun")],
)
def test_every_day_is_named_as_the_hand_table_named_it(lang, names):
    days = ("mo", "tu", "we", "th", "fr", "sa", "su")
    rows = [
        {"weekday": day, "opens_at": f"{9 + i:02d}:00", "closes_at": "20:00"}
        for i, day in enumerate(days)
    ]
    expected = [f"{name} {9 + i:02d}:00–20:00" for i, name in enumerate(names.split())]
    assert format_hours(rows, lang) == "; ".join(expected)


def test_hours_merge_days_with_the_same_times():
    rows = [{"weekday": d, "opens_at": "09:00", "closes_at": "16:00"} for d in ("mo", "tu", "we")]
    rows.append({"weekday": "fr", "opens_at": "10:00", "closes_at": "14:00"})
    assert format_hours(rows, "ru") == "пн–ср 09:00–16:00; пт 10:00–14:00"
    assert format_hours(rows, "en") == "Mon–Wed 09:00–16:00; Fri 10:00–14:00"
    assert format_hours([], "ru") == ""


def test_event_times_and_costs_in_words():
    assert format_event_time("2027-02-10T14:00", "2027-02-10T15:30", "ru") == (
        "10 февраля 2027 г., 14:00–15:30"
    )
    assert format_event_time("2027-02-10", None, "en") == "February 10, 2027"
    assert event_cost("free", "ru") == "Бесплатно" and event_cost(None, "ru") == ""
