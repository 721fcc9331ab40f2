"""The usage report's charts: pygal's bar charts as SVG, put into the page as they are.

pygal (LGPL, pure Python, no dependencies of note) draws a chart as SVG text: no browser
script, no image files, no fonts to carry, so the page stays one file that works offline
and its text stays text (searchable, sharp, in the page's own Cyrillic font). matplotlib
would do too, but brings numpy and 100 MB with it onto every machine that installs the
kiosk, for a few bar charts on the staff's side.

pygal's SVG carries a small script for its hover tooltips, and by default links its
tooltip code from the web; both are taken out here (`js=[]`, and the script element
removed from the tree), and the page's Content-Security-Policy would refuse them anyway.
Labels come from files (a search text is a visitor's input): pygal writes them through
ElementTree, which escapes them, and the page does not mark them up otherwise.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pygal
from pygal.style import Style

SVG = "http://www.w3.org/2000/svg"
FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"
BLUE = "#1f5fa8"

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#666666",
    colors=(BLUE, "#c0392b", "#2e7d32", "#8e44ad"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)

WIDTH = 1000
LABEL_CHARS = 40
"""A long name is cut to this in a chart (the table beside it has it whole)."""


def columns(labels: Sequence[str], values: Sequence[int], label: str, height: int = 320) -> str:
    """Vertical bars, one a label in order (days, hours): an SVG element as text."""
    step = max(1, len(labels) // 20)  # at most about 20 labels under the axis
    chart = pygal.Bar(
        _config(height),
        x_labels=list(labels),
        x_labels_major_every=step,
        show_minor_x_labels=False,
        x_label_rotation=-45 if len(labels) > 12 else 0,
        show_legend=False,
        y_labels=_count_ticks(max(values, default=0)),
    )
    chart.add(label, list(values))
    return _svg(chart, label)


def ranking(rows: Sequence[tuple[str, int]], label: str) -> str:
    """Horizontal bars, most first, each with its name and number: an SVG element as text."""
    rows = list(rows)[::-1]  # pygal draws the first row at the bottom
    chart = pygal.HorizontalBar(
        _config(70 + 28 * max(1, len(rows))),
        x_labels=[_short(name) for name, _ in rows],
        show_legend=False,
        print_values=True,
        truncate_label=-1,
        y_labels=_count_ticks(max((n for _, n in rows), default=0)),
    )
    chart.add(label, [n for _, n in rows])
    return _svg(chart, label)


def _config(height: int) -> pygal.Config:
    config = pygal.Config()
    config.style = STYLE
    config.width = WIDTH
    config.height = height
    config.js = []  # no script from the web
    config.disable_xml_declaration = True
    config.show_y_guides = True
    config.margin = 12
    config.min_scale = 1
    config.max_scale = 6
    config.no_data_text = "—"
    return config


def _count_ticks(top: int) -> list[int]:
    """Whole numbers for an axis of counts, at most about six: 0, 1, 2 or 0, 50, 100, never
    the 0.2, 0.4 of pygal's own scale, which no count can be."""
    step = 1
    while top / step > 6:
        for factor in (2, 5 / 2, 2):  # 1, 2, 5, 10, 20, 50, ...
            step = int(step * factor)
            if top / step <= 6:
                break
    return list(range(0, max(top, 1) + step, step))


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _svg(chart: pygal.Graph, label: str) -> str:
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            # The script, and pygal's comments (its web address, the day it was made).
            if child.tag in (f"{{{SVG}}}script", "script", ET.Comment):
                parent.remove(child)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("width", "100%")
    ET.register_namespace("", SVG)
    return ET.tostring(root, encoding="unicode")
