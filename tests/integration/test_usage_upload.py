"""The terminal's reports in the drop box (kiosk/adapters/report_upload.py): the real nginx
site of deploy/nginx on loopback, and small scripted servers for what nginx will not do on
purpose.

A terminal offline for a week, then online, uploads each of its seven finished days once,
and `kiosk stats report` over the drop box counts each once; a day sent again (a terminal
killed before it noted the send) replaces itself; a file in days/ that is no day of use is
set aside and told, and holds back none of the others; the submissions go first, and a
report that fails changes nothing for them. No test waits on the wall clock.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import urllib3
from command import kiosk
from dropbox_server import DropboxSite, nginx_binary
from sealed_submissions import queue
from test_dropbox import refused, serving  # scripted servers on loopback
from usage_days import FIRST, TERMINALS, day

from content.files import write_atomically
from kiosk.adapters.dropbox import Dropbox, Policy, read_credentials, upload_round
from kiosk.adapters.outbox import Outbox
from kiosk.adapters.report_upload import KEEP, UsageFolder, upload_reports
from kiosk.core.status import Status, parse_status
from kiosk.core.usage_file import UsageDay

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

TERMINAL = TERMINALS[0]
WEEK = [day(TERMINAL, FIRST + timedelta(days=n)) for n in range(7)]
NOW = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[DropboxSite]:
    with DropboxSite(tmp_path_factory.mktemp("dropbox-site")) as running:
        yield running


@pytest.fixture
def case(request) -> str:
    """A folder of the drop box of this test's own."""
    return request.node.name.replace("[", "-").replace("]", "").replace("_", "-")[:60].lower()


def finished(data: Path, days: list[UsageDay]) -> dict[str, bytes]:
    """The days as the app leaves them (whole files in stats/days/); {name: bytes}."""
    folder = data / "stats" / "days"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for one in days:
        name = f"{one.date.isoformat()}.json"
        written[name] = one.to_json().encode("utf-8")
        write_atomically(folder / name, written[name])
    return written


def names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def puts_logged(site: DropboxSite, case: str, under: str) -> list[str]:
    """The PUT lines of nginx's access log under `case`/`under`. nginx logs a request just
    after its answer; its one worker takes the next connection only after that, so an
    answer to one more request means every line before it is written."""
    urllib3.request("GET", site.url + "settled", retries=False)
    lines = (site.work / "access.log").read_text().splitlines()
    return [line for line in lines if f'"PUT /{case}/{under}' in line]


def config(tmp_path: Path, site: DropboxSite, case: str, data: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'dropbox_url = "{site.url_for(case)}"\n'
        f'dropbox_credentials = "{site.credentials(tmp_path)}"\n'
        f'data_dir = "{data}"\n'
        f'terminal_id = "{TERMINAL}"\n'
    )
    return path


def status_now() -> Status:
    return Status(TERMINAL, NOW, 300, printer_state="idle")


# -- a week offline, then online -------------------------------------------------------------


def test_a_week_offline_then_online_sends_each_day_once_and_the_report_counts_each_once(
    site, case, tmp_path
):
    data = tmp_path / "terminal"
    written = finished(data, WEEK)
    settings = config(tmp_path, site, case, data)

    with refused() as unreachable:
        offline = kiosk("outbox", "upload", "--once", "--config", settings, "--to", unreachable)
    assert offline.returncode == 0, offline.stderr  # no submission was left with an error
    assert "status not sent; days of use sent 0, waiting 7" in offline.stdout
    assert "reports stopped: status: " in offline.stderr
    assert "the drop box refused the connection" in offline.stderr
    assert names(data / "stats" / "days") == sorted(written)

    online = kiosk("outbox", "upload", "--once", "--config", settings)
    assert online.returncode == 0, online.stderr
    assert "status sent; days of use sent 7, waiting 0" in online.stdout
    arrived = site.files(case)
    assert {k: v for k, v in arrived.items() if k.startswith("stats/")} == {
        f"stats/{TERMINAL}/{name}": body for name, body in written.items()
    }
    assert parse_status(arrived[f"status/{TERMINAL}.json"]).terminal == TERMINAL
    assert len(puts_logged(site, case, "stats/")) == 7  # each day once
    assert names(data / "stats" / "days") == []
    assert names(data / "stats" / "sent") == sorted(written)

    again = kiosk("outbox", "upload", "--once", "--config", settings)
    assert "status sent; days of use sent 0, waiting 0" in again.stdout
    assert len(puts_logged(site, case, "stats/")) == 7  # nothing new
    assert len(puts_logged(site, case, "status/")) == 2  # the status, every round it can

    report = kiosk("stats", "report", site.storage / case, "--csv", tmp_path / "csv")
    assert report.returncode == 0, report.stderr
    sessions, searches = sum(d.sessions for d in WEEK), sum(d.searches for d in WEEK)
    nothing = sum(d.found_nothing for d in WEEK)
    assert (
        f"1 terminals, 7 days, {sessions} sessions, {searches} searches of which {nothing} "
        "found nothing; 0 files not read, 0 left out as repeated"
    ) in report.stdout


def test_a_day_sent_but_not_noted_is_sent_again_to_the_same_file_and_counted_once(
    site, case, tmp_path
):
    data = tmp_path / "terminal"
    written = finished(data, WEEK[:3])
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    upload_reports(dropbox, data, TERMINAL, status_now)
    # As a terminal killed between the drop box's answer and the move finds its folder:
    sent = data / "stats" / "sent" / f"{WEEK[1].date}.json"
    os.replace(sent, data / "stats" / "days" / sent.name)

    result = upload_reports(dropbox, data, TERMINAL, status_now)

    assert (result.days_sent, result.error) == (1, None)
    stats = puts_logged(site, case, "stats/")
    assert len(stats) == 4 and " 204 " in stats[-1]  # the same file, replaced by itself
    assert site.files(case)[f"stats/{TERMINAL}/{sent.name}"] == written[sent.name]
    report = kiosk("stats", "report", site.storage / case, "--csv", tmp_path / "csv")
    assert "1 terminals, 3 days" in report.stdout and "0 left out as repeated" in report.stdout


def test_a_long_absence_is_caught_up_over_rounds_and_each_day_keeps_its_terminal_s_name(
    site, case, tmp_path
):
    data = tmp_path / "terminal"
    renamed = day(TERMINALS[1], FIRST + timedelta(days=9))  # before terminal_id was changed
    finished(data, WEEK[:4] + [renamed])
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    first = upload_reports(dropbox, data, TERMINAL, status_now, days_per_round=3)
    second = upload_reports(dropbox, data, TERMINAL, status_now, days_per_round=3)
    assert (first.days_sent, first.days_waiting, second.days_sent, second.days_waiting) == (
        3, 2, 2, 0,
    )  # fmt: skip
    assert sorted(k for k in site.files(case) if k.startswith("stats/")) == sorted(
        [f"stats/{TERMINAL}/{d.date}.json" for d in WEEK[:4]]
        + [f"stats/{TERMINALS[1]}/{renamed.date}.json"]
    )
    report = kiosk("stats", "report", site.storage / case, "--csv", tmp_path / "csv")
    assert "2 terminals, 5 days" in report.stdout and "0 files not read" in report.stdout


# -- files that are no day of use ------------------------------------------------------------

SPOILED = {
    "2026-12-04.json": lambda p: p.write_text("{}"),
    "2026-12-05.json": lambda p: p.write_bytes(WEEK[0].to_json().encode()),  # says the 1st
    "2026-12-06.json": lambda p: os.symlink("/etc/hostname", p),
    "2026-12-07.json": lambda p: p.write_bytes(b" " * (300 * 1024)),
    "2026-12-08.json": lambda p: p.write_bytes(
        UsageDay("..", FIRST + timedelta(days=7)).to_json().encode()
    ),
    "2026-12-09.json": lambda p: os.mkfifo(p),
    "2026-13-01.json": lambda p: p.write_text("{}"),
}


def test_a_damaged_day_is_set_aside_and_told_and_holds_back_none_of_the_others(
    site, case, tmp_path
):
    data = tmp_path / "terminal"
    good = finished(data, WEEK[:3])
    days = data / "stats" / "days"
    for name, spoil in SPOILED.items():
        spoil(days / name)
    (days / ".2026-12-10.json.1f2e3d4c.tmp").write_text('{"schema": 1, "ter')  # being written

    ran = kiosk("outbox", "upload", "--once", "--config", config(tmp_path, site, case, data))

    assert ran.returncode == 0, ran.stderr
    assert f"days of use sent 3, waiting 0, set aside {len(SPOILED)}" in ran.stdout
    told = dict(re.findall(r"set aside, not sent: (\S+): (.*)", ran.stderr))
    assert set(told) == set(SPOILED)
    assert told["2026-12-04.json"].startswith("schema None")
    assert told["2026-12-05.json"] == "it says 2026-12-01, but is named 2026-12-05.json"
    assert "link" in told["2026-12-06.json"] and "not a plain file" in told["2026-12-09.json"]
    assert "larger than" in told["2026-12-07.json"]
    assert "cannot name a folder" in told["2026-12-08.json"]
    assert names(data / "stats" / "set-aside") == sorted(SPOILED)
    assert names(days) == [".2026-12-10.json.1f2e3d4c.tmp"]  # not finished: not touched
    assert {k for k in site.files(case) if k.startswith("stats/")} == {
        f"stats/{TERMINAL}/{name}" for name in good
    }
    assert os.readlink(data / "stats" / "set-aside" / "2026-12-06.json") == "/etc/hostname"


def test_a_search_text_the_privacy_rules_forbid_never_leaves_the_terminal(site, case, tmp_path):
    data = tmp_path / "terminal"
    kept = dict(WEEK[0].kept_found_nothing, **{"справка 2-ндфл": 9, "мой снилс": 1})
    counts = {"kept_found_nothing": kept, "searches": 40, "found_nothing": 25}
    leaky = UsageDay(**{**WEEK[0].__dict__, **counts})
    finished(data, [leaky])
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    assert upload_reports(dropbox, data, TERMINAL, status_now).days_sent == 1
    arrived = site.files(case)[f"stats/{TERMINAL}/{WEEK[0].date}.json"].decode()
    assert "ндфл" not in arrived and "снилс" not in arrived and "субсидия на газ" in arrived


def test_a_days_folder_that_is_no_folder_is_told_and_the_status_still_goes(site, case, tmp_path):
    data = tmp_path / "terminal"
    (data / "stats").mkdir(parents=True)
    (data / "stats" / "days").write_text("not a folder")
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    result = upload_reports(dropbox, data, TERMINAL, status_now)
    assert result.status_sent and result.error.startswith("days of use: ")
    assert "Not a directory" in result.error
    assert list(site.files(case)) == [f"status/{TERMINAL}.json"]


# -- the drop box in trouble, and the submissions first ---------------------------------------


def scripted(answer: Callable[[str], int], seen: list[str]):
    """A drop box answering each PUT with answer(path); the paths asked, in order, in `seen`."""

    def handle(conn: socket.socket, done) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            got = conn.recv(65536)
            if not got:
                return
            data += got
        head, _, body = data.partition(b"\r\n\r\n")
        path = head.split(b" ")[1].decode()
        length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])
        while len(body) < length:
            body += conn.recv(65536)
        seen.append(path)
        head = f"HTTP/1.1 {answer(path)} X\r\nContent-Length: 0\r\nConnection: close"
        conn.sendall(f"{head}\r\n\r\n".encode())

    return serving(handle)


def test_a_day_refused_alone_waits_and_a_failure_of_the_moment_leaves_the_rest(tmp_path):
    data = tmp_path / "terminal"
    finished(data, WEEK)
    refused_day, broken_day = f"{WEEK[1].date}.json", f"{WEEK[4].date}.json"

    def answer(path: str) -> int:
        return 400 if path.endswith(refused_day) else 503 if path.endswith(broken_day) else 201

    seen: list[str] = []
    with scripted(answer, seen) as url:
        result = upload_reports(Dropbox(url, None, 2), data, TERMINAL, status_now)

    assert seen[0] == f"/status/{TERMINAL}.json"
    assert [p.rsplit("/", 1)[1] for p in seen[1:]] == [f"{d.date}.json" for d in WEEK[:5]]
    assert result.status_sent and result.days_sent == 3
    assert "HTTP 503" in result.error and result.days_waiting == 4
    assert names(data / "stats" / "days") == sorted([refused_day] + [
        f"{d.date}.json" for d in WEEK[4:]
    ])  # fmt: skip


def test_the_submissions_go_first_and_a_report_failing_changes_nothing_for_them(tmp_path):
    outbox = Outbox(tmp_path / "terminal")
    expected = queue(outbox, 3)
    finished(tmp_path / "terminal", WEEK[:2])
    seen: list[str] = []
    waits: list[float] = []

    def answer(path: str) -> int:
        return 201 if path.endswith(".sealed") else 500

    with scripted(answer, seen) as url:
        dropbox = Dropbox(url, None, 2)
        result = upload_round(
            outbox, dropbox, Policy(timeout_s=2), waits.append,
            reports=lambda: upload_reports(dropbox, tmp_path / "terminal", TERMINAL, status_now),
        )  # fmt: skip

    assert (result.delivered, result.left, result.error) == (3, 0, None)
    assert outbox.status()["last_error"] is None
    assert [p.lstrip("/") for p in seen[:3]] == sorted(expected, key=seen_order(seen))
    assert seen[3:] == [f"/status/{TERMINAL}.json"]  # the reports after, stopped at once
    assert waits == []  # and no report is ever waited for
    assert "HTTP 500" in result.reports.error and result.reports.days_waiting == 2


def seen_order(seen: list[str]) -> Callable[[str], int]:
    return lambda path: seen.index("/" + path)


def test_a_report_that_breaks_is_logged_and_the_round_s_result_stands(tmp_path, caplog):
    outbox = Outbox(tmp_path)
    queue(outbox, 2)

    def broken():
        raise RuntimeError("a fault of this code")

    with scripted(lambda path: 201, []) as url:
        result = upload_round(outbox, Dropbox(url, None, 2), reports=broken)
    assert (result.delivered, result.error, result.reports) == (2, None, None)
    assert "the reports (status, days of use) failed unexpectedly" in caplog.text


def test_a_terminal_without_a_name_sends_no_status_but_its_days(site, case, tmp_path):
    data = tmp_path / "terminal"
    finished(data, WEEK[:2])
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    for nameless in ("", "..", ".hidden"):
        result = upload_reports(dropbox, data, nameless, status_now)
        assert not result.status_sent and "set terminal_id in the config" in result.error
    assert sorted(site.files(case)) == [f"stats/{TERMINAL}/{d.date}.json" for d in WEEK[:2]]


# -- what the terminal keeps -----------------------------------------------------------------


def test_days_sent_and_set_aside_are_kept_ninety_days_then_removed(site, case, tmp_path):
    data = tmp_path / "terminal"
    finished(data, WEEK[:2])
    (data / "stats" / "days" / "2026-12-05.json").write_text("[]")
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    upload_reports(dropbox, data, TERMINAL, status_now, now=lambda: NOW)
    folder = UsageFolder(data)
    assert (len(names(folder.sent)), len(names(folder.aside))) == (2, 1)

    with refused() as unreachable:
        offline = Dropbox(unreachable, None, 1)
        upload_reports(offline, data, TERMINAL, status_now, now=lambda: NOW + KEEP)
        assert (len(names(folder.sent)), len(names(folder.aside))) == (2, 1)
        later = NOW + KEEP + timedelta(minutes=1)
        upload_reports(offline, data, TERMINAL, status_now, now=lambda: later)
    assert names(folder.sent) == names(folder.aside) == []


# -- the drop box's site -----------------------------------------------------------------------


def test_the_drop_box_takes_a_terminal_s_reports_and_nothing_beside_them(site, case, tmp_path):
    user, password = read_credentials(site.credentials(tmp_path))
    auth = urllib3.make_headers(basic_auth=f"{user}:{password}")
    http = urllib3.PoolManager(retries=False)
    base = site.url_for(case)

    def put(path: str, body: bytes = b"{}", headers=auth) -> int:
        return http.request("PUT", base + path, body=body, headers=headers).status

    assert put("status/t-1.json", b"first") == 201
    assert put("status/t-1.json", b"second") == 204  # overwritten every round
    assert put("stats/t-1/2026-12-01.json", b"day") == 201
    assert put("stats/t-1/2026-12-01.json", b"day") == 204  # a day sent again replaces itself
    assert put("status/t-1.json", headers={}) == 401
    assert put("status/t-2.json", b"x" * (65 * 1024)) == 413  # no status is that large
    for method in ("GET", "HEAD", "DELETE"):
        assert http.request(method, base + "status/t-1.json", headers=auth).status == 403
    for path in (
        "status/.hidden.json",
        "status/t-1.json.php",
        "status/a/t-1.json",
        "status/" + "t" * 65 + ".json",
        "stats/t-1/2026-12-1.json",
        "stats/.t/2026-12-01.json",
        "stats/t-1/2026-12-01.json/x",
        "stats/t-1/x/2026-12-01.json",
        "stats/2026-12-01.json",
    ):
        assert put(path) == 404, path
    assert site.files(case) == {
        "status/t-1.json": b"second",
        "stats/t-1/2026-12-01.json": b"day",
    }
