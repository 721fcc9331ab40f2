"""The terminal's reports in the drop box: its status now, and its finished days of use.

At the end of every upload round (`upload_round(..., reports=...)` in kiosk/adapters/dropbox.py)
the terminal PUTs

    status/<terminal>.json               its status (kiosk/adapters/terminal_status.py),
                                         the same file overwritten every round
    stats/<terminal>/<YYYY-MM-DD>.json   each finished day of use not sent yet
                                         (kiosk/core/usage_file.py)

for the staff's `kiosk fleet report` and `kiosk stats report`. The days wait in the data
folder:

    stats/days/<YYYY-MM-DD>.json   finished days, each written whole by the app
    stats/sent/                    days the drop box has stored: kept 90 days, then removed
    stats/set-aside/               files of days/ that are no day of use: never sent, kept
                                   90 days for a person to look at (the log says why)

A day leaves days/ only after the drop box has answered 200, 201 or 204. A terminal killed
between that answer and the move sends the same bytes to the same path at the next round,
and the drop box replaces the file with itself: the report counts each terminal's day once
whatever happens. A week offline leaves seven days waiting, and the first round that
reaches the drop box sends each of them once.

The reports come after the submissions and never hold them up: each file is tried once a
round, with no waits. A failure of the moment (no connection, a timeout, 5xx) or a refusal
of the terminal itself (401, a wrong address) ends the reports until the next round; a
file refused alone (400, 413) waits and the others go on. A day is sent as the strict
reader reads it (`parse_usage`, then `to_json`): a search text the privacy rules forbid
never leaves the terminal, even if the app had kept one.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from content.files import read_small_file
from kiosk.adapters.dropbox import Dropbox, PutFailed
from kiosk.core.status import Status
from kiosk.core.usage_file import MAX_BYTES, UsageDay, UsageError, parse_usage

log = logging.getLogger(__name__)

KEEP = timedelta(days=90)
"""How long a day sent (or set aside) stays on the terminal: a copy for staff who ask."""
DAYS_PER_ROUND = 100
"""Days sent in one round at most: a terminal back after months catches up over a few
rounds rather than holding the upload service for one long one."""

DAY_FILE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\.json")
"""A finished day's name; anything else in days/ (the app's temporary files) is not one yet."""
PATH_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")
"""A terminal's name as a folder or file name of the drop box: the reports' own rule for a
terminal (1 to 64 letters, digits, '.', '_', '-'), but never starting with a dot (no
hidden files, no '..'). deploy/nginx/perm-kiosk-dropbox.conf takes the same."""


@dataclass
class ReportsResult:
    """What one round's reports did."""

    status_sent: bool = False
    days_sent: int = 0
    days_waiting: int = 0
    set_aside: list[str] = field(default_factory=list)
    """'<file name>: why' of each file in days/ that was set aside this round."""
    error: str | None = None
    """Why the reports stopped before the end, or None."""

    def summary(self) -> str:
        status = "status sent" if self.status_sent else "status not sent"
        return f"{status}; days of use sent {self.days_sent}, waiting {self.days_waiting}" + (
            f", set aside {len(self.set_aside)}" if self.set_aside else ""
        )


class UsageFolder:
    """<data_dir>/stats: the finished days, those sent and those set aside."""

    def __init__(self, data_dir: str | Path):
        self.root = Path(data_dir) / "stats"
        self.days = self.root / "days"
        self.sent = self.root / "sent"
        self.aside = self.root / "set-aside"

    def finished(self) -> list[Path]:
        """The finished days waiting to be sent, oldest first."""
        try:
            names = os.listdir(self.days)
        except FileNotFoundError:
            return []
        return [self.days / name for name in sorted(names) if DAY_FILE.fullmatch(name)]

    def read(self, path: Path) -> UsageDay:
        """The day in `path`, read strictly; UsageError if it is not one (or not the day
        its name says), OSError if it cannot be read now."""
        try:
            day = parse_usage(read_small_file(path, MAX_BYTES))
        except ValueError as exc:  # larger than a day can be, a link, not a plain file
            if isinstance(exc, UsageError):
                raise
            raise UsageError(str(exc).replace(f"{path} ", "", 1)) from None
        if day.date.isoformat() != path.stem:
            raise UsageError(f"it says {day.date.isoformat()}, but is named {path.name}")
        if not PATH_NAME.fullmatch(day.terminal):
            raise UsageError(f"its terminal {day.terminal!r} cannot name a folder")
        return day

    def mark_sent(self, path: Path, now: datetime) -> None:
        """Move a day the drop box has stored to sent/, dated now (kept from now on)."""
        self.sent.mkdir(parents=True, exist_ok=True)
        target = self.sent / path.name
        os.replace(path, target)
        stamp = now.timestamp()
        os.utime(target, (stamp, stamp), follow_symlinks=False)

    def set_aside(self, path: Path, now: datetime) -> Path:
        """Move a file that is no day of use out of days/ (never over another); its path."""
        self.aside.mkdir(parents=True, exist_ok=True)
        for n in range(1, 1000):
            target = self.aside / (path.name + (f".{n}" if n > 1 else ""))
            if not os.path.lexists(target):
                os.rename(path, target)
                stamp = now.timestamp()
                os.utime(target, (stamp, stamp), follow_symlinks=False)
                return target
        raise OSError(f"{self.aside} holds too many files of the same name")

    def prune(self, now: datetime) -> int:
        """Remove what was sent or set aside more than KEEP ago; how many files."""
        removed, before = 0, (now - KEEP).timestamp()
        for folder in (self.sent, self.aside):
            try:
                names = os.listdir(folder)
            except FileNotFoundError:
                continue
            for name in names:
                path = folder / name
                info = os.lstat(path)
                if not stat.S_ISDIR(info.st_mode) and info.st_mtime < before:
                    path.unlink()
                    removed += 1
        return removed


def upload_reports(
    dropbox: Dropbox,
    data_dir: str | Path,
    terminal: str,
    status: Callable[[], Status],
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    days_per_round: int = DAYS_PER_ROUND,
) -> ReportsResult:
    """PUT this terminal's status (`status()` makes it) and every finished day not sent
    yet; never raises for what the drop box or the files do."""
    result, folder = ReportsResult(), UsageFolder(data_dir)
    going = _put_status(dropbox, terminal, status, result)
    if going:
        try:
            _put_days(dropbox, folder, terminal, now, days_per_round, result)
        except OSError as exc:  # the folder itself cannot be read or written
            _failed(result, f"days of use: {folder.days}: {exc.strerror or exc}")
    try:
        result.days_waiting = len(folder.finished())
        folder.prune(now())
    except OSError as exc:
        log.error("reports: %s cannot be tidied: %s", folder.root, exc.strerror or exc)
    if result.error:
        log.error("reports: %s; the rest waits for the next round", result.error)
    log.info("reports: %s", result.summary())
    return result


def _put_status(dropbox: Dropbox, terminal: str, status, result: ReportsResult) -> bool:
    """PUT the status; False when the drop box cannot be reached or refuses this terminal
    (the days would only meet the same)."""
    if not PATH_NAME.fullmatch(terminal):
        _failed(
            result,
            f"no status sent: the terminal's name {terminal!r} cannot name a file; set "
            "terminal_id in the config (1 to 64 letters, digits, '.', '_', '-', not first '.')",
        )
        return True  # the days carry their own names
    try:
        body = status().to_json().encode("utf-8")
    except Exception:  # the status is gathered part by part, each guarded: a bug, then
        log.exception("reports: the status could not be made")
        return True
    try:
        dropbox.put(f"status/{terminal}.json", body, _unwatched)
    except PutFailed as exc:
        _failed(result, f"status: {exc}")
        return exc.only_this_one
    result.status_sent = True
    return True


def _put_days(dropbox, folder: UsageFolder, terminal: str, now, limit: int, result) -> None:
    for path in folder.finished()[:limit]:
        try:
            day = folder.read(path)
        except UsageError as exc:
            _set_aside(folder, path, str(exc), now(), result)
            continue
        except OSError as exc:
            log.error("reports: %s cannot be read now (%s); it waits", path, exc.strerror or exc)
            continue
        if day.terminal != terminal:  # terminal_id changed since: the day keeps its name
            log.info("reports: %s is %s's day, sent as such", path.name, day.terminal)
        if day.dropped:
            log.warning(
                "reports: %s held %d search texts the privacy rules forbid; they are not sent",
                path.name,
                day.dropped,
            )
        try:
            dropbox.put(
                f"stats/{day.terminal}/{path.name}", day.to_json().encode("utf-8"), _unwatched
            )
        except PutFailed as exc:
            if exc.only_this_one:
                log.error("reports: %s; it waits for the next round", exc)
                continue
            _failed(result, f"days of use: {exc}")
            return
        try:
            folder.mark_sent(path, now())
        except OSError as exc:  # sent again next round: the same file, counted once
            log.error("reports: %s was sent but cannot be moved: %s", path, exc.strerror or exc)
        result.days_sent += 1


def _set_aside(folder: UsageFolder, path: Path, why: str, now: datetime, result) -> None:
    try:
        kept = folder.set_aside(path, now)
    except OSError as exc:
        log.error("reports: %s is no day of use (%s) and cannot be set aside: %s",
                  path, why, exc.strerror or exc)  # fmt: skip
        return
    result.set_aside.append(f"{path.name}: {why}")
    log.error("reports: %s is no day of use (%s): set aside as %s, not sent", path, why, kept)


def _failed(result: ReportsResult, why: str) -> None:
    result.error = why if result.error is None else f"{result.error}; {why}"


def _unwatched(step: str) -> None:
    """The reports' PUTs are not watched step by step (the crash tests watch submissions)."""
