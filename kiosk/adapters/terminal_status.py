"""The terminal's report of itself (kiosk/core/status.py), gathered from where each part lives.

`kiosk outbox upload` PUTs it to the drop box's status/<terminal>.json at every round
(kiosk/adapters/report_upload.py), for the staff's `kiosk fleet report`. The parts:

    app version         the installed package's metadata
    pack                the pack the app shows (as `kiosk status` finds it)
    last sync, error    the data folder's state.json (kiosk/adapters/pack_store.py)
    printer             CUPS over IPP: state, reasons, supplies (kiosk/adapters/cups.py)
    pages today         the data folder's pages.json (kiosk/core/print_desk.py)
    disk                free and total bytes of the data folder's filesystem
    uptime              /proc/uptime
    outbox              how many sealed requests wait, and since when
    last touch          <data_dir>/stats/last-touch, which the app writes

Each part is read on its own: one that fails (CUPS not running, a damaged state file, a
folder that cannot be read) leaves its field empty or unknown, says so in the log, and
the report still goes. Nothing here can stop the submissions' delivery.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Protocol

from content.files import read_small_file
from kiosk.adapters.outbox import Outbox
from kiosk.adapters.pack_store import PackStore, read_info
from kiosk.core.config import terminal_id
from kiosk.core.print_desk import counter_for
from kiosk.core.printing import PrintError
from kiosk.core.status import Marker, Status, fitted

log = logging.getLogger(__name__)

UPTIME = Path("/proc/uptime")
LAST_TOUCH = Path("stats") / "last-touch"
"""Under the data folder: the ISO-8601 UTC time of the last touch (the app writes it)."""
PACKAGE = "perm-kiosk"


class PrinterQuestions(Protocol):
    """What the status asks of the print system (kiosk.adapters.cups.Cups answers)."""

    def running(self) -> bool: ...

    def default_queue(self) -> str | None: ...

    def printer_attributes(self, queue: str) -> dict[str, list[str]]: ...


@dataclass(frozen=True)
class _Where:
    config: object
    data_dir: Path
    printer: PrinterQuestions
    now: datetime
    uptime_file: Path


def gather(
    config,
    data_dir: Path,
    printer: PrinterQuestions,
    now: datetime | None = None,
    uptime_file: Path = UPTIME,
) -> Status:
    """This terminal's status now; `config` the terminal's (kiosk.core.config.Config)."""
    where = _Where(config, Path(data_dir), printer, now or datetime.now(UTC), uptime_file)
    fields: dict = {}
    parts: tuple[Callable[[_Where], dict], ...] = (
        _app, _pack, _sync, _printer, _pages, _disk, _uptime, _outbox, _last_touch,
    )  # fmt: skip
    for part in parts:
        try:
            fields.update(part(where))
        except Exception as exc:  # one part unknown, never the whole report
            log.warning("status: %s unknown (%s: %s)", part.__name__[1:], type(exc).__name__, exc)
    return fitted(
        Status(
            terminal=terminal_id(config),
            reported_at=where.now,
            upload_interval_seconds=config.upload_interval_seconds,
            **fields,
        )
    )


def _app(where: _Where) -> dict:
    try:
        return {"app_version": metadata.version(PACKAGE)}
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return {}


def _pack(where: _Where) -> dict:
    # As the app picks it (kiosk/app/compose.py): the installed pack, else the config's.
    info = PackStore(where.data_dir).health().showing
    if info is None and where.config.pack:
        info = read_info(Path(where.config.pack))
    if info is None:
        return {}
    return {"pack_id": info.pack_id, "pack_version": info.version, "pack_date": info.created_at}


def _sync(where: _Where) -> dict:
    state = PackStore(where.data_dir).state()
    return {"last_sync": _moment(state.last_sync), "sync_error": state.last_error or ""}


def _printer(where: _Where) -> dict:
    printer = where.printer
    try:
        running = printer.running()
    except PrintError as exc:  # no lpstat (cups-client not installed), a hung scheduler
        return {"printer_state": "missing", "printer_reasons": (str(exc),)}
    if not running:
        return {"printer_state": "missing", "printer_reasons": ("cups-not-running",)}
    queue = where.config.printer or printer.default_queue()
    if queue is None:
        return {"printer_state": "missing", "printer_reasons": ("no-default-printer",)}
    try:
        attributes = printer.printer_attributes(queue)
    except PrintError as exc:
        return {"printer_state": "unknown", "printer_reasons": (str(exc),)}
    if not attributes:
        return {"printer_state": "missing", "printer_reasons": (f"no-queue-{queue}",)}
    state = (attributes.get("printer-state") or ["unknown"])[0]
    reasons = [r for r in attributes.get("printer-state-reasons", []) if r and r != "none"]
    if attributes.get("printer-is-accepting-jobs") == ["false"]:
        # cupsreject: the queue is idle to CUPS but takes no job, which is a stopped
        # printer to the citizen at the terminal and to the staff who read the report.
        state = "stopped"
        reasons.append("not-accepting-jobs")
    return {
        "printer_state": state,
        "printer_reasons": tuple(reasons),
        "markers": _markers(attributes),
    }


def _markers(attributes: dict[str, list[str]]) -> tuple[Marker, ...]:
    names = attributes.get("marker-names", [])
    levels = attributes.get("marker-levels", [])
    if len(names) != len(levels):  # a name with a comma in it (cups.parse_attributes_csv)
        names = [f"supply {n}" for n in range(1, len(levels) + 1)]
    markers = []
    for name, level in zip(names, levels, strict=True):
        try:
            percent = int(level)
        except ValueError:
            percent = -1
        markers.append(Marker(name, percent if 0 <= percent <= 100 else -1))
    return tuple(markers)


def _pages(where: _Where) -> dict:
    count = counter_for(where.data_dir).today(where.now.astimezone().date())
    if count.pages is None:
        log.warning("status: pages today unknown (%s)", count.warning)
        return {}
    return {"pages_today": count.pages}


def _disk(where: _Where) -> dict:
    folder = where.data_dir
    while not folder.exists() and folder != folder.parent:  # not made yet: its filesystem
        folder = folder.parent
    usage = shutil.disk_usage(folder)
    return {"disk_free_bytes": usage.free, "disk_total_bytes": usage.total}


def _uptime(where: _Where) -> dict:
    text = read_small_file(where.uptime_file, 200).decode("ascii")
    return {"uptime_seconds": int(float(text.split()[0]))}


def _outbox(where: _Where) -> dict:
    report = Outbox(where.data_dir).status()
    return {"outbox_depth": report["queued"], "outbox_oldest": _moment(report["oldest"])}


def _last_touch(where: _Where) -> dict:
    path = where.data_dir / LAST_TOUCH
    try:
        text = read_small_file(path, 100).decode("ascii").strip()
    except FileNotFoundError:
        return {}  # nobody has touched this terminal yet
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{path} holds a time without a time zone")
    return {"last_touch": moment}


def _moment(text: str | None) -> datetime | None:
    """A time the terminal wrote itself (2026-12-05T09:30:00Z), or None."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
