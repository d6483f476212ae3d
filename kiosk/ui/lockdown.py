"""Lockdown: nothing a patient presses, right-clicks or holds may reach the desktop.

One app-wide event filter swallows context menus, non-left mouse buttons and
shortcut keys; the cursor is hidden on touch screens. Closing is refused by
the window itself until staff choose Exit (see `KioskWindow.closeEvent`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QApplication

# Keys a locked kiosk swallows: nothing a patient presses may reach the desktop.
BLOCKED_KEYS = {getattr(Qt.Key, f"Key_F{n}") for n in range(1, 36)} | {
    Qt.Key.Key_Escape, Qt.Key.Key_Meta, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
    Qt.Key.Key_Menu, Qt.Key.Key_Print, Qt.Key.Key_Close, Qt.Key.Key_Launch0,
}
_MOUSE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
          QEvent.Type.MouseButtonRelease)
_CHORDS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
           | Qt.KeyboardModifier.MetaModifier)


class Lockdown(QObject):
    """App-wide filter: no context menus, right clicks, or shortcut keys."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind in _MOUSE and isinstance(event, QMouseEvent):
            return event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
                event, QKeyEvent):
            if event.modifiers() & _CHORDS:
                return True
            return Qt.Key(event.key()) in BLOCKED_KEYS
        return False


class Cursor:
    """Touch screens show no pointer; a windowed demo always keeps it."""

    def __init__(self) -> None:
        self.hidden = False

    def apply(self, hide: bool) -> None:
        if hide and not self.hidden:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        elif not hide and self.hidden:
            QApplication.restoreOverrideCursor()
        self.hidden = hide


class EnterPresses(QObject):
    """Keyboard and switch users: Tab moves, Enter or Space presses the focused control.

    Installed on the window: an Enter that no button took propagates up to it.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            if isinstance(focus, QAbstractButton) and focus.isEnabled():
                focus.click()
                return True
        return False


class AppFilters:
    """The window's application-wide event filters, removed together when it closes."""

    def __init__(self, filters: list[QObject]) -> None:
        self.filters = filters
        app = QApplication.instance()
        if app is not None:
            for watcher in filters:
                app.installEventFilter(watcher)

    def remove(self, *also: QObject) -> None:
        app = QApplication.instance()
        if app is not None:
            for watcher in (*self.filters, *also):
                app.removeEventFilter(watcher)
