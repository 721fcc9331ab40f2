"""`kiosk inbox pull URL`: the drop box's staff listing, served by nginx on loopback with the
deploy example's own site file (deploy/nginx/perm-kiosk-inbox.conf, only its listen, TLS,
root and password-file lines changed), walked folder by folder as autoindex JSON."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
import urllib3
from command import kiosk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from submissions import KINDS_FIELDS, Office, plaintext
from sync_server import free_port, nginx_binary

from kiosk.office.inbox import Inbox
from kiosk.office.pull import pull
from kiosk.office.sources import ListingSource, SourceError

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

ROOT = Path(__file__).resolve().parents[2]
SITE_FILE = ROOT / "deploy" / "nginx" / "perm-kiosk-inbox.conf"


class StaffSite:
    """nginx serving `root` as the staff listing, with one login: staff / `password`."""

    def __init__(self, root: Path, work: Path, password: str = "s3cret with space"):
        self.root, self.work, self.password = root, work, password
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._process = None

    def _site(self) -> str:
        lines = []
        for line in SITE_FILE.read_text("utf-8").splitlines():
            if "# tests:" in line:
                line = line.split("#")[0].strip()
                if line.startswith("listen"):
                    line = f"listen 127.0.0.1:{self.port};"
                elif line.startswith("ssl_certificate"):
                    continue
                elif line.startswith("root"):
                    line = f"root {self.root};"
                elif line.startswith("auth_basic_user_file"):
                    line = f"auth_basic_user_file {self.work / 'htpasswd'};"
                else:
                    raise AssertionError(f"deploy/nginx changed: {line}")
            lines.append(line)
        return "\n".join(lines)

    def __enter__(self) -> StaffSite:
        self.work.mkdir(parents=True, exist_ok=True)
        # nginx's {PLAIN} scheme: the tests need no htpasswd tool (its password ends at a colon).
        (self.work / "htpasswd").write_text(f"staff:{{PLAIN}}{self.password}\n")
        work = self.work
        conf = "\n".join(
            [
                "daemon off;",
                "worker_processes 1;",
                f"pid {work}/nginx.pid;",
                f"error_log {work}/error.log warn;",
                "user root;" if os.geteuid() == 0 else "",
                "events { worker_connections 64; }",
                "http {",
                f"access_log {work}/access.log;",
                *(
                    f"{kind}_temp_path {work}/{kind};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
                ),
                self._site(),
                "}",
            ]
        )
        (work / "nginx.conf").write_text(conf)
        args = [nginx_binary(), "-c", str(work / "nginx.conf"), "-p", str(work)]
        check = subprocess.run([*args, "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self._process = subprocess.Popen(args, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib3.request("GET", self.url, retries=False, timeout=0.5)
                return self
            except urllib3.exceptions.HTTPError:
                assert self._process.poll() is None, self._process.stderr.read()
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def __exit__(self, *exc) -> None:
        self._process.send_signal(signal.SIGTERM)
        self._process.wait(timeout=10)
        self._process.stderr.close()


@pytest.fixture(scope="module")
def dropbox(tmp_path_factory):
    """A drop box folder with each kind, a tampered file and oddly named files; its site."""
    base = tmp_path_factory.mktemp("inbox-http")
    office = Office(base / "dropbox")
    sent = [office.envelope(kind) for kind in KINDS_FIELDS for _ in range(2)]
    for envelope in sent:
        office.submit(envelope)
    sealed = bytearray(office.seal(plaintext(office.envelope("callback"))))
    sealed[-1] ^= 0x80
    tampered = office.submit(office.envelope("callback"), bytes(sealed))
    odd = office.root / "rating" / "2026-11-03" / "имя с пробелом %2F?#.sealed"
    odd.parent.mkdir(parents=True, exist_ok=True)
    odd.write_bytes(b"x")
    (office.root / "rating" / "2026-11-03" / ".hidden.tmp").write_bytes(b"x")
    (base / "staff.pass").write_text("staff:s3cret with space\n")
    with StaffSite(office.root, base / "nginx") as site:
        yield office, sent, tampered, odd, site, base


def test_pull_from_the_staff_listing_takes_each_submission_once(dropbox, tmp_path):
    office, sent, tampered, odd, site, base = dropbox
    key = office.write_key(tmp_path / "inbox.key")
    db = tmp_path / "inbox.sqlite"
    args = ["inbox", "pull", site.url, "--key", key, "--db", db, "--credentials"]

    first = kiosk(*args, base / "staff.pass")
    again = kiosk(*args, base / "staff.pass")

    assert first.returncode == 0, first.stderr
    assert "12 new, 0 already in the inbox, 2 refused" in first.stdout
    assert "0 new, 12 already in the inbox, 2 refused" in again.stdout
    with Inbox(db) as inbox:
        assert {item.id: item.envelope for item in inbox.items()} == {e["id"]: e for e in sent}
        refused = {r.path: r.reason for r in inbox.refusals()}
    assert refused == {
        str(tampered.relative_to(office.root)): (
            "does not open with this key (damaged, cut short, or sealed for another key)"
        ),
        str(odd.relative_to(office.root)): "the name is not <id>.sealed",
    }
    # The second pull fetched the listings and the tampered file again, nothing else (the
    # oddly named file is refused by its name, unread).
    log = (base / "nginx" / "access.log").read_text().splitlines()
    fetched = [line for line in log if ".sealed HTTP" in line]
    assert len(fetched) == 12 + 1 + 1


def test_a_wrong_password_or_none_is_refused_by_the_site(dropbox, tmp_path):
    office, _sent, _tampered, _odd, site, base = dropbox
    key = office.write_key(tmp_path / "inbox.key")
    (tmp_path / "wrong.pass").write_text("staff:guess\n")

    wrong = kiosk(
        "inbox", "pull", site.url, "--key", key, "--db", tmp_path / "i", "--credentials",
        tmp_path / "wrong.pass",
    )  # fmt: skip
    none = kiosk("inbox", "pull", site.url, "--key", key, "--db", tmp_path / "i")

    assert wrong.returncode == 1 and "HTTP 401" in wrong.stderr
    assert none.returncode == 1 and "HTTP 401" in none.stderr
    assert "guess" not in wrong.stderr + wrong.stdout


@pytest.mark.parametrize("method", ["PUT", "DELETE", "POST", "MKCOL"])
def test_the_staff_site_never_writes(dropbox, method):
    office, sent, _tampered, _odd, site, _base = dropbox
    path = office.path_of(sent[0]).relative_to(office.root)
    headers = urllib3.make_headers(basic_auth="staff:s3cret with space")

    answer = urllib3.request(method, site.url + str(path), body=b"x", headers=headers)

    assert answer.status in (403, 405)
    assert office.path_of(sent[0]).read_bytes() != b"x"


def test_credentials_never_go_over_plain_http_to_another_machine():
    with pytest.raises(SourceError, match="https only"):
        ListingSource("http://dropbox.example.org/", ("staff", "pw"))


@contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]):
    """A threading HTTP server on loopback for the module. Its loop looks for a shutdown
    every 0.05 s, not every 0.5 s (serve_forever's default): a stop takes no wait."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class _Scripted(BaseHTTPRequestHandler):
    """Answers every GET with the body the test put in `server.answers` for its path."""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.server.paths.append(self.path)
        status, body = self.server.answers.get(self.path, (404, b""))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def scripted_by_path():
    """One server for the hostile listings: each test sets its answers and reads its paths."""
    with loopback_server(_Scripted) as server:
        yield server


HOSTILE_LISTINGS = [
    b"not json",
    b"{}",
    b'[1, null, "x", {"name": 5, "type": "directory"}]',
    json.dumps([{"name": "../../etc", "type": "directory"}]).encode(),
    json.dumps(
        [{"name": "..", "type": "directory"}, {"name": "a/b", "type": "directory"}]
    ).encode(),
    json.dumps([{"name": "x\u0000y", "type": "directory"}]).encode(),
    b"[" * 100_000,
]


@pytest.mark.parametrize("listing", HOSTILE_LISTINGS, ids=range(len(HOSTILE_LISTINGS)))
def test_a_hostile_listing_never_crashes_the_pull_nor_leads_it_elsewhere(
    scripted_by_path, tmp_path, listing
):
    server = scripted_by_path
    server.answers, server.paths = {"/": (200, listing)}, []
    office = Office(tmp_path)
    source = ListingSource(f"http://127.0.0.1:{server.server_port}/")
    with Inbox(tmp_path / "inbox.sqlite", create=True) as inbox:
        try:
            report = pull(source, office.key, inbox)
        except SourceError as exc:
            assert "not a JSON listing" in str(exc)
        else:
            assert report.added == 0 and not report.refused
    assert server.paths == ["/"]


@pytest.fixture(scope="module")
def scripted():
    """A loopback server that answers every GET with `server.body`."""

    class Same(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.server.paths.append(self.path)
            body = self.server.body
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with loopback_server(Same) as server:
        server.body = b"[]"
        yield server


listing_items = st.fixed_dictionaries(
    {
        "name": st.one_of(st.text(max_size=12), st.sampled_from(["..", ".", "a/b", "%2e%2e"])),
        "type": st.sampled_from(["directory", "file", "other"]),
    },
    optional={"size": st.integers(), "mtime": st.text(max_size=5)},
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(listing_items, max_size=4))
def test_any_listing_is_walked_only_into_its_own_folders(scripted, tmp_path_factory, items):
    scripted.body, scripted.paths = json.dumps(items).encode(), []
    office = Office(tmp_path_factory.mktemp("listing"))
    source = ListingSource(f"http://127.0.0.1:{scripted.server_port}/")
    with Inbox(office.root.parent / "inbox.sqlite", create=True) as inbox:
        report = pull(source, office.key, inbox)
    assert report.added == 0
    for path in scripted.paths:
        parts = [unquote(part) for part in path.strip("/").split("/")] if path != "/" else []
        assert len(parts) <= 3
        for part in parts:  # the test's own idea of a name to follow, not the code's
            assert part and not part.startswith(".") and "/" not in part, path
            assert part.isprintable() and "\\" not in part, path
