"""The audio-tactile mode on the screen: the keys, the controls of the screen on show, the
outline around the focused one (kiosk/app/focus_controls.py), and the speech (the rules are
kiosk/core/focus.py).

F12 (or F1) starts it, with spoken instructions; from then on the arrows, a USB keypad's
8, 2 and 5, Enter, Backspace/Escape and F1 move a focus through every control of the screen
in reading order (the top bar, the screen, the bottom bar), press the focused one as a
touch would, go back and help. The keys of the on-screen keyboard and of a form's digit pad
are rows: Left and Right (4 and 6) move along a row, Up and Down (8 and 2) between rows.
While the mode is on, the digit a keypad with Num Lock on types with its 8, 2, 4, 6 and 5
is the mode's: it reaches no field.
Each step is spoken through the read-aloud controller's speaker, so it interrupts whatever
was being read. The focus is drawn as a 3 mm outline in the theme's text colour on a halo
of its background, for visitors who see a little too.
The mode ends at the idle reset: the next visitor finds the terminal as usual.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.textinput import TextInput

from content.presentation.i18n import N_
from kiosk.app.focus_controls import (
    Finger,
    Outline,
    control,
    plain,
    reachable,
    scroll_into_view,
    types_into_field,
    walk,
)
from kiosk.app.live_translator import _
from kiosk.core import keyboard as layouts
from kiosk.core.controllers.reading import VOLUME_SAID
from kiosk.core.focus import (
    BACK,
    DOWN,
    ENTER,
    HELP,
    LEFT,
    LOUDER,
    QUIETER,
    RIGHT,
    TOGGLE,
    UP,
    KeypadFocus,
    starts,
)

TITLES = {
    "search": N_("Поиск"),
    "my_list": N_("Мой список"),
    "finder": N_("Подбор льгот"),
    "idle_prompt": N_("Вы ещё здесь?"),
}
"""Screens without a Header whose title could be read."""

PROBLEMS_FOUND = N_("Не всё заполнено верно.")
"""Said after a press that showed problems beside fields, before the first of them."""

FIRST_KEY_FRAMES = 5
"""Frames to wait for keys that came up to be laid out before the focus goes to them."""


class KeypadMode:
    """The mode over the running app: `attach()` when the app starts."""

    def __init__(self, app):
        self.app = app
        self.controllers = app.controllers
        self.core = KeypadFocus(gettext=_)
        self.widgets: list = []
        """The widgets of `core.controls`, in the same order."""
        self._where = None  # the screen (and prompt) last announced
        self._frame_event = None
        self._outline = None
        self._quiet = False  # the last press typed a key: its echo, not the screen's message
        self._message = None  # the message of the screen on show, last seen
        self._settling = -1  # controls found on a new screen in the last frame
        self._swallow = False  # the key just taken typed a character too: not for a field

    # -- the app's side ----------------------------------------------------------------------

    def attach(self, *_args) -> None:
        """Listen to the window's keys and to the reset."""
        Window.bind(on_key_down=self._key_down, on_textinput=self._text_typed)
        self.controllers.changes.listen(self._changed)

    def _text_typed(self, _window, _text) -> bool:
        """The character of a key the mode took (a keypad's 8 with Num Lock on, 'h'): kept
        from the field being typed in."""
        swallow, self._swallow = self._swallow, False
        return swallow

    def _changed(self) -> None:
        if self.core.active and not self.controllers.visit.in_session:
            self.stop(quietly=True)  # the reset: nothing of the visitor's mode stays

    def _key_down(self, _window, key, _scancode, text, _modifiers) -> bool:
        name = Window._system_keyboard.keycode_to_string(key) or ""
        command = self.core.command(name, text or "")
        self._swallow = False
        if command is None or (not self.core.active and not starts(name)):
            return False
        self._swallow = bool(text)
        self.controllers.visit.activity()
        if not self.core.active:
            self.start()
        elif command == TOGGLE:
            self.stop()
        elif command in (UP, DOWN, LEFT, RIGHT):
            self._move(command)
        elif command == ENTER:
            self.press()
        elif command == BACK:
            self.back()
        elif command == HELP:
            self._collect()
            self.say(self.core.help(self.title()))
        elif command in (QUIETER, LOUDER):
            reading, lang = self.controllers.reading, self.controllers.visit.lang
            changed = reading.louder(lang) if command == LOUDER else reading.quieter(lang)
            if not changed:  # already the loudest or the quietest: say so at that volume
                level, levels = reading.volume_level
                self.say(_(VOLUME_SAID).format(level=level, levels=levels))
        return True  # taken: the field with the cursor must not get it too

    # -- the mode ----------------------------------------------------------------------------

    def start(self) -> None:
        """The mode on, with spoken instructions; a key on the attract loop starts a visit."""
        if not self.controllers.visit.in_session:
            self.controllers.visit.start()
        self.controllers.usage.setting_used("keypad")
        widgets, first = self.collect()
        self.widgets = widgets
        self._where = self._place()
        self._message = self._screen_message()
        self.say(self.core.start(self.title(), [control(w) for w in widgets], first))
        self._draw()
        self._frame_event = Clock.schedule_interval(self._each_frame, 0)

    def stop(self, quietly: bool = False) -> None:
        said = self.core.stop()
        self.widgets = []
        if self._frame_event is not None:
            self._frame_event.cancel()
            self._frame_event = None
        self._remove_outline()
        if not quietly:
            self.say(said)

    def say(self, text: str) -> None:
        """Speak `text` now, in the visit's language, instead of whatever was being said."""
        reading = self.controllers.reading
        reading.stop()
        reading.speaker.say(text, self.controllers.visit.lang)

    def _move(self, command: str) -> None:
        self._collect()
        if command in (UP, DOWN):
            said = self.core.vertical(1 if command == DOWN else -1)
        else:
            said = self.core.across(1 if command == RIGHT else -1)
        self.say(said)
        self._show_focused()

    def press(self) -> None:
        """Enter: the focused control, pressed as a finger would."""
        self._collect()
        widget = self.focused()
        if widget is None:
            self.say(self.core.describe())
            return
        self._quiet = types_into_field(widget)
        if isinstance(widget, TextInput):
            self._touch(widget)
            self._to_keyboard(widget)
            return
        before = self._screen_message()
        problems = {c.key for c in self.core.controls if c.problem}
        field = self._field()
        if isinstance(widget, ButtonBehavior):
            widget.trigger_action(duration=0)
        Clock.schedule_once(lambda _dt: self._after_press(widget, before, problems, field), 0)

    def back(self) -> None:
        """Backspace or Escape: the bar's Back; on the idle prompt, "I am here"."""
        if self.app.root.prompt is not None:
            self.controllers.visit.still_here()
        elif self.controllers.navigator.at_home:
            self.say(self.core.at_home())
        else:
            self.controllers.navigator.back()

    def _after_press(self, widget, message_before: str, problems_before, field_before) -> None:
        if self._place() != self._where:
            return  # another screen: the frame watch announces it once its lists are in
        self._collect()
        field = self._field()
        key = getattr(widget, "key", None)
        message = self._screen_message()
        problems = [c for c in self.core.controls if c.problem]
        if field_before is not None and field is None and field_before in self.widgets:
            self._back_to(field_before)  # the keys folded away (Done): back to the field
        elif isinstance(key, layouts.Key) and key.kind == layouts.DONE:
            self._to_results()
        elif any(c.key not in problems_before for c in problems):
            said = self.core.focus(problems[0].key)  # Send found problems: the first one
            self.say(f"{_(PROBLEMS_FOUND)} {said}")
            self._show_focused()
        elif message and message != message_before and not self._quiet:
            self._message = message  # what the press did: "Printing…"
            self.say(message)
        elif self._quiet and field is not None:
            self.say(f"{plain(widget.text)}. {self.core.typed(field.text)}")
        else:
            self.say(self.core.describe())

    def _back_to(self, field) -> None:
        self.say(self.core.focus(field.uid))
        self._show_focused()

    def _to_results(self) -> None:
        """After Find: what was found said, and the focus on the first result."""
        self._message = self._screen_message()
        rows = [w for w in self.widgets if type(w).__name__ in ("ListButton", "ServiceButton")]
        said = self.core.focus(rows[0].uid) if rows else self.core.describe()
        self.say(f"{self._message} {said}".strip())
        self._show_focused()

    def _to_keyboard(self, field) -> None:
        """After Enter on a text field: the focus to the keys that came up for it (the
        on-screen keyboard, a form's digit pad), once they are laid out."""
        screen = self.app.root.current_screen()
        if screen is None:
            return
        if getattr(screen, "pad", "") == "digits":
            pad = screen.ids.get("digits")
            kind = "digits"
        else:
            pad = screen.ids.get("keyboard")
            kind = getattr(pad, "action", "find")
        if pad is None:
            return
        self._first_key(pad, kind, field, FIRST_KEY_FRAMES)

    def _first_key(self, pad, kind: str, field, frames: int) -> None:
        self._collect()
        pressable = [w for w in walk(pad) if isinstance(w, ButtonBehavior)]
        keys = [w for w in pressable if w in self.widgets and control(w).row is not None]
        # Keys that share a row with fixed-width ones get their width a frame later.
        if keys and (len(keys) == len(pressable) or frames == 0):
            self._quiet = True
            self.say(self.core.keyboard(keys[0].uid, kind))
            self._show_focused()
        elif frames > 0:  # not laid out yet: its keys have no size in the first frame
            Clock.schedule_once(lambda _dt: self._first_key(pad, kind, field, frames - 1), 0)
        else:
            self.say(self.core.focus(field.uid))

    # -- each frame while the mode is on: a new screen, a message, the outline ---------------

    def _each_frame(self, _dt) -> None:
        if self.app.root.filling_lists():
            return  # a list still growing: say the screen once it is whole
        where = self._place()
        if where != self._where:
            widgets, first = self.collect()
            # A screen's layout takes a frame or two (the keyboard's keys have no width in
            # the first): say it once two frames in a row find the same controls.
            if len(widgets) != self._settling:
                self._settling = len(widgets)
                return
            self._where, self._settling = where, -1
            self._quiet = False
            self.widgets = widgets
            self._message = self._screen_message()
            self.say(self.core.show_screen(self.title(), [control(w) for w in widgets], first))
            self._show_focused()
            return
        message = self._screen_message()
        if message != self._message:
            self._message = message
            if message and not self._quiet:
                self.say(message)
        self._draw()

    def _place(self):
        prompt = self.app.root.prompt
        return (self.controllers.navigator.current, prompt is not None and id(prompt))

    def _screen_message(self) -> str:
        """The screen's line that says what happened ("Printing…", what was found)."""
        screen = self.app.root.current_screen()
        return plain(getattr(screen, "message", "") or "")

    # -- the controls ------------------------------------------------------------------------

    def collect(self) -> tuple[list, int]:
        """The controls on show in reading order, and where the screen's own ones start.

        The idle prompt, while it is open, is all there is; otherwise the top bar, the
        screen and the bottom bar. What is hidden, disabled or of no size is left out."""
        root = self.app.root
        if root.prompt is not None:
            return [w for w in walk(root.prompt) if reachable(w)], 0
        if not self.controllers.visit.in_session:
            return [], 0
        top = [w for w in walk(root.ids.top) if reachable(w)]
        screen = root.current_screen()
        own = [w for w in walk(screen) if reachable(w)] if screen is not None else []
        bottom = [w for w in walk(root.ids.nav) if reachable(w)]
        return top + own + bottom, len(top) if own else 0

    def _collect(self) -> None:
        """Take the screen's controls again, the focus kept on the same one."""
        self.widgets, _first = self.collect()
        self.core.update([control(w) for w in self.widgets])

    def focused(self):
        """The focused widget, or None."""
        index = self.core.index
        return self.widgets[index] if index is not None and index < len(self.widgets) else None

    def title(self) -> str:
        """The name of what is on show: the prompt's question, the screen's header."""
        root = self.app.root
        if root.prompt is not None:
            # The question and its countdown ("In 20 seconds everything you chose will be
            # cleared"): a visitor who cannot see it must hear how long is left.
            countdown = plain(root.prompt.ids.countdown.text)
            return " ".join(filter(None, (_(TITLES["idle_prompt"]), countdown)))
        screen = root.current_screen()
        if screen is None:
            return ""
        for widget in walk(screen):
            if type(widget).__name__ == "Header" and getattr(widget, "title", ""):
                return plain(widget.title)
        return _(TITLES[screen.name]) if screen.name in TITLES else ""

    def _field(self):
        """The text field the keys type into: the search's, or a form's being typed in."""
        screen = self.app.root.current_screen()
        if screen is None:
            return None
        field = getattr(screen, "active", None) or screen.ids.get("field")
        return field if isinstance(field, TextInput) else None

    # -- the outline -------------------------------------------------------------------------

    def _show_focused(self) -> None:
        """Scroll the focused control into view and draw the outline around it."""
        widget = self.focused()
        if widget is not None:
            scroll_into_view(widget)
        self._draw()

    def _draw(self) -> None:
        widget = self.focused()
        if widget is None or widget.get_root_window() is None:
            self._remove_outline()
            return
        if self._outline is None:
            self._outline = Outline()
            Window.canvas.after.add(self._outline.group)
        self._outline.around(widget)

    def _remove_outline(self) -> None:
        if self._outline is not None:
            Window.canvas.after.remove(self._outline.group)
            self._outline = None

    def _touch(self, widget) -> None:
        """A finger's touch on `widget`, down and up (a text field has no trigger_action)."""
        touch = Finger("keypad", 1, widget.center)
        widget.dispatch("on_touch_down", touch)
        widget.dispatch("on_touch_up", touch)
