"""Word sizes are remembered by font and text, and text is laid out exactly as SDL measures it."""

from __future__ import annotations

import pytest
from kivy.core.text import Label as CoreLabel
from kivy.core.text import LabelBase, text_sdl2
from kivy.core.text.markup import MarkupLabel
from kivy.uix.label import Label

from kiosk.app import word_widths
from kiosk.app.headless import buttons, walk

PARAGRAPH = (
    "Семья с тремя и более детьми может получить статус многодетной и удостоверение. "
    "Доход семьи не проверяют."
)


@pytest.fixture
def sdl_calls(monkeypatch):
    """Every word SDL_ttf is asked to measure, in order."""
    asked = []
    measure = text_sdl2._get_extents

    def counting(label, text):
        asked.append(text)
        return measure(label, text)

    monkeypatch.setattr(text_sdl2, "_get_extents", counting)
    word_widths.forget_word_widths()
    return asked


def laid_out_by_sdl_alone(core, monkeypatch) -> tuple[int, int]:
    """The size Kivy gives `core`'s text when every word is measured anew."""
    with monkeypatch.context() as patch:
        patch.setattr(CoreLabel, "get_extents", CoreLabel.measure_by_sdl)
        patch.setattr(CoreLabel, "get_cached_extents", LabelBase.get_cached_extents)
        return core.render()


def test_the_app_remembers_word_sizes(kiosk):
    assert CoreLabel.get_extents is not CoreLabel.measure_by_sdl


def test_a_paragraph_laid_out_again_asks_sdl_for_no_word(kiosk, sdl_calls):
    first = MarkupLabel(text=PARAGRAPH, font_size=22, text_size=(600, None))
    first.resolve_font_name()
    size = first.render()
    assert "многодетной" in sdl_calls

    sdl_calls.clear()
    second = MarkupLabel(text=PARAGRAPH, font_size=22, text_size=(600, None))
    second.resolve_font_name()
    assert second.render() == size
    assert sdl_calls == []


def test_the_same_word_in_another_font_is_measured_for_that_font(kiosk, sdl_calls):
    sizes = {}
    for name, options in {
        "body": {"font_size": 22},
        "bold": {"font_size": 22, "bold": True},
        "bigger": {"font_size": 33},
        "outlined": {"font_size": 22, "outline_width": 2},
    }.items():
        label = CoreLabel(text="Пособие", **options)
        label.resolve_font_name()
        sizes[name] = label.get_extents("Пособие")
        assert sizes[name] == CoreLabel.measure_by_sdl(label, "Пособие")
    assert len(set(sizes.values())) == 4
    assert sdl_calls.count("Пособие") == 8  # each font once here, once in the check


def test_when_full_the_sizes_are_forgotten_at_once(kiosk, sdl_calls, monkeypatch):
    monkeypatch.setattr(word_widths, "WORDS_REMEMBERED", 5)
    label = CoreLabel(text="x", font_size=22)
    label.resolve_font_name()
    for word in PARAGRAPH.split():
        label.get_extents(word)
        assert len(word_widths._sizes) <= 5
    assert label.get_extents("Доход") == CoreLabel.measure_by_sdl(label, "Доход")


def test_every_label_on_a_page_is_laid_out_as_sdl_alone_would(kiosk, monkeypatch):
    # Headings (bold), body text, notes and buttons in several sizes on one page: a size
    # remembered for the wrong font would move a line break or a texture's width.
    word_widths.forget_word_widths()
    kiosk.tap(buttons(kiosk.screen, "CategoryTile")[0])
    kiosk.tap(buttons(kiosk.screen, "ServiceButton")[0])
    labels = [w for w in walk(kiosk.screen) if isinstance(w, Label) and w.text.strip()]
    fonts = {(w._label.options["font_size"], w._label.options["bold"]) for w in labels}
    assert len(labels) > 10 and len(fonts) >= 3
    for label in labels:
        core = label._label
        assert core.render() == laid_out_by_sdl_alone(core, monkeypatch), label.text[:60]
