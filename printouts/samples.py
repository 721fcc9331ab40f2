"""Render every kind of printout from a pack to PNG pages, for review and for the docs.

    python -m printouts.samples --pack build/demo.sqlite --out docs/printouts [--dpi 110]

Each sample is rendered to PDF and turned into one PNG a page by pdftoppm (poppler-utils):
KIND-LANG-N.png. An index, README.md in the same folder, says what each one shows. The
PNGs of a sample are replaced as a whole, so a printout that lost a page leaves none behind.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from content.pack.reader import Pack, open_pack
from printouts import Printout, brochure, cards, leaflet, my_list, receipt, request_slip

SERVICE = "child-birth-grant"
"""Two agencies and twelve offices: the longest leaflet of the demo pack's common kind."""
CATEGORY = "families"
LIST = [
    ("service", SERVICE),
    ("agency", "mfc-perm"),
    ("event", "gosuslugi-beginners-2026-12-03-perm"),
    ("service", "library-for-the-blind"),
]
CARDS = [
    SERVICE, "maternity-capital", "unified-child-allowance", "old-age-pension",
    "free-legal-aid", "library-for-the-blind", "unemployment-benefit",
    "defenders-fund-support", "oms-policy", "gas-connection", "computer-literacy-courses",
]  # fmt: skip
"""Eleven: a full sheet and one card over, to show the second sheet."""

SLIP = {
    "reference": "NGHK-8NBT",
    "kind": "appointment",
    "sent_at": datetime(2026, 12, 7, 10, 30),
    "next_steps": (
        # kiosk.core.controllers.requests.NEXT_APPOINTMENT (printouts may not import it)
        "Это заявка на приём, а не запись: в течение {days} рабочих дней вам позвонят, "
        "чтобы согласовать день и время.",
        {"days": 2},
    ),
    "agency_id": "mfc-perm",
    "location_id": "mfc-perm-perm",
    "service_id": "gosuslugi-account",
}
"""A sent appointment request, as the confirmation has it: ids and the reference only."""


@dataclass(frozen=True)
class Sample:
    name: str
    about: str
    make: Callable[[Pack], Printout]


SAMPLES = [
    Sample("leaflet-ru", f"service leaflet, {SERVICE}", lambda p: leaflet(p, SERVICE)),
    Sample("leaflet-en", "the same in English", lambda p: leaflet(p, SERVICE, "en")),
    Sample(
        "leaflet-large-ru",
        "the same in large print (one column, 17 pt)",
        lambda p: leaflet(p, SERVICE, large=True),
    ),
    Sample("brochure-ru", f"category brochure, {CATEGORY}", lambda p: brochure(p, CATEGORY)),
    Sample(
        "my-list-ru",
        "a visitor's list: two services, an agency, an event",
        lambda p: my_list(p, LIST),
    ),
    Sample("cards-ru", f"QR cards for {len(CARDS)} services", lambda p: cards(p, CARDS)),
    Sample("receipt-ru", f"80 mm receipt, {SERVICE}", lambda p: receipt(p, SERVICE)),
    Sample(
        "request-slip-a4-ru",
        "a sent appointment request's slip, A4",
        lambda p: request_slip(p, **SLIP),
    ),
    Sample(
        "request-slip-a4-en",
        "the same in English",
        lambda p: request_slip(p, **SLIP, lang="en"),
    ),
    Sample(
        "request-slip-80mm-ru",
        "the same on an 80 mm roll",
        lambda p: request_slip(p, **SLIP, paper="80mm"),
    ),
    Sample(
        "request-slip-80mm-en",
        "the 80 mm slip in English",
        lambda p: request_slip(p, **SLIP, lang="en", paper="80mm"),
    ),
]


def to_png(pdf: bytes, out: Path, name: str, dpi: int) -> list[Path]:
    """The pages of `pdf` as OUT/NAME-1.png, NAME-2.png, ... (old pages of NAME removed)."""
    for old in out.glob(f"{name}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(tmp) / name)], check=True
        )
        pages = sorted(Path(tmp).glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-")[-1]))
        written = []
        for number, page in enumerate(pages, start=1):
            target = out / f"{name}-{number}.png"  # pdftoppm pads numbers on long documents
            shutil.move(page, target)
            written.append(target)
    return written


def index(rows: list[tuple[Sample, Printout, list[Path]]]) -> str:
    lines = [
        "# Printouts",
        "",
        "Rendered from the demo pack by `make printouts` (`python -m printouts.samples`);",
        "layout in printouts/layouts.yaml. Do not edit the pictures: render them again.",
        "",
        "| file | what | pages |",
        "|---|---|---|",
    ]
    for sample, printout, pngs in rows:
        files = ", ".join(f"[{p.name}]({p.name})" for p in pngs)
        lines.append(f"| {files} | {sample.about} | {printout.pages} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", required=True, type=Path, help="a content pack (.sqlite)")
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument("--dpi", type=int, default=110, help="resolution of the PNGs")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("printouts.samples: pdftoppm not found; install poppler-utils", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with open_pack(args.pack) as pack:
        for sample in SAMPLES:
            printout = sample.make(pack)
            pngs = to_png(printout.pdf, args.out, sample.name, args.dpi)
            rows.append((sample, printout, pngs))
            print(f"{sample.name}: {printout.pages} page(s)")
    (args.out / "README.md").write_text(index(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
