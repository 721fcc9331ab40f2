"""Message catalogues: the kiosk's Russian source strings in the visitor's language.

Pure core, no Kivy: `translator(lang)` reads
content/presentation/locale/<lang>/LC_MESSAGES/kiosk.po (the
file a translator edits; no compiled .mo is kept, so nothing can go stale) once per
language and answers through the standard library's `gettext` machinery, plural rules
included: Russian has three forms (1 рубль, 2 рубля, 5 рублей), taken from the .po header's
Plural-Forms. A message that is missing, fuzzy or has an empty form is left out, so the
Russian source string shows instead of a gap.

The Kivy side (a language switch that re-renders the screen) is kiosk/app/live_translator.py; the
tool that extracts strings and keeps the .po files in step is scripts/messages.py.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""content/presentation/locale: one <lang>/LC_MESSAGES/kiosk.po per language."""

DOMAIN = "kiosk"

SOURCE_LANGUAGE = "ru"
"""The language of the msgids: it needs no catalogue to be shown."""


def N_(message: str) -> str:
    """Return `message` unchanged: marks a string for extraction where it is defined (the
    pure core keeps Russian msgids), while the UI translates it at display time."""
    return message


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Where the catalogue of `lang` lives."""
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """The languages with a catalogue, sorted; the source language always among them."""
    found = {p.parent.parent.name for p in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | {SOURCE_LANGUAGE})


def read_catalog(path: Path) -> Catalog:
    """A .po file as a Babel catalogue (obsolete `#~` entries in `.obsolete`)."""
    with path.open("rb") as fileobj:
        return read_po(fileobj, abort_invalid=True)


def is_translated(message: Message) -> bool:
    """True when every form of `message` has a non-empty translation and none is fuzzy."""
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


class Translator:
    """One language's messages: `gettext(msgid)` and `ngettext(singular, plural, n)`."""

    def __init__(self, lang: str, translations: gettext.NullTranslations):
        self.lang = lang
        self._translations = translations

    def gettext(self, msgid: str) -> str:
        """`msgid` in this language; the msgid itself when it has no translation."""
        return self._translations.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` (e.g. "{n} услуга", "{n} услуги", "{n} услуг"); format it yourself."""
        return self._translations.ngettext(singular, plural, n)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


@cache
def translator(lang: str, locale_dir: Path = LOCALE_DIR) -> Translator:
    """The translator for `lang`, read from its .po file on first use and then kept.

    Raises LookupError for a language that has no catalogue, except the source language,
    whose msgids are the text itself.
    """
    path = po_path(lang, locale_dir)
    if not path.exists():
        if lang == SOURCE_LANGUAGE:
            return Translator(lang, gettext.NullTranslations())
        known = ", ".join(available_languages(locale_dir))
        raise LookupError(f"no catalogue for language {lang!r} (have: {known}): {path}")
    return Translator(lang, _compile(read_catalog(path)))


def _compile(catalog: Catalog) -> gettext.GNUTranslations:
    """The translated part of `catalog` as stdlib translations, compiled in memory."""
    for message in list(catalog):
        if message.id and not is_translated(message):
            catalog.delete(message.id, message.context)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
