"""The idle prompt answered by any touch, said aloud to a visitor who listens, and never
brought on by a page being read aloud (issue 19).

The session runs on the manual clock from conftest.py; the tests move it and call the
visit's `tick()` as the app's timer does. Speech goes to a speaker that writes down what it
is told and is "speaking" until the test says the page has been read.
"""

from __future__ import annotations

import pytest

from kiosk.app.headless import buttons


class ListeningSpeaker:
    """Writes down every utterance; speaking until stopped or `finish()`ed."""

    available = True

    def __init__(self):
        self.said: list[tuple[str, str]] = []
        self.speaking = False

    def say(self, text, lang):
        self.said.append((text, lang))
        self.speaking = True

    def stop(self):
        self.speaking = False

    def finish(self):
        self.speaking = False


@pytest.fixture
def speaker(kiosk, monkeypatch):
    speaker = ListeningSpeaker()
    monkeypatch.setattr(kiosk.app.controllers.reading, "speaker", speaker)
    return speaker


def read_to_the_end(kiosk, speaker):
    """The page has been read: each sentence said to its end, the next begun by the tick."""
    reading = kiosk.app.controllers.reading
    while reading.reading:
        speaker.finish()
        reading.tick()


def idle_for(kiosk, clock, seconds, step=None):
    """`seconds` of the session's time without a touch, ticked as the app ticks."""
    steps = [seconds] if step is None else [step] * round(seconds / step)
    for each in steps:
        clock.advance(each)
        kiosk.app.controllers.visit.tick()
    kiosk.frames()


def prompt(kiosk):
    return kiosk.app.root.prompt


def touch_at(kiosk, x, y):
    """A finger down and up at window pixel (x, y), wherever that is."""
    from kiosk.app.headless import _finger

    touch = _finger(kiosk.window, x, y)
    kiosk._dispatch("begin", touch)
    kiosk.frames(2)
    kiosk._dispatch("end", touch)
    kiosk.settle()


def open_service(kiosk):
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.tap(buttons(kiosk.screen, "ServiceButton")[0])
    assert kiosk.screen.name == "service"


# -- a touch anywhere is "I'm here" ---------------------------------------------------------


@pytest.mark.parametrize("where", ["dimmed page", "dimmed Back button", "the question"])
def test_a_touch_anywhere_but_finish_answers_im_here(kiosk, session_clock, where):
    open_service(kiosk)
    idle_for(kiosk, session_clock, 60)
    assert prompt(kiosk) is not None
    if where == "dimmed page":
        touch_at(kiosk, 40, kiosk.window.height / 2)
    elif where == "dimmed Back button":
        # Under the dim: the touch answers the prompt and goes no further.
        back = kiosk.app.root.ids.nav.ids.back
        touch_at(kiosk, *back.to_window(*back.center))
    else:
        question = prompt(kiosk).ids.question
        touch_at(kiosk, *question.to_window(*question.center))
    assert prompt(kiosk) is None and kiosk.app.in_session
    assert kiosk.screen.name == "service"  # Back under the dim was not pressed
    idle_for(kiosk, session_clock, 59)  # the idle time started again at the touch
    assert prompt(kiosk) is None


def test_finish_still_ends_the_visit(kiosk, session_clock):
    idle_for(kiosk, session_clock, 60)
    kiosk.tap(prompt(kiosk).ids.finish)
    assert not kiosk.app.in_session and prompt(kiosk) is None


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
def test_the_upper_half_of_the_screen_holds_no_button_of_the_prompt(
    kiosk, session_clock, large_text
):
    """What the spoken prompt tells a visitor who cannot see it: touch the upper half."""
    from kiosk.app.theme import T

    T.large_text = large_text
    try:
        idle_for(kiosk, session_clock, 60)
        kiosk.frames(3)
        half = kiosk.window.height / 2
        for button in (prompt(kiosk).ids.finish, prompt(kiosk).ids.still_here):
            assert button.to_window(button.x, button.top)[1] < half, button.text
        touch_at(kiosk, kiosk.window.width / 2, kiosk.window.height * 0.75)
        assert prompt(kiosk) is None and kiosk.app.in_session
    finally:
        T.large_text = False


def test_the_prompts_own_card_is_not_dimmed_with_the_page(kiosk, session_clock, tmp_path):
    """The dim over the page must not darken the prompt: its text keeps its contrast."""
    from kivy.metrics import dp
    from PIL import Image

    from kiosk.app.theme import T

    idle_for(kiosk, session_clock, 60)
    card = prompt(kiosk)
    x, y = card.to_window(card.x + dp(16), card.top - dp(16))
    shot = kiosk.screenshot(tmp_path / "prompt.png")
    with Image.open(shot) as image:
        drawn = image.convert("RGB").getpixel((int(x), image.height - 1 - int(y)))
    assert [c / 255 for c in drawn] == pytest.approx(list(T.surface[:3]), abs=0.02)


# -- the prompt said aloud -------------------------------------------------------------------


def test_the_prompt_is_said_aloud_with_its_countdown_to_a_visitor_who_listens(
    kiosk, session_clock, speaker
):
    open_service(kiosk)
    kiosk.tap(kiosk.app.root.ids.nav.ids.read_aloud)
    assert speaker.said and kiosk.app.speaking
    read_to_the_end(kiosk, speaker)
    idle_for(kiosk, session_clock, 60)
    assert prompt(kiosk) is not None
    said, lang = speaker.said[-1]
    assert lang == "ru"
    assert said.startswith("Вы ещё здесь?")
    assert "Через 20 секунд всё, что вы выбрали, будет удалено" in said
    assert said.endswith("Чтобы продолжить, коснитесь верхней половины экрана.")
    touch_at(kiosk, kiosk.window.width / 2, kiosk.window.height * 0.75)
    assert not speaker.speaking  # answered: the prompt falls silent


def test_the_prompt_speaks_the_visitors_language(kiosk, session_clock, speaker):
    kiosk.app.controllers.visit.set_language("en")
    open_service(kiosk)
    kiosk.tap(kiosk.app.root.ids.nav.ids.read_aloud)
    read_to_the_end(kiosk, speaker)
    idle_for(kiosk, session_clock, 60)
    said, lang = speaker.said[-1]
    assert lang == "en" and said.startswith("Are you still there?") and "In 20 seconds" in said


def test_to_a_visitor_who_never_asked_for_speech_the_prompt_says_nothing(
    kiosk, session_clock, speaker
):
    open_service(kiosk)
    idle_for(kiosk, session_clock, 60)
    assert prompt(kiosk) is not None and speaker.said == []


# -- reading is activity ---------------------------------------------------------------------


def test_a_long_page_read_aloud_is_not_cut_off_by_the_idle_prompt(kiosk, session_clock, speaker):
    """The longest service page takes minutes to hear; the listener touches nothing."""
    pack = kiosk.app.controllers.packs.pack
    keys = [s["id"] for c in pack.categories() for s in pack.services_in_category(c["id"])]
    longest = max(keys, key=lambda key: len(_description(pack.service(key))))
    kiosk.app.controllers.navigator.open("service", longest)
    kiosk.frames(3)
    kiosk.tap(kiosk.app.root.ids.nav.ids.read_aloud)
    words = len(" ".join(kiosk.app.controllers.reading.sentences).split())
    assert words > 200
    minutes = words / 140  # espeak-ng's rate on the terminal (kiosk.adapters.speech)
    idle_for(kiosk, session_clock, round(minutes * 60), step=0.5)
    assert prompt(kiosk) is None and kiosk.app.in_session
    read_to_the_end(kiosk, speaker)
    idle_for(kiosk, session_clock, 59)
    assert prompt(kiosk) is None  # the idle time counts from the end of the reading
    idle_for(kiosk, session_clock, 1)
    assert prompt(kiosk) is not None


def _description(service) -> str:
    text = service["description"]
    return (text.get("ru") or "") if text else ""
