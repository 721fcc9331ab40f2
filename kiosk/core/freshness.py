"""Is the terminal's information possibly out of date? Kivy-free.

A terminal that cannot reach the publishing server keeps showing its last good pack, which
is right: old information beats none. After `stale_after_days` without a good sync it
says so ("information may be out of date"), on screen and on the staff page, so that
visitors check the facts and staff see that the terminal needs a network or a USB stick.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def parse_moment(text: str | None) -> datetime | None:
    """'2026-11-27T15:12:13Z' (or a date) as an aware datetime; None if absent or garbled."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def out_of_date(
    last_sync: str | None, pack_date: str | None, stale_after_days: int, now: datetime
) -> bool:
    """True when the last good sync (or, if there was none, the pack's own date) is more
    than `stale_after_days` ago.

    A clock that is behind (a terminal without a battery-backed clock, after a power cut)
    puts that moment in the future: nothing can be said then, so False, and the terminal
    goes on as before rather than alarming every visitor.
    """
    since = parse_moment(last_sync) or parse_moment(pack_date)
    if since is None:
        return False
    return now - since > timedelta(days=stale_after_days)
