"""A page cut into sentences for read-aloud: where Russian and English sentences end, and
that no word is ever lost or added (Hypothesis)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.adapters.speech import speakable
from kiosk.core.sentences import split_sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Первое. Второе.", ["Первое.", "Второе."]),
        ("Вопрос? Ответ! Ещё… Да... Нет.", ["Вопрос?", "Ответ!", "Ещё…", "Да...", "Нет."]),
        (
            "Приходите в г. Пермь, ул. Ленина, д. 5. Там помогут.",
            ["Приходите в г. Пермь, ул. Ленина, д. 5.", "Там помогут."],
        ),
        (
            "Нужны паспорт, СНИЛС и т.д. Потом заявление.",
            ["Нужны паспорт, СНИЛС и т.д.", "Потом заявление."],
        ),
        ("Паспорт и т. д. Потом заявление.", ["Паспорт и т. д.", "Потом заявление."]),
        ("Справка, т. е. выписка, нужна.", ["Справка, т. е. выписка, нужна."]),
        ("Выплата 100 руб. в месяц. Потом больше.", ["Выплата 100 руб. в месяц.", "Потом больше."]),
        ("Закон принят в 2026 г. Он действует.", ["Закон принят в 2026 г.", "Он действует."]),
        ("Стихи А. С. Пушкина. Читайте.", ["Стихи А. С. Пушкина.", "Читайте."]),
        ("Он сказал: «Так.» Потом ушёл.", ["Он сказал: «Так.»", "Потом ушёл."]),
        ("Звоните (тел. 8 800 100-00-01). Ждём.", ["Звоните (тел. 8 800 100-00-01).", "Ждём."]),
        ("пн–ср 09:00–16:00. пт 10:00–14:00.", ["пн–ср 09:00–16:00.", "пт 10:00–14:00."]),
        ("Сайт sfr.gov.ru. Там всё.", ["Сайт sfr.gov.ru.", "Там всё."]),
        ("Ставка 1.5 процента.", ["Ставка 1.5 процента."]),
        (
            "Mr. Smith lives on Baker St. in London. He is out.",
            ["Mr. Smith lives on Baker St. in London.", "He is out."],
        ),
        ("Bring your passport, etc. Then apply.", ["Bring your passport, etc.", "Then apply."]),
        ("  слова \n без   точки  ", ["слова без точки"]),
        ("", []),
        (" \n\t ", []),
    ],
)
def test_a_page_is_cut_where_its_sentences_end(text, sentences):
    assert split_sentences(text) == sentences


def test_what_speakable_makes_of_a_page_is_cut_at_its_lines():
    markup = "[b]Кто может получить[/b]\n• родители;\n• опекуны.\nОбратитесь в г. Пермь."
    assert split_sentences(speakable(markup)) == [
        "Кто может получить.",
        "родители.",
        "опекуны.",
        "Обратитесь в г. Пермь.",
    ]


PIECES = [
    *[".", "!", "?", "…", "...", ",", ":", " ", "  ", "\n", "\t", "«", "»", "(", ")", '"'],
    *["г.", "ул.", "д.", "т.", "т.д.", "т. д.", "т.е.", "руб.", "А.", "Mr.", "etc.", "St."],
    *["Пермь", "слово", "Ёж", "2026", "16:00", "1.5", "sfr.gov.ru", "I", "é", "😀"],
    *["\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "\u2028"],
]

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
    st.text(max_size=300),
)


@given(texts)
def test_no_word_is_lost_or_added_and_no_sentence_is_empty(text):
    sentences = split_sentences(text)
    assert " ".join(sentences).split() == text.split()
    assert all(sentence.strip() and sentence == sentence.strip() for sentence in sentences)


@given(texts)
def test_a_sentence_ends_where_the_text_said_it_may(text):
    """Every sentence but the last ends with a stop, a question or an exclamation mark."""
    for sentence in split_sentences(text)[:-1]:
        assert sentence.rstrip("\"')]»”’")[-1] in ".!?…"
