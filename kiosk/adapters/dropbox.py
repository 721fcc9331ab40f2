"""Delivery: every submission in the outbox PUT to the drop box, then let go.

The drop box is a plain WebDAV folder (deploy/nginx/perm-kiosk-dropbox.conf): each sealed
submission goes to `<dropbox_url>/<kind>/<YYYY-MM-DD>/<id>.sealed` with HTTP basic auth (a
`user:password` line in the file the config's `dropbox_credentials` names). Only an answer
of 200, 201 or 204 counts as delivered, and only then does the submission leave the outbox
(`Outbox.delivered`). A process killed between the answer and that delete PUTs the same
bytes to the same path at the next round: delivery is idempotent by construction.

What can go wrong in a round, and what the round does:

- no connection, a refused one, a timeout, an answer that is not HTTP, 5xx (507 too),
  408, 429: tried again after a wait (exponential back-off with full jitter: a random time
  between 0 and base x 2^attempt, at most `max_delay_s`, so a fleet of terminals coming back
  after an outage does not knock all at once), up to `attempts` times a submission;
- 401 or 403 (credentials wrong or revoked), another 4xx, a redirect: the round stops at
  once with the reason recorded; retrying would only repeat the refusal;
- the round's time (`round_s`) runs out: it stops, and the rest waits for the next round.

Whatever happens the outbox keeps every submission it has not seen confirmed, and the
round's result is recorded in it for `kiosk outbox status` and the staff screen.
"""

from __future__ import annotations

import base64
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.adapters.outbox import Outbox, OutboxError

log = logging.getLogger(__name__)

DELIVERED = (200, 201, 204)
"""What WebDAV answers a PUT that stored the file: 201 new, 204 replaced (200 some servers)."""

AGAIN = (408, 429)
"""4xx answers that are about the moment, not the request: tried again like a 5xx."""

THIS_ONE = (400, 409, 411, 413, 414, 415, 422)
"""4xx answers about the one submission (413: larger than the drop box takes), not the
terminal or the address: it stays queued and the round goes on with the next, so that
one submission the drop box will not take never holds back those behind it."""

SKIPS_PER_ROUND = 5
"""Submissions refused one by one in a round before it stops: every one refused is the
site's problem, not theirs, and another thousand PUTs would not help."""


class CredentialsError(ValueError):
    """The credentials file cannot be used; the message never holds the password."""


@dataclass(frozen=True)
class Policy:
    """How hard a round tries."""

    timeout_s: float = 30.0
    """Longest wait for a connection or for the answer to a PUT."""
    attempts: int = 6
    """Tries of one submission in one round."""
    base_delay_s: float = 2.0
    max_delay_s: float = 120.0
    round_s: float = 900.0
    """A round stops after this long; the next round goes on from there."""


@dataclass(frozen=True)
class RoundResult:
    delivered: int
    left: int
    error: str | None
    reports: object = None
    """What the round's `reports` call returned (kiosk/adapters/report_upload.py), if any."""


class PutFailed(Exception):
    """A PUT the drop box did not store; the message says why. `only_this_one`: the drop
    box refused this file alone (THIS_ONE), and the next may well go."""

    only_this_one = False


class _TryAgain(PutFailed):
    """A failure of the moment: wait and try the same PUT again."""


class _Stop(PutFailed):
    """A refusal that another try would only repeat: the round ends."""


class _Skip(PutFailed):
    """A refusal of this submission alone (THIS_ONE): it stays, the round goes on."""

    only_this_one = True


def read_credentials(path: Path) -> tuple[str, str]:
    """(user, password) from a file holding one line `user:password`."""
    try:
        text = Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise CredentialsError(f"{path}: no such credentials file") from None
    except OSError as exc:
        raise CredentialsError(f"{path}: cannot read the credentials ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise CredentialsError(f"{path}: the credentials file is not UTF-8 text") from None
    lines = [line for line in text.splitlines() if line.strip()]
    user, colon, password = (lines[0].strip() if len(lines) == 1 else "").partition(":")
    if len(lines) != 1 or not colon or not user or not password:
        raise CredentialsError(f"{path}: must hold one line, user:password")
    if not (user + password).isprintable():
        raise CredentialsError(f"{path}: the user or password holds control characters")
    return user, password


class Dropbox:
    """The drop box at `base_url`, reached with `credentials` (None: no auth)."""

    def __init__(
        self,
        base_url: str,
        credentials: tuple[str, str] | None,
        timeout_s: float = Policy.timeout_s,
    ):
        import urllib3

        self.base_url = base_url.rstrip("/") + "/"
        self.timeout_s = timeout_s
        self._headers = {
            "User-Agent": "perm-kiosk-outbox",
            "Content-Type": "application/octet-stream",
        }
        if credentials:
            token = base64.b64encode(":".join(credentials).encode("utf-8")).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"
        self._pool = urllib3.PoolManager(retries=False)

    def put(self, path: str, body: bytes, checkpoint: Callable[[str], None]) -> int:
        """PUT `body` at `path`; its status when the drop box stored it. Raises _TryAgain
        or _Stop with the reason in words."""
        import urllib3

        url = self.base_url + path
        headers = {**self._headers, "Content-Length": str(len(body))}
        try:
            response = self._pool.request(
                "PUT",
                url,
                body=_in_halves(body, checkpoint),
                headers=headers,
                timeout=urllib3.Timeout(connect=self.timeout_s, read=self.timeout_s),
                redirect=False,
            )
        except urllib3.exceptions.NewConnectionError as exc:
            raise _TryAgain(f"{url}: {_no_connection(exc)}") from None
        except urllib3.exceptions.TimeoutError:
            raise _TryAgain(f"{url}: no answer in {self.timeout_s:g} s") from None
        except urllib3.exceptions.HTTPError as exc:
            # An answer that is not HTTP, a connection cut half way: the server's moment.
            raise _TryAgain(f"{url}: no usable answer ({_short(exc)})") from None
        status = response.status
        if status in DELIVERED:
            return status
        if status in (401, 403):
            raise _Stop(
                f"{url}: the drop box refused this terminal's credentials (HTTP {status}); "
                "check dropbox_credentials and the drop box's htpasswd file"
            )
        if status >= 500 or status in AGAIN:
            word = "the drop box's disk is full" if status == 507 else "a server error"
            raise _TryAgain(f"{url}: HTTP {status} ({word})")
        if 300 <= status < 400:
            raise _Stop(
                f"{url}: HTTP {status}, a redirect: set dropbox_url to the address it "
                "points to (a PUT is not followed)"
            )
        if status in THIS_ONE:
            word = "larger than the drop box takes" if status == 413 else "refused"
            raise _Skip(f"{url}: HTTP {status} ({word})")
        if 400 <= status < 500:
            raise _Stop(f"{url}: HTTP {status}: check dropbox_url and the drop box's site")
        raise _TryAgain(f"{url}: an answer that is not a drop box's (HTTP {status})")


def _in_halves(body: bytes, checkpoint: Callable[[str], None]) -> Iterator[bytes]:
    """The body in two writes, with the step between them named ("put-half-sent"): where
    the crash tests kill a process in the middle of a PUT."""
    half = len(body) // 2
    yield body[:half]
    checkpoint("put-half-sent")
    yield body[half:]


def upload_round(
    outbox: Outbox,
    dropbox: Dropbox,
    policy: Policy = Policy(),
    sleep: Callable[[float], None] = time.sleep,
    rand: Callable[[], float] = random.random,
    clock: Callable[[], float] = time.monotonic,
    checkpoint: Callable[[str], None] = lambda step: None,
    reports: Callable[[], object] | None = None,
) -> RoundResult:
    """Deliver what the outbox holds, oldest first, until it is empty, a refusal stops the
    round or its time runs out; the result is recorded in the outbox (`status()`). Then,
    only then, `reports()` (the terminal's status and days of use): whatever it does or
    raises, the submissions have had their turn first."""
    deadline = clock() + policy.round_s
    delivered, error = 0, None
    skipped: dict[str, str] = {}  # id -> why the drop box refused that one submission
    try:
        while error is None and (
            batch := [s for s in outbox.pending(50 + len(skipped)) if s.id not in skipped]
        ):
            for item in batch:
                try:
                    error = _deliver(
                        item, dropbox, policy, sleep, rand, clock, deadline, checkpoint
                    )
                except _Skip as exc:
                    skipped[item.id] = str(exc)
                    log.error("upload: %s; it stays in the outbox", exc)
                    if len(skipped) >= SKIPS_PER_ROUND:
                        error = f"the drop box refused {len(skipped)} submissions this round"
                        break
                    continue
                if error is not None:
                    break
                checkpoint("put-answered")
                outbox.delivered(item.id)
                delivered += 1
                checkpoint("delivered")
                if clock() > deadline:
                    error = f"the round's {policy.round_s:g} s ran out"
                    break
        left = outbox.status()["queued"]
    except OutboxError as exc:
        error, left = str(exc), -1
    if skipped and error is None:
        first = next(iter(skipped.values()))
        error = (
            f"{len(skipped)} submission(s) refused by the drop box and kept in the outbox "
            f"({first}); `kiosk outbox export` copies them to a USB stick"
        )
    if error:
        log.error("upload: %s; %d delivered, the rest waits for the next round", error, delivered)
    else:
        log.info("upload: %d delivered, the outbox is empty", delivered)
    try:
        outbox.record(error, delivered)
    except OutboxError as exc:
        log.error("the round's result could not be recorded: %s", exc)
    reported = None
    if reports is not None:
        try:
            reported = reports()
        except Exception:  # a report is worth less than the next round of submissions
            log.exception("the reports (status, days of use) failed unexpectedly")
    return RoundResult(delivered, left, error, reported)


def _deliver(item, dropbox, policy, sleep, rand, clock, deadline, checkpoint) -> str | None:
    """PUT one submission, trying again on failures of the moment; None when delivered,
    else why not."""
    for attempt in range(1, policy.attempts + 1):
        checkpoint("put-start")
        try:
            dropbox.put(item.path, item.sealed, checkpoint)
            return None
        except _Stop as exc:
            return str(exc)
        # _Skip goes up to the round, which keeps the submission and goes on.
        except _TryAgain as exc:
            if attempt == policy.attempts:
                return f"{exc} ({attempt} tries)"
            # Full jitter (a random wait up to the exponential cap) spreads the retries of
            # many terminals after an outage better than a fixed or "equal" jitter does.
            wait = rand() * min(policy.max_delay_s, policy.base_delay_s * 2 ** (attempt - 1))
            if clock() + wait > deadline:
                return f"{exc}; the round's {policy.round_s:g} s ran out"
            log.warning("upload: %s; trying again in %.1f s", exc, wait)
            sleep(wait)
    return "nothing tried (the policy allows no attempts)"


def upload_forever(
    upload: Callable[[], RoundResult], every_s: float, sleep: Callable[[float], None] = time.sleep
) -> None:
    """The upload service: a round now and every `every_s` seconds after, whatever happens."""
    while True:
        try:
            upload()
        except Exception:
            log.exception("the upload round failed unexpectedly")
        sleep(every_s)


def _short(exc: Exception) -> str:
    """urllib3's words for a broken answer, which quote what the server sent: at most 200
    characters, and none that could upset a log or a terminal."""
    text = "".join(c if c.isprintable() else "?" for c in str(exc))
    return text if len(text) <= 200 else text[:200] + "…"


def _no_connection(exc) -> str:
    host = f"{exc.conn.host}:{exc.conn.port}" if getattr(exc, "conn", None) else "the server"
    import urllib3

    if isinstance(exc, urllib3.exceptions.NameResolutionError):
        return "cannot resolve the drop box's name: check dropbox_url and the network"
    if isinstance(exc.__context__, ConnectionRefusedError):
        return f"the drop box refused the connection ({host})"
    reason = getattr(exc.__context__, "strerror", None) or str(exc.__context__ or exc)
    return f"cannot connect to {host} ({reason})"
