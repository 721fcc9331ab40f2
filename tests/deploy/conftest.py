"""A terminal installed into a folder (deploy/install.sh with DESTDIR), twice, once a session.

The Python packages come from a wheelhouse that deploy/wheelhouse.sh downloads once a
checkout (build/wheelhouse-<hash of the pins>), and the install reads nothing else: pip's
config, caches and index are shut out, as on a terminal without internet.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def listing(root: Path) -> list[str]:
    """deploy/listing.py's lines for the folder: every path, its mode, owner and SHA-256."""
    ran = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "listing.py"), str(root)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return ran.stdout.splitlines()


def _pins_hash() -> str:
    """What deploy/wheelhouse.sh's wheels depend on, and nothing else: pyproject.toml's
    dependencies and build requirements, not its tool settings (an edit to ruff's or
    pytest's would otherwise fetch the same wheels again), and the Python they are for.
    A key that missed an input could only make the offline install fail, never pass:
    pip takes the pinned versions from the wheelhouse alone."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    inputs = {
        "dependencies": pyproject["project"]["dependencies"],
        "build-system": pyproject["build-system"],
        "python": [*map(str, sys.version_info[:2]), platform.machine()],
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode())
    for name in ("requirements.txt", "deploy/wheelhouse.sh"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def wheelhouse() -> Path:
    """The wheels of the pinned dependencies; downloaded only when the pins change."""
    folder = ROOT / "build" / f"wheelhouse-{_pins_hash()}"
    done = folder / ".complete"
    if not done.exists():
        subprocess.run(
            [str(ROOT / "deploy" / "wheelhouse.sh"), str(folder)],
            env={**os.environ, "PYTHON": sys.executable},
            check=True,
            timeout=600,
        )
        done.touch()
    return folder


def offline_env(**extra: str) -> dict[str, str]:
    """The environment without pip's settings: no index, no config, no cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_CACHE_DIR": "1", **extra}


@dataclass
class Install:
    destdir: Path
    wheelhouse: Path
    first: list[str]
    second: list[str]
    output: list[str]
    seconds: list[float]

    def run(self, *args: str) -> subprocess.CompletedProcess:
        """deploy/install.sh once more into the same folder."""
        return _install(self.destdir, self.wheelhouse, *args)


def _install(destdir: Path, wheelhouse: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "deploy" / "install.sh"), "--wheelhouse", str(wheelhouse), *args],
        env=offline_env(DESTDIR=str(destdir)),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def installed(wheelhouse, tmp_path_factory) -> Install:
    """install.sh run twice into one DESTDIR, with the listing after each run."""
    destdir = tmp_path_factory.mktemp("terminal-root")
    runs, listings, seconds = [], [], []
    for _ in range(2):
        start = time.monotonic()
        ran = _install(destdir, wheelhouse)
        seconds.append(time.monotonic() - start)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        runs.append(ran.stdout)
        listings.append(listing(destdir))
    return Install(destdir, wheelhouse, listings[0], listings[1], runs, seconds)
