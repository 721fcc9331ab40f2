from datetime import datetime

import pytest

from content.hours import HoursError, is_open, parse_hours
from content.publisher.phones import PhoneError, normalize_phone


def test_weekday_range_and_lunch_break_become_intervals():
    hours = parse_hours({"mo-fr": "09:00-13:00, 14:00-18:00", "sa": "10:00-14:00", "su": "closed"})
    assert [(h.weekday, h.opens, h.closes) for h in hours if h.weekday in ("mo", "sa")] == [
        ("mo", "09:00", "13:00"),
        ("mo", "14:00", "18:00"),
        ("sa", "10:00", "14:00"),
    ]
    assert not [h for h in hours if h.weekday == "su"]


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"mo-fx": "09:00-18:00"}, "unknown day"),
        ({"fr-mo": "09:00-18:00"}, "backwards"),
        ({"mo": "9-18"}, "cannot read"),
        ({"mo": "18:00-09:00"}, "closes before it opens"),
        ({"mo": "25:00-26:00"}, "not a time of day"),
        ({"mo": "09:00-13:00, 12:00-18:00"}, "overlaps"),
        ({"mo-fr": "09:00-18:00", "fr": "10:00-12:00"}, "given twice"),
    ],
)
def test_malformed_hours_are_refused(spec, message):
    with pytest.raises(HoursError, match=message):
        parse_hours(spec)


def test_open_now_respects_lunch_break():
    hours = parse_hours({"mo-fr": "09:00-13:00, 14:00-18:00"})
    monday = datetime(2026, 11, 23)
    assert is_open(hours, monday.replace(hour=10))
    assert not is_open(hours, monday.replace(hour=13, minute=30))
    assert not is_open(hours, datetime(2026, 11, 29, 10))  # Sunday


@pytest.mark.parametrize(
    "written, dialled",
    [
        ("+7 342 270-11-20", "+73422701120"),
        ("8 800 100-00-01", "+78001000001"),
        ("+7 (342) 212-92-54", "+73422129254"),
        ("122", "122"),
    ],
)
def test_phone_numbers_are_normalised_for_dialling(written, dialled):
    assert normalize_phone(written) == dialled


@pytest.mark.parametrize("bad", ["12-34", "+7 342 270-11", "+1 555 123 4567", "телефон"])
def test_malformed_phone_is_refused(bad):
    with pytest.raises(PhoneError):
        normalize_phone(bad)
