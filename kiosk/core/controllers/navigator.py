"""Open, Back and Home: the visitor's path (kiosk.core.navigation.History), shown by the display.

Every tap that opens a page, the bars' Back and Home, and the error screen come here; the
display only draws the place it is told.
"""

from __future__ import annotations

from kiosk.core.controllers.ports import Changes, Display, NoDisplay, NoUsage, Usage
from kiosk.core.controllers.reading import ReadAloud
from kiosk.core.controllers.requests import RequestsController
from kiosk.core.navigation import History, Place

ERROR = "error"
"""The screen that says sorry when another one failed."""

VIEWED = ("service", "agency", "event")
"""The screens of one item of the pack, whose ids the day's counts keep (`viewed`)."""


class Navigator:
    """Where the visitor is, and the way there and back."""

    def __init__(
        self,
        reading: ReadAloud,
        changes: Changes | None = None,
        *,
        requests: RequestsController | None = None,
        usage: Usage | None = None,
    ):
        self.history = History()
        self.display: Display = NoDisplay()
        self._reading = reading
        self._changes = changes or Changes()
        self._requests = requests
        self._usage = usage or NoUsage()

    @property
    def current(self) -> Place:
        return self.history.current

    @property
    def at_home(self) -> bool:
        """True on Home, where Back and Home have nowhere to go."""
        return self.history.at_home

    def open(self, screen: str, key: str | None = None) -> None:
        """Show `screen` for `key`, one step further from Home."""
        self._show(self.history.go(Place(screen, key)))

    def back(self) -> None:
        self._forget_form()
        self._show(self.history.back())

    def home(self) -> None:
        self._forget_form()
        self._show(self.history.home())

    def redraw(self) -> None:
        """Draw the place on show again (another language): not a new view."""
        self._show(self.history.current, counted=False)

    def error(self) -> None:
        """After an error inside a screen: the polite message, and Back to where it was."""
        self._reading.stop()
        self.history.go(Place(ERROR))
        self._usage.screen_shown(ERROR)
        self.display.show_error()
        self._changes()

    def forget(self) -> None:
        """Forget the path without showing anything (the reset: the attract loop is on top)."""
        self.history.home()
        self._changes()

    def _forget_form(self) -> None:
        # Back and Home leave a form: what was typed on it goes (issue 17), before the
        # page is drawn, so no screen can show it again.
        if self._requests is not None:
            self._requests.forget()

    def _show(self, place: Place, counted: bool = True) -> None:
        self._reading.stop()  # what was read aloud belongs to the page left
        if counted:
            self._usage.screen_shown(place.screen)
            if place.screen in VIEWED and place.key:
                self._usage.item_viewed(place.screen, place.key)
        self.display.show(place)
        self._changes()
