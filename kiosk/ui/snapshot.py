"""The welcome frame, shown from a picture the kiosk saved last time, before anything loads.

A kiosk restarts with the same config day after day: showing the welcome screen
as it was last painted takes only Qt itself, while the real window (content,
Markdown, fonts, styles) is built behind it and takes over when it has painted.
The picture is keyed by version, config files and screen size, so a changed
config never shows a stale welcome; without a picture the kiosk starts as before.
It lives in the data folder's cache/, and holds nothing about any patient (it is
taken on the untouched welcome screen only).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.paths import KioskPaths

log = logging.getLogger(__name__)
KEEP = 4


def snapshot_file(paths: KioskPaths) -> Path | None:
    """Where the welcome picture for this version, config and screen is kept."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return None
    key = hashlib.sha256(f"{__version__}|{screen.size().width()}x{screen.size().height()}|"
                         f"{paths.config_file}".encode())
    # The installed signed pack decides the language buttons: a new pack, a new picture.
    for config in (paths.config_file, paths.staff_settings_file,
                   paths.data_dir / "packs" / "current"):
        try:
            key.update(config.read_bytes())
        except OSError:
            key.update(b"-")
    # In the data folder, not ~/.cache: the service's home is read-only (ProtectHome) and
    # the data folder is the one place the unit lets the kiosk write.
    return paths.data_dir / "cache" / f"welcome-{key.hexdigest()[:24]}.png"


class _Splash(QWidget):
    """Paints the saved picture as it is (one copy of it, freed when the splash closes)."""

    def __init__(self, image: QImage) -> None:
        super().__init__()
        self.image: QImage | None = image
        self.tapped: QPointF | None = None  # where a finger landed before the real window

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.tapped = event.globalPosition()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if self.image is not None:
            QPainter(self).drawImage(0, 0, self.image)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.image = None
        super().closeEvent(event)


def show_snapshot(path: Path | None) -> QWidget | None:
    """Full screen, the saved welcome frame; None when there is none to show."""
    if path is None or not path.is_file():
        return None
    image = QImage(str(path))
    if image.isNull():
        return None
    splash = _Splash(image)
    splash.setWindowFlags(Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
    splash.setCursor(Qt.CursorShape.BlankCursor)
    splash.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    splash.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    splash.showFullScreen()
    return splash


def hand_over(splash: QWidget, window: QWidget) -> None:
    """Close the picture; a tap it took goes to what is now under the finger."""
    tapped = splash.tapped if isinstance(splash, _Splash) else None
    splash.close()
    if tapped is None:
        return
    target = window.childAt(window.mapFromGlobal(tapped.toPoint())) or window
    local = QPointF(target.mapFromGlobal(tapped.toPoint()))
    log.info("a tap on the saved welcome frame is passed to the kiosk")
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        QApplication.postEvent(target, QMouseEvent(
            kind, local, tapped, Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress
            else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def save_snapshot(window: QWidget, path: Path | None, still_welcome: bool) -> None:
    """Keep the untouched welcome frame for the next start (uncompressed PNG: fast)."""
    if path is None or path.is_file() or not still_welcome:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp.png")
        if window.grab().toImage().save(str(temp), quality=100):
            temp.replace(path)
            log.info("saved the welcome frame for a faster next start: %s", path)
        # A few configs' frames (staff change settings; screens rotate); not a growing pile.
        saved = sorted(path.parent.glob("welcome-*.png"), key=lambda p: p.stat().st_mtime)
        for old in saved[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("welcome frame not cached (%s); the next start is not slower for it", exc)
