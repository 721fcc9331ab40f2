"""Shared fixtures: the demo pack built once, and small content folders built from code."""

from __future__ import annotations

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

DEMO = ROOT / "content" / "demo"


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
    from cups_queues import Queues, start_scheduler, stop_scheduler

    started = start_scheduler()
    queues = Queues(tmp_path_factory.mktemp("cups-pdf"))
    queues.create()
    yield queues
    queues.remove()
    if started:
        stop_scheduler()
