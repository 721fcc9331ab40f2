"""Where things are: the demo content in a checkout, and the pack built from it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_CONTENT = ROOT / "content" / "demo"
DEMO_PACK = ROOT / "build" / "demo.sqlite"


def default_pack() -> Path:
    """The demo pack, rebuilt when a demo source file is newer than it."""
    newest = max((p.stat().st_mtime for p in DEMO_CONTENT.rglob("*") if p.is_file()), default=0)
    if not DEMO_PACK.exists() or DEMO_PACK.stat().st_mtime < newest:
        from content.publisher.build import build_pack

        build_pack(DEMO_CONTENT, DEMO_PACK)
    return DEMO_PACK
