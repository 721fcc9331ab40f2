"""Folders and files that refuse writes even to root, for tests of what a write failure does.

We run the tests as root, and root ignores permission bits: chmod 0o555 stops nobody. So a
read-only folder is a tmpfs mounted read-only, a full folder a tiny tmpfs filled to the last
byte, a file that cannot be replaced one with the immutable attribute (chattr +i). Each
helper checks that the trap really refuses a write before handing it over, so a test cannot
pass because the trap did not work, and skips with the reason where the machine cannot set
it (not root, no mount permission in a container, a filesystem without chattr).
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=30)


def _mount_tmpfs(folder: Path, options: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("a folder that refuses root's writes needs a mount, and mounts need root")
    folder.mkdir(parents=True, exist_ok=True)
    result = _run("mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder))
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()})")


def _unmount(folder: Path) -> None:
    result = _run("umount", str(folder))
    if result.returncode != 0:  # something still holds it open: let go when it is closed
        _run("umount", "-l", str(folder))


def refuses_writes(folder: Path) -> OSError | None:
    """The error a new file in `folder` gets, or None if the write worked (and was undone)."""
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"x" * 4096)
    except OSError as exc:
        return exc
    probe.unlink()
    return None


@contextlib.contextmanager
def read_only_folder(folder: Path, files: dict[str, bytes] | None = None) -> Iterator[Path]:
    """`folder` as a read-only filesystem holding `files`; unmounted after."""
    _mount_tmpfs(folder, "size=4m,mode=0755")
    try:
        for name, data in (files or {}).items():
            (folder / name).write_bytes(data)
        result = _run("mount", "-o", "remount,ro", str(folder))
        if result.returncode != 0:
            pytest.skip(f"cannot make a tmpfs read-only here ({result.stderr.strip()})")
        refused = refuses_writes(folder)
        assert refused is not None and refused.errno == errno.EROFS, refused
        yield folder
    finally:
        _unmount(folder)


@contextlib.contextmanager
def full_folder(folder: Path, files: dict[str, bytes] | None = None) -> Iterator[Path]:
    """`folder` as a filesystem holding `files` and no free byte; unmounted after."""
    _mount_tmpfs(folder, "size=256k,mode=0755")
    try:
        for name, data in (files or {}).items():
            (folder / name).write_bytes(data)
        with contextlib.suppress(OSError), open(folder / ".filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        refused = refuses_writes(folder)
        assert refused is not None and refused.errno == errno.ENOSPC, refused
        yield folder
    finally:
        _unmount(folder)


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """`path` (an existing file) with the immutable attribute: not even root may change,
    replace or remove it."""
    result = _run("chattr", "+i", str(path))
    if result.returncode != 0:
        pytest.skip(f"the filesystem here has no immutable files ({result.stderr.strip()})")
    try:
        try:
            with open(path, "ab"):
                pass
        except OSError as exc:
            assert exc.errno == errno.EPERM, exc
        else:
            raise AssertionError(f"{path} is still writable after chattr +i")
        yield path
    finally:
        _run("chattr", "-i", str(path))
