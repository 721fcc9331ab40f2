"""Read aloud: the page on show, spoken in the visitor's language, until told to stop."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.core.controllers.ports import Changes, Speaker


class ReadAloud:
    """The Read aloud button's state over a `Speaker`."""

    def __init__(self, speaker: Speaker, changes: Changes | None = None):
        self.speaker = speaker
        self._changes = changes or Changes()
        self.speaking = False
        """True from a `toggle()` that started reading until the next `toggle()` or `stop()`:
        the button says "Stop reading" that long, even after the speaker has finished."""

    @property
    def can_speak(self) -> bool:
        """False when speech is not installed: the button is then greyed out."""
        return self.speaker.available

    def toggle(self, text: Callable[[], str], lang: str) -> None:
        """Stop reading, or start reading `text()` (the page on show) if it says anything."""
        if self.speaking:
            self.stop()
            return
        said = text()
        if said:
            self.speaker.say(said, lang)
            self.speaking = True
            self._changes()

    def stop(self) -> None:
        """Silence, whatever is being said (another page, the prompt, the reset)."""
        if self.speaking or self.speaker.speaking:
            self.speaker.stop()
        self.speaking = False
        self._changes()
