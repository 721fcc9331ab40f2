"""The figures of kiosk/app/measure.py against their limits, and the report of them:
`make accessibility` writes docs/accessibility-measurements.md with `write_report`, and
tests/ui/test_physical_sizes.py checks each screen with `run` and `problems`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.app.measure import MODES, SCREEN_SIZES
from kiosk.core import palettes, sizes

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
