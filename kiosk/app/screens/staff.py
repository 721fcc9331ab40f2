"""The staff screen, behind a hidden gesture and the PIN from the config.

Shows the pack's version and date, the printer, the last sync and the outbox of citizens'
requests (as `kiosk outbox status`), and lets staff leave the app for maintenance. Visitors
who find the gesture by chance meet a PIN pad and nothing else.
"""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from content.pack.reader import Pack
from kiosk.app import theme
from kiosk.app.screens.base import KioskScreen
from kiosk.core.session import Outcome, PinCheck

theme.load_kv(__file__)

PIN_MAX = 12


class StaffScreen(KioskScreen):
    unlocked = BooleanProperty(False)
    """True once the right PIN was entered; back to False when the screen is left."""

    entered = StringProperty("")
    """The digits typed so far (shown as dots)."""

    message = StringProperty("")
    """Why the PIN was not accepted, or ''."""

    details = StringProperty("")
    """The terminal's state, Kivy markup."""

    printer_state = StringProperty("")
    """Whether the printer can print, and the pages printed today, Kivy markup."""

    outbox_state = StringProperty("")
    """The citizens' requests waiting to be uploaded, as `kiosk outbox status` reports
    them: how many, the oldest, the last upload, round and error; Kivy markup."""

    copies = NumericProperty(1)
    """Copies of each brochure printed from this screen."""

    print_message = StringProperty("")
    """How the last brochure job went."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pin: PinCheck | None = None

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        c = self.controllers
        if self._pin is None:
            self._pin = PinCheck(c.settings.staff_pin, clock=c.clock)
        self.entered = ""
        self.message = ""
        if self.unlocked:
            self._unlocked()

    def on_leave(self, *args) -> None:
        super().on_leave(*args)
        self.unlocked = False  # the next time, the PIN again
        self.entered = ""

    def digit(self, digit: str) -> None:
        if len(self.entered) < PIN_MAX:
            self.entered += digit
        self.message = ""

    def clear(self) -> None:
        self.entered = ""

    def submit(self) -> None:
        from kiosk.app.live_translator import _

        result = self._pin.check(self.entered)
        self.entered = ""
        if result.outcome is Outcome.OK:
            self.unlocked = True
            self.message = ""
            self._unlocked()
        elif result.outcome is Outcome.LOCKED:
            self.message = _("Слишком много попыток. Подождите {n} с.").format(
                n=int(result.seconds_left + 0.999)
            )
        else:
            self.message = _("Неверный код")

    def _unlocked(self) -> None:
        self.ids.page.scroll_y = 1  # from the top, whatever the last visit scrolled to
        self.details = self._details()
        self.outbox_state = self._outbox_state()
        self.check_printer()
        self._fill_brochures()

    def check_printer(self) -> None:
        """Ask the printer its state (a CUPS question: on opening and on request only)."""
        from kivy.utils import escape_markup

        from kiosk.app.live_translator import _

        printing = self.controllers.printing
        state = printing.printer_state()
        said = _("готов к печати") if state.ready else _("не печатает")
        count = printing.pages_today()
        pages = (
            str(count.pages)
            if count.pages is not None
            else f"{_('неизвестно')} ({escape_markup(count.warning)})"
        )
        self.printer_state = (
            f"[b]{_('Принтер сейчас:')}[/b] {said} ({escape_markup(state.detail)})\n"
            f"[b]{_('Напечатано страниц сегодня:')}[/b] {pages}"
        )

    def _fill_brochures(self) -> None:
        rows = self.ids.brochures
        rows.clear_widgets()
        lang = self.controllers.visit.lang
        for category in self.controllers.packs.pack.categories():
            button = Factory.BrochureButton(text=category["title"].get(lang))
            button.key = category["id"]  # a kv-declared property: not a constructor argument
            rows.add_widget(button)

    def print_brochure(self, category_id: str) -> None:
        """A batch of the category's brochure, `copies` of it, in the background."""
        printing = self.controllers.printing
        self.print_message = printing.print_brochures(category_id, int(self.copies), self._printed)

    def _printed(self, message: str) -> None:
        self.print_message = message
        self.check_printer()

    def _details(self) -> str:
        from kivy.utils import escape_markup

        from kiosk.app.live_translator import _
        from kiosk.app.markup import format_date, format_moment

        packs = self.controllers.packs
        meta = packs.pack.meta
        counts = packs.pack.counts()
        printer = self.controllers.settings.printer or _("не настроен")
        lines = [
            f"[b]{_('Пакет материалов:')}[/b] {escape_markup(meta.pack_id)}, "
            + _("версия {version}").format(version=meta.version),
            f"[b]{_('Информация на:')}[/b] {format_date(meta.date)}"
            + (f"  ({_('демонстрационные материалы')})" if meta.demo else ""),
            f"[b]{_('Собран:')}[/b] {escape_markup(meta.created_at)}",
            f"[b]{_('Услуг:')}[/b] {counts['services']}, "
            f"[b]{_('учреждений:')}[/b] {counts['agencies']}, "
            f"[b]{_('мероприятий:')}[/b] {counts['events']}",
            f"[b]{_('Файл:')}[/b] {escape_markup(str(packs.pack.path))}",
            f"[b]{_('Принтер:')}[/b] {escape_markup(printer)}",
        ]
        sync = packs.status()  # what `kiosk status` reports
        if not packs.synced:
            lines.append(f"[b]{_('Последнее обновление:')}[/b] {_('не настроено')}")
        else:
            when = escape_markup(format_moment(sync["last_sync"])) or _("не было")
            lines.append(f"[b]{_('Последнее обновление:')}[/b] {when}")
            if sync["last_error"]:
                lines.append(f"[b]{_('Последняя ошибка:')}[/b] {escape_markup(sync['last_error'])}")
            if sync["out_of_date"]:
                lines.append(
                    f"[b]{_('Информация может быть устаревшей:')}[/b] "
                    + _("нет удачного обновления больше {n} дн.").format(
                        n=self.controllers.settings.stale_after_days
                    )
                )
        return "\n".join(lines)

    def _outbox_state(self) -> str:
        """The outbox's report in the words of `kiosk outbox status` (kiosk/cli/outbox.py)."""
        from kivy.utils import escape_markup

        from kiosk.app.live_translator import _
        from kiosk.app.markup import format_moment

        report = self.controllers.outbox.report()
        terminal = escape_markup(report.terminal) if report.terminal else _("неизвестно")
        named = f"[b]{_('Имя терминала:')}[/b] {terminal}"
        queued = _("В очереди на отправку:")
        if not report.present:
            return f"{named}\n[b]{queued}[/b] {_('не настроено')}"
        if report.unreadable:
            said = escape_markup(report.unreadable)
            return f"{named}\n[b]{_('Очередь обращений не читается:')}[/b] {said}"

        def when(value: str | None, otherwise: str) -> str:
            # The outbox keeps UTC; staff read the terminal's clock.
            return escape_markup(format_moment(value)) if value else otherwise

        return "\n".join(
            [
                named,
                f"[b]{queued}[/b] {report.queued}",
                f"[b]{_('Самое старое в очереди:')}[/b] {when(report.oldest, _('нет'))}",
                f"[b]{_('Последняя отправка:')}[/b] {when(report.last_upload, _('не было'))}",
                f"[b]{_('Последняя попытка отправки:')}[/b] "
                + when(report.last_round, _("не было")),
                f"[b]{_('Последняя ошибка отправки:')}[/b] {when(report.last_error, _('нет'))}",
            ]
        )

    def reset(self) -> None:
        self.unlocked = False
        self.entered = ""
        self.message = ""
        self.details = ""
        self.outbox_state = ""
        self.printer_state = ""
        self.print_message = ""
        self.copies = 1
