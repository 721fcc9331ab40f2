"""The terminal's installed packs: check one, swap it in atomically, keep the last, roll back.

Kivy-free and network-free: `kiosk.adapters.sync` brings a verified download here, `kiosk import`
a verified file from a USB stick, and the app asks `usable_pack()` which file to open.

The terminal's data folder:

    pack/current.sqlite    the pack the app shows
    pack/previous.sqlite   the one before it, for `kiosk pack rollback`
    staging/               downloads in progress (<sha256>.part) and checked ones
    tuf/                   the TUF metadata the terminal trusts now (kiosk.adapters.sync)
    state.json             last successful sync, last error, a version rolled back from

Why it cannot be left broken: `current.sqlite` is only ever replaced by a rename of a
complete, checked and fsynced file on the same disk, and renaming over a file is atomic. The
previous pack is kept through a hard link made before that rename. A process killed at any
moment leaves `current.sqlite` either the old pack or the new one, and at worst a stray
temporary file, which `tidy()` removes.

A disk fault (or a person) can still damage a file in place. A pack that does not open is
never kept as the fallback: installing over a damaged current pack keeps the previous
one, a rollback from it keeps nothing, and `repair()` (at the start of every sync and
import) puts a good previous pack back as the current one and drops a damaged previous.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from content.files import file_sha256, sync_to_disk, write_atomically
from content.pack.format import PackError
from content.pack.reader import open_pack
from content.pack.verify import verify_pack

CURRENT = "current.sqlite"
PREVIOUS = "previous.sqlite"


class PackRefused(Exception):
    """A pack that must not be shown; the message says why in words for the staff log."""


@dataclass(frozen=True)
class PackInfo:
    """What the kiosk needs to know of a pack file: its version, schema and date."""

    path: Path
    version: int
    schema_version: int
    created_at: str
    pack_id: str


@dataclass
class TerminalState:
    """What `kiosk status` reports besides the pack itself; kept in state.json."""

    last_sync: str | None = None
    """When a sync or import last ended well (the pack installed, or already the newest)."""
    last_attempt: str | None = None
    last_error: str | None = None
    """Why the last attempt failed; None after a good one."""
    rolled_back_from: str | None = None
    """The SHA-256 of a pack staff rolled back from: sync does not install it again."""
    extra: dict = field(default_factory=dict)


def read_info(path: Path, integrity: bool = False) -> PackInfo:
    """Open `path` as a pack (schema, tables and metadata checked, content.pack.reader.open_pack),
    or with `integrity` make the whole check that installing makes (content.pack.verify.verify_pack:
    SQLite's integrity check, every value, rule and web address); raise PackRefused if the
    pack must not be shown."""
    try:
        if integrity:
            meta = verify_pack(path)
        else:
            with open_pack(path) as pack:
                meta = pack.meta
    except PackError as exc:
        raise PackRefused(str(exc)) from None
    except OSError as exc:
        raise PackRefused(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return PackInfo(path, meta.version, meta.schema_version, meta.created_at, meta.pack_id)


@dataclass(frozen=True)
class Health:
    """The packs in the data folder as the app and staff see them."""

    showing: PackInfo | None
    """The pack the app opens (`usable_pack()`), or None."""
    current: PackInfo | None
    previous: PackInfo | None
    damaged: dict[str, str]
    """File name (current.sqlite, previous.sqlite) -> why it does not open."""


class PackStore:
    """The packs in a terminal's data folder."""

    def __init__(self, data_dir: str | Path, checkpoint: Callable[[str], None] | None = None):
        """`checkpoint(name)` is called at each named step of a sync, import or install
        (sync-start, download-chunk-1, install-renamed, ...); the crash tests pass one that
        stops the process there to kill it (tests/integration/test_sync_kill.py)."""
        self.root = Path(data_dir)
        self.checkpoint: Callable[[str], None] = checkpoint or _no_checkpoint
        self.pack_dir = self.root / "pack"
        self.staging = self.root / "staging"
        self.tuf_dir = self.root / "tuf"
        self.state_path = self.root / "state.json"
        self.current = self.pack_dir / CURRENT
        self.previous = self.pack_dir / PREVIOUS

    def make_dirs(self) -> None:
        for folder in (self.pack_dir, self.staging, self.tuf_dir):
            folder.mkdir(parents=True, exist_ok=True)

    def tidy(self, keep: set[str] = frozenset()) -> None:
        """Remove temporary files a killed process left, and staged files other than `keep`
        (names in staging/: a download of the pack being installed is worth resuming)."""
        for folder in (self.pack_dir, self.staging):
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name.startswith(".") or (folder == self.staging and path.name not in keep):
                    path.unlink(missing_ok=True)
        # Half-written temporary files: state.json's, and ngclient's metadata (tmpXXXXXX).
        for pattern, folder in ((".state.*", self.root), ("tmp*", self.tuf_dir)):
            if folder.is_dir():
                for path in folder.glob(pattern):
                    if path.is_file() and not path.name.endswith(".json"):
                        path.unlink(missing_ok=True)

    @contextmanager
    def locked(self):
        """Hold the data folder for one sync, import or rollback at a time (the sync service
        and someone at the terminal's console); raise PackRefused if another holds it.
        The lock goes with the process, however it ends."""
        import fcntl

        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "sync.lock", "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PackRefused(
                    "another sync, import or rollback is running on this terminal"
                ) from None
            yield

    # -- what is installed -------------------------------------------------------------------

    def installed(self) -> PackInfo | None:
        """The current pack, or None if there is none (or it cannot be opened)."""
        return self._opens(self.current)

    def usable_pack(self) -> Path | None:
        """The pack the app should open: the current one, else the previous one if the
        current cannot be opened (a disk fault; the swap never leaves one broken)."""
        for path in (self.current, self.previous):
            if self._opens(path) is not None:
                return path
        return None

    def health(self) -> Health:
        """Which pack the app shows, and which files are damaged and why (`kiosk status`)."""
        found: dict[Path, PackInfo | None] = {}
        damaged: dict[str, str] = {}
        for path in (self.current, self.previous):
            found[path] = None
            if path.exists():
                try:
                    found[path] = read_info(path)
                except PackRefused as exc:
                    damaged[path.name] = str(exc)
        showing = found[self.current] or found[self.previous]
        return Health(showing, found[self.current], found[self.previous], damaged)

    def _opens(self, path: Path) -> PackInfo | None:
        if not path.exists():
            return None
        try:
            return read_info(path)
        except PackRefused:
            return None

    def repair(self) -> str | None:
        """Put right what a disk fault did to the packs: a good previous pack goes back as
        the current one in place of a damaged one (a second name for the same file, so it
        stays the fallback too), and a damaged previous pack is removed. Returns what was
        done, for the log, or None if nothing needed doing."""
        health = self.health()
        done = []
        if health.current is None and health.previous is not None:
            link = self.pack_dir / f".{CURRENT}.link"
            link.unlink(missing_ok=True)
            os.link(self.previous, link)
            os.replace(link, self.current)
            why = (
                f"did not open ({health.damaged[CURRENT]})"
                if CURRENT in health.damaged
                else "was missing"
            )
            done.append(
                f"{CURRENT} {why}; the previous pack, version {health.previous.version}, is "
                "the current one again"
            )
        if PREVIOUS in health.damaged:
            self.previous.unlink()
            done.append(f"{PREVIOUS} did not open ({health.damaged[PREVIOUS]}) and was removed")
        if done:
            sync_to_disk(self.pack_dir)
        return "; ".join(done) or None

    # -- installing --------------------------------------------------------------------------

    def install(
        self, staged: Path, expected_version: int | None = None, allow_same: bool = False
    ) -> PackInfo:
        """Check `staged` and make it the current pack, the current one becoming previous.

        Refused (PackRefused, nothing changed) if it cannot be opened, fails SQLite's
        integrity check, has a schema this kiosk does not read, is not the version its
        signed metadata named (`expected_version`), or is not newer than the current pack.
        """
        info = read_info(staged, integrity=True)
        if expected_version is not None and info.version != expected_version:
            raise PackRefused(
                f"the pack says version {info.version}, its signed metadata say "
                f"{expected_version}: a mix of two publishes"
            )
        now = self.installed()
        shown = now or self._opens(self.previous)  # what the app shows, if current is damaged
        if shown is not None and (
            info.version < shown.version or (info.version == shown.version and not allow_same)
        ):
            raise PackRefused(
                f"version {info.version} is not newer than the installed version {shown.version}"
            )
        self.make_dirs()
        sync_to_disk(staged)
        self.checkpoint("install-checked")
        if now is not None:
            # Keep the current pack as the previous one: a second name for the same file,
            # then that name renamed over the old previous. Both steps leave current alone.
            link = self.pack_dir / f".{PREVIOUS}.link"
            link.unlink(missing_ok=True)
            os.link(self.current, link)
            self.checkpoint("install-linked")
            os.replace(link, self.previous)
            self.checkpoint("install-previous-kept")
        elif self.previous.exists() and self._opens(self.previous) is None:
            self.previous.unlink()  # a damaged fallback is no fallback
        os.replace(staged, self.current)
        self.checkpoint("install-renamed")
        sync_to_disk(self.pack_dir)
        return read_info(self.current)

    def rollback(self) -> tuple[PackInfo, PackInfo | None]:
        """Make the previous pack current again; the one rolled back from becomes previous
        (so that a second rollback undoes the first), unless it does not open: then nothing
        is kept. Sync does not install the pack rolled back from again (state.json keeps its
        SHA-256). Returns (now current, rolled back from, or None).

        Holds the data folder (`locked`) while it works; raises PackRefused, or OSError when
        the data folder cannot be written."""
        with self.locked():
            if not self.previous.exists():
                raise PackRefused("there is no previous pack to go back to")
            read_info(self.previous, integrity=True)  # going back to a damaged pack helps nobody
            leaving = self._opens(self.current)
            leaving_sha256 = file_sha256(self.current) if leaving is not None else None
            swap = self.pack_dir / ".rollback.swap"
            swap.unlink(missing_ok=True)
            if leaving is not None:
                os.link(self.current, swap)
            os.replace(self.previous, self.current)
            if leaving is not None:
                os.replace(swap, self.previous)
            sync_to_disk(self.pack_dir)
            state = self.state()
            state.rolled_back_from = leaving_sha256
            self.save_state(state)
            return read_info(self.current), leaving

    # -- state -------------------------------------------------------------------------------

    def state(self) -> TerminalState:
        try:
            data = json.loads(self.state_path.read_text("utf-8"))
        except (OSError, ValueError):
            return TerminalState()  # never written, or cut short: start afresh
        known = {k: data[k] for k in TerminalState.__dataclass_fields__ if k in data}
        return TerminalState(**known)

    def save_state(self, state: TerminalState) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        data = json.dumps(asdict(state), ensure_ascii=False, indent=1).encode("utf-8")
        # 0600, as tempfile.mkstemp made it before this write had one home.
        write_atomically(self.state_path, data, mode=0o600)

    def record(self, error: str | None, now: datetime | None = None) -> TerminalState:
        """Note an attempt: a good one (error None) or why it failed."""
        stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        state = self.state()
        state.last_attempt = stamp
        state.last_error = error
        if error is None:
            state.last_sync = stamp
        self.save_state(state)
        return state


def _no_checkpoint(name: str) -> None:
    """A terminal's own store: its steps are not watched."""
