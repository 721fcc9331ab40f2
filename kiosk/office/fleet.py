"""The fleet report: every terminal's status, worst first, with what needs attention.

`kiosk fleet report SOURCE` reads the status files the terminals upload (kiosk/core/status.py)
and flags a terminal that has gone silent (no report for twice its upload interval), shows
a pack older than the newest any terminal has, has its printer stopped, out of paper or
low on toner, has under a tenth of its disk free, or an outbox whose oldest request waits
more than a day. A file that is no status report is flagged too: someone should look.

The rows keep flags as English keys and notes as msgids with their values
(fleet_words.Note); the page and the table (fleet_page.py) say them in the staff's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kiosk.core.status import MAX_BYTES, Status, StatusError, parse_status
from kiosk.office import fleet_words as words
from kiosk.office.fleet_words import Note
from kiosk.office.sources import TooLarge, Tree, Unreadable

LOW_DISK_SHARE = 0.10
LOW_MARKER_PERCENT = 10
STUCK_OUTBOX = timedelta(days=1)
SILENT_INTERVALS = 2

PAPER_OUT = ("media-empty", "media-needed", "media-jam")
TONER_LOW = ("toner-low", "toner-empty", "marker-supply-low", "marker-supply-empty")
"""CUPS printer-state-reasons (RFC 8011 keywords), with or without their -warning/-error."""

FOLDER = "status"


def read_statuses(tree: Tree) -> tuple[list[Status], list[tuple[str, Note]]]:
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
            unreadable.append((name, Note(words.TOO_LARGE)))
        except StatusError as exc:
            unreadable.append((name, Note(exc.msgid, **exc.params)))
        except Unreadable as exc:  # an OS error or an HTTP status: said as it came
            unreadable.append((name, _as_is(str(exc))))
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
    """The keys of SEVERITY ("silent", ...): English codes, as --json gives them."""
    notes: list[Note] = field(default_factory=list)

    @property
    def severity(self) -> int:
        return max((SEVERITY[f] for f in self.flags), default=0)


def assess(
    statuses: Iterable[Status],
    unreadable: Iterable[tuple[str, Note | str]],
    now: datetime,
    newest_pack: int | None = None,
) -> list[Row]:
    """The report's rows, worst first; `unreadable` is (file name, what is wrong) pairs,
    the latter a Note or a text shown as it is;
    `newest_pack` the newest published pack version (default: the newest any terminal
    reports)."""
    statuses = list(statuses)
    newest = (
        newest_pack
        if newest_pack is not None
        else max((s.pack_version for s in statuses), default=0)
    )
    rows = [_row(s, now, newest) for s in statuses]
    rows += [
        Row(name, None, ["unreadable"], [why if isinstance(why, Note) else _as_is(why)])
        for name, why in unreadable
    ]
    return sorted(rows, key=lambda r: (-r.severity, -len(r.flags), r.name))


def _as_is(text: str) -> Note:
    return Note(words.AS_IS, text=text)


def _row(s: Status, now: datetime, newest: int) -> Row:
    row = Row(s.terminal, s)
    quiet = now - s.reported_at
    if quiet > timedelta(seconds=SILENT_INTERVALS * s.upload_interval_seconds):
        row.flags.append("silent")
        row.notes.append(Note(words.SILENT, span=quiet))
    if s.pack_version < newest:
        row.flags.append("pack behind")
        row.notes.append(Note(words.PACK_BEHIND, version=s.pack_version, newest=newest))
    reasons = {
        r.removesuffix("-error").removesuffix("-warning").removesuffix("-report")
        for r in s.printer_reasons
    }
    if s.printer_state in ("stopped", "missing"):
        row.flags.append("printer stopped")
        bare, why = words.PRINTER_STOPPED[s.printer_state]
        row.notes.append(
            Note(why, reasons=", ".join(s.printer_reasons)) if s.printer_reasons else Note(bare)
        )
    if reasons & set(PAPER_OUT):
        row.flags.append("out of paper")
        row.notes += [Note(words.CUPS_REASONS[r]) for r in sorted(reasons & set(PAPER_OUT))]
    low = [m for m in s.markers if 0 <= m.level < LOW_MARKER_PERCENT]
    if reasons & set(TONER_LOW) or low:
        row.flags.append("toner low")
        row.notes += [Note(words.CUPS_REASONS[r]) for r in sorted(reasons & set(TONER_LOW))]
        row.notes += [Note(words.MARKER_LOW, name=m.name, level=m.level) for m in low]
    if s.disk_total_bytes and s.disk_free_bytes / s.disk_total_bytes < LOW_DISK_SHARE:
        row.flags.append("disk low")
        row.notes.append(Note(words.DISK_LOW, share=s.disk_free_bytes / s.disk_total_bytes))
    if s.outbox_depth and s.outbox_oldest is not None and now - s.outbox_oldest > STUCK_OUTBOX:
        row.flags.append("outbox stuck")
        row.notes.append(Note(words.OUTBOX_STUCK, n=s.outbox_depth, span=now - s.outbox_oldest))
    return row
