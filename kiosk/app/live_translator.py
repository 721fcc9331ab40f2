"""The one translator every user-facing string goes through, observable by kv rules.

Python::

    from kiosk.app.live_translator import _, ngettext
    _("Назад")                                        # 'Back' when English is on
    ngettext("{n} услуга", "{n} услуги", n).format(n=n)

kv (the import line makes `_` this module's translator in every kv file)::

    #:import _ kiosk.app.live_translator._
    text: _('Назад')
    text: '‹  ' + _('Назад')
    text: _.ngettext('{n} услуга', '{n} услуги', root.count).format(n=root.count)

Why a language switch re-renders such a rule in place: Kivy's kv parser watches `_` in
every rule whose expression contains `_(` (kivy/lang/parser.py, `lang_tr`), and the builder
then calls `_.fbind('_', rule)`; likewise `_.ngettext` is a dotted name, so the builder calls
`_.fbind('ngettext', rule)`. `_` is an EventDispatcher that answers both by binding the rule
to its `lang` property, so `switch_language()` re-evaluates exactly those rules, and Kivy
unbinds them with the widget as it does any property binding. This is the pattern of Kivy's
gettext example (an Observable `tr` with `tr._('…')`), spelled shorter.

Texts that Python formats itself (a screen's `show()`) are not kv rules: whoever sets them
re-runs on `_.bind(lang=callback)`.

The catalogues are content/presentation/locale/<lang>/LC_MESSAGES/kiosk.po, read by
`content.presentation.i18n`; run
`python scripts/messages.py` after adding or changing a string.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import StringProperty

from content.presentation.i18n import SOURCE_LANGUAGE, translator

_ALIASES = frozenset({"_", "gettext", "ngettext"})
"""Names a kv rule may bind on the translator; each means "when the language changes"."""


class Translation(EventDispatcher):
    """The current language's messages; call it like gettext's `_`."""

    lang = StringProperty(SOURCE_LANGUAGE)
    """The language shown, e.g. 'ru' or 'en'; set it with `switch_language()`."""

    def __call__(self, msgid: str) -> str:
        return translator(self.lang).gettext(msgid)

    def gettext(self, msgid: str) -> str:
        """`msgid` in the current language (the same as calling the translator)."""
        return translator(self.lang).gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form for `n` in the current language (Russian has three)."""
        return translator(self.lang).ngettext(singular, plural, n)

    def switch(self, lang: str) -> None:
        """Show `lang`; every kv rule using the translator re-evaluates now."""
        translator(lang)  # an unknown language fails here, before anything changes
        self.lang = lang

    # kv binds `_('…')` as `_.fbind('_', …)`: every alias is the `lang` property.

    def fbind(self, name, func, *largs, **kwargs):
        return super().fbind(_property(name), func, *largs, **kwargs)

    def funbind(self, name, func, *largs, **kwargs):
        return super().funbind(_property(name), func, *largs, **kwargs)

    def unbind_uid(self, name, uid):
        return super().unbind_uid(_property(name), uid)


def _property(name: str) -> str:
    return "lang" if name in _ALIASES else name


_ = Translation()
"""The translator: `_("…")` in Python and kv."""

ngettext = _.ngettext


def switch_language(lang: str) -> None:
    """Show `lang` from now on and re-render every kv text that goes through `_`."""
    _.switch(lang)


def current_language() -> str:
    """The language texts are shown in now."""
    return _.lang
