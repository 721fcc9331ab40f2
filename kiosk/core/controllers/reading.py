"""Read aloud: the page on show, spoken in the visitor's language one sentence at a time, so
that the terminal knows where it is: the visitor can pause and go on, hear a sentence
again, and have it said slower or faster.

The speaker says one sentence and falls silent; the app calls `tick()` a few times a second,
and each tick that finds the speaker silent starts the next sentence. The same silence is
how a sentence cut by an announcement ("Крупный текст включён") is noticed: it is said again
from its start once the announcement is over.

A reading counts as the visitor's activity while it goes on (`reading`): a 470-word page
takes minutes to hear and the listener touches nothing. A paused one does not: a visitor
who paused may have walked away, so the idle prompt comes as it would after any page, and
the prompt ends the reading (kiosk.core.controllers.visit).
"""

from __future__ import annotations

from collections.abc import Callable

from content.presentation.i18n import N_
from kiosk.core.controllers.ports import Changes, NoUsage, Speaker, Usage
from kiosk.core.sentences import split_sentences

RATES = (100, 120, 140, 160, 180, 200)
"""espeak-ng's words per minute, slowest first: the steps of Slower and Faster."""

NORMAL_RATE = 140
"""Each visitor's first rate; kiosk.adapters.speech.RATE_WPM, the terminal's (a test checks)."""

VOLUMES = (40, 70, 100, 140, 200)
"""espeak-ng's amplitude, quietest first: the steps of Quieter and Louder (Section 508
402.3: a visitor sets the volume; it goes back to normal for the next one)."""

NORMAL_VOLUME = 100

VOLUME_SAID = N_("Громкость {level} из {levels}")
"""Said at the new volume after Quieter or Louder when nothing is being read: the visitor
hears the level they chose."""

_SENTENCE, _ANNOUNCEMENT = "sentence", "announcement"


class ReadAloud:
    """The Read aloud button and the speech panel's state over a `Speaker`."""

    def __init__(
        self,
        speaker: Speaker,
        changes: Changes | None = None,
        gettext: Callable[[str], str] = lambda text: text,
        usage: Usage | None = None,
    ):
        self.speaker = speaker
        self._usage = usage or NoUsage()
        self._changes = changes or Changes()
        self._gettext = gettext
        self.speaking = False
        """True from a `toggle()` that started reading until the next `toggle()` or `stop()`:
        the button says "Stop reading" and the speech panel is on show that long, even
        after the last sentence has been said (it can still be repeated)."""
        self.voice = False
        """True once the visitor has had a page read aloud in this visit: from then on the
        terminal also says aloud what it asks by itself (the idle prompt) and what the
        visitor's own choices changed (`announce`). `forget()` clears it."""
        self.paused = False
        """True while the visitor has paused the reading: silence, the place kept."""
        self.rate = NORMAL_RATE
        """Words per minute, one of RATES; the visitor's until `forget()`."""
        self.volume = NORMAL_VOLUME
        """Loudness, one of VOLUMES; the visitor's until `forget()`."""
        self.sentences: list[str] = []
        """The page being read, a sentence each."""
        self.index = 0
        """The sentence being said, or the next one to say (len(sentences): all said)."""
        self.lang = ""
        """The language of the page being read."""
        self._saying: str | None = None  # what the speaker was last told, if not yet over
        self._last: int | None = None  # the sentence begun last: what Repeat says

    @property
    def can_speak(self) -> bool:
        """False when speech is not installed: the button is then greyed out."""
        return self.speaker.available

    # -- the page --------------------------------------------------------------------------

    def toggle(self, text: Callable[[], str], lang: str) -> None:
        """Stop reading, or start reading `text()` (the page on show) if it says anything."""
        if self.speaking:
            self.stop()
            return
        sentences = split_sentences(text())
        if sentences:
            self.sentences, self.index, self.lang = sentences, 0, lang
            self.speaking = self.voice = True
            self.paused = False
            self._usage.setting_used("read_aloud")
            self._say_sentence()
            self._changes()

    def tick(self) -> None:
        """A few times a second: once a sentence (or an announcement) is over, the next
        sentence (or the one it cut)."""
        if not self.speaking or self.paused:
            return
        busy = self._saying is not None
        self._settle()
        if self._saying is None and self.index < len(self.sentences):
            self._say_sentence()
        elif busy and self._saying is None:
            self._changes()  # the last sentence is over: the panel offers Repeat alone

    @property
    def reading(self) -> bool:
        """True while a page the visitor asked for is still being spoken, and not paused:
        someone listening is someone there, so the visit counts it as activity."""
        if not self.speaking or self.paused:
            return False
        if self.speaker.speaking:
            return True
        # Between two sentences the speaker is silent for a moment: more is still to come.
        said = 1 if self._saying == _SENTENCE else 0
        return self.index + said < len(self.sentences)

    @property
    def finished(self) -> bool:
        """True once every sentence of the page has been said."""
        self._settle()
        return self.speaking and self._saying is None and self.index >= len(self.sentences)

    @property
    def place(self) -> tuple[int, int]:
        """(the sentence being said or next, counted from 1; how many there are)."""
        return min(self.index + 1, len(self.sentences)), len(self.sentences)

    # -- the speech panel --------------------------------------------------------------------

    def pause(self) -> None:
        """Silence, the place kept: `resume()` says the sentence that was cut from its start."""
        if not self.speaking or self.paused or self.finished:
            return
        self.paused = True
        self._silence()
        self._changes()

    def resume(self) -> None:
        """On from where `pause()` left off: the sentence that was cut, from its start."""
        if not (self.speaking and self.paused):
            return
        self.paused = False
        if self.index < len(self.sentences):
            self._say_sentence()
        self._changes()

    def pause_or_resume(self) -> None:
        """The panel's one button for both."""
        if self.paused:
            self.resume()
        else:
            self.pause()

    def repeat(self) -> None:
        """The sentence being said again from its start, or the one just said (while
        paused too: the reading then goes on from there)."""
        if not self.speaking or self._last is None:
            return
        self._settle()
        self.index = self._last
        self.paused = False
        self._say_sentence()
        self._changes()

    @property
    def can_slower(self) -> bool:
        return self.rate > RATES[0]

    @property
    def can_faster(self) -> bool:
        return self.rate < RATES[-1]

    def slower(self) -> bool:
        """One step slower; the sentence being said starts again at the new rate. False at
        the slowest."""
        return self._set_rate(max((r for r in RATES if r < self.rate), default=self.rate))

    def faster(self) -> bool:
        """One step faster, as `slower()`. False at the fastest."""
        return self._set_rate(min((r for r in RATES if r > self.rate), default=self.rate))

    @property
    def can_quieter(self) -> bool:
        return self.volume > VOLUMES[0]

    @property
    def can_louder(self) -> bool:
        return self.volume < VOLUMES[-1]

    @property
    def volume_level(self) -> tuple[int, int]:
        """(the step, from 1, the number of steps): "volume 3 of 5"."""
        return VOLUMES.index(self.volume) + 1, len(VOLUMES)

    def quieter(self, lang: str) -> bool:
        """One step quieter: the sentence being said again at the new volume, or, when
        nothing is read, the level said at it. False at the quietest."""
        lower = max((v for v in VOLUMES if v < self.volume), default=self.volume)
        return self._set_volume(lower, lang)

    def louder(self, lang: str) -> bool:
        """One step louder, as `quieter()`. False at the loudest."""
        higher = min((v for v in VOLUMES if v > self.volume), default=self.volume)
        return self._set_volume(higher, lang)

    # -- what the terminal says by itself ----------------------------------------------------

    def announce(self, text: str, lang: str) -> bool:
        """Say `text` (what the terminal asks by itself, or what the visitor's choice
        changed) if the visitor listens in this visit; True if it is being said.

        A sentence it cuts is said again from its start after it; a paused reading stays
        paused; a reading already said to its end is over (the button says "Read")."""
        if not (self.voice and text and self.speaker.available):
            return False
        if self.finished:
            self.speaking = False
            self.sentences, self.index, self._last = [], 0, None
        self._settle()  # a sentence still being said stays `index`: said again after this
        self._say(text, lang)
        self._saying = _ANNOUNCEMENT if self.speaking and not self.paused else None
        self._changes()
        return True

    # -- the end ---------------------------------------------------------------------------

    def forget(self) -> None:
        """A new visitor: silence, the normal rate, and nothing is said until they ask."""
        self.stop()
        self.voice = False
        self.rate = NORMAL_RATE
        self.speaker.rate = NORMAL_RATE  # the keypad mode speaks through it too
        self.volume = NORMAL_VOLUME
        self.speaker.volume = NORMAL_VOLUME
        self._changes()

    def stop(self) -> None:
        """Silence, whatever is being said (another page, the prompt, the reset)."""
        if self.speaking or self.speaker.speaking:
            self.speaker.stop()
        self.speaking = self.paused = False
        self.sentences, self.index, self._saying, self._last = [], 0, None, None
        self._changes()

    # -- inside ----------------------------------------------------------------------------

    def _settle(self) -> None:
        """Take note of an utterance the speaker has finished since it was begun."""
        if self._saying is not None and not self.speaker.speaking:
            if self._saying == _SENTENCE:
                self.index += 1
            self._saying = None

    def _silence(self) -> None:
        """Stop the speaker; a sentence it cut stays the one to say next."""
        self._settle()
        if self.speaker.speaking:
            self.speaker.stop()
        self._saying = None

    def _say_sentence(self) -> None:
        self._say(self.sentences[self.index], self.lang)
        self._saying = _SENTENCE
        self._last = self.index

    def _say(self, text: str, lang: str) -> None:
        self.speaker.rate = self.rate
        self.speaker.volume = self.volume
        self.speaker.say(text, lang)

    def _set_volume(self, volume: int, lang: str) -> bool:
        if volume == self.volume:
            return False
        self.volume = self.speaker.volume = volume
        reading = self.speaking and not self.paused and not self.finished
        if reading:
            self._settle()
        if reading and self._saying == _SENTENCE:
            self._say_sentence()  # the sentence being said, again at the new volume
        elif self.speaker.available:
            level, levels = self.volume_level
            self._silence()
            self._say(self._gettext(VOLUME_SAID).format(level=level, levels=levels), lang)
            self._saying = _ANNOUNCEMENT if reading else None
        self._changes()
        return True

    def _set_rate(self, rate: int) -> bool:
        if rate == self.rate:
            return False
        self.rate = rate
        if self.speaking and not self.paused and not self.finished:
            self._settle()
            if self._saying == _SENTENCE:
                self._say_sentence()  # the sentence being said, again at the new rate
        self._changes()
        return True
