"""The usage report as one page: a file staff open from their disk or mail, offline.

Everything is in the file: the charts are inline SVG (usage_report_charts), the style is in
the head, and nothing is loaded from anywhere (the Content-Security-Policy allows no
script and no outside address, so even a mistake here could not load one). Every text
from a file is escaped, and hidden characters shown as \\u escapes: a search text is what a
visitor typed, and a file may have been written by anyone with a drop-box login.

Russian first, English with --lang en (the words are in usage_report_words).
"""

from __future__ import annotations

import html

from babel.numbers import format_decimal

from content.presentation.i18n import Translator, translator
from content.presentation.wording import format_date
from kiosk.office import usage_report_charts as charts
from kiosk.office import usage_report_words as words
from kiosk.office.usage_report import Report
from kiosk.office.usage_report_tables import Table
from kiosk.office.views import terminal_safe

TOP = 20
"""Rows of a ranking the page charts; its table shows up to ROWS."""
ROWS = 300

STYLE = """
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 1.5em auto;
       max-width: 1250px; padding: 0 1em; color: #1b1b1b; line-height: 1.4; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 2px solid #1f5fa8; }
.meta { color: #444; margin: .2em 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
           gap: .6em; margin: 1em 0; }
.summary div { border: 1px solid #ccc; border-radius: 4px; padding: .5em .7em; }
.summary b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; margin: .5em 0; font-size: .92em; }
.wide { overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #bbb; padding: .25em .6em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #eef2f7; hyphens: auto; }
td.n, td.date { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.date { text-align: left; }
td.text { overflow-wrap: anywhere; }
td.code { color: #666; font-size: .85em; }
.gaps td:first-child { font-weight: bold; }
svg { display: block; max-width: 100%; height: auto; }
details { margin: .5em 0; }
summary { cursor: pointer; color: #1f5fa8; }
.warn { background: #fff4cc; padding: .4em .6em; }
"""

NUMERIC = {"terminals", "sessions", "searches", "found_nothing", "printouts", "requests",
           "touches", "views", "times", "on_terminals", "count", "days", "share"}  # fmt: skip
CODES = {"id", "kind", "setting", "length", "screen"}
DATES = {"date", "first", "last", "terminal"}
TEXTS = {"file", "why", "counted", "left_out", "text"}


def as_html(report: Report, tables: dict[str, Table], lang: str = "ru") -> str:
    """The page of `report` (its `tables` made in the same language), in `lang`."""
    tr = translator(lang)
    _ = tr.gettext
    e = _escape
    total = report.total
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_(words.TITLE))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{e(_(words.TITLE))}</h1>",
    ]
    if report.first and report.last:
        period = _(words.PERIOD).format(
            first=format_date(report.first.isoformat(), lang),
            last=format_date(report.last.isoformat(), lang),
        )
        parts.append(f'<p class="meta">{e(period)}</p>')
    parts.append(f'<p class="meta">{e(_(words.COUNTED_ONCE).format(n=len(report.duplicates)))}</p>')
    if total.dropped:
        parts.append(f'<p class="warn">{e(_(words.DROPPED).format(n=total.dropped))}</p>')
    if not total.terminal_days:
        parts.append(f"<p>{e(_(words.NO_DAYS))}</p>")
    parts += _summary(report, tr)
    n = _number(lang)
    days = tables["days"]
    hours = tables["hours"]
    parts += [
        _heading("gaps", tr),
        f'<p class="meta">{e(_(words.GAPS_NOTE))}</p>',
        _ranking_chart(tables["gaps"], 0, 1, tr),
        _table(tables["gaps"], tr, lang, css="gaps"),
        _heading("days", tr),
        charts.columns([r[0][5:] for r in days.rows], [r[2] for r in days.rows],
                       _(words.COLUMNS["sessions"])),
        _table(days, tr, lang, folded=True),
        _heading("hours", tr),
        charts.columns([r[0] for r in hours.rows], [r[1] for r in hours.rows],
                       _(words.COLUMNS["touches"]), height=280),
        _table(hours, tr, lang, folded=True),
        _heading("services", tr),
        _ranking_chart(tables["services"], 1, 2, tr),
        _table(tables["services"], tr, lang, folded=True),
        _heading("finder", tr),
        f'<p class="meta">{e(_(words.FINDER_RUNS).format(n=n(total.finder_runs)))}</p>',
        _ranking_chart(tables["finder"], 1, 2, tr),
        _table(tables["finder"], tr, lang, folded=True),
        _heading("printouts", tr),
        _ranking_chart(tables["printouts"], 1, 2, tr),
        _heading("requests", tr),
        _ranking_chart(tables["requests"], 1, 2, tr),
        _heading("settings", tr),
        _ranking_chart(tables["settings"], 1, 2, tr),
        _table(tables["settings"], tr, lang),
        _heading("lengths", tr),
        _ranking_chart(tables["lengths"], 1, 2, tr, ordered=True),
        _heading("found", tr),
        _table(tables["found"], tr, lang),
        _heading("terminals", tr),
        _terminal_chart(tables["terminals"], tr),
        _table(tables["terminals"], tr, lang),
        _heading("screens", tr),
        _table(tables["screens"], tr, lang, folded=True),
        _heading("viewed_other", tr),
        _table(tables["viewed_other"], tr, lang, folded=True),
    ]  # fmt: skip
    for key in ("unreadable", "duplicates"):
        if tables[key].rows:
            parts += [_heading(key, tr), _table(tables[key], tr, lang)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _summary(report: Report, tr: Translator) -> list[str]:
    total, n = report.total, _number(tr.lang)
    average = total.session_seconds // total.sessions if total.sessions else 0
    figures = {
        "terminals": n(len(total.terminals)),
        "terminal_days": n(total.terminal_days),
        "sessions": n(total.sessions),
        "average": tr.gettext(words.MINUTES).format(m=average // 60, s=average % 60),
        "searches": n(total.searches),
        "found_nothing": n(total.found_nothing)
        + (f" ({total.found_nothing / total.searches:.0%})" if total.searches else ""),
        "finder_runs": n(total.finder_runs),
        "printouts": n(sum(total.printouts.values())),
        "requests": n(sum(total.requests.values())),
    }
    cells = [
        f"<div>{_escape(tr.gettext(words.SUMMARY[key]))}<b>{_escape(value)}</b></div>"
        for key, value in figures.items()
    ]
    return ['<div class="summary">', *cells, "</div>"]


def _heading(key: str, tr: Translator) -> str:
    return f'<h2 id="{key}">{_escape(tr.gettext(words.HEADINGS[key]))}</h2>'


def _ranking_chart(table: Table, name: int, value: int, tr: Translator, ordered=False) -> str:
    rows = [(str(r[name]), r[value]) for r in table.rows if r[value] or ordered]
    if not any(n for _, n in rows):
        return f"<p>{_escape(tr.gettext(words.NONE))}</p>"
    rows = rows if ordered else rows[:TOP]
    return charts.ranking(rows, tr.gettext(words.HEADINGS[table.key]))


def _terminal_chart(table: Table, tr: Translator) -> str:
    rows = sorted(((r[0], r[4]) for r in table.rows), key=lambda r: (-r[1], r[0]))[: TOP * 2]
    if not rows:
        return ""
    return charts.ranking(rows, tr.gettext(words.COLUMNS["sessions"]))


def _table(table: Table, tr: Translator, lang: str, css: str = "", folded=False) -> str:
    if not table.rows:
        return f"<p>{_escape(tr.gettext(words.NONE))}</p>"
    e, n = _escape, _number(lang)
    head = "".join(f"<th>{e(tr.gettext(words.COLUMNS[c]))}</th>" for c in table.columns)
    lines = [f'<div class="wide"><table class="{css}"><tr>{head}</tr>']
    for row in table.rows[:ROWS]:
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            if isinstance(value, int):
                cells.append(f'<td class="n">{e(n(value))}</td>')
            else:
                kind = (
                    "n" if column in NUMERIC
                    else "code" if column in CODES
                    else "date" if column in DATES
                    else "text" if column in TEXTS
                    else ""
                )  # fmt: skip
                cells.append(f'<td class="{kind}">{e(str(value))}</td>')
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</table></div>")
    if len(table.rows) > ROWS:
        more = tr.gettext(words.MORE_IN_CSV).format(shown=ROWS, n=len(table.rows))
        lines.append(f'<p class="meta">{e(more)}</p>')
    body = "\n".join(lines)
    if folded:
        return f"<details><summary>{e(tr.gettext(words.TABLE))}</summary>\n{body}\n</details>"
    return body


def _number(lang: str):
    return lambda value: format_decimal(value, locale=lang)


def _escape(text: str) -> str:
    return html.escape(terminal_safe(text), quote=True)
