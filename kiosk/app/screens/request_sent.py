"""The confirmation after a request was sent: its reference, large and spaced, and what
happens next and by when. Read aloud spells the reference symbol by symbol."""

from __future__ import annotations

from kivy.properties import StringProperty

from content.pack.reader import Pack
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen
from kiosk.app.screens.request_form import TITLES

theme.load_kv(__file__)


def spaced(reference: str) -> str:
    """The reference with a gap between its symbols, for the eye: 'K 7 M Q - 4 X R 9'."""
    return " - ".join(" ".join(group) for group in reference.split("-"))


class RequestSentScreen(KioskScreen):
    title = StringProperty("")
    reference = StringProperty("")
    next_steps = StringProperty("")
    spaced = StringProperty("")
    """The reference as shown: spaced symbols."""

    def on_reference(self, _screen, reference: str) -> None:
        self.spaced = spaced(reference)

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        from kiosk.app.live_translator import _

        sent = self.manager.get_screen("request_form").sent if self.manager else None
        if sent is None or sent.reference != key:
            self.reference = key or ""
            self.title = _("Обращение отправлено")
            self.next_steps = ""
            return
        self.title = _(TITLES[sent.kind])
        self.reference = sent.reference
        msgid, params = sent.next_steps
        self.next_steps = _(msgid).format(**params)

    def reset(self) -> None:
        self.title = self.reference = self.next_steps = ""

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
