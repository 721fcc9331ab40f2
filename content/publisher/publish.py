"""Publishing signed content packs into a static folder any web server can serve.

The signing is The Update Framework's (TUF), through python-tuf's metadata API: four roles,
each with its own Ed25519 key (made and replaced by content.publisher.keys).

- *root* says which keys may sign for each role. Its key signs rarely (at `keygen`, and to
  replace a lost or leaked key) and belongs offline; `root.json` is the file every terminal
  is installed with and trusts from then on.
- *targets* names the pack: its length, its SHA-256, and (as TUF's "custom" data) the
  pack's version, schema version and date, so that a terminal can check the file it opens
  against what was signed.
- *snapshot* fixes which targets metadata goes with which (no mix and match).
- *timestamp* is re-signed on every publish and expires soonest: a server (or a man in the
  middle) that keeps serving an old pack is found out when it expires (no freeze).

Versions only go up: every publish makes the next pack version, and terminals refuse one
that is not newer than theirs. Layout of the published folder (consistent snapshots: a
file, once written, never changes, so a terminal in the middle of a download is never
served a mix of two publishes):

    metadata/1.root.json, metadata/root.json     the root, by version and the newest
    metadata/N.targets.json, metadata/N.snapshot.json
    metadata/timestamp.json                      written last, by an atomic rename
    targets/<sha256>.pack.sqlite                 the packs, the newest KEEP_PACKS of them
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from content.files import file_sha256, sync_to_disk, write_atomically
from content.pack.meta import stamp_version

ONLINE_ROLES = ("targets", "snapshot", "timestamp")
"""The roles whose keys `publish` needs; the root key stays offline."""

PACK_TARGET = "pack.sqlite"
"""The pack's name in the targets metadata; on the server it is <sha256>.pack.sqlite."""

EXPIRES = timedelta(days=30)
"""How long the other metadata stay valid: a terminal that cannot reach the server keeps
its pack, and says "may be out of date" after its own limit (config `stale_after_days`);
one that is served metadata older than this refuses them. `kiosk pack resign` (from cron)
renews them without a new pack version."""

KEEP_PACKS = 3
"""Packs kept on the server: a terminal in the middle of a download can still finish it."""


class PublishError(Exception):
    """Publishing cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Published:
    version: int
    """The pack version published."""
    targets_version: int
    path: Path
    """The pack file on the server's folder."""
    length: int
    sha256: str


def load_signer(keys: Path, role: str, root):
    """The signer for `role` from `keys/<role>.pem`, checked against what `root` trusts."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from securesystemslib.signer import CryptoSigner

    path = keys / f"{role}.pem"
    try:
        private = load_pem_private_key(path.read_bytes(), None)
    except FileNotFoundError:
        raise PublishError(f"{path}: no {role} key (made by `kiosk pack keygen`)") from None
    except ValueError as exc:
        raise PublishError(f"{path}: not a private key ({exc})") from None
    signer = CryptoSigner(private)
    if signer.public_key.keyid not in root.roles[role].keyids:
        raise PublishError(
            f"{path}: this {role} key is not one that root.json trusts; terminals would "
            "refuse what it signs. Use the keys made together with the root.json the "
            "terminals were given."
        )
    return signer


def publish(
    source: str | Path,
    keys: str | Path,
    site: str | Path,
    now: datetime | None = None,
    expires: timedelta = EXPIRES,
) -> Published:
    """Build (if `source` is a content folder) or take (a .sqlite pack) the pack, give it the
    next version, and write it with freshly signed metadata into `site`.

    Nothing in `site` changes until the pack is complete and checked; timestamp.json, the
    file terminals read first, is replaced last.
    """
    from tuf.api.metadata import TargetFile

    now = now or datetime.now(UTC)
    keys, site = Path(keys), Path(site)
    meta_dir, targets_dir = site / "metadata", site / "targets"
    root_md = site_root(keys, meta_dir)
    signers = {role: load_signer(keys, role, root_md.signed) for role in ONLINE_ROLES}
    last = _last_published(meta_dir)
    meta_dir.mkdir(parents=True, exist_ok=True)
    targets_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(dir=site, prefix=".publish-") as work:
        staged = Path(work) / PACK_TARGET
        _stage_pack(Path(source), staged)
        meta = stamp_version(staged, last.pack_version + 1)
        length, sha256 = staged.stat().st_size, file_sha256(staged)
        pack_path = targets_dir / f"{sha256}.{PACK_TARGET}"
        if not pack_path.exists():
            sync_to_disk(staged)
            os.replace(staged, pack_path)

    target = TargetFile(
        length,
        {"sha256": sha256},
        PACK_TARGET,
        unrecognized_fields={
            "custom": {
                "pack_version": meta.version,
                "schema_version": meta.schema_version,
                "created_at": meta.created_at,
            }
        },
    )
    targets_version = _sign_and_write(target, signers, last, meta_dir, expiry_at(now + expires))
    _drop_old_packs(targets_dir, keep=pack_path)
    return Published(meta.version, targets_version, pack_path, length, sha256)


def resign(
    keys: str | Path,
    site: str | Path,
    now: datetime | None = None,
    expires: timedelta = EXPIRES,
) -> Published:
    """Sign the published pack again with a new expiry, without a new pack version.

    For a cron job on the publishing machine: terminals see fresh metadata naming the pack
    they have already, so they download nothing, and their information does not count as
    out of date. Publishing the same content again would make a new version, which every
    terminal downloads in full.
    """
    from tuf.api.metadata import Metadata

    now = now or datetime.now(UTC)
    keys, site = Path(keys), Path(site)
    meta_dir = site / "metadata"
    root_md = site_root(keys, meta_dir)
    signers = {role: load_signer(keys, role, root_md.signed) for role in ONLINE_ROLES}
    last = _last_published(meta_dir)
    if not last.targets:
        raise PublishError(f"{meta_dir}: nothing published yet, so nothing to sign again")
    targets = Metadata.from_bytes((meta_dir / f"{last.targets}.targets.json").read_bytes())
    target = targets.signed.targets[PACK_TARGET]
    targets_version = _sign_and_write(target, signers, last, meta_dir, expiry_at(now + expires))
    sha256 = target.hashes["sha256"]
    return Published(
        last.pack_version,
        targets_version,
        site / "targets" / f"{sha256}.{PACK_TARGET}",
        target.length,
        sha256,
    )


def _sign_and_write(target, signers, last: _Last, meta_dir: Path, expiry: datetime) -> int:
    """The next targets, snapshot and timestamp metadata for `target`, written in that order
    (timestamp.json last, by a rename); returns the targets version."""
    from tuf.api.metadata import Metadata, MetaFile, Snapshot, Targets, Timestamp

    targets = Metadata(Targets(version=last.targets + 1, expires=expiry))
    targets.signed.targets[PACK_TARGET] = target
    targets.sign(signers["targets"])
    targets_bytes = write_published(
        meta_dir / f"{targets.signed.version}.targets.json", targets.to_bytes(serializer())
    )
    snapshot = Metadata(Snapshot(version=last.snapshot + 1, expires=expiry))
    snapshot.signed.meta["targets.json"] = MetaFile(
        targets.signed.version, len(targets_bytes), _hashes(targets_bytes)
    )
    snapshot.sign(signers["snapshot"])
    snapshot_bytes = write_published(
        meta_dir / f"{snapshot.signed.version}.snapshot.json", snapshot.to_bytes(serializer())
    )
    timestamp = Metadata(Timestamp(version=last.timestamp + 1, expires=expiry))
    timestamp.signed.snapshot_meta = MetaFile(
        snapshot.signed.version, len(snapshot_bytes), _hashes(snapshot_bytes)
    )
    timestamp.sign(signers["timestamp"])
    write_published(meta_dir / "timestamp.json", timestamp.to_bytes(serializer()))
    return targets.signed.version


def site_root(keys: Path, meta_dir: Path):
    """The root the site publishes under: the site's newest, else the keys' root.json
    (copied into the site as 1.root.json and root.json on the first publish)."""
    from tuf.api.metadata import Metadata, Root

    newest = meta_dir / "root.json"
    source = newest if newest.exists() else keys / "root.json"
    try:
        root_md = Metadata[Root].from_bytes(source.read_bytes())
    except FileNotFoundError:
        raise PublishError(f"{source}: no root.json (made by `kiosk pack keygen`)") from None
    except Exception as exc:  # a DeserializationError, or a file that is not a root
        raise PublishError(f"{source}: not a TUF root metadata file ({exc})") from None
    if not newest.exists():
        meta_dir.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        write_published(meta_dir / f"{root_md.signed.version}.root.json", data)
        write_published(newest, data)
    return root_md


@dataclass(frozen=True)
class _Last:
    timestamp: int = 0
    snapshot: int = 0
    targets: int = 0
    pack_version: int = 0


def _last_published(meta_dir: Path) -> _Last:
    """The versions in the site now (zeros for a new site)."""
    from tuf.api.metadata import Metadata

    path = meta_dir / "timestamp.json"
    if not path.exists():
        return _Last()
    try:
        timestamp = Metadata.from_bytes(path.read_bytes()).signed
        snap_version = timestamp.snapshot_meta.version
        snapshot = Metadata.from_bytes(
            (meta_dir / f"{snap_version}.snapshot.json").read_bytes()
        ).signed
        targets_version = snapshot.meta["targets.json"].version
        targets = Metadata.from_bytes(
            (meta_dir / f"{targets_version}.targets.json").read_bytes()
        ).signed
    except Exception as exc:
        raise PublishError(
            f"{meta_dir}: the published metadata cannot be read ({exc}); publishing on top of "
            "it could make versions go down. Restore the folder from its backup."
        ) from None
    pack = targets.targets.get(PACK_TARGET)
    pack_version = int((pack.custom or {}).get("pack_version", 0)) if pack else 0
    return _Last(timestamp.version, snapshot.version, targets.version, pack_version)


def _stage_pack(source: Path, staged: Path) -> None:
    """The pack to publish, at `staged`: built from a content folder (which must validate),
    or a copy of a pack; either way it must pass the whole check that terminals make before
    they install a pack (content.pack.verify.verify_pack), so that nothing is signed that they
    would refuse."""
    from content.publisher.build import ContentErrors, build_pack

    if source.is_dir():
        try:
            build_pack(source, staged)
        except ContentErrors as exc:
            errors = [str(p) for p in exc.problems if p.severity == "error"]
            shown = "\n".join(
                errors[:50] + ([f"… and {len(errors) - 50} more"] if errors[50:] else [])
            )
            raise PublishError(f"{source}: {exc}; nothing was published:\n{shown}") from None
    elif source.is_file():
        shutil.copyfile(source, staged)
    else:
        raise PublishError(f"{source}: no such content folder or pack file")
    _check_staged(source, staged)


def _check_staged(source: Path, staged: Path) -> None:
    from content.pack.format import PackError
    from content.pack.verify import verify_pack

    try:
        verify_pack(staged)
    except PackError as exc:
        # The staged copy's path means nothing to the author: name the source.
        raise PublishError(
            f"{source}: not published: {str(exc).replace(str(staged) + ': ', '')}"
        ) from None


def _drop_old_packs(targets_dir: Path, keep: Path) -> None:
    packs = sorted(
        targets_dir.glob(f"*.{PACK_TARGET}"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    old = [p for p in packs if p != keep][KEEP_PACKS - 1 :]
    for path in old:
        path.unlink(missing_ok=True)


# -- small helpers ---------------------------------------------------------------------------


def expiry_at(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def serializer():
    from tuf.api.serialization.json import JSONSerializer

    return JSONSerializer(compact=False)


def _hashes(data: bytes) -> dict[str, str]:
    return {"sha256": hashlib.sha256(data).hexdigest()}


def write_published(path: Path, data: bytes) -> bytes:
    """Write a published file whole or not at all (content.files), readable by the web
    server whatever the publisher's umask; returns `data`."""
    write_atomically(path, data, mode=0o644)
    return data
