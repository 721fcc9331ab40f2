"""Search: a large text field, the on-screen keyboard, and results that follow the typing.

The results come from `Pack.search()` a moment after the last key (DEBOUNCE_S), so a quick
typist does not wait for a search per letter. While a word is typed, big buttons above the
results offer the pack's words that complete it (`Pack.suggest()`): a touch puts the whole
word in, so that a visitor types less. Nothing found: a kind word, the benefit finder and
the category tiles, so that the visitor always has a way on. A hardware keyboard types into
the field too; Kivy's own virtual keyboard never appears (the field's keyboard is managed
here).
"""

from __future__ import annotations

import logging
import traceback

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.label import Label

from content.pack.reader import Pack
from content.pack.search import MAX_QUERY_CHARS, MIN_PREFIX, Hit
from kiosk.app import keyboard as _keyboard  # noqa: F401  (loads OnScreenKeyboard's kv)
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen, category_tiles
from kiosk.core import keyboard as layouts

theme.load_kv(__file__)

log = logging.getLogger("kiosk.app")

DEBOUNCE_S = 0.2
"""How long after the last key the search runs."""

MAX_RESULTS = 20
"""Rows shown at most: more is more than anyone reads, and a longer query narrows it."""

SUGGESTIONS = 4
"""Words offered at most while a word is typed: as many big buttons as fit in one row."""


class SearchScreen(KioskScreen):
    released_on_leave = ("results", "tiles", "suggestions", "offer")
    message = StringProperty("")
    """The line above the results: the hint, "nothing found", or what was found."""

    nothing_found = BooleanProperty(False)
    """True when a real query found nothing: the category tiles are then on show."""

    keyboard_open = BooleanProperty(True)
    """False after Find: the results get the keyboard's room until the visitor wants it back."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._trigger = Clock.create_trigger(lambda _dt: self.search_now(), DEBOUNCE_S)
        self._pack: Pack | None = None
        self._lang: str | None = None  # the language last shown; None after a reset
        self._query: str | None = None  # the query whose results are on show
        self._keyboard_bound = False  # the window's keyboard types into the field
        # ids are weak: hold the real widgets, or the one taken out would be collected.
        self._docked = {True: self.ids.keyboard.__self__, False: self.ids.reopen.__self__}
        self.on_keyboard_open(self, self.keyboard_open)

    # -- the screen's life -------------------------------------------------------------------

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        if lang != self._lang:
            self.ids.keyboard.set_language(lang)
        if self._pack is None or self._lang is None:
            self.keyboard_open = True  # a new visitor starts typing
        self._pack, self._lang = pack, lang
        self._query = None  # a language switch redraws the results in the new language
        self.search_now()
        self.ids.page.scroll_y = 1
        self._focus()

    def on_enter(self, *_args) -> None:
        self._focus()

    def on_leave(self, *args) -> None:
        self._done()  # a result chosen, or the visitor went elsewhere: the search counts
        super().on_leave(*args)  # show() searches again on the way back
        self._unfocus()  # a hardware key on another screen must not type in here

    def reset(self) -> None:
        self._trigger.cancel()
        if self.controllers is not None:  # the visitor walked away: counted, then forgotten
            self.controllers.searches.end()
        self._unfocus()
        self.ids.field.forget()
        self._lang = None
        self._query = None
        self.keyboard_open = True
        self._show_hits("", [])
        c = self.controllers
        self.ids.keyboard.set_language(c.settings.languages[0] if c is not None else "ru")

    def spoken_text(self) -> str:
        """What was typed and what was found; the keys of the keyboard are not read out."""
        from kiosk.adapters.speech import speakable
        from kiosk.app.live_translator import _

        typed = self.ids.field.text.strip()
        parts = [_("Вы написали: {text}").format(text=typed)] if typed else []
        for widget in self.ids.page.walk(restrict=True):
            if isinstance(widget, Label) and widget.text.strip() and widget.opacity > 0:
                if widget.text.strip() not in ("›", "‹"):
                    parts.append(speakable(widget.text))
        return "\n".join(parts)

    # -- typing ------------------------------------------------------------------------------

    def type_key(self, key: layouts.Key) -> None:
        """A key of the on-screen keyboard: type it into the field."""
        field = self.ids.field
        if key.kind == layouts.DONE:
            self.search_now()
            self.keyboard_open = False
        elif key.kind == layouts.BACKSPACE:
            field.do_backspace()
        elif key.text:
            field.insert_text(key.text)
        self._focus()

    def open_keyboard(self) -> None:
        """Bring the keyboard back after Find, to type more."""
        self.keyboard_open = True
        self._focus()

    def on_keyboard_open(self, _screen, is_open: bool) -> None:
        dock = self.ids.dock
        dock.clear_widgets()
        dock.add_widget(self._docked[is_open])
        if not is_open:  # Find: the results get the room of the suggestions too
            self.ids.suggestions.clear_widgets()
        elif self._query:
            self._fill_suggestions(self._query)

    def field_touched(self, field, touch) -> None:
        if field.collide_point(*touch.pos):
            self.open_keyboard()

    def use_suggestion(self, word: str) -> None:
        """A suggested word touched: it takes the place of the word being typed."""
        field = self.ids.field
        text = field.text
        start = len(text.rstrip())
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        field.text = text[:start] + word + " "
        field.cursor = (len(field.text), 0)
        self.search_now()
        self._focus()

    def clear(self) -> None:
        """ "Erase all": an empty field, the hint, and the keyboard at the field."""
        self._done()  # the visitor starts another search
        self.ids.field.text = ""
        self._focus()

    def text_changed(self, text: str) -> None:
        """The field changed, by a key or by code: remember it and search shortly."""
        if len(text) > MAX_QUERY_CHARS:
            self.ids.field.text = text[:MAX_QUERY_CHARS]
            return
        if self.controllers is not None:
            self.controllers.visit.data.search_text = text
        self._trigger()

    def search_now(self) -> None:
        """Run the search for the field's text and show the results."""
        self._trigger.cancel()
        if self._pack is None:
            return
        query = self.ids.field.text
        if query == self._query:
            return
        try:
            hits = self._pack.search(query, limit=MAX_RESULTS) if query.strip() else []
        except Exception as exc:
            _log_without_the_query(exc)
            self.controllers.navigator.error()
            return
        self._show_hits(query, hits)

    # -- drawing -----------------------------------------------------------------------------

    def _show_hits(self, query: str, hits: list[Hit]) -> None:
        from kiosk.app.live_translator import _

        self._query = query
        lang = self._lang or "ru"
        self.fill(
            self.ids.results,
            (
                Factory.ListButton(
                    target=hit.kind,
                    key=hit.id,
                    title=hit.title.get(lang),
                    summary=_describe(hit, lang),
                )
                for hit in hits
            ),
        )
        typed = sum(c.isalnum() for c in query)
        self.nothing_found = not hits and typed >= MIN_PREFIX
        if hits:
            self.message = _("Вот что нашлось. Коснитесь строки, чтобы открыть:")
        elif self.nothing_found:
            self.message = _("Ничего не нашлось. Попробуйте другое слово или выберите тему:")
        else:
            self.message = _(
                "Например: «пенсия», «пособие на ребёнка», «МФЦ». "
                "Подходящие услуги и учреждения появятся здесь."
            )
        if self.controllers is not None:
            self.controllers.searches.shown(query, len(hits), bool(hits) or self.nothing_found)
        self._fill_tiles(lang if self.nothing_found else None)
        self._fill_suggestions(query)
        self.ids.page.scroll_y = 1

    def _fill_suggestions(self, query: str) -> None:
        row = self.ids.suggestions
        row.clear_widgets()
        if self._pack is None or not query.strip() or not self.keyboard_open:
            return
        try:
            found = self._pack.suggest(query, limit=SUGGESTIONS)
        except Exception as exc:  # a damaged pack: the results show what they can
            _log_without_the_query(exc)
            return
        for word in found:
            button = Factory.SecondaryButton(text=word)
            button.size_hint_x = 1  # an equal share of the row
            button.shorten = True  # a word too long for it ends in "…"; a touch puts it all in
            button.bind(on_release=lambda b: self.use_suggestion(b.text))
            row.add_widget(button)

    def _fill_tiles(self, lang: str | None) -> None:
        from kiosk.app.live_translator import _

        tiles, offer = self.ids.tiles, self.ids.offer
        tiles.clear_widgets()
        offer.clear_widgets()
        if lang is None or self._pack is None:
            return
        finder = Factory.PrimaryButton(text=_("Подобрать льготы для меня"), pictogram="finder")
        finder.bind(on_release=lambda _b: self.controllers.navigator.open("finder"))
        offer.add_widget(finder)
        # The categories nearest to what was typed first: a typo the search could not
        # mend, a word the pack never uses, still lead somewhere close.
        try:
            order = [c["id"] for c in self._pack.nearest_categories(self.ids.field.text)]
        except Exception as exc:  # a damaged pack: the tiles in the pack's order
            _log_without_the_query(exc)
            order = []
        place = {key: at for at, key in enumerate(order)}
        for tile in sorted(category_tiles(self._pack, lang), key=lambda t: place.get(t.key, 0)):
            tiles.add_widget(tile)

    def _done(self) -> None:
        if self.controllers is not None:
            self.controllers.searches.done()

    def _focus(self) -> None:
        """Keep the cursor blinking in the field and a hardware keyboard typing into it."""
        if self.manager is not None and self.manager.current != self.name:
            return
        field = self.ids.field
        if not self._keyboard_bound:
            # Only once: asked again, Kivy would take the focus from the field it holds.
            field.show_keyboard()
            self._keyboard_bound = True
        field.focus = True

    def _unfocus(self) -> None:
        field = self.ids.field
        if self._keyboard_bound:
            field.hide_keyboard()
            self._keyboard_bound = False
        field.focus = False


def _log_without_the_query(exc: Exception) -> None:
    """Log where a search failed, but not its message: that may quote the query, and what a
    visitor types is never written down. Nor the exception itself: a log record keeps it,
    with its message, in Kivy's memory of recent records."""
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("the search failed (%s; the query is not logged):\n%s", type(exc).__name__, where)


def _describe(hit: Hit, lang: str) -> str:
    """The line under a result's name: what kind of place it is, for all but services."""
    from kiosk.app.live_translator import _

    if hit.kind == "agency":
        return _("Учреждение")
    if hit.kind == "event":
        what = _("Занятие или мероприятие")
        return f"{what} · {hit.summary.get(lang)}" if hit.summary else what
    return ""
