"""Read-aloud: the `Speaker` port, espeak-ng behind it, and markup turned into speakable text.

No Kivy here: the app calls `say()` from its UI thread, so speaking never blocks; espeak-ng
runs as a child process that `stop()` kills at once.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

VOICES = {"ru": "ru", "en": "en-gb"}
"""espeak-ng voice per app language (`espeak-ng --voices=ru`); Russian is the fallback."""

RATE_WPM = 140
"""Words per minute: espeak-ng's default of 175 is too fast for many older visitors."""


class Speaker(Protocol):
    """Reads text aloud in the background; a new `say()` interrupts the previous one."""

    rate: int
    """Words per minute of every `say()` from now on; settable (the visitor's Slower and
    Faster, kiosk.core.controllers.reading)."""

    def say(self, text: str, lang: str) -> None: ...

    def stop(self) -> None: ...

    @property
    def speaking(self) -> bool: ...

    @property
    def available(self) -> bool:
        """False when nothing can be heard (no program); the app then greys out its button."""
        ...


class NullSpeaker:
    """Says nothing: for terminals without sound and for tests that do not listen."""

    speaking = False
    available = False
    rate = RATE_WPM
    volume = 100

    def say(self, text: str, lang: str) -> None:
        pass

    def stop(self) -> None:
        pass


class EspeakSpeaker:
    """Speaks through the `espeak-ng` program, or into `wav_path` instead of the sound card.

    `command` is the program to run (a name on PATH or a path); when it is missing,
    `available` is False and `say()` logs one warning and does nothing.
    """

    def __init__(
        self,
        command: str = "espeak-ng",
        rate: int = RATE_WPM,
        wav_path: str | Path | None = None,
        voices: dict[str, str] | None = None,
    ):
        self.command = shutil.which(command)
        self._name = command
        self.rate = rate
        self.volume = 100  # espeak-ng's amplitude: 100 its normal, 200 its loudest
        """Words per minute of the next `say()`; the one in progress keeps its own."""
        self.wav_path = Path(wav_path) if wav_path is not None else None
        self.voices = dict(VOICES if voices is None else voices)
        self._process: subprocess.Popen | None = None
        self._warned = False

    @property
    def available(self) -> bool:
        """True if the espeak-ng program was found."""
        return self.command is not None

    @property
    def speaking(self) -> bool:
        """True while an utterance is still being spoken (or written)."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The process id of the espeak-ng now speaking, or None."""
        return self._process.pid if self.speaking else None

    def say(self, text: str, lang: str) -> None:
        """Start reading `text` in `lang` ('ru' or 'en') and return at once."""
        self.stop()
        if not text.strip():
            return
        if not self.available:
            self._warn_once(f"{self._name!r} not found; read-aloud is off")
            return
        argv = [self.command, "--stdin", "-b", "1", "-s", str(self.rate), "-a", str(self.volume)]
        argv += ["-v", self._voice(lang)]
        if self.wav_path is not None:
            argv += ["-w", str(self.wav_path)]
        try:
            # Own process group, so stop() also takes any helper espeak-ng might start.
            process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as error:
            self._warn_once(f"cannot start {self._name!r}: {error}; read-aloud is off")
            return
        self._process = process
        # A long page can exceed the pipe's buffer: feed it from a thread, never the UI's.
        threading.Thread(target=_feed, args=(process, text), daemon=True).start()

    def stop(self) -> None:
        """Silence the current utterance at once; nothing happens if there is none."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            process.wait(timeout=1)  # SIGKILL is immediate; this only reaps the child
        except subprocess.TimeoutExpired:
            log.warning("espeak-ng (pid %s) did not exit after SIGKILL", process.pid)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current utterance ends (for tests and tools); True if it did."""
        process = self._process
        if process is None:
            return True
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def _voice(self, lang: str) -> str:
        return self.voices.get(lang) or self.voices.get("ru") or "ru"

    def _warn_once(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            log.warning(message)


def _feed(process: subprocess.Popen, text: str) -> None:
    try:
        process.stdin.write(text.encode("utf-8"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # stopped before it had read everything


_TAG = re.compile(
    r"\[/?(?:b|i|u|s|sub|sup|color|size|font|font_context|font_family|font_features"
    r"|text_language|ref|anchor)(?:=[^\]]*)?\]"
)
_ESCAPE = re.compile(r"&(bl|br|amp);")
_ESCAPES = {"bl": "[", "br": "]", "amp": "&"}
_BULLET = "•"
_PAUSE_END = tuple(".!?…:")
_CLOSING = "\"')»”"  # a sentence may end inside quotes or brackets: «Так.»


def speakable(markup: str) -> str:
    """Kivy label markup as plain text to speak: tags gone, escapes undone, bullets as pauses.

    Every line and every bulleted item becomes a sentence of its own, so that a heading
    or a list item is not run together with the next one.
    """
    text = _TAG.sub("", markup)
    text = _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], text)
    sentences = []
    for line in text.splitlines():
        for part in line.split(_BULLET):
            part = " ".join(part.split()).rstrip(";,").rstrip()  # "• первое;" ends a sentence
            if not part:
                continue
            if not part.rstrip(_CLOSING).endswith(_PAUSE_END):
                part += "."
            sentences.append(part)
    return " ".join(sentences)
