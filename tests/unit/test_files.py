"""content.files: a write is whole or not at all, and leaves no temporary file; a file's SHA-256."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
from pathlib import Path
from unittest import mock

import pytest
from fs_traps import full_folder, read_only_folder

from content.files import file_sha256, replaced_atomically, sync_to_disk, write_atomically

OLD = b"the file that was here before, which must stay as it was\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_write_makes_the_file_or_replaces_it_whole(tmp_path):
    target = tmp_path / "counts.json"
    write_atomically(target, b"first")
    assert target.read_bytes() == b"first"
    write_atomically(target, b"second, longer than the first")
    assert target.read_bytes() == b"second, longer than the first"
    write_atomically(target, b"")
    assert target.read_bytes() == b""
    assert listing(tmp_path) == ["counts.json"]


def test_a_large_write_is_whole(tmp_path):
    data = os.urandom(3 << 20)  # more than one os.write may take at once on some systems
    write_atomically(tmp_path / "big", data)
    assert (tmp_path / "big").read_bytes() == data


def test_a_new_file_gets_the_umask_s_mode_and_a_replaced_one_keeps_its_own(tmp_path):
    new, old = tmp_path / "new.pdf", tmp_path / "old.pdf"
    old.write_bytes(OLD)
    old.chmod(0o640)
    umask = os.umask(0o022)
    try:
        write_atomically(new, b"new")
        write_atomically(old, b"replaced")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not a temporary file's 0600
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    assert old.read_bytes() == b"replaced"


@pytest.mark.parametrize("before", [None, 0o600, 0o640])
def test_a_mode_given_is_the_mode_whatever_was_there_and_whatever_the_umask(tmp_path, before):
    target = tmp_path / "timestamp.json"
    if before is not None:
        target.write_bytes(OLD)
        target.chmod(before)
    umask = os.umask(0o077)
    try:
        write_atomically(target, b"{}", mode=0o644)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def fails(code: int):
    return OSError(code, os.strerror(code))


@pytest.mark.parametrize(
    ("step", "code"),
    [
        ("write", errno.ENOSPC),
        ("fsync", errno.EIO),
        ("replace", errno.EIO),
        ("fchmod", errno.EPERM),
    ],
)
def test_a_write_that_fails_at_any_step_leaves_the_old_file_and_no_temporary_file(
    tmp_path, step, code
):
    target = tmp_path / "pages.json"
    target.write_bytes(OLD)
    with mock.patch(f"content.files.os.{step}", side_effect=fails(code)):
        with pytest.raises(OSError) as failed:
            write_atomically(target, b"the new counts")
    assert failed.value.errno == code
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["pages.json"]


def test_a_write_that_fails_with_no_old_file_leaves_nothing(tmp_path):
    with mock.patch("content.files.os.write", side_effect=fails(errno.ENOSPC)):
        with pytest.raises(OSError, match="No space left on device"):
            write_atomically(tmp_path / "state.json", b"{}")
    assert listing(tmp_path) == []


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path):
    with full_folder(tmp_path / "full", {"out.file": OLD}) as folder:
        before = listing(folder)
        with pytest.raises(OSError) as failed:
            write_atomically(folder / "out.file", OLD * 1000)
        assert failed.value.errno == errno.ENOSPC
        assert (folder / "out.file").read_bytes() == OLD
        assert listing(folder) == before


def test_a_read_only_disk_refuses_the_write_and_keeps_the_old_file(tmp_path):
    with read_only_folder(tmp_path / "ro", {"out.file": OLD}) as folder:
        with pytest.raises(OSError) as failed:
            write_atomically(folder / "out.file", b"new")
        assert failed.value.errno == errno.EROFS
        assert (folder / "out.file").read_bytes() == OLD
        assert listing(folder) == ["out.file"]


def test_a_folder_that_cannot_be_synced_is_not_a_failed_write(tmp_path):
    target = tmp_path / "pages.json"
    real_fsync = os.fsync
    calls = []

    def fsync_files_only(fd):
        calls.append(fd)
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise fails(errno.EINVAL)  # as some filesystems answer for a folder
        real_fsync(fd)

    with mock.patch("content.files.os.fsync", side_effect=fsync_files_only):
        write_atomically(target, b"counted")
    assert len(calls) == 2  # the file, then its folder
    assert target.read_bytes() == b"counted"


def test_a_writer_that_wants_a_path_gets_one_and_its_file_replaces_the_old_one(tmp_path):
    target = tmp_path / "demo.sqlite"
    target.write_bytes(OLD)
    with replaced_atomically(target) as temporary:
        assert temporary.parent == tmp_path and temporary.stat().st_size == 0
        assert target.read_bytes() == OLD  # nothing changes until the block ends
        with sqlite3.connect(temporary) as conn:
            conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        conn.close()
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("meta",)]
    conn.close()
    assert listing(tmp_path) == ["demo.sqlite"]


def test_a_writer_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "demo.sqlite"
    target.write_bytes(OLD)
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        with replaced_atomically(target) as temporary:
            temporary.write_bytes(b"half a pack")
            raise sqlite3.OperationalError("database or disk is full")
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["demo.sqlite"]


def test_sync_to_disk_takes_a_file_or_a_folder_and_says_what_is_missing(tmp_path):
    (tmp_path / "pack.sqlite").write_bytes(b"x")
    sync_to_disk(tmp_path / "pack.sqlite")
    sync_to_disk(tmp_path)
    with pytest.raises(FileNotFoundError):
        sync_to_disk(tmp_path / "nothing")


@pytest.mark.parametrize("size", [0, 1, (1 << 20) + 7])
def test_file_sha256_is_the_sha256_of_the_bytes(tmp_path, size):
    data = os.urandom(size)
    (tmp_path / "pack.sqlite").write_bytes(data)
    assert file_sha256(tmp_path / "pack.sqlite") == hashlib.sha256(data).hexdigest()


def test_a_small_file_is_read_only_if_it_is_a_plain_file_within_its_limit(tmp_path):
    from content.files import NotPlainFile, read_small_file

    plain = tmp_path / "plain"
    plain.write_bytes(b"x" * 10)
    assert read_small_file(plain, 10) == b"x" * 10
    link = tmp_path / "link"
    link.symlink_to(plain)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)  # opened for reading it would block for ever without O_NONBLOCK
    for path, limit, why in [
        (plain, 9, "larger than 9 bytes"),
        (link, 100, "a link"),
        (pipe, 100, "not a plain file"),
        (tmp_path, 100, "not a plain file"),
    ]:
        with pytest.raises(NotPlainFile) as raised:
            read_small_file(path, limit)
        assert raised.value.why == why and str(raised.value) == f"{path} is {why}"
    with pytest.raises(FileNotFoundError):
        read_small_file(tmp_path / "missing", 100)
