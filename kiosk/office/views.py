"""The inbox as staff read it: lines for a terminal, JSON and CSV for scripts and
spreadsheets, and one HTML page of the open items.

Everything a citizen typed (and everything in an envelope: anyone with a pack can seal one)
is outside input here. Control and invisible characters are shown as \\u escapes
everywhere, so no text can move a terminal's cursor, recolour it or reorder a line; in HTML
everything is escaped and the page allows no script; in CSV a cell that a spreadsheet
would take for a formula (= + - @ and tab or CR first) is prefixed with an apostrophe.

The HTML page is in Russian (English if asked), in words: each field with a caption, each
code (a choice, a flag, a score) as the citizen's form said it (kiosk/office/wording.py),
and its key beside, small, for those who script. The lines, the JSON and the CSV keep the
keys and codes as they were sent: scripts read them.

Times are shown in Perm time (Asia/Yekaterinburg), for the staff who read them. A complaint
that asks for an answer at an address must be answered within 30 days (59-FZ, art. 12);
the deadline counts from the day it was sent, in Perm, which is never later than the day it
is registered.
"""

from __future__ import annotations

import csv
import html
import io
import json
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from content.presentation.i18n import Translator, translator
from content.presentation.wording import format_date, format_moment
from kiosk.core.requests.kinds import COMPLAINT_ANSWER_DAYS, KINDS
from kiosk.office import wording
from kiosk.office.inbox import OFFICE_FIELDS, Item

PERM = ZoneInfo("Asia/Yekaterinburg")
ANSWER_DAYS = COMPLAINT_ANSWER_DAYS
"""59-FZ, article 12: an appeal is answered within 30 days of its registration."""

KIND_TITLES = wording.KIND_TITLES
"""Each kind's heading on the page: a Russian msgid, translated where shown."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def perm_time(moment: datetime) -> str:
    """`moment` as a Perm wall-clock time, to the minute."""
    return moment.astimezone(PERM).strftime("%Y-%m-%d %H:%M")


def perm_today(now: datetime) -> date:
    return now.astimezone(PERM).date()


def answer_by(item: Item) -> date | None:
    """The last day to answer a complaint that gives a reply address; None for the rest."""
    fields = item.fields
    reply_to = fields.get("reply_to")
    if item.kind != "complaint" or fields.get("answer") is not True:
        return None
    if not isinstance(reply_to, str) or not reply_to.strip():
        return None  # 59-FZ: an appeal without an address for the answer gets none
    return item.created.astimezone(PERM).date() + timedelta(days=ANSWER_DAYS)


def overdue(item: Item, now: datetime) -> bool:
    due = answer_by(item)
    return item.done is None and due is not None and perm_today(now) > due


def status(item: Item) -> str:
    return "open" if item.done is None else "done"


# -- a terminal


def terminal_safe(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control, format (bidi, zero-width) and separator character but the
    space shown as a \\u escape; newlines and tabs kept if asked."""
    out = []
    for char in text:
        if keep_newlines and char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def list_lines(items: Iterable[Item], now: datetime) -> list[str]:
    """One line an item: reference, kind, when (Perm), status, deadline, office."""
    lines = []
    for item in items:
        due = answer_by(item)
        deadline = ""
        if due is not None and item.done is None:
            deadline = f"answer by {due}" + (" OVERDUE" if overdue(item, now) else "")
        office = terminal_safe(item.office) or "-"
        lines.append(
            f"{item.reference}  {item.kind:<11}  {perm_time(item.created)}  "
            f"{status(item):<4}  {office}" + (f"  {deadline}" if deadline else "")
        )
    return lines


def show_text(item: Item, now: datetime) -> str:
    """Everything about one item, for a terminal."""
    envelope = item.envelope
    lines = [
        f"Reference:  {item.reference}",
        f"Kind:       {item.kind}",
        f"Sent:       {perm_time(item.created)} (Perm time)",
        f"Status:     {status(item)}"
        + (f" since {perm_time(item.done)}" if item.done is not None else ""),
    ]
    due = answer_by(item)
    if due is not None:
        lines.append(f"Answer by:  {due}" + (" (OVERDUE)" if overdue(item, now) else ""))
    lines += [
        f"Office:     {terminal_safe(item.office) or '-'}",
        f"Terminal:   {terminal_safe(envelope['terminal']) or '-'}",
        f"Pack:       {terminal_safe(envelope['pack']['id'])} "
        f"version {envelope['pack']['version']}",
        f"Language:   {envelope['lang']}",
        f"Id:         {item.id}",
        f"Pulled:     {perm_time(item.pulled)} from {terminal_safe(item.source)}",
        "",
    ]
    for name, value in item.fields.items():
        text = terminal_safe(_value_text(value), keep_newlines=True)
        if "\n" in text:
            text = "\n    " + text.replace("\n", "\n    ")
        lines.append(f"{name}: {text}")
    return "\n".join(lines)


# -- scripts and spreadsheets


def as_json(items: Iterable[Item], now: datetime) -> str:
    """The items as a JSON list: each with its envelope's fields as they were sent."""
    records = [_record(item, now) | {"fields": item.fields} for item in items]
    text = json.dumps(records, ensure_ascii=False, indent=2)
    # JSON escapes only C0 controls; C1 controls and bidi marks would reach a terminal raw.
    return terminal_safe(text, keep_newlines=True)


def as_csv(items: Iterable[Item], now: datetime) -> str:
    """The items as CSV for a spreadsheet: fixed columns, then one a field name. A UTF-8
    byte order mark first: without it Excel reads UTF-8 as the ANSI code page."""
    items = list(items)
    names: list[str] = []
    for item in items:
        names += [name for name in item.fields if name not in names]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    fixed = ["reference", "kind", "sent", "office", "status", "done", "answer_by", "overdue", "id"]
    writer.writerow(fixed + names)
    for item in items:
        record = _record(item, now)
        row = [record[column] for column in fixed]
        row += [_value_text(item.fields[name]) if name in item.fields else "" for name in names]
        writer.writerow([_cell(value) for value in row])
    return "\ufeff" + out.getvalue()


def _record(item: Item, now: datetime) -> dict[str, Any]:
    due = answer_by(item)
    return {
        "reference": item.reference,
        "kind": item.kind,
        "sent": perm_time(item.created),
        "office": item.office,
        "status": status(item),
        "done": perm_time(item.done) if item.done else "",
        "answer_by": str(due) if due else "",
        "overdue": "yes" if overdue(item, now) else "",
        "id": item.id,
    }


def _cell(value: Any) -> str:
    text = terminal_safe(str(value), keep_newlines=True)
    # A spreadsheet runs a cell that starts so as a formula (=HYPERLINK, =cmd|…): the
    # apostrophe makes it text, as OWASP's advice on CSV injection says.
    return "'" + text if text.startswith(FORMULA_START) else text


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


# -- the HTML page

STYLE = """
body { font-family: sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 2px solid #333; }
h3 { margin-top: 1.2em; color: #333; }
.item { border: 1px solid #bbb; border-radius: 4px; padding: .5em 1em; margin: .6em 0; }
.item.overdue { border: 3px solid #b00020; }
.due { font-weight: bold; } .overdue .due { color: #b00020; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
.meta { color: #555; font-size: .9em; }
.key { color: #888; font-weight: normal; font-size: .8em; font-family: monospace; }
"""


def as_html(items: Iterable[Item], now: datetime, lang: str = "ru") -> str:
    """One page of the open items: by kind, then by office, the oldest first; in `lang`."""
    open_items = [item for item in items if item.done is None]
    tr = translator(lang)
    _ = tr.gettext
    e = _escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        # The page is a file on a desk, made of what strangers typed: nothing in it may run.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{e(_(wording.TITLE))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{e(_(wording.OPEN_COUNT).format(n=len(open_items)))}</h1>",
        f'<p class="meta">{e(_(wording.AS_OF).format(moment=_moment(now, lang)))}</p>',
        f'<p class="meta">{e(wording.deadline_note(ANSWER_DAYS, tr))}</p>',
    ]
    for kind in KINDS:
        of_kind = [item for item in open_items if item.kind == kind]
        if not of_kind:
            continue
        parts.append(f"<h2>{e(_(KIND_TITLES[kind]))}: {len(of_kind)}</h2>")
        for office in sorted({item.office for item in of_kind}):
            here = sorted(
                (i for i in of_kind if i.office == office), key=lambda i: (i.created, i.id)
            )
            parts.append(f"<h3>{e(_office_heading(office, here[0], tr))}</h3>")
            parts += [_html_item(item, now, tr) for item in here]
    if not open_items:
        parts.append(f"<p>{e(_(wording.NOTHING_OPEN))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _moment(moment: datetime, lang: str) -> str:
    """`moment` in Perm time, as a long date and a time: "1 ноября 2026 г., 14:00"."""
    return format_moment(moment.isoformat(), lang, PERM)


def _office_heading(office: str, first: Item, tr: Translator) -> str:
    """ "Отделение: …" when the items name an office, "Организация: …" when only an
    agency (inbox.office_of: the office, else the agency), or that none is named."""
    if not office:
        return tr.gettext(wording.NO_OFFICE)
    named = next(
        (name for name in OFFICE_FIELDS if _stripped(first.fields.get(name)) == office), ""
    )
    if named == "agency":
        return tr.gettext(wording.AGENCY).format(agency=office)
    return tr.gettext(wording.OFFICE).format(office=office)


def _stripped(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _html_item(item: Item, now: datetime, tr: Translator) -> str:
    _ = tr.gettext
    e = _escape
    late = overdue(item, now)
    due = answer_by(item)
    sent = _(wording.SENT).format(
        moment=_moment(item.created, tr.lang), terminal=item.envelope["terminal"] or "—"
    )
    lines = [
        f'<div class="item{" overdue" if late else ""}">',
        f'<p><strong>{e(item.reference)}</strong> <span class="meta">{e(sent)}</span></p>',
    ]
    if due is not None:
        deadline = _(wording.ANSWER_BY).format(date=format_date(due.isoformat(), tr.lang))
        if late:
            deadline += " — " + _(wording.OVERDUE)
        lines.append(f'<p class="due">{e(deadline)}</p>')
    lines.append("<dl>")
    for name in wording.field_order(item.kind, item.fields):
        caption = wording.caption(item.kind, name, tr)
        words = wording.value_words(item.kind, name, item.fields[name], tr)
        lines.append(f'<dt>{e(caption)} <span class="key">{e(name)}</span></dt><dd>{e(words)}</dd>')
    lines.append("</dl></div>")
    return "\n".join(lines)


def _escape(text: str) -> str:
    # Hidden characters shown as \u escapes here too: staff should see that they are there.
    return html.escape(terminal_safe(text, keep_newlines=True), quote=True)
