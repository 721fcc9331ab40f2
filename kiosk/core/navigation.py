"""Where the visitor is and how they got there: the Back and Home buttons' memory.

Kivy-free on purpose (house style, section 2): the screens show a `Place`, this module only
decides which place comes next. The idle reset of the next issue will call `home()` too.
"""

from __future__ import annotations

from dataclasses import dataclass

HOME = "home"


@dataclass(frozen=True)
class Place:
    """A screen and what it shows: ('category', 'families'), ('service', 'pension')."""

    screen: str
    key: str | None = None


class History:
    """The visitor's path from Home; Back walks it backwards and never past Home."""

    def __init__(self) -> None:
        self._stack: list[Place] = [Place(HOME)]

    @property
    def current(self) -> Place:
        return self._stack[-1]

    @property
    def at_home(self) -> bool:
        return len(self._stack) == 1

    def go(self, place: Place) -> Place:
        """Open `place` from the current one; opening the same place twice adds no step."""
        if place != self.current:
            self._stack.append(place)
        return self.current

    def back(self) -> Place:
        """The place before the current one (Home stays Home)."""
        if len(self._stack) > 1:
            self._stack.pop()
        return self.current

    def home(self) -> Place:
        """Forget the path and return to Home."""
        del self._stack[1:]
        return self.current
