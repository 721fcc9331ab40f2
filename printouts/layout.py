"""Print layout as data: layouts.yaml read into page geometry and reportlab paragraph styles.

The code that builds printouts asks a `Layout` for a style or a length by name; the numbers
live in layouts.yaml, where a designer can change them without reading Python (rst2pdf's
stylesheets are the model). Styles inherit from a `parent` style; layouts inherit from a
`parent` layout and override single fields of single styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm

from printouts.fonts import register_families

LAYOUTS = Path(__file__).resolve().parent / "layouts.yaml"

_UNITS = {"mm": mm, "cm": cm, "pt": 1.0, "": 1.0}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|pt|)\s*$")
_LENGTH_FIELDS = {
    "leftIndent", "rightIndent", "firstLineIndent", "bulletIndent", "spaceBefore",
    "spaceAfter", "borderPadding", "borderWidth",
}  # fmt: skip
_COLOR_FIELDS = {"textColor", "backColor", "borderColor", "bulletColor"}
_ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


class LayoutError(ValueError):
    """layouts.yaml asks for something that does not exist or cannot be read."""


def length(value: Any) -> float:
    """'12mm' -> 34.0157...; '1.5cm', '10pt' and bare numbers (points) likewise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = _LENGTH.match(str(value))
    if not match:
        raise LayoutError(f"not a length: {value!r} (write e.g. 12mm, 1.5cm, 10pt or 10)")
    return float(match[1]) * _UNITS[match[2]]


def merged(base: dict, over: dict) -> dict:
    """`base` with `over` laid on top, mappings merged key by key (not replaced)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def _ancestry(name: str, table: dict[str, dict], looped, missing) -> list[dict]:
    """The entry `name` of `table` and the parents it names, each its own `parent`, nearest
    first; LayoutError with `looped(name)` or `missing(name)` for a loop or an unknown name."""
    chain, seen = [], set()
    while name:
        if name in seen:
            raise LayoutError(looped(name))
        if name not in table:
            raise LayoutError(missing(name))
        seen.add(name)
        chain.append(table[name])
        name = table[name].get("parent")
    return chain


def resolve_style_fields(name: str, styles: dict[str, dict]) -> dict:
    """The fields of style `name` with everything it inherits from its parents filled in."""
    chain = _ancestry(
        name,
        styles,
        looped=lambda name: f"style {name!r} inherits from itself",
        missing=lambda name: f"no style {name!r} in {LAYOUTS.name}",
    )
    fields: dict = {}
    for spec in reversed(chain):
        fields.update({k: v for k, v in spec.items() if k != "parent"})
    return fields


def paragraph_style(name: str, fields: dict) -> ParagraphStyle:
    """Resolved style fields as a reportlab ParagraphStyle."""
    kwargs: dict[str, Any] = {}
    size = float(fields.get("fontSize", 10))
    for key, value in fields.items():
        if key == "leading" and isinstance(value, str) and value.endswith("em"):
            kwargs[key] = float(value[:-2]) * size
        elif key in _LENGTH_FIELDS or key in ("leading", "fontSize"):
            kwargs[key] = length(value)
        elif key in _COLOR_FIELDS:
            kwargs[key] = colors.HexColor(value)
        elif key == "alignment":
            kwargs[key] = _ALIGNMENTS[value]
        else:
            kwargs[key] = value
    kwargs.setdefault("leading", size * 1.2)
    return ParagraphStyle(name, **kwargs)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in points, from the bottom left corner (reportlab's origin)."""

    x: float
    y: float
    width: float
    height: float


class Layout:
    """One printout's layout: page size, margins, paragraph styles and named settings."""

    def __init__(self, name: str, spec: dict, page: dict, styles: dict[str, dict]):
        self.name = name
        self._spec = spec
        self.page_width = length(page["width"])
        height = page["height"]
        self.page_height: float | None = None if height == "auto" else length(height)
        """None for roll paper: the document sets the height from its content."""
        margins = spec.get("margins", {})
        self.top, self.bottom = length(margins.get("top", 0)), length(margins.get("bottom", 0))
        self.left, self.right = length(margins.get("left", 0)), length(margins.get("right", 0))
        self.styles = {
            key: paragraph_style(key, resolve_style_fields(key, styles)) for key in styles
        }

    def __repr__(self) -> str:
        return f"Layout({self.name!r})"

    @property
    def width(self) -> float:
        """The width between the side margins: what a full-width flowable gets."""
        return self.page_width - self.left - self.right

    def style(self, name: str) -> ParagraphStyle:
        """The paragraph style called `name`."""
        try:
            return self.styles[name]
        except KeyError:
            raise LayoutError(f"layout {self.name!r} has no style {name!r}") from None

    def setting(self, path: str, default: Any = None) -> Any:
        """A raw value by dotted path ('qr.size'); `default` if the layout does not set it."""
        value: Any = self._spec
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                if default is None:
                    raise LayoutError(f"layout {self.name!r} does not set {path!r}")
                return default
            value = value[part]
        return value

    def length(self, path: str, default: Any = None) -> float:
        """A length setting in points ('qr.size' -> 73.7)."""
        return length(self.setting(path, default))

    def color(self, path: str) -> colors.Color:
        """A colour setting ('rule.color')."""
        return colors.HexColor(self.setting(path))

    def body(self, page_height: float) -> Box:
        """The area inside the margins of a page `page_height` points tall."""
        height = page_height - self.top - self.bottom
        return Box(self.left, self.bottom, self.width, height)

    def grid(self, key: str) -> list[Box]:
        """The cells of a grid setting (`card:` width, height, columns, rows), row by row from
        the top left, the whole grid centred between the margins."""
        cell_w, cell_h = self.length(f"{key}.width"), self.length(f"{key}.height")
        columns, rows = int(self.setting(f"{key}.columns")), int(self.setting(f"{key}.rows"))
        page_height = self.page_height or 0.0
        x0 = self.left + (self.width - columns * cell_w) / 2
        top = page_height - self.top - ((page_height - self.top - self.bottom) - rows * cell_h) / 2
        return [
            Box(x0 + c * cell_w, top - (r + 1) * cell_h, cell_w, cell_h)
            for r in range(rows)
            for c in range(columns)
        ]


@cache
def _document(path: Path = LAYOUTS) -> dict:
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    register_families(data["fonts"])
    return data


def _layout_spec(name: str, layouts: dict) -> dict:
    def unknown(name: str) -> str:
        return f"no layout {name!r} in {LAYOUTS.name} (or a loop of parents)"

    chain = _ancestry(name, layouts, looped=unknown, missing=unknown)
    spec: dict = {}
    for part in reversed(chain):
        spec = merged(spec, {k: v for k, v in part.items() if k != "parent"})
    return spec


@cache
def layout(name: str) -> Layout:
    """The layout called `name` in layouts.yaml, fonts registered; built once per process."""
    data = _document()
    spec = _layout_spec(name, data["layouts"])
    page = spec.get("page")
    if page not in data["pages"]:
        raise LayoutError(f"layout {name!r}: no page {page!r} in {LAYOUTS.name}")
    styles = merged(data["styles"], spec.get("styles", {}))
    return Layout(name, spec, data["pages"][page], styles)
