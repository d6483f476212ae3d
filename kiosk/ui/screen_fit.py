"""Keep the full-screen kiosk window covering its whole screen, on any screen.

`showFullScreen()` only asks the window manager for full screen. In a bare X
session there is no window manager to ask, so the window would keep its first
size (1920x1080) on every screen: content cut off on smaller screens, a strip of
desktop on larger ones. Here the window is also placed exactly on its screen's
geometry, and placed again whenever that changes: resolution, rotation, a
monitor plugged in or out, a new primary screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class ScreenFit(QObject):
    """Fits `window` to its screen now and after every screen change."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.watched: QScreen | None = None
        # Screen signals come in bursts (a rotation changes geometry and orientation):
        # fit once, after the burst, on the next turn of the event loop.
        self.pending = QTimer(self)
        self.pending.setSingleShot(True)
        self.pending.setInterval(0)
        self.pending.timeout.connect(self.fit)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self.schedule)
            app.screenRemoved.connect(self.schedule)
            app.primaryScreenChanged.connect(self.schedule)

    def schedule(self, *_: object) -> None:
        self.pending.start()

    def target(self) -> QScreen | None:
        """The window's own screen while it exists, else the primary screen."""
        screens = QGuiApplication.screens()
        current = self.window.screen()
        if current is not None and current in screens:
            return current
        return QGuiApplication.primaryScreen()

    def fit(self) -> None:
        """Cover the whole screen, whatever its size and orientation."""
        screen = self.target()
        if screen is None:  # no screen at all (every monitor unplugged): wait for one
            return
        if screen is not self.watched:
            if self.watched is not None:
                self.watched.geometryChanged.disconnect(self.schedule)
            screen.geometryChanged.connect(self.schedule)
            self.watched = screen
        geometry: QRect = screen.geometry()
        handle = self.window.windowHandle()
        if handle is not None and handle.screen() is not screen:
            handle.setScreen(screen)
        if self.window.geometry() != geometry:
            log.info("screen %s is %dx%d; fitting the window to it", screen.name(),
                     geometry.width(), geometry.height())
            self.window.setGeometry(geometry)
        if not self.window.isFullScreen():
            self.window.showFullScreen()


def show_full_screen(window: QWidget) -> ScreenFit:
    """Show `window` full screen on its screen and keep it so; returns the keeper."""
    keeper = ScreenFit(window)
    keeper.fit()
    return keeper
