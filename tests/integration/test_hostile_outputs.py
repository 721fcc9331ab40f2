"""Every file the command line writes, written where it cannot be: one line saying what and
why, exit status 1, and nothing half-written left behind (issue 15, item 9).

`kiosk print … -o FILE` and `kiosk content build … -o FILE` are run against each place in
OUTPUT_PATHS through the real entry point, in the test's process (tests/entry_point.py, with
on stderr all a process would print there): the message is the command's own, and a process
per place only started Python again. One place per command is also run in a process of its
own, and what a full stdout does at the interpreter's exit is always run so. The folders
that refuse writes are real (a read-only or full tmpfs, an immutable file:
tests/fs_traps.py), as root cannot be stopped by permission bits. To add a case, add a row
to OUTPUT_PATHS: a name, and a function that sets the place up and returns the path to
write and the words of the reason expected.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from entry_point import kiosk
from fs_traps import full_folder, immutable, read_only_folder
from hsds_fixtures import hsds3_tables, write_tables

from kiosk.cli.paths import DEMO_CONTENT

OLD = b"the file that was here before, which must stay as it was\n"


def kiosk_process(*args) -> subprocess.CompletedProcess:
    """`python -m kiosk ARGS` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


class Place(NamedTuple):
    target: Path
    reason: str
    """The words of the reason (strerror, or our own for a device) the message must give."""


def read_only(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    folder = traps.enter_context(read_only_folder(tmp / "ro"))
    return Place(folder / "out.file", "Read-only file system")


def read_only_over_a_file(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    folder = traps.enter_context(read_only_folder(tmp / "ro", {"out.file": OLD}))
    return Place(folder / "out.file", "Read-only file system")


def missing_folder(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    if command == "build":  # build makes the folders a pack goes in: make one impossible
        folder = traps.enter_context(read_only_folder(tmp / "ro"))
        return Place(folder / "no-such-folder" / "out.file", "Read-only file system")
    return Place(tmp / "no-such-folder" / "out.file", "No such file or directory")


def under_a_file(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    (tmp / "a-file").write_bytes(OLD)
    return Place(tmp / "a-file" / "out.file", "Not a directory")


def dev_full(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    # The tests' own node of the /dev/full device: a command that wrongly replaced the
    # device with a file (content build once did) must not take the machine's /dev/full.
    full = os.stat("/dev/full")
    node = tmp / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, full.st_rdev)
        with open(node, "wb") as device:
            device.write(b"x")
    except PermissionError as exc:  # no CAP_MKNOD, or a filesystem mounted nodev
        pytest.skip(f"cannot make a working device node here ({exc.strerror})")
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    else:
        raise AssertionError(f"{node} took a write: it is not a full device")
    # A device is written into, not replaced: a pack, which must be a file, is refused.
    return Place(node, "not a regular file" if command == "build" else "No space left on device")


def a_directory(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    (tmp / "a-folder").mkdir()
    return Place(tmp / "a-folder", "Is a directory")


def an_immutable_file(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    target = tmp / "out.file"
    target.write_bytes(OLD)
    traps.enter_context(immutable(target))
    return Place(target, "Operation not permitted")


def full(tmp: Path, traps: contextlib.ExitStack, command: str) -> Place:
    folder = traps.enter_context(full_folder(tmp / "full", {"out.file": OLD}))
    reason = "database or disk is full" if command == "build" else "No space left on device"
    return Place(folder / "out.file", reason)


OUTPUT_PATHS: dict[str, Callable[[Path, contextlib.ExitStack, str], Place]] = {
    "a read-only folder": read_only,
    "a file in a read-only folder": read_only_over_a_file,
    "a missing folder": missing_folder,
    "a path through a file": under_a_file,
    "/dev/full": dev_full,
    "a directory": a_directory,
    "an immutable file": an_immutable_file,
    "a full folder": full,
}

COMMANDS = {
    "print": lambda pack, out: ["print", "receipt", "--service", "child-birth-grant",
                                "--pack", pack, "-o", out],
    "build": lambda pack, out: ["content", "build", DEMO_CONTENT, "-o", out],
}  # fmt: skip


def snapshot(place: Path) -> tuple:
    """What is at `place` and beside it, to tell that a failed write changed nothing."""
    folder = place.parent if place.parent.is_dir() else None
    listing = sorted(p.name for p in folder.iterdir()) if folder else []
    if place.is_file():
        return ("file", place.read_bytes(), listing)
    if place.is_char_device():
        return ("device", os.stat(place).st_rdev, listing)
    return ("dir" if place.is_dir() else "nothing", None, listing)


def assert_one_line_and_nothing_changed(run, where, command, demo_pack, tmp_path) -> None:
    with contextlib.ExitStack() as traps:
        place = OUTPUT_PATHS[where](tmp_path, traps, command)
        before = snapshot(place.target)
        result = run(*COMMANDS[command](demo_pack, place.target))
        after = snapshot(place.target)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(lines) == 1, lines
    assert f"cannot write {place.target}: " in lines[0] and place.reason in lines[0], lines
    assert after == before  # no half-written file, no temporary file left beside it


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", OUTPUT_PATHS)
def test_an_output_that_cannot_be_written_is_one_line_and_changes_nothing(
    where, command, demo_pack, tmp_path
):
    assert_one_line_and_nothing_changed(kiosk, where, command, demo_pack, tmp_path)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_folder_is_one_line_and_changes_nothing_from_a_process_of_its_own(
    command, demo_pack, tmp_path
):
    """The place where a file that fails to close at the interpreter's exit would show."""
    assert_one_line_and_nothing_changed(
        kiosk_process, "a full folder", command, demo_pack, tmp_path
    )


def test_a_pdf_written_through_a_link_lands_in_the_file_it_points_to(demo_pack, tmp_path):
    real = tmp_path / "real.pdf"
    real.write_bytes(OLD)
    (tmp_path / "link.pdf").symlink_to(real)
    result = kiosk(*COMMANDS["print"](demo_pack, tmp_path / "link.pdf"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "link.pdf").is_symlink() and real.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.pdf", "real.pdf"]


def test_a_pdf_has_the_mode_of_a_new_file_or_of_the_file_it_replaces(demo_pack, tmp_path):
    new, old = tmp_path / "new.pdf", tmp_path / "old.pdf"
    old.write_bytes(OLD)
    old.chmod(0o640)
    umask = os.umask(0o022)
    try:
        for target in (new, old):
            assert kiosk(*COMMANDS["print"](demo_pack, target)).returncode == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not a temporary file's 0600
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    assert old.read_bytes().startswith(b"%PDF")


IMPORT_PLACES = {
    # kiosk content import-hsds -o FOLDER: a folder that cannot be made or written.
    "a read-only folder": (lambda tmp, traps: traps.enter_context(read_only_folder(tmp / "ro"))
                           / "imported", "Read-only file system"),
    "a path through a file": (lambda tmp, traps: under_a_file(tmp, traps, "import").target,
                              "Not a directory"),
    "a device": (lambda tmp, traps: dev_full(tmp, traps, "import").target, "Not a directory"),
    "a full folder": (lambda tmp, traps: traps.enter_context(full_folder(tmp / "full"))
                      / "imported", "No space left on device"),
}  # fmt: skip


def assert_import_is_one_line(run, where, tmp_path) -> None:
    source = write_tables(tmp_path / "hsds", hsds3_tables())
    with contextlib.ExitStack() as traps:
        make, reason = IMPORT_PLACES[where]
        target = make(tmp_path, traps)
        result = run("content", "import-hsds", source, "-o", target)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(lines) == 1 and "cannot write " in lines[0] and reason in lines[0], lines


@pytest.mark.parametrize("where", IMPORT_PLACES)
def test_an_import_that_cannot_be_written_is_one_line(where, tmp_path):
    assert_import_is_one_line(kiosk, where, tmp_path)


def test_an_import_into_a_full_folder_is_one_line_from_a_process_of_its_own(tmp_path):
    assert_import_is_one_line(kiosk_process, "a full folder", tmp_path)


@pytest.mark.parametrize(
    "args",
    [("content", "info", "PACK"), ("content", "search", "PACK", "пенсия"), ("--help",)],
    ids=["info", "search", "help"],
)
def test_output_to_a_full_device_is_one_line_not_a_traceback(args, demo_pack):
    if not Path("/dev/full").is_char_device():
        pytest.skip("no /dev/full here")
    command = [sys.executable, "-m", "kiosk", *(str(demo_pack) if a == "PACK" else a for a in args)]
    with open("/dev/full", "w") as full:
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: cannot write the output: No space left on device"
    ]
