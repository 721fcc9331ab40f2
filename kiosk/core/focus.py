"""The audio-tactile mode's rules: a focus moved through a screen's controls by keys, and
what to say at each step (Section 508 407.3; the EZ-Access convention of bank ATMs).

Kivy-free: the app (kiosk/app/focus.py) lists the controls of the screen on show in
reading order, sends the keys it gets here as commands, speaks what comes back, and draws
the outline. Up and Down (a keypad's 8 and 2) move to the previous and next control, Enter
(5) presses it, Back goes back, Help says where the visitor is and what the keys do.

Keys laid out in rows (the on-screen keyboard, the phone's digit pad) are a grid: there
Left and Right (4 and 6) move along the row and stop at its ends, Up and Down (8 and 2) go
to the row above or below, to the key nearest the one left, and from the top or bottom row
on to the control before or after the keys, as Up and Down do everywhere else. A row is
spoken, key by key, each time the focus comes into it. Outside a grid Left and Right move
as Up and Down do, so a visitor who knows only two keys still reaches everything.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from content.presentation.i18n import N_

UP, DOWN, LEFT, RIGHT = "up", "down", "left", "right"
ENTER, BACK, HELP, TOGGLE = "enter", "back", "help", "toggle"
QUIETER, LOUDER = "quieter", "louder"
"""What a key asks of the mode; TOGGLE starts it or ends it."""

KEYS = {
    "up": UP,
    "numpad8": UP,
    "down": DOWN,
    "numpad2": DOWN,
    "left": LEFT,
    "numpad4": LEFT,
    "right": RIGHT,
    "numpad6": RIGHT,
    "enter": ENTER,
    "numpadenter": ENTER,
    "numpad5": ENTER,
    "backspace": BACK,
    "escape": BACK,
    "f1": HELP,
    "h": HELP,
    "?": HELP,
    "f12": TOGGLE,
    "numpadsubstract": QUIETER,  # (Kivy's spelling)
    "-": QUIETER,
    "numpadadd": LOUDER,
    "+": LOUDER,
}
"""A key's name (Kivy's, or the character it typed) -> its command. A USB keypad with Num
Lock on sends its digits, off its arrows: both move. No headphone jack is watched (Linux
says nothing of an insertion without a sound server's help): F12 starts the mode."""

STARTS = (HELP, TOGGLE)
"""Commands that start the mode when it is off, from START_KEYS only."""

START_KEYS = ("f1", "f12")
"""The keys that start the mode when it is off: they type nothing into a field, so they
cannot be a sighted visitor's typing ('h' and '?' ask for help only once it is on)."""


def starts(key_name: str) -> bool:
    """Whether the key called `key_name` (Kivy's name) starts the mode when it is off."""
    return key_name in START_KEYS


ROLES = {
    "button": N_("Кнопка"),
    "tile": N_("Раздел"),
    "row": N_("Ссылка"),
    "toggle": N_("Переключатель"),
    "field": N_("Поле ввода"),
    "key": N_("Клавиша"),
    "choice": N_("Вариант ответа"),
}
"""What a control is, spoken before its name."""

PROBLEM = N_("ошибка: {text}")
"""A control's `problem`, as it is said."""

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
    "Стирание или Escape возвращает назад. Плюс и минус делают звук громче и тише. "
    "F1 повторяет подсказку. F12 выключает управление клавишами."
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
ROW = N_("Ряд {position} из {total}: {keys}.")
ROW_START = N_("Начало ряда.")
ROW_END = N_("Конец ряда.")
KEYBOARD = N_(
    "Клавиатура. Стрелки влево и вправо, или клавиши 4 и 6, идут по ряду клавиш; "
    "стрелки вверх и вниз, или 8 и 2, переходят на ряд выше или ниже. "
    "Ввод или клавиша 5 печатает клавишу."
)
PADS = {
    "find": N_("Клавиша «Найти» в нижнем ряду показывает, что нашлось."),
    "close": N_("Клавиша «Готово» в нижнем ряду закрывает клавиатуру."),
    "digits": N_(
        "Цифры телефона, в один ряд. Стрелки влево и вправо, или клавиши 4 и 6, идут по "
        "цифрам, Ввод или клавиша 5 набирает цифру. Клавиша «Готово» в конце ряда "
        "закрывает цифры."
    ),
}
"""What is said after KEYBOARD (or instead of it, for the digit pad) on entering keys."""


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

    row: Hashable | None = None
    """The row of keys it is in (the same for every key of the row), or None: not a key.
    Consecutive controls with a row make a grid, their rows in reading order."""

    x: float = 0.0
    """A key's middle across the screen: Up and Down go to the key nearest below or above."""

    note: str = ""
    """Said after its name: the question a choice answers ("Выберите организацию")."""

    problem: str = ""
    """What is wrong with it, as told beside it ("Заполните это поле"); said after the note."""


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
        """One control on (1) or back (-1); past either end the focus wraps, and says so.
        Into a row of keys: the first key of the row, after the row spoken."""
        if self.index is None:
            return self._(NOTHING)
        total = len(self.controls)
        to = self.index + step
        note = ""
        if to >= total:
            to, note = 0, self._(WRAP_TO_FIRST) + " "
        elif to < 0:
            to, note = total - 1, self._(WRAP_TO_LAST) + " "
        if self.controls[to].row is not None and self.controls[to].row != self.current.row:
            to = self._row(to)[0]
            return note + self._enter_row(to)
        self.index = to
        return note + self.describe()

    def vertical(self, step: int) -> str:
        """Up (-1) or Down (1): the next control, or in a grid the row above or below."""
        if self.index is None or self.current.row is None:
            return self.move(step)
        rows = self._grid_rows()
        at = next(n for n, (first, last) in enumerate(rows) if first <= self.index <= last)
        if not 0 <= at + step < len(rows):
            # Out of the grid: on from its first key up, or from its last key down.
            self.index = rows[0][0] if step < 0 else rows[-1][1]
            return self.move(step)
        first, last = rows[at + step]
        x = self.current.x
        nearest = min(range(first, last + 1), key=lambda n: abs(self.controls[n].x - x))
        return self._enter_row(nearest)

    def across(self, step: int) -> str:
        """Left (-1) or Right (1): along a row of keys, stopping at its ends; elsewhere as
        Up and Down."""
        if self.index is None or self.current.row is None:
            return self.move(step)
        first, last = self._row(self.index)
        to = self.index + step
        if not first <= to <= last:
            edge = ROW_START if step < 0 else ROW_END
            return f"{self._(edge)} {self.describe()}"
        self.index = to
        return self.describe()

    def _enter_row(self, index: int) -> str:
        """The focus to `index`, a key of another row: the row, then the key."""
        self.index = index
        rows = self._grid_rows()
        first, last = self._row(index)
        labels = ", ".join(control.label for control in self.controls[first : last + 1])
        row = self._(ROW).format(
            position=rows.index((first, last)) + 1, total=len(rows), keys=labels
        )
        return f"{row} {self.describe()}"

    def _row(self, index: int) -> tuple[int, int]:
        """The first and last index of the row of keys that `index` is in."""
        row = self.controls[index].row
        first = last = index
        while first > 0 and self.controls[first - 1].row == row:
            first -= 1
        while last + 1 < len(self.controls) and self.controls[last + 1].row == row:
            last += 1
        return first, last

    def _grid_rows(self) -> list[tuple[int, int]]:
        """The rows (first, last) of the grid the focused key is in, top to bottom."""
        start = end = self.index
        while start > 0 and self.controls[start - 1].row is not None:
            start -= 1
        while end + 1 < len(self.controls) and self.controls[end + 1].row is not None:
            end += 1
        rows, at = [], start
        while at <= end:
            first, last = self._row(at)
            rows.append((first, last))
            at = last + 1
        return rows

    def focus(self, key: Hashable) -> str:
        """Put the focus on the control `key` (e.g. the keyboard's first key) and say it."""
        for at, control in enumerate(self.controls):
            if control.key == key:
                self.index = at
                break
        return self.describe()

    def describe(self) -> str:
        """ "Кнопка «Распечатать памятку», 3 из 12": the focused control; a key says its
        place in its row."""
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
        if control.note:
            parts.append(control.note)
        if control.problem:
            parts.append(_(PROBLEM).format(text=control.problem))
        if control.state:
            parts.append(_(STATES[control.state]))
        position, total = self.index + 1, len(self.controls)
        if control.row is not None:
            first, last = self._row(self.index)
            position, total = self.index - first + 1, last - first + 1
        parts.append(_(POSITION).format(position=position, total=total))
        return ", ".join(parts) + "."

    def help(self, title: str) -> str:
        """F1: what the keys do, where the visitor is, and what is focused."""
        named = self._(SCREEN).format(title=title) if title else ""
        return " ".join(part for part in (self._(INSTRUCTIONS), named, self.describe()) if part)

    def typed(self, text: str) -> str:
        """After a key of the on-screen keyboard: what the field now holds."""
        return self._(TYPED).format(text=text) if text.strip() else self._(TYPED_NOTHING)

    def keyboard(self, first_key: Hashable, pad: str = "find") -> str:
        """Enter on a text field: the focus to the first key of the keys that came up, what
        they are (`pad`: a keyboard whose action key is "find" or "close", or "digits"),
        and the first row."""
        for at, control in enumerate(self.controls):
            if control.key == first_key:
                about = self._(PADS[pad])
                if pad != "digits":
                    about = f"{self._(KEYBOARD)} {about}"
                if control.row is None:
                    self.index = at
                    return f"{about} {self.describe()}"
                return f"{about} {self._enter_row(at)}"
        return self.describe()

    def at_home(self) -> str:
        """Back where there is no way back."""
        return self._(AT_HOME)
