"""The requests a pack lets the terminal offer (issue 17): which kinds each agency takes and
within how many working days staff call back, read from `agency_requests` and checked row by
row, so that a row the builder does not write is a MalformedPackError, not a form offered.

Each function takes an open Pack; `Pack` has them as its methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from content.model import (
    AGENCY_REQUEST_KINDS,
    CALLED_BACK,
    MAX_CALL_BACK_DAYS,
    WRONG_INFO,
    RequestSettings,
)
from content.pack import format as fmt
from content.pack.opening import guarded

if TYPE_CHECKING:
    from content.pack.reader import Pack


@guarded
def request_settings(pack: Pack, agency_id: str) -> RequestSettings:
    """The requests the app may offer on the agency's pages: the agency's own kinds in
    its author's order, then wrong_info, which every listing takes; and within how many
    working days staff call back. Nothing at all if the pack takes no requests."""
    if not pack.takes_requests:
        return RequestSettings()
    rows = pack.conn.execute(
        "SELECT kind, call_back_within_days FROM agency_requests WHERE agency_id = ? "
        "ORDER BY position",
        (agency_id,),
    ).fetchall()
    return _settings(pack.path, agency_id, rows)


@guarded
def agencies_taking(pack: Pack, kind: str) -> list[str]:
    """The ids of the agencies that take `kind` of request, in the order of their names
    (as `agencies()` lists them): what a form offers to choose from. Every agency takes
    wrong_info; none takes anything if the pack takes no requests."""
    if not pack.takes_requests:
        return []
    if kind == WRONG_INFO:
        return [row["id"] for row in pack._all("SELECT id FROM agencies ORDER BY name_ru")]
    return [
        row[0]
        for row in pack.conn.execute(
            "SELECT a.id FROM agencies a WHERE a.id IN "
            "(SELECT agency_id FROM agency_requests WHERE kind = ?) ORDER BY a.name_ru",
            (kind,),
        )
    ]


@guarded
def all_request_settings(pack: Pack) -> dict[str, RequestSettings]:
    """Every agency's settings, each row checked as request_settings checks it, and
    each row's agency in the pack: the whole check before publishing or installing."""
    if pack.meta.schema_version < fmt.ADDED_IN["agency_requests"]:
        return {}
    agencies = {row[0] for row in pack.conn.execute("SELECT id FROM agencies")}
    rows: dict[str, list] = {}
    for agency_id, kind, days in pack.conn.execute(
        "SELECT agency_id, kind, call_back_within_days FROM agency_requests "
        "ORDER BY agency_id, position"
    ):
        if agency_id not in agencies:
            raise fmt.MalformedPackError(
                f"{pack.path}: agency_requests names the agency {_quoted(agency_id)}, "
                "which is not in the pack"
            )
        rows.setdefault(agency_id, []).append((kind, days))
    return {agency_id: _settings(pack.path, agency_id, got) for agency_id, got in rows.items()}


def _settings(path: Path, agency_id, rows: list) -> RequestSettings:
    """The settings that an agency's rows of agency_requests say; MalformedPackError
    for rows the builder does not write."""
    kinds, days = [], set()
    for kind, within in rows:
        if kind not in AGENCY_REQUEST_KINDS or kind in kinds:
            what = "twice" if kind in kinds else "a kind of request the format does not have"
            raise _bad_request_row(path, agency_id, f"{_quoted(kind)} is {what}")
        if kind in CALLED_BACK:
            if type(within) is not int or not 1 <= within <= MAX_CALL_BACK_DAYS:
                raise _bad_request_row(
                    path,
                    agency_id,
                    f"{kind} is called back within {_quoted(within)} working days, not "
                    f"1 to {MAX_CALL_BACK_DAYS}",
                )
            days.add(within)
        elif within is not None:
            raise _bad_request_row(path, agency_id, f"{kind} has a call-back time")
        kinds.append(kind)
    if len(days) > 1:
        raise _bad_request_row(path, agency_id, "the kinds have different call-back times")
    return RequestSettings((*kinds, WRONG_INFO), days.pop() if days else None)


def _bad_request_row(path: Path, agency_id, reason: str) -> fmt.MalformedPackError:
    return fmt.MalformedPackError(
        f"{path}: agency_requests of the agency {_quoted(agency_id)}: {reason}"
    )


def _quoted(value) -> str:
    """A value from a pack as a message may quote it: short, and as Python writes it."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
