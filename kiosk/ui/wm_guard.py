"""Keep a locked kiosk on screen when a window manager tries to hide it.

Under a desktop window manager (openbox, say) keys the kiosk never sees, such as
Super+D (show desktop), Ctrl+Alt+Left (switch desktop) or the Alt+Space window
menu's Iconify, can hide the kiosk for good: a patient is left with a desktop.
The guard notices (window state change, the window no longer exposed, focus
lost, and a slow periodic check for anything missed) and brings the kiosk back:
full screen, on top, active. Asking to be activated makes an EWMH window manager
leave "show desktop" and switch back to the kiosk's desktop.

Only on X11 (xcb): under Wayland the compositor (cage) already allows nothing
else, and offscreen has no window manager.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
GUARDED_PLATFORMS = frozenset({"xcb"})


class WindowGuard(QObject):
    """Brings `window` back (full screen, raised, active) whenever it is hidden."""

    restored = Signal(str)  # why, for the log and tests

    def __init__(self, window: QWidget, active: Callable[[], bool],
                 check_ms: int = 1000, settle_ms: int = 150) -> None:
        super().__init__(window)
        self.window = window
        self.active = active  # False once staff chose Exit: never fight a way out
        self.handle: QWindow | None = None
        self.reason = ""
        self.restoring = False
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(settle_ms)  # let the window manager finish what it does
        self.soon.timeout.connect(self._restore_now)
        self.check = QTimer(self)
        self.check.setInterval(check_ms)
        self.check.timeout.connect(self.inspect)
        window.installEventFilter(self)
        self._watch_handle()
        self.check.start()

    def _watch_handle(self) -> None:
        handle = self.window.windowHandle()
        if handle is not None and handle is not self.handle:
            self.handle = handle
            handle.installEventFilter(self)

    def hidden_reason(self) -> str | None:
        """Why the kiosk is not what a patient should see now, or None when it is."""
        window = self.window
        if window.isMinimized():
            return "minimised"
        if not window.isVisible() or (self.handle is not None and not self.handle.isExposed()):
            return "hidden"
        if not window.isFullScreen():
            return "not full screen"
        if QGuiApplication.applicationState() != Qt.ApplicationState.ApplicationActive:
            return "not active"
        return None

    def inspect(self) -> None:
        """The periodic check: catches what no event reported."""
        self._watch_handle()
        reason = self.hidden_reason()
        if reason is not None:
            self.schedule(reason)

    def schedule(self, reason: str) -> None:
        if self.active() and not self.restoring and not self.soon.isActive():
            self.reason = reason
            self.soon.start()

    def _restore_now(self) -> None:
        if not self.active():
            return
        reason = self.hidden_reason()
        if reason is None:
            return
        log.warning("the window manager %s the kiosk; bringing it back",
                    {"minimised": "minimised", "hidden": "hid"}.get(reason,
                                                                    f"left it {reason}:"))
        window = self.window
        self.restoring = True
        try:
            if reason == "hidden" and window.isVisible():
                # Unmapped by the window manager: Qt still thinks it is shown and will
                # not ask again. Withdraw and map it anew; the manager then shows it.
                window.hide()
            window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized)
                                  | Qt.WindowState.WindowFullScreen)
            window.showFullScreen()
        finally:
            self.restoring = False
        window.raise_()
        window.activateWindow()
        if self.handle is not None:
            self.handle.requestActivate()
        self.restored.emit(reason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if watched is self.window:
            if kind == QEvent.Type.WindowStateChange and self.window.isMinimized():
                self.schedule("minimised")
            elif kind in (QEvent.Type.Hide, QEvent.Type.WindowDeactivate):
                self.schedule("hidden" if kind == QEvent.Type.Hide else "not active")
            elif kind == QEvent.Type.Show:
                self._watch_handle()
        elif watched is self.handle and kind == QEvent.Type.Expose \
                and not self.handle.isExposed():
            self.schedule("hidden")
        return False


def guard_window(window: QWidget, active: Callable[[], bool]) -> WindowGuard | None:
    """Install the guard where a window manager can hide the kiosk (X11)."""
    if QGuiApplication.platformName() not in GUARDED_PLATFORMS:
        return None
    return WindowGuard(window, active)
