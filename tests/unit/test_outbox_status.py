"""The staff screen's report of the outbox (kiosk.core.controllers.outbox): what the
outbox's own status says, an outbox that cannot be read, a terminal without one."""

from __future__ import annotations

from types import SimpleNamespace

from kiosk.core.controllers.outbox import OutboxReport, OutboxStatus
from kiosk.core.controllers.ports import NoOutbox, OutboxRefused


class Reported:
    def __init__(self, status: dict):
        self._status = status

    def status(self) -> dict:
        return dict(self._status)


class Unreadable:
    def status(self) -> dict:
        raise OutboxRefused("the outbox cannot be used (file is not a database)", "other")


def test_the_report_is_the_outbox_s_own_status():
    status = {
        "queued": 3,
        "oldest": "2026-12-03T10:00:00Z",
        "last_upload": "2026-12-03T09:15:00Z",
        "last_round": "2026-12-03T09:45:00Z",
        "last_error": "the drop box answered 507",
    }
    report = OutboxStatus(Reported(status), "perm-07").report()
    assert report == OutboxReport("perm-07", **status)


def test_an_empty_outbox_reports_nothing_queued_and_nothing_done():
    empty = {"queued": 0, "oldest": None, "last_upload": None}
    empty |= {"last_round": None, "last_error": None}
    assert OutboxStatus(Reported(empty)).report() == OutboxReport()


def test_an_outbox_that_cannot_be_read_is_a_report_saying_why():
    report = OutboxStatus(Unreadable(), "perm-07").report()
    assert report.unreadable == "the outbox cannot be used (file is not a database)"
    assert report.terminal == "perm-07" and report.queued == 0 and report.present


def test_a_terminal_without_an_outbox_says_so():
    assert not OutboxStatus(None).report().present
    assert not OutboxStatus(NoOutbox()).report().present
    assert OutboxStatus(SimpleNamespace(status=lambda: {"queued": 1})).report().queued == 1
