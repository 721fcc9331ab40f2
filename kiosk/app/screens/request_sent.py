"""The confirmation after a request was sent: its reference, large and spaced, and what
happens next and by when. Read aloud spells the reference symbol by symbol; Print puts it
on a slip (A4 or 80 mm, the terminal's paper) with a code of the reference for staff."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from content.pack.reader import Pack
from content.presentation.requests import TITLES, spaced
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen

theme.load_kv(__file__)


class RequestSentScreen(KioskScreen):
    title = StringProperty("")
    reference = StringProperty("")
    next_steps = StringProperty("")
    spaced = StringProperty("")
    """The reference as shown: spaced symbols."""
    can_print = BooleanProperty(False)
    """True while the request sent (the request form's `sent`) is the one on show."""
    message = StringProperty("")
    """How printing the slip goes ("Printing…", then how it ended), or ''."""

    def on_reference(self, _screen, reference: str) -> None:
        self.spaced = spaced(reference)

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        from kiosk.app.live_translator import _

        self.message = ""
        sent = self._sent()
        self.can_print = sent is not None and sent.reference == key
        if not self.can_print:
            self.reference = key or ""
            self.title = _("Обращение отправлено")
            self.next_steps = ""
            return
        self.title = _(TITLES[sent.kind])
        self.reference = sent.reference
        msgid, params = sent.next_steps
        self.next_steps = _(msgid).format(**params)

    def _sent(self):
        """The Sent the request form holds (None after the reset, which empties it)."""
        return self.manager.get_screen("request_form").sent if self.manager else None

    def print_slip(self) -> None:
        sent = self._sent()
        if sent is None or sent.reference != self.reference:
            self.can_print = False  # nothing of an earlier visitor's request is printed
            return
        self.message = self.controllers.printing.print_request_slip(sent, reply=self._printed)

    def _printed(self, message: str) -> None:
        self.message = message

    def reset(self) -> None:
        self.title = self.reference = self.next_steps = self.message = ""
        self.can_print = False

    def spoken_text(self) -> str:
        """The reference one symbol at a time, so that it can be written down."""
        from kiosk.app.live_translator import _

        symbols = ", ".join(_("дефис") if char == "-" else char for char in self.reference)
        parts = [
            _("Обращение отправлено."),
            _("Номер обращения: {symbols}.").format(symbols=symbols),
        ]
        if self.next_steps:
            parts.append(self.next_steps)
        return "\n".join(parts)
