"""Every text/background pair the screens draw is readable in both themes."""

import pytest

from kiosk.core.palettes import (
    MINIMUM_CONTRAST,
    MINIMUM_OUTLINE_CONTRAST,
    OUTLINE_PAIRS,
    PALETTES,
    TEXT_PAIRS,
    contrast_ratio,
)


@pytest.mark.parametrize(
    "foreground, background, expected",
    [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#777777", "#FFFFFF", 4.48)],
)
def test_contrast_ratio_matches_wcag_examples(foreground, background, expected):
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("theme", sorted(PALETTES))
@pytest.mark.parametrize("pair", TEXT_PAIRS, ids=lambda p: f"{p[0]}-on-{p[1]}")
def test_every_text_pair_meets_the_themes_minimum_contrast(theme, pair):
    palette = PALETTES[theme]
    foreground, background = pair
    ratio = contrast_ratio(palette[foreground], palette[background])
    assert ratio >= MINIMUM_CONTRAST[theme], f"{theme}: {pair} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", sorted(PALETTES))
@pytest.mark.parametrize("pair", OUTLINE_PAIRS, ids=lambda p: f"{p[0]}-on-{p[1]}")
def test_every_outline_that_marks_a_control_has_3_to_1(theme, pair):
    """WCAG 1.4.11: the keyboard's grey key outline was 2.72:1 on the keyboard's bar."""
    palette = PALETTES[theme]
    outline, around = pair
    ratio = contrast_ratio(palette[outline], palette[around])
    assert ratio >= MINIMUM_OUTLINE_CONTRAST, f"{theme}: {pair} is {ratio:.2f}:1"


def test_both_themes_name_the_same_colours():
    assert PALETTES["normal"].keys() == PALETTES["high_contrast"].keys()
