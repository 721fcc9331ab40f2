"""What a pack says about itself: its meta table, one key and one text value a row.

The builder writes it from the content's PackInfo (`meta_values`), the reader reads it back
key by key and refuses a pack whose metadata do not read (`read_meta`), and publishing raises
the version (`stamp_version`). The keys and their order are the format's
(content.pack.format.META_KEYS); this module is the one place that knows what each holds.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import nacl.bindings
import nacl.exceptions

from content.model import CONSENT_PARTS, LANGUAGES, Consent, PackInfo, Text
from content.pack import format as fmt
from content.rules import Minimums
from content.urls import UnsafeUrl, check_allowed_host

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")  # content.publisher.fields.ID_PATTERN
WHOLE_NUMBER = re.compile(r"^[0-9]{1,15}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-][0-9:]+)?)?$")
"""'2026-11-27T15:12:13Z' as the builder writes it, or a date; fromisoformat alone would take
'20261127' too, which the screens would show as it is."""
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
"""A date as the builder writes `checked`."""
INBOX_KEY = re.compile(r"[A-Za-z0-9+/]{43}=")
"""Standard base64 of 32 bytes: 43 characters and one '=' of padding."""
_PROBE = bytes(range(1, 33))
"""Any fixed scalar: multiplied by a key of small order, it gives the zero that libsodium
refuses to seal with."""


def inbox_key(text: str) -> bytes:
    """The 32 bytes of an office's public key written as `text` (standard base64, one line,
    44 characters); ValueError saying what is wrong, never quoting the text.

    Only one spelling of each key is taken (no line breaks, no URL-safe alphabet, no spare
    bits), so that the key a pack carries is the very text staff pasted from inbox.pub.
    A key of small order is refused: every sealed request would fail on the terminal."""
    if not isinstance(text, str) or len(text) != 44:
        length = len(text) if isinstance(text, str) else 0
        raise ValueError(
            f"is {length} characters long, not 44: paste the one line of inbox.pub whole"
        )
    if not INBOX_KEY.fullmatch(text):
        raise ValueError(
            "is not standard base64 (letters, digits, + and /, ending in one =): paste the "
            "one line of inbox.pub as it is"
        )
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("is not standard base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise ValueError("is not the base64 of a key (its last character is off)")
    try:
        nacl.bindings.crypto_scalarmult(_PROBE, raw)
    except nacl.exceptions.CryptoError:
        raise ValueError(
            "is a key of small order, which nothing can be sealed to: make a new pair with "
            "`kiosk inbox keygen`"
        ) from None
    return raw


@dataclass(frozen=True, kw_only=True)
class PackMeta(PackInfo):
    """A built pack's metadata: its author's PackInfo and what the build added."""

    schema_version: int
    created_at: str
    content_hash: str
    checked: str | None = None
    """The oldest `reviewed` date in the pack (schema 3); None in an older pack."""

    @property
    def date(self) -> str:
        """What "information as of ..." shows: the day the content was checked (the oldest
        `reviewed` of its items), or in an older pack the day it was built."""
        return self.checked or self.created_at[:10]


def meta_values(
    info: PackInfo, created_at: str, content_hash: str, checked: str | None = None
) -> dict[str, str]:
    """The meta table of a pack built now from content described by `info`: key -> value, in
    the format's order, without the keys that have no value (an English title, a notice)."""
    values = {
        "pack_id": info.pack_id,
        **fmt.text_values("title", info.title),
        "version": str(info.version),
        "schema_version": str(fmt.SCHEMA_VERSION),
        "created_at": created_at,
        "region": info.region,
        "languages": ",".join(info.languages),
        "demo": "1" if info.demo else "0",
        **fmt.text_values("notice", info.notice),
        "content_hash": content_hash,
        "allowed_hosts": ",".join(info.allowed_hosts),
        "inbox_public_key": info.inbox_public_key,
        "checked": checked,
        "subsistence_minimum": _minimums_text(info.subsistence_minimum),
    }
    for part in CONSENT_PARTS:
        text = getattr(info.consent, part) if info.consent else None
        values.update(fmt.text_values(f"consent_{part}", text))
    return {key: values[key] for key in fmt.META_KEYS if values[key] is not None}


# -- reading ---------------------------------------------------------------------------------


def meta_rows(conn: sqlite3.Connection) -> dict[str, str]:
    """The meta table's rows under the format's keys (others are passed over); a value that
    is not text is a MalformedPackError."""
    meta = {}
    for key, value in conn.execute("SELECT key, value FROM meta"):
        if isinstance(key, str) and key in fmt.META_KEYS:
            if value is not None and not isinstance(value, str):
                raise fmt.MalformedPackError(f"meta '{key}' is not text")
            meta[key] = value
    return meta


def schema_version(rows: dict[str, str]) -> int:
    """The schema version the rows say: the one key read before the tables are checked."""
    return _whole(rows, "schema_version")


def read_meta(rows: dict[str, str]) -> PackMeta:
    """The rows as PackMeta; MalformedPackError naming the first key that does not read.
    Keys that the pack's schema version does not have are passed over."""
    version = schema_version(rows)
    rows = {key: value for key, value in rows.items() if key in fmt.meta_keys(version)}
    pack_id = _required(rows, "pack_id")
    if not ID_PATTERN.match(pack_id):
        raise fmt.MalformedPackError(
            f"meta 'pack_id' is {_shown(pack_id)}, not an id (lower-case letters, digits, -)"
        )
    created_at = _required(rows, "created_at")
    try:
        if not DATE_TIME.match(created_at):
            raise ValueError(created_at)
        datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        raise fmt.MalformedPackError(
            f"meta 'created_at' is {_shown(created_at)}, not a date and time"
        ) from None
    languages = tuple(_required(rows, "languages").split(","))
    for lang in languages:
        if lang not in LANGUAGES:
            raise fmt.MalformedPackError(f"meta 'languages' has {_shown(lang)}: not one of ru, en")
    if "ru" not in languages:
        raise fmt.MalformedPackError("meta 'languages' lacks ru: every text is there in Russian")
    demo = _required(rows, "demo")
    if demo not in ("0", "1"):
        raise fmt.MalformedPackError(f"meta 'demo' is {_shown(demo)}, not 0 or 1")
    content_hash = _required(rows, "content_hash")
    if not SHA256.match(content_hash):
        raise fmt.MalformedPackError("meta 'content_hash' is not a SHA-256 in hex")
    hosts = tuple(filter(None, (rows.get("allowed_hosts") or "").split(",")))
    for host in hosts:
        try:
            check_allowed_host(host)
        except UnsafeUrl as exc:
            raise fmt.MalformedPackError(
                f"meta 'allowed_hosts' has {_shown(host)}: {exc}"
            ) from None
    notice = Text(rows["notice_ru"], rows.get("notice_en")) if rows.get("notice_ru") else None
    key, consent = _inbox_key(rows), _consent(rows)
    if key and consent is None:
        raise fmt.MalformedPackError(
            "meta 'inbox_public_key' is there without the consent text (consent_*): a pack "
            "that takes requests asks for consent before personal data are sent"
        )
    return PackMeta(
        pack_id=pack_id,
        title=Text(rows.get("title_ru") or "", rows.get("title_en")),
        version=_whole(rows, "version"),
        schema_version=schema_version(rows),
        created_at=created_at,
        region=rows.get("region") or "",
        languages=languages,
        demo=demo == "1",
        content_hash=content_hash,
        allowed_hosts=hosts,
        notice=notice,
        inbox_public_key=key,
        consent=consent,
        checked=_checked(rows),
        subsistence_minimum=_minimums(rows),
    )


def _minimums_text(minimums: Minimums | None) -> str | None:
    return None if minimums is None else json.dumps(dataclasses.asdict(minimums))


def _minimums(rows: dict) -> Minimums | None:
    text = rows.get("subsistence_minimum")
    if not text:
        return None
    try:
        values = json.loads(text)
        minimums = Minimums(**values)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values.values()):
            raise TypeError(text)
    except (ValueError, TypeError):
        raise fmt.MalformedPackError("meta 'subsistence_minimum' does not read") from None
    return minimums


def _checked(rows: dict) -> str | None:
    text = rows.get("checked")
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat() if DAY.fullmatch(text) else _bad_day(text)
    except ValueError:
        return _bad_day(text)


def _bad_day(text: str):
    raise fmt.MalformedPackError(f"meta 'checked' is {_shown(text)}, not a date (YYYY-MM-DD)")


def _inbox_key(rows: dict) -> str | None:
    text = rows.get("inbox_public_key")
    if not text:
        return None
    try:
        inbox_key(text)
    except ValueError as exc:
        raise fmt.MalformedPackError(f"meta 'inbox_public_key' {exc}") from None
    return text


def _consent(rows: dict) -> Consent | None:
    """The consent text: all of its parts in Russian, or none of them."""
    present = [part for part in CONSENT_PARTS if rows.get(f"consent_{part}_ru")]
    if not present:
        return None
    for part in CONSENT_PARTS:
        _required(rows, f"consent_{part}_ru")
    return Consent(
        **{
            part: Text(rows[f"consent_{part}_ru"], rows.get(f"consent_{part}_en"))
            for part in CONSENT_PARTS
        }
    )


def _required(rows: dict, key: str) -> str:
    value = rows.get(key)
    if not value:
        raise fmt.MalformedPackError(f"meta '{key}' is missing")
    return value


def _whole(rows: dict, key: str) -> int:
    value = _required(rows, key)
    if not WHOLE_NUMBER.match(value):
        raise fmt.MalformedPackError(f"meta '{key}' is {_shown(value)}, not a whole number")
    return int(value)


def _shown(value: str) -> str:
    return repr(value[:40] + ("..." if len(value) > 40 else ""))


# -- publishing ------------------------------------------------------------------------------


def stamp_version(path: str | Path, at_least: int) -> PackMeta:
    """Raise the version of the pack at `path` to `at_least` if it is lower, in the file
    itself; its metadata as they then are. For publishing, on a pack that has passed the
    whole check (content.pack.verify): its metadata read, or this raises MalformedPackError."""
    conn = sqlite3.connect(path)
    try:
        meta = read_meta(meta_rows(conn))
        version = max(meta.version, at_least)
        with conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(version),))
        return dataclasses.replace(meta, version=version)
    finally:
        conn.close()
