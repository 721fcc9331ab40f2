"""The day's usage counts on a real disk (kiosk.adapters.usage_store): today.json written
now and then, the finished day moved to days/ on the next local day and read back by the
report's own reader, a damaged file set aside, a disk that refuses writes costing counts
and never the visit (read-only and full filesystems: tests/fs_traps.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fs_traps import full_folder, read_only_folder

from kiosk.adapters.usage_store import DAYS, LAST_TOUCH, SAVE_EVERY, TODAY, UsageStore
from kiosk.core.usage_file import parse_usage


class Clocks:
    """The terminal's local wall clock, UTC, and the monotonic clock, moved together."""

    def __init__(self, start: datetime = datetime(2026, 12, 5, 9, 15)):
        self.local = start
        self.mono = 5000.0

    def now(self) -> datetime:
        return self.local

    def utc_now(self) -> datetime:
        return self.local.replace(tzinfo=UTC) - timedelta(hours=5)  # Perm is UTC+5

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.local += timedelta(seconds=seconds)
        self.mono += seconds


def store(folder: Path, clocks: Clocks, terminal: str = "perm-test-1") -> UsageStore:
    return UsageStore(
        folder,
        terminal,
        app_version="0.1.0",
        now=clocks.now,
        utc_now=clocks.utc_now,
        monotonic=clocks.monotonic,
    )


def a_visit(usage: UsageStore, clocks: Clocks, *searches: tuple[str, int]) -> None:
    usage.touched()
    usage.session_started("perm-demo", 12)
    usage.screen_shown("home")
    for text, results in searches:
        usage.searched(text, results)
    clocks.advance(45)
    usage.touched()
    usage.session_ended(45)
    usage.flush()


def read(path: Path):
    return parse_usage(path.read_bytes())


def test_the_day_is_written_between_visitors_and_read_back_by_the_reports_reader(tmp_path):
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    a_visit(usage, clocks, ("пенсия", 3))
    day = read(tmp_path / TODAY)
    assert (day.terminal, day.date.isoformat(), day.sessions) == ("perm-test-1", "2026-12-05", 1)
    assert (day.pack_id, day.pack_version, day.app_version) == ("perm-demo", 12, "0.1.0")
    assert day.session_lengths["30s_2m"] == 1 and day.touches_by_hour[9] == 2
    assert day.searches == 1 and day.kept == {}
    assert "пенсия" not in (tmp_path / TODAY).read_text("utf-8")  # one visit: not kept


def test_touches_write_today_json_only_every_few_minutes(tmp_path):
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    usage.touched()
    assert not (tmp_path / TODAY).exists()
    clocks.advance(SAVE_EVERY - 1)
    usage.touched()
    assert not (tmp_path / TODAY).exists()
    clocks.advance(1)
    usage.touched()
    assert sum(read(tmp_path / TODAY).touches_by_hour) == 3


def test_the_last_touch_is_written_at_most_once_a_minute_in_utc(tmp_path):
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    usage.touched()
    first = (tmp_path / LAST_TOUCH).read_text("ascii")
    assert first == "2026-12-05T04:15:00+00:00"
    assert datetime.fromisoformat(first).tzinfo is not None
    clocks.advance(59)
    usage.touched()
    assert (tmp_path / LAST_TOUCH).read_text("ascii") == first
    clocks.advance(1)
    usage.touched()
    assert (tmp_path / LAST_TOUCH).read_text("ascii") == "2026-12-05T04:16:00+00:00"


def test_on_a_new_local_day_the_finished_day_moves_to_days(tmp_path):
    clocks = Clocks(datetime(2026, 12, 5, 23, 50))
    usage = store(tmp_path, clocks)
    for _ in range(3):
        a_visit(usage, clocks, ("путёвка в санаторий", 0))
    clocks.advance(12 * 60)  # past midnight
    usage.touched()
    finished = read(tmp_path / DAYS / "2026-12-05.json")
    assert finished.sessions == 3 and finished.kept_found_nothing == {"путевка в санаторий": 3}
    usage.flush()
    today = read(tmp_path / TODAY)
    assert today.date.isoformat() == "2026-12-06" and today.sessions == 0
    assert sum(today.touches_by_hour) == 1 and today.touches_by_hour[0] == 1


def test_a_day_left_in_today_json_moves_to_days_at_the_start(tmp_path):
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    a_visit(usage, clocks)
    clocks.advance(24 * 3600)  # the terminal was off overnight
    store(tmp_path, clocks)
    assert read(tmp_path / DAYS / "2026-12-05.json").sessions == 1
    assert not (tmp_path / TODAY).exists()


def test_a_restart_on_the_same_day_counts_on(tmp_path):
    clocks = Clocks()
    a_visit(store(tmp_path, clocks), clocks, ("ремонт крыши", 0))
    again = store(tmp_path, clocks)
    a_visit(again, clocks, ("ремонт крыши", 0))
    a_visit(again, clocks, ("ремонт крыши", 0))
    day = read(tmp_path / TODAY)
    assert day.sessions == 3 and day.searches == 3
    # The first sighting was only an HMAC under a key that died with the first run.
    assert day.kept_found_nothing == {}


def test_a_clock_put_back_to_a_finished_day_adds_to_it(tmp_path):
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    a_visit(usage, clocks)
    clocks.advance(24 * 3600)
    a_visit(usage, clocks)
    clocks.advance(-24 * 3600)
    a_visit(usage, clocks)
    clocks.advance(24 * 3600)
    usage.touched()
    assert read(tmp_path / DAYS / "2026-12-05.json").sessions == 2


def test_a_damaged_today_json_is_set_aside_and_counting_starts_afresh(tmp_path):
    (tmp_path / TODAY).write_bytes(b'{"schema": 1, "terminal": "perm-test-1", "date": "2026-1')
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    assert (tmp_path / (TODAY + ".damaged")).read_bytes().endswith(b'"2026-1')
    a_visit(usage, clocks)
    assert read(tmp_path / TODAY).sessions == 1


def test_a_damaged_day_in_days_is_set_aside_not_overwritten_blindly(tmp_path):
    days = tmp_path / DAYS
    days.mkdir()
    (days / "2026-12-05.json").write_text(json.dumps({"schema": 99}), "utf-8")
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    a_visit(usage, clocks)
    clocks.advance(24 * 3600)
    usage.touched()
    assert read(days / "2026-12-05.json").sessions == 1
    assert json.loads((days / "2026-12-05.json.damaged").read_text("utf-8")) == {"schema": 99}


def test_a_terminal_id_the_schema_refuses_writes_nothing_and_counts_on(tmp_path):
    clocks = Clocks()
    usage = store(tmp_path, clocks, terminal="")
    a_visit(usage, clocks)
    assert not (tmp_path / TODAY).exists()


@pytest.mark.parametrize("trap", [read_only_folder, full_folder])
def test_a_disk_that_refuses_writes_costs_counts_never_the_visit(tmp_path, trap, caplog):
    clocks = Clocks()
    with trap(tmp_path / "stats") as folder:
        usage = store(folder, clocks)
        for _ in range(3):
            a_visit(usage, clocks, ("пенсия", 2))
        clocks.advance(24 * 3600)
        usage.touched()
        usage.flush()
        assert usage.day.date.isoformat() == "2026-12-06"
    warnings = [r for r in caplog.records if r.name == "kiosk.usage"]
    assert 0 < len(warnings) <= 4  # said, not once a touch


def test_a_kept_text_is_on_disk_and_out_of_memory_once_the_visit_is_over(tmp_path):
    clocks = Clocks()
    usage = store(tmp_path, clocks)
    for _ in range(3):
        a_visit(usage, clocks, ("ремонт крыши", 0))
    assert read(tmp_path / TODAY).kept_found_nothing == {"ремонт крыши": 3}
    assert "ремонт" not in repr(vars(usage.day))  # its HMAC and count only
    a_visit(usage, clocks, ("пенсия", 1))  # a write that must not lose it
    assert read(tmp_path / TODAY).kept_found_nothing == {"ремонт крыши": 3}
    a_visit(usage, clocks, ("Ремонт  крыши", 0))
    clocks.advance(24 * 3600)
    usage.touched()
    assert read(tmp_path / DAYS / "2026-12-05.json").kept_found_nothing == {"ремонт крыши": 4}
