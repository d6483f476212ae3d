"""Idle reset forgets the patient; the locked kiosk cannot be left or escaped."""

from __future__ import annotations

import numpy as np
import zxingcpp
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QContextMenuEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from kiosk.session import ATTRACT, HOME, Screen
from kiosk.ui.screens.screening import ScreeningScreen
from kiosk.ui.window import KioskWindow
from tests.conftest import FAST, arm_idle
from tests.uihelp import drag, tap, touch_tap


def busy_patient(w) -> ScreeningScreen:
    """Tap through like a patient: Spanish, largest text, contrast, a step, two items."""
    tap(w.screens[Screen.ATTRACT].language_buttons["es"])
    tap(w.nav.text_size.segments[2])
    tap(w.nav.contrast)
    w.open_page("session")
    tap(w.screens[Screen.STEPS].next)
    w.open_page("what-is")
    w.screens[Screen.ARTICLE].browser.verticalScrollBar().setValue(200)
    w.open_page("safety")
    screen = w.screens[Screen.SCREENING]
    tap(screen.list_tab)
    tap(screen.items[0])
    tap(screen.items[1])
    return screen


def test_idle_reset_clears_every_piece_of_patient_state(make_window, qtbot) -> None:
    w = make_window()
    screen = busy_patient(w)
    assert screen.chosen_questions() and w.session.language == "es"
    arm_idle(w)
    with qtbot.waitSignal(w.idle.warn, timeout=10_000):
        pass
    assert w.idle_overlay.isVisible()
    assert w.idle_overlay.countdown.text().endswith("en 1 segundo.")  # Spanish, singular
    with qtbot.waitSignal(w.reset_done, timeout=10_000):
        pass
    s = w.session
    assert s.route == ATTRACT and s.history == [ATTRACT]
    assert s.language == "en"
    assert s.text_size == 0 and not s.high_contrast
    assert s.checklist == {} and s.checklist_open == {}
    assert s.step_index == {} and s.scroll == {}
    assert not s.help_open and not s.touched
    # ...and through the UI: nothing of the last patient is on any screen.
    assert w.stack.currentWidget() is w.screens[Screen.ATTRACT]
    assert not w.idle_overlay.isVisible()
    assert w.journey.my_list.codes.qr.matrix == [] and screen.questions.text() == ""
    assert w.screens[Screen.ARTICLE].browser.toPlainText() == ""
    assert "#000000" not in w.styleSheet()
    assert w.screens[Screen.ATTRACT].hero.text() == "Learn about MDMA-assisted therapy for PTSD"
    w.start()
    w.open_page("safety")
    assert not screen.list_tab.isChecked()
    assert [item.isChecked() for item in screen.items] == [False] * len(screen.items)


def warned(make_window, qtbot, timings: tuple[int, int, int]) -> KioskWindow:
    """A patient mid-visit, left alone until the idle warning shows."""
    w = make_window()
    busy_patient(w)
    arm_idle(w, timings)
    with qtbot.waitSignal(w.idle.warn, timeout=10_000):
        pass
    return w


def test_touch_on_warning_keeps_the_session(make_window, qtbot) -> None:
    w = warned(make_window, qtbot, (60, 400, 20))
    touch_tap(w.idle_overlay.stay)
    assert not w.idle_overlay.isVisible()
    assert w.session.language == "es" and w.session.checklist
    assert w.session.route.page_id == "safety"


def test_need_help_now_stays_reachable_under_the_idle_warning(make_window, qtbot) -> None:
    w = warned(make_window, qtbot, (60, 60_000, 1000))
    help_button = w.nav.help
    top_left = help_button.mapTo(w, QPoint(0, 0))
    assert w.idle_overlay.isVisible()
    assert not w.idle_overlay.geometry().intersects(QRect(top_left, help_button.size()))
    under_finger = w.childAt(help_button.mapTo(w, help_button.rect().center()))
    assert under_finger in (help_button, *help_button.findChildren(QWidget))
    touch_tap(help_button)
    assert w.help.isVisible() and not w.idle_overlay.isVisible()
    assert w.session.route.page_id == "safety" and w.session.checklist  # the visit goes on


def test_any_tap_on_warning_keeps_the_session(make_window, qtbot) -> None:
    w = make_window(timings=(60, 400, 20))
    w.start()
    with qtbot.waitSignal(w.idle.warn, timeout=10_000):
        pass
    tap(w.idle_overlay, QPoint(10, 10))
    assert not w.idle_overlay.isVisible()
    assert w.session.route == HOME


def test_idle_on_untouched_welcome_screen_does_nothing(make_window, qtbot) -> None:
    w = make_window(timings=FAST)
    with qtbot.assertNotEmitted(w.reset_done, wait=300):
        pass
    assert not w.idle_overlay.isVisible()


def test_help_panel_is_closed_by_finish_but_never_by_idle(make_window, qtbot) -> None:
    w = make_window(timings=FAST)
    w.start()
    tap(w.nav.help)
    with qtbot.assertNotEmitted(w.reset_done, wait=400):  # issue #11: idle never closes help
        pass
    assert w.help.isVisible()
    w.journey.ending.setInterval(50)  # the thank-you, shortened for the test
    with qtbot.waitSignal(w.reset_done, timeout=10_000):
        w.finish()
        assert not w.help.isVisible()  # Finish is the patient's choice: the thank-you shows


def read_qr(view: QWidget) -> str:
    """What a phone camera reads from a QR code on screen."""
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    bits = image.constBits()
    pixels = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    result = zxingcpp.read_barcode(np.ascontiguousarray(pixels[:, :image.width()]))
    assert result is not None
    return str(result.text)


def test_qr_code_decodes_to_the_question_list(make_window) -> None:
    w = make_window()
    busy_patient(w)
    tap(w.screens[Screen.SCREENING].jump)  # "My list (2)"
    codes = w.journey.my_list.codes
    assert w.session.route.screen is Screen.MY_LIST and codes.qr.isVisible()
    read = [read_qr(codes.qr)]
    for _ in range(len(codes.plan.codes) - 1):
        tap(codes.next_code)
        read.append(read_qr(codes.qr))
    page = w.pack.page("es", "safety")
    assert read[0].startswith("Mis preguntas")
    text = "\n".join(read)
    assert f"1. {page.checklist[0].question}" in text
    assert f"2. {page.checklist[1].question}" in text


def test_close_is_refused_until_staff_exit(make_window) -> None:
    w = make_window()
    assert w.close() is False
    assert w.isVisible()
    w.exit_kiosk()
    assert not w.isVisible()


def focus_first_tile(w, qtbot) -> QWidget:
    """What a keyboard or switch user does: Tab until the first Home tile has focus."""
    w.windowHandle().requestActivate()
    QApplication.processEvents()
    w.setFocus()
    tile: QWidget = w.screens[Screen.HOME].tiles[0]
    for _ in range(30):
        if QApplication.focusWidget() is tile:
            break
        qtbot.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tile
    return tile


def test_shortcut_chords_never_act_through_the_real_key_path(make_window, qtbot) -> None:
    """Keys go through Qt's own delivery (app filters, focus widget, propagation)."""
    w = make_window()
    w.start()
    tile = focus_first_tile(w, qtbot)
    for mods in (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                 Qt.KeyboardModifier.MetaModifier):
        qtbot.keyClick(tile, Qt.Key.Key_Return, mods)
        assert w.session.route == HOME, mods  # a chord is a shortcut: swallowed
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_F1, Qt.Key.Key_F4, Qt.Key.Key_Menu):
        qtbot.keyClick(tile, key)
    assert w.isVisible() and w.session.route == HOME
    assert QApplication.focusWidget() is tile
    qtbot.keyClick(tile, Qt.Key.Key_Return)  # the plain key still works for switch users
    assert w.session.route.page_id == w.topics()[0].id


class MenuSpy(QObject):
    """Notes (and closes) any menu Qt shows, wherever it comes from."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Show and isinstance(watched, QMenu):
            self.shown.append(watched.objectName() or "menu")
            watched.close()
        return False


def test_no_context_menu_anywhere(make_window) -> None:
    """A long press or right click on a scroll bar would offer 'Scroll here' etc."""
    w = make_window(size=(1080, 1920))
    w.start()
    w.open_page("what-is")
    bar = w.screens[Screen.ARTICLE].browser.verticalScrollBar()
    assert bar.maximum() > 0  # a long page: its scroll bar has a menu to offer
    spy = MenuSpy()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        for target in (bar, w.screens[Screen.ARTICLE].browser.viewport(), w.nav.home):
            point = target.rect().center()
            QApplication.sendEvent(target, QContextMenuEvent(
                QContextMenuEvent.Reason.Mouse, point, target.mapToGlobal(point)))
            QApplication.processEvents()
    finally:
        app.removeEventFilter(spy)
    assert spy.shown == []


def test_right_clicks_never_count_as_taps(make_window) -> None:
    """Five right clicks in the staff corner must not open the PIN pad; left clicks do."""
    w = make_window()
    corner = QPoint(30, 30)
    for _ in range(5):
        QTest.mouseClick(w.stack.currentWidget(), Qt.MouseButton.RightButton,
                         Qt.KeyboardModifier.NoModifier, corner)
    assert not w.pin_pad.isVisible()
    for _ in range(5):
        tap(w.stack.currentWidget(), corner)
    assert w.pin_pad.isVisible()


def test_text_cannot_be_selected(make_window) -> None:
    """A drag across the page scrolls or does nothing; it never selects text to copy."""
    w = make_window()
    w.start()
    w.open_page("what-is")
    browser = w.screens[Screen.ARTICLE].browser
    viewport = browser.viewport()
    start = QPoint(viewport.width() // 3, 40)
    drag(viewport, start, start + QPoint(400, 5))
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      start)
    QTest.keyClick(browser, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert not browser.textCursor().hasSelection()
    assert browser.textCursor().selectedText() == ""


def test_an_error_in_a_slot_returns_to_welcome_and_is_logged(make_window, caplog) -> None:
    import sys

    from kiosk.ui.app import install_crash_guard

    w = make_window()
    w.start()
    w.open_page("what-is")
    previous = sys.excepthook
    install_crash_guard(w)
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert w.session.route == ATTRACT
    assert "unexpected error; returning to the welcome screen" in caplog.text
    assert "boom in a slot" in caplog.text
