"""Two rules of a form's draft (issue 17), over the real demo pack and outboxes in memory:
another organisation chosen drops the office and the day chosen at the first one, and a
Send the disk refused may be tapped again once there is room, without changing a thing.
"""

from __future__ import annotations

from test_requests_controller import (  # the demo pack with hours, and its helpers
    MemoryOutbox,
    controller,
    fill,
    pack,  # noqa: F401  (a fixture)
    pack_path,  # noqa: F401  (a fixture)
)

from kiosk.adapters.outbox import OutboxUnavailable
from kiosk.core.requests import FORM


class FullThenRoom(MemoryOutbox):
    """A disk that is full for the first `full` writes, then has room."""

    def __init__(self, full: int):
        super().__init__()
        self.full = full

    def add(self, *args):
        if self.full:
            self.full -= 1
            raise OutboxUnavailable("the outbox cannot be written: the disk is full", "full")
        super().add(*args)


def test_another_agency_drops_the_office_and_the_day_chosen_at_the_first(pack):  # noqa: F811
    requests = controller(pack)
    fill(requests, "appointment")
    assert requests.draft.fields["location"] == "mfc-perm-perm"
    requests.set("agency", "mfc-perm")  # the same one again: nothing is dropped
    assert {"location", "day", "part_of_day"} <= set(requests.draft.fields)

    requests.set("agency", "minsoc-perm")
    fields = requests.draft.fields
    assert fields["agency"] == "minsoc-perm"
    assert not {"location", "day", "part_of_day"} & set(fields)
    assert fields["name"] == "Иванова Мария Петровна 🌷"  # what was typed stays
    assert "location" in requests.problems()  # asked again, of the new agency's offices


def test_a_send_the_full_disk_refused_goes_through_once_there_is_room(pack):  # noqa: F811
    outbox = FullThenRoom(full=2)
    requests = controller(pack, outbox)
    fill(requests, "callback")
    assert requests.submit() is None
    assert requests.problems()[FORM].msgid.startswith("Отправить не получилось")
    assert requests.submit() is None  # still full: refused again, still kept
    assert outbox.rows == [] and requests.draft.fields["name"] == "Анна Ёлкина"

    sent = requests.submit()  # room now: the same draft, nothing changed in it
    assert sent is not None and requests.draft is None
    assert len(outbox.rows) == 1 and outbox.opened().reference == sent.reference
