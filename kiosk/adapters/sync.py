"""Fetch the newest signed pack and install it: from the publishing server, or a USB folder.

The checking is TUF's: python-tuf's ngclient refreshes the metadata (root, timestamp,
snapshot, targets) against the root.json the terminal was installed with, and refuses
what is tampered with, signed with a wrong key, older than what the terminal has seen
(its metadata are kept in the data folder's tuf/), expired, or longer than the caps below.
The metadata and the pack are both read through `kiosk.adapters.fetch` (time limits, a
minimum rate); the pack is downloaded here rather than by ngclient, which cannot resume: into
staging/<sha256>.part, continued with an HTTP Range request after an interruption, never
past the signed length, and then checked against the signed length and SHA-256 before
`kiosk.adapters.pack_store` opens it, checks its schema and integrity and swaps it in.

A USB stick carries a copy of the published folder; `import_folder` reads it through the
same client with file:// addresses, so a tampered stick is refused the same way.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from kiosk.adapters.fetch import CHUNK, SCHEMES, Fetcher, tuf_fetcher
from kiosk.adapters.pack_store import PackInfo, PackRefused, PackStore

log = logging.getLogger("kiosk.adapters.sync")

PACK_TARGET = (
    "pack.sqlite"  # content.publisher.publish.PACK_TARGET; no import: publishing needs more
)

METADATA_CAPS = dict(
    root_max_length=256_000,
    timestamp_max_length=16_384,
    snapshot_max_length=64_000,
    targets_max_length=256_000,
)
"""Longest metadata files accepted (one pack: they are a few KB): a server that sends
bytes forever is cut off here, and the pack at its signed length."""


class SyncRefused(Exception):
    """The sync or import did not install anything; the message says why."""


@dataclass(frozen=True)
class SyncResult:
    installed: PackInfo | None
    """The pack installed now, or None if the terminal had the newest already."""
    current: PackInfo | None
    resumed_from: int = 0
    """Bytes of the pack that were already there from an interrupted download."""


# -- syncing ---------------------------------------------------------------------------------


def sync_once(
    base_url: str, trust: Path, store: PackStore, fetcher: Fetcher | None = None
) -> SyncResult:
    """One sync from the published folder at `base_url` (http(s):// or file://), checked
    against the root metadata in `trust`. Raises SyncRefused with the reason; the state
    file records every attempt either way (or, if even that cannot be written, the log
    says so)."""
    try:
        result = _locked_sync(base_url.rstrip("/") + "/", trust, store, fetcher or Fetcher())
    except PackRefused as exc:  # the lock: another process is at it; its record stands
        log.error("sync not started: %s", exc)
        raise SyncRefused(str(exc)) from None
    except SyncRefused as exc:
        _record(store, str(exc))
        log.error("sync refused: %s (the terminal keeps pack %s)", exc, _version(store))
        raise
    _record(store, None)
    if result.installed:
        log.info(
            "installed pack version %d (%s)", result.installed.version, result.installed.created_at
        )
    else:
        log.info("pack version %s is the newest published", _version(store))
    return result


def _locked_sync(base: str, trust: Path, store: PackStore, fetcher: Fetcher) -> SyncResult:
    if urlparse(base).scheme not in SCHEMES:
        raise SyncRefused(f"cannot fetch {base}: only http, https and file addresses")
    try:
        with store.locked():
            try:
                return _sync(base, trust, store, fetcher)
            except OSError as exc:  # a full disk, a folder it may not write: the old pack stands
                _clear_staging(store)
                raise SyncRefused(_cannot_write(exc, store)) from None
    except OSError as exc:  # the lock file itself
        raise SyncRefused(_cannot_write(exc, store)) from None


def _cannot_write(exc: OSError, store: PackStore) -> str:
    where = exc.filename or store.root
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"cannot write to the terminal's data folder: the disk is full ({where}); what "
            "was half written is removed. Free some space on the disk; the terminal keeps "
            "the pack it has"
        )
    if exc.errno == errno.EROFS:
        return f"cannot write to the terminal's data folder: the disk is read-only ({where})"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"cannot write to the terminal's data folder: permission denied ({where}); the "
            "folder must belong to the user the sync runs as"
        )
    return f"cannot write to the terminal's data folder ({exc.strerror or exc}: {where})"


def _clear_staging(store: PackStore) -> None:
    """Remove what a sync that failed to write left: every partial download (a full disk
    needs the room more than a resume needs the bytes) and every temporary file."""
    try:
        store.tidy(keep=set())
    except OSError as exc:  # a read-only disk: nothing was written there either
        log.warning("could not tidy the data folder: %s", exc.strerror or exc)


def _record(store: PackStore, error: str | None) -> None:
    try:
        store.record(error)
    except OSError as exc:
        what = "the refusal" if error else "this good sync"
        log.error(
            "%s could not be written to state.json (%s): `kiosk status` does not show it",
            what,
            exc.strerror or exc,
        )


def sync_forever(
    sync: Callable[[], SyncResult], every_s: float, sleep: Callable[[float], None] = time.sleep
) -> None:
    """The sync service: `sync` now and every `every_s` seconds after, whatever happens. A
    refusal is logged and recorded by sync_once; anything else is a fault of this code,
    logged with its traceback, and the next round comes all the same."""
    while True:
        try:
            sync()
        except SyncRefused:
            pass
        except Exception:
            log.exception("the sync failed unexpectedly")
        log.info("the next sync is in %g minutes", every_s / 60)
        sleep(every_s)


def import_folder(folder: Path, trust: Path, store: PackStore) -> SyncResult:
    """`kiosk import`: the same checks, from a copy of the published folder."""
    folder = Path(folder).resolve()
    if not (folder / "metadata" / "timestamp.json").is_file():
        error = (
            f"{folder}: not a published folder (no metadata/timestamp.json); copy the "
            "whole folder that `kiosk pack publish` wrote"
        )
        _record(store, error)
        log.error("import refused: %s", error)
        raise SyncRefused(error)
    return sync_once(folder.as_uri(), trust, store)


def _version(store: PackStore) -> str:
    info = store.installed()
    return str(info.version) if info else "none"


def _trusted_root(trust: Path) -> bytes:
    """The bytes of the root metadata the terminal trusts, checked here so that a broken
    local file is not mistaken for a fault of the server."""
    from tuf.api.exceptions import UnsignedMetadataError
    from tuf.api.metadata import Metadata, Root
    from tuf.api.serialization import DeserializationError
    from tuf.api.serialization.json import CanonicalJSONSerializer

    def invalid(why: str) -> SyncRefused:
        return SyncRefused(
            f"the trusted root file {trust} is not valid: {why}. Install the root.json that "
            "`kiosk pack keygen` made (config key trust)"
        )

    try:
        data = Path(trust).read_bytes()
    except FileNotFoundError:
        raise invalid("there is no such file") from None
    except OSError as exc:
        raise invalid(f"it cannot be read ({exc.strerror})") from None
    try:
        kind = json.loads(data)["signed"]["_type"]
    except (ValueError, TypeError, KeyError):
        raise invalid("it is not TUF metadata (JSON with 'signed' and 'signatures')") from None
    if kind != Root.type:
        raise invalid(f"it is not TUF root metadata but {str(kind)[:20]!r} metadata")
    try:
        root = Metadata[Root].from_bytes(data)
        signed = CanonicalJSONSerializer().serialize(root.signed)
        root.signed.verify_delegate(Root.type, signed, root.signatures)
    except DeserializationError as exc:
        raise invalid(f"it is not TUF metadata ({exc})") from None
    except UnsignedMetadataError:
        raise invalid("its signatures do not match its own keys (changed after signing?)") from None
    return data


def _sync(base: str, trust: Path, store: PackStore, fetcher: Fetcher) -> SyncResult:
    from tuf.api import exceptions
    from tuf.ngclient import Updater, UpdaterConfig

    root_bytes = _trusted_root(trust)
    store.make_dirs()
    repaired = store.repair()
    if repaired:
        log.warning("the installed packs were put right: %s", repaired)
    store.checkpoint("sync-start")
    try:
        updater = Updater(
            metadata_dir=str(store.tuf_dir),
            metadata_base_url=base + "metadata/",
            target_base_url=base + "targets/",
            target_dir=str(store.staging),
            fetcher=tuf_fetcher(fetcher),
            config=UpdaterConfig(**METADATA_CAPS, app_user_agent="perm-kiosk"),
            # The pinned root starts the walk; ngclient then goes through the newer roots
            # it verified before (tuf/root_history/), so a key rotation, once seen, holds.
            bootstrap=root_bytes,
        )
        updater.refresh()
        store.checkpoint("metadata-refreshed")
        target = updater.get_targetinfo(PACK_TARGET)
    except exceptions.ExpiredMetadataError as exc:
        raise SyncRefused(
            f"the published metadata have expired ({exc}); "
            "staff must sign again (kiosk pack resign), or the terminal's clock is wrong"
        ) from None
    except exceptions.BadVersionNumberError as exc:
        raise SyncRefused(
            f"older metadata than the terminal has seen ({exc}): a replay or a rolled-back server"
        ) from None
    except exceptions.UnsignedMetadataError as exc:
        raise SyncRefused(f"metadata not signed with the trusted keys ({exc})") from None
    except exceptions.RepositoryError as exc:
        raise SyncRefused(
            f"the published metadata do not check out ({type(exc).__name__}: {exc})"
        ) from None
    except exceptions.DownloadError as exc:
        raise SyncRefused(f"cannot fetch the metadata ({exc})") from None
    except ValueError as exc:
        raise SyncRefused(f"the published metadata do not check out ({exc})") from None
    if target is None:
        raise SyncRefused("the published metadata name no pack")
    custom = target.custom or {}
    try:
        version, schema = int(custom["pack_version"]), int(custom["schema_version"])
    except (KeyError, TypeError, ValueError):
        raise SyncRefused("the signed metadata do not give the pack's version") from None
    sha256 = target.hashes.get("sha256", "")

    from content.pack.format import SCHEMA_VERSION

    if schema > SCHEMA_VERSION:
        raise SyncRefused(
            f"the published pack has schema version {schema}; this kiosk reads "
            f"up to {SCHEMA_VERSION}: update the kiosk software first"
        )
    now = store.installed()
    if now is not None and version <= now.version:
        if version < now.version:
            raise SyncRefused(
                f"the published pack (version {version}) is older than the "
                f"installed one (version {now.version})"
            )
        store.tidy()
        return SyncResult(None, now)
    if store.state().rolled_back_from == sha256:
        store.tidy()
        return SyncResult(None, now)  # staff went back from this one on purpose

    part = store.staging / f"{sha256}.part"
    store.tidy(keep={part.name})
    url = base + f"targets/{sha256}.{PACK_TARGET}"
    resumed_from = _download(fetcher, url, part, target.length, store.checkpoint)
    store.checkpoint("downloaded")
    try:
        with open(part, "rb") as f:
            target.verify_length_and_hashes(f)
    except exceptions.LengthOrHashMismatchError as exc:
        part.unlink(missing_ok=True)
        raise SyncRefused(f"the downloaded pack is not the one signed for ({exc})") from None
    store.checkpoint("verified")
    try:
        installed = store.install(part, expected_version=version)
    except PackRefused as exc:
        part.unlink(missing_ok=True)
        raise SyncRefused(f"the pack cannot be used: {exc}") from None
    store.checkpoint("installed")
    return SyncResult(installed, installed, resumed_from)


def _download(
    fetcher: Fetcher, url: str, part: Path, length: int, checkpoint: Callable[[str], None]
) -> int:
    """Bring `part` up to `length` bytes from `url`, continuing what is there; returns how
    many bytes were there before. Never writes past `length`. `checkpoint` is called after
    each chunk written (PackStore.checkpoint)."""
    from tuf.api import exceptions

    have = part.stat().st_size if part.exists() else 0
    if have > length:
        part.unlink()
        have = 0
    if have:
        log.info("resuming the pack download at byte %d of %d", have, length)
    if have == length:
        return have  # killed after the last byte: only the checks are left to do
    try:
        chunks, resumed = fetcher.stream(url, have)
        if have and not resumed:
            log.info("the server sends the whole pack again: starting over")
            have = 0
        with open(part, "r+b" if have else "wb") as f:
            f.seek(have)
            f.truncate()
            got = have
            for chunk in chunks:
                if got + len(chunk) > length:
                    raise SyncRefused(
                        f"{url}: the server sends more than the signed {length} bytes"
                    )
                f.write(chunk)
                got += len(chunk)
                checkpoint(f"download-chunk-{-(-got // CHUNK)}")
            f.flush()
            os.fsync(f.fileno())
    except exceptions.DownloadError as exc:
        raise SyncRefused(
            f"the pack download stopped ({type(exc).__name__}: {exc}); the next sync continues it"
        ) from None
    if got < length:
        raise SyncRefused(
            f"the pack download ended early ({got} of {length} bytes); the next sync continues it"
        )
    return have
