"""nginx from Debian on loopback running deploy/nginx's drop box site file, for delivery tests.

`DropboxSite(work)` runs the deploy example with only its lines marked "tests" changed (a
loopback port instead of 443 and TLS, the test's folders and htpasswd file), so a change to
the example is tested. Terminals' logins are made as the runbook makes them (bcrypt,
`htpasswd -B`), through the same libcrypt nginx checks them with. Tests give each case a
folder of its own in the URL (`url_for("case-1")`), so one server serves a whole module.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

from sync_server import free_port, nginx_binary

ROOT = Path(__file__).resolve().parent.parent
SITE_FILE = ROOT / "deploy" / "nginx" / "perm-kiosk-dropbox.conf"

__all__ = ["DropboxSite", "nginx_binary", "bcrypt"]


def bcrypt(password: str) -> str:
    """The password as `htpasswd -B` writes it (bcrypt, cost 5), by libcrypt's crypt()."""
    lib = ctypes.CDLL(ctypes.util.find_library("crypt"))
    lib.crypt.restype = ctypes.c_char_p
    alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    salt = "".join(secrets.choice(alphabet) for _ in range(21)) + "e"
    hashed = lib.crypt(password.encode(), f"$2b$05${salt}".encode())
    assert hashed and hashed.startswith(b"$2b$"), "libcrypt here has no bcrypt"
    return hashed.decode()


class DropboxSite:
    """nginx serving the drop box site: PUTs land under `storage`."""

    def __init__(self, work: Path, logins: dict[str, str] | None = None):
        self.work = Path(work)
        self.storage = self.work / "dropbox"
        self.logins = logins or {"terminal-1": "correct horse"}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._process: subprocess.Popen | None = None

    def url_for(self, case: str) -> str:
        """The drop box address of one test case: its files land in storage/case/."""
        return f"{self.url}{case}/"

    def credentials(self, folder: Path, user: str = "terminal-1") -> Path:
        """A terminal's credentials file (user:password) for `user`."""
        path = Path(folder) / f"{user}.credentials"
        path.write_text(f"{user}:{self.logins[user]}\n", "utf-8")
        path.chmod(0o600)
        return path

    def _config(self) -> str:
        site = SITE_FILE.read_text("utf-8")
        replace = {
            "    listen 443 ssl;": f"    listen 127.0.0.1:{self.port};",
            "    root /srv/perm-kiosk/dropbox;": f"    root {self.storage};",
            "    auth_basic_user_file /etc/nginx/perm-kiosk-dropbox.htpasswd;": (
                f"    auth_basic_user_file {self.work / 'htpasswd'};"
            ),
            "    client_body_temp_path /srv/perm-kiosk/dropbox-tmp;": (
                f"    client_body_temp_path {self.work / 'dropbox-tmp'};"
            ),
        }
        lines = []
        for line in site.splitlines():
            if line.lstrip().startswith("ssl_certificate"):
                continue
            for old, new in replace.items():
                if line.startswith(old):
                    line = new
                    break
            lines.append(line)
        site = "\n".join(lines)
        assert f"127.0.0.1:{self.port}" in site and str(self.storage) in site, (
            "deploy/nginx/perm-kiosk-dropbox.conf changed: update tests/dropbox_server.py"
        )
        work = self.work
        return "\n".join(
            [
                "daemon off;",
                "worker_processes 1;",
                f"pid {work}/nginx.pid;",
                f"error_log {work}/error.log warn;",
                "user root;" if os.geteuid() == 0 else "",
                "events { worker_connections 256; }",
                "http {",
                f"    access_log {work}/access.log;",
                *(
                    f"    {kind}_temp_path {work}/{kind};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
                ),
                site,
                "}",
            ]
        )

    def __enter__(self) -> DropboxSite:
        for folder in (self.work, self.storage, self.work / "dropbox-tmp"):
            folder.mkdir(parents=True, exist_ok=True)
        (self.work / "htpasswd").write_text(
            "".join(f"{user}:{bcrypt(pw)}\n" for user, pw in self.logins.items()), "utf-8"
        )
        conf = self.work / "nginx.conf"
        conf.write_text(self._config(), "utf-8")
        binary = nginx_binary()
        check = subprocess.run(
            [binary, "-t", "-c", str(conf), "-p", str(self.work)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        self._process = subprocess.Popen(
            [binary, "-c", str(conf), "-p", str(self.work)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self._process.poll() is not None:
                    stderr = self._process.stderr.read()
                    raise RuntimeError(f"nginx did not start: {stderr}") from None
                time.sleep(0.05)
        raise RuntimeError("nginx did not start listening within 10 s")

    def __exit__(self, *exc) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGTERM)  # fast shutdown, as tests/sync_server
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stderr:
                self._process.stderr.close()

    def files(self, case: str) -> dict[str, bytes]:
        """What has arrived for `case`: {kind/date/id.sealed: bytes}."""
        base = self.storage / case
        return {
            str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()
        }
