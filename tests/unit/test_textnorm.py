import pytest

from content.textnorm import index_text, stem, words


@pytest.mark.parametrize(
    "forms",
    [
        ["пособие", "пособия", "пособий", "пособием"],
        ["ребёнок", "ребенка", "дети", "детей"],
        ["субсидия", "субсидии", "субсидию"],
        ["child", "children"],
        ["benefit", "benefits"],
    ],
)
def test_word_forms_share_one_stem(forms):
    assert len({stem(w) for word in forms for w in words(word)}) == 1


def test_yo_is_folded_and_case_ignored():
    assert words("ЁЛКА Ёж") == ["елка", "еж"]


def test_index_text_drops_punctuation_and_operators():
    assert index_text('"пособие" OR * ( NEAR') == "пособ or near"
