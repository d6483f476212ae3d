"""Finger-like input for UI tests: real mouse and touch events, not method calls."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

_DEVICE: QPointingDevice | None = None


def scroll_to(widget: QWidget) -> None:
    """What a finger does first when a control is below the fold."""
    parent = widget.parentWidget()
    while parent is not None:
        content = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and content is not None and \
                content.isAncestorOf(widget):
            parent.ensureWidgetVisible(widget)
            QApplication.processEvents()
        parent = parent.parentWidget()


def tap(widget: QWidget, pos: QPoint | None = None) -> None:
    QApplication.processEvents()  # let layouts settle, as they would before a finger lands
    assert widget.isVisible(), f"{widget.objectName()} is not on screen"
    scroll_to(widget)
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     pos or widget.rect().center())
    QApplication.processEvents()


def touch_tap(widget: QWidget, pos: QPoint | None = None) -> None:
    """A one-finger touch, delivered through the window like a touch screen's."""
    global _DEVICE
    if _DEVICE is None:
        _DEVICE = QTest.createTouchDevice()
    assert widget.isVisible()
    window = widget.window().windowHandle()
    point = widget.mapTo(widget.window(), pos or widget.rect().center())
    QTest.touchEvent(window, _DEVICE).press(0, point, window).commit()
    QTest.touchEvent(window, _DEVICE).release(0, point, window).commit()
    QApplication.processEvents()


def drag(widget: QWidget, start: QPoint, end: QPoint) -> None:
    """A one-finger mouse drag (what a touch screen sends on X11 without touch events)."""
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    steps = 6
    for i in range(1, steps + 1):
        point = start + (end - start) * i / steps
        QTest.mouseMove(widget, QPoint(round(point.x()), round(point.y())))
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    QApplication.processEvents()


def touch_swipe(widget: QWidget, start: QPoint, end: QPoint) -> None:
    global _DEVICE
    if _DEVICE is None:
        _DEVICE = QTest.createTouchDevice()
    window = widget.window().windowHandle()
    a = widget.mapTo(widget.window(), start)
    b = widget.mapTo(widget.window(), end)
    QTest.touchEvent(window, _DEVICE).press(0, a, window).commit()
    for i in range(1, 6):
        p = a + (b - a) * i / 5
        QTest.touchEvent(window, _DEVICE).move(0, QPoint(round(p.x()), round(p.y())),
                                               window).commit()
    QTest.touchEvent(window, _DEVICE).release(0, b, window).commit()
    QApplication.processEvents()
