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
        self.voice = False
        """True once the visitor has had a page read aloud in this visit: from then on the
        terminal also says aloud what it asks by itself (the idle prompt). `forget()`
        clears it for the next visitor."""

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
            self.speaking = self.voice = True
            self._changes()

    @property
    def reading(self) -> bool:
        """True while a page the visitor asked for is still being spoken: someone listening
        is someone there, so the visit counts it as activity."""
        return self.speaking and self.speaker.speaking

    def announce(self, text: str, lang: str) -> bool:
        """Say `text` (what the terminal asks by itself) if the visitor listens in this
        visit; True if it is being said. It is no page read: the button does not change."""
        if not (self.voice and text and self.speaker.available):
            return False
        self.speaker.say(text, lang)
        self.speaking = False
        self._changes()
        return True

    def forget(self) -> None:
        """A new visitor: silence, and nothing is said until they ask for it."""
        self.stop()
        self.voice = False

    def stop(self) -> None:
        """Silence, whatever is being said (another page, the prompt, the reset)."""
        if self.speaking or self.speaker.speaking:
            self.speaker.stop()
        self.speaking = False
        self._changes()
