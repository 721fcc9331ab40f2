"""kiosk.core.sealing: what it seals only the private key opens, and a bad key is refused."""

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from kiosk.core.sealing import BadPublicKey, seal

PRIVATE = PrivateKey.generate()
PUBLIC_B64 = base64.b64encode(bytes(PRIVATE.public_key)).decode("ascii")

ENVELOPE = {
    "format": "perm-kiosk-request/1",
    "id": "0123456789abcdef0123456789abcdef",
    "reference": "K7MQ-4XR9",
    "kind": "complaint",
    "created": "2026-12-03T21:00:00Z",
    "terminal": "",
    "pack": {"id": "perm", "version": 3},
    "lang": "ru",
    "fields": {"text": "Очередь 3 часа 😡 " * 100},
}


def test_a_sealed_envelope_opens_with_the_private_key_only():
    plaintext = json.dumps(ENVELOPE, sort_keys=True, ensure_ascii=False).encode("utf-8")
    sealed = seal(PUBLIC_B64, plaintext)
    assert len(sealed) == len(plaintext) + 48
    assert plaintext not in sealed and "Очередь".encode() not in sealed
    assert SealedBox(PRIVATE).decrypt(sealed) == plaintext
    with pytest.raises(CryptoError):  # another organisation's key opens nothing
        SealedBox(PrivateKey.generate()).decrypt(sealed)


def test_sealing_twice_gives_different_bytes():
    assert seal(PUBLIC_B64, b"same") != seal(PUBLIC_B64, b"same")


def test_the_key_line_may_end_in_a_newline():
    assert SealedBox(PRIVATE).decrypt(seal(PUBLIC_B64 + "\n", b"x")) == b"x"


@pytest.mark.parametrize(
    "key, message",
    [
        ("", "0 bytes, not 32"),
        ("not base64 at all!", "not standard base64"),
        (base64.b64encode(bytes(31)).decode(), "31 bytes, not 32"),
        (base64.b64encode(bytes(64)).decode(), "64 bytes, not 32"),
        (base64.urlsafe_b64encode(b"\xff" * 32).decode(), "not standard base64"),
        (base64.b64encode(bytes(32)).decode(), "not a usable X25519 key"),
        (b"bytes", "must be text"),
    ],
)
def test_a_malformed_key_is_refused_with_a_clear_error(key, message):
    with pytest.raises(BadPublicKey, match=message):
        seal(key, b"secret text")


@given(st.text(max_size=60))
def test_any_key_text_seals_or_is_refused_and_the_refusal_never_holds_the_plaintext(key):
    try:
        sealed = seal(key, "Иванов 89120000000".encode())
    except BadPublicKey as exc:
        assert "Иванов" not in str(exc) and "8912" not in str(exc)
    else:
        assert len(sealed) == len("Иванов 89120000000".encode()) + 48
