"""The usage report over three terminals' ten days (tests/usage_days.py): totals, per
terminal, by day and hour, the content gaps most asked first; a day found twice counted
once, a bad file listed, the dates filtered; the page self-contained and escaped."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta

from click.testing import CliRunner
from usage_days import DAYS, FIRST, TERMINALS, all_days, day, document, write_dropbox

from content.presentation.i18n import translator
from kiosk.cli.main import cli
from kiosk.office import usage_report
from kiosk.office.sources import FolderSource
from kiosk.office.usage_report_files import collect
from kiosk.office.usage_report_page import as_html
from kiosk.office.usage_report_tables import tables


def report_of(*roots, first=None, last=None):
    collected = collect([(str(r), FolderSource(r)) for r in roots], first, last)
    return usage_report.build(collected, first, last)


def test_the_totals_are_the_sum_of_every_terminals_days(tmp_path):
    report = report_of(write_dropbox(tmp_path))

    total, days = report.total, all_days()
    assert total.terminal_days == 30 and total.terminals == set(TERMINALS)
    # Terminal t on day d has 10*(t+1)+d sessions: 3*45 + (10+20+30)*10 = 735.
    assert total.sessions == sum(d.sessions for d in days) == 735
    assert total.searches == 750 and total.found_nothing == 450
    assert total.printouts == {"leaflet": 60, "slip": 30}
    assert total.requests == {"appointment": 30, "complaint": 3 * (0 + 1 + 2) * 3 + 3 * 0}
    assert total.viewed["service"]["child-birth-grant"] == 10 * (5 + 6 + 7)
    assert total.touches_by_hour[9] == 735 and total.touches_by_hour[14] == 1470
    assert total.touches_by_hour[17] == 3 * sum(range(DAYS))
    assert sum(total.touches_by_hour[h] for h in range(24) if h not in (9, 14, 17)) == 0


def test_each_terminal_and_each_day_has_its_own_counts(tmp_path):
    report = report_of(write_dropbox(tmp_path))

    assert list(report.by_terminal) == sorted(TERMINALS)
    assert report.by_terminal["kungur-mfc-3"].sessions == 30 * 10 + 45
    assert report.by_terminal["perm-uszn-lenina-1"].sessions == 10 * 10 + 45
    assert list(report.by_date) == [FIRST + timedelta(days=n) for n in range(DAYS)]
    assert report.by_date[FIRST].sessions == 10 + 20 + 30
    assert report.by_date[FIRST + timedelta(days=9)].sessions == 60 + 27
    rows = tables(report, translator("ru"))["terminals"].rows
    assert rows[0][:5] == ("kungur-mfc-3", 10, "2026-12-01", "2026-12-10", 345)


def test_the_searches_that_found_nothing_come_most_asked_first(tmp_path):
    report = report_of(write_dropbox(tmp_path))

    assert usage_report.gaps(report.total) == [
        ("субсидия на газ", 10 * (3 + 4 + 5), 3),
        ("ремонт крыши", 5 * 4 * 3, 3),  # the even days only
        ("путевка в лагерь", 10 * 5, 1),
    ]


def test_a_day_found_twice_is_counted_once_and_said_so(tmp_path):
    box, copy = write_dropbox(tmp_path / "box"), tmp_path / "usb"
    changed = day(TERMINALS[0], FIRST)
    write_dropbox(copy, [changed, day(TERMINALS[1], FIRST)])
    doc = document(changed)
    doc["sessions"]["count"] = 999  # a copy that says something else: still not counted
    (copy / "stats" / TERMINALS[0] / "2026-12-01.json").write_text(json.dumps(doc))

    report = report_of(box, copy)

    assert report.total.terminal_days == 30 and report.total.sessions == 735
    assert [(d.terminal, d.day, d.same) for d in report.duplicates] == [
        (TERMINALS[1], FIRST, True),
        (TERMINALS[0], FIRST, False),
    ]
    page = as_html(report, tables(report, translator("ru")), "ru")
    assert "повторных файлов не учтено — 2" in page


def test_the_dates_from_and_to_are_both_included_and_the_rest_not_read(tmp_path):
    box = write_dropbox(tmp_path)
    (box / "stats" / TERMINALS[0] / "2026-11-30.json").write_text("not even JSON")

    report = report_of(box, first=date(2026, 12, 3), last=date(2026, 12, 4))

    assert report.total.terminal_days == 6 and not report.unreadable
    assert list(report.by_date) == [date(2026, 12, 3), date(2026, 12, 4)]


def test_a_file_that_does_not_read_is_listed_with_its_reason_and_counted_nowhere(tmp_path):
    box = write_dropbox(tmp_path)
    folder = box / "stats" / TERMINALS[1]
    (folder / "2026-12-11.json").write_text('{"schema": 1, "terminal"')
    (folder / "2026-12-12.json").write_text(day(TERMINALS[0], FIRST).to_json())
    (folder / "notes.txt").write_text("x")
    (folder / ".2026-12-13.json.tmp").write_text("half")

    report = report_of(box)

    reasons = {where.rsplit("/", 1)[1]: why for where, why in report.unreadable}
    assert reasons.keys() == {"2026-12-11.json", "2026-12-12.json", "notes.txt"}
    assert reasons["2026-12-11.json"].startswith("not JSON")
    assert "lies in 'perm-library-2'" in reasons["2026-12-12.json"]
    assert report.total.terminal_days == 30
    assert report.last == date(2026, 12, 10)


def test_the_page_is_self_contained_escaped_and_in_russian(tmp_path):
    one = day(TERMINALS[0], FIRST)
    doc = document(one)
    doc["searches"]["kept_found_nothing"]["<img src=x onerror=alert(‼)>"] = 3
    doc["searches"]["found_nothing"], doc["searches"]["count"] = 90, 100
    box = write_dropbox(tmp_path)
    (box / "stats" / TERMINALS[0] / "2026-12-01.json").write_text(json.dumps(doc))

    report = report_of(box)
    page = as_html(report, tables(report, translator("ru")), "ru")

    assert "&lt;img src=x onerror=alert(‼)&gt;" in page and "<img" not in page
    assert "<script" not in page and "javascript:" not in page
    # Nothing is loaded from anywhere: no src or href at all, no @import or url().
    assert not re.search(r"\b(src|href)\s*=|@import|url\(", page.replace("src=x", ""))
    assert page.count("<svg") >= 9
    assert "Что искали и не нашли" in page and '<html lang="ru">' in page


def test_the_command_writes_the_page_and_a_csv_file_a_table(tmp_path):
    box = write_dropbox(tmp_path / "box")
    (box / "stats" / TERMINALS[0] / "2026-12-11.json").write_text("[]")
    runner = CliRunner()

    result = runner.invoke(cli, [
        "stats", "report", str(box), "--html", str(tmp_path / "u.html"), "--csv",
        str(tmp_path / "csv"), "--from", "2026-12-01", "--to", "2026-12-31", "--lang", "en",
    ])  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "3 terminals, 30 days, 735 sessions" in result.stdout
    assert "субсидия на газ  (3 terminals)" in result.stdout
    assert "2026-12-11.json: not a JSON object" in result.stderr
    assert '<html lang="en">' in (tmp_path / "u.html").read_text("utf-8")
    with open(tmp_path / "csv" / "gaps.csv", encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f))[:2] == [["text", "times", "on_terminals"],
                                           ["субсидия на газ", "120", "3"]]  # fmt: skip
    with open(tmp_path / "csv" / "days.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 1 + 31  # every day asked for, with or without files
    assert (tmp_path / "csv" / "unreadable.csv").read_text("utf-8-sig").count("\n") == 2


def test_a_cell_a_spreadsheet_would_run_is_made_text(tmp_path):
    doc = document(day(TERMINALS[0], FIRST))
    doc["searches"]["kept_found_nothing"] = {"=hyperlink(x)": 3, "+сумма": 3}
    box = write_dropbox(tmp_path / "box", [])
    (box / "stats" / TERMINALS[0]).mkdir(parents=True)
    (box / "stats" / TERMINALS[0] / "2026-12-01.json").write_text(json.dumps(doc))

    result = CliRunner().invoke(cli, ["stats", "report", str(box), "--csv", str(tmp_path / "c")])

    assert result.exit_code == 0, result.output
    gaps = (tmp_path / "c" / "gaps.csv").read_text("utf-8-sig")
    assert "'=hyperlink(x)" in gaps and "'+сумма" in gaps


def test_the_dates_are_read_strictly_and_an_output_is_required(tmp_path):
    box = write_dropbox(tmp_path / "box", [])
    runner = CliRunner()
    out = ["--html", str(tmp_path / "u.html")]

    for bad in ("20261201", "2026-13-01", "1.12.2026", "2026-12-1"):
        result = runner.invoke(cli, ["stats", "report", str(box), "--from", bad, *out])
        assert result.exit_code == 2, result.output
        assert "YYYY-MM-DD" in result.output or "not a date" in result.output
    reversed_ = runner.invoke(
        cli, ["stats", "report", str(box), "--from", "2026-12-05", "--to", "2026-12-01", *out]
    )
    assert reversed_.exit_code == 2 and "after --to" in reversed_.output
    assert runner.invoke(cli, ["stats", "report", str(box)]).exit_code == 2
    missing = runner.invoke(cli, ["stats", "report", str(tmp_path / "none"), *out])
    assert missing.exit_code == 1 and "not a folder" in missing.output


def test_a_pack_names_the_services(tmp_path, demo_pack):
    box = write_dropbox(tmp_path / "box")
    page = tmp_path / "u.html"

    result = CliRunner().invoke(
        cli, ["stats", "report", str(box), "--html", str(page), "--pack", str(demo_pack)]
    )

    assert result.exit_code == 0, result.output
    text = page.read_text("utf-8")
    assert "Единовременное пособие при рождении ребёнка" in text
    assert "pension-help" in text  # an id the pack does not have stays an id
