"""The message catalogues cover the code: scripts/messages.py, run in-process."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

from content.presentation.i18n import po_path, read_catalog

ROOT = Path(__file__).resolve().parents[2]


def _load_script():
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messages = _load_script()


def test_every_message_in_the_code_has_a_russian_and_an_english_translation():
    problems = messages.check()
    assert problems == [], "run `.venv/bin/python scripts/messages.py` and translate:\n" + (
        "\n".join(problems)
    )


# -- the extractor on a small tree of its own ----------------------------------------------


@pytest.fixture
def tree(tmp_path):
    """A project with one Python module and one kv file, and its catalogues made."""
    write(
        tmp_path / "kiosk" / "screen.py",
        'from kiosk.app.live_translator import _\nt = _("Назад")\n',
    )
    write(
        tmp_path / "kiosk" / "screen.kv",
        """
        #:import _ kiosk.app.live_translator._
        <Screen>:
            Label:
                text: '‹  ' + _('Привет')
            Label:
                text: _("Цитата \\"в кавычках\\"")
            Label:
                text: not_ours_('Не сообщение')
        """,
    )
    messages.update(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def translate(root: Path, lang: str, translations: dict) -> None:
    """Do what a translator does: fill msgstrs of the .po file."""
    path = po_path(lang, root / messages.LOCALE)
    catalog = read_catalog(path)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
    path.write_bytes(messages._po_bytes(catalog))


def msgids(root: Path, lang: str) -> list:
    return [m.id for m in read_catalog(po_path(lang, root / messages.LOCALE)) if m.id]


EN = {"Назад": "Back", "Привет": "Hello", 'Цитата "в кавычках"': 'A "quoted" text'}


def test_messages_are_found_in_python_and_kv(tree):
    assert msgids(tree, "en") == ["Привет", 'Цитата "в кавычках"', "Назад"]  # files sorted
    assert msgids(tree, "ru") == msgids(tree, "en")


def test_russian_repeats_the_source_and_english_waits_for_a_translator(tree):
    assert messages.check(tree) == [
        f"content/presentation/locale/en/LC_MESSAGES/kiosk.po: no translation: {msgid!r} ({where})"
        for msgid, where in [
            ("Привет", "kiosk/screen.kv:5"),
            ('Цитата "в кавычках"', "kiosk/screen.kv:7"),
            ("Назад", "kiosk/screen.py:2"),
        ]
    ]
    translate(tree, "en", EN)
    assert messages.check(tree) == []


def test_a_new_untranslated_string_fails_the_check(tree):
    translate(tree, "en", EN)
    write(tree / "kiosk" / "new.py", 'from kiosk.app.live_translator import _\n_("Новая строка")\n')
    problems = messages.check(tree)
    assert len(problems) == 2
    assert all("not in the catalogue: 'Новая строка' (kiosk/new.py:2)" in p for p in problems)

    messages.update(tree)
    assert messages.check(tree) == [
        "content/presentation/locale/en/LC_MESSAGES/kiosk.po: "
        "no translation: 'Новая строка' (kiosk/new.py:2)"
    ]


def test_updating_keeps_translations_and_retires_strings_the_code_dropped(tree):
    translate(tree, "en", EN)
    write(tree / "kiosk" / "screen.py", "")
    messages.update(tree)
    en = read_catalog(po_path("en", tree / messages.LOCALE))
    assert "Назад" not in en and en.obsolete["Назад"].string == "Back"
    assert en["Привет"].string == "Hello"

    write(tree / "kiosk" / "screen.py", 'from kiosk.app.live_translator import _\nt = _("Назад")\n')
    messages.update(tree)
    assert messages.check(tree) == []  # the string came back with its translation
    assert messages.update(tree) == []  # nothing left to change: the files stay as they are


def test_a_russian_plural_needs_three_forms_written_by_hand(tree):
    translate(tree, "en", EN)
    write(
        tree / "kiosk" / "count.py",
        'from kiosk.app.live_translator import ngettext\nngettext("{n} услуга", "{n} услуги", 5)\n',
    )
    messages.update(tree)
    languages = [
        Path(p.split(": ")[0]).relative_to(messages.LOCALE).parts[0] for p in messages.check(tree)
    ]
    assert languages == ["ru", "en"]

    key = ("{n} услуга", "{n} услуги")
    translate(tree, "ru", {key: ("{n} услуга", "{n} услуги", "{n} услуг")})
    translate(tree, "en", {key: ("{n} service", "{n} services")})
    assert messages.check(tree) == []


def test_a_translation_with_a_placeholder_the_source_lacks_is_refused(tree):
    write(
        tree / "kiosk" / "date.py",
        'from kiosk.app.live_translator import _\n_("Информация на {date}")\n',
    )
    messages.update(tree)
    translate(tree, "en", EN | {"Информация на {date}": "Information as of {data}"})
    assert messages.check(tree) == [
        "content/presentation/locale/en/LC_MESSAGES/kiosk.po: placeholders ['{data}'] in "
        "'Information as of {data}', the source has ['{date}']"
    ]


def test_percent_placeholders_are_checked_too(tree):
    write(
        tree / "kiosk" / "age.py",
        'from content.presentation.i18n import N_\nN_("Возраст: %(group)s")\n',
    )
    messages.update(tree)
    translate(tree, "en", EN | {"Возраст: %(group)s": "Age: %(grop)s"})
    assert messages.check(tree) == [
        "content/presentation/locale/en/LC_MESSAGES/kiosk.po: placeholders ['%(grop)'] in "
        "'Age: %(grop)s', the source has ['%(group)']"
    ]


def test_messages_inside_f_strings_are_found_but_plain_strings_are_not(tmp_path):
    source = tmp_path / "screen.py"
    source.write_text(
        "from kiosk.app.live_translator import _\n"
        "line = f\"[b]{_('Тема:')}[/b] {topic}\"\n"
        "doc = \"an example: _('не сообщение')\"\n",
        encoding="utf-8",
    )
    found = [message for _line, message, _comments in messages._python_messages(source)]
    assert found == ["Тема:"]
