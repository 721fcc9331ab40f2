"""What the controllers need from outside the core, and how they tell the app of a change.

Each outside thing is a small `typing.Protocol`: the Kivy app is the `Display`
(kiosk/app/main.py), kiosk.adapters.speech the `Speaker`, the composition root
(kiosk/app/compose.py) the `Printouts`, kiosk.adapters.pack_store.PackStore the `Store`,
kiosk.adapters.outbox.Outbox the `OutboxPort`, kiosk.adapters.usage_store.UsageStore the
`Usage`.
The unit tests (tests/unit/test_*_controller.py) pass hand-written fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.core.navigation import Place

if TYPE_CHECKING:
    from kiosk.core.controllers.requests import Sent


class Display(Protocol):
    """The screen side of a visit: it shows what the controllers decide, nothing more."""

    def show(self, place: Place) -> None:
        """Fill `place`'s screen and put it on show (the error screen if that fails)."""

    def show_error(self) -> None:
        """The polite error screen, after an error inside a screen."""

    def open_prompt(self, seconds_left: int) -> None:
        """ "Are you still here?" with its countdown."""

    def count_down(self, seconds_left: int) -> None:
        """The prompt's countdown, if the prompt is open."""

    def close_prompt(self) -> None: ...

    def forget_visitor(self) -> None:
        """Empty every screen, then forget what typed text left behind (caches, clipboard)."""

    def restore_look(self) -> None:
        """Standard text size and colours again; no keyboard held."""

    def language_changed(self) -> None:
        """Every text in the visit's language now; the page on show redrawn in place."""

    def pack_changed(self) -> None:
        """The pack's title and date, and "may be out of date", anew."""

    def show_attract(self) -> None: ...

    def hide_attract(self) -> None: ...

    def between_visitors(self) -> None:
        """Nobody waits for the screen: time for housekeeping."""


class NoDisplay:
    """Shows nothing: the controllers before the app attaches itself, or a test of state."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *_args, **_kwargs: None


class Speaker(Protocol):
    """Reads text aloud in the background (kiosk.adapters.speech)."""

    rate: int
    """Words per minute of every `say()` from now on (the visitor's Slower and Faster)."""

    volume: int
    """Loudness of every `say()` from now on, in espeak-ng's amplitude (0 to 200, 100 its
    normal): the visitor's Quieter and Louder."""

    @property
    def available(self) -> bool: ...

    @property
    def speaking(self) -> bool: ...

    def say(self, text: str, lang: str) -> None: ...

    def stop(self) -> None: ...


class Printouts(Protocol):
    """Makes a printout (printouts.Printout: pdf, title, pages) from the pack at a path.

    Called on the print worker's thread, so it opens the pack itself: an sqlite3
    connection stays in the thread that made it.
    """

    def items(
        self, pack_path: Path, items: Sequence[tuple[str, str]], lang: str, large: bool = False
    ) -> object:
        """One service: its leaflet (`large`: the large-print one); more: the my-list
        printout. What the pack lost is left out."""

    def brochure(self, pack_path: Path, category_id: str, lang: str) -> object: ...

    def request_slip(self, pack_path: Path, sent: Sent, lang: str, paper: str) -> object:
        """The confirmation of a sent request (its reference, when, what happens next, a
        code of the reference; nothing the citizen typed) on `paper`: "a4" or "80mm"."""


class OutboxRefused(Exception):
    """The outbox cannot store a submission (the disk is full or read-only): nothing of it
    was stored. kiosk.adapters.outbox.OutboxUnavailable is one; `cause` is "full",
    "read_only", "permission" or "other", for the form to say the right thing."""

    def __init__(self, message: str, cause: str = "other"):
        super().__init__(message)
        self.cause = cause


class OutboxPort(Protocol):
    """The terminal's outbox of sealed submissions (kiosk.adapters.outbox.Outbox)."""

    def add(
        self, submission_id: str, reference: str, kind: str, created: str, sealed: bytes
    ) -> None:
        """Queue sealed bytes, durably before it returns; the same id again changes nothing.
        Raises OutboxRefused when the disk refuses (then nothing was stored)."""


class NoOutbox:
    """An outbox that stores nothing: controllers built without one take no requests
    (every submit is refused as by a disk that cannot be written)."""

    def add(
        self, submission_id: str, reference: str, kind: str, created: str, sealed: bytes
    ) -> None:
        raise OutboxRefused("this terminal has no outbox", "other")


class Usage(Protocol):
    """The day's anonymous counts of use (kiosk.adapters.usage_store over kiosk.core.usage):
    told what happened, never who did it. Every call is cheap and never raises: a disk
    that refuses the counts costs the counts, not the visit."""

    def session_started(self, pack_id: str, pack_version: int) -> None:
        """A visitor arrived; the pack on show is the day's."""

    def session_ended(self, seconds: float) -> None:
        """The visit ended `seconds` after it began (its last touch, not the reset)."""

    def touched(self) -> None:
        """A touch or a key: counted in its hour; the terminal's last touch."""

    def screen_shown(self, screen: str) -> None: ...

    def item_viewed(self, kind: str, key: str) -> None:
        """A page of the pack's service, agency or event `key`."""

    def searched(self, text: str, results: int) -> None:
        """A search the visitor finished (left it or chose a result), with its results."""

    def finder_ran(self, suggested: Sequence[str]) -> None:
        """The benefit finder's result, with the ids of the benefits it suggested."""

    def printed(self, kind: str, copies: int = 1) -> None:
        """A printout came out: leaflet, list, brochure or slip."""

    def requested(self, kind: str) -> None:
        """A request of `kind` was sent (queued in the outbox)."""

    def setting_used(self, name: str) -> None:
        """lang_en, large_text, high_contrast, read_aloud or keypad."""

    def flush(self) -> None:
        """Between visitors and at the stop: write the counts down now."""


class NoUsage:
    """Counts nothing: controllers built without a usage store (tests of other things)."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *_args, **_kwargs: None


class Changes:
    """Tells whoever listens that a controller's state changed.

    The app listens to mirror the state into the Kivy properties its .kv files bind to
    (at_home, in_session, my_list_count, speaking); setting a Kivy property to the value it
    has already costs nothing, so one signal for every change is enough.
    """

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def listen(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def __call__(self) -> None:
        for listener in list(self._listeners):
            listener()
