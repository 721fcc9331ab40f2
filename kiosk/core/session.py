"""A visitor's session: idle prompt and reset, what they leave behind, and the staff lock.

Kivy-free on purpose (house style, section 2): the clock is injected (a callable returning
seconds, e.g. time.monotonic), so tests step time by hand and the UI only calls tick()
about once a second and acts on the Event it returns.
"""

from __future__ import annotations

import hmac
import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum

Clock = Callable[[], float]


class State(Enum):
    ATTRACT = "attract"  # nobody here: the attract screen
    ACTIVE = "active"  # a visitor is using the kiosk
    PROMPT = "prompt"  # "Are you still here?" with a countdown


class Event(Enum):
    PROMPT = "prompt"  # show the "still here?" prompt
    RESET = "reset"  # wipe the session and go back to the attract screen


class Session:
    """The idle state machine: ACTIVE -> PROMPT after idle_after s, -> ATTRACT prompt_for s on."""

    def __init__(
        self, idle_after: float = 60, prompt_for: float = 20, clock: Clock = time.monotonic
    ) -> None:
        if idle_after <= 0 or prompt_for <= 0:
            raise ValueError("idle_after and prompt_for must be positive")
        self.idle_after, self.prompt_for, self._clock = idle_after, prompt_for, clock
        self.state = State.ATTRACT
        self._since = clock()  # last activity (ACTIVE) or when the prompt appeared (PROMPT)

    def start(self) -> None:
        """A touch on the attract screen opens a session; during one it counts as activity."""
        self.state = State.ACTIVE
        self._since = self._clock()

    def activity(self) -> None:
        """Any touch or key: restart the idle timer; on the prompt it means "I'm still here"."""
        # On the attract screen only start() opens a session, so a stray event cannot.
        if self.state is not State.ATTRACT:
            self.start()

    def tick(self) -> Event | None:
        """Advance by the clock; return PROMPT or RESET when the state changes, else None."""
        now = self._clock()
        if self.state is State.ACTIVE and now - self._since >= self.idle_after:
            # The countdown starts when the prompt is shown, not when it was due: after a
            # late tick the visitor still gets the full prompt_for seconds to answer.
            self.state, self._since = State.PROMPT, now
            return Event.PROMPT
        if self.state is State.PROMPT and now - self._since >= self.prompt_for:
            self.state = State.ATTRACT
            return Event.RESET
        return None

    def seconds_left(self) -> int:
        """Whole seconds (rounded up) to the next event: the prompt, or on it the reset."""
        if self.state is State.ATTRACT:
            return 0
        limit = self.prompt_for if self.state is State.PROMPT else self.idle_after
        return max(0, math.ceil(limit - (self._clock() - self._since)))

    def end(self) -> Event | None:
        """End the session at once (staff, a "finish" button); RESET if one was open."""
        if self.state is State.ATTRACT:
            return None
        self.state = State.ATTRACT
        return Event.RESET


KINDS = ("service", "agency", "event")


@dataclass
class MyList:
    """The visitor's "my list": ordered, each (kind, id) once."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, kind: str, item_id: str) -> bool:
        """Add at the end; False if it is already there."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind '{kind}' (known: {', '.join(KINDS)})")
        if (kind, item_id) in self.items:
            return False
        self.items.append((kind, item_id))
        return True

    def remove(self, kind: str, item_id: str) -> bool:
        """Take it out; False if it was not there."""
        if (kind, item_id) not in self.items:
            return False
        self.items.remove((kind, item_id))
        return True

    def __contains__(self, item: object) -> bool:
        return item in self.items

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(list(self.items))  # a copy, so remove() while iterating is safe


@dataclass
class SessionData:
    """Everything a visitor leaves behind in a session; clear() wipes it all.

    Their print jobs are not here: they live in kiosk.core.print_desk.PrintDesk, and the
    reset cancels them there (kiosk.core.controllers.visit).
    """

    my_list: MyList = field(default_factory=MyList)
    finder_answers: dict[str, object] = field(default_factory=dict)
    search_text: str = ""

    def clear(self) -> None:
        """Wipe everything, in place: screens may hold references to these very objects."""
        self.my_list.items.clear()
        self.finder_answers.clear()
        self.search_text = ""


class HiddenGesture:
    """The staff screen's hidden corner: `taps` taps within `within` seconds."""

    def __init__(self, taps: int = 5, within: float = 3.0, clock: Clock = time.monotonic):
        self.taps, self.within, self._clock = taps, within, clock
        self._times: deque[float] = deque()

    def tap(self) -> bool:
        """Record a tap; True when it is the taps-th within `within` s of the first."""
        now = self._clock()
        self._times.append(now)
        while now - self._times[0] > self.within:
            self._times.popleft()
        if len(self._times) >= self.taps:
            self._times.clear()  # a sixth tap starts over instead of opening again
            return True
        return False


class Outcome(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class Result:
    """What a PIN check says; seconds_left counts down a lockout (whole seconds)."""

    outcome: Outcome
    seconds_left: int = 0


class PinCheck:
    """The staff PIN: constant-time compare, and a lockout after repeated failures."""

    def __init__(
        self,
        pin: str | None,
        max_failures: int = 3,
        lockout: float = 60.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self._pin = pin or None  # an empty configured PIN means "no staff screen"
        self.max_failures, self.lockout, self._clock = max_failures, lockout, clock
        self._failures = 0
        self._locked_until: float | None = None

    def check(self, entered: str | None) -> Result:
        """OK for the right PIN; WRONG; or LOCKED (not even compared) during a lockout."""
        now = self._clock()
        if self._locked_until is not None:
            if now < self._locked_until:
                return Result(Outcome.LOCKED, math.ceil(self._locked_until - now))
            self._locked_until = None
        # compare_digest over bytes: constant time, and no TypeError for non-ASCII input.
        if self._pin is not None and hmac.compare_digest(
            (entered or "").encode(), self._pin.encode()
        ):
            self._failures = 0
            return Result(Outcome.OK)
        self._failures += 1
        if self._failures >= self.max_failures:
            self._failures = 0
            self._locked_until = now + self.lockout
            return Result(Outcome.LOCKED, math.ceil(self.lockout))
        return Result(Outcome.WRONG)
