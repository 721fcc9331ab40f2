"""systemd's service notification (sd_notify(3)): "ready", "still alive", "stopping".

The protocol is one datagram of `KEY=value` lines to the unix socket named in
$NOTIFY_SOCKET (a leading "@" names a socket in the abstract namespace). A small client of
our own rather than a library: systemd-python links libsystemd and needs its headers and a
compiler to install (a terminal's wheelhouse would build C for one sendto), and `sdnotify`,
unchanged since 2017, hides every error and reads neither WATCHDOG_USEC nor WATCHDOG_PID,
which are the part that needs care here.

Without $NOTIFY_SOCKET (a developer's `kiosk run`, the tests) the notifier does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("kiosk.notify")

SEND_TIMEOUT_S = 1.0
"""At most this long on one message: systemd reads its socket at once, and the caller is the
UI loop, which must not hang on a full queue (the next heartbeat comes anyway)."""


class SystemdNotifier:
    """Messages to systemd over `address` (None: nowhere); `watchdog_s`: how long systemd
    waits for a heartbeat before it restarts the service, None when it does not watch us."""

    def __init__(self, address: str | None = None, watchdog_s: float | None = None):
        self.address = address
        self.watchdog_s = watchdog_s
        self._socket: socket.socket | None = None
        self._failed = False

    @property
    def heartbeat_s(self) -> float | None:
        """How often to send WATCHDOG=1: half the watchdog's time, as sd_watchdog_enabled(3)
        advises, so that one late beat is not yet a restart."""
        return self.watchdog_s / 2 if self.watchdog_s else None

    def ready(self) -> bool:
        return self.notify("READY=1")

    def heartbeat(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def notify(self, message: str) -> bool:
        """Send `message`; False if there is nowhere to send it or it could not be sent.

        A failure is logged once and never raised: the app must go on showing its screen
        even if the service manager went away.
        """
        if self.address is None:
            return False
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                self._socket.settimeout(SEND_TIMEOUT_S)
            self._socket.sendto(message.encode("utf-8"), target)
        except OSError as exc:
            if not self._failed:
                log.warning("cannot tell systemd %r at %s: %s", message, self.address, exc)
            self._failed = True
            return False
        return True

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def from_environment(
    environ: Mapping[str, str] = os.environ, pid: int | None = None, ppid: int | None = None
) -> SystemdNotifier:
    """The notifier systemd's environment asks for; a no-op one outside a service."""
    address = environ.get("NOTIFY_SOCKET") or None
    if address is not None and not address.startswith(("/", "@")):
        log.warning("NOTIFY_SOCKET=%r is not a unix socket: systemd is not told", address)
        address = None
    return SystemdNotifier(address, _watchdog_s(environ, pid or os.getpid(), ppid or os.getppid()))


def _watchdog_s(environ: Mapping[str, str], pid: int, ppid: int) -> float | None:
    """Seconds of systemd's watchdog over this process, or None if it does not watch us."""
    usec = environ.get("WATCHDOG_USEC")
    if not usec:
        return None
    watched = environ.get("WATCHDOG_PID")
    # systemd names the process it started. On the terminal that is cage (the Wayland
    # compositor, perm-kiosk.service's ExecStart), and the app is cage's child: the
    # variables reach us through cage unchanged, so WATCHDOG_PID is our parent's pid.
    # NotifyAccess=all lets the child's messages count for the service.
    if watched and watched.strip() not in (str(pid), str(ppid)):
        return None
    try:
        seconds = int(usec) / 1e6
    except ValueError:
        log.warning("WATCHDOG_USEC=%r is not a number: no heartbeats", usec)
        return None
    return seconds if seconds > 0 else None
