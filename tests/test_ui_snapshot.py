"""The saved welcome frame: kept only from an untouched welcome screen, keyed by config."""

from __future__ import annotations

from pathlib import Path

from kiosk.paths import KioskPaths
from kiosk.ui.snapshot import save_snapshot, show_snapshot, snapshot_file


def paths_for(tmp_path: Path, config_text: str) -> KioskPaths:
    config = tmp_path / "kiosk.toml"
    config.write_text(config_text, encoding="utf-8")
    return KioskPaths(config_file=config, config_explicit=True, data_dir=tmp_path / "data")


def test_welcome_frame_is_saved_and_shown_full_screen(make_window, qtbot, tmp_path,
                                                      monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = snapshot_file(paths_for(tmp_path, ""))
    assert path is not None and not path.exists()
    w = make_window()
    save_snapshot(w, path, still_welcome=False)  # a patient touched it: never kept
    assert not path.exists()
    save_snapshot(w, path, still_welcome=True)
    assert path.is_file()
    welcome = w.grab().toImage()  # (the welcome drifts a step when another window shows)
    splash = show_snapshot(path)
    assert splash is not None
    qtbot.addWidget(splash)
    qtbot.waitExposed(splash)
    assert splash.isFullScreen()
    shown = splash.grab().toImage()  # the offscreen screen is smaller than the window
    assert shown == welcome.copy(splash.rect())  # the real welcome's pixels


def test_a_changed_config_never_shows_an_old_welcome(tmp_path, qapp, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    before = snapshot_file(paths_for(tmp_path, '[clinic]\nname = "A"\n'))
    after = snapshot_file(paths_for(tmp_path, '[clinic]\nname = "B"\n'))
    assert before is not None and after is not None and before != after
    assert show_snapshot(after) is None  # nothing saved for this config: start as before


def test_a_tap_on_the_saved_frame_reaches_the_real_window(make_window, qtbot, tmp_path,
                                                          monkeypatch) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from kiosk.session import ATTRACT, HOME
    from kiosk.ui.snapshot import hand_over

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = snapshot_file(paths_for(tmp_path, ""))
    w = make_window()
    save_snapshot(w, path, still_welcome=True)
    splash = show_snapshot(path)
    assert splash is not None
    qtbot.waitExposed(splash)
    QTest.mouseClick(splash, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))  # "tap anywhere"
    assert w.session.route == ATTRACT  # the real window has not seen it yet
    hand_over(splash, w)
    qtbot.waitUntil(lambda: w.session.route == HOME, timeout=10_000)
