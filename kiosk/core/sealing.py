"""Sealing a submission for the receiving organisation: the one way the terminal encrypts.

A libsodium sealed box (PyNaCl's `SealedBox`) to the organisation's X25519 public key, the
base64 text the pack carries as `inbox_public_key`. Only the holder of the private key can
open the result; the terminal itself cannot, so its outbox and its logs hold nothing it
could read back. This module keeps nothing: the plaintext lives only in the caller's memory.
"""

from __future__ import annotations

import base64
import binascii

from nacl.exceptions import CryptoError
from nacl.public import PublicKey, SealedBox

KEY_BYTES = 32
"""An X25519 public key: 32 raw bytes, 44 characters of standard base64."""


class BadPublicKey(ValueError):
    """The public key text is not the base64 of 32 bytes; the message says what it is."""


def public_key(public_key_b64: str) -> PublicKey:
    """The key the pack's `inbox_public_key` text names. Raises BadPublicKey."""
    if not isinstance(public_key_b64, str):
        raise BadPublicKey(
            f"the inbox public key must be text, got {type(public_key_b64).__name__}"
        )
    text = public_key_b64.strip()
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadPublicKey(
            "the inbox public key is not standard base64 (the one line of inbox.pub)"
        ) from None
    if len(raw) != KEY_BYTES:
        raise BadPublicKey(
            f"the inbox public key is {len(raw)} bytes, not {KEY_BYTES} (the one line of inbox.pub)"
        )
    return PublicKey(raw)


def seal(public_key_b64: str, plaintext: bytes) -> bytes:
    """`plaintext` sealed to the key: raw bytes, 48 more than the plaintext (an ephemeral
    public key and the MAC), different at each call. Raises BadPublicKey."""
    box = SealedBox(public_key(public_key_b64))
    try:
        return box.encrypt(bytes(plaintext))
    except CryptoError:
        # libsodium refuses a key of low order (all zeros, say): no secret could be shared.
        raise BadPublicKey("the inbox public key is not a usable X25519 key") from None
