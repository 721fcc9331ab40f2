"""The speech panel under a page read aloud: Pause, Repeat and Faster tapped on the real
panel, checked by what the speaker was asked to say and at what rate; espeak-ng renders
the sentence faster into a WAV file; a switch of large text is said and the cut sentence
comes again after it.

The speaker writes down each utterance and hands it on to a real espeak-ng that writes a
WAV file; it counts as speaking until the test says a sentence is over, so the panel's
ticks step on exactly when the test says (the real espeak-ng may be done sooner).
"""

from __future__ import annotations

import wave

import pytest

from kiosk.adapters.speech import EspeakSpeaker
from kiosk.app.headless import buttons
from kiosk.core.controllers.reading import NORMAL_RATE

SERVICE = "child-birth-grant"


class Spy:
    """Keeps (text, lang, rate) of every utterance; espeak-ng says each into a WAV."""

    def __init__(self, wav):
        self.real = EspeakSpeaker(wav_path=wav)
        self.said: list[tuple[str, str, int]] = []
        self.speaking = False
        self.rate = NORMAL_RATE

    @property
    def available(self) -> bool:
        return self.real.available

    def say(self, text, lang):
        self.said.append((text, lang, self.rate))
        self.real.rate = self.rate
        self.real.say(text, lang)
        self.speaking = True

    def stop(self):
        self.real.stop()
        self.speaking = False

    def finish(self):
        """The utterance has been said to its end."""
        self.speaking = False


@pytest.fixture
def spy(kiosk, monkeypatch, tmp_path):
    spy = Spy(tmp_path / "sentence.wav")
    if not spy.available:
        pytest.skip("espeak-ng is not installed")
    monkeypatch.setattr(kiosk.app.controllers.reading, "speaker", spy)
    yield spy
    spy.real.stop()
    kiosk.app.controllers.visit.reset()
    kiosk.frames()


def open_service(kiosk):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.tap(next(b for b in buttons(kiosk.screen, "ServiceButton") if b.key == SERVICE))
    assert kiosk.screen.name == "service"


def seconds_of(path) -> float:
    with wave.open(str(path)) as sound:
        return sound.getnframes() / sound.getframerate()


def test_pause_repeat_and_faster_on_the_panel_while_a_page_is_read(kiosk, spy, tmp_path):
    panel, nav = kiosk.app.root.ids.speech, kiosk.app.root.ids.nav.ids
    open_service(kiosk)
    assert panel.height == 0 and panel.disabled  # no reading: no panel
    kiosk.tap(nav.read_aloud)
    assert panel.height >= panel.ids.pause.height and not panel.disabled
    first, second = kiosk.app.controllers.reading.sentences[:2]
    assert spy.said == [(first, "ru", 140)]
    spy.finish()
    kiosk.settle(0.3)  # the app's tick begins the next sentence
    assert spy.said[-1] == (second, "ru", 140)

    kiosk.tap(panel.ids.pause)
    assert kiosk.app.reading_paused and panel.ids.pause.text == "Продолжить"
    assert not spy.real.speaking and len(spy.said) == 2
    kiosk.settle(1.0)
    assert len(spy.said) == 2  # silence while paused

    kiosk.tap(panel.ids.repeat)  # the cut sentence again, from its start
    assert spy.said[-1] == (second, "ru", 140) and len(spy.said) == 3
    assert not kiosk.app.reading_paused and panel.ids.pause.text == "Пауза"

    kiosk.tap(panel.ids.faster)  # the same sentence, faster
    assert spy.said[-1] == (second, "ru", 160) and len(spy.said) == 4

    # espeak-ng said it at the new rate: shorter than at the normal one.
    assert spy.real.wait(timeout=60)
    faster = tmp_path / "faster.wav"
    (tmp_path / "sentence.wav").rename(faster)
    normal = EspeakSpeaker(wav_path=tmp_path / "normal.wav", rate=140)
    normal.say(second, "ru")
    assert normal.wait(timeout=60)
    assert faster.read_bytes()[:4] == b"RIFF"
    assert 0.5 < seconds_of(faster) < 0.95 * seconds_of(tmp_path / "normal.wav")

    kiosk.tap(nav.read_aloud)  # Stop reading: the panel goes
    assert panel.height == 0 and panel.disabled and not spy.speaking


def test_large_text_is_said_and_the_cut_sentence_comes_again(kiosk, spy):
    open_service(kiosk)
    kiosk.tap(kiosk.app.root.ids.nav.ids.read_aloud)
    first = kiosk.app.controllers.reading.sentences[0]
    kiosk.tap(kiosk.app.root.ids.top.ids.large_text)
    assert spy.said[-1] == ("Крупный текст включён", "ru", 140)
    spy.finish()
    kiosk.settle(0.3)
    assert [text for text, _lang, _rate in spy.said] == [first, "Крупный текст включён", first]


def test_a_hidden_panel_takes_no_touch_meant_for_the_page(kiosk, spy):
    """Hidden, the panel's buttons still lie (invisible, disabled) over the page's bottom
    edge: a touch there is the page's."""
    from kiosk.app.headless import _finger

    open_service(kiosk)
    reached = []
    screens = kiosk.app.root.ids.screens
    screens.fbind("on_touch_down", lambda _widget, touch: reached.append(touch) and False)
    pause = kiosk.app.root.ids.speech.ids.pause
    touch = _finger(kiosk.window, *pause.to_window(*pause.center))
    kiosk._dispatch("begin", touch)
    kiosk.frames(2)
    kiosk._dispatch("end", touch)
    kiosk.settle()
    assert reached == [touch] and spy.said == []
