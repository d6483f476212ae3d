"""Full screen on any screen: the window covers its screen and follows changes.

The first tests run offscreen in the suite. The `deploy` one starts the real kiosk
in a bare X session (Xvfb, no window manager, where `showFullScreen()` alone leaves
the window at its first size) at three screen sizes and measures its X window.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.ui.screen_fit import show_full_screen
from tests.perf.wm_monkey import start_xvfb, wait_for

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "dist" / "kiosk" / "kiosk"


def test_window_covers_its_screen_and_is_refitted_after_a_screen_change(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1920, 1080)  # the kiosk's first size, whatever the screen
    keeper = show_full_screen(window)
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    qtbot.waitUntil(lambda: window.geometry() == screen.geometry())
    # Something (a resolution change the window did not follow) moved it off.
    window.setGeometry(QRect(0, 0, 640, 480))
    with qtbot.waitSignal(keeper.pending.timeout):
        screen.geometryChanged.emit(screen.geometry())
    assert window.geometry() == screen.geometry()
    window.setGeometry(QRect(0, 0, 640, 480))
    with qtbot.waitSignal(keeper.pending.timeout):
        QGuiApplication.instance().primaryScreenChanged.emit(screen)  # type: ignore[union-attr]
    assert window.geometry() == screen.geometry()


@pytest.fixture
def xvfb(request) -> Iterator[str]:
    """An Xvfb of the requested size on a free display."""
    server, display = start_xvfb(request.param)
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def window_geometry(display: str) -> tuple[int, int, int, int] | None:
    env = dict(os.environ, DISPLAY=display)
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", "kiosk"], env=env,
                         capture_output=True, text=True, timeout=10).stdout.split()
    if not ids:
        return None
    info = subprocess.run(["xwininfo", "-id", ids[-1]], env=env, capture_output=True,
                          text=True, timeout=10).stdout
    fields = dict(line.strip().split(":", 1) for line in info.splitlines() if ":" in line)
    return tuple(int(fields[key]) for key in ("Absolute upper-left X",  # type: ignore[return-value]
                                              "Absolute upper-left Y", "Width", "Height"))


@pytest.mark.deploy
@pytest.mark.skipif(not all(shutil.which(tool) for tool in ("Xvfb", "xdotool", "xwininfo")),
                    reason="needs Xvfb, xdotool and xwininfo (x11-utils)")
@pytest.mark.parametrize("xvfb", ["1366x768", "1080x1920", "1280x800"], indirect=True)
def test_bare_x_session_window_covers_the_screen(xvfb: str, tmp_path: Path) -> None:
    width, height = (int(n) for n in
                     subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True,
                                    text=True, env=dict(os.environ, DISPLAY=xvfb),
                                    timeout=10).stdout.split())
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nspeech_engine = "off"\n', encoding="utf-8")
    env = dict(os.environ, DISPLAY=xvfb, KIOSK_CONFIG=str(config),
               KIOSK_DATA_DIR=str(tmp_path / "data"))
    env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    if FROZEN.exists():  # the installed recipe: the X session script runs the kiosk
        env["KIOSK"] = str(FROZEN)
        env["KIOSK_BLANK_CURSOR"] = str(ROOT / "build" / "linux" / "blank-cursor.xbm")
        command = ["sh", str(ROOT / "build" / "linux" / "kiosk-xsession")]
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
        command = [sys.executable, "-m", "kiosk"]
    with (tmp_path / "stderr.txt").open("wb") as err:
        session = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err,
                                   cwd=ROOT, start_new_session=True)
    try:
        wait_for(lambda: window_geometry(xvfb) == (0, 0, width, height), 60,
                 f"the kiosk window to cover {width}x{height} "
                 f"(last seen {window_geometry(xvfb)})")
    finally:
        os.killpg(session.pid, signal.SIGTERM)
        session.wait(timeout=20)


def test_self_test_checks_the_clinics_own_screen_sizes(tmp_path: Path, qapp) -> None:
    from kiosk.runtime import load_runtime
    from kiosk.ui.selftest import self_test

    lines: list[str] = []
    code = self_test(load_runtime(data_dir=str(tmp_path)), str(tmp_path / "shots"),
                     lines.append, sizes=[(800, 1280)])
    assert code == 0, lines
    shots = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert shots and all(name.startswith("800x1280") for name in shots)


@pytest.mark.parametrize("text", ["1366", "12x5", "1366x768,wide"])
def test_bad_sizes_are_refused_with_the_expected_form(text: str, capsys) -> None:
    from kiosk.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["self-test", "--sizes", text])
    assert stopped.value.code == 2
    assert "is not a screen size like 1366x768" in capsys.readouterr().err


@pytest.mark.deploy
def test_x_session_restarts_a_crashed_kiosk_and_ends_after_exit_to_desktop(
        tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    fake = tmp_path / "kiosk"
    # First run "crashes" (status 1), the second is staff's "Exit to desktop" (status 0).
    fake.write_text(f'#!/bin/sh\necho run >> "{runs}"\n'
                    f'[ "$(wc -l < "{runs}")" -ge 2 ] && exit 0\nexit 1\n')
    fake.chmod(0o755)
    env = dict(os.environ, KIOSK=str(fake), KIOSK_BLANK_CURSOR="/nonexistent", DISPLAY=":0.99")
    done = subprocess.run(["sh", str(ROOT / "build" / "linux" / "kiosk-xsession")], env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert runs.read_text().count("run") == 2
