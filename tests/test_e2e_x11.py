"""End to end on a real X server: the real kiosk, full screen, real input events.

Needs Xvfb, xdotool and openbox (build/dev.sh installs them); skipped where they are
missing. A window manager matters: without one nothing turns Alt+F4 into a close
request, so a bare X server cannot show that the locked kiosk refuses it. Keys go
through XTEST like a real keyboard (not sent to the window), so the window manager
sees them first. The kiosk runs in its own process, so the test watches its log
(screen changes are logged at debug level, as page ids only) instead of its widgets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.perf.wm_monkey import wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not all(shutil.which(t) for t in ("Xvfb", "xdotool", "openbox", "xprop")),
                       reason="needs Xvfb, xdotool, openbox and xprop"),
]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def x_display() -> Iterator[str]:
    """A fresh X server on a free display (Xvfb picks it), with openbox managing windows."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0",
                               "1920x1080x24", "-nolisten", "tcp"], pass_fds=(write_end,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    manager: subprocess.Popen[bytes] | None = None
    try:
        with os.fdopen(read_end) as reader:
            display = f":{reader.readline().strip()}"
        env = dict(os.environ, DISPLAY=display)
        manager = subprocess.Popen(["openbox", "--sm-disable"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: "window id" in subprocess.run(
            ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env, capture_output=True,
            text=True).stdout, 10, "the window manager")
        yield display
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)


def xdo(display: str, *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display),
                          capture_output=True, text=True, timeout=10)
    return done.stdout.strip()


FROZEN = ROOT / "dist" / "kiosk" / "kiosk"
COMMANDS = {"source": [sys.executable, "-m", "kiosk"], "frozen": [str(FROZEN)]}


@pytest.mark.parametrize("build", ["source", "frozen"])
def test_real_kiosk_taps_escape_keys_and_idle_reset(x_display: str, tmp_path: Path,
                                                   build: str) -> None:
    if build == "frozen" and not FROZEN.exists():
        pytest.skip("no bundle built (bash build/dev.sh bundle)")
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nidle_timeout_s = 20\nidle_warning_s = 20\n"
                      "idle_timeout_reading_s = 20\n"
                      'speech_engine = "off"\n', encoding="utf-8")
    data = tmp_path / "data"
    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb", KIOSK_DATA_DIR=str(data),
               KIOSK_CONFIG=str(config))
    env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    kiosk = subprocess.Popen([*COMMANDS[build], "--verbose"], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = data / "logs" / "kiosk.log"

    def logged(text: str) -> bool:
        return log.exists() and text in log.read_text(encoding="utf-8")

    try:
        wait_for(lambda: bool(xdo(x_display, "search", "--name", "Patient information kiosk")),
                 30, "the kiosk window")
        wait_for(lambda: logged("screen attract"), 10, "the welcome screen")
        window = xdo(x_display, "search", "--name", "Patient information kiosk").split()[0]
        geometry = xdo(x_display, "getwindowgeometry", window)
        assert "1920x1080" in geometry  # full screen
        xdo(x_display, "mousemove", "960", "900", "click", "1")
        wait_for(lambda: logged("screen home"), 10, "Home after a tap")
        xdo(x_display, "mousemove", "300", "300", "click", "1")  # the first topic tile
        wait_for(lambda: logged("screen article what-is"), 10, "the first topic")
        xdo(x_display, "windowactivate", "--sync", window)
        for keys in ("alt+F4", "ctrl+w", "ctrl+q", "Escape", "super", "alt+Tab", "F11"):
            xdo(x_display, "key", keys)  # XTEST: the window manager sees them, as from a keyboard
        # openbox turns Alt+F4 into a close request; the locked kiosk must refuse it.
        wait_for(lambda: logged("close request refused"), 10, "the refused close request")
        assert kiosk.poll() is None, "an escape key ended the kiosk"
        assert xdo(x_display, "search", "--name", "Patient information kiosk")
        wait_for(lambda: logged("idle reset"), 60, "the idle reset")

        def back_on_welcome() -> bool:
            text = log.read_text(encoding="utf-8")
            return "screen attract" in text.split("idle reset")[-1]

        wait_for(back_on_welcome, 10, "the welcome screen after the idle reset")
        assert kiosk.poll() is None
    finally:
        kiosk.terminate()
        kiosk.wait(timeout=10)
