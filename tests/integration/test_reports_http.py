"""The staff's reports over the drop box's staff listing: nginx on loopback with the deploy
example's own site file (deploy/nginx/perm-kiosk-inbox.conf), serving status/ and stats/
as autoindex JSON; `kiosk fleet report URL` and `kiosk stats report URL` read them as they
read a folder, and the inbox's pull leaves them alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import urllib3
from command import kiosk
from nacl.public import PrivateKey
from sync_server import nginx_binary
from test_inbox_http import StaffSite  # the site file with only its "tests" lines changed
from usage_days import TERMINALS, write_dropbox

from kiosk.core.status import Status
from kiosk.office.inbox import Inbox
from kiosk.office.pull import pull
from kiosk.office.sources import ListingSource

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

NOW = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
PASSWORD = "s3cret with space"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A drop box with ten days of three terminals, a bad day, and three status files."""
    base = tmp_path_factory.mktemp("reports-http")
    root = write_dropbox(base / "dropbox")
    (root / "stats" / TERMINALS[0] / "2026-12-11.json").write_text("{}")
    (root / "status").mkdir()
    for n, terminal in enumerate(TERMINALS):
        status = Status(
            terminal=terminal,
            reported_at=NOW - timedelta(minutes=2 if n else 90),  # the first one silent
            upload_interval_seconds=300,
            pack_version=12,
            printer_state="idle",
        )
        (root / "status" / f"{terminal}.json").write_text(status.to_json())
    (base / "staff.pass").write_text(f"staff:{PASSWORD}\n")
    with StaffSite(root, base / "nginx", PASSWORD) as served:
        yield served, root, base


def test_the_usage_report_reads_the_staff_listing_as_it_reads_the_folder(site, tmp_path):
    served, root, base = site
    by_url = kiosk("stats", "report", served.url, "--credentials", base / "staff.pass",
                   "--html", tmp_path / "url.html", "--csv", tmp_path / "url")  # fmt: skip
    by_folder = kiosk("stats", "report", root, "--csv", tmp_path / "folder")

    assert by_url.returncode == 0, by_url.stderr
    assert "3 terminals, 30 days, 735 sessions" in by_url.stdout
    assert by_url.stdout == by_folder.stdout
    assert "stats/perm-uszn-lenina-1/2026-12-11.json: schema None" in by_url.stderr
    for table in ("gaps", "days", "terminals", "services"):
        assert (tmp_path / "url" / f"{table}.csv").read_bytes() == (
            tmp_path / "folder" / f"{table}.csv"
        ).read_bytes()
    assert "субсидия на газ" in (tmp_path / "url.html").read_text("utf-8")


def test_the_listing_of_stats_alone_is_a_source_too(site, tmp_path):
    served, _root, base = site
    result = kiosk("stats", "report", served.url + "stats/", "--credentials",
                   base / "staff.pass", "--csv", tmp_path, "--from", "2026-12-10")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 terminals, 3 days" in result.stdout


def test_the_fleet_report_reads_the_staff_listing(site, tmp_path):
    served, _root, base = site
    result = kiosk("fleet", "report", served.url, "--credentials", base / "staff.pass",
                   "--now", NOW.isoformat(), "--html", tmp_path / "fleet.html")  # fmt: skip

    assert result.returncode == 1, result.stderr  # one terminal needs attention
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith("perm-uszn-lenina-1") and "молчит" in lines[0]
    assert "терминалов: 3, требуют внимания: 1" in result.stderr
    english = kiosk("fleet", "report", served.url, "--credentials", base / "staff.pass",
                    "--now", NOW.isoformat(), "--lang", "en")  # fmt: skip
    assert english.returncode == 1 and "silent" in english.stdout.splitlines()[0]
    assert "3 terminals, 1 needing attention" in english.stderr


def test_a_report_without_the_login_is_refused_by_the_site(site, tmp_path):
    served, _root, _base = site
    fleet = kiosk("fleet", "report", served.url)
    stats = kiosk("stats", "report", served.url, "--html", tmp_path / "u.html")
    assert fleet.returncode == 1 and "HTTP 401" in fleet.stderr
    assert stats.returncode == 1 and "HTTP 401" in stats.stderr


def test_the_site_serves_the_reports_as_json_text_and_never_takes_a_write(site):
    served, root, _base = site
    headers = urllib3.make_headers(basic_auth=f"staff:{PASSWORD}")
    path = f"stats/{TERMINALS[1]}/2026-12-01.json"

    got = urllib3.request("GET", served.url + path, headers=headers)
    put = urllib3.request("PUT", served.url + path, body=b"{}", headers=headers)

    assert got.status == 200 and got.data == (root / path).read_bytes()
    assert got.headers["Content-Type"].startswith("application/json")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert put.status in (403, 405) and (root / path).read_bytes() == got.data


def test_the_inbox_pull_leaves_the_reports_folders_alone(site, tmp_path):
    served, _root, _base = site
    with Inbox(tmp_path / "inbox.sqlite", create=True) as inbox:
        report = pull(ListingSource(served.url, ("staff", PASSWORD)), PrivateKey.generate(), inbox)
    assert report.added == 0 and not report.refused and not report.unreadable
