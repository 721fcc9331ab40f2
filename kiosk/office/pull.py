"""Pull: open what is new in a source into the inbox, exactly once.

For each file in the source's layout whose id the inbox does not have: read it, open it with
the office's private key (a libsodium sealed box), read the envelope strictly, check that it
is the file its path names (kind, UTC date, id), and store it. A file that fails any of these
is recorded as refused with its path and the reason, and the pull goes on; the next pull
tries it again (a copy that was still being written may be whole by then).

Exactly once, across crashes: the id is the inbox's primary key, and what is stored is
committed in batches, each durable before the next begins. A pull killed at any moment has
stored every batch it committed and nothing of the one it was in; the next pull skips the
stored ids and opens the rest. The source is only ever read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from kiosk.core.requests import EnvelopeError, read_envelope
from kiosk.office.inbox import Inbox
from kiosk.office.sources import Entry, Source, TooLarge, Unreadable

FILE_NAME = re.compile(r"([0-9a-f]{32})\.sealed")
BATCH = 50
"""Submissions a commit: one fsync each would make a pull of thousands slow; a kill costs at
most one batch's work, redone by the next pull."""


@dataclass
class PullReport:
    """What a pull did, in counts and paths (no content)."""

    added: int = 0
    already: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason) of each file refused this time."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason) of each file that could not be read now: tried again next time."""


def pull(
    source: Source,
    key: PrivateKey,
    inbox: Inbox,
    batch: int = BATCH,
    checkpoint: Callable[[str, str], None] = lambda step, path: None,
) -> PullReport:
    """Open every new file of `source` into `inbox`. `checkpoint(step, path)` is called at
    each step of each file ("listed", "read", "opened", "stored") and at each commit
    ("committed"): the kill tests stop and kill the pull there."""
    report = PullReport()
    box = SealedBox(key)
    known = inbox.known_ids()
    pending = 0

    def commit() -> None:
        nonlocal pending
        inbox.commit()
        pending = 0
        checkpoint("committed", "")

    inbox.begin()
    try:
        for entry in source.entries():
            checkpoint("listed", entry.path)
            match = FILE_NAME.fullmatch(entry.name)
            if match and match.group(1) in known:
                report.already += 1
                continue
            outcome = _open(source, entry, match, box, checkpoint)
            if isinstance(outcome, _Unreadable):
                report.unreadable.append((entry.path, outcome.reason))
                continue
            if isinstance(outcome, str):
                inbox.refuse(entry.path, outcome)
                report.refused.append((entry.path, outcome))
            else:
                envelope, plaintext = outcome
                if inbox.add(envelope, plaintext, entry.path):
                    report.added += 1
                else:
                    report.already += 1
                known.add(envelope.id)
                checkpoint("stored", entry.path)
            pending += 1
            if pending >= batch:
                commit()
                inbox.begin()
        commit()
    except BaseException:
        inbox.rollback()
        raise
    return report


@dataclass(frozen=True)
class _Unreadable:
    reason: str


def _open(source: Source, entry: Entry, match, box: SealedBox, checkpoint):
    """(envelope, plaintext) of the file at `entry`; a str, the reason it is refused; or
    _Unreadable, when it cannot be read this time."""
    if match is None:
        return "the name is not <id>.sealed"
    try:
        sealed = source.read(entry)
    except TooLarge:
        return "too large for a submission"
    except Unreadable as exc:
        return _Unreadable(str(exc))
    checkpoint("read", entry.path)
    try:
        plaintext = box.decrypt(sealed)
    except CryptoError:
        # libsodium cannot tell these apart, and nor can anyone without the sender's secret.
        return "does not open with this key (damaged, cut short, or sealed for another key)"
    checkpoint("opened", entry.path)
    try:
        envelope = read_envelope(plaintext)
    except EnvelopeError as exc:
        return f"not an envelope: {exc}"
    if envelope.id != match.group(1):
        return "the id inside is not the file's name"
    if envelope.kind != entry.kind:
        return "the kind inside is not the file's folder"
    if envelope.created.strftime("%Y-%m-%d") != entry.day:
        return "the date inside is not the file's folder"
    # Stored as the JSON text it arrived in (it read strictly, so it is UTF-8 JSON).
    return envelope, plaintext.decode("utf-8")
