"""The empty-background measure behind issue #13's target: one layout measures the same
on every screen size, and it tells a bare screen from a full one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter

from tests.perf.step_space import block_for, empty_share, group


def _screen(path: Path, width: int, height: int, filled: float) -> Path:
    """A screen with the bar at the bottom and the top `filled` share of its content
    area striped with text-like lines 1/40 of the height apart."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#F4F1EA"))
    painter = QPainter(image)
    bar = int(height * 0.85)
    painter.fillRect(0, bar, width, height - bar, QColor("#FFFFFF"))
    line = height // 40
    for top in range(int(height * 0.02), int(bar * filled), line):
        painter.fillRect(width // 20, top, width * 9 // 10, line // 2, QColor("#1B2730"))
    painter.end()
    image.save(str(path))
    return path


def test_a_bare_screen_is_empty_and_a_full_one_is_not(tmp_path) -> None:
    assert empty_share(_screen(tmp_path / "bare.png", 1920, 1080, 0.0)) > 0.95
    assert empty_share(_screen(tmp_path / "full.png", 1920, 1080, 1.0)) < 0.15


def test_the_same_layout_measures_the_same_at_every_size(tmp_path) -> None:
    assert (block_for(1920, 1080), block_for(2560, 1440), block_for(1080, 1920)) == (32, 43, 32)
    shares = [empty_share(_screen(tmp_path / f"{w}.png", w, h, 0.5))
              for w, h in ((1920, 1080), (2560, 1440))]
    assert abs(shares[0] - shares[1]) < 0.03, shares


def test_screens_group_by_size_text_size_and_contrast() -> None:
    assert group("1920x1080-en-06-session-step01.png") == "1920x1080 size0"
    assert group("1920x1080-es-size2-06-session-step03.png") == "1920x1080 size2"
    assert group("800x1280-en-size2-contrast-06-session-step10.png") == \
        "800x1280 size2 contrast"
    assert group("1920x1080-en-02-home.png") is None
