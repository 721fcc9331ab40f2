"""Render the app's screens to PNG: home, a category, a service.

    python -m kiosk.app.screenshots --pack build/demo.sqlite --out docs/screenshots

Runs the real app offscreen at 1280x800 and gets from screen to screen by touching the real
tiles and buttons, so the pictures show what a visitor sees.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.app.headless import HeadlessKiosk, buttons


def take_screenshots(
    pack_path: Path, out: Path, category: str | None = None, service: str | None = None
) -> list[Path]:
    """Touch home -> `category` -> `service` (default: the first of each); save one PNG each."""
    from content.pack import open_pack

    pack = open_pack(pack_path)
    kiosk = HeadlessKiosk(pack)
    try:
        shots = [kiosk.screenshot(out / "home.png")]
        kiosk.tap(_pick(buttons(kiosk.screen, "CategoryTile"), category))
        shots.append(kiosk.screenshot(out / "category.png"))
        kiosk.tap(_pick(buttons(kiosk.screen, "ServiceButton"), service))
        shots.append(kiosk.screenshot(out / "service.png"))
        return shots
    finally:
        kiosk.stop()
        pack.close()


def _pick(widgets: list, key: str | None):
    if not widgets:
        raise SystemExit("nothing to touch on this screen: is the pack empty?")
    if key is None:
        return widgets[0]
    for widget in widgets:
        if widget.key == key:
            return widget
    raise SystemExit(f"'{key}' is not on this screen; there are: {[w.key for w in widgets]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, required=True, help="content pack (.sqlite)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="folder")
    parser.add_argument("--category", help="category id to open (default: the first)")
    parser.add_argument("--service", help="service id to open (default: the first)")
    args = parser.parse_args(argv)
    for path in take_screenshots(args.pack, args.out, args.category, args.service):
        print(path)


if __name__ == "__main__":
    main()
