"""My list and printing: what the visitor collects, printing it, and the printer's answer in
plain words; the staff screen's brochures and printer state.

The print jobs run on PrintDesk's worker thread (kiosk.core.print_desk); the answer comes
back through `call_soon`, which the app makes "on the UI thread" (Kivy's clock). A reset
(`cancel_all`) cancels what is still waiting at the printer and drops every answer still
to come, so that nothing of one visitor's printing reaches the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from content.presentation.i18n import N_
from kiosk.core.controllers.packs import PackController
from kiosk.core.controllers.ports import Changes, NoUsage, Printouts, Usage
from kiosk.core.controllers.requests import Sent
from kiosk.core.print_desk import PrintDesk
from kiosk.core.printing import PageCount, PrinterState, PrintResult, citizen_message
from kiosk.core.session import MyList, SessionData

SLIP_INSTEAD = N_("Запишите номер обращения с экрана или попросите помощи у сотрудника.")
"""What a visitor whose request's slip cannot print is told to do: the confirmation shows
the reference, not a code to scan."""

PRINTING = N_("Печатаем. Заберите листок из принтера.")
PRINTED = N_("Готово: заберите напечатанное из принтера.")
ADDED = N_("Добавлено в мой список")
REMOVED = N_("Убрано из моего списка")
"""Said to a visitor who listens (kiosk.core.controllers.reading) when "my list" changes."""

Reply = Callable[[str], None]
"""Called with the message for whoever asked (the visitor, staff) when a job has ended."""


def _same(text: str) -> str:
    return text


def _at_once(call: Callable[[], None]) -> None:
    call()


class PrintingController:
    """The visitor's "my list" (in SessionData) and every print job of the app."""

    def __init__(
        self,
        data: SessionData,
        desk: PrintDesk,
        printouts: Printouts,
        packs: PackController,
        language: Callable[[], str],
        changes: Changes | None = None,
        gettext: Callable[[str], str] = _same,
        call_soon: Callable[[Callable[[], None]], None] = _at_once,
        paper: str = "a4",
        large_print: Callable[[], bool] = lambda: False,
        announce: Callable[[str], object] = lambda text: None,
        usage: Usage | None = None,
    ):
        """`language()` is the visitor's language now; `gettext` translates into it;
        `paper` is the paper in the printer (the config's), for a request's slip;
        `large_print()` is True while the visitor has large text on; `announce(text)`
        says a change of my list aloud to a visitor who listens; `usage` counts what was
        printed, by kind."""
        self.data = data
        self.desk = desk
        """Where the jobs go (tests put one on a test queue here)."""
        self._printouts, self._packs, self._language = printouts, packs, language
        self._changes = changes or Changes()
        self._ = gettext
        self._call_soon = call_soon
        self._paper = paper
        self._large_print = large_print
        self._announce = announce
        self._usage = usage or NoUsage()
        self._visitor = 0  # counts resets: an answer for an earlier visitor is dropped

    # -- my list -----------------------------------------------------------------------------

    def in_list(self, kind: str, key: str) -> bool:
        return (kind, key) in self.data.my_list

    def toggle(self, kind: str, key: str) -> bool:
        """Add the item to "my list", or take it off; True if it is on the list now."""
        if not self.data.my_list.remove(kind, key):
            self.data.my_list.add(kind, key)
        self._changes()
        added = self.in_list(kind, key)
        self._announce(self._(ADDED if added else REMOVED))
        return added

    @property
    def my_list(self) -> MyList:
        """The list itself, in the order the visitor made it (read, do not change)."""
        return self.data.my_list

    @property
    def count(self) -> int:
        """How many items are on the list."""
        return len(self.data.my_list)

    # -- printing for the visitor ------------------------------------------------------------

    def print_items(self, items: Sequence[tuple[str, str]], reply: Reply) -> str:
        """Print the items (one service: its leaflet; more: the my-list printout) in the
        background. Returns what to tell the visitor now; `reply(message)` is called later,
        through `call_soon`, with how it ended (not if the visit ended first)."""
        pack_path, lang, items = self._packs.pack.path, self._language(), list(items)
        # Asked now, on the UI thread: a visitor who needs large text on the screen needs
        # it on paper too (the large-print leaflet: one column, 17 pt).
        large = self._large_print()
        render = lambda: self._printouts.items(pack_path, items, lang, large)  # noqa: E731
        kind = "leaflet" if len(items) == 1 and items[0][0] == "service" else "list"
        self._submit(render, self._said_aloud(reply), 1, kind=kind)
        return self._said_aloud(lambda _message: None)(self._(PRINTING))

    def print_request_slip(self, sent: Sent, reply: Reply) -> str:
        """Print the confirmation of a sent request on the terminal's paper, in the
        background, as `print_items` does; a reset drops it like any visitor's job."""
        pack_path, lang, paper = self._packs.pack.path, self._language(), self._paper
        render = lambda: self._printouts.request_slip(pack_path, sent, lang, paper)  # noqa: E731

        def said(result: PrintResult) -> str:
            if result.printed:
                return self.answer(result)
            return citizen_message(result.problem, self._, instead=SLIP_INSTEAD)

        self._submit(render, self._said_aloud(reply), 1, said, kind="slip")
        return self._said_aloud(lambda _message: None)(self._(PRINTING))

    def _said_aloud(self, reply: Reply) -> Callable[[str], str]:
        """`reply`, and the message said to a visitor who listens (WCAG 4.1.3: a status
        message heard without moving anywhere); the message back."""

        def say_and_reply(message: str) -> str:
            self._announce(message)
            reply(message)
            return message

        return say_and_reply

    def good_news(self, message: str) -> bool:
        """Whether `message` (one this controller gave) says all went well: the screen shows
        it in the colour of good news, not the warning's."""
        return message in (self._(PRINTING), self._(PRINTED))

    def answer(self, result: PrintResult) -> str:
        """How a visitor's print ended, in their words."""
        if result.printed:
            return self._(PRINTED)
        return citizen_message(result.problem, self._)

    # -- printing for staff ------------------------------------------------------------------

    def print_brochures(self, category_id: str, copies: int, reply: Reply) -> str:
        """`copies` of the category's brochure, in the background; what to say now."""
        _ = self._
        pack_path, lang = self._packs.pack.path, self._language()

        def said(result: PrintResult) -> str:
            if result.printed:
                return _("Брошюры напечатаны.")
            return _("Не напечатано: {why}").format(why=f"{result.problem} ({result.detail})")

        render = lambda: self._printouts.brochure(pack_path, category_id, lang)  # noqa: E731
        self._submit(render, reply, copies, said, kind="brochure")
        return _("Печатаем брошюры: {n} экз.").format(n=copies)

    def printer_state(self) -> PrinterState:
        """The printer's state now (a CUPS question: for the staff screen, not per frame)."""
        return self.desk.state()

    def pages_today(self) -> PageCount:
        return self.desk.pages_today()

    # -- the end of a visit ------------------------------------------------------------------

    def cancel_all(self) -> None:
        """The visit is over: its jobs still waiting are cancelled, its answers dropped."""
        self._visitor += 1
        self.desk.cancel_all()

    def _submit(self, render, reply: Reply, copies: int, said=None, *, kind: str) -> None:
        said, visitor = said or self.answer, self._visitor

        def deliver(result: PrintResult) -> None:  # on the UI thread, some time later
            if result.printed:  # counted even when the visitor has gone: it came out
                self._usage.printed(kind, copies)
            if visitor == self._visitor:  # a reset may have come since the worker finished
                reply(said(result))

        self.desk.submit(render, lambda result: self._call_soon(lambda: deliver(result)), copies)
