"""The fleet report over 50 terminals' status files: exactly the ones in trouble are flagged,
worst first; a file that is no status report is flagged, never trusted in part or a crash.
The staff read it in Russian; `--lang en` says the same in English, and --json keeps its
English keys."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from content.presentation.i18n import translator
from kiosk.cli.main import cli
from kiosk.core.status import Marker, Status, StatusError, parse_status
from kiosk.office import fleet

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
GB = 2**30


def healthy(n: int) -> Status:
    return Status(
        terminal=f"perm-{n:03d}",
        reported_at=NOW - timedelta(minutes=3),
        upload_interval_seconds=300,
        app_version="0.19",
        pack_id="perm-demo",
        pack_version=42,
        pack_date="2026-11-20",
        last_sync=NOW - timedelta(hours=1),
        printer_state="idle",
        markers=(Marker("black", 60),),
        pages_today=12,
        disk_free_bytes=20 * GB,
        disk_total_bytes=60 * GB,
        uptime_seconds=3600,
        outbox_depth=0,
        last_touch=NOW - timedelta(minutes=10),
    )


TROUBLE = {
    3: ("silent", dict(reported_at=NOW - timedelta(minutes=11))),  # 2 x 300 s = 10 min
    7: ("silent", dict(reported_at=NOW - timedelta(days=3))),
    11: ("pack behind", dict(pack_version=41)),
    15: ("printer stopped", dict(printer_state="stopped", printer_reasons=("other-error",))),
    19: ("out of paper", dict(printer_reasons=("media-empty-error",))),
    23: ("toner low", dict(markers=(Marker("black", 4),))),
    27: ("toner low", dict(printer_reasons=("toner-low-report",))),
    31: ("disk low", dict(disk_free_bytes=5 * GB)),
    35: ("outbox stuck", dict(outbox_depth=3, outbox_oldest=NOW - timedelta(hours=25))),
    39: ("printer stopped", dict(printer_state="missing")),
}
"""Terminal number -> the one flag its status should raise."""

FINE_BUT_CLOSE = {
    4: dict(reported_at=NOW - timedelta(minutes=9)),  # under two intervals
    12: dict(markers=(Marker("black", 10), Marker("unknown", -1))),  # 10 % is not low; -1 unknown
    32: dict(disk_free_bytes=6 * GB + 1),  # just over a tenth
    36: dict(outbox_depth=2, outbox_oldest=NOW - timedelta(hours=23)),  # under a day
    40: dict(outbox_depth=0, outbox_oldest=NOW - timedelta(days=5)),  # nothing waits
    44: dict(printer_state="processing", printer_reasons=("none",)),
}


def fleet_of_50() -> list[Status]:
    statuses = []
    for n in range(50):
        status = healthy(n)
        if n in TROUBLE:
            status = replace(status, **TROUBLE[n][1])
        if n in FINE_BUT_CLOSE:
            status = replace(status, **FINE_BUT_CLOSE[n])
        statuses.append(status)
    return statuses


def test_of_50_terminals_exactly_the_ones_in_trouble_are_flagged_worst_first():
    rows = fleet.assess(fleet_of_50(), [("broken.json", "not JSON")], NOW)
    flagged = {r.name: r.flags for r in rows if r.flags}
    expected = {f"perm-{n:03d}": [flag] for n, (flag, _) in TROUBLE.items()}
    expected["broken.json"] = ["unreadable"]
    assert flagged == expected
    assert [r.severity for r in rows] == sorted((r.severity for r in rows), reverse=True)
    assert rows[0].name == "broken.json" and {r.name for r in rows[1:3]} == {"perm-003", "perm-007"}
    notes = {r.name: " ".join(n.text(translator("en")) for n in r.notes) for r in rows}
    assert "3.0 days" in notes["perm-007"] and "11 min" in notes["perm-003"]
    assert "media-empty" in notes["perm-019"] and "black 4 %" in notes["perm-023"]
    russian = {r.name: " ".join(n.text(translator("ru")) for n in r.notes) for r in rows}
    assert "3,0 дн." in russian["perm-007"] and "11 мин" in russian["perm-003"]
    assert "media-empty" in russian["perm-019"] and "black: осталось 4 %" in russian["perm-023"]


ENGLISH_NOTES = {
    "perm-003": "no report for 11 min",
    "perm-007": "no report for 3.0 days",
    "perm-011": "pack 41, newest 42",
    "perm-015": "printer stopped: other-error",
    "perm-019": "out of paper (media-empty)",
    "perm-023": "black 4 %",
    "perm-027": "toner low (toner-low)",
    "perm-031": "8% of the disk free",
    "perm-035": "3 waiting, the oldest for 25.0 h",
    "perm-039": "printer missing",
    "broken.json": "not JSON",
    "x.json": "'reported_at' has no time zone",
    "huge.json": "too large for a status report",
}
RUSSIAN_NOTES = {
    "perm-003": "нет отчёта 11 мин",
    "perm-007": "нет отчёта 3,0 дн.",
    "perm-011": "пакет 41, новейший 42",
    "perm-015": "принтер остановлен: other-error",
    "perm-019": "бумага закончилась (media-empty)",
    "perm-023": "black: осталось 4 %",
    "perm-027": "тонер заканчивается (toner-low)",
    "perm-031": "свободно 8\xa0% диска",  # CLDR's percent: a no-break space before %
    "perm-035": "в очереди 3, самое старое ждёт 25,0 ч",
    "perm-039": "принтер не найден",
    "broken.json": "не JSON",
    "x.json": "у 'reported_at' не указан часовой пояс",
    "huge.json": "слишком большой для отчёта о состоянии",
}
RUSSIAN_FLAGS = {
    "silent": "молчит",
    "pack behind": "старый пакет",
    "printer stopped": "принтер остановлен",
    "out of paper": "нет бумаги",
    "toner low": "мало тонера",
    "disk low": "мало места на диске",
    "outbox stuck": "очередь застряла",
    "unreadable": "файл не читается",
}


def write_fleet(folder) -> None:
    """The 50 terminals' files, one that is no JSON, one without a time zone, one too large."""
    folder.mkdir(parents=True)
    for s in fleet_of_50():
        (folder / f"{s.terminal}.json").write_text(s.to_json(), encoding="utf-8")
    (folder / "broken.json").write_bytes(b"\xff\xfe")
    (folder / "x.json").write_text(
        '{"schema": 1, "terminal": "x", "reported_at": "2026-12-04T10:00"}'
    )
    (folder / "huge.json").write_bytes(b" " * 70000)


def report(folder, *options) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["fleet", "report", str(folder), "--now", NOW.isoformat(), *options]
    )
    return result.exit_code, result.stdout, result.stderr


def lines_by_terminal(table: str) -> dict[str, str]:
    return {line.split()[0]: line for line in table.splitlines()}


def test_the_table_and_the_page_speak_russian_by_default(tmp_path):
    write_fleet(tmp_path / "status")
    page = tmp_path / "fleet.html"
    code, table, summary = report(tmp_path, "--html", str(page))
    assert code == 1
    lines = lines_by_terminal(table)
    assert len(lines) == 53
    for name, note in RUSSIAN_NOTES.items():
        assert note in lines[name], (name, lines[name])
    for n, (flag, _) in TROUBLE.items():
        assert RUSSIAN_FLAGS[flag] in lines[f"perm-{n:03d}"]
    assert "в порядке" in lines["perm-000"] and "ok" not in lines["perm-000"]
    assert summary.strip() == "терминалов: 53, требуют внимания: 13"
    text = page.read_text(encoding="utf-8")
    assert '<html lang="ru">' in text and "<title>Терминалы</title>" in text
    assert "Терминалов: 53, требуют внимания: 13" in text
    assert "Сведения на 4 декабря 2026 г., 12:00 (UTC)" in text
    assert "<th>Что не так</th><th>Подробности</th><th>Последний отчёт</th>" in text
    assert "нет отчёта 3,0 дн." in text and "в очереди 3, самое старое ждёт 25,0 ч" in text
    assert "<td>остановлен</td>" in text and "<td>готов</td>" in text
    assert "<td>04.12.2026, 11:57</td><td>42 (20.11.2026)</td>" in text  # dates as read here
    for english in ("silent", "needing attention", "no report", "waiting", "Terminals"):
        assert english not in text and english not in table


def test_lang_en_gives_the_same_report_in_english(tmp_path):
    write_fleet(tmp_path / "status")
    page = tmp_path / "fleet.html"
    code, table, summary = report(tmp_path, "--html", str(page), "--lang", "en")
    assert code == 1
    lines = lines_by_terminal(table)
    for name, note in ENGLISH_NOTES.items():
        assert note in lines[name], (name, lines[name])
    for n, (flag, _) in TROUBLE.items():
        assert flag in lines[f"perm-{n:03d}"]
    assert summary.strip() == "53 terminals, 13 needing attention"
    text = page.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "<title>Terminals</title>" in text
    assert "Terminals: 53, needing attention: 13" in text
    assert "<th>Needs</th><th>Details</th><th>Last report</th>" in text
    assert "no report for 3.0 days" in text and "молчит" not in text + table
    assert "<td>12/4/26, 11:57 AM</td><td>42 (11/20/26)</td>" in text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_json_keeps_its_english_keys_and_notes_and_adds_the_words(tmp_path, lang):
    write_fleet(tmp_path / "status")
    code, out, _ = report(tmp_path, "--json", "--lang", lang)
    assert code == 1
    rows = {r["terminal"]: r for r in json.loads(out)}
    assert rows["perm-007"]["flags"] == ["silent"]
    assert rows["perm-007"]["notes"] == ["no report for 3.0 days"]
    assert rows["broken.json"]["flags"] == ["unreadable"]
    words = RUSSIAN_NOTES if lang == "ru" else ENGLISH_NOTES
    for name, note in words.items():
        assert note in " ".join(rows[name]["notes_text"]), name
    flags = RUSSIAN_FLAGS if lang == "ru" else {flag: flag for flag in RUSSIAN_FLAGS}
    assert rows["perm-035"]["flags_text"] == [flags["outbox stuck"]]
    assert rows["perm-000"]["flags"] == rows["perm-000"]["flags_text"] == []


def test_a_pack_behind_the_published_one_is_flagged_even_if_no_terminal_has_it_yet():
    rows = fleet.assess(fleet_of_50(), [], NOW, newest_pack=43)
    assert sum("pack behind" in r.flags for r in rows) == 50


def test_the_report_runs_from_the_command_line_with_exit_status_and_an_escaped_page(tmp_path):
    status = tmp_path / "dropbox" / "status"
    status.mkdir(parents=True)
    for s in fleet_of_50():
        (status / f"{s.terminal}.json").write_text(s.to_json(), encoding="utf-8")
    (status / "x.json").write_text('{"schema": 1, "terminal": "<script>alert(1)</script>"}')
    page = tmp_path / "fleet.html"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["fleet", "report", str(tmp_path / "dropbox"), "--html", str(page), "--json",
              "--now", NOW.isoformat()],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 51 and sum(bool(r["flags"]) for r in rows) == len(TROUBLE) + 1
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "требуют внимания: 11" in text
    # A healthy fleet: exit status 0.
    for path in status.glob("*.json"):
        path.unlink()
    (status / "ok.json").write_text(healthy(1).to_json())
    ok = runner.invoke(cli, ["fleet", "report", str(status), "--now", NOW.isoformat()])
    assert ok.exit_code == 0, ok.output


def test_a_status_survives_its_own_round_trip():
    for status in fleet_of_50():
        assert parse_status(status.to_json().encode()) == status


@pytest.mark.parametrize(
    "raw, why",
    [
        (b"\xff\xfe", "not JSON"),
        (b"[]", "not a JSON object"),
        (b'{"schema": 2, "terminal": "a"}', "schema 2"),
        (b'{"schema": 1, "terminal": "../etc"}', "terminal"),
        (b'{"schema": 1, "terminal": "a"}', "reported_at"),
        (b'{"schema": 1, "terminal": "a", "reported_at": "2026-12-04T10:00"}', "time zone"),
        (b'{"schema": 1, "terminal": "a", "reported_at": "2026-12-04T10:00+05:00", '
         b'"printer": {"state": "on fire"}}', "printer state"),
        (b'{"schema": 1, "terminal": "a", "reported_at": "2026-12-04T10:00+05:00", '
         b'"pages_today": true}', "pages_today"),
        (b" " * 70000, "too large"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_status_report_is_told_for_what_it_is(raw, why):
    with pytest.raises(StatusError, match=why):
        parse_status(raw)


@settings(max_examples=150)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(
                        ["schema", "terminal", "reported_at", "pack", "printer", "disk",
                         "outbox", "markers", "state", "reasons", "level", "name", "version",
                         "free_bytes", "total_bytes", "depth", "oldest", "pages_today"]),
                        inner, max_size=6),
                    max_leaves=20))  # fmt: skip
def test_hostile_status_files_are_refused_with_a_reason_or_read_whole(data):
    raw = json.dumps({"schema": 1, "terminal": "t", "reported_at": NOW.isoformat(), **data}
                     if isinstance(data, dict) else data).encode()  # fmt: skip
    try:
        status = parse_status(raw)
    except StatusError as exc:
        assert str(exc)
        return
    rows = fleet.assess([status], [], NOW)  # whatever was accepted can be judged
    assert rows[0].name == status.terminal
