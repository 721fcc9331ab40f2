"""Where staff pull sealed submissions from: a folder in the drop box's layout (the drop box's
storage folder, or a terminal's USB export), or the drop box's staff listing over http(s).

The layout (issue 17's contract) is `<kind>/<YYYY-MM-DD>/<id>.sealed`. A source lists the
files three levels down, as `Entry`s, and reads one on request, at most `MAX_SEALED` bytes.
Names that come from a folder or a server are outside input: a name with a slash, a
control character or a leading dot is never followed, and hidden files (a half-written
copy's `.NAME.tmp`) are skipped.

The staff listing is nginx's autoindex in JSON (`autoindex_format json`; the site is
deploy/nginx/perm-kiosk-inbox.conf): a JSON list of {"name", "type", "size", "mtime"} for
each folder, walked one folder at a time.

The same drop box holds the terminals' own reports beside the submissions: status/ (the
fleet report's, kiosk/office/fleet.py) and stats/ (the usage report's,
kiosk/office/usage_report_files.py). The inbox's walk leaves those two folders out; the
reports walk them through the same sources (`Tree`: a folder's sub-folders and files, a
file read up to a limit), so a folder and a URL are read the same way.
"""

from __future__ import annotations

import ipaddress
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlparse

MAX_SEALED = 1 << 20
"""Bytes: a sealed file larger than this is no form (the drop box's own limit is lower)."""
MAX_LISTING = 16 << 20
"""Bytes of one folder's JSON listing: about 100,000 files."""
TIMEOUT_S = 30.0
REPORT_FOLDERS = ("status", "stats")
"""Top folders of the drop box that hold the terminals' reports, not submissions."""


class SourceError(Exception):
    """The source as a whole cannot be read (a missing folder, a server that says no); the
    pull stops, keeping what it has stored."""


class Unreadable(Exception):
    """One file cannot be read now (a transient fault): the next pull tries again."""


class TooLarge(Exception):
    """One file is larger than its limit (MAX_SEALED for a submission)."""


@dataclass(frozen=True)
class Entry:
    """A file in the layout: its path relative to the source, '/'-separated."""

    kind: str
    day: str
    name: str

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.day}/{self.name}"


class Source(Protocol):
    """A place with sealed files in the contract's layout."""

    def entries(self) -> Iterator[Entry]:
        """Every file three levels down, in a stable order."""

    def read(self, entry: Entry) -> bytes:
        """The file's bytes; Unreadable or TooLarge."""


class Tree(Protocol):
    """The same place as folders and files, for the reports. A path is '/'-separated names
    that the source itself listed ('' is the top); nothing else is ever followed."""

    def folders(self, path: str = "") -> list[str]:
        """The sub-folders of `path`, sorted; SourceError if the top cannot be read."""

    def files(self, path: str = "") -> list[str]:
        """The plain files in `path`, sorted; SourceError if the top cannot be read."""

    def read_file(self, path: str, limit: int) -> bytes:
        """The file's bytes; Unreadable, or TooLarge past `limit` bytes."""


class SealedFiles:
    """A Source made of a Tree (its `folders`, `files` and `read_file`): the sealed files are
    those three levels down, kind/day/name, outside the reports' folders."""

    def entries(self) -> Iterator[Entry]:
        for kind in self.folders():
            if kind in REPORT_FOLDERS:
                continue
            for day in self.folders(kind):
                for name in self.files(f"{kind}/{day}"):
                    yield Entry(kind, day, name)

    def read(self, entry: Entry) -> bytes:
        return self.read_file(entry.path, MAX_SEALED)


def open_source(
    location: str, credentials: tuple[str, str] | None = None
) -> FolderSource | ListingSource:
    """The source at `location`: an http(s) URL, or a folder."""
    scheme = urlparse(location).scheme
    if scheme in ("http", "https"):
        return ListingSource(location, credentials)
    if credentials is not None:
        raise SourceError("--credentials are for an http(s) source only")
    return FolderSource(Path(location))


def read_credentials(path: Path) -> tuple[str, str]:
    """`user:password` from the first line of the file at `path`."""
    try:
        line = Path(path).read_text("utf-8").splitlines()[0]
    except (OSError, UnicodeDecodeError, IndexError):
        raise SourceError(f"{path}: cannot read a user:password line") from None
    user, colon, password = line.partition(":")
    if not colon or not user:
        raise SourceError(f"{path}: the first line is not user:password")
    return user, password


def safe_name(name: object) -> bool:
    """True for a name a source may follow: not hidden, no separator, no control character."""
    return (
        isinstance(name, str)
        and 0 < len(name) <= 255
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and name.isprintable()
    )


class FolderSource(SealedFiles):
    """A folder in the layout: the drop box's storage folder or a USB export. Links are not
    followed: a submission is a plain file where the layout puts it."""

    def __init__(self, root: Path):
        self.root = Path(root)
        if not self.root.is_dir():
            raise SourceError(f"{self.root}: not a folder")

    def folders(self, path: str = "") -> list[str]:
        return self._names(self._at(path), stat.S_ISDIR)

    def files(self, path: str = "") -> list[str]:
        return self._names(self._at(path), stat.S_ISREG)

    def read_file(self, relative: str, limit: int) -> bytes:
        path = self._at(relative)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            raise Unreadable(exc.strerror) from None
        with os.fdopen(fd, "rb") as f:
            try:
                data = f.read(limit + 1)
            except OSError as exc:
                raise Unreadable(exc.strerror) from None
        if len(data) > limit:
            raise TooLarge()
        return data

    def _at(self, path: str) -> Path:
        return self.root.joinpath(*path.split("/")) if path else self.root

    def _names(self, folder: Path, is_kind) -> list[str]:
        try:
            with os.scandir(folder) as scan:
                return sorted(
                    e.name
                    for e in scan
                    if safe_name(e.name) and is_kind(e.stat(follow_symlinks=False).st_mode)
                )
        except OSError as exc:
            if folder == self.root:
                raise SourceError(f"{folder}: cannot be read ({exc.strerror})") from None
            return []  # a folder that vanished or cannot be read: the next pull looks again


class ListingSource(SealedFiles):
    """The drop box's staff listing: nginx autoindex JSON, over http(s) with basic auth."""

    def __init__(self, url: str, credentials: tuple[str, str] | None = None):
        import urllib3

        parsed = urlparse(url)
        if credentials is not None and parsed.scheme == "http" and not _loopback(parsed.hostname):
            raise SourceError("credentials go over https only (or http on this machine)")
        self.url = url if url.endswith("/") else url + "/"
        self._headers = {"User-Agent": "perm-kiosk-inbox", "Accept": "application/json"}
        if credentials is not None:
            self._headers |= urllib3.make_headers(basic_auth=":".join(credentials))
        self._pool = urllib3.PoolManager(retries=False)

    def folders(self, path: str = "") -> list[str]:
        return self._listing(_folder(path), "directory", fatal=not path)

    def files(self, path: str = "") -> list[str]:
        return self._listing(_folder(path), "file", fatal=not path)

    def read_file(self, path: str, limit: int) -> bytes:
        status, data = self._get("/".join(_q(part) for part in path.split("/")), limit)
        if status != 200:
            raise Unreadable(f"HTTP {status}")
        if data is None:
            raise TooLarge()
        return data

    def _listing(self, path: str, kind: str, fatal: bool = False) -> list[str]:
        """The names of type `kind` in the folder at `path`. A listing that cannot be had is
        a SourceError for the top folder, else an empty folder this time."""
        try:
            status, data = self._get(path, MAX_LISTING)
            if status != 200:
                raise SourceError(f"{self.url}{path}: HTTP {status}")
            if data is None:
                raise SourceError(f"{self.url}{path}: a listing longer than {MAX_LISTING} bytes")
            try:
                listing = json.loads(data)
            except (ValueError, RecursionError):
                raise SourceError(f"{self.url}{path}: not a JSON listing") from None
            if not isinstance(listing, list):
                raise SourceError(f"{self.url}{path}: not a JSON listing")
        except (SourceError, Unreadable) as exc:
            if fatal:
                raise SourceError(str(exc)) from None
            return []
        return sorted(
            item["name"]
            for item in listing
            if isinstance(item, dict) and item.get("type") == kind and safe_name(item.get("name"))
        )

    def _get(self, path: str, limit: int) -> tuple[int, bytes | None]:
        """(status, body) of a GET of `path`; body None when longer than `limit`."""
        import urllib3

        url = self.url + path
        try:
            response = self._pool.request(
                "GET",
                url,
                headers=self._headers,
                # No redirects: one would take the credentials to wherever it points.
                redirect=False,
                preload_content=False,
                timeout=urllib3.Timeout(connect=TIMEOUT_S, read=TIMEOUT_S),
            )
        except urllib3.exceptions.HTTPError as exc:
            raise Unreadable(f"{url}: {type(exc).__name__}") from None
        try:
            if response.status != 200:
                response.close()  # an error page is not worth reading
                return response.status, b""
            body = bytearray()
            for chunk in response.stream(64 * 1024):
                body += chunk
                if len(body) > limit:
                    response.close()  # not the rest of a file that may never end
                    return 200, None
            return 200, bytes(body)
        except urllib3.exceptions.HTTPError as exc:
            raise Unreadable(f"{url}: {type(exc).__name__}") from None
        finally:
            response.release_conn()


def _q(name: str) -> str:
    return quote(name, safe="")


def _folder(path: str) -> str:
    """The URL path of a folder's listing ('' for the top): each name quoted, a '/' after."""
    return "".join(f"{_q(part)}/" for part in path.split("/")) if path else ""


def _loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False
