"""`kiosk inbox list/show/done/html`: what staff see of the inbox. Times in Perm time; the
59-FZ 30-day deadline of complaints that give a reply address; and what citizens typed (or
anyone sealed) escaped: no markup in HTML, no formula in CSV, no control character on a
terminal."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from command import kiosk
from submissions import KINDS_FIELDS, Office, plaintext

import kiosk.cli.inbox as inbox_cli
from kiosk.core.requests import Envelope, kinds
from kiosk.core.requests.reference import ALPHABET, is_reference
from kiosk.office import views
from kiosk.office.inbox import Inbox, Item
from kiosk.office.pull import pull
from kiosk.office.sources import FolderSource

NOW = datetime(2026, 12, 10, 6, 0, tzinfo=UTC)  # 11:00 in Perm


def ref(seven: str) -> str:
    """The reference that starts with these seven symbols (its check symbol added)."""
    return next(r for c in ALPHABET if is_reference(r := f"{seven[:4]}-{seven[4:]}{c}"))


A, B, C, D, E, Z = (ref(s * 4 + d * 3) for s, d in zip("ABCDEZ", "234567", strict=True))
HOSTILE = "=HYPERLINK(\"http://x\")<script>alert('x')</script>&amp;\u202eevil\x1b[2J"


@pytest.fixture
def inbox_db(tmp_path, monkeypatch):
    """An inbox with a complaint that wants an answer (sent 2026-11-01 in Perm: due
    2026-12-01, overdue at NOW), one that does not, one due later, an appointment sent
    just before midnight UTC (the next day in Perm) and a rating with hostile text."""
    monkeypatch.setattr(inbox_cli, "_now", lambda: NOW)
    office = Office(tmp_path / "dropbox")
    sent = {
        "late": office.envelope("complaint", created="2026-11-01T09:00:00Z", reference=A),
        "no answer": office.envelope(
            "complaint",
            fields={"agency": "szn", "location": "perm-szn", "text": "Плохо", "answer": False},
            created="2026-10-01T09:00:00Z",
            reference=B,
        ),
        "due later": office.envelope("complaint", created="2026-12-05T09:00:00Z", reference=C),
        "appointment": office.envelope("appointment", created="2026-11-20T20:30:00Z", reference=D),
    }
    for envelope in sent.values():
        office.submit(envelope)
    db = tmp_path / "inbox.sqlite"
    with Inbox(db, create=True) as inbox:
        pull(FolderSource(office.root), office.key, inbox)
        # The strict reader refuses this; stored as if an older reader had let it through,
        # the views must still show it harmlessly.
        hostile = office.envelope(
            "rating",
            fields={"agency": "mfc", "location": "<b>office</b>", "comment": HOSTILE},
            created="2026-11-02T09:00:00Z",
            reference=E,
        )
        sent["hostile"] = hostile
        inbox.add(_envelope(hostile), plaintext(hostile).decode(), "rating/2026-11-02/x.sealed")
    return db, sent


def _envelope(document: dict) -> Envelope:
    return Envelope(
        id=document["id"],
        reference=document["reference"],
        kind=document["kind"],
        created=datetime.strptime(document["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
        terminal=document["terminal"],
        pack_id=document["pack"]["id"],
        pack_version=document["pack"]["version"],
        lang=document["lang"],
        fields=document["fields"],
    )


def test_list_is_oldest_first_in_perm_time_with_the_complaint_deadlines(inbox_db):
    db, _sent = inbox_db

    lines = kiosk("inbox", "list", "--db", db).stdout.splitlines()

    assert [line.split()[0] for line in lines] == [
        B,
        A,
        E,
        D,
        C,
    ]
    assert "2026-11-01 14:00" in lines[1] and "answer by 2026-12-01 OVERDUE" in lines[1]
    assert "answer by" not in lines[0]  # no address, no answer (59-FZ)
    assert "2026-11-21 01:30" in lines[3]  # after midnight in Perm
    assert lines[4].endswith("answer by 2027-01-04")
    assert "\x1b" not in "".join(lines)


def test_kind_and_open_filter_and_done_closes_by_any_spelling_of_the_reference(inbox_db):
    db, _sent = inbox_db

    done = kiosk("inbox", "done", A.lower().replace("-", " "), "--db", db)
    again = kiosk("inbox", "done", A.replace("-", ""), "--db", db)
    complaints = kiosk("inbox", "list", "--db", db, "--kind", "complaint", "--open").stdout

    assert done.stdout == f"{A}: done\n" and again.stdout == f"{A}: was done already\n"
    assert [line.split()[0] for line in complaints.splitlines()] == [B, C]
    assert A in kiosk("inbox", "list", "--db", db, "--kind", "complaint").stdout
    unknown = kiosk("inbox", "show", Z, "--db", db)
    assert unknown.returncode == 1 and "no submission" in unknown.stderr


def test_show_has_every_field_and_no_control_character(inbox_db):
    db, sent = inbox_db

    late = kiosk("inbox", "show", A.lower(), "--db", db).stdout
    hostile = kiosk("inbox", "show", E.lower().replace("-", ""), "--db", db).stdout

    assert "Answer by:  2026-12-01 (OVERDUE)" in late
    assert "Sent:       2026-11-01 14:00 (Perm time)" in late
    assert sent["late"]["fields"]["text"] in late
    assert "maria@example.org" in late
    assert "\x1b" not in hostile and "\u202e" not in hostile
    assert "\\u001b[2J" in hostile and "\\u202eevil" in hostile


def test_json_has_every_field_as_sent(inbox_db):
    db, sent = inbox_db

    records = json.loads(kiosk("inbox", "list", "--db", db, "--json").stdout)

    by_reference = {record["reference"]: record for record in records}
    assert by_reference[D]["fields"] == sent["appointment"]["fields"]
    assert by_reference[A]["overdue"] == "yes"
    # Hidden characters are \u escapes in the JSON text: the same string once read.
    assert by_reference[E]["fields"]["comment"] == HOSTILE


def test_csv_cells_are_never_formulas(inbox_db):
    db, _sent = inbox_db

    text = kiosk("inbox", "list", "--db", db, "--csv").stdout

    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    hostile = next(row for row in rows if row["reference"] == E)
    assert hostile["comment"].startswith("'=HYPERLINK(")
    appointment = next(row for row in rows if row["reference"] == D)
    assert appointment["phone"] == "'+79001234567"
    assert appointment["sent"] == "2026-11-21 01:30"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(views.FORMULA_START), cell
    assert "\x1b" not in text


class _Page(HTMLParser):
    """The tags and text of a page, and its fields: (key, caption, value) a <dt>/<dd> pair,
    the caption being the <dt>'s words without the small key beside them."""

    def __init__(self):
        super().__init__()
        self.tags, self.text, self.fields = [], [], []
        self._in = None  # "caption", "key" or "value"

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "dt":
            self.fields.append(["", "", ""])
            self._in = "caption"
        elif tag == "span" and self._in == "caption" and ("class", "key") in attrs:
            self._in = "key"
        elif tag == "dd":
            self._in = "value"

    def handle_endtag(self, tag):
        if tag == "span" and self._in == "key":
            self._in = "caption"
        elif tag in ("dt", "dd"):
            self._in = None

    def handle_data(self, data):
        if self.tags[-1:] != ["style"]:
            self.text.append(data)
        if self._in is not None:
            column = {"key": 0, "caption": 1, "value": 2}[self._in]
            self.fields[-1][column] += data

    @classmethod
    def of(cls, page: str) -> _Page:
        parsed = cls()
        parsed.feed(page)
        parsed.fields = [(key, caption.strip(), value) for key, caption, value in parsed.fields]
        return parsed


FIELD_NAMES = {field.name for fields in kinds.FIELDS.values() for field in fields}


def test_html_page_has_the_open_items_by_kind_and_office_escaped(inbox_db, tmp_path):
    db, _sent = inbox_db
    kiosk("inbox", "done", C, "--db", db)
    page_path = tmp_path / "open.html"

    ran = kiosk("inbox", "html", "--db", db, "-o", page_path)

    assert ran.returncode == 0 and "4 open item(s)" in ran.stdout
    page = page_path.read_text("utf-8")
    parsed = _Page.of(page)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    text = "".join(parsed.text)
    assert "<script>alert('x')</script>" in text and "<b>office</b>" in text
    assert "default-src 'none'" in page
    assert C not in page  # done
    titles = ("Заявки на приём", "Оценки качества услуг", "Жалобы")
    headings = [page.index(f"<h2>{title}: ") for title in titles]
    assert headings == sorted(headings)
    assert page.index(B) < page.index(A)  # oldest first
    assert 'class="item overdue"' in page
    assert "\x1b" not in page and "\u202e" not in page


def test_html_page_is_in_russian_with_captions_and_codes_in_words(inbox_db, tmp_path):
    db, _sent = inbox_db
    page_path = tmp_path / "open.html"

    kiosk("inbox", "html", "--db", db, "-o", page_path)

    page = page_path.read_text("utf-8")
    parsed = _Page.of(page)
    text = "".join(parsed.text)
    assert '<html lang="ru">' in page and "<title>Открытые обращения</title>" in page
    assert "<h1>Открытые обращения: 5</h1>" in page
    assert "Сведения на 10 декабря 2026 г., 11:00 по пермскому времени." in text
    assert "в течение 30 дней (ст. 12 Федерального закона № 59-ФЗ)" in text
    assert "<h2>Жалобы: 3</h2>" in page and "<h3>Отделение: perm-szn</h3>" in page
    assert "Отправлено 1 ноября 2026 г., 14:00 с терминала perm-mfc-1-kiosk" in text
    assert "Ответить до 1 декабря 2026 г. — ПРОСРОЧЕНО" in text  # sent Nov 1 in Perm
    assert "Ответить до 4 января 2027 г.</p>" in page  # due later: not overdue
    assert page.count("ПРОСРОЧЕНО") == 1
    fields = {(key, caption): value for key, caption, value in parsed.fields}
    assert fields["part_of_day", "Время дня"] == "Утром (до 12:00)"
    assert fields["day", "Желаемый день"] == "5 ноября 2026 г."
    assert fields["phone", "Телефон"] == "+7 (900) 123-45-67"
    assert fields["reply_by", "Как ответить"] == "Электронной почтой"
    assert fields["reply_to", "Адрес для ответа"] == "maria@example.org"
    assert fields["answer", "Нужен ли ответ"] == "Да"
    assert ("answer", "Нужен ли ответ", "Нет") in parsed.fields  # B wants none
    for english in ("Answer by", "OVERDUE", "Inbox", "Office:", "Nothing open", "sent ", "as of"):
        assert english not in text
    for key, caption, _value in parsed.fields:
        assert caption and caption != key and caption not in FIELD_NAMES, (key, caption)
        assert key in FIELD_NAMES | {kinds.CONSENT}


def test_html_page_in_english_with_lang_en(inbox_db, tmp_path):
    db, _sent = inbox_db
    page_path = tmp_path / "open-en.html"

    ran = kiosk("inbox", "html", "--db", db, "-o", page_path, "--lang", "en")

    assert ran.returncode == 0
    page = page_path.read_text("utf-8")
    parsed = _Page.of(page)
    text = "".join(parsed.text)
    assert '<html lang="en">' in page and "<h1>Open requests: 5</h1>" in page
    assert "As of December 10, 2026, 11:00, Perm time." in text
    assert "<h2>Complaints: 3</h2>" in page and "<h3>Office: perm-szn</h3>" in page
    assert "Answer by December 1, 2026 — OVERDUE" in text
    assert "Sent November 1, 2026, 14:00 from terminal perm-mfc-1-kiosk" in text
    assert ("part_of_day", "Time of day", "Morning (before 12:00)") in parsed.fields
    assert ("answer", "Answer wanted", "Yes") in parsed.fields
    assert ("reply_by", "How to reply", "By email") in parsed.fields
    for key, caption, _value in parsed.fields:
        assert caption.isascii() and caption != key and caption not in FIELD_NAMES, caption
    assert "ПРОСРОЧЕНО" not in page and "Жалобы" not in page
    assert "default-src 'none'" in page and "script" not in parsed.tags
    assert kiosk("inbox", "html", "--db", db, "-o", page_path, "--lang", "de").returncode == 2


EVERY_FIELD = {
    **KINDS_FIELDS,
    "rating": KINDS_FIELDS["rating"] | {"service": "child-birth-grant"},
    "wrong_info": KINDS_FIELDS["wrong_info"] | {"wrong": "other", "text": "Переехали"},
    "about_me": KINDS_FIELDS["about_me"] | {"district": "perm-dzerzhinsky"},
}
"""A form of each kind with every field it has filled in."""


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_field_is_captioned_by_its_key_and_no_code_is_shown_raw(tmp_path, lang):
    office = Office(tmp_path)
    items = [_item(office.envelope(kind, fields)) for kind, fields in EVERY_FIELD.items()]

    parsed = _Page.of(views.as_html(items, NOW, lang))

    assert {key for key, _caption, _value in parsed.fields} == FIELD_NAMES | {kinds.CONSENT}
    captions = {caption for _key, caption, _value in parsed.fields}
    assert not captions & (FIELD_NAMES | {kinds.CONSENT, ""})
    shown = {(kind, key): value for kind, key, value in _by_kind(parsed, items)}
    for kind, fields in EVERY_FIELD.items():
        specs = kinds.fields_of(kind)
        for name, value in fields.items():
            spec = specs.get(name)
            if isinstance(value, bool) or (spec and spec.type == kinds.CHOICE):
                code, words = str(value), shown[kind, name]
                # In English a word may be its code ("other"), but never as the code is.
                assert code.lower() not in words.lower() if lang == "ru" else code != words
            elif spec and spec.type == kinds.SCORE:
                assert shown[kind, name].startswith(f"{value} ") and value in (1, 2, 3, 4, 5)
    assert shown["about_me", "household"] == "жена\nсын 5 лет"  # an item a line
    assert shown["about_me", "district"] == "perm-dzerzhinsky"  # an id stays an id
    words = {"ru": "4 из 5 — хорошо", "en": "4 of 5 — good"}[lang]
    assert shown["rating", "staff"] == words


def test_a_field_no_form_has_and_a_value_of_the_wrong_type_are_shown_as_they_are(tmp_path):
    fields = {"agency": "mfc", "location": "x", "waiting": {"a": 1}, "staff": 9, "new_one": "?"}
    item = _item(Office(tmp_path).envelope("rating", fields))

    parsed = _Page.of(views.as_html([item], NOW))

    assert ("new_one", "Другое поле", "?") in parsed.fields
    assert ("waiting", "Время ожидания в очереди", "{'a': 1}") in parsed.fields
    assert ("staff", "Вежливость и компетентность сотрудников", "9") in parsed.fields


def _by_kind(parsed: _Page, items: list[Item]):
    """(kind, key, value) for each field shown, the items being in the page's order."""
    fields = iter(parsed.fields)
    for item in sorted(items, key=lambda i: views.KINDS.index(i.kind)):
        for _name in item.fields:
            key, _caption, value = next(fields)
            yield item.kind, key, value


def _item(envelope: dict) -> Item:
    """`envelope` as the inbox holds it (not read strictly: the views must show anything)."""
    return Item(
        id=envelope["id"],
        reference=envelope["reference"],
        kind=envelope["kind"],
        created=_envelope(envelope).created,
        office="",
        envelope=envelope,
        source="",
        pulled=NOW,
        done=None,
    )


def test_the_deadline_is_thirty_days_from_the_day_sent_in_perm(tmp_path):
    office = Office(tmp_path)
    envelope = office.envelope("complaint", created="2026-01-31T19:30:00Z")  # Feb 1 in Perm

    item = _item(envelope)
    assert str(views.answer_by(item)) == "2026-03-03"
    assert not views.overdue(item, datetime(2026, 3, 3, 18, 59, tzinfo=UTC))  # 23:59 in Perm
    assert views.overdue(item, datetime(2026, 3, 3, 19, 0, tzinfo=UTC))


def test_commands_on_a_missing_inbox_say_so_and_make_nothing(tmp_path):
    ran = kiosk("inbox", "list", "--db", tmp_path / "none.sqlite")

    assert ran.returncode == 1 and "no inbox here" in ran.stderr
    assert not (tmp_path / "none.sqlite").exists()
