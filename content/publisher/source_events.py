"""An event file of a content folder (events/*.yaml): a training or an open day, at an office
or another place, with its time in the region's local time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from content.model import Event
from content.publisher.fields import Fields
from content.publisher.source_services import read_cost

if TYPE_CHECKING:
    from content.publisher.sources import Folder


def read_event(folder: Folder, f: Fields) -> None:
    """An event, into the folder's content; what is wrong, into its problems."""
    f.only(
        "id",
        "title",
        "topic",
        "description",
        "starts",
        "ends",
        "location",
        "place",
        "agency",
        "registration",
        "url",
        "cost",
        "source",
        "reviewed",
    )
    item_id = f.id()
    starts, ends = _datetime(f, "starts", True), _datetime(f, "ends", False)
    if starts and ends and ends <= starts:
        f.error("ends", "the event ends before it starts")
    location, place = f.string("location"), f.text("place")
    if location:
        folder.ref("location", location, f, f.line("location"))
    elif not place:
        f.error(None, "an event needs 'location' (an office id) or 'place'")
    agency = f.string("agency")
    if agency:
        folder.ref("agency", agency, f, f.line("agency"))
    title = f.text("title", required=True)
    source, reviewed = f.url("source", required=True), f.date("reviewed", required=True)
    cost = read_cost(f, default="free")
    if not (folder.unique("event", item_id, f) and title and starts):
        return
    folder.content.events.append(
        Event(
            id=item_id,
            title=title,
            starts=starts,
            ends=ends,
            source=source or "",
            reviewed=reviewed or "",
            topic=f.text("topic"),
            description=f.text("description"),
            location=location,
            place=place,
            agency=agency,
            registration=f.text("registration"),
            url=f.url("url"),
            cost=cost,
        )
    )


def _datetime(f: Fields, key: str, required: bool) -> str | None:
    value = f.string(key, required)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%dT%H:%M")  # local time
    except ValueError:
        f.error(key, f"'{value}' is not a date and time (write 2026-12-03T11:00)")
        return None
