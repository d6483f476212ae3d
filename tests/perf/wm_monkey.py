"""A seeded monkey under a real window manager: the kiosk must stay on top.

`python -m tests.perf.wm_monkey [--events 10000] [--seed 14]` starts Xvfb (a free
display), openbox, and the real kiosk full screen, then sends seeded random X
input through xdotool: taps, drags, right clicks, typing, and the window
manager's own escapes (Super+D, desktop switches, Alt+Space and a tap in its
menu, Alt+Tab, Iconify). It ends by checking that the kiosk is still running,
visible, full screen, active and on top, with no exception in its log and no Qt
warning on its stderr. Prints JSON; exit 1 on a failure. The test suite runs a
short version (tests/test_wm_guard_x11.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Patient information kiosk"
WIDTH, HEIGHT = 1920, 1080
# What openbox's default rc.xml binds: ways a patient's keyboard could leave the kiosk.
WM_KEYS = ("super+d", "ctrl+alt+Left", "ctrl+alt+Right", "super+F2", "super+F3",
           "shift+alt+Left", "alt+Tab", "alt+F4", "alt+space", "super+e", "ctrl+alt+d")
PATIENT_KEYS = ("Escape", "Return", "space", "Tab", "a", "5", "F11", "ctrl+w", "ctrl+q",
                "super", "Menu", "alt+F1", "alt+Escape")
# Messages on the kiosk's stderr that are not problems (none known so far).
STDERR_ALLOWED: tuple[str, ...] = ()


def tools_missing() -> list[str]:
    return [t for t in ("Xvfb", "openbox", "xdotool", "xprop") if shutil.which(t) is None]


@dataclass
class Desk:
    """An X display with openbox on it."""

    display: str
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def xdo(self, *args: str, timeout: float = 10) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout)
        return done.stdout.strip()

    def xprop(self, *args: str) -> str:
        done = subprocess.run(["xprop", *args], env=self.env, capture_output=True, text=True,
                              timeout=10)
        return done.stdout


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll another process's visible effects (not our own timers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def start_xvfb(size: str) -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb at `size` (WxH) on a free display, which -displayfd picks and reports."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                               f"{size}x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        raise AssertionError("Xvfb did not start")
    return server, f":{number}"


@contextlib.contextmanager
def openbox_desk() -> Iterator[Desk]:
    """Xvfb on a free display (-displayfd), with openbox managing it."""
    server, display = start_xvfb(f"{WIDTH}x{HEIGHT}")
    processes: list[subprocess.Popen[bytes]] = [server]
    try:
        env = dict(os.environ, DISPLAY=display)
        env.pop("WAYLAND_DISPLAY", None)
        desk = Desk(display, env, processes)
        # openbox reads the system's key bindings (Super+D, desktop switching) even where
        # the test suite points XDG_CONFIG_DIRS at an empty folder for the kiosk.
        wm_env = dict(env, XDG_CONFIG_DIRS="/etc/xdg")
        processes.append(subprocess.Popen(["openbox", "--sm-disable"], env=wm_env,
                                          stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
        wait_for(lambda: "window id" in desk.xprop("-root", "_NET_SUPPORTING_WM_CHECK"), 60,
                 "openbox")
        yield desk
    finally:
        for process in reversed(processes):
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


@dataclass
class Kiosk:
    process: subprocess.Popen[bytes]
    window: str
    log: Path
    stderr: Path


@contextlib.contextmanager
def running_kiosk(desk: Desk, folder: Path) -> Iterator[Kiosk]:
    """The real kiosk, full screen (locked), as a deployment starts it."""
    config = folder / "kiosk.toml"
    config.write_text('[kiosk]\nspeech_engine = "off"\n', encoding="utf-8")
    data = folder / "data"
    env = dict(desk.env, QT_QPA_PLATFORM="xcb", KIOSK_DATA_DIR=str(data),
               KIOSK_CONFIG=str(config))
    env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    stderr = folder / "kiosk.stderr"
    with stderr.open("wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "kiosk"], env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(lambda: bool(desk.xdo("search", "--onlyvisible", "--name", TITLE)), 60,
                 "the kiosk window")
        window = desk.xdo("search", "--onlyvisible", "--name", TITLE).split()[0]
        yield Kiosk(process, window, data / "logs" / "kiosk.log", stderr)
    finally:
        stop(process)


def on_top_problems(desk: Desk, kiosk: Kiosk) -> list[str]:
    """Everything that says a patient would not see the kiosk now (empty when fine)."""
    problems: list[str] = []
    if kiosk.process.poll() is not None:
        return [f"the kiosk exited ({kiosk.process.returncode})"]
    window = int(kiosk.window)
    if str(window) not in desk.xdo("search", "--onlyvisible", "--name", TITLE).split():
        problems.append("not visible (unmapped)")
    state = desk.xprop("-id", str(window), "WM_STATE", "_NET_WM_STATE", "_NET_WM_DESKTOP")
    if "window state: Normal" not in state:
        problems.append("not in the normal (mapped) state")
    if "_NET_WM_STATE_FULLSCREEN" not in state or "_NET_WM_STATE_HIDDEN" in state:
        problems.append("not full screen")
    active = desk.xdo("getactivewindow")
    if active != str(window):
        problems.append(f"not the active window ({active or 'none'})")
    stacking = re.findall(r"0x[0-9a-f]+", desk.xprop("-root", "_NET_CLIENT_LIST_STACKING"))
    if not stacking or int(stacking[-1], 16) != window:
        problems.append("not on top of the stacking order")
    desktop = desk.xprop("-root", "_NET_CURRENT_DESKTOP").split("=")[-1].strip()
    found = re.search(r"_NET_WM_DESKTOP\(CARDINAL\) = (\d+)", state)
    if found and found.group(1) not in (desktop, str(0xFFFFFFFF)):
        problems.append(f"on desktop {found.group(1)}, the screen shows {desktop}")
    return problems


def run_monkey(desk: Desk, kiosk: Kiosk, events: int, seed: int,
               batch: int = 25) -> dict[str, int]:
    """Seeded random X input, sent in batches of xdotool commands."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    commands: list[str] = []

    def flush() -> None:
        if commands:
            desk.xdo(*commands, timeout=60)
            commands.clear()

    for index in range(events):
        roll = rng.random()
        x, y = str(rng.randrange(WIDTH)), str(rng.randrange(HEIGHT))
        if roll < 0.45:
            kind = "tap"
            commands += ["mousemove", x, y, "click", "1"]
        elif roll < 0.55:
            kind = "double tap"
            commands += ["mousemove", x, y, "click", "--repeat", "2", "--delay", "60", "1"]
        elif roll < 0.62:
            kind = "drag"
            x2, y2 = str(rng.randrange(WIDTH)), str(rng.randrange(HEIGHT))
            commands += ["mousemove", x, y, "mousedown", "1", "mousemove", x2, y2, "mouseup", "1"]
        elif roll < 0.66:
            kind = "right or middle click"
            commands += ["mousemove", x, y, "click", rng.choice(("2", "3"))]
        elif roll < 0.76:
            kind = "window manager key"
            commands += ["key", rng.choice(WM_KEYS)]
        elif roll < 0.82:
            kind = "patient key"
            commands += ["key", rng.choice(PATIENT_KEYS)]
        elif roll < 0.86:
            kind = "menu and a tap in it"  # Alt+Space, then a tap where Iconify may be
            commands += ["key", "alt+space", "sleep", "0.1", "mousemove_relative", "--",
                         str(rng.randrange(10, 120)), str(rng.randrange(10, 200)), "click", "1"]
        elif roll < 0.90:
            kind = "switch desktop"
            commands += ["set_desktop", str(rng.randrange(4))]
        elif roll < 0.93:
            kind = "iconify"
            commands += ["windowminimize", kiosk.window]
        else:
            kind = "wait"
            commands += ["sleep", f"{rng.choice((0.05, 0.2, 0.5, 1.2)):.2f}"]
        counts[kind] = counts.get(kind, 0) + 1
        if len(commands) > batch * 6 or index == events - 1:
            flush()
            if kiosk.process.poll() is not None:
                raise AssertionError(f"the kiosk exited during the run ({counts})")
    flush()
    return counts


def verdict(desk: Desk, kiosk: Kiosk, settle_s: float = 15) -> list[str]:
    """After the run: on top within `settle_s`, no exception, no Qt warning."""
    desk.xdo("key", "Escape")  # close a window manager menu left open, as staff would
    problems: list[str] = []
    with contextlib.suppress(AssertionError):
        wait_for(lambda: not on_top_problems(desk, kiosk), settle_s, "the kiosk on top")
    problems += on_top_problems(desk, kiosk)
    log = kiosk.log.read_text(encoding="utf-8") if kiosk.log.exists() else ""
    problems += [f"log: {line}" for line in log.splitlines()
                 if " ERROR " in line or "Traceback" in line]
    stderr = kiosk.stderr.read_text(encoding="utf-8", errors="replace")
    problems += [f"stderr: {line}" for line in stderr.splitlines()
                 if line.strip() and not any(line.startswith(a) for a in STDERR_ALLOWED)]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    missing = tools_missing()
    if missing:
        print(json.dumps({"skipped": f"needs {', '.join(missing)}"}))
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder, openbox_desk() as desk, \
            running_kiosk(desk, Path(folder)) as kiosk:
        counts = run_monkey(desk, kiosk, args.events, args.seed)
        problems = verdict(desk, kiosk)
        restored = kiosk.log.read_text(encoding="utf-8").count("bringing it back") \
            if kiosk.log.exists() else 0
    print(json.dumps({"events": args.events, "seed": args.seed, "counts": counts,
                      "guard_restores": restored, "seconds": round(time.monotonic() - started),
                      "problems": problems}, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
