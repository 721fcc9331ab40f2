"""A printed PDF read back the way a printer and a phone would: pdftoppm renders each page
at the resolution the test asks for, and zbarimg decodes every code on it.

Cheap where it does not change what is read:
- Pages are rendered grey into PGM, not into PNG. zbarimg turns every image into 8-bit
  grey before it scans (zbar works on Y800), so a grey page is the very input it scans;
  PNG's compression of a 300 dpi page was most of the CPU these tests spent (13 brochure
  pages: 7.3 s as PNG, 0.3 s as PGM).
- One zbarimg reads all the pages of a document, in XML so that each code is still known
  by its page.
- The pages are deleted as soon as they are read (a grey A4 page at 300 dpi is 8.7 MB).

No cache of decoded documents: counted over every test that reads codes back, no PDF is
decoded twice (each test prints its own document, and CUPS's output differs job by job).
"""

from __future__ import annotations

import base64
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ZBAR = "{http://zbar.sourceforge.net/2008/barcode}"


def codes_by_page(pdf: bytes | Path, dpi: int, *, qr_only: bool = False) -> list[list[str]]:
    """What zbarimg reads on each page of `pdf` rendered at `dpi`, page by page, each page's
    codes in the order zbarimg gives them. `qr_only` asks zbarimg to look for QR codes and
    no other kind of barcode."""
    with tempfile.TemporaryDirectory(prefix="readback-") as scratch:
        folder = Path(scratch)
        if isinstance(pdf, bytes):
            (folder / "printed.pdf").write_bytes(pdf)
        source = pdf if isinstance(pdf, Path) else folder / "printed.pdf"
        render = ["pdftoppm", "-r", str(dpi), "-gray", source, folder / "page"]
        subprocess.run(render, check=True, timeout=120)
        pages = sorted(folder.glob("page-*.pgm"), key=lambda p: int(p.stem.split("-")[-1]))
        assert pages, f"pdftoppm rendered no page of {source}"
        found = _zbarimg(pages, qr_only)
    return [found.get(str(page), []) for page in pages]


def codes_on(pdf: bytes | Path, dpi: int, *, qr_only: bool = False) -> list[str]:
    """Every code on every page of `pdf`, page after page."""
    return [code for page in codes_by_page(pdf, dpi, qr_only=qr_only) for code in page]


def _zbarimg(pages: list[Path], qr_only: bool) -> dict[str, list[str]]:
    """The codes zbarimg reads in each of `pages`, by the page's file name."""
    symbols = ["-Sdisable", "-Sqrcode.enable"] if qr_only else []
    result = subprocess.run(
        ["zbarimg", "--xml", "-q", "--nodbus", *symbols, *map(str, pages)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode in (0, 4), result.stderr  # 4: a page without any code
    found: dict[str, list[str]] = {}
    for source in ET.fromstring(result.stdout).iter(f"{ZBAR}source"):
        codes = found.setdefault(source.get("href", ""), [])
        for data in source.iter(f"{ZBAR}data"):
            text = data.text or ""
            # zbar writes a code that is not plain text (or holds "]]>") in base64.
            codes.append(base64.b64decode(text).decode() if data.get("format") else text)
    return found
