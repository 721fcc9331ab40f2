"""Measure every screen of the real app on a given physical screen: what a ruler would.

    python -m kiosk.app.measure --pack build/demo.sqlite --screen '15.6:1280x800' --json out.json

Runs the real app offscreen, as kiosk.app.screenshots does, in a window of the screen's
pixels with the config's `screen_diagonal_inches`, and reaches every screen of
screenshots.SCREENS in Russian (the longer language), in normal text, large text and high
contrast. On each it measures, in the window's own pixels and the millimetres they are on
that screen:

- the capital height of every text on show (its font size times the capital height of
  the font, itself measured from the ink of a rendered "H");
- the size of every thing that takes a touch, enabled and on show;
- every text clipped by its own box, and every two texts whose boxes overlap;
- the contrast of every text against what is behind it (the commonest colour of the frame's
  pixels in its box), and of every touch target's fill or outline against what is around it
  (WCAG 1.4.3/1.4.6 and 1.4.11).

Kivy allows one window per process and its sizes are worked out once: one process per
screen. tests/ui/test_physical_sizes.py runs it for the three supported screens; `make
accessibility` writes docs/accessibility-measurements.md from it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kiosk.app.measure_view import (
    Frame,
    blend,
    broken_word,
    capital_per_font_size,
    grown,
    hex_of,
    in_bars,
    meets,
    name_of,
    outline_colour,
    page_box,
    shown,
    top_layer,
    visible_box,
)
from kiosk.core import palettes, sizes

SCREEN_SIZES = {
    "15.6in-1280x800": (15.6, (1280, 800)),
    "15.6in-1920x1080": (15.6, (1920, 1080)),
    "10.1in-1280x800": (10.1, (1280, 800)),
}
"""The screens the terminal is made for: name -> (diagonal in inches, pixels)."""

EVERY_SCREEN = [
    "attract", "home", "category", "service", "service-end", "service-reading", "search",
    "search-nothing", "finder", "finder-result", "agencies",
    "agency", "events", "my-list", "idle-prompt", "staff", "staff-outbox", "error",
    "agency-requests", "request-appointment", "request-keys", "request-phone",
    "request-complaint", "request-problems", "request-sent", "request-agency",
    "keypad-home", "keypad-service", "keypad-search", "keypad-form",
]  # fmt: skip
"""One picture of each screen and each state that lays it out anew (a keyboard up, a
panel shown, an overlay): what the tests measure on every supported screen."""

MODES = {
    "normal": {"high_contrast": False, "large_text": False},
    "large": {"high_contrast": False, "large_text": True},
    "contrast": {"high_contrast": True, "large_text": False},
}


@dataclass
class Finding:
    """One measured thing: where it is and its figure."""

    what: str
    value: float
    widget: str


@dataclass
class ScreenMeasure:
    """The figures of one screen in one mode."""

    screen: str
    mode: str
    smallest_capital: Finding | None = None
    """On the page (the screen's own area, or the idle prompt, or the attract loop)."""
    smallest_bar_capital: Finding | None = None
    """In the top and bottom bars and a screen's header band (they grow 1.5 times)."""
    bar_scale: float = sizes.LARGE_BAR_SCALE
    """How much large text grows what is docked around the page on this screen."""
    page_share: float = 0.0
    """The share of the window's height left to the screen's own area, between the bars."""
    smallest_target: Finding | None = None
    lowest_text_contrast: Finding | None = None
    lowest_target_contrast: Finding | None = None
    focus_outline_contrast: Finding | None = None
    """The keypad mode's focus outline against the colours beside it, when it is on."""
    clipped: list[str] = field(default_factory=list)
    overlapping: list[str] = field(default_factory=list)
    texts: int = 0
    targets: int = 0

    def keep_lowest(self, key: str, value: float, what: str, widget) -> None:
        """Keep `value` as the figure `key` (rounded, with `what` and the widget's name) if
        it is lower than the one kept."""
        kept = getattr(self, key)
        if kept is None or value < kept.value:
            setattr(self, key, Finding(what, round(value, 2), name_of(widget)))


def _focus_outline(kiosk, frame: Frame, found: ScreenMeasure):
    """Measure the keypad mode's focus outline, if it is on: its ring's colour against
    the bands (halos) inside and outside it; the box it covers, or None."""
    from kivy.metrics import dp

    from kiosk.app.focus_controls import HALO_DP, OUTLINE_MM
    from kiosk.app.sizes import mm

    keypad = getattr(kiosk.app, "keypad", None)
    widget = keypad.focused() if keypad is not None and keypad.core.active else None
    if widget is None:
        return None
    outline = getattr(keypad, "_outline", None)
    if getattr(outline, "box", None) is None:
        return None
    halo, ring = dp(HALO_DP), mm(OUTLINE_MM)
    box = outline.box  # the control, or its part on show, that the outline goes round
    ring_colour = frame.ring(grown(box, halo + ring / 4), gap=max(1, ring / 2))
    halo_colour = frame.ring(grown(box, halo / 4), gap=max(1, halo / 2))
    outside = frame.ring(grown(box, halo + ring + halo / 4), gap=max(1, halo / 2))
    if ring_colour and halo_colour and outside:
        ratio = min(
            palettes.contrast_ratio(hex_of(ring_colour), hex_of(halo_colour)),
            palettes.contrast_ratio(hex_of(ring_colour), hex_of(outside)),
        )
        found.focus_outline_contrast = Finding(
            f"ring {hex_of(ring_colour)} between {hex_of(halo_colour)} and {hex_of(outside)}",
            round(ratio, 2),
            name_of(widget),
        )
    return grown(box, halo + ring + 2)


def measure_screen(kiosk, screen: str, mode: str, ppi: float, cap_ratio: float) -> ScreenMeasure:
    from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
    from kivy.uix.label import Label
    from kivy.uix.textinput import TextInput

    from kiosk.app.headless import walk

    px_per_mm = ppi / sizes.MM_PER_INCH
    frame = Frame(kiosk.window)
    found = ScreenMeasure(screen, mode)
    from kiosk.app.theme import T

    found.bar_scale = round(T.large_bar_scale, 3)
    found.page_share = round(kiosk.app.root.ids.screens.height / kiosk.window.height, 3)
    focus_zone = _focus_outline(kiosk, frame, found)
    boxes = []
    for widget in walk(top_layer(kiosk)):
        # Sizes, clipping and broken words are measured on everything on the screen, what
        # is scrolled out of sight too (the visitor scrolls to it); colours and overlap on
        # what is in sight, from the pixels drawn.
        if not shown(widget):
            continue
        full = (*widget.to_window(widget.x, widget.y), *widget.to_window(widget.right, widget.top))
        box = visible_box(widget)
        is_text = isinstance(widget, Label) and widget.text.strip() and widget.texture
        if is_text:
            found.texts += 1
            capital = widget.font_size * cap_ratio / px_per_mm
            kind = "smallest_bar_capital" if in_bars(widget) else "smallest_capital"
            found.keep_lowest(kind, capital, "capital height, mm", widget)
            tw, th = widget.texture_size
            if tw > widget.width + 1.5 or th > widget.height + 1.5:
                found.clipped.append(
                    f"{name_of(widget)}: text {tw:.0f}x{th:.0f} px in a box of "
                    f"{widget.width:.0f}x{widget.height:.0f}"
                )
            broken = broken_word(widget)
            if broken:
                found.clipped.append(f"{name_of(widget)}: the word {broken!r} broken in two")
            # Nothing outside a page may run off the window (an overlay's card taller than
            # the screen); what is in a page is scrolled to.
            page = page_box(widget)
            width, height = kiosk.window.size
            off = full[0] < -1 or full[1] < -1 or full[2] > width + 1 or full[3] > height + 1
            if page is None and off:
                found.clipped.append(f"{name_of(widget)}: runs off the screen")
            # Pages scroll up and down only: a text cut at a side is lost to the visitor.
            if page is not None and (page[0] > full[0] + 1.5 or page[2] < full[2] - 1.5):
                found.clipped.append(f"{name_of(widget)}: cut at the side of its page")
            if box is not None:
                boxes.append((box, widget))
            # WCAG: inactive controls are exempt from contrast; the focus outline is measured
            # on its own, and what it lies over is not the control's own colour.
            # Only a text wholly in sight: a sliver of a scrolled-away button is its outline.
            in_sight = box is not None and box[3] - box[1] >= min(widget.height, th) - 1
            if in_sight and not widget.disabled and not meets(box, focus_zone):
                behind = frame.commonest(box)
                if behind is not None:
                    ink = blend(widget.color, behind)
                    ratio = palettes.contrast_ratio(hex_of(ink), hex_of(behind))
                    what = f"text {hex_of(ink)} on {hex_of(behind)}"
                    found.keep_lowest("lowest_text_contrast", ratio, what, widget)
        is_target = isinstance(widget, ButtonBehavior | ToggleButtonBehavior | TextInput)
        if is_target and not widget.disabled and widget.width > 0 and widget.height > 0:
            found.targets += 1
            side = min(widget.width, widget.height) / px_per_mm
            found.keep_lowest("smallest_target", side, "target's shorter side, mm", widget)
            # Wholly on show (what is around it is on show too), and not by the focus outline.
            if (
                box is not None
                and full == tuple(box)
                and not meets(grown(full, px_per_mm * 2), focus_zone)
            ):
                around = frame.ring(full, gap=max(2, round(px_per_mm)))
                inset = round(px_per_mm * 1.5)
                fill = frame.commonest(
                    (full[0] + inset, full[1] + inset, full[2] - inset, full[3] - inset)
                )
                if around is not None and fill is not None:
                    ratios = [palettes.contrast_ratio(hex_of(fill), hex_of(around))]
                    outline = outline_colour(widget)
                    if outline is not None:
                        ratios.append(
                            palettes.contrast_ratio(hex_of(blend(outline, around)), hex_of(around))
                        )
                    what = f"fill {hex_of(fill)} or outline against {hex_of(around)}"
                    found.keep_lowest("lowest_target_contrast", max(ratios), what, widget)
    for i, (a, wa) in enumerate(boxes):
        for b, wb in boxes[i + 1 :]:
            overlap_w = min(a[2], b[2]) - max(a[0], b[0])
            overlap_h = min(a[3], b[3]) - max(a[1], b[1])
            if overlap_w > 1.5 and overlap_h > 1.5:
                found.overlapping.append(f"{name_of(wa)} and {name_of(wb)}")
    return found


def measure_app(
    pack_path: Path,
    screen_name: str,
    screens: list[str] | None = None,
    modes: tuple[str, ...] = tuple(MODES),
    shots: Path | None = None,
) -> Iterator[ScreenMeasure]:
    """Start the app on the screen `screen_name` (SCREEN_SIZES) and measure `screens`."""
    from content.pack.reader import open_pack
    from kiosk.adapters.speech import EspeakSpeaker
    from kiosk.app import screenshot_walks, screenshots
    from kiosk.app.headless import HeadlessKiosk
    from kiosk.core.config import Config

    diagonal, pixels = SCREEN_SIZES[screen_name]
    pack = open_pack(pack_path)
    # The app's data folder and its speech, gone with the measure (two folders were left in
    # the temporary folder by every run).
    scratch = tempfile.TemporaryDirectory(prefix="kiosk-measure-")
    kiosk = HeadlessKiosk(
        pack,
        size=pixels,
        config=Config(
            staff_pin="0000",
            data_dir=Path(scratch.name) / "data",
            screen_diagonal_inches=diagonal,
        ),
        speaker=EspeakSpeaker(wav_path=Path(scratch.name) / "spoken.wav"),
        clock=screenshot_walks.HandClock(),
        draw_every_frame=False,
        give_back_big_blocks=False,  # sizes and pixels, not memory (build_app says why)
    )
    from kiosk.app.garbage import AFTER_START_S, young_passes_only
    from kiosk.app.theme import T

    # As on a terminal, the attract loop shows a while before the first visitor: the app's
    # pass after the start freezes its lasting part, which no later pass walks again.
    kiosk.settle(AFTER_START_S)
    cap_ratio = capital_per_font_size()
    try:
        for name in screens or list(screenshots.SCREENS):
            # The attract loop follows a reset: it is always in normal text and colours.
            for mode in modes if name != "attract" else ("normal",):
                # The pass between two measurements needs not walk every screen built
                # so far (a fifth of the time here): what is measured does not depend on it.
                with young_passes_only():
                    kiosk.app.controllers.visit.reset()
                kiosk.frames()
                kiosk.start_session()
                kiosk.app.controllers.visit.set_language("ru")
                for option, value in MODES[mode].items():
                    setattr(T, option, value)
                kiosk.frames(3)
                screenshots.SCREENS[name](kiosk)
                screenshots._bars_at_rest(kiosk)
                kiosk.frames(3)
                kiosk.draw()
                if shots is not None:
                    kiosk.screenshot(shots / f"{screen_name}-{name}-{mode}.png")
                yield measure_screen(kiosk, name, mode, kiosk.app.ppi, cap_ratio)
    finally:
        kiosk.app.close_prompt()
        kiosk.stop()
        kiosk.app.controllers.packs.pack.close()
        scratch.cleanup()


def main(argv: list[str] | None = None) -> None:
    from kiosk.app.screenshots import SCREENS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, required=True, help="content pack (.sqlite)")
    parser.add_argument("--screen", required=True, choices=sorted(SCREEN_SIZES))
    parser.add_argument("--json", type=Path, required=True, help="where the figures go")
    parser.add_argument("--only", action="append", choices=sorted(SCREENS))
    parser.add_argument("--mode", action="append", choices=sorted(MODES))
    parser.add_argument("--shots", type=Path, help="also save each screen as PNG here")
    parser.add_argument("--every", action="store_true", help="only EVERY_SCREEN's pictures")
    args = parser.parse_args(argv)
    if args.every:
        args.only = EVERY_SCREEN
    found = [
        asdict(m)
        for m in measure_app(
            args.pack, args.screen, args.only, tuple(args.mode or MODES), args.shots
        )
    ]
    args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["report"]:
        from kiosk.app.measure_report import write_report

        write_report(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
