"""kiosk.core.freshness: when the terminal says its information may be out of date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.core.freshness import out_of_date

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "last_sync, pack_date, days, expected",
    [
        ("2026-11-20T12:00:00Z", "2026-01-01T00:00:00Z", 14, False),  # synced a week ago
        ("2026-11-01T12:00:00Z", "2026-11-01T00:00:00Z", 14, True),  # nearly four weeks
        ("2026-11-13T11:59:00Z", None, 14, True),  # a minute over
        ("2026-11-13T12:01:00Z", None, 14, False),  # a minute under
        (None, "2026-11-25T09:00:00Z", 14, False),  # never synced: the pack's own date
        (None, "2026-10-01T09:00:00Z", 14, True),
        (None, "2026-10-01", 90, False),  # a date alone, a longer limit
        ("2027-06-01T00:00:00Z", None, 14, False),  # the clock is behind: cannot tell
        ("garbled", "also garbled", 14, False),  # nothing to go by: say nothing
        (None, None, 14, False),
    ],
)
def test_out_of_date(last_sync, pack_date, days, expected):
    assert out_of_date(last_sync, pack_date, days, NOW) is expected
