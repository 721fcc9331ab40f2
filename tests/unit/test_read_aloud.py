"""Read aloud a sentence at a time: stepping on, pause and go on, repeat, slower and faster,
announcements, and a new visitor's fresh start; over a speaker that writes down what it is
told and at what rate, and says it until the test says it is over."""

from types import SimpleNamespace

import pytest

from kiosk.adapters.speech import RATE_WPM, EspeakSpeaker, NullSpeaker
from kiosk.core.config import Config
from kiosk.core.controllers import build_controllers
from kiosk.core.controllers.ports import Changes
from kiosk.core.controllers.reading import NORMAL_RATE, RATES, ReadAloud

PAGE = "Пособие при рождении. Кто может получить? Родители! Обратитесь в г. Пермь, ул. Ленина."
FIRST, SECOND, THIRD, FOURTH = (
    "Пособие при рождении.",
    "Кто может получить?",
    "Родители!",
    "Обратитесь в г. Пермь, ул. Ленина.",
)


class Speaker:
    """Says each utterance until `finish()` (it was said to its end) or `stop()`."""

    available = True

    def __init__(self):
        self.said: list[tuple[str, str, int]] = []
        self.speaking = False
        self.rate = RATE_WPM
        self.stops = 0

    def say(self, text, lang):
        self.said.append((text, lang, self.rate))
        self.speaking = True

    def stop(self):
        self.speaking = False
        self.stops += 1

    def finish(self):
        self.speaking = False

    @property
    def texts(self) -> list[str]:
        return [text for text, _lang, _rate in self.said]


@pytest.fixture
def speaker():
    return Speaker()


@pytest.fixture
def reading(speaker):
    return ReadAloud(speaker)


def test_the_page_is_said_a_sentence_at_a_time_each_after_the_last_is_over(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    assert speaker.said == [(FIRST, "ru", 140)] and reading.place == (1, 4)
    reading.tick()
    reading.tick()
    assert speaker.texts == [FIRST]  # still being said: nothing cuts it
    for sentence in (SECOND, THIRD, FOURTH):
        speaker.finish()
        assert reading.reading  # the moment between two sentences is still reading
        reading.tick()
        assert speaker.texts[-1] == sentence
    assert reading.place == (4, 4)
    speaker.finish()
    reading.tick()
    reading.tick()
    assert speaker.texts == [FIRST, SECOND, THIRD, FOURTH]
    assert reading.finished and not reading.reading
    assert reading.speaking  # the button still says "Stop reading"; Repeat still works


def test_pause_keeps_the_place_and_continue_says_the_cut_sentence_from_its_start(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    speaker.finish()
    reading.tick()
    assert speaker.texts[-1] == SECOND and speaker.speaking
    reading.pause()
    assert reading.paused and not speaker.speaking and not reading.reading
    reading.tick()
    assert speaker.texts == [FIRST, SECOND]  # silence while paused
    reading.resume()
    assert not reading.paused and speaker.texts == [FIRST, SECOND, SECOND]
    speaker.finish()
    reading.tick()
    assert speaker.texts[-1] == THIRD


def test_a_pause_between_two_sentences_goes_on_with_the_next(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    speaker.finish()  # the first is over; the tick that would start the second has not come
    reading.pause_or_resume()
    assert reading.paused
    reading.pause_or_resume()
    assert not reading.paused and speaker.texts == [FIRST, SECOND]


def test_repeat_says_the_sentence_being_said_or_the_one_just_said(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    speaker.finish()
    reading.tick()
    reading.repeat()  # in the middle of the second
    assert speaker.texts == [FIRST, SECOND, SECOND]
    speaker.finish()
    reading.repeat()  # the second is over, the third not begun
    assert speaker.texts[-1] == SECOND
    speaker.finish()
    reading.tick()
    assert speaker.texts[-1] == THIRD  # and on from there


def test_repeat_while_paused_says_the_sentence_again_and_goes_on(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    speaker.finish()
    reading.pause()  # after the first was over
    reading.repeat()
    assert speaker.texts == [FIRST, FIRST] and not reading.paused
    speaker.finish()
    reading.tick()
    assert speaker.texts[-1] == SECOND


def test_repeat_at_the_end_says_the_last_sentence(reading, speaker):
    reading.toggle(lambda: "Один. Два.", "ru")
    for _ in range(3):
        speaker.finish()
        reading.tick()
    assert reading.finished
    reading.repeat()
    assert speaker.texts == ["Один.", "Два.", "Два."] and not reading.finished
    speaker.finish()
    reading.tick()
    assert reading.finished and speaker.texts[-1] == "Два."


def test_faster_and_slower_step_within_bounds_and_restart_the_sentence(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    assert reading.rate == NORMAL_RATE == RATE_WPM and NORMAL_RATE in RATES
    steps = []
    while reading.faster():
        steps.append(reading.rate)
    assert steps == [r for r in RATES if r > NORMAL_RATE] and reading.rate == max(RATES)
    assert not reading.can_faster and reading.can_slower
    # Each step said the sentence being said again, from its start, at the new rate.
    assert speaker.said[1:] == [(FIRST, "ru", rate) for rate in steps]
    assert not reading.faster() and len(speaker.said) == 1 + len(steps)
    while reading.slower():
        pass
    assert reading.rate == min(RATES) == 100 and not reading.can_slower
    assert speaker.said[-1] == (FIRST, "ru", 100)
    speaker.finish()
    reading.tick()
    assert speaker.said[-1] == (SECOND, "ru", 100)  # the rate stays for what follows


def test_a_rate_chosen_while_paused_says_nothing_until_continue(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    reading.pause()
    assert reading.slower() and len(speaker.said) == 1
    reading.resume()
    assert speaker.said[-1] == (FIRST, "ru", 120)


def test_an_announcement_cuts_a_sentence_which_is_then_said_again(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    speaker.finish()
    reading.tick()
    assert reading.announce("Крупный текст включён", "ru")
    assert speaker.texts[-1] == "Крупный текст включён" and reading.speaking
    reading.tick()
    assert speaker.texts[-1] == "Крупный текст включён"  # not cut by the reading
    speaker.finish()
    reading.tick()
    assert speaker.texts[-2:] == ["Крупный текст включён", SECOND]


def test_an_announcement_while_paused_leaves_the_reading_paused(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    reading.pause()
    assert reading.announce("Добавлено в мой список", "ru")
    speaker.finish()
    reading.tick()
    assert speaker.texts == [FIRST, "Добавлено в мой список"] and reading.paused
    reading.resume()
    assert speaker.texts[-1] == FIRST


def test_nothing_is_announced_to_a_visitor_who_never_listened(reading, speaker):
    assert not reading.announce("Крупный текст включён", "ru")
    reading.tick()
    assert speaker.said == []


def test_a_new_visitor_starts_at_the_normal_rate_and_in_silence(reading, speaker):
    reading.toggle(lambda: PAGE, "ru")
    reading.slower()
    reading.pause()
    reading.forget()
    assert (reading.rate, speaker.rate) == (NORMAL_RATE, NORMAL_RATE)
    assert not (reading.speaking or reading.paused or reading.voice or speaker.speaking)
    assert reading.sentences == [] and reading.place == (0, 0)
    assert not reading.announce("Контраст включён", "ru")
    reading.repeat()
    reading.resume()
    reading.tick()
    assert len(speaker.said) == 2  # the page's first sentence, and its slower start


def test_the_app_hears_of_pause_rate_and_the_end(speaker):
    changes, heard = Changes(), []
    reading = ReadAloud(speaker, changes)
    changes.listen(lambda: heard.append((reading.paused, reading.rate, reading.finished)))
    reading.toggle(lambda: "Один.", "ru")
    reading.pause()
    reading.faster()
    reading.resume()
    speaker.finish()
    reading.tick()
    assert heard == [(False, 140, False), (True, 140, False), (True, 160, False)] + [
        (False, 160, False),
        (False, 160, True),
    ]


# -- the visitor's choices said aloud (through the controllers, as the app wires them) --------


@pytest.fixture
def controllers(tmp_path, speaker):
    pack = SimpleNamespace(
        path=tmp_path / "pack.sqlite", meta=SimpleNamespace(version=1, pack_id="demo")
    )
    store = SimpleNamespace(pack_dir=tmp_path, current=tmp_path / "current.sqlite")
    c = build_controllers(
        pack,
        Config(languages=("ru", "en")),
        store=store,
        desk=SimpleNamespace(),
        speaker=speaker,
        printouts=SimpleNamespace(),
        gettext=lambda text: {"Добавлено в мой список": "Added to my list"}.get(text, text),
    )
    c.visit.start()
    return c


def test_my_list_and_the_language_are_said_to_a_visitor_who_listens(controllers, speaker):
    c = controllers
    c.printing.toggle("service", "pension")
    c.visit.set_language("en")
    assert speaker.said == []  # nobody asked for speech
    c.visit.set_language("ru")
    c.reading.toggle(lambda: PAGE, "ru")
    c.printing.toggle("service", "pension")  # off the list
    assert speaker.texts[-1] == "Убрано из моего списка"
    c.visit.set_language("en")
    assert speaker.said[-1] == ("English", "en", 140)
    c.printing.toggle("service", "pension")
    assert speaker.said[-1] == ("Added to my list", "en", 140)


def test_speakers_have_a_rate_that_espeak_ng_is_given():
    assert NullSpeaker().rate == RATE_WPM
    speaker = EspeakSpeaker(command="no-such-espeak", rate=180)
    assert speaker.rate == 180 and not speaker.available


def test_quieter_and_louder_step_the_volume_and_the_next_visitor_starts_at_normal(speaker):
    """Section 508 402.3: the visitor sets the volume, and it goes back for the next one."""
    from kiosk.core.controllers.reading import NORMAL_VOLUME, VOLUMES

    reading = ReadAloud(speaker, gettext=lambda text: f"<{text}>")
    speaker.volume = NORMAL_VOLUME
    heard = []
    speaker.say = lambda text, lang: (
        heard.append((text, speaker.volume)),
        setattr(speaker, "speaking", True),
    )
    # Nothing is read: the level is said at the new volume.
    assert reading.louder("ru") and speaker.volume == reading.volume > NORMAL_VOLUME
    assert heard[-1] == (
        f"<Громкость {4} из {5}>",
        reading.volume,
    )
    while reading.can_louder:
        reading.louder("ru")
    assert reading.volume == VOLUMES[-1] and not reading.louder("ru")
    # While a page is read, the sentence being said comes again at the new volume.
    speaker.speaking = False
    reading.toggle(lambda: PAGE, "ru")
    assert heard[-1] == (FIRST, VOLUMES[-1])
    assert reading.quieter("ru") and heard[-1] == (FIRST, VOLUMES[-2])
    while reading.can_quieter:
        reading.quieter("ru")
    assert reading.volume == VOLUMES[0] and reading.volume_level == (1, len(VOLUMES))
    reading.forget()
    assert reading.volume == speaker.volume == NORMAL_VOLUME
