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
import mmap
import struct
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import (
    QCloseEvent,
    QCursor,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.paths import KioskPaths

log = logging.getLogger(__name__)
KEEP = 4
# The frame is kept as the screen's own pixels (32-bit RGB, as the X and Wayland back
# ends draw them), not PNG, and mapped, not read: loading and drawing 1920x1080 takes
# ~2 ms, where decoding the (uncompressed) PNG took 25-40 ms and reading the raw file
# into memory 15-25 ms (fresh pages) on the path to the first frame.
MAGIC = b"KIOSKFRAME1\n"
HEADER = struct.Struct("<4I")  # width, height, bytes per line, QImage format


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
    return paths.data_dir / "cache" / f"welcome-{key.hexdigest()[:24]}.frame"


class _Splash(QWidget):
    """Paints the saved picture as it is (one copy of it, freed when the splash closes).

    Nothing here may touch PySide6's `Qt` namespace, whose enums take 12-50 ms to build
    on first use: no window flags (full screen, a window manager draws no frame anyway,
    and the picture is up for well under a second), a blank cursor made from an image."""

    def __init__(self, image: QImage, pixels: Frame | None = None) -> None:
        super().__init__()
        self.image: QImage | None = image
        self.pixels = pixels  # the mapping the image points into: kept while it is shown
        self.tapped: QPointF | None = None  # where a finger landed before the real window

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.tapped = event.globalPosition()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if self.image is not None:
            QPainter(self).drawImage(0, 0, self.image)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.image = None
        if self.pixels is not None:
            self.pixels.close()
            self.pixels = None
        super().closeEvent(event)


class Frame:
    """The saved file mapped read-only; the image's pixels point into it until close()."""

    def __init__(self, mapping: mmap.mmap) -> None:
        self.mapping = mapping
        self.view: memoryview | None = None

    def close(self) -> None:
        if self.view is not None:
            self.view.release()
            self.view = None
            self.mapping.close()


def load_frame(path: Path) -> tuple[QImage, Frame] | None:
    """The saved pixels as an image over the mapped file (no decoding, no copy); None
    for a missing, truncated or foreign file (the kiosk then starts as on a first start).
    The file is only ever replaced by a rename, never rewritten, so the mapping is stable."""
    try:
        with path.open("rb") as file:
            mapping = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    offset = len(MAGIC) + HEADER.size
    if mapping[:len(MAGIC)] != MAGIC or len(mapping) < offset:
        mapping.close()
        return None
    width, height, stride, fmt = HEADER.unpack_from(mapping, len(MAGIC))
    if fmt != QImage.Format.Format_RGB32.value or not 0 < width * 4 <= stride \
            or len(mapping) != offset + stride * height:
        mapping.close()
        return None
    frame = Frame(mapping)
    view = memoryview(mapping)[offset:]
    frame.view = view
    return QImage(view, width, height, stride, QImage.Format.Format_RGB32), frame


def show_snapshot(path: Path | None) -> QWidget | None:
    """Full screen, the saved welcome frame; None when there is none to show."""
    frame = load_frame(path) if path is not None else None
    if frame is None:
        return None
    splash = _Splash(*frame)
    # No pointer over the picture: Qt.BlankCursor without `Qt` (even QPixmap.fill builds it).
    splash.setCursor(QCursor(QPixmap.fromImage(QImage(bytes(4), 1, 1, 4,
                                                      QImage.Format.Format_ARGB32))))
    splash.showFullScreen()
    return splash


def hand_over(splash: QWidget, window: QWidget) -> None:
    """Close the picture; a tap it took goes to what is now under the finger."""
    from PySide6.QtCore import Qt

    tapped = splash.tapped if isinstance(splash, _Splash) else None
    splash.close()
    splash.deleteLater()
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
    """Keep the untouched welcome frame for the next start (raw pixels: fast to show)."""
    if path is None or path.is_file() or not still_welcome:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        temp = path.with_suffix(".tmp")
        with temp.open("wb") as out:
            out.write(MAGIC + HEADER.pack(image.width(), image.height(), image.bytesPerLine(),
                                          QImage.Format.Format_RGB32.value))
            out.write(bytes(image.constBits()))
        temp.replace(path)
        log.info("saved the welcome frame for a faster next start: %s", path)
        # A few configs' frames (staff change settings; screens rotate); not a growing pile.
        # (Frames saved as PNG by earlier versions go too.)
        saved = sorted(path.parent.glob("welcome-*"), key=lambda p: p.stat().st_mtime)
        for old in saved[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("welcome frame not cached (%s); the next start is not slower for it", exc)
