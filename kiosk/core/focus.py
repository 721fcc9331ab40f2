"""The audio-tactile mode's rules: a focus moved through a screen's controls by keys, and
what to say at each step (Section 508 407.3; the EZ-Access convention of bank ATMs).

Kivy-free: the app (kiosk/app/focus.py) lists the controls of the screen on show in
reading order, sends the keys it gets here as commands, speaks what comes back, and draws
the outline. Up and Down (a keypad's 8 and 2) move to the previous and next control, Enter
(5) presses it, Back goes back, Help says where the visitor is and what the keys do.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from content.presentation.i18n import N_

UP, DOWN, ENTER, BACK, HELP, TOGGLE = "up", "down", "enter", "back", "help", "toggle"
"""What a key asks of the mode; TOGGLE starts it or ends it."""

KEYS = {
    "up": UP,
    "left": UP,
    "numpad8": UP,
    "numpad4": UP,
    "down": DOWN,
    "right": DOWN,
    "numpad2": DOWN,
    "numpad6": DOWN,
    "enter": ENTER,
    "numpadenter": ENTER,
    "numpad5": ENTER,
    "backspace": BACK,
    "escape": BACK,
    "f1": HELP,
    "h": HELP,
    "?": HELP,
    "f12": TOGGLE,
}
"""A key's name (Kivy's, or the character it typed) -> its command. A USB keypad with Num
Lock on sends its digits, off its arrows: both move. No headphone jack is watched (Linux
says nothing of an insertion without a sound server's help): F12 starts the mode."""

STARTS = (HELP, TOGGLE)
"""Commands that start the mode when it is off: F1 and F12 type nothing into a field,
so they cannot be a sighted visitor's typing."""

ROLES = {
    "button": N_("Кнопка"),
    "tile": N_("Раздел"),
    "row": N_("Ссылка"),
    "toggle": N_("Переключатель"),
    "field": N_("Поле ввода"),
    "key": N_("Клавиша"),
}
"""What a control is, spoken before its name."""

STATES = {
    "on": N_("включено"),
    "off": N_("выключено"),
    "selected": N_("выбрано"),
    "empty": N_("пусто"),
    "disabled": N_("недоступно"),
}
"""A control's state, spoken after its name."""

INSTRUCTIONS = N_(
    "Управление клавишами включено. Стрелки вверх и вниз, или клавиши 8 и 2, переходят "
    "от одного элемента экрана к другому. Ввод или клавиша 5 нажимает элемент. "
    "Стирание или Escape возвращает назад. F1 повторяет подсказку. F12 выключает "
    "управление клавишами."
)
STOPPED = N_("Управление клавишами выключено.")
SCREEN = N_("Экран «{title}».")
NEW_SCREEN = N_("Новый экран.")
NAMED = N_("{role} «{label}»")
POSITION = N_("{position} из {total}")
VALUE = N_("написано: {text}")
WRAP_TO_FIRST = N_("Конец экрана, снова с начала.")
WRAP_TO_LAST = N_("Начало экрана, переход в конец.")
NOTHING = N_("На этом экране нечего выбрать.")
AT_HOME = N_("Вы на главном экране.")
TYPED = N_("Написано: {text}")
TYPED_NOTHING = N_("Поле пусто.")
KEYBOARD = N_(
    "Клавиатура. Стрелками выберите букву, клавишей Ввод напечатайте её. "
    "Клавиша «Найти» в конце показывает, что нашлось."
)


@dataclass(frozen=True)
class Control:
    """One thing on the screen the focus can reach."""

    key: Hashable
    """What makes it the same control when the screen's list is taken again."""

    label: str
    """Its name as shown: a button's text, a tile's title, a field's hint."""

    role: str = "button"
    """One of ROLES."""

    state: str = ""
    """One of STATES, or ''."""

    value: str | None = None
    """A text field's text ('' empty); None for everything else."""


class KeypadFocus:
    """Where the focus is on the screen on show, and what to say as it moves.

    Every method that changes something returns the sentence to speak, already in the
    visitor's language (`gettext`)."""

    def __init__(self, gettext: Callable[[str], str] = lambda text: text):
        self._ = gettext
        self.active = False
        """True while the mode is on: the keys move the focus, each step is spoken."""
        self.controls: list[Control] = []
        """The screen's controls in reading order."""
        self.index: int | None = None
        """The focused control's place in `controls`; None when there is none."""

    @staticmethod
    def command(key_name: str, text: str = "") -> str | None:
        """The command of a key (`key_name` as Kivy names it, `text` what it typed)."""
        return KEYS.get(key_name) or KEYS.get(text)

    @property
    def current(self) -> Control | None:
        """The focused control, or None."""
        return self.controls[self.index] if self.index is not None else None

    def start(self, title: str, controls: Sequence[Control], first: int = 0) -> str:
        """The mode on: the instructions, the screen, the control at `first`."""
        self.active = True
        return " ".join((self._(INSTRUCTIONS), self.show_screen(title, controls, first)))

    def stop(self) -> str:
        """The mode off (a key, the reset): nothing is focused any more."""
        self.active = False
        self.controls, self.index = [], None
        return self._(STOPPED)

    def show_screen(self, title: str, controls: Sequence[Control], first: int = 0) -> str:
        """Another screen (or the idle prompt) is on show: its name, then its control at
        `first` (the first of its own, past the top bar)."""
        self.controls = list(controls)
        self.index = min(max(first, 0), len(self.controls) - 1) if self.controls else None
        named = self._(SCREEN).format(title=title) if title else self._(NEW_SCREEN)
        return f"{named} {self.describe()}"

    def update(self, controls: Sequence[Control]) -> None:
        """The same screen, its list taken again (results came, a key typed): the focus
        stays on the same control, or where it was if that one went."""
        was = self.current
        self.controls = list(controls)
        if not self.controls:
            self.index = None
            return
        keys = [control.key for control in self.controls]
        if was is not None and was.key in keys:
            self.index = keys.index(was.key)
        else:
            self.index = min(self.index or 0, len(self.controls) - 1)

    def move(self, step: int) -> str:
        """One control on (1) or back (-1); past either end the focus wraps, and says so."""
        if self.index is None:
            return self._(NOTHING)
        total = len(self.controls)
        to = self.index + step
        note = ""
        if to >= total:
            to, note = 0, self._(WRAP_TO_FIRST) + " "
        elif to < 0:
            to, note = total - 1, self._(WRAP_TO_LAST) + " "
        self.index = to
        return note + self.describe()

    def focus(self, key: Hashable) -> str:
        """Put the focus on the control `key` (e.g. the keyboard's first key) and say it."""
        for at, control in enumerate(self.controls):
            if control.key == key:
                self.index = at
                break
        return self.describe()

    def describe(self) -> str:
        """ "Кнопка «Распечатать памятку», 3 из 12": the focused control."""
        control = self.current
        if control is None:
            return self._(NOTHING)
        _ = self._
        parts = [
            _(NAMED).format(role=_(ROLES.get(control.role, ROLES["button"])), label=control.label)
        ]
        if control.value is not None:
            parts.append(
                _(VALUE).format(text=control.value) if control.value else _(STATES["empty"])
            )
        if control.state:
            parts.append(_(STATES[control.state]))
        parts.append(_(POSITION).format(position=self.index + 1, total=len(self.controls)))
        return ", ".join(parts) + "."

    def help(self, title: str) -> str:
        """F1: what the keys do, where the visitor is, and what is focused."""
        named = self._(SCREEN).format(title=title) if title else ""
        return " ".join(part for part in (self._(INSTRUCTIONS), named, self.describe()) if part)

    def typed(self, text: str) -> str:
        """After a key of the on-screen keyboard: what the field now holds."""
        return self._(TYPED).format(text=text) if text.strip() else self._(TYPED_NOTHING)

    def keyboard(self, first_key: Hashable) -> str:
        """Enter on a text field: the focus to the on-screen keyboard's first key."""
        return f"{self._(KEYBOARD)} {self.focus(first_key)}"

    def at_home(self) -> str:
        """Back where there is no way back."""
        return self._(AT_HOME)
