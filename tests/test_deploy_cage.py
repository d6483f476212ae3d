"""The frozen kiosk under cage, as the systemd unit runs it, on a headless output.

cage refuses to run as root, so as root the test runs it as an unprivileged user
(KIOSK_TEST_USER, default "kioskci"; .ci/run creates it) with its own
XDG_RUNTIME_DIR. The kiosk gets the unit's own Environment= lines. "Native
Wayland" and "XWayland fallback" are read from which Qt platform plugin the
running kiosk has loaded (/proc/PID/maps): with QT_QPA_PLATFORM="wayland;xcb" and
no Wayland socket to talk to, Qt must fall back to xcb through cage's XWayland.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "kiosk"
UNIT = ROOT / "build" / "linux" / "mdma-kiosk.service"
USER = os.environ.get("KIOSK_TEST_USER", "kioskci")


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(not (shutil.which("cage") and shutil.which("Xwayland")),
                       reason="needs cage and xwayland"),
    pytest.mark.skipif(not (BUNDLE / "kiosk").exists(),
                       reason="no bundle: bash build/dev.sh bundle"),
    pytest.mark.skipif(os.geteuid() == 0 and not user_exists(USER),
                       reason=f"cage refuses root: create the user {USER} (.ci/run does)"),
]


def unit_environment() -> dict[str, str]:
    """The Environment= lines of the unit, parsed as systemd does (quotes, spaces)."""
    env: dict[str, str] = {}
    for line in UNIT.read_text().splitlines():
        if line.startswith("Environment="):
            for item in shlex.split(line.removeprefix("Environment=")):
                key, value = item.split("=", 1)
                env[key] = value
    return env


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder the unprivileged user owns: runtime dir, data dir, a bundle copy."""
    base = Path(tmp_path_factory.mktemp("cage"))
    if os.geteuid() == 0:
        # The worktree may not be readable by another user: run a copy of the bundle.
        shutil.copytree(BUNDLE, base / "kiosk", symlinks=True)
        for sub in ("run", "data"):
            (base / sub).mkdir(mode=0o700)
        entry = pwd.getpwnam(USER)
        for path in [base, *base.rglob("*")]:
            os.lchown(path, entry.pw_uid, entry.pw_gid)
        for parent in base.parents:  # pytest's temp folders are 0700
            if parent.stat().st_uid == 0 and str(parent).startswith(("/tmp", "/var/tmp")):
                parent.chmod(parent.stat().st_mode | 0o711)
    else:
        (base / "kiosk").symlink_to(BUNDLE)
        for sub in ("run", "data"):
            (base / sub).mkdir(mode=0o700)
    yield base


def loaded_platform(pid: int) -> set[str]:
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return set()
    return {name for name in ("libqwayland.so", "libqxcb.so") if name in maps}


def kiosk_pid(cage: subprocess.Popen[bytes]) -> int | None:
    """The kiosk process cage started (a child or grandchild of cage)."""
    done = subprocess.run(["pgrep", "-x", "kiosk"], capture_output=True, text=True)
    for pid in done.stdout.split():
        ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        grand = Path(f"/proc/{ppid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        if cage.pid in (int(ppid), int(grand)):
            return int(pid)
    return None


def run_under_cage(base: Path, wayland_display: str | None) -> tuple[set[str], str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(base), "XDG_RUNTIME_DIR": str(base / "run"),
           "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1", **unit_environment(),
           "KIOSK_DATA_DIR": str(base / "data"), "KIOSK_CONFIG": str(base / "kiosk.toml")}
    (base / "kiosk.toml").write_text('[kiosk]\nspeech_engine = "off"\n')
    os.chmod(base / "kiosk.toml", 0o644)
    inner = [str(base / "kiosk" / "kiosk"), "--verbose"]
    if wayland_display is not None:  # no compositor at this name: Qt must fall back
        inner = ["env", f"WAYLAND_DISPLAY={wayland_display}", *inner]
    command = ["cage", "-d", "--", *inner]
    if os.geteuid() == 0:
        command = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", USER, "--", "env", "-i",
                   *(f"{k}={v}" for k, v in env.items()), *command]
    cage = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    log = base / "data" / "logs" / "kiosk.log"
    found: set[str] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and cage.poll() is None:
            pid = kiosk_pid(cage)
            found = loaded_platform(pid) if pid else set()
            shown = log.exists() and "screen attract" in log.read_text()
            if shown and found and (wayland_display is None or "libqxcb.so" in found):
                break
            time.sleep(0.2)
    finally:
        os.killpg(cage.pid, 15)
        _, err = cage.communicate(timeout=20)
    text = log.read_text() if log.exists() else "(no kiosk log)"
    return found, text + err.decode(errors="replace")[-2000:]


def test_frozen_kiosk_runs_natively_on_wayland_under_cage(sandbox: Path) -> None:
    found, output = run_under_cage(sandbox, None)
    assert found == {"libqwayland.so"}, output
    assert "screen attract" in output


def test_frozen_kiosk_falls_back_to_xwayland_under_cage(sandbox: Path) -> None:
    found, output = run_under_cage(sandbox, "no-such-compositor")
    assert "libqxcb.so" in found, output
    assert "screen attract" in output
