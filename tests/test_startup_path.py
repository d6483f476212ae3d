"""The path to the first frame: only what the saved welcome frame needs runs before it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import build_parser, run_args
from kiosk.ui.snapshot import MAGIC, show_snapshot


@pytest.mark.parametrize("argv", [
    [], ["run"], ["--windowed"], ["run", "--windowed", "--config", "k.toml"],
    ["--config", "a.toml", "run", "--data-dir", "d", "--verbose"], ["--data-dir=d"],
])
def test_the_quick_run_parser_reads_a_run_as_the_full_parser_does(argv) -> None:
    quick = run_args(argv)
    full = build_parser().parse_args(argv)
    assert quick is not None
    for name in ("config", "data_dir"):
        assert getattr(quick, name) == getattr(full, name, None)
    assert quick.windowed == full.windowed
    assert quick.verbose == bool(getattr(full, "verbose", False))


@pytest.mark.parametrize("argv", [
    ["check"], ["pack", "list"], ["stats", "export", "--out", "x.csv"], ["--version"],
    ["--help"], ["run", "--help"], ["--config"], ["run", "extra"], ["self-test"],
])
def test_every_other_command_goes_to_the_full_parser(argv) -> None:
    assert run_args(argv) is None


def test_nothing_but_qt_and_paths_is_loaded_before_the_welcome_frame() -> None:
    """Packs, fetch (ssl, http), YAML, Markdown, config and logging set-up cost ~100 ms
    before the first frame in the frozen kiosk; they load behind the saved picture."""
    code = ("import sys; from kiosk.cli import run_args; run_args([]); "
            "import kiosk.ui.app, kiosk.ui.snapshot; "
            "heavy = ['kiosk.pack_cli', 'kiosk.config', 'kiosk.content', 'kiosk.fetch', "
            "'yaml', 'markdown', 'ssl', 'sqlite3', 'kiosk.logs', 'kiosk.theme', 'tomllib']; "
            "print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.strip() == "[]"


def test_the_saved_frame_is_painted_without_building_the_qt_namespace(tmp_path: Path) -> None:
    """PySide6 builds all of `Qt`'s enums on first use (12-50 ms): after the first frame."""
    code = f"""
import sys
from pathlib import Path
import PySide6.QtCore as core
from kiosk.ui.app import make_app
from kiosk.ui.snapshot import show_snapshot, MAGIC, HEADER
from PySide6.QtGui import QImage
app = make_app(fonts=False)
frame = Path({str(tmp_path / "w.frame")!r})
frame.write_bytes(MAGIC + HEADER.pack(64, 48, 256, QImage.Format.Format_RGB32.value)
                  + bytes([0x99, 0x66, 0x33, 0xFF]) * 64 * 48)  # (QImage.fill builds `Qt`)
splash = show_snapshot(frame)
while not splash.isVisible():
    app.processEvents()
app.processEvents()
shown = splash.grab().toImage()  # paints it again, as the screen does
built = "Qt" in core.__dict__
print(shown.pixel(5, 5) & 0xFFFFFF == 0x336699, built)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout
    assert out.split() == ["True", "False"]


def test_a_damaged_saved_frame_is_never_shown(tmp_path: Path, qapp) -> None:
    frame = tmp_path / "welcome-x.frame"
    frame.write_bytes(MAGIC + b"\x10\x00\x00\x00" * 4 + b"\x00" * 100)  # truncated pixels
    assert show_snapshot(frame) is None
    frame.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)  # a frame from an older version
    assert show_snapshot(frame) is None
    assert show_snapshot(tmp_path / "missing.frame") is None


ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "dist" / "kiosk" / "kiosk"


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb")
@pytest.mark.parametrize("build", ["source", "frozen"])
def test_the_second_start_paints_the_saved_welcome_on_a_real_x_server(tmp_path: Path,
                                                                      build: str) -> None:
    """Offscreen cannot show it: the saved frame must reach an X screen (a QSplashScreen,
    tried once, never got its first paint there and the kiosk waited 1 s for it)."""
    if build == "frozen" and not FROZEN.exists():
        pytest.skip("no bundle built (bash build/dev.sh bundle)")
    from tests.perf.wm_monkey import start_xvfb, wait_for

    server, display = start_xvfb("1280x800")
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nspeech_engine = "off"\n', encoding="utf-8")
    data = tmp_path / "data"
    log = data / "logs" / "kiosk.log"
    command = [str(FROZEN)] if build == "frozen" else [sys.executable, "-m", "kiosk"]
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "KIOSK_DATA_DIR": str(data), "KIOSK_CONFIG": str(config)}
        for start in ("first", "second"):
            kiosk = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            try:
                if start == "first":  # no saved frame yet: the real window keeps one
                    wait_for(lambda: any((data / "cache").glob("welcome-*.frame")), 30,
                             "the saved welcome frame")
                else:
                    wait_for(lambda: "saved welcome frame was painted" in
                             log.read_text(encoding="utf-8"), 30, "the painted frame")
            finally:
                kiosk.terminate()
                kiosk.wait(timeout=10)
        assert "not painted within" not in log.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)
