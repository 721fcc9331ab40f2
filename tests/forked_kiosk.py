"""`kiosk ARGS` in a process of its own, forked from a process that has imported kiosk once.

For the tests where each case needs a process (its own memory limit, a time limit that ends
a hang, the exit status of the real entry point) but not a fresh interpreter: starting Python
and importing kiosk costs about 0.3 s of CPU a process; a fork of a process that has done so
costs a few milliseconds. The child runs kiosk.cli.main.main, as `python -m kiosk` does, with
stdin from /dev/null and stdout and stderr to files; it ends as Python ends a program (the
exit status of SystemExit, a traceback and status 1 for any other exception).

The server is this file run as a script; the tests talk to it through KioskForks, one JSON
line a command each way.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import traceback
from pathlib import Path


class KioskForks:
    """The server process, started once; `run` forks one child per command."""

    def __init__(self) -> None:
        self._server = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(
        self, *args, cwd: Path, output: Path, memory: int, timeout: int
    ) -> subprocess.CompletedProcess:
        """`kiosk ARGS` in a child with `memory` bytes of address space, killed by SIGALRM
        after `timeout` seconds (its status is then -14); its stdout and stderr are written
        in the folder `output` and returned as text, as subprocess.run(text=True) would."""
        output.mkdir(parents=True, exist_ok=True)
        request = {
            "args": [str(a) for a in args],
            "cwd": str(cwd),
            "stdout": str(output / "stdout"),
            "stderr": str(output / "stderr"),
            "memory": memory,
            "timeout": timeout,
        }
        print(json.dumps(request), file=self._server.stdin, flush=True)
        answer = self._server.stdout.readline()
        assert answer, f"the fork server ended (status {self._server.poll()})"
        returncode = json.loads(answer)["returncode"]
        stdout = (output / "stdout").read_text()
        stderr = (output / "stderr").read_text()
        return subprocess.CompletedProcess(["kiosk", *args], returncode, stdout, stderr)

    def close(self) -> None:
        self._server.stdin.close()
        self._server.wait(timeout=30)
        self._server.stdout.close()


def _serve() -> None:
    """Read a request a line, fork a child for it, answer with the child's exit status."""
    from kiosk.cli.main import main  # what `python -m kiosk` imports: all but the forks' cost

    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()  # nothing buffered for the child to write out again
        pid = os.fork()
        if pid == 0:
            _child(main, request)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


def _child(main, request: dict) -> None:
    """Run the command, then end the process as the interpreter would have; never returns."""
    code = 1
    try:
        os.chdir(request["cwd"])
        resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
        signal.alarm(request["timeout"])  # a hang ends the child, not the test run
        for fd, path, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            os.dup2(os.open(path, flags, 0o644), fd)
        sys.argv = ["kiosk", *request["args"]]
        try:
            main()
            code = 0
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code & 0xFF)


if __name__ == "__main__":
    _serve()
