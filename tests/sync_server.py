"""nginx from Debian on loopback, serving a published folder with deploy/nginx's own site file.

`NginxSite(root)` runs the deploy example with only its `listen` and `root` lines changed
(so a change to the example is tested), plus a second server on another port whose paths
misbehave on purpose: /500/ answers every request with 500, /hang/ accepts and then says
nothing (the echo module, which nginx-light brings), /forever/ sends a terabyte of zeros
for every file (a sparse file: it takes no disk).

The root nginx serves is a symbolic link, so that one server can serve each test's folder
in turn (`serve()`): start it once per module, not once per test. It is stopped at once
(nginx's fast shutdown), not after a hanging request gives up.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_FILE = ROOT / "deploy" / "nginx" / "perm-kiosk-packs.conf"
ECHO_MODULE = Path("/usr/lib/nginx/modules/ngx_http_echo_module.so")

FAULTS = """
    server {
        listen 127.0.0.1:%(fault_port)d;
        location /500/ { return 500; }
        location /hang/ { echo_sleep 3600; }
        location /forever/ { root %(work)s/endless; try_files /endless.bin =404; }
    }
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NginxSite:
    """nginx serving `root` at `url`, and the misbehaving paths at `fault_url`."""

    def __init__(self, root: Path, work: Path, rate_limit: str | None = None):
        self.root, self.work = Path(root), Path(work)
        self.site = self.work / "site"
        """What nginx serves: a link to `root`, or to the folder given to `serve()`."""
        self.port, self.fault_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.fault_url = f"http://127.0.0.1:{self.fault_port}/"
        self.rate_limit = rate_limit
        self._process: subprocess.Popen | None = None

    def _config(self) -> str:
        site = SITE_FILE.read_text("utf-8")
        listen = "    listen 80;"
        root = "    root /srv/perm-kiosk/site;"
        assert listen in site and root in site, "deploy/nginx changed: update tests/sync_server"
        site = site.replace(listen, f"    listen 127.0.0.1:{self.port};")
        site = site.replace(root, f"    root {self.site};")
        work = self.work
        lines = [
            "daemon off;",
            "worker_processes 1;",
            f"pid {work}/nginx.pid;",
            f"error_log {work}/error.log warn;",
            f"load_module {ECHO_MODULE};" if ECHO_MODULE.exists() else "",
            # Root's test folders are private to root: workers must read them.
            "user root;" if os.geteuid() == 0 else "",
            "events { worker_connections 64; }",
            "http {",
            f"    access_log {work}/access.log;",
            *(
                f"    {kind}_temp_path {work}/{kind};"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            ),
            f"    limit_rate {self.rate_limit};" if self.rate_limit else "",
            site,
            FAULTS % {"fault_port": self.fault_port, "work": work} if ECHO_MODULE.exists() else "",
            "}",
        ]
        return "\n".join(lines)

    def serve(self, root: Path) -> None:
        """Serve `root` from now on (nginx follows the link at each request)."""
        self.root = Path(root)
        link = self.work / "site.new"
        link.unlink(missing_ok=True)
        link.symlink_to(self.root, target_is_directory=True)
        os.replace(link, self.site)

    def __enter__(self) -> NginxSite:
        self.work.mkdir(parents=True, exist_ok=True)
        self.serve(self.root)
        endless = self.work / "endless"
        endless.mkdir(exist_ok=True)
        with open(endless / "endless.bin", "wb") as f:
            f.truncate(1 << 40)
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
            # Fast shutdown (`nginx -s stop`): the workers close their connections and exit
            # at once. A graceful one (SIGQUIT) waits for a hanging request to give up.
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stderr:
                self._process.stderr.close()
