"""tests/forked.py, which the kill tests start their processes with: a forked script runs
as `python SCRIPT ARGS` would, in a process of its own, and a SIGKILL ends it as it ends
any process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from forked import DEVNULL, PIPE, ForkServer

SCRIPT = """
import os, sys
print(__name__, os.getpid(), os.getppid(), sys.path[0], *sys.argv[1:], flush=True)
line = sys.stdin.readline()
if line == "raise\\n":
    raise ValueError("as asked")
if line == "exit\\n":
    sys.exit(int(sys.argv[1]))
print("echo", line.strip(), file=sys.stderr, flush=True)
sys.stdin.read()  # waits to be killed
"""


@pytest.fixture(scope="module")
def forks():
    with ForkServer("json") as server:
        yield server


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "script.py"
    path.write_text(SCRIPT, "utf-8")
    return path


def test_a_forked_script_runs_as_main_with_its_argv_and_its_own_pipes(forks, script):
    process = forks.start(script, "a b", 7, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    name, pid, parent, path, *args = process.stdout.readline().split()
    assert (name, args) == ("__main__", ["a", "b", "7"])  # "a b" was one argument
    assert int(pid) == process.pid and process.pid not in (os.getpid(), int(parent))
    assert path == str(script.parent)
    process.stdin.write("hello\n")
    process.stdin.flush()
    assert process.stderr.readline() == "echo hello\n"
    assert process.poll() is None
    process.kill()
    assert process.wait(timeout=10) == -signal.SIGKILL
    process.kill()  # ended: nothing to send, as with Popen


@pytest.mark.parametrize("line, status", [("exit\n", 3), ("raise\n", 1)])
def test_its_exit_status_is_the_one_python_would_give(forks, script, line, status):
    forked = forks.start(script, status, stdin=PIPE, stdout=DEVNULL, stderr=PIPE)
    forked.stdin.write(line)
    forked.stdin.close()
    assert forked.wait(timeout=10) == status
    fresh = subprocess.run(
        [sys.executable, script, str(status)], input=line, capture_output=True, text=True
    )
    assert fresh.returncode == status
    said = forked.stderr.read()
    assert ("Traceback" in said) == ("Traceback" in fresh.stderr)
    assert said.splitlines()[-1:] == fresh.stderr.splitlines()[-1:]


def test_a_wait_that_times_out_says_so(forks, script):
    process = forks.start(script, stdin=PIPE, stdout=DEVNULL, stderr=DEVNULL)
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=0)
    process.kill()
    assert process.wait(timeout=10) == -signal.SIGKILL


def test_a_script_that_ends_at_once_is_waited_for(forks, script):
    process = forks.start(script, stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL)
    assert process.wait(timeout=10) == 0  # its status may come with its pid
    assert process.poll() == 0
