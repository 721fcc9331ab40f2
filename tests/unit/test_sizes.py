"""Sizes true to the screen: the figures of kiosk.core.sizes and the config's screen keys."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core import sizes
from kiosk.core.config import ConfigError, load_config


def test_a_15_6_inch_full_hd_panel_has_141_pixels_an_inch():
    assert sizes.Screen(15.6).pixels_per_inch(1920, 1080) == pytest.approx(141.2, abs=0.1)
    assert sizes.Screen(10.1).pixels_per_inch(1280, 800) == pytest.approx(149.4, abs=0.1)
    assert sizes.Screen(ppi=96).pixels_per_inch(1920, 1080) == 96
    assert sizes.Screen().pixels_per_inch(1280, 800) == pytest.approx(96.8, abs=0.1)  # 15.6"


def test_every_text_has_at_least_the_508_capital_and_large_text_doubles_the_page():
    for kind, capital in sizes.CAPITAL_MM.items():
        assert capital >= sizes.MIN_CAPITAL_MM, kind
        em_mm = sizes.dp_to_mm(sizes.font_dp(kind))
        assert em_mm * sizes.CAPITAL_PER_EM == pytest.approx(capital)
        assert sizes.font_dp(kind, large=True) == pytest.approx(2 * sizes.font_dp(kind))
        assert sizes.font_dp(kind, large=True, bar=True) == pytest.approx(1.5 * sizes.font_dp(kind))


@given(st.floats(7, 110), st.integers(640, 4000), st.integers(480, 2400))
def test_a_millimetre_is_a_millimetre_on_any_screen(diagonal, width, height):
    ppi = sizes.Screen(diagonal).pixels_per_inch(width, height)
    px_per_dp = sizes.density(ppi)
    # 25.4 mm in dp, in pixels, is the screen's pixels per inch; and the diagonal checks out.
    assert sizes.mm_to_dp(25.4) * px_per_dp == pytest.approx(ppi)
    assert math.hypot(width, height) / ppi == pytest.approx(diagonal)


@pytest.mark.parametrize(
    "line, message",
    [
        ("screen_diagonal_inches = 3", "between 7 and 110"),
        ("screen_diagonal_inches = true", "must be a number"),
        ('screen_diagonal_inches = "15.6"', "must be a number"),
        ("screen_diagonal_inches = nan", "between 7 and 110"),
        ("screen_ppi = 5000", "between 50 and 600"),
        ("screen_ppi = 96\nscreen_diagonal_inches = 15.6", "not both"),
    ],
)
def test_a_wrong_screen_in_the_config_is_told(tmp_path, line, message):
    path = tmp_path / "kiosk.toml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_the_config_names_the_screen(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("screen_diagonal_inches = 10.1\n", encoding="utf-8")
    screen = load_config(path).screen
    assert screen.pixels_per_inch(1280, 800) == pytest.approx(149.4, abs=0.1)
    assert '10.1" 1280x800 (149 ppi)' == screen.describe(1280, 800)
