"""The sd_notify client: messages on a real unix datagram socket, the watchdog from the
environment, and nothing at all outside a service."""

from __future__ import annotations

import os
import socket

import pytest

from kiosk.adapters.notify import SystemdNotifier, from_environment

PID, PARENT = 4242, 4000


@pytest.fixture
def listener(tmp_path):
    """A socket where systemd's would be: (its NOTIFY_SOCKET address, the socket)."""
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    yield str(path), sock
    sock.close()


def received(sock) -> str:
    return sock.recv(4096).decode()


def test_ready_heartbeat_and_stopping_reach_the_socket(listener):
    address, sock = listener
    notifier = from_environment({"NOTIFY_SOCKET": address}, PID, PARENT)
    assert notifier.ready() and notifier.heartbeat() and notifier.stopping()
    assert [received(sock) for _ in range(3)] == ["READY=1", "WATCHDOG=1", "STOPPING=1"]


def test_an_address_with_a_leading_at_is_an_abstract_socket():
    name = f"kiosk-notify-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert from_environment({"NOTIFY_SOCKET": "@" + name}, PID, PARENT).ready()
        assert received(sock) == "READY=1"


@pytest.mark.parametrize("environ", [{}, {"NOTIFY_SOCKET": ""}, {"NOTIFY_SOCKET": "tcp:1.2"}])
def test_without_a_unix_socket_the_notifier_does_nothing(environ):
    notifier = from_environment(environ, PID, PARENT)
    assert notifier.address is None
    assert not notifier.ready() and not notifier.heartbeat()


def test_a_socket_that_went_away_is_no_error_for_the_app(tmp_path, caplog):
    notifier = SystemdNotifier(str(tmp_path / "gone"))
    assert not notifier.ready()
    assert not notifier.heartbeat()
    warnings = [r for r in caplog.records if r.name == "kiosk.notify"]
    assert len(warnings) == 1 and "READY=1" in warnings[0].getMessage()  # logged once


@pytest.mark.parametrize(
    "environ, heartbeat_s",
    [
        ({"WATCHDOG_USEC": "30000000"}, 15.0),  # WatchdogSec=30: a beat every 15 s
        ({"WATCHDOG_USEC": "200000", "WATCHDOG_PID": str(PID)}, 0.1),
        # systemd started cage, and cage started us: its pid is our parent's.
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(PARENT)}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),  # someone else's watchdog
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "x"}, None),
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({}, None),
    ],
)
def test_the_heartbeat_is_half_the_watchdog_of_this_process_or_its_parent(environ, heartbeat_s):
    notifier = from_environment({"NOTIFY_SOCKET": "/run/notify", **environ}, PID, PARENT)
    assert notifier.heartbeat_s == heartbeat_s


def test_the_real_pids_are_used_when_none_are_given():
    environ = {"WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getppid())}
    assert from_environment(environ).heartbeat_s == 0.5
