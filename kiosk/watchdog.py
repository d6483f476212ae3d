"""systemd notify protocol, app side: READY=1 after the first frame, WATCHDOG=1 while alive.

Pure Python (one datagram per message), so no dependency and no Qt. The kiosk
sends WATCHDOG=1 from a timer on the GUI thread: if the screen thread hangs, the
pings stop and systemd (WatchdogSec= in the unit) kills and restarts the kiosk.
The unit needs Type=notify and NotifyAccess=all when cage is the main process.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


def _address(env: Mapping[str, str]) -> str | None:
    path = env.get("NOTIFY_SOCKET", "")
    if not path or not (path.startswith("/") or path.startswith("@")):
        return None  # unset, or vsock: (not used by a kiosk)
    return "\0" + path[1:] if path.startswith("@") else path


def notify(message: str, env: Mapping[str, str] | None = None) -> bool:
    """Send one notification; False (never an exception) when there is no manager."""
    address = _address(os.environ if env is None else env)
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.settimeout(1.0)
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError as exc:
        log.warning("systemd notify %r failed: %s", message.split("=")[0], exc)
        return False


def watchdog_interval_ms(env: Mapping[str, str] | None = None) -> int | None:
    """Half of WATCHDOG_USEC in ms, or None when no watchdog is asked for."""
    env = os.environ if env is None else env
    if _address(env) is None:
        return None
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    # WATCHDOG_PID is not checked: under cage it names cage (the unit's main process),
    # not the kiosk, and NotifyAccess=all lets the kiosk ping for it.
    return max(1, usec // 2000) if usec > 0 else None
