"""The fleet report: every terminal's status, worst first, with what needs attention.

`kiosk fleet report SOURCE` reads the status files the terminals upload (kiosk/core/status.py)
and flags a terminal that has gone silent (no report for twice its upload interval), shows
a pack older than the newest any terminal has, has its printer stopped, out of paper or
low on toner, has under a tenth of its disk free, or an outbox whose oldest request waits
more than a day. A file that is no status report is flagged too: someone should look.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kiosk.core.status import MAX_BYTES, Status, StatusError, parse_status
from kiosk.office.sources import TooLarge, Tree, Unreadable

LOW_DISK_SHARE = 0.10
LOW_MARKER_PERCENT = 10
STUCK_OUTBOX = timedelta(days=1)
SILENT_INTERVALS = 2

PAPER_OUT = ("media-empty", "media-needed", "media-jam")
TONER_LOW = ("toner-low", "toner-empty", "marker-supply-low", "marker-supply-empty")
"""CUPS printer-state-reasons (RFC 8011 keywords), with or without their -warning/-error."""

FOLDER = "status"


def read_statuses(tree: Tree) -> tuple[list[Status], list[tuple[str, str]]]:
    """The status files of `tree` (kiosk/office/sources.py: the drop box's folder, its
    status/ folder, or the staff listing's URL of either), and (file name, why) of each
    that does not read."""
    base = FOLDER if FOLDER in tree.folders() else ""
    statuses, unreadable = [], []
    for name in tree.files(base):
        if not name.endswith(".json"):
            continue
        try:
            raw = tree.read_file(f"{base}/{name}" if base else name, MAX_BYTES)
            statuses.append(parse_status(raw))
        except TooLarge:
            unreadable.append((name, "too large for a status report"))
        except (Unreadable, StatusError) as exc:
            unreadable.append((name, str(exc)))
    return statuses, unreadable


SEVERITY = {
    "unreadable": 5,
    "silent": 4,
    "printer stopped": 3,
    "out of paper": 3,
    "outbox stuck": 3,
    "disk low": 2,
    "pack behind": 2,
    "toner low": 1,
}
"""How bad each flag is: the table shows the worst terminals first."""


@dataclass
class Row:
    """One line of the report: a terminal (or an unreadable file) and its flags."""

    name: str
    status: Status | None
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def severity(self) -> int:
        return max((SEVERITY[f] for f in self.flags), default=0)


def assess(
    statuses: Iterable[Status],
    unreadable: Iterable[tuple[str, str]],
    now: datetime,
    newest_pack: int | None = None,
) -> list[Row]:
    """The report's rows, worst first; `unreadable` is (file name, what is wrong) pairs;
    `newest_pack` the newest published pack version (default: the newest any terminal
    reports)."""
    statuses = list(statuses)
    newest = (
        newest_pack
        if newest_pack is not None
        else max((s.pack_version for s in statuses), default=0)
    )
    rows = [_row(s, now, newest) for s in statuses]
    rows += [Row(name, None, ["unreadable"], [why]) for name, why in unreadable]
    return sorted(rows, key=lambda r: (-r.severity, -len(r.flags), r.name))


def _row(s: Status, now: datetime, newest: int) -> Row:
    row = Row(s.terminal, s)
    quiet = now - s.reported_at
    if quiet > timedelta(seconds=SILENT_INTERVALS * s.upload_interval_seconds):
        row.flags.append("silent")
        row.notes.append(f"no report for {_span(quiet)}")
    if s.pack_version < newest:
        row.flags.append("pack behind")
        row.notes.append(f"pack {s.pack_version}, newest {newest}")
    reasons = {
        r.removesuffix("-error").removesuffix("-warning").removesuffix("-report")
        for r in s.printer_reasons
    }
    if s.printer_state in ("stopped", "missing"):
        row.flags.append("printer stopped")
        row.notes.append(
            f"printer {s.printer_state}"
            + (f": {', '.join(s.printer_reasons)}" if s.printer_reasons else "")
        )
    if reasons & set(PAPER_OUT):
        row.flags.append("out of paper")
        row.notes.append(", ".join(sorted(reasons & set(PAPER_OUT))))
    low = [m for m in s.markers if 0 <= m.level < LOW_MARKER_PERCENT]
    if reasons & set(TONER_LOW) or low:
        row.flags.append("toner low")
        row.notes += sorted(reasons & set(TONER_LOW)) + [f"{m.name} {m.level} %" for m in low]
    if s.disk_total_bytes and s.disk_free_bytes / s.disk_total_bytes < LOW_DISK_SHARE:
        row.flags.append("disk low")
        row.notes.append(f"{s.disk_free_bytes / s.disk_total_bytes:.0%} of the disk free")
    if s.outbox_depth and s.outbox_oldest is not None and now - s.outbox_oldest > STUCK_OUTBOX:
        row.flags.append("outbox stuck")
        row.notes.append(f"{s.outbox_depth} waiting, the oldest for {_span(now - s.outbox_oldest)}")
    return row


def _span(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 2:
        return f"{delta.total_seconds() / 60:.0f} min"
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} h"


def as_json(rows: list[Row]) -> str:
    return json.dumps(
        [
            {
                "terminal": r.name,
                "flags": r.flags,
                "notes": r.notes,
                "reported_at": r.status.reported_at.isoformat() if r.status else None,
                "pack_version": r.status.pack_version if r.status else None,
            }
            for r in rows
        ],
        ensure_ascii=False,
        indent=1,
    )


STYLE = """
body { font-family: sans-serif; margin: 2em; color: #1b1b1b; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: .3em .6em; text-align: left; vertical-align: top; }
tr.bad td { background: #fde2e2; }
tr.warn td { background: #fff4cc; }
"""


def as_html(rows: list[Row], now: datetime) -> str:
    """The report as a page; every value escaped (a status file is anyone's text)."""
    flagged = sum(1 for r in rows if r.flags)
    lines = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Terminals</title>',
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Terminals: {len(rows)}, needing attention: {flagged}</h1>",
        f"<p>As of {html.escape(now.isoformat(timespec='minutes'))}. Worst first.</p>",
        "<table><tr><th>terminal</th><th>needs</th><th>details</th><th>last report</th>"
        "<th>pack</th><th>printer</th><th>pages today</th><th>outbox</th></tr>",
    ]
    for r in rows:
        s = r.status
        kind = "bad" if r.severity >= 3 else "warn" if r.flags else ""
        cells = [
            r.name,
            ", ".join(r.flags) or "ok",
            "; ".join(r.notes),
            s.reported_at.isoformat(timespec="minutes") if s else "",
            f"{s.pack_version} ({s.pack_date})" if s else "",
            s.printer_state if s else "",
            str(s.pages_today) if s else "",
            str(s.outbox_depth) if s else "",
        ]
        tds = "".join(f"<td>{html.escape(c)}</td>" for c in cells)
        lines.append(f'<tr class="{kind}">{tds}</tr>')
    lines += ["</table></body></html>", ""]
    return "\n".join(lines)
