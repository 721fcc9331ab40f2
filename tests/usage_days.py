"""Hand-made days of use (kiosk/core/usage_file.py) for the usage report's tests: three
terminals over ten days, each day's numbers made from its terminal and date, so a test can
say what the totals must be without the code under test."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from kiosk.core.usage_file import UsageDay

TERMINALS = ("perm-uszn-lenina-1", "perm-library-2", "kungur-mfc-3")
FIRST = date(2026, 12, 1)
DAYS = 10


def day(terminal: str, when: date) -> UsageDay:
    """Terminal t (0, 1, 2) on day d (0..9): 10*(t+1)+d sessions, and the rest from those."""
    t, d = TERMINALS.index(terminal), (when - FIRST).days
    sessions = 10 * (t + 1) + d
    hours = [0] * 24
    hours[9], hours[14], hours[17] = sessions, 2 * sessions, d
    gaps = {"субсидия на газ": 3 + t}
    if d % 2 == 0:
        gaps["ремонт крыши"] = 4
    if t == 2:
        gaps["путевка в лагерь"] = 5
    return UsageDay(
        terminal=terminal,
        date=when,
        app_version="0.20.0",
        pack_id="perm-demo",
        pack_version=12 + t,
        sessions=sessions,
        session_seconds=sessions * 90,
        session_lengths={
            "lt_30s": 2,
            "30s_2m": sessions - 4,
            "2m_5m": 1,
            "5m_15m": 1,
            "ge_15m": 0,
        },  # fmt: skip
        screens={"home": sessions, "service": 2 * sessions, "search": 20},
        viewed={
            "service": {"child-birth-grant": 5 + t, "large-family-status": d, "pension-help": 1},
            "agency": {"uszn-perm": 2},
        },
        searches=25,
        found_nothing=15,
        kept={"пособие на ребенка": 4},
        kept_found_nothing=gaps,
        finder_runs=3,
        suggested={"child-birth-grant": 2, "large-family-status": 1},
        printouts={"leaflet": t + 1, "slip": 1},
        requests={"appointment": 1, "complaint": d % 3},
        settings={"large_text": 2, "lang_en": t},
        touches_by_hour=tuple(hours),
    )


def all_days() -> list[UsageDay]:
    return [day(t, FIRST + timedelta(days=d)) for t in TERMINALS for d in range(DAYS)]


def write_dropbox(root: Path, days: list[UsageDay] | None = None) -> Path:
    """The days as the drop box keeps them: root/stats/<terminal>/<date>.json."""
    for one in all_days() if days is None else days:
        path = root / "stats" / one.terminal / f"{one.date.isoformat()}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(one.to_json(), "utf-8")
    return root


def document(one: UsageDay) -> dict:
    """The day's JSON as a dict, for a test to spoil."""
    return json.loads(one.to_json())
