"""kiosk.adapters.fetch against servers that misbehave on loopback: each way a download goes
wrong is one of python-tuf's errors with the address and the reason in words.

The servers are a few lines of socket code on a port the system picks, each doing one thing
wrong on purpose (never answering, stopping half way, sending slower than allowed).
nginx's own faults are tested through the whole sync in test_sync.py.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator

import pytest
from tuf.api import exceptions

from kiosk.adapters.fetch import Fetcher

BODY = bytes(range(256)) * 2048  # 512 KiB: two of the fetcher's chunks


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        got = conn.recv(4096)
        if not got:
            break
        data += got
    return data


@contextlib.contextmanager
def serving(answer: Callable[[socket.socket, bytes, threading.Event], None]) -> Iterator[str]:
    """An HTTP server on loopback that answers every request with `answer(conn, request,
    done)`; its address. `done` is set when the test ends, for answers that hold on."""
    listener = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            answer(conn, read_request(conn), done)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/pack.sqlite"
    finally:
        done.set()
        listener.close()


def headers(status: str, length: int) -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Length: {length}\r\n\r\n".encode()


def whole_or_from_range(conn, request, done) -> None:
    start = 0
    for line in request.decode().split("\r\n"):
        if line.lower().startswith("range: bytes="):
            start = int(line.split("=")[1].rstrip("-"))
    status = "206 Partial Content" if start else "200 OK"
    conn.sendall(headers(status, len(BODY) - start) + BODY[start:])


def never_answers(conn, request, done) -> None:
    done.wait(10)


def stops_half_way(conn, request, done) -> None:
    conn.sendall(headers("200 OK", len(BODY)) + BODY[: len(BODY) // 2 + 1000])
    done.wait(10)


def answers_500(conn, request, done) -> None:
    conn.sendall(headers("500 Internal Server Error", 0))


def fetch_all(fetcher: Fetcher, url: str, start: int = 0) -> tuple[bytes, bool]:
    chunks, resumed = fetcher.stream(url, start)
    return b"".join(chunks), resumed


def test_a_download_is_whole_and_continues_from_an_offset():
    with serving(whole_or_from_range) as url:
        assert fetch_all(Fetcher(), url) == (BODY, False)
        assert fetch_all(Fetcher(), url, 1000) == (BODY[1000:], True)


def test_a_file_address_is_read_from_its_offset_and_a_missing_file_is_a_404(tmp_path):
    (tmp_path / "pack.sqlite").write_bytes(BODY)
    assert fetch_all(Fetcher(), (tmp_path / "pack.sqlite").as_uri(), 5) == (BODY[5:], True)
    with pytest.raises(exceptions.DownloadHTTPError, match="no such file") as missing:
        fetch_all(Fetcher(), (tmp_path / "gone.sqlite").as_uri())
    assert missing.value.status_code == 404


def test_a_server_that_never_answers_is_left_after_the_timeout():
    with serving(never_answers) as url:
        with pytest.raises(exceptions.SlowRetrievalError, match=r"no answer in 0\.3 s"):
            fetch_all(Fetcher(timeout_s=0.3), url)


def test_a_server_that_stops_sending_is_left_after_the_timeout():
    with serving(stops_half_way) as url:
        chunks, _resumed = Fetcher(timeout_s=0.3).stream(url)
        with pytest.raises(exceptions.SlowRetrievalError, match=r"no bytes for 0\.3 s") as slow:
            for _chunk in chunks:
                pass
    assert url in str(slow.value)


def test_a_server_slower_than_the_minimum_rate_is_left():
    with serving(stops_half_way) as url:
        fetcher = Fetcher(timeout_s=5, min_rate=10**12, min_rate_after_s=0)
        chunks, _resumed = fetcher.stream(url)
        with pytest.raises(exceptions.SlowRetrievalError, match="too slow to finish"):
            next(chunks)


def test_an_http_error_names_its_status():
    with serving(answers_500) as url:
        with pytest.raises(exceptions.DownloadHTTPError, match="HTTP 500") as failed:
            fetch_all(Fetcher(), url)
    assert failed.value.status_code == 500


def test_a_port_no_one_listens_on_is_a_refused_connection_not_a_timeout():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    with pytest.raises(exceptions.DownloadError, match="the server refused the connection"):
        fetch_all(Fetcher(), f"http://127.0.0.1:{port}/pack.sqlite")


def test_an_address_of_another_kind_is_not_fetched():
    with pytest.raises(ValueError, match="only http, https and file addresses"):
        Fetcher().stream("ftp://packs.example.invalid/pack.sqlite")


def test_the_sync_refuses_an_address_it_cannot_fetch_and_records_why(tmp_path):
    from kiosk.adapters.pack_store import PackStore
    from kiosk.adapters.sync import SyncRefused, sync_once

    store = PackStore(tmp_path / "terminal")
    with pytest.raises(SyncRefused, match="only http, https and file addresses"):
        sync_once("ftp://packs.example.invalid/site", tmp_path / "root.json", store)
    assert "only http, https and file addresses" in store.state().last_error
