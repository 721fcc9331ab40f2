"""The status a terminal writes is one the fleet report reads (kiosk/core/status.py `fitted`),
whatever CUPS, a pack or an error message put in it; and ipptool's words for a printer are
read as CUPS writes them (kiosk/adapters/cups.py `parse_attributes_csv`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.adapters.cups import parse_attributes_csv
from kiosk.core.status import MAX_BYTES, PRINTER_STATES, Marker, Status, fitted, parse_status

MOMENT = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)

texts = st.text(max_size=700)
numbers = st.integers(min_value=-(2**70), max_value=2**70)
moments = st.none() | st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1))
zones = st.sampled_from([None, UTC, timezone(timedelta(hours=5)), timezone(-timedelta(hours=11))])


@st.composite
def statuses(draw) -> Status:
    def moment():
        value = draw(moments)
        zone = draw(zones)
        return value.replace(tzinfo=zone) if value is not None else None

    return Status(
        terminal="perm-uszn-lenina-1",
        reported_at=draw(st.datetimes()).replace(tzinfo=draw(zones)),
        upload_interval_seconds=draw(numbers),
        app_version=draw(texts),
        pack_id=draw(texts),
        pack_version=draw(numbers),
        pack_date=draw(texts),
        last_sync=moment(),
        sync_error=draw(texts),
        printer_state=draw(st.sampled_from(PRINTER_STATES) | texts),
        printer_reasons=tuple(draw(st.lists(texts, max_size=40))),
        markers=tuple(
            Marker(name, level)
            for name, level in draw(st.lists(st.tuples(texts, numbers), max_size=20))
        ),
        pages_today=draw(numbers),
        disk_free_bytes=draw(numbers),
        disk_total_bytes=draw(numbers),
        uptime_seconds=draw(numbers),
        outbox_depth=draw(numbers),
        outbox_oldest=moment(),
        last_touch=moment(),
    )


@settings(max_examples=300, deadline=None)
@given(statuses())
def test_whatever_a_terminal_gathers_its_fitted_report_reads_back_the_same(status):
    report = fitted(status)
    raw = report.to_json().encode("utf-8")
    assert len(raw) <= MAX_BYTES
    assert parse_status(raw) == report


def test_fitting_keeps_what_was_fine_and_cuts_only_what_was_not():
    fine = Status(
        "t-1", MOMENT, 300, app_version="0.1.0", pack_id="perm", pack_version=12,
        printer_state="stopped", printer_reasons=("media-empty-error",),
        markers=(Marker("Black Toner", 7),), pages_today=42, last_touch=MOMENT,
    )  # fmt: skip
    assert fitted(fine) == fine

    odd = fitted(
        Status(
            "t-1", datetime(2026, 12, 5, 9, 30), 5, sync_error="x\x1b[31m" + "y" * 600,
            printer_state="on fire", markers=(Marker("Cyan", -2), Marker("Magenta", 140)),
            pages_today=-3, outbox_depth=10**12,
        )
    )  # fmt: skip
    assert odd.reported_at == MOMENT  # a time without a zone is the terminal's UTC
    assert odd.upload_interval_seconds == 30
    assert odd.sync_error.startswith("x [31my") and len(odd.sync_error) == 500
    assert odd.sync_error.endswith("…")
    assert odd.printer_state == "unknown"
    assert [m.level for m in odd.markers] == [-1, -1]  # IPP's -2 "unknown", and nonsense
    assert (odd.pages_today, odd.outbox_depth) == (0, 10**9)


# -- ipptool -c, as the real CUPS answered (tests/integration/test_status_upload.py asks it) --


@pytest.mark.parametrize(
    "output, expected",
    [
        (
            "printer-state,printer-state-reasons,printer-is-accepting-jobs,marker-names,"
            "marker-levels\nidle,none,true,,\n",
            {
                "printer-state": ["idle"],
                "printer-state-reasons": ["none"],
                "printer-is-accepting-jobs": ["true"],
                "marker-names": [],
                "marker-levels": [],
            },
        ),
        (
            "printer-state,printer-state-reasons,marker-names,marker-levels\n"
            'stopped,"paused,media-empty-error,toner-low-warning",'
            '"Black Toner,Cyan \\\\\\"C\\\\\\" \\\\\\\\ ink","7,-1"\n',
            {
                "printer-state": ["stopped"],
                "printer-state-reasons": ["paused", "media-empty-error", "toner-low-warning"],
                "marker-names": ["Black Toner", 'Cyan "C" \\ ink'],
                "marker-levels": ["7", "-1"],
            },
        ),
        ("", {}),
        ("The printer or class does not exist.\n", {}),
    ],
)
def test_ipptool_s_csv_is_read_with_its_quotes_and_escapes(output, expected):
    assert parse_attributes_csv(output) == expected
