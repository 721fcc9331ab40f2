"""The fonts the printouts embed: ParaType's PT Sans, from Debian's fonts-paratype.

Reportlab's built-in fonts (Helvetica, Times) have no Cyrillic: Russian text would print as
black boxes. The PT families (Sans, Serif, Mono) were made for the languages of Russia and
are free to embed. Which files make up each family is layout data (layouts.yaml, `fonts:`);
this module only finds the files and registers them with reportlab, once per process.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

PACKAGE = "fonts-paratype"
"""The Debian package that installs the font files."""

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/paratype"),
    Path("/usr/local/share/fonts/paratype"),
)
"""Where to look, in order; KIOSK_FONT_DIR (a folder) is tried first when it is set."""

SUFFIX = {"normal": "", "bold": "-Bold", "italic": "-Italic", "boldItalic": "-BoldItalic"}


class FontsMissingError(RuntimeError):
    """The font files are not installed: the message names the package that brings them."""


def _dirs() -> list[Path]:
    extra = os.environ.get("KIOSK_FONT_DIR")
    return ([Path(extra)] if extra else []) + list(FONT_DIRS)


def find_font(filename: str) -> Path:
    """The path of `filename` in the first font folder that has it."""
    for folder in _dirs():
        path = folder / filename
        if path.is_file():
            return path
    searched = ", ".join(str(d) for d in _dirs())
    raise FontsMissingError(
        f"font file {filename} not found (looked in {searched}); the printouts need the "
        f"Debian package {PACKAGE}: sudo apt-get install {PACKAGE}"
    )


def face_name(family: str, variant: str) -> str:
    """'PTSans', 'bold' -> 'PTSans-Bold': the name a style's fontName uses for that face."""
    return family + SUFFIX[variant]


def register_families(families: dict[str, dict[str, str]]) -> None:
    """Register every face of every family (file names by variant) unless already done.

    The family is registered too, so that <b> and <i> in a paragraph pick the bold and
    italic faces; a variant the layout does not list falls back to the normal face.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for family, files in families.items():
        faces = {}
        for variant, filename in files.items():
            name = faces[variant] = face_name(family, variant)
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, find_font(filename)))
        normal = faces["normal"]
        pdfmetrics.registerFontFamily(
            family,
            normal=normal,
            bold=faces.get("bold", normal),
            italic=faces.get("italic", normal),
            boldItalic=faces.get("boldItalic", faces.get("bold", normal)),
        )
