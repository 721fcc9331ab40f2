"""A stored UTC moment as staff read the terminal's clock (the staff screen's times)."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.presentation.wording import format_moment

PERM = ZoneInfo("Asia/Yekaterinburg")  # Perm keeps Yekaterinburg time, UTC+5


@pytest.mark.parametrize(
    "stamp, lang, shown",
    [
        ("2026-12-03T09:15:00Z", "ru", "3 декабря 2026 г., 14:15"),
        ("2026-12-03T09:15:00Z", "en", "December 3, 2026, 14:15"),
        ("2026-12-31T20:30:00Z", "ru", "1 января 2027 г., 01:30"),  # the next day in Perm
        ("2026-12-03T09:15:00+00:00", "ru", "3 декабря 2026 г., 14:15"),
    ],
)
def test_a_utc_moment_is_shown_in_the_terminals_time_zone_in_words(stamp, lang, shown):
    assert format_moment(stamp, lang, PERM) == shown


@pytest.mark.parametrize("stamp", ["", None, "вчера", "2026-13-01T00:00:00Z", "2026-12-03T09:15"])
def test_what_is_not_a_moment_with_its_zone_is_shown_as_it_is(stamp):
    assert format_moment(stamp, "ru", PERM) == (stamp or "")


@given(st.datetimes(timezones=st.just(UTC)), st.integers(-12, 14))
def test_the_clock_shown_is_the_moment_in_that_zone(moment, hours):
    zone = timezone(timedelta(hours=hours))
    stamp = moment.isoformat().replace("+00:00", "Z")
    try:
        local = moment.astimezone(zone)
    except OverflowError:  # past the calendar's ends: shown as it is
        assert format_moment(stamp, "ru", zone) == stamp
        return
    assert format_moment(stamp, "ru", zone).endswith(f", {local:%H:%M}")
    assert str(local.year) in format_moment(stamp, "ru", zone)


def test_without_a_zone_the_machines_own_is_used():
    stamp = "2026-12-03T09:15:00Z"
    local = datetime(2026, 12, 3, 9, 15, tzinfo=UTC).astimezone()
    assert format_moment(stamp, "ru").endswith(f", {local:%H:%M}")
