"""Screen hours: when the screen is on, a touch that wakes it, and the config key read strictly."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.hours import HoursError
from kiosk.core.config import Config, ConfigError, load_config
from kiosk.core.screen_hours import ScreenWake, read_screen_hours, screen_on

WEEK = read_screen_hours({"mo-fr": "08:00-13:00, 14:00-19:00", "sa": "10:00-16:00"})
MONDAY = datetime(2026, 12, 7)  # a Monday


@pytest.mark.parametrize(
    "at, on",
    [
        (MONDAY.replace(hour=7, minute=59), False),
        (MONDAY.replace(hour=8), True),
        (MONDAY.replace(hour=13, minute=30), False),  # the lunch break is dark too
        (MONDAY.replace(hour=18, minute=59), True),
        (MONDAY.replace(hour=19), False),  # the interval's end is outside it
        (MONDAY + timedelta(days=5, hours=12), True),  # Saturday noon
        (MONDAY + timedelta(days=6, hours=12), False),  # Sunday is not named: dark
    ],
)
def test_the_screen_is_on_within_its_hours_only(at, on):
    assert screen_on(WEEK, at) is on


def test_without_hours_the_screen_is_always_on():
    assert screen_on(None, MONDAY.replace(hour=3))


def test_a_touch_keeps_the_screen_lit_for_the_wake_time_between_visitors():
    night = MONDAY.replace(hour=23)
    wake = ScreenWake()
    assert wake.dark(WEEK, night, at=100.0, visiting=False)
    wake.touched(100.0, 600)
    assert not wake.dark(WEEK, night, at=699.0, visiting=False)
    assert wake.dark(WEEK, night, at=700.0, visiting=False)


def test_a_visit_is_never_darkened_and_the_hours_light_the_screen_whatever_the_touches():
    wake = ScreenWake()
    assert not wake.dark(WEEK, MONDAY.replace(hour=23), at=math.inf, visiting=True)
    assert not wake.dark(WEEK, MONDAY.replace(hour=9), at=0.0, visiting=False)
    assert not wake.dark(None, MONDAY.replace(hour=23), at=0.0, visiting=False)


def test_config_reads_screen_hours_and_wake_minutes(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(
        'screen_hours = { mo-fr = "08:00-13:00, 14:00-19:00", sa = "10:00-16:00" }\n'
        "screen_wake_minutes = 5\n",
        "utf-8",
    )
    config = load_config(path)
    assert config.screen_hours == WEEK and config.screen_wake_minutes == 5
    assert Config().screen_hours is None and Config().screen_wake_minutes == 10


@pytest.mark.parametrize(
    "line, message",
    [
        ("screen_hours = 8", "'screen_hours' cannot be read: not a table of days and hours"),
        ('screen_hours = "08:00-19:00"', "'screen_hours' cannot be read: not a table"),
        ("screen_hours = {}", "'screen_hours' cannot be read: no days"),
        ('screen_hours = { xx = "08:00-19:00" }', "'screen_hours' .*unknown day 'xx'"),
        ('screen_hours = { fr-mo = "08:00-19:00" }', "'screen_hours' .*runs backwards"),
        ('screen_hours = { mo = "19:00-08:00" }', "'screen_hours' .*closes before it opens"),
        ('screen_hours = { mo = "8-19" }', "'screen_hours' .*cannot read the hours '8-19'"),
        ('screen_hours = { mo-fr = "08:00-19:00", mo = "closed" }', "'mo' is given twice"),
        ('screen_hours = { mo-su = "closed" }', "'screen_hours' .*every day is closed"),
        ("screen_hours = { mo = 8 }", "the hours of 'mo' must be text in quotes"),
        ("screen_wake_minutes = 0", "'screen_wake_minutes' must be between 1 and 120"),
        ('screen_wake_minutes = "10"', "'screen_wake_minutes' must be a whole number"),
    ],
)
def test_a_bad_screen_hours_value_is_refused_naming_the_key(tmp_path, line, message):
    path = tmp_path / "kiosk.toml"
    path.write_text(line + "\n", "utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}: ")


# -- properties -----------------------------------------------------------------------------

DAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"]
_LEAVES = (
    st.sampled_from(["08:00-19:00", "closed", "10:00-13:00, 14:00-16:00", "8-19", "24:00-1"])
    | st.text(max_size=12)
    | st.integers(-100, 3000)
    | st.booleans()
    | st.floats(allow_nan=True)
)
_DAY_KEYS = st.sampled_from([*DAYS, "mo-fr", "sa,su", "fr-mo", "xx", "", "\n"]) | st.text(
    max_size=6
)
_TOML_VALUES = st.one_of(
    _LEAVES,
    st.lists(_LEAVES, max_size=3),
    st.dictionaries(_DAY_KEYS, _LEAVES | st.lists(_LEAVES, max_size=2), max_size=4),
    # Near misses of a good table: days given twice by a range, a closed week, a bad time.
    st.dictionaries(st.sampled_from([*DAYS, "mo-fr", "sa,su"]), _LEAVES, min_size=1, max_size=4),
)


@given(value=_TOML_VALUES)
def test_any_screen_hours_value_is_read_or_refused_in_one_line_naming_the_key(value):
    """Whatever a config file holds (any TOML value tomllib can give), the key is either
    read into intervals or refused with a one-line message that names it; nothing else."""
    from pathlib import Path

    from kiosk.core.config import _config

    try:
        config = _config(Path("kiosk.toml"), {"screen_hours": value})
    except ConfigError as error:
        message = str(error)
        assert message.startswith("kiosk.toml: 'screen_hours' cannot be read: ")
        assert "\n" not in message
        return
    assert config.screen_hours and all(h.opens < h.closes for h in config.screen_hours)


_MINUTE = st.integers(0, 24 * 60)


@given(
    days=st.sets(st.sampled_from(DAYS), min_size=1),
    bounds=st.tuples(_MINUTE, _MINUTE).filter(lambda b: b[0] < b[1]),
    day=st.integers(0, 6),
    minute=st.integers(0, 24 * 60 - 1),
)
def test_the_screen_is_on_exactly_inside_the_interval_on_the_named_days(days, bounds, day, minute):
    def hhmm(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"

    hours = read_screen_hours({",".join(sorted(days)): f"{hhmm(bounds[0])}-{hhmm(bounds[1])}"})
    at = MONDAY + timedelta(days=day, minutes=minute)
    expected = DAYS[day] in days and bounds[0] <= minute < bounds[1]
    assert screen_on(hours, at) is expected


def test_the_reader_refuses_what_is_not_a_table():
    with pytest.raises(HoursError, match="not a table"):
        read_screen_hours(["mo-fr", "08:00-19:00"])
