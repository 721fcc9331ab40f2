"""The staff screen, behind a hidden gesture and the PIN from the config.

Shows the pack's version and date, the printer and the last sync, and lets staff leave the
app for maintenance. Visitors who find the gesture by chance meet a PIN pad and nothing else.
"""

from __future__ import annotations

from kivy.app import App
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

    copies = NumericProperty(1)
    """Copies of each brochure printed from this screen."""

    print_message = StringProperty("")
    """How the last brochure job went."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pin: PinCheck | None = None

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        app = App.get_running_app()
        if self._pin is None:
            self._pin = PinCheck(app.settings.staff_pin, clock=app.clock)
        self.entered = ""
        self.message = ""
        if self.unlocked:
            self._unlocked(app)

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

        app = App.get_running_app()
        result = self._pin.check(self.entered)
        self.entered = ""
        if result.outcome is Outcome.OK:
            self.unlocked = True
            self.message = ""
            self._unlocked(app)
        elif result.outcome is Outcome.LOCKED:
            self.message = _("Слишком много попыток. Подождите {n} с.").format(
                n=int(result.seconds_left + 0.999)
            )
        else:
            self.message = _("Неверный код")

    def _unlocked(self, app) -> None:
        self.ids.page.scroll_y = 1  # from the top, whatever the last visit scrolled to
        self.details = self._details(app)
        self.check_printer()
        self._fill_brochures(app)

    def check_printer(self) -> None:
        """Ask the printer its state (a CUPS question: on opening and on request only)."""
        from kivy.utils import escape_markup

        from kiosk.app.live_translator import _

        desk = App.get_running_app().print_desk
        state = desk.state()
        said = _("готов к печати") if state.ready else _("не печатает")
        count = desk.pages_today()
        pages = (
            str(count.pages)
            if count.pages is not None
            else f"{_('неизвестно')} ({escape_markup(count.warning)})"
        )
        self.printer_state = (
            f"[b]{_('Принтер сейчас:')}[/b] {said} ({escape_markup(state.detail)})\n"
            f"[b]{_('Напечатано страниц сегодня:')}[/b] {pages}"
        )

    def _fill_brochures(self, app) -> None:
        rows = self.ids.brochures
        rows.clear_widgets()
        for category in app.pack.categories():
            button = Factory.BrochureButton(text=category["title"].get(app.lang))
            button.key = category["id"]  # a kv-declared property: not a constructor argument
            rows.add_widget(button)

    def print_brochure(self, category_id: str) -> None:
        """A batch of the category's brochure, `copies` of it, in the background."""
        from kivy.clock import Clock

        from kiosk.app.live_translator import _

        app = App.get_running_app()
        pack_path, lang, copies = app.pack.path, app.lang, int(self.copies)

        def render():
            import printouts
            from content.pack.reader import open_pack

            with open_pack(pack_path) as pack:
                return printouts.brochure(pack, category_id, lang=lang)

        def done(result) -> None:
            def show(_dt):
                self.print_message = (
                    _("Брошюры напечатаны.")
                    if result.printed
                    else _("Не напечатано: {why}").format(why=f"{result.problem} ({result.detail})")
                )
                self.check_printer()

            Clock.schedule_once(show)

        app.print_desk.submit(render, done, copies=copies)
        self.print_message = _("Печатаем брошюры: {n} экз.").format(n=copies)

    def _details(self, app) -> str:
        from kivy.utils import escape_markup

        from kiosk.app.live_translator import _
        from kiosk.app.markup import format_date

        meta = app.pack.meta
        counts = app.pack.counts()
        printer = app.settings.printer or _("не настроен")
        lines = [
            f"[b]{_('Пакет материалов:')}[/b] {escape_markup(meta.pack_id)}, "
            + _("версия {version}").format(version=meta.version),
            f"[b]{_('Информация на:')}[/b] {format_date(meta.date)}"
            + (f"  ({_('демонстрационные материалы')})" if meta.demo else ""),
            f"[b]{_('Собран:')}[/b] {escape_markup(meta.created_at)}",
            f"[b]{_('Услуг:')}[/b] {counts['services']}, "
            f"[b]{_('учреждений:')}[/b] {counts['agencies']}, "
            f"[b]{_('мероприятий:')}[/b] {counts['events']}",
            f"[b]{_('Файл:')}[/b] {escape_markup(str(app.pack.path))}",
            f"[b]{_('Принтер:')}[/b] {escape_markup(printer)}",
        ]
        sync = app.sync_state()
        if not app.synced:
            lines.append(f"[b]{_('Последнее обновление:')}[/b] {_('не настроено')}")
        else:
            when = escape_markup(sync["last_sync"]) if sync["last_sync"] else _("не было")
            lines.append(f"[b]{_('Последнее обновление:')}[/b] {when}")
            if sync["last_error"]:
                lines.append(f"[b]{_('Последняя ошибка:')}[/b] {escape_markup(sync['last_error'])}")
            if sync["out_of_date"]:
                lines.append(
                    f"[b]{_('Информация может быть устаревшей:')}[/b] "
                    + _("нет удачного обновления больше {n} дн.").format(
                        n=app.settings.stale_after_days
                    )
                )
        return "\n".join(lines)

    def reset(self) -> None:
        self.unlocked = False
        self.entered = ""
        self.message = ""
        self.details = ""
        self.printer_state = ""
        self.print_message = ""
        self.copies = 1
