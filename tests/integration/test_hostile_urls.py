"""Issue 15, item 2 end to end: an address a browser reads with a foreign host never gets
past the validator, the builder or publishing, and is never printed as a QR code; a
malformed one is a file:line message, not a traceback (item 9)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from command import kiosk
from factories import service, write_folder
from pdf_readback import codes_on

from content.pack.reader import open_pack
from content.publisher.keys import keygen

TRICK = (
    "https://evil.example\\@www.gosuslugi.ru/"  # gosuslugi.ru to urlsplit, evil.example to a phone
)
BRACKET = "https://[gosuslugi.ru/"  # urlsplit: ValueError('Invalid IPv6 URL')


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(params=[TRICK, BRACKET], ids=["backslash", "bracket"])
def bad_folder(request, tmp_path):
    folder = write_folder(tmp_path / "content", [service(apply={"online": request.param})])
    path = folder / "services" / "families" / "child-allowance.yaml"
    assert yaml.safe_load(path.read_text("utf-8"))["apply"]["online"] == request.param
    return folder, path


def test_validate_names_the_file_and_line_of_the_address(bad_folder):
    folder, path = bad_folder
    result = kiosk("content", "validate", folder)
    assert result.returncode == 1
    assert f"{path}:{line_of(path, 'online:')}: " in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_build_refuses_and_writes_nothing(bad_folder, tmp_path):
    folder, path = bad_folder
    out = tmp_path / "pack.sqlite"
    result = kiosk("content", "build", folder, "-o", out)
    assert result.returncode == 1 and not out.exists()
    assert f"{path}:{line_of(path, 'online:')}: " in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_publish_refuses_the_folder(bad_folder, tmp_path):
    folder, path = bad_folder
    keygen(tmp_path / "keys")
    result = kiosk(
        "pack", "publish", folder, "--keys", tmp_path / "keys", "--to", tmp_path / "site"
    )
    assert result.returncode == 1
    assert f"{path}:{line_of(path, 'online:')}: " in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "site").rglob("*.sqlite"))


def test_a_pack_carrying_the_trick_prints_no_code_for_it(demo_pack, tmp_path):
    """A pack made by another tool (or an old builder) is not trusted to have checked."""
    import printouts

    odd = tmp_path / "odd.sqlite"
    shutil.copy(demo_pack, odd)
    with sqlite3.connect(odd) as db:
        db.execute("UPDATE services SET apply_online = ? WHERE id = 'child-birth-grant'", (TRICK,))
        db.execute("UPDATE agencies SET website = ?", (TRICK,))
    with open_pack(odd) as pack:
        pdf = printouts.leaflet(pack, "child-birth-grant").pdf
    codes = codes_on(pdf, dpi=200)
    assert not any("evil" in code for code in codes)
