"""`kiosk inbox keygen`: the office's key pair in the contract's form, the private half 0600
from its first moment, never over an existing key, never in a message."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from command import kiosk
from nacl.public import PrivateKey, PublicKey, SealedBox

from kiosk.office.keys import KeyFileError, keygen, load_private_key

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_keygen_makes_a_pair_that_opens_what_is_sealed_to_its_public_half(tmp_path):
    ran = kiosk("inbox", "keygen", "--out", tmp_path / "keys")

    assert ran.returncode == 0, ran.stderr
    public_text = (tmp_path / "keys" / "inbox.pub").read_text().strip()
    private_text = (tmp_path / "keys" / "inbox.key").read_text().strip()
    assert len(public_text) == 44 and len(base64.b64decode(public_text, validate=True)) == 32
    assert f"inbox_public_key: {public_text}\n" in ran.stdout
    assert "pack.yaml" in ran.stdout
    assert private_text not in ran.stdout + ran.stderr
    sealed = SealedBox(PublicKey(base64.b64decode(public_text))).encrypt(b"hello")
    assert SealedBox(load_private_key(tmp_path / "keys" / "inbox.key")).decrypt(sealed) == b"hello"
    assert PrivateKey(base64.b64decode(private_text)).public_key == PublicKey(
        base64.b64decode(public_text)
    )


def test_the_private_key_is_0600_and_its_new_folder_0700_whatever_the_umask(tmp_path):
    # A process of its own: the umask is the process's.
    script = (
        "import os, sys; os.umask(0); from kiosk.office.keys import keygen; keygen(sys.argv[1])"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "keys")],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )

    assert mode(tmp_path / "keys" / "inbox.key") == 0o600
    assert mode(tmp_path / "keys") == 0o700
    assert mode(tmp_path / "keys" / "inbox.pub") == 0o644


def test_the_private_key_is_never_created_readable_by_others(tmp_path, monkeypatch):
    """The mode is given to open(2) itself, not set by a chmod afterwards."""
    created = []
    real_open = os.open

    def spy(path, flags, mode=0o777, *args, **kwargs):
        if flags & os.O_CREAT:
            created.append((Path(path).name, mode, flags))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    keygen(tmp_path)

    (name, key_mode, flags) = created[0]
    assert name == "inbox.key" and key_mode == 0o600 and flags & os.O_EXCL


@pytest.mark.parametrize("existing", ["inbox.key", "inbox.pub"])
def test_keygen_refuses_to_overwrite_and_writes_nothing(tmp_path, existing):
    (tmp_path / existing).write_text("the office's old key\n")

    ran = kiosk("inbox", "keygen", "--out", tmp_path)

    assert ran.returncode == 1 and "refusing to overwrite" in ran.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]
    assert (tmp_path / existing).read_text() == "the office's old key\n"


def test_keygen_does_not_follow_a_link_where_the_key_goes(tmp_path):
    (tmp_path / "inbox.key").symlink_to(tmp_path / "elsewhere")

    with pytest.raises(KeyFileError, match="refusing to overwrite"):
        keygen(tmp_path)
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize(
    "text, why",
    [
        ("", "not 32 bytes"),
        ("c2VjcmV0LWJ1dC1zaG9ydA==\n", "not 32 bytes"),
        ("@@@ not base64 @@@\n", "not one line of base64"),
        ("A" * 5000, "too long"),
    ],
)
def test_a_key_file_that_is_not_a_key_is_refused_without_its_text(tmp_path, text, why):
    path = tmp_path / "inbox.key"
    path.write_text(text)

    with pytest.raises(KeyFileError) as raised:
        load_private_key(path)

    assert why in str(raised.value)
    assert text.strip()[:10] not in str(raised.value) or not text.strip()
