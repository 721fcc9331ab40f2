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
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

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


def _name(widget) -> str:
    text = getattr(widget, "text", "")
    text = re.sub(r"\[/?[a-z_]+(=[^\]]*)?\]", "", text if isinstance(text, str) else "")
    text = " ".join(text.split())
    return f"{type(widget).__name__} {text[:40]!r}" if text else type(widget).__name__


def capital_per_font_size() -> float:
    """The font's capital height over its font size, measured from the ink of an "H"."""
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text="H", font_size=200)
    label.refresh()
    pixels = label.texture.pixels  # RGBA rows, bottom row first
    width, height = label.texture.size
    rows = [
        y for y in range(height) if any(pixels[(y * width + x) * 4 + 3] > 127 for x in range(width))
    ]
    return (max(rows) - min(rows) + 1) / 200


class Frame:
    """The window's pixels as just drawn, to read colours from."""

    def __init__(self, window):
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
        from PIL import Image

        width, height = window.size
        data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        # OpenGL's rows start at the bottom, as Kivy's coordinates do: no flip needed.
        self.image = Image.frombytes("RGBA", (width, height), data).convert("RGB")
        self.size = (width, height)

    def commonest(self, box) -> tuple[int, int, int] | None:
        """The commonest colour in `box` (x0, y0, x1, y1), window pixels, None if empty."""
        x0, y0, x1, y1 = (round(v) for v in box)
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(self.size[0], x1), min(self.size[1], y1)
        if x1 <= x0 or y1 <= y0:
            return None
        colours = self.image.crop((x0, y0, x1, y1)).getcolors(maxcolors=(x1 - x0) * (y1 - y0))
        return max(colours)[1] if colours else None

    def ring(self, box, gap: float) -> tuple[int, int, int] | None:
        """The commonest colour in the band `gap` pixels wide just outside `box`."""
        x0, y0, x1, y1 = box
        strips = [
            (x0 - gap, y1, x1 + gap, y1 + gap),
            (x0 - gap, y0 - gap, x1 + gap, y0),
            (x0 - gap, y0, x0, y1),
            (x1, y0, x1 + gap, y1),
        ]
        counts: dict = {}
        for strip in strips:
            colour = self.commonest(strip)
            if colour is not None:
                counts[colour] = counts.get(colour, 0) + 1
        return max(counts, key=counts.get) if counts else None


def _hex(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(
        *(round(c * 255) if isinstance(c, float) else c for c in rgb[:3])
    )


def _blend(rgba, behind) -> tuple[int, int, int]:
    """A colour with alpha over the colour behind it."""
    alpha = rgba[3] if len(rgba) > 3 else 1.0
    return tuple(
        round(c * 255 * alpha + b * (1 - alpha)) for c, b in zip(rgba[:3], behind, strict=False)
    )


def _visible_box(widget):
    """The part of `widget` on show in window pixels (x0, y0, x1, y1), or None: each
    ScrollView or screen around it cuts it, and anything see-through hides it."""
    from kivy.uix.scrollview import ScrollView

    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    node = widget
    while node is not None and node.parent is not node:
        if getattr(node, "opacity", 1) <= 0.01:
            return None
        parent = node.parent
        if isinstance(parent, ScrollView):
            px0, py0 = parent.to_window(parent.x, parent.y)
            px1, py1 = parent.to_window(parent.right, parent.top)
            x0, y0, x1, y1 = max(x0, px0), max(y0, py0), min(x1, px1), min(y1, py1)
        node = parent
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return (x0, y0, x1, y1)


def _outline_colour(widget):
    """The colour of the first line a widget draws around itself (its outline), or None."""
    from kivy.graphics import Color, Line

    colour = None
    for canvas in (widget.canvas.before, widget.canvas, widget.canvas.after):
        if canvas is None:
            continue
        for instruction in canvas.children:
            if isinstance(instruction, Color):
                colour = instruction.rgba
            elif isinstance(instruction, Line) and colour is not None:
                return colour
    return None


def _broken_word(widget) -> str | None:
    """A word of a wrapping text wider than its lines, which Kivy breaks in two, or None."""
    width = widget.text_size[0] if widget.text_size else None
    core = getattr(widget, "_label", None)
    if not width or core is None:
        return None
    plain = re.sub(r"\[/?[a-z_]+(=[^\]]*)?\]", "", widget.text)
    # A web address or an id (with a dot, a slash or a digit) may wrap anywhere: it is no
    # word to read, and no line is long enough for every address.
    words = [w for w in set(plain.split()) if not re.search(r"[./0-9]", w)]
    words = sorted(words, key=len, reverse=True)[:3]  # the longest few
    for word in words:
        if core.get_extents(word)[0] > width + 1:
            return word
    return None


def _grown(box, by: float):
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _meets(a, b) -> bool:
    """Whether boxes `a` and `b` (either may be None) overlap."""
    if a is None or b is None:
        return False
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _focus_outline(kiosk, frame: Frame, found: ScreenMeasure):
    """Measure the keypad mode's focus outline, if it is on: its ring's colour against
    the bands (halos) inside and outside it; the box it covers, or None."""
    from kivy.metrics import dp

    from kiosk.app import focus
    from kiosk.app.sizes import mm

    keypad = getattr(kiosk.app, "keypad", None)
    widget = keypad.focused() if keypad is not None and keypad.core.active else None
    if widget is None:
        return None
    outline = getattr(keypad, "_outline", None)
    if getattr(outline, "box", None) is None:
        return None
    halo, ring = dp(focus.HALO_DP), mm(focus.OUTLINE_MM)
    box = outline.box  # the control, or its part on show, that the outline goes round
    ring_colour = frame.ring(_grown(box, halo + ring / 4), gap=max(1, ring / 2))
    halo_colour = frame.ring(_grown(box, halo / 4), gap=max(1, halo / 2))
    outside = frame.ring(_grown(box, halo + ring + halo / 4), gap=max(1, halo / 2))
    if ring_colour and halo_colour and outside:
        ratio = min(
            palettes.contrast_ratio(_hex(ring_colour), _hex(halo_colour)),
            palettes.contrast_ratio(_hex(ring_colour), _hex(outside)),
        )
        found.focus_outline_contrast = Finding(
            f"ring {_hex(ring_colour)} between {_hex(halo_colour)} and {_hex(outside)}",
            round(ratio, 2),
            _name(widget),
        )
    return _grown(box, halo + ring + 2)


DOCKED = (
    "TopBar", "NavBar", "Header", "SpeechPanel", "OnScreenKeyboard", "DigitPad", "DockedRow",
    "SidePanel",
)  # fmt: skip
"""What stays docked above or below the page (the bars, a screen's header band, the speech
panel, the keyboards): large text grows them 1.5 times, so that the page keeps its room."""


def _shown(widget) -> bool:
    """Whether `widget` takes room and is drawn (no hidden parent), in sight or scrolled."""
    if widget.width < 1 or widget.height < 1:
        return False
    node = widget
    while node is not None and node.parent is not node:
        if getattr(node, "opacity", 1) <= 0.01:
            return False
        node = node.parent
    return True


def _page_box(widget):
    """The window box of the nearest page (ScrollView) holding `widget`, or None."""
    from kivy.uix.scrollview import ScrollView

    from kiosk.app.widgets import enclosing

    page = enclosing(widget, ScrollView)
    if page is None:
        return None
    return (*page.to_window(page.x, page.y), *page.to_window(page.right, page.top))


def _in_bars(widget) -> bool:
    """Whether `widget` is in what is docked around the page (DOCKED)."""
    node = widget
    while node is not None and node.parent is not node:
        if type(node).__name__ in DOCKED:
            return True
        node = node.parent
    return False


def _top_layer(kiosk):
    """What the visitor sees on top: the idle prompt, the attract loop, or the app."""
    window = kiosk.window
    top = window.children[0]
    if top is not kiosk.app.root:
        return top
    return kiosk.app.root.ids.get("attract") or kiosk.app.root


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
    for widget in walk(_top_layer(kiosk)):
        # Sizes, clipping and broken words are measured on everything on the screen, what
        # is scrolled out of sight too (the visitor scrolls to it); colours and overlap on
        # what is in sight, from the pixels drawn.
        if not _shown(widget):
            continue
        full = (*widget.to_window(widget.x, widget.y), *widget.to_window(widget.right, widget.top))
        box = _visible_box(widget)
        is_text = isinstance(widget, Label) and widget.text.strip() and widget.texture
        if is_text:
            found.texts += 1
            capital = widget.font_size * cap_ratio / px_per_mm
            kind = "smallest_bar_capital" if _in_bars(widget) else "smallest_capital"
            if getattr(found, kind) is None or capital < getattr(found, kind).value:
                setattr(
                    found, kind, Finding("capital height, mm", round(capital, 2), _name(widget))
                )
            tw, th = widget.texture_size
            if tw > widget.width + 1.5 or th > widget.height + 1.5:
                found.clipped.append(
                    f"{_name(widget)}: text {tw:.0f}x{th:.0f} px in a box of "
                    f"{widget.width:.0f}x{widget.height:.0f}"
                )
            broken = _broken_word(widget)
            if broken:
                found.clipped.append(f"{_name(widget)}: the word {broken!r} broken in two")
            # Nothing outside a page may run off the window (an overlay's card taller than
            # the screen); what is in a page is scrolled to.
            page = _page_box(widget)
            width, height = kiosk.window.size
            off = full[0] < -1 or full[1] < -1 or full[2] > width + 1 or full[3] > height + 1
            if page is None and off:
                found.clipped.append(f"{_name(widget)}: runs off the screen")
            # Pages scroll up and down only: a text cut at a side is lost to the visitor.
            if page is not None and (page[0] > full[0] + 1.5 or page[2] < full[2] - 1.5):
                found.clipped.append(f"{_name(widget)}: cut at the side of its page")
            if box is not None:
                boxes.append((box, widget))
            # WCAG: inactive controls are exempt from contrast; the focus outline is measured
            # on its own, and what it lies over is not the control's own colour.
            # Only a text wholly in sight: a sliver of a scrolled-away button is its outline.
            in_sight = box is not None and box[3] - box[1] >= min(widget.height, th) - 1
            if in_sight and not widget.disabled and not _meets(box, focus_zone):
                behind = frame.commonest(box)
                if behind is not None:
                    ink = _blend(widget.color, behind)
                    ratio = palettes.contrast_ratio(_hex(ink), _hex(behind))
                    if (
                        found.lowest_text_contrast is None
                        or ratio < found.lowest_text_contrast.value
                    ):
                        found.lowest_text_contrast = Finding(
                            f"text {_hex(ink)} on {_hex(behind)}", round(ratio, 2), _name(widget)
                        )
        is_target = isinstance(widget, ButtonBehavior | ToggleButtonBehavior | TextInput)
        if is_target and not widget.disabled and widget.width > 0 and widget.height > 0:
            found.targets += 1
            side = min(widget.width, widget.height) / px_per_mm
            if found.smallest_target is None or side < found.smallest_target.value:
                found.smallest_target = Finding(
                    "target's shorter side, mm", round(side, 2), _name(widget)
                )
            # Wholly on show (what is around it is on show too), and not by the focus outline.
            if (
                box is not None
                and full == tuple(box)
                and not _meets(_grown(full, px_per_mm * 2), focus_zone)
            ):
                around = frame.ring(full, gap=max(2, round(px_per_mm)))
                inset = round(px_per_mm * 1.5)
                fill = frame.commonest(
                    (full[0] + inset, full[1] + inset, full[2] - inset, full[3] - inset)
                )
                if around is not None and fill is not None:
                    ratios = [palettes.contrast_ratio(_hex(fill), _hex(around))]
                    outline = _outline_colour(widget)
                    if outline is not None:
                        ratios.append(
                            palettes.contrast_ratio(_hex(_blend(outline, around)), _hex(around))
                        )
                    ratio = max(ratios)
                    if (
                        found.lowest_target_contrast is None
                        or ratio < found.lowest_target_contrast.value
                    ):
                        found.lowest_target_contrast = Finding(
                            f"fill {_hex(fill)} or outline against {_hex(around)}",
                            round(ratio, 2),
                            _name(widget),
                        )
    for i, (a, wa) in enumerate(boxes):
        for b, wb in boxes[i + 1 :]:
            overlap_w = min(a[2], b[2]) - max(a[0], b[0])
            overlap_h = min(a[3], b[3]) - max(a[1], b[1])
            if overlap_w > 1.5 and overlap_h > 1.5:
                found.overlapping.append(f"{_name(wa)} and {_name(wb)}")
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
    from kiosk.app import screenshots
    from kiosk.app.headless import HeadlessKiosk
    from kiosk.core.config import Config

    diagonal, pixels = SCREEN_SIZES[screen_name]
    pack = open_pack(pack_path)
    kiosk = HeadlessKiosk(
        pack,
        size=pixels,
        config=Config(
            staff_pin="0000",
            data_dir=Path(tempfile.mkdtemp()),
            screen_diagonal_inches=diagonal,
        ),
        speaker=EspeakSpeaker(wav_path=Path(tempfile.mkdtemp()) / "spoken.wav"),
        clock=screenshots._Clock(),
        draw_every_frame=False,
    )
    from kiosk.app.theme import T

    cap_ratio = capital_per_font_size()
    try:
        for name in screens or list(screenshots.SCREENS):
            # The attract loop follows a reset: it is always in normal text and colours.
            for mode in modes if name != "attract" else ("normal",):
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


def main(argv: list[str] | None = None) -> None:
    from kiosk.app import screenshots

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, required=True, help="content pack (.sqlite)")
    parser.add_argument("--screen", required=True, choices=sorted(SCREEN_SIZES))
    parser.add_argument("--json", type=Path, required=True, help="where the figures go")
    parser.add_argument("--only", action="append", choices=sorted(screenshots.SCREENS))
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


LIMITS = {
    "capital_mm": sizes.MIN_CAPITAL_MM,
    "large_capital_mm": sizes.MIN_CAPITAL_MM * sizes.LARGE_TEXT_SCALE,
    "large_bar_capital_mm": sizes.MIN_CAPITAL_MM * sizes.LARGE_BAR_SCALE,
    "target_mm": sizes.MIN_TARGET_MM,
    "text_contrast": palettes.MINIMUM_CONTRAST["normal"],
    "text_contrast_high": palettes.MINIMUM_CONTRAST["high_contrast"],
    "target_contrast": palettes.MINIMUM_OUTLINE_CONTRAST,
}
TOLERANCE_MM = 0.05
"""Font sizes are whole pixels: a size worked out as 4.80 mm may be drawn at 4.79."""


def problems(m: dict) -> list[str]:
    """What one measured screen (a ScreenMeasure as a dict) fails, in words; [] if none."""
    found = []
    large, high = m["mode"] == "large", m["mode"] == "contrast"

    def below(key: str, limit: float, what: str, tolerance: float = 0.0) -> None:
        figure = m[key]
        if figure is not None and figure["value"] < limit - tolerance:
            found.append(
                f"{what} {figure['value']} < {limit:g} ({figure['widget']}: {figure['what']})"
            )

    below(
        "smallest_capital",
        LIMITS["large_capital_mm" if large else "capital_mm"],
        "capital mm",
        TOLERANCE_MM,
    )
    # Docked parts grow by the screen's own scale (less on a short screen, never below 1).
    bars = LIMITS["capital_mm"] * (m.get("bar_scale", sizes.LARGE_BAR_SCALE) if large else 1.0)
    below("smallest_bar_capital", bars, "bar capital mm", TOLERANCE_MM)
    below("smallest_target", LIMITS["target_mm"], "target mm", TOLERANCE_MM)
    below(
        "lowest_text_contrast",
        LIMITS["text_contrast_high" if high else "text_contrast"],
        "text contrast",
    )
    below("lowest_target_contrast", LIMITS["target_contrast"], "target contrast")
    below("focus_outline_contrast", LIMITS["target_contrast"], "focus outline contrast")
    found += [f"clipped: {c}" for c in m["clipped"]]
    found += [f"overlapping: {o}" for o in m["overlapping"]]
    return found


def report(figures: dict[str, list[dict]]) -> str:
    """docs/accessibility-measurements.md from the figures of each screen size."""

    def low(records, key):
        values = [r[key] for r in records if r[key] is not None]
        return min(values, key=lambda f: f["value"]) if values else None

    lines = [
        "# Accessibility measurements",
        "",
        "Made by `make accessibility` (kiosk/app/measure.py) from the demo pack: the real app",
        "on each supported screen, every screen of `EVERY_SCREEN` in Russian, measured from",
        "its widgets and its drawn pixels. tests/ui/test_physical_sizes.py checks the same",
        "figures against the limits on every run of the tests. The smallest (or lowest) value",
        "over all screens is shown, with where it is.",
        "",
        "| screen | text | capital, page (mm) | capital, bars (mm) | target (mm) "
        "| text contrast | control contrast | focus outline | page share | clipped / overlapping |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for screen_name, records in figures.items():
        for mode in MODES:
            rows = [r for r in records if r["mode"] == mode]
            if not rows:
                continue
            cells = []
            for key in (
                "smallest_capital", "smallest_bar_capital", "smallest_target",
                "lowest_text_contrast", "lowest_target_contrast", "focus_outline_contrast",
            ):  # fmt: skip
                figure = low(rows, key)
                cells.append(f"{figure['value']:g} ({figure['widget']})" if figure else "–")
            share = min(r["page_share"] for r in rows)
            faults = sum(len(r["clipped"]) + len(r["overlapping"]) for r in rows)
            lines.append(
                f"| {screen_name} | {mode} | " + " | ".join(cells) + f" | {share:.0%} | {faults} |"
            )
    lines += [
        "",
        f"Limits: a capital of {LIMITS['capital_mm']:g} mm (Section 508 402.4), "
        f"{LIMITS['large_capital_mm']:g} mm on the page in large text and "
        f"{LIMITS['large_bar_capital_mm']:g} mm in what is docked around it (the bars, "
        "header bands, keyboards; less on a screen under 150 mm tall, see `bar scale`); "
        f"targets of {LIMITS['target_mm']:g} mm; "
        f"text contrast {LIMITS['text_contrast']:g}:1 ({LIMITS['text_contrast_high']:g}:1 in high "
        f"contrast); controls and the focus outline {LIMITS['target_contrast']:g}:1 against what "
        'is around them (WCAG 2.2 1.4.3, 1.4.6, 1.4.11). "page share": the smallest share of the '
        "window's height left to a screen's own area between the bars.",
        "",
        "Bar scale on each screen (how much large text grows the docked parts): "
        + ", ".join(f"{n} {rs[0]['bar_scale']:g}" for n, rs in figures.items() if rs)
        + ".",
        "",
    ]
    return "\n".join(lines)


def run(pack_path: Path, screen_name: str, out: Path, *extra: str) -> list[dict]:
    """Measure in a process of its own (one window per process); the figures."""
    subprocess.run(
        [sys.executable, "-m", "kiosk.app.measure", "--pack", str(pack_path),
         "--screen", screen_name, "--json", str(out), *extra],
        check=True,
    )  # fmt: skip
    return json.loads(out.read_text(encoding="utf-8"))


def write_report(pack_path: Path, out: Path) -> None:
    """Measure on every supported screen and write the report to `out`."""
    with tempfile.TemporaryDirectory() as folder:
        figures = {
            name: run(pack_path, name, Path(folder) / f"{name}.json", "--every")
            for name in SCREEN_SIZES
        }
    out.write_text(report(figures), encoding="utf-8")
    failing = [
        (n, r["screen"], r["mode"], p) for n, rs in figures.items() for r in rs for p in problems(r)
    ]
    for failure in failing:
        print(*failure, sep=" | ")


if __name__ == "__main__":
    if sys.argv[1:2] == ["report"]:
        write_report(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
