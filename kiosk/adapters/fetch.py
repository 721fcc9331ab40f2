"""Bytes from http(s):// and file:// addresses, from an offset, within time limits.

`kiosk.adapters.sync` reads the TUF metadata through it (`tuf_fetcher` wraps it for
python-tuf's ngclient) and the pack directly, so that an interrupted download continues with
an HTTP Range request. A server that does not answer, stops sending or sends a trickle is
left. Whatever goes wrong is raised as one of python-tuf's download errors, with the address
and the reason in words, which the sync turns into its refusal.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlparse

SCHEMES = ("http", "https", "file")
"""The addresses a terminal can sync from: a server, or a folder (a USB stick)."""

TIMEOUT_S = 30.0
"""Longest wait for a connection or for the next bytes; a server that hangs is left."""

MIN_RATE = 2048
"""Bytes a second, on average after the first MIN_RATE_AFTER_S: a server that sends a
trickle (which no gap timeout catches) is left too."""

MIN_RATE_AFTER_S = 30.0

CHUNK = 256 * 1024


class Fetcher:
    """Bytes from http(s):// and file:// addresses, from an offset, with time limits."""

    def __init__(
        self,
        timeout_s: float = TIMEOUT_S,
        min_rate: int = MIN_RATE,
        min_rate_after_s: float = MIN_RATE_AFTER_S,
    ):
        self.timeout_s = timeout_s
        self.min_rate = min_rate
        self.min_rate_after_s = min_rate_after_s
        self._pool = None

    def stream(self, url: str, start: int = 0) -> tuple[Iterator[bytes], bool]:
        """(chunks, resumed): the bytes of `url` from `start` on; `resumed` is False when the
        source ignored the offset and sends the whole file from its first byte. An address
        of another scheme than SCHEMES is a ValueError (the sync refuses those first)."""
        scheme = urlparse(url).scheme
        if scheme == "file":
            return self._file(unquote(urlparse(url).path), start), True
        if scheme in ("http", "https"):
            return self._http(url, start)
        raise ValueError(f"cannot fetch {url}: only http, https and file addresses")

    def _file(self, path: str, start: int) -> Iterator[bytes]:
        from tuf.api import exceptions

        # A stick that cannot be read is a fault of the source, not of the data folder.
        try:
            f = open(path, "rb")  # noqa: SIM115 (closed by the generator)
        except FileNotFoundError:
            raise exceptions.DownloadHTTPError(f"{path}: no such file", 404) from None
        except OSError as exc:
            raise exceptions.DownloadError(f"{path}: cannot be read ({exc.strerror})") from None
        with f:
            try:
                f.seek(start)
                while chunk := f.read(CHUNK):
                    yield chunk
            except OSError as exc:
                raise exceptions.DownloadError(f"{path}: cannot be read ({exc.strerror})") from None

    def _http(self, url: str, start: int) -> tuple[Iterator[bytes], bool]:
        import urllib3
        from tuf.api import exceptions

        if self._pool is None:
            self._pool = urllib3.PoolManager(retries=False)
        headers = {"User-Agent": "perm-kiosk-sync"}
        if start:
            headers["Range"] = f"bytes={start}-"
        with _as_download_errors(url, f"no answer in {self.timeout_s:g} s"):
            try:
                response = self._pool.request(
                    "GET",
                    url,
                    headers=headers,
                    preload_content=False,
                    timeout=urllib3.Timeout(connect=self.timeout_s, read=self.timeout_s),
                )
            except urllib3.exceptions.NewConnectionError as exc:
                # urllib3 counts these as connect timeouts; they are not, and come at once.
                raise exceptions.DownloadError(f"{url}: {_no_connection(exc)}") from exc
        if response.status >= 400:
            response.release_conn()
            raise exceptions.DownloadHTTPError(f"{url}: HTTP {response.status}", response.status)
        resumed = bool(start) and response.status == 206
        return self._timed(url, response), resumed

    def _timed(self, url: str, response) -> Iterator[bytes]:
        from tuf.api import exceptions

        began, got = time.monotonic(), 0
        try:
            with _as_download_errors(url, f"no bytes for {self.timeout_s:g} s"):
                for chunk in response.stream(CHUNK):
                    got += len(chunk)
                    spent = time.monotonic() - began
                    if spent > self.min_rate_after_s and got / spent < self.min_rate:
                        raise exceptions.SlowRetrievalError(
                            f"{url}: {got} bytes in {spent:.0f} s, too slow to finish"
                        )
                    yield chunk
        finally:
            response.release_conn()


@contextmanager
def _as_download_errors(url: str, timed_out: str) -> Iterator[None]:
    """urllib3's errors as python-tuf's: a timeout (`timed_out` says which) is a slow
    retrieval, anything else a failed download."""
    import urllib3
    from tuf.api import exceptions

    try:
        yield
    except urllib3.exceptions.TimeoutError as exc:
        raise exceptions.SlowRetrievalError(f"{url}: {timed_out}") from exc
    except urllib3.exceptions.HTTPError as exc:
        raise exceptions.DownloadError(f"{url}: {exc}") from exc


def _no_connection(exc) -> str:
    """Why a connection could not be made, in words: a name that does not resolve, a
    server that refuses, or a network that cannot be reached."""
    import urllib3

    host = f"{exc.conn.host}:{exc.conn.port}" if getattr(exc, "conn", None) else "the server"
    if isinstance(exc, urllib3.exceptions.NameResolutionError):
        name = exc.conn.host if getattr(exc, "conn", None) else "?"
        return (
            f"cannot resolve the server's name {name}: check the address (update_url) "
            "and the terminal's network"
        )
    if isinstance(exc.__context__, ConnectionRefusedError):
        return f"the server refused the connection ({host}): is its web server running?"
    reason = getattr(exc.__context__, "strerror", None) or str(exc.__context__ or exc)
    return f"cannot connect to {host} ({reason})"


def tuf_fetcher(fetcher: Fetcher):
    """`fetcher` as python-tuf's ngclient wants it (a FetcherInterface), for the metadata."""
    from tuf.ngclient.fetcher import FetcherInterface

    class _TufFetcher(FetcherInterface):
        def _fetch(self, url: str) -> Iterator[bytes]:
            chunks, _resumed = fetcher.stream(url)
            return chunks

    return _TufFetcher()
