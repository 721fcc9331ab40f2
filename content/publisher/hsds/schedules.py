"""Build steps for opening hours: schedule rows to weekly intervals, intervals to `hours`."""

from __future__ import annotations

from collections import defaultdict

from content.publisher.hsds.values import (
    WEEKDAYS,
    html_to_markdown,
    parse_date,
    parse_days,
    parse_time,
)


class HourSteps:
    """Mixin of `Builder`: adds schedule and holiday rows to the location records."""

    def read_schedules(self) -> None:
        for file, line, row in self.rows("schedule"):
            lid, sal = row.get("location_id", ""), row.get("service_at_location_id", "")
            # An office's own hours (tier 0) win over those of a service held there (tier 1).
            tier = 0 if lid and not (row.get("service_id") or sal) else 1
            if not lid and sal in self.sal_location:
                lid = self.sal_location[sal]
            if not lid:
                continue  # hours of a service as a whole: the kiosk shows office hours
            loc = self.location_of(file, line, {"location_id": lid}, "the schedule")
            if loc is None or self.schedule_ended(file, line, row):
                continue
            texts = dict.fromkeys(
                html_to_markdown(row.get(k) or "") for k in ("description", "notes")
            )
            note = "\n".join(t for t in texts if t)  # HSDS 3.0 has both; the spec fills both
            try:
                intervals = self.schedule_intervals(row)
            except ValueError as exc:
                self.error(file, line, f"{exc}; the schedule row was skipped")
                continue
            if intervals is None:
                if not note:
                    self.warning(file, line, "the schedule has no weekdays or times; skipped")
            else:
                days = loc["hours"].setdefault(tier, defaultdict(list))
                for day, opens, closes in intervals:
                    days[day].append((opens, closes))
            if note:
                notes = loc["notes"].setdefault(tier, [])
                if note not in notes:
                    notes.append(note)
        for file, line, row in self.rows("holiday_schedule"):
            if not row.get("location_id") or row.get("service_id"):
                continue
            loc = self.location_of(file, line, row, "the holiday schedule")
            if loc is None:
                continue
            when = " — ".join(v for v in (row.get("start_date"), row.get("end_date")) if v)
            closed = row.get("closed", "").lower() in ("true", "1", "yes", "да")
            hours = "закрыто" if closed else f"{row.get('opens_at', '')}-{row.get('closes_at', '')}"
            loc["notes"].setdefault(-1, []).append(f"{when}: {hours}".strip(": "))

    def schedule_ended(self, file: str, line: int, row) -> bool:
        """True (with a warning) for a schedule whose valid_to / until lies in the past:
        directories keep old timetables, and a terminal must not show them as today's hours."""
        for key in ("valid_to", "until"):
            value = (row.get(key) or "").strip()
            if not value:
                continue
            try:
                ended = parse_date(value)
            except ValueError:
                self.warning(file, line, f"cannot read {key} '{value}'; the schedule is kept")
                return False
            if ended < self.today:
                self.warning(file, line, f"the schedule ended on {ended.isoformat()}; skipped")
                return True
        return False

    def schedule_intervals(self, row) -> list[tuple[str, str, str]] | None:
        freq = row.get("freq", "").upper()
        if freq and freq not in ("WEEKLY", "DAILY"):
            raise ValueError(f"a {freq.lower()} schedule cannot be shown as weekly hours")
        if row.get("byday"):
            days = parse_days(row["byday"])
        elif row.get("weekday"):
            days = parse_days(row["weekday"])
        elif freq == "DAILY":
            days = list(WEEKDAYS)
        else:
            days = None
        opens, closes = row.get("opens_at", ""), row.get("closes_at", "")
        if not days or not (opens and closes):
            if days and (opens or closes):
                raise ValueError("the schedule has only one of opens_at and closes_at")
            return None
        opens, closes = parse_time(opens), parse_time(closes)
        if closes == "00:00":
            closes = "24:00"
        if opens == "24:00":
            raise ValueError(f"'{row['opens_at']}' is not an opening time")
        result = []
        for day in days:
            if closes > opens:
                result.append((day, opens, closes))
            elif closes < opens:  # past midnight: the rest of the night belongs to the next day
                result.append((day, opens, "24:00"))
                result.append((WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7], "00:00", closes))
            else:
                raise ValueError(f"opens and closes at the same time ({opens})")
        return result


def hours_spec(days: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """{mo: [(09:00, 18:00)], ...} -> {'mo-fr': '09:00-18:00', ...}; unlisted days are closed."""
    values = []
    for day in WEEKDAYS:
        merged: list[list[str]] = []
        for opens, closes in sorted(days.get(day, [])):
            if merged and opens <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], closes)
            else:
                merged.append([opens, closes])
        values.append(", ".join(f"{o}-{c}" for o, c in merged) or None)
    spec, i = {}, 0
    while i < len(WEEKDAYS):
        if values[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < len(WEEKDAYS) and values[j + 1] == values[i]:
            j += 1
        spec[WEEKDAYS[i] if i == j else f"{WEEKDAYS[i]}-{WEEKDAYS[j]}"] = values[i]
        i = j + 1
    return spec
