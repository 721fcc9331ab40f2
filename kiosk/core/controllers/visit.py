"""A visitor's time at the terminal: the first touch, the idle prompt, the reset; the language.

The reset is the promise the terminal makes to every visitor: the next one finds nothing
of them. `Visit.reset()` keeps that promise in one place and in this order: the session
ends, reading stops, print jobs still waiting are cancelled (kiosk.core.print_desk), the
session's data and a request form's draft are wiped, the screens and whatever typed text
left behind are forgotten (the display's part), the path goes back to Home, the look and
the language back to the terminal's own, and only then is a newer pack swapped in and the
attract loop shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.core.config import Config
from kiosk.core.controllers.navigator import Navigator
from kiosk.core.controllers.packs import PackController
from kiosk.core.controllers.ports import Changes, Display, NoDisplay, NoUsage, Usage
from kiosk.core.controllers.printing import PrintingController
from kiosk.core.controllers.reading import ReadAloud
from kiosk.core.controllers.requests import RequestsController
from kiosk.core.session import Event, HiddenGesture, Session, SessionData

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
"""Each language's own name, as its button says it: what a visitor who listens hears, in
that language, when they switch to it."""

STAFF = "staff"
"""The screen the hidden corner opens."""


class Visit:
    """The session state machine (kiosk.core.session.Session) driven by the app's timer and
    touches, and everything a reset puts back."""

    def __init__(
        self,
        settings: Config,
        data: SessionData,
        navigator: Navigator,
        reading: ReadAloud,
        printing: PrintingController,
        packs: PackController,
        changes: Changes | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        requests: RequestsController | None = None,
        usage: Usage | None = None,
    ):
        self.settings = settings
        self.data = data
        self.session = Session(
            idle_after=settings.idle_seconds, prompt_for=settings.prompt_seconds, clock=clock
        )
        self.staff_gesture = HiddenGesture(clock=clock)
        self.lang = settings.languages[0]
        """The language texts are shown in; the first of the config's is the terminal's own."""
        self.in_session = False
        """False while the attract loop waits for a visitor."""
        self.prompting = False
        """True while "Are you still here?" is on show."""
        self.display: Display = NoDisplay()
        self._navigator, self._reading, self._printing = navigator, reading, printing
        self._packs = packs
        self._requests = requests
        self._changes = changes or Changes()
        self._clock = clock
        self._usage = usage or NoUsage()
        self._began = self._last_seen = clock()  # the visit's length: first to last touch

    def start(self) -> None:
        """A touch on the attract loop: a visitor has arrived."""
        self.session.start()
        self.in_session = True
        self._began = self._last_seen = self._clock()
        meta = self._packs.pack.meta
        self._usage.session_started(meta.pack_id, meta.version)
        self.display.hide_attract()
        self._navigator.home()
        self._changes()

    def tick(self) -> Event | None:
        """About twice a second: the idle timer, the prompt's countdown, the reset."""
        if self.in_session and not self.prompting and self._reading.reading:
            # A visitor listening to a page touches nothing: a 470-word page takes three
            # minutes to hear. The idle time starts when the reading ends.
            self.session.activity()
        event = self.session.tick()
        if event is Event.PROMPT:
            self._reading.stop()
            self.prompting = True
            self.display.open_prompt(self.session.seconds_left())
        elif event is Event.RESET:
            self.reset()
        if self.prompting:
            self.display.count_down(self.session.seconds_left())
        return event

    def activity(self) -> None:
        """A touch or a key anywhere: the idle time starts again (on the prompt, only its
        answer counts)."""
        self._usage.touched()
        if self.in_session and not self.prompting:
            self.session.activity()
            self._last_seen = self._clock()

    def still_here(self) -> None:
        """The visitor answered the idle prompt."""
        self.session.activity()
        self._last_seen = self._clock()
        self.prompting = False
        self._reading.stop()  # the prompt said aloud: answered, it need not go on
        self.display.close_prompt()

    def set_language(self, lang: str) -> bool:
        """Switch to `lang` if the terminal offers it; False if it does not."""
        if lang not in self.settings.languages:
            return False
        self.lang = lang
        if lang != self.settings.languages[0]:
            self._usage.setting_used(f"lang_{lang}")
        self.display.language_changed()
        self._reading.announce(LANGUAGE_NAMES.get(lang, ""), lang)
        self._changes()
        return True

    def staff_corner_tapped(self) -> None:
        """A tap on the hidden corner; the fifth quick one opens the staff screen."""
        if self.staff_gesture.tap():
            self._navigator.open(STAFF)

    def reset(self) -> None:
        """Wipe everything the visitor left and show the attract loop to the next one."""
        ended = self.in_session
        self.session.end()
        self.prompting = False
        self.display.close_prompt()
        self._reading.forget()  # silence; the next visitor is not spoken to unasked
        self._printing.cancel_all()  # nothing of this visitor's printing reaches the next
        self.data.clear()
        if self._requests is not None:
            self._requests.forget()  # a form's draft: what the visitor typed
        self._changes()
        self.display.forget_visitor()  # after the data: a screen may read it as it empties
        if ended:  # after the screens: a search left on show belongs to this visit
            self._usage.session_ended(self._last_seen - self._began)
        self._navigator.forget()
        self.staff_gesture = HiddenGesture(clock=self._clock)
        self.display.restore_look()
        if self.lang != self.settings.languages[0]:
            self.set_language(self.settings.languages[0])
        self._packs.swap_if_newer()
        self.display.pack_changed()  # "may be out of date" follows the last sync's age
        self.in_session = False
        self.display.show_attract()
        self.display.between_visitors()
        self._usage.flush()  # after the screens: the search left on show is counted
        self._changes()
