"""What read-aloud says for a label's markup: the words, without tags, with pauses."""

import pytest

from kiosk.adapters.speech import speakable


@pytest.mark.parametrize(
    "markup, text",
    [
        ("[b]Важно.[/b] Текст", "Важно. Текст."),
        ("[i]курсив[/i] и 2*3*4", "курсив и 2*3*4."),
        ("[color=#1a5fb4]синий[/color] текст", "синий текст."),
        ("[ref=service:42]Подробнее[/ref]", "Подробнее."),
        ("[size=28sp][b]Заголовок[/b][/size]\nТекст.", "Заголовок. Текст."),
        ("Список:\n• первое;\n• второе.", "Список: первое. второе."),
        ("пн–ср 09:00–16:00 • пт 10:00–14:00", "пн–ср 09:00–16:00. пт 10:00–14:00."),
        ("a &bl;b&br; &amp; c", "a [b] & c."),
        ("&amp;bl; не скобка", "&bl; не скобка."),
        ("[b]&bl;b&br;[/b] остаётся", "[b] остаётся."),
        ("абзац\n\nабзац", "абзац. абзац."),
        ("Вопрос?\nОтвет!", "Вопрос? Ответ!"),
        ("Он сказал: «Так.»", "Он сказал: «Так.»"),
        ("сайт (https://sfr.gov.ru)", "сайт (https://sfr.gov.ru)."),
        ("слова   через\tпробелы", "слова через пробелы."),
        ("", ""),
        ("• \n[b][/b]", ""),
    ],
)
def test_markup_becomes_plain_sentences(markup, text):
    assert speakable(markup) == text
