"""Hostile and broken packs (tests/hostile/packs.py) given to `kiosk content info` and `kiosk
run`: one line on stderr that says why, exit status 1, never a traceback, never a hang, and
`kiosk run` refuses before any window.

Each recipe runs in the test's own process (tests/entry_point.py: the real entry point,
kiosk.cli.main.main, with on stderr what a process would add there): the refusal is the
command's own, and a process per recipe only started Python again. The recipe that once hung
both commands for ever runs in a process of its own, with a timeout, so that a hang fails
the test instead of stopping the run; that also runs `python -m kiosk` itself once for each
command.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest
from entry_point import kiosk
from hostile.packs import RECIPES, damaged_copy

ONCE_HUNG = next(r for r in RECIPES if r.name == "categories replaced by a recursive view")
"""Issue 15, item 5: `content info` and the app hung on it."""
IN_PROCESS = [r for r in RECIPES if r is not ONCE_HUNG]
REFUSED_IN_PROCESS = [r for r in IN_PROCESS if r.opens]


def assert_content_info_says_why(recipe, result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    if recipe.opens:
        assert result.returncode == 1
        assert recipe.words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    else:
        # The pack opens; its counts do not read the damaged rows, or say why they fail.
        assert result.returncode == 0 or "damaged" in result.stderr, result.stderr


def assert_kiosk_run_refuses(recipe, result) -> None:
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], result.stderr
    assert recipe.words in result.stderr


@pytest.mark.parametrize("recipe", IN_PROCESS, ids=[r.name for r in IN_PROCESS])
def test_content_info_says_why_in_one_line(recipe, demo_pack, tmp_path):
    path = damaged_copy(demo_pack, tmp_path, recipe)
    assert_content_info_says_why(recipe, kiosk("content", "info", path))


def test_content_info_says_why_in_one_line_of_the_pack_that_hung_it(demo_pack, tmp_path):
    path = damaged_copy(demo_pack, tmp_path, ONCE_HUNG)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "content", "info", str(path)],
        capture_output=True,
        text=True,
        timeout=60,  # the recursive view once hung it for ever
    )
    assert_content_info_says_why(ONCE_HUNG, result)


@pytest.fixture
def no_app(monkeypatch):
    """kiosk.app.main as a module whose run_app fails the test: the refusal must come before
    the app, and a test process must never open a window (nor import Kivy to open one). No
    config of the machine's either, as the real-process test runs without $KIOSK_CONFIG."""
    app = types.ModuleType("kiosk.app.main")

    def run_app(*args, **kwargs):
        raise AssertionError("kiosk run started the app on a pack it must refuse")

    app.run_app = run_app
    monkeypatch.setitem(sys.modules, "kiosk.app.main", app)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)


@pytest.mark.parametrize("recipe", REFUSED_IN_PROCESS, ids=[r.name for r in REFUSED_IN_PROCESS])
def test_kiosk_run_refuses_the_pack_in_one_line_before_any_window(
    recipe, demo_pack, tmp_path, no_app
):
    path = damaged_copy(demo_pack, tmp_path, recipe)
    result = kiosk("run", "--pack", path, "--windowed", "--data-dir", tmp_path / "terminal")
    assert_kiosk_run_refuses(recipe, result)


def test_kiosk_run_refuses_the_pack_that_hung_it_in_one_line_before_any_window(demo_pack, tmp_path):
    path = damaged_copy(demo_pack, tmp_path, ONCE_HUNG)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--pack", str(path), "--windowed",
         "--data-dir", str(tmp_path / "terminal")],
        capture_output=True,
        text=True,
        timeout=60,  # the app once hung on its first touch
        env={k: v for k, v in os.environ.items() if k != "KIOSK_CONFIG"},
    )  # fmt: skip
    assert_kiosk_run_refuses(ONCE_HUNG, result)
