"""Shared fixtures: the demo pack built once, and small content folders built from code;
and how pytest-xdist may share the tests out between processes (`-n auto` in pyproject)."""

from __future__ import annotations

import functools
import gc
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests (Hypothesis) take outside input apart: content sources, URLs, packs,
# the config, search queries. `make test` gives each a bounded budget; `make fuzz` runs them
# for as long as asked (scripts/fuzz.py) with the "long" profile. No deadline: a slow
# example on a loaded CI machine is not a bug, a wrong answer is.
settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    # Per round of `make fuzz`: a few minutes a round, so that rounds with new seeds come
    # often and a round cut off by the deadline loses little.
    max_examples=1000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

CUPS_GROUP = "cups"
"""The xdist scope of every test file that prints through the tests' CUPS queues."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` shares out a run of folders (the whole suite, tests/ui); a run of named
    files stays in one process: for a few tests, starting workers (each collects everything
    and builds the demo pack) costs more than it saves. None: xdist's own count."""
    if config.args and all(Path(arg.split("::")[0]).is_file() for arg in config.args):
        return 0
    return None


@functools.cache
def _prints_through_cups(path: str) -> bool:
    """A test file that uses the tests' CUPS queues (it imports tests/cups_queues.py)."""
    try:
        return "cups_queues" in (ROOT / path).read_text("utf-8")
    except OSError:
        return False


@pytest.hookimpl(tryfirst=True)  # before xdist makes its own
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile` (pyproject), with the files that print through CUPS as one.

    Each test file runs whole on one worker, in its order: its module fixtures (a server, a
    published site) are made once, and a UI file's tests meet the app as they always do.
    Every file that prints through CUPS runs on one and the same worker: the queues and
    cups-pdf's settings (tests/cups_queues.py) are the machine's. (`--dist loadgroup` would
    say this with marks, but pytest-xdist 3.8 cannot group on pytest 9.2: its issue 1386.)
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FilesAndCups(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = super()._split_scope(nodeid)
            return CUPS_GROUP if _prints_through_cups(path) else path

    return FilesAndCups(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest work first, so that no worker is left with it while the other idles at
    the end: the files marked `starts_first` (the measuring of every screen, whose processes
    then run beside everything else), then the files that print through CUPS (one worker
    runs them one after another), then the rest in their order, the small unit tests last.
    Each file's tests keep their order (a stable sort)."""

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("starts_first"):
            return 0
        return 1 if _prints_through_cups(item.nodeid.split("::")[0]) else 2

    items.sort(key=rank)


DEMO = ROOT / "content" / "demo"


@pytest.fixture(autouse=True)
def _automatic_collection_as_it_was():
    """Python's automatic garbage collection left on or off as the test found it. The UI
    tests' app turns it off for good (kiosk/app/garbage.py) and a unit test of the collector
    turns it on again; under pytest-xdist one process runs the files of both, interleaved."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.fixture(scope="session")
def demo_pack(tmp_path_factory) -> Path:
    from content.publisher.build import build_pack

    out = tmp_path_factory.mktemp("packs") / "demo.sqlite"
    build_pack(DEMO, out)
    return out


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A writable copy of the demo content folder, to break on purpose."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


@pytest.fixture(scope="session")
def queues(tmp_path_factory):
    """A real CUPS server with the tests' queues (tests/cups_queues.py), for the session."""
    from cups_queues import Queues, machine_lock, start_scheduler, stop_scheduler

    with machine_lock():
        started = start_scheduler()
        queues = Queues(tmp_path_factory.mktemp("cups-pdf"))
        queues.create()
        yield queues
        queues.remove()
        if started:
            stop_scheduler()
