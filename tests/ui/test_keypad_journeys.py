"""Without sight: three journeys made with the keypad alone (Section 508 407.3), each step
checked by what the terminal said, as the visitor hears it.

The keys go in as a keyboard attached to the terminal sends them (attached_keyboard.py);
what is said is taken from the read-aloud controller's speaker, which the test swaps for a
recorder. Moving on until a name is heard is what the visitor does: listen, press again.
"""

from __future__ import annotations

import time

import pytest
from attached_keyboard import BACKSPACE, ENTER, press
from cups_queues import PDF_QUEUE

from kiosk.core.focus import INSTRUCTIONS

DOWN, UP, LEFT, RIGHT, F1, F12 = 274, 273, 276, 275, 282, 293
NUMPAD_2, NUMPAD_4, NUMPAD_5, NUMPAD_6, NUMPAD_8 = 258, 260, 261, 262, 264
NUMPAD_SUBTRACT, NUMPAD_ADD = 269, 270

MOST_PRESSES = 120
"""More presses than any screen has controls: a journey that needs more is lost."""


class Recorder:
    """A speaker that keeps what it is told to say (and says nothing aloud)."""

    available = True
    speaking = False

    def __init__(self):
        self.said: list[str] = []

    def say(self, text: str, lang: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass

    @property
    def last(self) -> str:
        return self.said[-1] if self.said else ""


@pytest.fixture
def heard(kiosk, monkeypatch):
    """What the terminal says from now on; the keypad mode ends with the test's visitor."""
    recorder = Recorder()
    monkeypatch.setattr(kiosk.app.controllers.reading, "speaker", recorder)
    yield recorder
    kiosk.app.controllers.visit.reset()
    kiosk.frames()


NUM_LOCK = {NUMPAD_2: "2", NUMPAD_4: "4", NUMPAD_5: "5", NUMPAD_6: "6", NUMPAD_8: "8"}
"""What a keypad's keys type besides with Num Lock on: the digit must reach no field."""


def key(kiosk, code: int, text: str = "") -> None:
    press(kiosk, code, text)
    kiosk.settle()


def until_heard(kiosk, heard, words: str, code: int = DOWN) -> str:
    """Press `code` until the terminal names `words`; what it said then."""
    for _ in range(MOST_PRESSES):
        press(kiosk, code)  # a move needs no settling: it is said at once
        if words in heard.last:
            return heard.last
    raise AssertionError(f"never heard {words!r}; last: {heard.last!r}")


def to_key(kiosk, heard, name: str) -> str:
    """On the keys that came up, as a visitor finds a key by ear: down row by row (8 and 2)
    until a row that has `name` is said, then along it (4 and 6); what was said there."""
    for _ in range(MOST_PRESSES):
        if heard.last.startswith("Ряд") or heard.last.startswith("Клавиша"):
            row = heard.last.split(" Клавиша «")[0]
            if f" {name}," in row or f" {name}." in row or f"Клавиша «{name}»" in heard.last:
                break
        press(kiosk, NUMPAD_2, NUM_LOCK[NUMPAD_2])
    else:
        raise AssertionError(f"never heard a row with {name!r}; {heard.said[-130:]!r}")
    wanted = f"Клавиша «{name}»"
    for step in (NUMPAD_6, NUMPAD_4):  # along the row one way to its end, then the other
        while wanted not in heard.last:
            press(kiosk, step, NUM_LOCK[step])
            if "ряда." in heard.last.split(" Клавиша")[0]:
                break
        if wanted in heard.last:
            return heard.last
    raise AssertionError(f"{name!r} is not in the row; last: {heard.last!r}")


def type_on_keys(kiosk, heard, text: str, field) -> None:
    """`text` typed key by key, each key's echo heard: the key, then all that is written."""
    for char in text:
        to_key(kiosk, heard, char.upper() if char.isalpha() else char)
        key(kiosk, NUMPAD_5, NUM_LOCK[NUMPAD_5])
        assert heard.last == f"{char.upper()}. Написано: {field.text}", heard.last


def start(kiosk, heard) -> str:
    key(kiosk, F12)
    return heard.last


def first_category_with_services(pack):
    for category in pack.categories():
        services = pack.services_in_category(category["id"])
        if services:
            return category, services[0]
    raise AssertionError("the demo pack has no category with services")


def open_a_service_by_category(kiosk, heard) -> str:
    """Home -> a category -> its first service, by keys; the service's title."""
    pack = kiosk.app.controllers.packs.pack
    category, service = first_category_with_services(pack)
    category_title, service_title = category["title"].get("ru"), service["name"].get("ru")
    said = until_heard(kiosk, heard, f"Раздел «{category_title}»")
    assert said.endswith(".") and " из " in said
    key(kiosk, ENTER)
    assert kiosk.screen.name == "category"
    assert heard.last.startswith(f"Экран «{category_title}».")
    until_heard(kiosk, heard, f"Ссылка «{service_title}»")
    key(kiosk, NUMPAD_5)  # the keypad's middle key presses, as Enter does
    assert kiosk.screen.name == "service"
    assert heard.last.startswith(f"Экран «{service_title}».")
    return service_title


def test_the_mode_starts_with_a_key_and_spoken_instructions(kiosk, heard):
    said = start(kiosk, heard)
    assert kiosk.app.keypad.core.active
    assert said.startswith(INSTRUCTIONS)
    # Home's first control of its own, past the top bar: the search.
    assert "Поле ввода «Поиск: напишите, что вы ищете" in said
    assert kiosk.app.keypad.focused() is kiosk.screen.ids.search.__self__


def test_a_benefit_by_category_with_the_keypad_alone(kiosk, heard, tmp_path):
    start(kiosk, heard)
    title = open_a_service_by_category(kiosk, heard)
    assert kiosk.screen.title == title
    key(kiosk, F1)  # Help: where am I?
    assert heard.last.startswith(INSTRUCTIONS)
    assert f"Экран «{title}»." in heard.last
    rendered(heard.last, tmp_path)
    key(kiosk, BACKSPACE)  # Back
    assert kiosk.screen.name == "category"
    assert heard.last.startswith("Экран «")


def test_a_search_typed_on_the_on_screen_keyboard_with_the_keypad_alone(kiosk, heard, tmp_path):
    start(kiosk, heard)
    key(kiosk, ENTER)  # the search, focused first on Home
    assert kiosk.screen.name == "search"
    assert heard.last.startswith("Экран «Поиск». Поле ввода «Напишите, что вы ищете», пусто")
    key(kiosk, ENTER)  # into the field: the focus goes to the keyboard
    assert heard.last.startswith("Клавиатура.")
    assert "Клавиша «Найти» в нижнем ряду показывает, что нашлось." in heard.last
    assert heard.last.endswith(
        "Ряд 1 из 4: Й, Ц, У, К, Е, Н, Г, Ш, Щ, З, Х, Ъ, Ё. Клавиша «Й», 1 из 13."
    )
    type_on_keys(kiosk, heard, "пенсия", kiosk.screen.ids.field)
    assert kiosk.screen.ids.field.text == "пенсия"
    to_key(kiosk, heard, "Найти")
    key(kiosk, ENTER)
    assert heard.last.startswith("Вот что нашлось.")
    rendered(heard.last, tmp_path)
    focused = kiosk.app.keypad.focused()
    assert type(focused).__name__ == "ListButton"
    assert f"Ссылка «{focused.title}»" in heard.last
    key(kiosk, ENTER)
    assert kiosk.screen.name in ("service", "agency", "event")
    assert heard.last.startswith(f"Экран «{focused.title}».")


def test_printing_a_leaflet_with_the_keypad_alone(kiosk, heard, queues, monkeypatch, tmp_path):
    from test_printing_app import qr_codes

    from content.presentation.links import qr_address
    from kiosk.adapters.cups import Cups
    from kiosk.core.print_desk import PrintDesk, counter_for

    # The real print server, its cups-pdf queue writing each job as a PDF (tests/cups_queues.py).
    desk = PrintDesk(Cups(), PDF_QUEUE, counter_for(tmp_path), timeout_s=30)
    monkeypatch.setattr(kiosk.app.controllers.printing, "desk", desk)
    start(kiosk, heard)
    title = open_a_service_by_category(kiosk, heard)
    until_heard(kiosk, heard, "Кнопка «Распечатать памятку»")
    since = time.time()
    key(kiosk, ENTER)
    assert heard.last == "Печатаем. Заберите листок из принтера."
    end = time.monotonic() + 60
    while not heard.last.startswith("Готово"):
        assert time.monotonic() < end, f"the end of printing was not said: {heard.said[-3:]}"
        kiosk.frames(1)
        time.sleep(0.05)
    assert heard.last == "Готово: заберите напечатанное из принтера."
    desk.wait()
    printed = queues.printed(since)
    assert printed.read_bytes().startswith(b"%PDF")
    # cups-pdf prints through Ghostscript, which keeps no Cyrillic text to read back; the
    # leaflet's QR code to the service's page is read from the printed page instead.
    pack = kiosk.app.controllers.packs.pack
    _category, service = first_category_with_services(pack)
    assert service["name"].get("ru") == title
    online = qr_address(service["apply_online"], pack.meta.allowed_hosts)
    assert online and online in qr_codes(printed)
    assert desk.pages_today().pages >= 1
    rendered(heard.last, tmp_path)


def test_the_focus_is_drawn_3_mm_wide_in_a_colour_of_3_to_1_or_more(kiosk, heard):
    from kivy.core.window import Window
    from kivy.metrics import mm

    from kiosk.app.theme import T

    start(kiosk, heard)
    kiosk.draw()  # the outline as drawn
    outline = kiosk.app.keypad._outline
    assert outline.group in Window.canvas.after.children
    assert 2 * outline.ring.width >= mm(3) - 0.01  # a Line is drawn its width to each side
    widget = kiosk.app.keypad.focused()
    x, y = widget.to_window(widget.x, widget.y)
    rx, ry, rw, rh = outline.ring.rectangle
    assert rx < x and ry < y and rx + rw > x + widget.width and ry + rh > y + widget.height
    assert tuple(outline.ring_colour.rgba) == tuple(T.text)


@pytest.mark.parametrize("palette", ["normal", "high_contrast"])
def test_the_outline_colour_stands_out_3_to_1_from_what_it_is_drawn_on(palette):
    from kiosk.core.palettes import PALETTES, contrast_ratio

    colours = PALETTES[palette]
    for ground in ("background", "surface", "bar", "pressed"):
        assert contrast_ratio(colours["text"], colours[ground]) >= 3
    # The halo between the control and the ring, against the controls filled with a colour.
    for fill in ("primary", "selected"):
        assert contrast_ratio(colours["background"], colours[fill]) >= 3


def test_the_idle_reset_ends_the_mode_and_leaves_nothing_drawn(kiosk, heard):
    from kivy.core.window import Window

    start(kiosk, heard)
    group = kiosk.app.keypad._outline.group
    kiosk.app.controllers.visit.reset()
    kiosk.frames()
    assert not kiosk.app.keypad.core.active
    assert group not in Window.canvas.after.children
    kiosk.start_session()
    key(kiosk, DOWN)  # an arrow does not start the mode by itself
    assert not kiosk.app.keypad.core.active


def rendered(text: str, tmp_path) -> float:
    """`text` spoken by espeak-ng into a WAV file, as the terminal's speaker says it; its
    length in seconds, checked against the words it holds."""
    import wave

    from kiosk.adapters.speech import RATE_WPM, EspeakSpeaker

    path = tmp_path / "spoken.wav"
    path.unlink(missing_ok=True)
    speaker = EspeakSpeaker(wav_path=path)
    if not speaker.available:
        pytest.skip("espeak-ng is not installed")
    speaker.say(text, "ru")
    assert speaker.wait(timeout=60)
    data = path.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    with wave.open(str(path)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    # At RATE_WPM words a minute, give or take: a word takes between a third and three
    # times its share (short prepositions, long words, pauses at full stops).
    words = len(text.split())
    share = 60 / RATE_WPM
    assert words * share / 3 <= seconds <= words * share * 3 + 1, (seconds, words)
    return seconds


def test_an_announcement_is_rendered_to_a_wav_file_by_espeak_ng(kiosk, heard, tmp_path):
    start(kiosk, heard)
    key(kiosk, DOWN)
    assert rendered(heard.last, tmp_path) > 1  # a control's role, name and place


# -- a request form with the keypad alone ------------------------------------------------------

SHARED_SERVICE = "home-social-services"
"""Three organisations provide it in the demo pack: its forms ask which one first."""


def test_a_request_form_filled_in_and_sent_with_the_keypad_alone(
    kiosk, heard, tmp_path, terminal_data
):
    from test_request_forms import opened

    from kiosk.adapters.outbox import Outbox

    outbox = Outbox(terminal_data)
    before = len(outbox.pending(limit=10_000))
    pack = kiosk.app.controllers.packs.pack
    category = next(
        c
        for c in pack.categories()
        if SHARED_SERVICE in [s["id"] for s in pack.services_in_category(c["id"])]
    )
    service = pack.service(SHARED_SERVICE)["name"].get("ru")
    start(kiosk, heard)
    until_heard(kiosk, heard, f"Раздел «{category['title'].get('ru')}»")
    key(kiosk, ENTER)
    until_heard(kiosk, heard, f"Ссылка «{service}»")
    key(kiosk, ENTER)
    assert heard.last.startswith(f"Экран «{service}».")
    until_heard(kiosk, heard, "Кнопка «Заказать обратный звонок»")
    key(kiosk, ENTER)
    assert kiosk.screen.name == "request_form"
    form = kiosk.screen
    # The form's first control of its own: the organisation, asked as a question.
    assert heard.last.startswith(
        "Экран «Заказать обратный звонок». Вариант ответа «Центр соцобслуживания (КЦСОН)», "
        "Выберите организацию, "
    )

    # Send at once: each problem is told beside its field, and said when the focus is there.
    until_heard(kiosk, heard, "Кнопка «Отправить»")
    key(kiosk, ENTER)
    assert kiosk.screen is form
    assert heard.last.startswith(
        "Не всё заполнено верно. Вариант ответа «Центр соцобслуживания (КЦСОН)», "
        "Выберите организацию, ошибка: Заполните это поле, "
    )
    said = until_heard(kiosk, heard, "Вариант ответа «МФЦ «Мои документы»»")
    assert "ошибка: Заполните это поле" in said
    key(kiosk, ENTER)
    assert heard.last.startswith("Вариант ответа «МФЦ «Мои документы»», Выберите организацию, ")
    assert "выбрано" in heard.last and "ошибка" not in heard.last
    assert kiosk.app.controllers.requests.draft.fields["agency"] == "mfc-perm"

    # The form drawn again for the МФЦ; Send again: the first field still to fill.
    until_heard(kiosk, heard, "Кнопка «Отправить»")
    key(kiosk, ENTER)
    assert heard.last.startswith(
        "Не всё заполнено верно. Поле ввода «О чём вы хотите поговорить», пусто, "
        "ошибка: Заполните это поле, "
    )
    key(kiosk, ENTER)
    assert heard.last.startswith("Клавиатура.")
    assert "Клавиша «Готово» в нижнем ряду закрывает клавиатуру." in heard.last
    field = form.field("topic").input
    type_on_keys(kiosk, heard, "уход", field)
    to_key(kiosk, heard, "Готово")
    key(kiosk, ENTER)  # the keyboard folds away, the focus back on the field
    assert heard.last.startswith("Поле ввода «О чём вы хотите поговорить», написано: уход, ")
    assert "ошибка" not in heard.last

    until_heard(kiosk, heard, "Вариант ответа «Позвонить мне», Как с вами связаться")
    key(kiosk, ENTER)
    assert "выбрано" in heard.last

    said = until_heard(kiosk, heard, "Поле ввода «Ваше имя»")
    assert ", пусто, ошибка: Заполните это поле, " in said
    key(kiosk, ENTER)
    type_on_keys(kiosk, heard, "вера", form.field("name").input)
    to_key(kiosk, heard, "Готово")
    key(kiosk, ENTER)
    assert heard.last.startswith("Поле ввода «Ваше имя», написано: вера, ")

    said = until_heard(kiosk, heard, "Поле ввода «Телефон»")
    assert ", пусто, ошибка: " in said
    key(kiosk, ENTER)  # the digit pad: one row
    assert heard.last.startswith("Цифры телефона, в один ряд.")
    assert "Ряд 1 из 1: 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, Стереть, Готово." in heard.last
    type_on_keys(kiosk, heard, "3421234567", form.field("phone").input)
    assert form.field("phone").input.text == "+7 (342) 123-45-67"
    to_key(kiosk, heard, "Готово")
    key(kiosk, ENTER)
    assert heard.last.startswith("Поле ввода «Телефон», написано: +7 (342) 123-45-67, ")

    said = until_heard(kiosk, heard, "Вариант ответа «Я согласен(на)»")
    # The question, what the visitor agrees to (the consent's whole text), the problem.
    assert "Согласие на обработку персональных данных. " in said and ", ошибка: " in said
    consent = [body for _part, body in kiosk.app.controllers.requests.consent_text() if body]
    assert consent and all(" ".join(body.split())[:40] in said for body in consent)
    key(kiosk, ENTER)
    assert "выбрано" in heard.last and "ошибка" not in heard.last
    rendered(heard.last, tmp_path)

    until_heard(kiosk, heard, "Кнопка «Отправить»")
    key(kiosk, ENTER)
    kiosk.frames(3)
    assert kiosk.screen.name == "request_sent", kiosk.app.controllers.requests.problems()
    assert heard.last.startswith("Экран «")
    pending = outbox.pending(limit=10_000)
    assert len(pending) == before + 1
    fields = opened(pending[-1])["fields"]
    assert (fields["agency"], fields["topic"], fields["mode"]) == ("mfc-perm", "уход", "callback")
    assert (fields["name"], fields["phone"], fields["consent"]) == ("вера", "+73421234567", True)


def test_the_idle_prompt_is_heard_with_its_countdown_in_keypad_mode(kiosk, heard, session_clock):
    """A visitor who cannot see the prompt hears how long is left, and answers by a key."""
    start(kiosk, heard)
    for _ in range(60):  # a minute without a key, as the session's clock counts it
        session_clock.advance(1)
        kiosk.app.controllers.visit.tick()
    kiosk.settle()
    assert kiosk.app.root.prompt is not None
    said = until_heard(kiosk, heard, "Вы ещё здесь?", code=F1)  # Help says the screen again
    assert "Через 20 секунд всё, что вы выбрали, будет удалено" in said, said
    until_heard(kiosk, heard, "Да, я здесь")
    key(kiosk, ENTER)
    assert kiosk.app.root.prompt is None and kiosk.app.controllers.visit.in_session


def test_plus_and_minus_on_the_keypad_set_the_volume_heard_at_the_new_level(kiosk, heard):
    """Section 508 402.3: the visitor sets the volume; the next visitor starts at normal."""
    from kiosk.core.controllers.reading import NORMAL_VOLUME, VOLUMES

    reading = kiosk.app.controllers.reading
    start(kiosk, heard)
    key(kiosk, NUMPAD_ADD, "+")
    assert reading.volume == VOLUMES[VOLUMES.index(NORMAL_VOLUME) + 1]
    assert heard.last == f"Громкость {VOLUMES.index(reading.volume) + 1} из {len(VOLUMES)}"
    for _ in VOLUMES:
        key(kiosk, NUMPAD_SUBTRACT, "-")
    assert reading.volume == VOLUMES[0] and heard.last == f"Громкость 1 из {len(VOLUMES)}"
    kiosk.app.controllers.visit.reset()
    kiosk.frames()
    assert reading.volume == NORMAL_VOLUME
