"""Pages printed per day (kiosk.core.printing.PageCounter): counting is secondary to printing.

Whatever the data folder and the file in it are like (missing, damaged, a link, a folder, a
disk that refuses the write), counting never raises: a day's pages are either known or
"unknown (why)", a damaged file is set aside byte for byte, and a count once written is
never lost. The property tests run any sequence of counts and reads, with writes failing at
any step, over any starting file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import tempfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.print_desk import PrintDesk
from kiosk.core.printing import COMPLETED, MAX_PAGES_A_DAY, PageCount, PageCounter, PrinterState

MONDAY, TUESDAY = date(2026, 11, 30), date(2026, 12, 1)


def set_aside(folder: Path) -> list[Path]:
    return sorted(folder.glob("pages.json.damaged-*"))


def test_pages_are_counted_per_day(tmp_path):
    counter = PageCounter(tmp_path / "state" / "pages.json")
    assert counter.today(MONDAY) == PageCount(0)
    assert counter.add(2, MONDAY) == PageCount(2)
    assert counter.add(3, MONDAY) == PageCount(5)
    assert counter.add(1, TUESDAY) == PageCount(1)
    assert (counter.today(MONDAY), counter.today(TUESDAY)) == (PageCount(5), PageCount(1))
    assert str(counter.today(MONDAY)) == "5"
    assert json.loads(counter.path.read_text()) == {"2026-11-30": 5, "2026-12-01": 1}
    assert sorted(p.name for p in counter.path.parent.iterdir()) == ["pages.json"]  # no temp


DAMAGED = {
    "cut short by a power cut": b'{"2026-11-30": 5',
    "not JSON": b"\x00\xff garbage",
    "not UTF-8": '{"2026-11-30": 5}'.encode("utf-16"),
    "empty": b"",
    "a list": b"[1, 2]",
    "a count that is text": b'{"2026-11-30": "five"}',
    "a negative count": b'{"2026-11-30": -3}',
    "a fractional count": b'{"2026-11-30": 2.5}',
    "an infinite count": b'{"2026-11-30": 1e400}',
    "a count of true": b'{"2026-11-30": true}',
    "a nested count": b'{"2026-11-30": {"pages": 1}}',
    "a key that is no day": b'{"yesterday": 1}',
    "a day that does not exist": b'{"2026-02-30": 1}',
    "digits that are not ASCII": '{"٢٠٢٦-١١-٣٠": 1}'.encode(),
    "nested too deep to read": b"[" * 100_000,
    "a number too long to read": b'{"2026-11-30": 1' + b"0" * 5000 + b"}",
    "larger than any count file": b'{"2026-11-30": 1}' + b" " * (2 << 20),
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED)
def test_a_damaged_count_is_unknown_then_set_aside_at_the_next_print(content, tmp_path):
    counter = PageCounter(tmp_path / "pages.json")
    counter.path.write_bytes(content)

    unknown = counter.today(MONDAY)
    assert unknown.pages is None and str(unknown).startswith("unknown (")
    assert str(counter.path) in unknown.warning and "damaged" in unknown.warning
    assert counter.path.read_bytes() == content  # a question changes nothing

    counted = counter.add(2, MONDAY)
    assert counted.pages == 2 and "set aside" in counted.warning
    (kept,) = set_aside(tmp_path)
    assert kept.read_bytes() == content and kept.name in counted.warning
    assert counter.today(MONDAY) == PageCount(2)


def test_a_count_past_any_printers_day_is_refused_not_written_unreadable(tmp_path):
    counter = PageCounter(tmp_path / "pages.json")
    assert counter.add(MAX_PAGES_A_DAY, MONDAY) == PageCount(MAX_PAGES_A_DAY)
    refused = counter.add(1, MONDAY)
    assert refused.pages is None and refused.warning.startswith("1 pages not counted: ")
    assert counter.today(MONDAY) == PageCount(MAX_PAGES_A_DAY)  # still readable, not damaged
    assert counter.add(-5, TUESDAY).pages is None and counter.today(TUESDAY) == PageCount(0)


def test_a_second_damaged_file_is_set_aside_beside_the_first(tmp_path):
    counter = PageCounter(tmp_path / "pages.json")
    for broken in (b"{", b"[", b"("):
        counter.path.write_bytes(broken)
        assert counter.add(1, MONDAY).pages == 1
    assert sorted(p.read_bytes() for p in set_aside(tmp_path)) == [b"(", b"[", b"{"]


def make_link(path: Path) -> Path:
    target = path.parent / "elsewhere.json"
    target.write_text('{"2026-11-30": 40}')
    path.symlink_to(target)
    return target


NOT_A_FILE = {
    "a folder": lambda path: path.mkdir(),
    "a link to a count file": make_link,
    "a link to nowhere": lambda path: path.symlink_to(path.parent / "nowhere"),
    "a named pipe": os.mkfifo,  # reading it would wait for a writer for ever
}


@pytest.mark.parametrize("make", NOT_A_FILE.values(), ids=NOT_A_FILE)
def test_a_page_count_that_is_not_a_plain_file_is_set_aside_not_followed(make, tmp_path):
    counter = PageCounter(tmp_path / "pages.json")
    made = make(counter.path)
    assert counter.today(MONDAY).pages is None
    counted = counter.add(3, MONDAY)
    assert counted.pages == 3 and "set aside" in counted.warning
    assert counter.today(MONDAY) == PageCount(3)
    assert counter.path.is_file() and not counter.path.is_symlink()
    (kept,) = set_aside(tmp_path)
    assert os.path.lexists(kept)
    if isinstance(made, Path):  # the link's target was neither read as ours nor written
        assert made.read_text() == '{"2026-11-30": 40}'


def test_a_data_folder_that_is_a_file_gives_unknown_and_a_reason_not_an_error(tmp_path):
    (tmp_path / "state").write_text("not a folder")
    counter = PageCounter(tmp_path / "state" / "pages.json")
    assert counter.today(MONDAY).pages is None
    counted = counter.add(2, MONDAY)
    assert counted.pages is None
    assert counted.warning == f"2 pages not counted: cannot read {counter.path}: Not a directory"
    assert (tmp_path / "state").read_text() == "not a folder"


def ready_printer():
    printer = mock.Mock()
    printer.state.return_value = PrinterState("office")
    printer.submit.return_value = "office-1"
    printer.job_status.return_value = COMPLETED
    return printer


@pytest.mark.parametrize(
    "content", [b'{"2026-11-30": "five"}', b"[" * 100_000, b'{"2026-11-30": 1e400}']
)
def test_the_apps_print_is_done_though_its_pages_cannot_be_counted(content, tmp_path, caplog):
    counter = PageCounter(tmp_path / "pages.json")
    counter.path.write_bytes(content)
    desk = PrintDesk(ready_printer(), "office", counter)
    done = []
    printout = SimpleNamespace(pdf=b"%PDF", title="Leaflet", pages=2)
    with caplog.at_level(logging.WARNING, logger="kiosk.print"):
        desk.submit(lambda: printout, done.append, copies=3)
        desk.wait()
    assert [(r.printed, r.problem) for r in done] == [(True, None)]
    assert desk.pages_today().pages == 6
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "set aside" in warnings[0]


def test_the_apps_print_is_done_when_the_data_folder_refuses_the_count(tmp_path, caplog):
    (tmp_path / "state").write_text("not a folder")
    desk = PrintDesk(ready_printer(), "office", PageCounter(tmp_path / "state" / "pages.json"))
    done = []
    printout = SimpleNamespace(pdf=b"%PDF", title="Leaflet", pages=2)
    with caplog.at_level(logging.WARNING, logger="kiosk.print"):
        desk.submit(lambda: printout, done.append)
        desk.wait()
    assert [r.printed for r in done] == [True]
    assert str(desk.pages_today()).startswith("unknown (cannot read ")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"page count: 2 pages not counted: cannot read {tmp_path / 'state' / 'pages.json'}: "
        "Not a directory"
    ]


# -- properties ----------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2026, 11, 28), max_value=date(2026, 12, 2))  # days collide
VALID = st.dictionaries(DAYS.map(date.isoformat), st.integers(0, 10**6), max_size=6)
JUNK_JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=8,
)
STARTS = st.one_of(
    VALID.map(lambda counts: ("file", json.dumps(counts).encode())),
    JUNK_JSON.map(lambda value: ("file", json.dumps(value).encode())),
    st.binary(max_size=64).map(lambda data: ("file", data)),
    st.sampled_from(["missing", "folder", "link", "pipe"]).map(lambda kind: (kind, b"")),
)
FAULTS = {
    # Where a write can fail, and how: each patched only for one count.
    "temporary file": ("content.files._create_temporary", errno.EROFS),
    "fsync": ("content.files.os.fsync", errno.ENOSPC),
    "rename into place": ("content.files.os.replace", errno.EIO),
    "setting aside": ("kiosk.core.printing.os.rename", errno.EROFS),
}
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), DAYS, st.integers(0, 500), st.sampled_from([None, *FAULTS])),
        st.tuples(st.just("today"), DAYS, st.just(0), st.none()),
    ),
    max_size=12,
)


def start_with(path: Path, kind: str, data: bytes) -> None:
    if kind == "file":
        path.write_bytes(data)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link":
        make_link(path)
    elif kind == "pipe":
        os.mkfifo(path)


def failing(fault: str | None):
    if fault is None:
        return contextlib.nullcontext()
    target, code = FAULTS[fault]
    return mock.patch(target, side_effect=OSError(code, os.strerror(code)))


def accepted_counts(kind: str, data: bytes) -> dict[str, int]:
    """What a start the counter took as a count file holds: then it must be one."""
    assert kind == "file", f"a {kind} was read as a count file"
    counts = json.loads(data)
    assert all(type(n) is int and n >= 0 for n in counts.values()), counts
    return counts


@given(start=STARTS, ops=OPS)
def test_counting_never_raises_and_never_loses_a_count_it_wrote(start, ops):
    kind, data = start
    with tempfile.TemporaryDirectory() as folder:
        counter = PageCounter(Path(folder) / "pages.json")
        start_with(counter.path, kind, data)
        # The counts as they must be: None while the start is neither read nor set aside.
        model = None
        if kind == "missing":
            model = {}
        elif kind == "file" and _plainly_valid(data):
            model = json.loads(data)
        for op, day, pages, fault in ops:
            key = day.isoformat()
            if op == "today":
                seen = counter.today(day)
                if model is None and seen.pages is not None:
                    model = accepted_counts(kind, data)
                if model is not None:
                    assert seen == PageCount(model.get(key, 0)), (seen, model)
                continue
            with failing(fault):
                counted = counter.add(pages, day)
            if model is None and set_aside(Path(folder)):
                model = {}  # the start was set aside: counting starts afresh
            elif model is None and counted.pages is not None:
                model = accepted_counts(kind, data)
            if counted.pages is None:
                assert fault is not None, counted  # only a failing write loses a count
                assert "not counted" in counted.warning
            else:
                model[key] = model.get(key, 0) + pages
                assert counted.pages == model[key], (counted, model)
            leftovers = [p for p in Path(folder).iterdir() if p.name.endswith(".tmp")]
            assert leftovers == [], leftovers
        kept = set_aside(Path(folder))
        assert len(kept) <= 1
        if kind == "file" and kept:  # set aside, never silently destroyed
            assert kept[0].read_bytes() == data
        if model is None:  # neither read as counts nor set aside: untouched
            assert not kept and (kind != "file" or counter.path.read_bytes() == data)
        elif counter.path.is_file():
            assert json.loads(counter.path.read_bytes()) == model


def _plainly_valid(data: bytes) -> bool:
    """A start that any count file reader must accept: a JSON object of days and counts,
    as the counter itself writes it."""
    try:
        counts = json.loads(data)
    except ValueError:
        return False
    return (
        isinstance(counts, dict)
        and all(type(n) is int and 0 <= n <= 10**6 for n in counts.values())
        and all(_is_day(k) for k in counts)
    )


def _is_day(key: str) -> bool:
    try:
        return date.fromisoformat(key).isoformat() == key
    except ValueError:
        return False


@given(start=STARTS, day=DAYS)
def test_a_question_about_pages_never_changes_the_file(start, day):
    kind, data = start
    with tempfile.TemporaryDirectory() as folder:
        counter = PageCounter(Path(folder) / "pages.json")
        start_with(counter.path, kind, data)
        before = sorted(os.listdir(folder))
        seen = counter.today(day)
        assert sorted(os.listdir(folder)) == before
        if kind == "file":
            assert counter.path.read_bytes() == data
        if kind == "missing":
            assert seen == PageCount(0)
        elif kind == "file" and _plainly_valid(data):
            assert seen == PageCount(json.loads(data).get(day.isoformat(), 0))
        if seen.pages is None:
            assert seen.warning and str(counter.path) in seen.warning
