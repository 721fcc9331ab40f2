"""The signing keys of a publisher: a new set (`keygen`), and new online keys in place of a
leaked or lost one (`rotate_keys`).

One Ed25519 key a TUF role (content.publisher.publish says what each signs). The private keys
are files readable by their owner only; the root key signs only here, and belongs offline.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from content.publisher.publish import (
    ONLINE_ROLES,
    PublishError,
    expiry_at,
    load_signer,
    resign,
    serializer,
    site_root,
    write_published,
)

ROLES = ("root", "targets", "snapshot", "timestamp")

ROOT_EXPIRES = timedelta(days=365 * 3)
"""A terminal trusts a root for this long; `keygen` again (or a root rotation) renews it."""


def keygen(out: str | Path, now: datetime | None = None) -> Path:
    """Write a new key for each role (`<role>.pem`, readable by the owner only) and the
    signed root metadata (`root.json`) into `out`; returns root.json's path.

    Refuses to overwrite keys: a terminal that trusts the old root.json would refuse
    everything signed with new keys.
    """
    from securesystemslib.signer import CryptoSigner
    from tuf.api.metadata import Metadata, Root

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    existing = [r for r in ROLES if (out / f"{r}.pem").exists()] + (
        ["root.json"] if (out / "root.json").exists() else []
    )
    if existing:
        raise PublishError(
            f"{out}: keys exist already ({', '.join(existing)}); terminals trust them, so "
            "keygen will not replace them. Use an empty folder for a new set."
        )
    now = now or datetime.now(UTC)
    root = Root(expires=expiry_at(now + ROOT_EXPIRES), consistent_snapshot=True)
    signers = {role: CryptoSigner.generate_ed25519() for role in ROLES}
    for role, signer in signers.items():
        root.add_key(signer.public_key, role)
        _write_private(out / f"{role}.pem", signer.private_bytes)
    metadata = Metadata(root)
    metadata.sign(signers["root"])
    write_published(out / "root.json", metadata.to_bytes(serializer()))
    return out / "root.json"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def rotate_keys(
    keys: str | Path,
    site: str | Path,
    roles: tuple[str, ...] = ONLINE_ROLES,
    now: datetime | None = None,
) -> int:
    """Replace the keys of `roles` (a leaked or lost online key) and sign the published
    pack again with the new ones; returns the new root version.

    Needs the offline root key (`keys/root.pem`). The next root says which keys count from
    now on; it is signed with the root key, so a terminal that trusts the old root.json
    accepts it (TUF's root rotation), and from then on refuses anything signed with the old
    keys. The old private keys are overwritten: whoever has a copy can sign nothing that a
    terminal which has seen the new root accepts.
    """
    from securesystemslib.signer import CryptoSigner
    from tuf.api.metadata import Metadata

    keys, site = Path(keys), Path(site)
    meta_dir = site / "metadata"
    root_md = site_root(keys, meta_dir)
    root_signer = load_signer(keys, "root", root_md.signed)
    unknown = [r for r in roles if r not in ONLINE_ROLES]
    if unknown:
        raise PublishError(f"cannot rotate {unknown}: only {', '.join(ONLINE_ROLES)}")
    root = root_md.signed
    new_signers = {}
    for role in roles:
        for keyid in list(root.roles[role].keyids):
            root.revoke_key(keyid, role)
        signer = CryptoSigner.generate_ed25519()
        root.add_key(signer.public_key, role)
        new_signers[role] = signer
    root.version += 1
    root.expires = expiry_at((now or datetime.now(UTC)) + ROOT_EXPIRES)
    new_root = Metadata(root)
    new_root.sign(root_signer)
    data = new_root.to_bytes(serializer())
    for role, signer in new_signers.items():
        path = keys / f"{role}.pem"
        path.unlink(missing_ok=True)
        _write_private(path, signer.private_bytes)
    write_published(meta_dir / f"{root.version}.root.json", data)
    write_published(meta_dir / "root.json", data)
    write_published(keys / "root.json", data)
    resign(keys, site, now=now)  # the same pack, signed by the new keys: nothing to download
    return root.version
