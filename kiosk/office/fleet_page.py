"""The fleet report shown: a page, a text table and JSON, from fleet.assess's rows.

Russian first, English with --lang en (the words are in fleet_words). The JSON is for
scripts: its keys and the flags stay the English codes whatever the language, its "notes"
stay English as they always were, and "flags_text" and "notes_text" carry the same in the
language asked for.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime

from babel.dates import format_date, format_datetime

from content.presentation.i18n import Translator, translator
from content.presentation.wording import format_moment
from kiosk.office import fleet_words as words
from kiosk.office.fleet import Row

STYLE = """
body { font-family: sans-serif; margin: 2em; color: #1b1b1b; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: .3em .6em; text-align: left; vertical-align: top; }
td.number { text-align: right; }
tr.bad td { background: #fde2e2; }
tr.warn td { background: #fff4cc; }
"""

NUMBER_COLUMNS = ("pages", "outbox")


def summary(rows: list[Row], lang: str) -> str:
    """'терминалов: 51, требуют внимания: 11': the table's last word, for the console."""
    tr = translator(lang)
    return tr.gettext(words.SUMMARY).format(n=len(rows), flagged=_flagged(rows))


def as_text(rows: list[Row], lang: str) -> list[str]:
    """A line a row: the terminal, what needs attention, the details."""
    tr = translator(lang)
    lines = []
    for row in rows:
        said = words.says(row.flags, row.notes, tr)
        flags = ", ".join(said.flags) or tr.gettext(words.OK)
        lines.append(f"{row.name:<40} {flags:<40} {'; '.join(said.notes)}".rstrip())
    return lines


def as_json(rows: list[Row], lang: str) -> str:
    english, shown = translator("en"), translator(lang)
    return json.dumps(
        [
            {
                "terminal": r.name,
                "flags": r.flags,
                "notes": [n.text(english) for n in r.notes],
                "reported_at": r.status.reported_at.isoformat() if r.status else None,
                "pack_version": r.status.pack_version if r.status else None,
                "flags_text": [words.flag_words(f, shown) for f in r.flags],
                "notes_text": [n.text(shown) for n in r.notes],
            }
            for r in rows
        ],
        ensure_ascii=False,
        indent=1,
    )


def as_html(rows: list[Row], now: datetime, lang: str) -> str:
    """The report as a page; every value escaped (a status file is anyone's text)."""
    tr = translator(lang)
    _ = tr.gettext
    moment = format_moment(now.isoformat(), lang, UTC)
    heads = "".join(f"<th>{html.escape(_(caption))}</th>" for caption in words.COLUMNS.values())
    lines = [
        "<!doctype html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">',
        f"<title>{html.escape(_(words.TITLE))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(_(words.HEADING).format(n=len(rows), flagged=_flagged(rows)))}</h1>",
        f"<p>{html.escape(_(words.AS_OF).format(moment=moment))}</p>",
        f"<table><tr>{heads}</tr>",
    ]
    lines += [_html_row(row, tr) for row in rows]
    lines += ["</table></body></html>", ""]
    return "\n".join(lines)


def _html_row(row: Row, tr: Translator) -> str:
    s = row.status
    said = words.says(row.flags, row.notes, tr)
    kind = "bad" if row.severity >= 3 else "warn" if row.flags else ""
    state = words.PRINTER_STATES.get(s.printer_state) if s else None
    cells = {
        "terminal": row.name,
        "needs": ", ".join(said.flags) or tr.gettext(words.OK),
        "details": "; ".join(said.notes),
        "reported": _short_moment(s.reported_at, tr.lang) if s else "",
        "pack": f"{s.pack_version} ({_short_day(s.pack_date, tr.lang)})" if s else "",
        "printer": (tr.gettext(state) if state else s.printer_state) if s else "",
        "pages": str(s.pages_today) if s else "",
        "outbox": str(s.outbox_depth) if s else "",
    }
    tds = "".join(
        f'<td class="number">{html.escape(text)}</td>'
        if key in NUMBER_COLUMNS
        else f"<td>{html.escape(text)}</td>"
        for key, text in cells.items()
    )
    return f'<tr class="{kind}">{tds}</tr>'


def _short_moment(moment: datetime, lang: str) -> str:
    """'04.12.2026, 11:49' ('12/4/26, 11:49 AM'), in UTC as the heading says."""
    return format_datetime(moment, "short", tzinfo=UTC, locale=lang).replace("\u202f", " ")


def _short_day(text: str, lang: str) -> str:
    """The pack's date as '20.11.2026' ('11/20/26'); anything else as the terminal sent it."""
    try:
        day = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        return text
    return format_date(day, "short", locale=lang)


def _flagged(rows: list[Row]) -> int:
    return sum(1 for r in rows if r.flags)
