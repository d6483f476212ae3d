"""systemd notify, app side: what the service manager receives, and when."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.watchdog import notify, watchdog_interval_ms


@pytest.fixture(params=["path", "abstract"])
def manager(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    """A stand-in for systemd's notify socket: a path, or an '@' abstract name."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if request.param == "path":
        address = str(tmp_path / "notify")
        sock.bind(address)
    else:
        name = f"kiosk-test-{os.getpid()}-{tmp_path.name}"
        sock.bind("\0" + name)
        address = "@" + name
    sock.setblocking(False)
    yield address, sock
    sock.close()


def received(sock: socket.socket) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(sock.recv(256).decode())
        except BlockingIOError:
            return messages


def test_notify_reaches_the_manager(manager) -> None:
    address, sock = manager
    assert notify("READY=1", {"NOTIFY_SOCKET": address})
    assert received(sock) == ["READY=1"]


def test_no_manager_is_not_an_error(tmp_path: Path) -> None:
    assert not notify("READY=1", {})
    assert not notify("READY=1", {"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert watchdog_interval_ms({"WATCHDOG_USEC": "2000000"}) is None  # no socket


def test_watchdog_interval_is_half_of_watchdog_usec(tmp_path: Path) -> None:
    env = {"NOTIFY_SOCKET": str(tmp_path / "n"), "WATCHDOG_USEC": "20000000",
           "WATCHDOG_PID": "1"}  # under cage the PID is cage's: still ours to ping
    assert watchdog_interval_ms(env) == 10_000
    assert watchdog_interval_ms({**env, "WATCHDOG_USEC": "junk"}) is None


def test_the_kiosk_says_ready_after_its_first_frame_then_pings(make_window, qtbot, manager,
                                                               monkeypatch) -> None:
    from kiosk.ui.app import start_watchdog

    address, sock = manager
    monkeypatch.setenv("NOTIFY_SOCKET", address)
    monkeypatch.setenv("WATCHDOG_USEC", "60000")  # a ping every 30 ms
    w = make_window()
    w.hide()
    start_watchdog(w)
    qtbot.wait(100)
    assert received(sock) == []  # nothing before a frame is painted
    w.show()
    seen: list[str] = []

    def pinged() -> bool:
        seen.extend(received(sock))
        return seen.count("WATCHDOG=1") >= 3

    qtbot.waitUntil(pinged, timeout=5000)
    assert seen[0] == "READY=1"
