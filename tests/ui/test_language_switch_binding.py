"""A kv text written `_('…')` follows the language switch in place, with no rebuilding.

Any Kivy widget needs the window, and Kivy allows one per process: the window is configured
as `HeadlessKiosk` does it, so whichever test makes it first, the app's tests get the same.
The messages come from a small catalogue of the test's own, which has a plural the kiosk's
catalogue does not have (yet).
"""

from __future__ import annotations

import gc

import pytest

KV = """
#:import _ kiosk.app.live_translator._
BoxLayout:
    count: 5
    Label:
        id: back
        text: '‹  ' + _('Назад')
    Label:
        id: badge
        text: _('Демонстрационные материалы') if root.count else ''
    Label:
        id: shown
        text: _.ngettext('{n} услуга', '{n} услуги', root.count).format(n=root.count)
"""


RU = 'msgid "{n} услуга"\nmsgid_plural "{n} услуги"\n' + "".join(
    f'msgstr[{i}] "{{n}} {form}"\n' for i, form in enumerate(("услуга", "услуги", "услуг"))
)
EN = """
msgid "Назад"
msgstr "Back"

msgid "Демонстрационные материалы"
msgstr "Demonstration content"

msgid "{n} услуга"
msgid_plural "{n} услуги"
msgstr[0] "{n} service"
msgstr[1] "{n} services"
"""
PLURALS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


@pytest.fixture(autouse=True)
def catalogues(tmp_path, monkeypatch):
    """The translator reads this test's catalogues instead of content/presentation/locale."""
    from content.presentation import i18n
    from kiosk.app import live_translator as app_i18n

    for lang, body in (("ru", RU), ("en", EN)):
        path = i18n.po_path(lang, tmp_path)
        path.parent.mkdir(parents=True)
        header = f'msgid ""\nmsgstr ""\n"Plural-Forms: {PLURALS[lang]}\\n"\n\n'
        path.write_text(header + body, encoding="utf-8")
    monkeypatch.setattr(app_i18n, "translator", lambda lang: i18n.translator(lang, tmp_path))


@pytest.fixture
def widget():
    from kiosk.app.main import configure

    configure(fullscreen=False, headless=True)  # before the first widget makes the window
    from kivy.lang import Builder

    from kiosk.app.live_translator import current_language, switch_language

    assert current_language() == "ru"
    widget = Builder.load_string(KV)
    try:
        yield widget
    finally:
        switch_language("ru")


def shown(widget) -> list[str]:
    return [widget.ids[name].text for name in ("back", "badge", "shown")]


def test_switching_language_re_renders_kv_texts_and_back(widget):
    from kiosk.app.live_translator import _, current_language, switch_language

    assert shown(widget) == ["‹  Назад", "Демонстрационные материалы", "5 услуг"]

    switch_language("en")
    assert current_language() == "en"
    assert shown(widget) == ["‹  Back", "Demonstration content", "5 services"]
    assert _("Назад") == "Back"  # Python callers see the same language

    switch_language("ru")
    assert shown(widget) == ["‹  Назад", "Демонстрационные материалы", "5 услуг"]


def test_a_rule_still_follows_its_own_properties(widget):
    widget.count = 1
    assert shown(widget)[2] == "1 услуга"
    widget.count = 0
    assert shown(widget)[1] == ""


def test_an_unknown_language_changes_nothing(widget):
    from kiosk.app.live_translator import current_language, switch_language

    with pytest.raises(LookupError):
        switch_language("xx")
    assert current_language() == "ru"
    assert shown(widget)[0] == "‹  Назад"


def test_a_widget_that_is_gone_is_no_longer_bound_to_the_translator():
    from kiosk.app.main import configure

    configure(fullscreen=False, headless=True)
    from kivy.lang import Builder

    from kiosk.app.live_translator import _

    gc.collect()  # widgets of earlier tests go now, not in the middle of the count
    before = len(_.get_property_observers("lang"))
    widget = Builder.load_string(KV)
    assert len(_.get_property_observers("lang")) == before + 3
    del widget
    gc.collect()
    assert len(_.get_property_observers("lang")) == before
