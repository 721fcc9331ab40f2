"""Delivery to the drop box: the real nginx site of deploy/nginx on loopback, and small scripted
servers for what nginx will not do on purpose (refuse, stall, 500, 507, garbage).

Each submission arrives once with its exact bytes and leaves the outbox only then; a second
round adds nothing; whatever goes wrong, the outbox keeps everything and the next round
delivers. Waits are injected (a list records them): no test sleeps on the wall clock.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest.mock import ANY

import pytest
import urllib3
from command import kiosk
from dropbox_server import DropboxSite, nginx_binary
from nacl.public import SealedBox
from sealed_submissions import PRIVATE, queue

from kiosk.adapters.dropbox import (
    CredentialsError,
    Dropbox,
    Policy,
    read_credentials,
    upload_round,
)
from kiosk.adapters.outbox import Outbox
from kiosk.core.config import terminal_id

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

ROOT = Path(__file__).resolve().parents[2]
QUICK = Policy(timeout_s=0.5, attempts=3, base_delay_s=2, max_delay_s=30, round_s=600)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[DropboxSite]:
    with DropboxSite(tmp_path_factory.mktemp("dropbox-site")) as running:
        yield running


@pytest.fixture
def case(request) -> str:
    """A folder of the drop box of this test's own."""
    return request.node.name.replace("[", "-").replace("]", "").replace("_", "-")[:60].lower()


def no_wait(waits: list[float]) -> Callable[[float], None]:
    return waits.append


def puts_logged(site: DropboxSite, case: str) -> list[str]:
    """The PUT lines of nginx's access log for this case: (path, status)."""
    lines = (site.work / "access.log").read_text().splitlines()
    return [line for line in lines if f'"PUT /{case}/' in line]


# -- delivery to nginx -----------------------------------------------------------------------


def test_every_submission_arrives_once_with_its_exact_bytes_and_a_second_round_adds_nothing(
    site, case, tmp_path
):
    outbox = Outbox(tmp_path)
    expected = queue(outbox, 30)
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    waits: list[float] = []
    result = upload_round(outbox, dropbox, sleep=no_wait(waits))
    assert (result.delivered, result.left, result.error, waits) == (30, 0, None, [])
    assert site.files(case) == expected
    assert len(puts_logged(site, case)) == 30
    opened = json.loads(SealedBox(PRIVATE).decrypt(next(iter(expected.values()))))
    assert opened["fields"]["name"] == "Пётр Иванов 🙂"
    status = outbox.status()
    assert status["queued"] == 0 and status["last_error"] is None and status["last_upload"]

    again = upload_round(outbox, dropbox, sleep=no_wait(waits))
    assert (again.delivered, again.error) == (0, None)
    assert site.files(case) == expected and len(puts_logged(site, case)) == 30


def test_a_put_repeated_after_delivery_is_the_same_file(site, case, tmp_path):
    # What a terminal killed between the drop box's answer and the delete does next time.
    outbox = Outbox(tmp_path)
    expected = queue(outbox, 3)
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    upload_round(outbox, dropbox)
    assert site.files(case) == expected and outbox.status()["queued"] == 0
    for path, sealed in expected.items():  # as a killed terminal still holds them
        kind, day, name = path.split("/")
        outbox.add(name.removesuffix(".sealed"), "R", kind, f"{day}T10:00:00Z", sealed)
    result = upload_round(outbox, dropbox)
    assert (result.delivered, result.error) == (3, None)
    assert site.files(case) == expected
    assert sum(" 204 " in line for line in puts_logged(site, case)) == 3


def test_wrong_credentials_stop_the_round_at_once_and_keep_everything(site, case, tmp_path):
    outbox = Outbox(tmp_path)
    queue(outbox, 4)
    (tmp_path / "wrong").write_text("terminal-1:not the password\n")
    dropbox = Dropbox(site.url_for(case), read_credentials(tmp_path / "wrong"))
    waits: list[float] = []
    result = upload_round(outbox, dropbox, sleep=no_wait(waits))
    assert result.delivered == 0 and result.left == 4 and waits == []
    assert "refused this terminal's credentials (HTTP 401)" in result.error
    assert outbox.status()["last_error"] == result.error
    assert site.files(case) == {}


def test_a_submission_larger_than_the_drop_box_takes_stays_and_holds_back_none_behind_it(
    site, case, tmp_path
):
    outbox = Outbox(tmp_path)
    too_large = os.urandom(300 * 1024)
    outbox.add("f" * 32, "R", "complaint", "2026-12-03T10:00:00Z", too_large)
    expected = queue(outbox, 3)  # queued after it
    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    waits: list[float] = []
    result = upload_round(outbox, dropbox, sleep=no_wait(waits))
    assert (result.delivered, result.left) == (3, 1) and waits == []  # not tried again
    assert "HTTP 413 (larger than the drop box takes)" in result.error
    assert "kept in the outbox" in result.error and "kiosk outbox export" in result.error
    assert site.files(case) == expected
    (kept,) = outbox.pending(10)
    assert (kept.id, kept.sealed) == ("f" * 32, too_large)
    assert outbox.status()["last_error"] == result.error
    # The next round tries it once more, and still delivers nothing twice.
    again = upload_round(outbox, dropbox, sleep=no_wait([]))
    assert (again.delivered, again.left) == (0, 1) and "HTTP 413" in again.error
    assert site.files(case) == expected


def test_terminals_can_only_put_the_contract_s_paths(site, case, tmp_path):
    user, password = read_credentials(site.credentials(tmp_path))
    auth = urllib3.make_headers(basic_auth=f"{user}:{password}")
    http = urllib3.PoolManager(retries=False)
    good = f"{site.url_for(case)}callback/2026-12-03/{'a' * 32}.sealed"

    def status(method: str, url: str, body: bytes | None = None, headers=auth) -> int:
        return http.request(method, url, body=body, headers=headers).status

    assert status("PUT", good, b"sealed") == 201
    assert status("PUT", good, b"sealed") == 204  # the same again: replaced by itself
    assert status("PUT", good, b"sealed", headers={}) == 401
    assert status("GET", good) == 403
    assert status("HEAD", good) == 403
    assert status("DELETE", good) == 403
    assert status("GET", site.url_for(case)) == 404  # no listing
    assert status("GET", f"{site.url_for(case)}callback/2026-12-03/") == 404
    for path in (
        "evil.txt",
        "callback/2026-12-03/short.sealed",
        "Callback/2026-12-03/" + "a" * 32 + ".sealed",
        "a/b/callback/2026-12-03/" + "a" * 32 + ".sealed",
        "callback/2026-12-03/" + "a" * 32 + ".sealed.php",
    ):
        assert status("PUT", site.url_for(case) + path, b"x") == 404, path
    assert status("MKCOL", f"{site.url_for(case)}x/") == 404
    assert site.files(case) == {f"callback/2026-12-03/{'a' * 32}.sealed": b"sealed"}


# -- a drop box in trouble: scripted servers -------------------------------------------------


@contextlib.contextmanager
def serving(answer: Callable[[socket.socket, threading.Event], None]) -> Iterator[str]:
    """A server on loopback answering every connection with `answer(conn, done)`; its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            answer(conn, done)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        done.set()
        listener.close()


def read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        got = conn.recv(65536)
        if not got:
            return
        data += got
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        got = conn.recv(65536)
        if not got:
            return
        body += got


def answers(status: str) -> Callable:
    def answer(conn, done):
        read_request(conn)
        conn.sendall(
            f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )

    return answer


def stalls(conn, done) -> None:
    read_request(conn)
    done.wait(10)


def garbage(conn, done) -> None:
    read_request(conn)
    conn.sendall(b"\x00\xffTHIS IS NOT HTTP\r\n\r\n")


def closes(conn, done) -> None:
    read_request(conn)


@contextlib.contextmanager
def refused() -> Iterator[str]:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    yield f"http://127.0.0.1:{port}/"


FAULTS = {
    "down": (refused, "the drop box refused the connection"),
    "slow": (lambda: serving(stalls), r"no answer in 0\.5 s"),
    "500": (lambda: serving(answers("500 Internal Server Error")), "HTTP 500"),
    "507": (lambda: serving(answers("507 Insufficient Storage")), "drop box's disk is full"),
    "garbage": (lambda: serving(garbage), "no usable answer"),
    "hangs up": (lambda: serving(closes), "no usable answer"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_drop_box_in_trouble_keeps_everything_queued_and_the_next_round_delivers(
    fault, site, case, tmp_path
):
    outbox = Outbox(tmp_path)
    expected = queue(outbox, 5)
    server, message = FAULTS[fault]
    waits: list[float] = []
    with server() as url:
        result = upload_round(
            outbox, Dropbox(url, ("terminal-1", "x"), 0.5), QUICK, no_wait(waits), lambda: 1.0
        )
    assert result.delivered == 0 and result.left == 5
    assert "(3 tries)" in result.error
    assert re.search(message, result.error), result.error
    assert waits == [2.0, 4.0]  # exponential: base, 2 x base (the jitter drew its top)
    assert Outbox(tmp_path).status()["last_error"] == result.error

    dropbox = Dropbox(site.url_for(case), read_credentials(site.credentials(tmp_path)))
    again = upload_round(outbox, dropbox, sleep=no_wait([]))
    assert (again.delivered, again.left, again.error) == (5, 0, None)
    assert site.files(case) == expected
    assert outbox.status()["last_error"] is None


def test_waits_are_random_below_an_exponential_cap_and_the_round_goes_on_after_a_blip(tmp_path):
    outbox = Outbox(tmp_path)
    queue(outbox, 2)
    answered = []

    def flaky(conn, done):  # 503 twice, then stored
        read_request(conn)
        answered.append(1)
        status = "503 Service Unavailable" if len(answered) <= 2 else "201 Created"
        conn.sendall(
            f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )

    draws = iter([0.25, 0.5])
    waits: list[float] = []
    policy = Policy(timeout_s=2, attempts=5, base_delay_s=4, max_delay_s=6)
    with serving(flaky) as url:
        result = upload_round(
            outbox, Dropbox(url, None), policy, no_wait(waits), lambda: next(draws)
        )
    assert (result.delivered, result.error) == (2, None)
    assert waits == [0.25 * 4, 0.5 * 6]  # min(cap, 4 x 2^attempt) times the draw


def test_a_round_stops_when_its_time_runs_out(tmp_path):
    outbox = Outbox(tmp_path)
    queue(outbox, 3)
    now = [0.0]

    def wait(seconds: float) -> None:
        now[0] += seconds

    policy = Policy(timeout_s=2, attempts=100, base_delay_s=4, max_delay_s=1000, round_s=20)
    with serving(answers("500 Internal Server Error")) as url:
        result = upload_round(outbox, Dropbox(url, None), policy, wait, lambda: 1.0, lambda: now[0])
    assert "the round's 20 s ran out" in result.error
    assert now[0] == 4 + 8 and result.left == 3  # a wait of 16 more would pass 20 s


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "one line, user:password"),
        ("nopassword\n", "one line, user:password"),
        ("a:b\nc:d\n", "one line, user:password"),
        (":pw\n", "one line, user:password"),
        ("user:pa\x07ss\n", "control characters"),
    ],
)
def test_a_credentials_file_that_cannot_be_used_is_refused_without_the_password(
    text, message, tmp_path
):
    (tmp_path / "c").write_text(text)
    with pytest.raises(CredentialsError, match=message) as refused:
        read_credentials(tmp_path / "c")
    assert "pa\x07ss" not in str(refused.value) and "pw" not in str(refused.value)
    assert read_credentials_or_none(tmp_path / "missing") == "no such credentials file"


def read_credentials_or_none(path: Path) -> str:
    try:
        read_credentials(path)
    except CredentialsError as exc:
        return str(exc).split(": ", 1)[1]
    return ""


# -- the commands ----------------------------------------------------------------------------


def test_kiosk_outbox_upload_status_and_export(site, case, tmp_path):
    terminal = tmp_path / "terminal"
    expected = queue(Outbox(terminal), 4)
    creds = site.credentials(tmp_path)

    exported = kiosk("outbox", "export", tmp_path / "usb", "--data-dir", terminal)
    assert exported.returncode == 0 and "wrote 4 submissions" in exported.stdout
    usb = {
        str(p.relative_to(tmp_path / "usb")): p.read_bytes()
        for p in (tmp_path / "usb").rglob("*.sealed")
    }
    assert usb == expected

    wrong = tmp_path / "wrong"
    wrong.write_text("terminal-1:nope\n")
    refused = kiosk(
        "outbox", "upload", "--once", "--to", site.url_for(case), "--credentials", wrong,
        "--data-dir", terminal,
    )  # fmt: skip
    assert refused.returncode == 1 and "HTTP 401" in refused.stderr
    assert "nope" not in refused.stderr + refused.stdout

    # `kiosk outbox status` in a process of its own sees what the round recorded.
    seen = subprocess.run(
        [sys.executable, "-m", "kiosk", "outbox", "status", "--json", "--data-dir", terminal],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=60,
    )
    report = json.loads(seen.stdout)
    assert report["queued"] == 4 and "HTTP 401" in report["last_error"]
    assert report["terminal"] == terminal_id(None)  # as the envelopes name the terminal

    done = kiosk(
        "outbox", "upload", "--once", "--to", site.url_for(case), "--credentials", creds,
        "--data-dir", terminal,
    )  # fmt: skip
    assert done.returncode == 0 and "delivered 4; queued 0" in done.stdout
    # The submissions, and the terminal's status beside them (test_usage_upload.py).
    assert site.files(case) == {**expected, f"status/{terminal_id(None)}.json": ANY}
    shown = kiosk("outbox", "status", "--data-dir", terminal)
    assert "queued: 0" in shown.stdout and "last error: none" in shown.stdout


def test_kiosk_outbox_upload_takes_the_config_and_refuses_a_plain_http_drop_box(tmp_path, site):
    refused = kiosk("outbox", "upload", "--once", "--to", "http://dropbox.example.org/")
    assert refused.returncode == 2 and "must be https://" in refused.stderr
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'dropbox_url = "{site.url_for("from-config")}"\n'
        f'dropbox_credentials = "{site.credentials(tmp_path)}"\n'
        f'data_dir = "{tmp_path / "terminal"}"\n'
    )
    expected = queue(Outbox(tmp_path / "terminal"), 2)
    done = kiosk("outbox", "upload", "--once", "--config", config)
    assert done.returncode == 0, done.stderr
    assert site.files("from-config") == {**expected, f"status/{terminal_id(None)}.json": ANY}


# -- any answer at all -----------------------------------------------------------------------


def test_only_200_201_and_204_count_as_delivered_whatever_the_drop_box_answers(tmp_path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    status = [0]

    def scripted(conn, done):
        read_request(conn)
        head = f"HTTP/1.1 {status[0]} Whatever\r\nContent-Length: 0\r\nConnection: close"
        conn.sendall(f"{head}\r\n\r\n".encode())

    with serving(scripted) as url:

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.integers(200, 599), st.integers(0, 10**6))
        def check(code, n):
            status[0] = code
            outbox = Outbox(tmp_path / f"{n}-{code}")
            expected = queue(outbox, 1, start=n)
            policy = Policy(timeout_s=2, attempts=2)
            result = upload_round(outbox, Dropbox(url, None), policy, no_wait([]), lambda: 0.5)
            if code in (200, 201, 204):
                assert (result.delivered, result.left, result.error) == (1, 0, None)
            else:
                assert result.delivered == 0 and result.left == 1 and f"HTTP {code}" in result.error
                assert {s.path for s in outbox.pending(10)} == set(expected)

        check()


@pytest.mark.parametrize("code", [400, 409, 413, 415, 422])
def test_a_drop_box_refusing_each_submission_is_asked_five_times_a_round_not_for_all(
    tmp_path, code
):
    from kiosk.adapters.dropbox import SKIPS_PER_ROUND

    puts = []

    def refusing(conn, done):
        read_request(conn)
        puts.append(code)
        head = f"HTTP/1.1 {code} No\r\nContent-Length: 0\r\nConnection: close"
        conn.sendall(f"{head}\r\n\r\n".encode())

    outbox = Outbox(tmp_path)
    expected = queue(outbox, 12)
    with serving(refusing) as url:
        result = upload_round(outbox, Dropbox(url, None), sleep=no_wait([]))
    assert len(puts) == SKIPS_PER_ROUND == 5
    assert (result.delivered, result.left) == (0, 12)
    assert result.error == "the drop box refused 5 submissions this round"
    assert {s.path: s.sealed for s in outbox.pending(100)} == expected


def test_a_refusal_of_the_address_or_the_site_still_stops_the_round_at_once(tmp_path):
    puts = []

    def not_found(conn, done):
        read_request(conn)
        puts.append(1)
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    outbox = Outbox(tmp_path)
    queue(outbox, 4)
    with serving(not_found) as url:
        result = upload_round(outbox, Dropbox(url, None), sleep=no_wait([]))
    assert len(puts) == 1 and result.left == 4
    assert "HTTP 404: check dropbox_url" in result.error


def test_the_upload_service_goes_on_after_a_failed_round():
    from kiosk.adapters.dropbox import RoundResult, upload_forever

    rounds, waits = [], []

    def one_round():
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("a fault of this code")
        return RoundResult(0, 0, "HTTP 500" if len(rounds) == 2 else None)

    class Enough(Exception):
        pass

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            raise Enough

    with pytest.raises(Enough):
        upload_forever(one_round, 300, wait)
    assert len(rounds) == 3 and waits == [300, 300, 300]
