"""Hostile content sources (tests/hostile/sources/) through the real `kiosk content validate`:
each is refused with exit status 1 and `file:line: message`, in bounded time and memory.

Every case file replaces one file of a valid folder (tests/factories.py); its header says
which, and what must be reported where (tests/hostile/sources/README.md). Each case runs in a
process of its own, with its own memory and time limits, forked from one that imported kiosk
once (tests/forked_kiosk.py); the 50 MB description runs `python -m kiosk` itself.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import write_folder
from forked_kiosk import KioskForks

from content.publisher.limits import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "hostile" / "sources"
MEMORY = 1024 * 1024 * 1024
"""Address space for one run: the alias bomb wanted 4.5 GB; a refused file needs far less."""
TIMEOUT = 120
"""Only ends a run gone wrong; a refused file takes a fraction of a second."""


@dataclass(frozen=True)
class Case:
    path: Path
    replaces: str
    expect: tuple[tuple[int, str], ...]


def read_case(path: Path) -> Case:
    replaces, expect = None, []
    for raw in path.read_bytes().split(b"\n"):
        if not raw.startswith(b"#"):
            break
        line = raw.decode("utf-8").lstrip("# ")
        if line.startswith("Replaces:"):
            replaces = line.removeprefix("Replaces:").strip()
        elif match := re.fullmatch(r"Expect: (\d+): (.+)", line):
            expect.append((int(match[1]), match[2]))
    assert replaces and expect, f"{path.name}: the header needs Replaces: and Expect: lines"
    return Case(path, replaces, tuple(expect))


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.fixture(scope="module")
def forks():
    """One process that imported kiosk, for the module: a fresh `python -m kiosk` a case cost
    0.3 s of CPU in starting Python alone."""
    server = KioskForks()
    yield server
    server.close()


def validate_in_a_fork(forks: KioskForks, folder: Path, output: Path):
    return forks.run(
        "content", "validate", folder, cwd=ROOT, output=output, memory=MEMORY, timeout=TIMEOUT
    )


def validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "content", "validate", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_limit_memory,
        timeout=TIMEOUT,
    )


def assert_refused(result, target: Path, expect) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    for line, start in expect:
        wanted = f"{target}:{line}: {start}"
        assert any(shown.startswith(wanted) for shown in lines), (wanted, lines)
    for shown in lines:
        assert len(shown) < 2000, "a message repeats a huge value"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.stem)
def test_hostile_source_is_refused_at_its_line(tmp_path, path, forks):
    case = read_case(path)
    folder = write_folder(tmp_path / "c")
    target = folder / case.replaces
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    assert_refused(validate_in_a_fork(forks, folder, tmp_path / "ran"), target, case.expect)


def test_the_corpus_holds_every_case_of_the_issue():
    names = {p.stem for p in CORPUS.glob("*.yaml")}
    wanted = {"alias-bomb", "trailing-newline-id", "nul-line-7", "windows-1251-line-5"}
    assert wanted <= names
    assert {"escape-nul", "bidi-override-title", "deep-nesting-block"} <= names


def test_a_50_mb_description_is_refused_unread(tmp_path):
    folder = write_folder(tmp_path / "c")
    target = folder / "services" / "families" / "child-allowance.yaml"
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("description:\n  ru: ")
        chunk = "Очень длинное описание. " * 4096
        for _ in range(50 * 1024 * 1024 // len(chunk.encode("utf-8")) + 1):
            handle.write(chunk)
        handle.write("\n")
    limit = MAX_FILE_BYTES // (1024 * 1024)
    assert_refused(
        validate(folder),
        target,
        [(1, f"the file is 50.0 MB; a content file may be at most {limit} MB")],
    )
