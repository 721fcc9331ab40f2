"""The usage report as tables: the same rows on the page and in the CSV files.

Each table has a key (its CSV file's name, and its heading in usage_report_words), column
keys, and rows of plain values. A code (a kind of printout, a setting) keeps its column,
and its words come beside it, in the report's language; an id from the pack is named from
the pack when one is given, else shown as the id.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from content.presentation.i18n import Translator
from kiosk.core.usage_file import LENGTHS
from kiosk.office import usage_report_words as words
from kiosk.office.usage_report import Report, Usage, gaps, ranked
from kiosk.office.views import FORMULA_START, terminal_safe

Names = dict[str, dict[str, str]]
"""kind (service, agency, event) -> pack id -> its name, in the report's language."""


@dataclass(frozen=True)
class Table:
    key: str
    columns: tuple[str, ...]
    rows: list[tuple]


def tables(report: Report, tr: Translator, names: Names | None = None) -> dict[str, Table]:
    """Every table of `report`, by key, in the page's order."""
    names = names or {}
    _ = tr.gettext
    total = report.total
    service = _namer(names, "service")

    def coded(counts, wording: dict[str, str]) -> list[tuple]:
        return [(code, _(wording[code]) if code in wording else code, n) for code, n in counts]

    out = [
        Table("days", ("date", "terminals", "sessions", "searches", "found_nothing",
                       "printouts", "requests"),
              [(day.isoformat(), *_figures(u)) for day, u in report.by_date.items()]),
        Table("hours", ("hour", "touches"),
              [(f"{h:02d}", n) for h, n in enumerate(total.touches_by_hour)]),
        Table("lengths", ("length", "name", "sessions"),
              coded([(k, total.lengths.get(k, 0)) for k in LENGTHS], words.LENGTHS)),
        Table("gaps", ("text", "times", "on_terminals"), gaps(total)),
        Table("services", ("id", "name", "views"),
              [(i, service(i), n) for i, n in ranked(total.viewed.get("service", {}))]),
        Table("found", ("text", "times"), ranked(total.found)),
        Table("finder", ("id", "name", "count"),
              [(i, service(i), n) for i, n in ranked(total.suggested)]),
        Table("printouts", ("kind", "name", "count"),
              coded(ranked(total.printouts), words.PRINTOUTS)),
        Table("requests", ("kind", "name", "count"),
              coded(ranked(total.requests), words.REQUESTS)),
        Table("settings", ("setting", "name", "sessions", "share"),
              [(*row, _share(row[2], total.sessions))
               for row in coded(ranked(total.settings), words.SETTINGS)]),
        Table("screens", ("screen", "views"), ranked(total.screens)),
        Table("viewed_other", ("kind", "id", "name", "views"), [
            (_(words.VIEWED_KINDS.get(kind, kind)), i, _namer(names, kind)(i), n)
            for kind in sorted(total.viewed) if kind != "service"
            for i, n in ranked(total.viewed[kind])
        ]),
        Table("terminals", ("terminal", "days", "first", "last", "sessions", "searches",
                            "found_nothing", "printouts", "requests", "app_version", "pack"),
              [_terminal_row(report, t, u) for t, u in report.by_terminal.items()]),
        Table("unreadable", ("file", "why"), list(report.unreadable)),
        Table("duplicates", ("terminal", "date", "counted", "left_out", "same"), [
            (d.terminal, d.day.isoformat(), d.counted, d.left_out, _(words.YES if d.same
                                                                       else words.NO))
            for d in report.duplicates
        ]),
    ]  # fmt: skip
    return {table.key: table for table in out}


def _namer(names: Names, kind: str) -> Callable[[str], str]:
    known = names.get(kind, {})
    return lambda item: known.get(item, item)


def _figures(u: Usage) -> tuple[int, ...]:
    return (
        len(u.terminals),
        u.sessions,
        u.searches,
        u.found_nothing,
        sum(u.printouts.values()),
        sum(u.requests.values()),
    )


def _share(n: int, of: int) -> str:
    return f"{n / of:.0%}" if of else ""


def _terminal_row(report: Report, terminal: str, u: Usage) -> tuple:
    latest = report.latest[terminal]
    days = sorted(d for d, du in report.by_date.items() if terminal in du.terminals)
    return (
        terminal,
        u.terminal_days,
        days[0].isoformat() if days else "",
        days[-1].isoformat() if days else "",
        *_figures(u)[1:],
        latest.app_version,
        f"{latest.pack_id} {latest.pack_version}".strip(),
    )


def pack_names(pack_path: Path, lang: str, usage: Usage) -> Names:
    """The names of the services, agencies and events `usage` counts, from the pack at
    `pack_path`, in `lang` (Russian where a translation is missing); an id the pack does
    not have stays an id. The pack is opened read-only and checked as a terminal does."""
    from content.pack.reader import open_pack

    wanted = sorted(set(usage.viewed.get("service", {})) | set(usage.suggested))
    with open_pack(pack_path) as pack:
        services = pack.service_names(wanted)
        return {
            "service": {i: text.get(lang) for i, text in services.items()},
            "agency": {row["id"]: row["name"].get(lang) for row in pack.agencies()},
            "event": {row["id"]: row["title"].get(lang) for row in pack.events()},
        }


def write_csv(tables: dict[str, Table], folder: Path) -> list[Path]:
    """One CSV file a table in `folder` (made if missing): UTF-8 with a byte order mark, for
    Excel; a cell a spreadsheet would run as a formula made text, as the inbox's CSV does."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables.values():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(table.columns)
        writer.writerows([_cell(value) for value in row] for row in table.rows)
        path = folder / f"{table.key}.csv"
        path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
        written.append(path)
    return written


def _cell(value: object) -> str:
    text = terminal_safe(str(value), keep_newlines=False)
    return "'" + text if text.startswith(FORMULA_START) else text
