"""Processes to kill, forked from one that has imported their code already.

The kill tests kill a process (SIGKILL) at a step of its work, dozens of times a file. A
fresh `python tests/paused_*.py` spends about 0.1 s of CPU importing the kiosk's code before
its first step; a fork of a process that imported it once spends about 3 ms. What is killed
is the same: a process of its own, running the same script as `python SCRIPT ARGS` would
(as __main__, with that argv, its stdin, stdout and stderr on the test's pipes, its exit
status the same), and killed by a real SIGKILL. Only the interpreter is not a fresh one,
which none of these tests is about.

    with ForkServer("paused_sync", "tuf.ngclient") as forks:
        process = forks.start(PAUSED_SYNC, url, ..., stderr=subprocess.PIPE)
        process.stderr.readline(); process.kill(); process.wait()

The server (this file, run as a script) imports the modules it is given, then forks each
script asked for and writes its pid, and then its exit status, on a pipe the test reads:
the test is not the parent of the process, so the server reports for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path

PIPE, DEVNULL = subprocess.PIPE, subprocess.DEVNULL


class Forked:
    """A forked script's process, with the part of subprocess.Popen the kill tests use."""

    def __init__(self, pid: int, status: int, stdin, stdout, stderr):
        self.pid, self._status = pid, status
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._status], [], [], 0)[0]:
            self._read_status()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self._status], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(f"forked {self.pid}", timeout)
            self._read_status()
        return self.returncode

    def _read_status(self) -> None:
        line = _read_line(self._status)
        self.returncode = int(line) if line else -signal.SIGKILL  # the server was killed
        os.close(self._status)

    def send_signal(self, sig: int) -> None:
        """As Popen's: nothing to a process that has ended (it may have finished its work)."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # ended, its status not yet said
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkServer:
    """A process that imported `modules` (names, as `import` takes them; tests/ and the
    project are on its path), forking the scripts `start` asks for."""

    def __init__(self, *modules: str):
        self.modules = modules
        self._server: subprocess.Popen | None = None
        self._socket: socket.socket | None = None

    def __enter__(self) -> ForkServer:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = Path(__file__).resolve().parent.parent
        path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
        self._server = subprocess.Popen(
            [sys.executable, __file__, str(theirs.fileno()), *self.modules],
            pass_fds=[theirs.fileno()],
            stdin=DEVNULL,
            env={**os.environ, "PYTHONPATH": path},
        )
        theirs.close()
        self._socket = ours
        return self

    def __exit__(self, *exc) -> None:
        self._socket.close()  # the server's next read ends: it exits
        try:
            self._server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._server.kill()
            self._server.wait()

    def start(self, script: Path, *args, stdin=None, stdout=None, stderr=None) -> Forked:
        """`python SCRIPT ARGS` as a fork; stdin, stdout, stderr as subprocess.Popen takes
        them (None: the test's own; PIPE: a text pipe to the test; DEVNULL)."""
        theirs, mine = [], []
        for n, how in enumerate((stdin, stdout, stderr)):
            if how == PIPE:
                read, write = os.pipe()
                theirs.append(read if n == 0 else write)
                mine.append(open(write if n == 0 else read, "w" if n == 0 else "r"))  # noqa: SIM115
            elif how == DEVNULL:
                theirs.append(os.open(os.devnull, os.O_RDWR))
                mine.append(None)
            else:
                theirs.append(os.dup(n))
                mine.append(None)
        status_read, status_write = os.pipe()
        request = json.dumps([str(script), *map(str, args)]).encode("utf-8")
        try:
            socket.send_fds(self._socket, [request], [*theirs, status_write])
        finally:
            for fd in (*theirs, status_write):
                os.close(fd)
        pid = _read_line(status_read)
        if not pid:
            raise RuntimeError(f"the fork server did not start {script}")
        return Forked(int(pid), status_read, *mine)


def _read_line(fd: int) -> str:
    """One line of a status pipe, read a byte at a time: a buffered reader could take the
    exit status in with the pid, where select() on the pipe would never see it."""
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            break
        line += byte
    return line.decode()


# -- the server ---------------------------------------------------------------------------


def _serve(control: socket.socket) -> None:
    """Fork each script asked for; say its pid, and its exit status once it has ended.

    The server waits for its children itself (SIGCHLD wakes the loop), so that their CPU
    time is counted in its own and in the test run's, as a subprocess's is."""
    woken, wake = os.pipe()
    os.set_blocking(woken, False)
    os.set_blocking(wake, False)
    signal.set_wakeup_fd(wake)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    children: dict[int, int] = {}  # pid -> the write end of its status pipe
    while True:
        ready, _, _ = select.select([control, woken], [], [])
        if woken in ready:
            while os.read(woken, 512) == 512:
                pass
        _reap(children, block=False)
        if control not in ready:
            continue
        request, fds, _flags, _addr = socket.recv_fds(control, 1 << 16, 4)
        if not request:
            break
        *stdio, status = fds
        pid = os.fork()
        if pid == 0:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for fd in (control.fileno(), woken, wake, status, *children.values()):
                os.close(fd)
            _run(json.loads(request), *stdio)
        os.write(status, f"{pid}\n".encode())
        children[pid] = status
        for fd in stdio:
            os.close(fd)
    for pid in children:  # the tests are over: nothing of theirs outlives them
        os.kill(pid, signal.SIGKILL)
    _reap(children, block=True)


def _reap(children: dict[int, int], block: bool) -> None:
    while children:
        pid, code = os.waitpid(-1, 0 if block else os.WNOHANG)
        if pid == 0:
            return
        status = children.pop(pid)
        os.write(status, f"{os.waitstatus_to_exitcode(code)}\n".encode())
        os.close(status)


def _run(argv: list[str], stdin: int, stdout: int, stderr: int) -> None:
    """The script's process: as `python SCRIPT ARGS` runs it, then its exit status."""
    import runpy
    import traceback

    for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(fd, target)
        os.close(fd)
    sys.argv = list(argv)
    sys.path[0] = str(Path(argv[0]).resolve().parent)
    code = 0
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    import importlib

    for name in sys.argv[2:]:
        importlib.import_module(name)
    _serve(socket.socket(fileno=int(sys.argv[1])))
