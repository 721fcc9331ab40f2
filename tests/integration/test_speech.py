"""Read-aloud through the real espeak-ng, written to WAV files (CI has no sound card)."""

from __future__ import annotations

import logging
import os
import shutil
import time

import pytest

from kiosk.adapters.speech import EspeakSpeaker

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng not installed (scripts/system-deps.sh)"
)

RU = "Ежемесячная денежная выплата назначается в отделении Социального фонда."
EN = "The monthly payment is granted at the office of the Social Fund."
LONG = "Это очень длинная страница, которую читают вслух целиком. " * 3000

WAV_HEADER = 44
BYTES_PER_SECOND = 22050 * 2  # espeak-ng writes 22 050 Hz, 16-bit, mono


def spoken(tmp_path, text, lang, name="speech.wav"):
    """Say `text` into a WAV file, wait for the end, and return the file's bytes."""
    speaker = EspeakSpeaker(wav_path=tmp_path / name)
    speaker.say(text, lang)
    assert speaker.wait(timeout=30)
    assert not speaker.speaking
    return (tmp_path / name).read_bytes()


def seconds(wav: bytes) -> float:
    return (len(wav) - WAV_HEADER) / BYTES_PER_SECOND


def gone(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


@needs_espeak
@pytest.mark.parametrize("text, lang", [(RU, "ru"), (EN, "en")])
def test_a_sentence_becomes_a_few_seconds_of_real_speech(tmp_path, text, lang):
    wav = spoken(tmp_path, text, lang)
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert 2 < seconds(wav) < 15
    assert any(wav[WAV_HEADER:])  # not silence


@needs_espeak
def test_a_longer_text_gives_a_longer_recording(tmp_path):
    short = spoken(tmp_path, RU, "ru", "short.wav")
    longer = spoken(tmp_path, " ".join([RU] * 3), "ru", "long.wav")
    assert seconds(longer) > 2 * seconds(short)


@needs_espeak
def test_say_returns_at_once_and_stop_silences_a_long_page_within_a_second(tmp_path):
    speaker = EspeakSpeaker(wav_path=tmp_path / "long.wav")
    started = time.monotonic()
    speaker.say(LONG, "ru")
    assert time.monotonic() - started < 0.5
    time.sleep(0.3)
    assert speaker.speaking
    pid = speaker.pid
    started = time.monotonic()
    speaker.stop()
    while not gone(pid) and time.monotonic() - started < 1:
        time.sleep(0.01)
    assert gone(pid)
    assert not speaker.speaking and speaker.pid is None


@needs_espeak
def test_a_second_say_replaces_the_first(tmp_path):
    speaker = EspeakSpeaker(wav_path=tmp_path / "speech.wav")
    speaker.say(LONG, "ru")
    time.sleep(0.2)
    first = speaker.pid
    speaker.say(EN, "en")
    assert gone(first)
    assert speaker.wait(timeout=30)
    wav = (tmp_path / "speech.wav").read_bytes()
    assert wav[:4] == b"RIFF" and 2 < seconds(wav) < 15  # the short English text only


def test_a_missing_program_warns_once_and_stays_silent(tmp_path, caplog):
    speaker = EspeakSpeaker(command="espeak-ng-not-installed", wav_path=tmp_path / "x.wav")
    assert not speaker.available
    with caplog.at_level(logging.WARNING, logger="kiosk.adapters.speech"):
        speaker.say(RU, "ru")
        speaker.say(EN, "en")
        speaker.stop()
    assert not speaker.speaking
    assert not (tmp_path / "x.wav").exists()
    assert len([r for r in caplog.records if "read-aloud is off" in r.message]) == 1
