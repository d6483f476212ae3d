"""Finger-like input for UI tests: real mouse and touch events, not method calls."""

from __future__ import annotations

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QPoint, Qt, QUrl
from PySide6.QtGui import QPointingDevice, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QTextBrowser, QWidget

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


def link_point(browser: QTextBrowser, href: str) -> QPoint:
    """Where a finger would land on the link to `href`: scrolled into view, viewport coordinates."""
    for _ in range(3):  # the page lays itself out lazily, after the reading width is set
        QApplication.processEvents()
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if QUrl(fragment.charFormat().anchorHref()) == QUrl(href):
                cursor = QTextCursor(browser.document())
                cursor.setPosition(fragment.position() + min(2, fragment.length() // 2))
                bar = browser.verticalScrollBar()  # the link to mid-screen, as a reader would
                bar.setValue(bar.value() + browser.cursorRect(cursor).center().y()
                             - browser.viewport().height() // 2)
                QApplication.processEvents()
                point = browser.cursorRect(cursor).center()
                assert QUrl(browser.anchorAt(point)) == QUrl(href), "link not under the finger"
                return point
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href} on this page")


def tap_link(browser: QTextBrowser, href: str) -> None:
    """A finger on a link in the page (press and release on the same spot).

    Kinetic scrolling holds a press back until it knows it is not a flick, then
    replays it: give it that moment, as a finger would.
    """
    tap(browser.viewport(), link_point(browser, href))
    deadline = QDeadlineTimer(1000)
    while not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
