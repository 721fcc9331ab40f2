"""The app learns of a newly installed pack only when a different file sits at its path."""

import os

from kiosk.core.pack_watch import PackFile


def test_an_untouched_pack_is_not_reported(tmp_path):
    path = tmp_path / "pack.sqlite"
    path.write_bytes(b"old")
    assert not PackFile(path).changed()


def test_a_pack_renamed_over_the_path_is_reported_until_remembered(tmp_path):
    path = tmp_path / "pack.sqlite"
    path.write_bytes(b"old")
    watched = PackFile(path)
    staged = tmp_path / "staged.sqlite"
    staged.write_bytes(b"newer pack")
    os.replace(staged, path)
    assert watched.changed()
    watched.remember()
    assert not watched.changed()


def test_a_missing_file_is_not_a_change(tmp_path):
    path = tmp_path / "pack.sqlite"
    path.write_bytes(b"old")
    watched = PackFile(path)
    path.unlink()
    assert not watched.changed()
