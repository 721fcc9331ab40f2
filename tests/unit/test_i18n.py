"""Message catalogues: loading .po files, falling back to Russian, plural forms."""

from __future__ import annotations

import pytest

from content.presentation.i18n import available_languages, po_path, translator

RU_HEADER = (
    '"Language: ru\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
)
EN_HEADER = '"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'

SERVICES = 'msgid "{n} услуга"\nmsgid_plural "{n} услуги"\n'


@pytest.fixture
def locale_dir(tmp_path):
    """A locale folder with a small ru.po and en.po, as a translator would write them."""

    def po(lang: str, header: str, body: str) -> None:
        path = po_path(lang, tmp_path)
        path.parent.mkdir(parents=True)
        path.write_text(f'msgid ""\nmsgstr ""\n{header}\n{body}', encoding="utf-8")

    po(
        "ru",
        RU_HEADER,
        SERVICES + 'msgstr[0] "{n} услуга"\nmsgstr[1] "{n} услуги"\nmsgstr[2] "{n} услуг"\n',
    )
    po(
        "en",
        EN_HEADER,
        'msgid "Назад"\nmsgstr "Back"\n\n'
        'msgid "Пусто"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Неточно"\nmsgstr "Guess"\n\n'
        + SERVICES
        + 'msgstr[0] "{n} service"\nmsgstr[1] "{n} services"\n\n'
        'msgid "{n} час"\nmsgid_plural "{n} часа"\nmsgstr[0] "{n} hour"\nmsgstr[1] ""\n',
    )
    return tmp_path


def test_a_translated_message_comes_from_the_catalogue(locale_dir):
    assert translator("en", locale_dir).gettext("Назад") == "Back"


@pytest.mark.parametrize("msgid", ["Нет в каталоге", "Пусто", "Неточно"])
def test_a_missing_empty_or_fuzzy_translation_shows_the_russian_source(locale_dir, msgid):
    assert translator("en", locale_dir).gettext(msgid) == msgid


def test_a_plural_with_an_empty_form_falls_back_to_the_source(locale_dir):
    en = translator("en", locale_dir)
    assert en.ngettext("{n} час", "{n} часа", 1) == "{n} час"
    assert en.ngettext("{n} час", "{n} часа", 3) == "{n} часа"


@pytest.mark.parametrize(
    "n, form",
    [
        (1, "1 услуга"),
        (2, "2 услуги"),
        (4, "4 услуги"),
        (5, "5 услуг"),
        (11, "11 услуг"),
        (12, "12 услуг"),
        (21, "21 услуга"),
        (22, "22 услуги"),
        (111, "111 услуг"),
        (0, "0 услуг"),
    ],
)
def test_russian_has_three_plural_forms(locale_dir, n, form):
    ru = translator("ru", locale_dir)
    assert ru.ngettext("{n} услуга", "{n} услуги", n).format(n=n) == form


@pytest.mark.parametrize("n, form", [(1, "1 service"), (2, "2 services"), (21, "21 services")])
def test_english_has_two_plural_forms(locale_dir, n, form):
    en = translator("en", locale_dir)
    assert en.ngettext("{n} услуга", "{n} услуги", n).format(n=n) == form


def test_a_catalogue_is_read_once_per_language(locale_dir):
    assert translator("en", locale_dir) is translator("en", locale_dir)


def test_russian_needs_no_catalogue_but_another_language_does(tmp_path):
    assert translator("ru", tmp_path).gettext("Назад") == "Назад"
    with pytest.raises(LookupError, match="'de'"):
        translator("de", tmp_path)


def test_the_kiosk_ships_russian_and_english():
    assert available_languages() == ["en", "ru"]
    assert translator("en").gettext("Назад") == "Back"
    assert translator("ru").gettext("Назад") == "Назад"
