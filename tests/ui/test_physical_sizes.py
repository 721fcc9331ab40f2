"""Sizes true to the screen, measured in the real app on each supported screen (issue 19).

Each screen size runs the app in a process of its own (kiosk.app.measure): Kivy has one
window a process, and the app's sizes are worked out from the screen once. Every screen of
EVERY_SCREEN is reached as a visitor would, in normal text, large text and (on one screen
size) high contrast, and measured from its widgets and its drawn pixels: the smallest
capital letter and target in millimetres, text clipped by its box or overlapping another,
and the contrast of every text and every control against what is around it.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from kiosk.app import measure, measure_report
from kiosk.core import sizes

# Three processes of a minute each: they start with the run and share the cores with the rest.
pytestmark = pytest.mark.starts_first


@pytest.fixture(scope="module")
def figures(demo_pack, tmp_path_factory):
    """Screen size -> its figures, measured once. Each size is a process of a minute: all of
    them start at the first question, side by side, so that they share the machine's cores
    with the rest of the suite instead of running one after another on this file's worker."""
    folder = tmp_path_factory.mktemp("measure")

    def measured(screen_name: str) -> list[dict]:
        modes = ["--mode", "normal", "--mode", "large"]
        if screen_name == "15.6in-1280x800":
            modes += ["--mode", "contrast"]  # colours do not depend on the screen
        out = folder / f"{screen_name}.json"
        return measure_report.run(demo_pack, screen_name, out, "--every", *modes)

    with ThreadPoolExecutor(max_workers=len(measure.SCREEN_SIZES)) as pool:
        made: dict[str, Future] = {}

        def of(screen_name: str) -> list[dict]:
            if not made:
                made.update({name: pool.submit(measured, name) for name in measure.SCREEN_SIZES})
            return made[screen_name].result()

        yield of


@pytest.mark.parametrize("screen_name", sorted(measure.SCREEN_SIZES))
def test_every_screen_meets_the_sizes_and_contrasts(figures, screen_name):
    records = figures(screen_name)
    measured = {(r["screen"], r["mode"]) for r in records}
    # Every screen, in both text sizes (the attract loop comes after a reset: normal only).
    for name in measure.EVERY_SCREEN:
        for mode in ("normal", "large") if name != "attract" else ("normal",):
            assert (name, mode) in measured, (name, mode)
    failures = [
        f"{r['screen']} ({r['mode']}): {p}" for r in records for p in measure_report.problems(r)
    ]
    assert not failures, "\n".join(failures)
    # Something was measured on each: texts, targets and their contrasts.
    for r in records:
        assert r["texts"] > 0 and r["smallest_capital"] is not None, r["screen"]
        if r["screen"] != "attract":
            assert r["targets"] > 0 and r["lowest_text_contrast"] is not None, r["screen"]


@pytest.mark.parametrize("screen_name", sorted(measure.SCREEN_SIZES))
def test_large_text_doubles_the_page_and_grows_the_bars(figures, screen_name):
    records = {(r["screen"], r["mode"]): r for r in figures(screen_name)}
    for name in ("home", "service", "agency", "search"):
        normal, large = records[(name, "normal")], records[(name, "large")]
        page = large["smallest_capital"]["value"] / normal["smallest_capital"]["value"]
        bars = large["smallest_bar_capital"]["value"] / normal["smallest_bar_capital"]["value"]
        assert page >= sizes.LARGE_TEXT_SCALE * 0.97 or name == "search", (name, page)
        # What is docked grows by the screen's own scale: 1.5 on a 15.6" panel, not at all
        # on a 10" one (kiosk.core.sizes.large_bar_scale).
        assert large["bar_scale"] == pytest.approx(
            sizes.large_bar_scale(_height_mm(screen_name)), abs=1e-3
        )
        assert bars >= large["bar_scale"] * 0.97, (name, bars)
        # The screen's own area keeps a useful share of the height however large the text.
        assert large["page_share"] >= 0.25, (name, large["page_share"])


def test_the_focus_outline_is_measured_where_the_keypad_mode_is_on(figures):
    records = [r for r in figures("15.6in-1280x800") if r["screen"].startswith("keypad-")]
    assert records and all(r["focus_outline_contrast"] is not None for r in records)
    assert min(r["focus_outline_contrast"]["value"] for r in records) >= 3.0


def test_the_checks_catch_a_small_capital_a_small_target_and_a_clipped_text():
    """The limits bite: one figure below each makes a problem (a test of the checks)."""
    good = {
        "screen": "home", "mode": "normal", "smallest_capital": _f(5.0),
        "smallest_bar_capital": _f(5.0), "smallest_target": _f(12.0),
        "lowest_text_contrast": _f(7.0), "lowest_target_contrast": _f(3.5),
        "focus_outline_contrast": None, "clipped": [], "overlapping": [],
    }  # fmt: skip
    assert measure_report.problems(good) == []
    for key, value in (
        ("smallest_capital", 4.6), ("smallest_bar_capital", 4.0), ("smallest_target", 11.0),
        ("lowest_text_contrast", 4.4), ("lowest_target_contrast", 2.9),
        ("focus_outline_contrast", 2.0),
    ):  # fmt: skip
        assert measure_report.problems({**good, key: _f(value)}), key
    assert measure_report.problems({**good, "clipped": ["Label 'x'"]})
    assert measure_report.problems({**good, "mode": "large"})  # 5 mm is small for large text


def _height_mm(screen_name: str) -> float:
    diagonal, (width, height) = measure.SCREEN_SIZES[screen_name]
    return sizes.px_to_mm(height, sizes.Screen(diagonal).pixels_per_inch(width, height))


def _f(value: float) -> dict:
    return {"what": "", "value": value, "widget": "W"}
