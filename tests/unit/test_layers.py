"""The layers hold: import-linter's contracts (pyproject.toml) pass on the code, and fail on
a copy of it where the pure core imports Kivy, reportlab or an adapter.

The contracts replace a hand list of "pure" modules: they cover every module of a layer, new
ones included, and every import in it, inside functions too.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk", "content", "printouts")
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")  # import-linter's command


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "pyproject.toml"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A copy of the code whose pure core imports what it must not, in three ways."""
    tree = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", tree)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns(
            "__pycache__", "demo", "locale", "*.kv", "*.yaml", "*.test"))  # fmt: skip
    with open(tree / "kiosk" / "core" / "session.py", "a") as f:
        f.write("\n\ndef _draw():\n    import kivy.uix.label  # inside a function: still seen\n")
    with open(tree / "kiosk" / "core" / "finder.py", "a") as f:
        f.write("\nfrom reportlab.lib import colors  # noqa\n")
    with open(tree / "content" / "presentation" / "wording.py", "a") as f:
        f.write("\nfrom kiosk.adapters import cups  # noqa\n")
    result = lint_imports(tree)
    return result.returncode, " ".join((result.stdout + result.stderr).split())


def test_a_core_module_importing_kivy_breaks_a_contract(broken):
    code, report = broken
    assert code == 1
    assert "kiosk.core is not allowed to import kivy: - kiosk.core.session -> kivy" in report


def test_a_core_module_importing_reportlab_breaks_a_contract(broken):
    code, report = broken
    assert code == 1
    assert "not allowed to import reportlab: - kiosk.core.finder -> reportlab" in report


def test_content_importing_an_adapter_breaks_the_layers(broken):
    code, report = broken
    assert code == 1
    assert "content.presentation.wording -> kiosk.adapters.cups" in report
