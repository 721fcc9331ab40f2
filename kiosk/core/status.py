"""A terminal's status report: what `kiosk outbox upload` puts at status/<terminal>.json.

Pure: the document and its strict reading. The fleet report (kiosk/office/fleet.py) reads
files that any terminal, or anyone with a drop-box login, may have written: every field is
checked for its type and range, and a file that is not a status report is told as such,
never trusted in part.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from content.presentation.i18n import N_

SCHEMA = 1
MAX_BYTES = 64 * 1024
"""A status report is a few hundred bytes; anything much larger is not one."""

PRINTER_STATES = ("idle", "processing", "stopped", "missing", "unknown")

_TERMINAL = re.compile(r"[A-Za-z0-9._-]{1,64}")


class StatusError(ValueError):
    """A file that is not a usable status report. Its message says what is wrong in English
    (logs, the terminal's side); `msgid` (Russian, marked with N_) and `params` say the same
    for the staff's fleet report, which translates it into the language it is shown in."""

    def __init__(self, message: str, msgid: str, **params: object):
        super().__init__(message)
        self.msgid = msgid
        self.params = params


@dataclass(frozen=True)
class Marker:
    """A printer's supply (toner, ink), its level in percent; -1 when CUPS does not know."""

    name: str
    level: int


@dataclass(frozen=True)
class Status:
    """One terminal's report of itself."""

    terminal: str
    reported_at: datetime
    upload_interval_seconds: int
    app_version: str = ""
    pack_id: str = ""
    pack_version: int = 0
    pack_date: str = ""
    last_sync: datetime | None = None
    sync_error: str = ""
    printer_state: str = "unknown"
    printer_reasons: tuple[str, ...] = ()
    markers: tuple[Marker, ...] = ()
    pages_today: int = 0
    disk_free_bytes: int = 0
    disk_total_bytes: int = 0
    uptime_seconds: int = 0
    outbox_depth: int = 0
    outbox_oldest: datetime | None = None
    last_touch: datetime | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def to_json(self) -> str:
        return json.dumps(
            {
                "schema": SCHEMA,
                "terminal": self.terminal,
                "reported_at": self.reported_at.isoformat(),
                "upload_interval_seconds": self.upload_interval_seconds,
                "app_version": self.app_version,
                "pack": {"id": self.pack_id, "version": self.pack_version, "date": self.pack_date},
                "sync": {"last_ok": _iso(self.last_sync), "last_error": self.sync_error or None},
                "printer": {
                    "state": self.printer_state,
                    "reasons": list(self.printer_reasons),
                    "markers": [{"name": m.name, "level": m.level} for m in self.markers],
                },
                "pages_today": self.pages_today,
                "disk": {"free_bytes": self.disk_free_bytes, "total_bytes": self.disk_total_bytes},
                "uptime_seconds": self.uptime_seconds,
                "outbox": {"depth": self.outbox_depth, "oldest": _iso(self.outbox_oldest)},
                "last_touch": _iso(self.last_touch),
            },
            ensure_ascii=False,
            indent=1,
        )


MAX_REASONS = 32
MAX_MARKERS = 16


def fitted(status: Status) -> Status:
    """`status` as `parse_status` will read it back: texts made printable and cut to their
    limits, numbers held to their ranges, at most 16 markers, times given a time zone
    (UTC when they had none). The terminal fills its report from what it does not control
    (CUPS's words, a pack's id, an error message); a report cut short is better than one
    the fleet report refuses whole. The terminal's name is not touched: one that is not a
    valid name makes no report at all (kiosk/adapters/report_upload.py)."""
    return replace(
        status,
        reported_at=_zoned(status.reported_at),
        upload_interval_seconds=_clamp(status.upload_interval_seconds, 30, 24 * 3600),
        app_version=_cut(status.app_version),
        pack_id=_cut(status.pack_id),
        pack_version=_clamp(status.pack_version, 0, 2**53),
        pack_date=_cut(status.pack_date),
        last_sync=_zoned(status.last_sync),
        sync_error=_cut(status.sync_error, 500),
        printer_state=status.printer_state if status.printer_state in PRINTER_STATES else "unknown",
        printer_reasons=tuple(_cut(r) for r in status.printer_reasons[:MAX_REASONS]),
        markers=tuple(
            Marker(_cut(m.name), m.level if 0 <= m.level <= 100 else -1)
            for m in status.markers[:MAX_MARKERS]
        ),
        pages_today=_clamp(status.pages_today, 0, 10**6),
        disk_free_bytes=_clamp(status.disk_free_bytes, 0, 2**63),
        disk_total_bytes=_clamp(status.disk_total_bytes, 0, 2**63),
        uptime_seconds=_clamp(status.uptime_seconds, 0, 2**40),
        outbox_depth=_clamp(status.outbox_depth, 0, 10**9),
        outbox_oldest=_zoned(status.outbox_oldest),
        last_touch=_zoned(status.last_touch),
    )


def _cut(text: str, limit: int = 120) -> str:
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, int(value)))


def _zoned(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def parse_status(raw: bytes) -> Status:
    """The status in `raw` (a file's bytes), or StatusError saying what is wrong."""
    if len(raw) > MAX_BYTES:
        raise StatusError(
            f"{len(raw)} bytes: too large for a status report",
            N_("слишком большой для отчёта о состоянии: {size} Б"),
            size=len(raw),
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # "[[[…" nests too deep
        kind = type(exc).__name__
        raise StatusError(f"not JSON ({kind})", N_("не JSON ({kind})"), kind=kind) from None
    if not isinstance(data, dict):
        raise StatusError("not a JSON object", N_("не объект JSON"))
    if data.get("schema") != SCHEMA:
        schema = repr(data.get("schema"))[:40]
        raise StatusError(
            f"schema {schema}, this report reads {SCHEMA}",
            N_("схема {schema}, а отчёт читает схему {known}"),
            schema=schema,
            known=SCHEMA,
        )
    terminal = data.get("terminal")
    if not isinstance(terminal, str) or not _TERMINAL.fullmatch(terminal):
        raise StatusError(
            "no valid 'terminal' (1 to 64 letters, digits, '.', '_', '-')",
            N_("нет верного 'terminal' (от 1 до 64 латинских букв, цифр, '.', '_', '-')"),
        )
    pack, sync, printer = _obj(data, "pack"), _obj(data, "sync"), _obj(data, "printer")
    disk, outbox = _obj(data, "disk"), _obj(data, "outbox")
    state = printer.get("state", "unknown")
    if state not in PRINTER_STATES:
        states = ", ".join(PRINTER_STATES)
        raise StatusError(
            f"printer state {state!r} is not one of {states}",
            N_("состояние принтера {state} — не одно из: {states}"),
            state=repr(state)[:40],
            states=states,
        )
    reasons = printer.get("reasons", [])
    if not isinstance(reasons, list) or not all(_short_text(r) for r in reasons):
        raise StatusError(
            "printer reasons must be a list of short texts",
            N_("причины состояния принтера (reasons) — не список коротких строк"),
        )
    markers_raw = printer.get("markers", [])
    if not isinstance(markers_raw, list) or len(markers_raw) > 16:
        raise StatusError(
            "printer markers must be a list of at most 16",
            N_("расходные материалы принтера (markers) — не список не длиннее 16"),
        )
    markers = []
    for marker in markers_raw:
        if not isinstance(marker, dict) or not _short_text(marker.get("name", "")):
            raise StatusError(
                "a printer marker needs a short 'name'",
                N_("у расходного материала принтера нет короткого 'name'"),
            )
        markers.append(Marker(marker["name"], _int(marker, "level", -1, 100, default=-1)))
    return Status(
        terminal=terminal,
        reported_at=_moment(data, "reported_at", required=True),
        upload_interval_seconds=_int(data, "upload_interval_seconds", 30, 24 * 3600, default=300),
        app_version=_text(data, "app_version"),
        pack_id=_text(pack, "id"),
        pack_version=_int(pack, "version", 0, 2**53, default=0),
        pack_date=_text(pack, "date"),
        last_sync=_moment(sync, "last_ok"),
        sync_error=_text(sync, "last_error", limit=500),
        printer_state=state,
        printer_reasons=tuple(reasons),
        markers=tuple(markers),
        pages_today=_int(data, "pages_today", 0, 10**6, default=0),
        disk_free_bytes=_int(disk, "free_bytes", 0, 2**63, default=0),
        disk_total_bytes=_int(disk, "total_bytes", 0, 2**63, default=0),
        uptime_seconds=_int(data, "uptime_seconds", 0, 2**40, default=0),
        outbox_depth=_int(outbox, "depth", 0, 10**9, default=0),
        outbox_oldest=_moment(outbox, "oldest"),
        last_touch=_moment(data, "last_touch"),
    )


def _obj(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise StatusError(f"'{key}' must be an object", N_("'{key}' — не объект"), key=key)
    return value


def _short_text(value: object, limit: int = 120) -> bool:
    return isinstance(value, str) and len(value) <= limit and value.isprintable()


def _text(data: dict, key: str, limit: int = 120) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not _short_text(value, limit):
        raise StatusError(
            f"'{key}' must be printable text of at most {limit} characters",
            N_("'{key}' — не печатный текст не длиннее {limit} знаков"),
            key=key,
            limit=limit,
        )
    return value


def _int(data: dict, key: str, low: int, high: int, default: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise StatusError(
            f"'{key}' must be a whole number from {low} to {high}",
            N_("'{key}' — не целое число от {low} до {high}"),
            key=key,
            low=low,
            high=high,
        )
    return value


def _moment(data: dict, key: str, required: bool = False) -> datetime | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise StatusError(
            f"'{key}' must be a date and time (ISO 8601)",
            N_("'{key}' — не дата и время (ISO 8601)"),
            key=key,
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise StatusError(
            f"'{key}' is not a date and time: {value[:40]!r}",
            N_("'{key}' — не дата и время: {value}"),
            key=key,
            value=repr(value[:40]),
        ) from None
    if moment.tzinfo is None:
        raise StatusError(
            f"'{key}' has no time zone", N_("у '{key}' не указан часовой пояс"), key=key
        )
    return moment
