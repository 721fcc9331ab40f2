"""Where things are: the demo content in a checkout, and the pack built from it."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = ROOT / "content" / "demo"
DEMO_PACK = ROOT / "build" / "demo.sqlite"


def default_pack() -> Path:
    """The demo pack, rebuilt when a demo source file is newer than it."""
    newest = max((p.stat().st_mtime for p in DEMO_CONTENT.rglob("*") if p.is_file()), default=0)
    if not DEMO_PACK.exists() or DEMO_PACK.stat().st_mtime < newest:
        from content.build import build_pack

        build_pack(DEMO_CONTENT, DEMO_PACK)
    return DEMO_PACK


def data_dir(config=None) -> Path:
    """Where the terminal keeps files of its own (the page counter): the config's
    `data_dir`, else $XDG_STATE_HOME/perm-kiosk (~/.local/state/perm-kiosk)."""
    if config is not None and config.data_dir is not None:
        return Path(config.data_dir)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "perm-kiosk"
