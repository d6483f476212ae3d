"""Idle reset forgets the patient; the locked kiosk cannot be left or escaped."""

from __future__ import annotations

import numpy as np
import zxingcpp
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QImage, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.session import ATTRACT, HOME, Screen
from kiosk.ui.screens.screening import ScreeningScreen
from tests.conftest import FAST
from tests.uihelp import tap, touch_tap


def busy_patient(w) -> ScreeningScreen:
    """Tap through like a patient: Spanish, largest text, contrast, a step, two items."""
    tap(w.screens[Screen.ATTRACT].language_buttons["es"])
    tap(w.nav.text_size)
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
    w = make_window(timings=FAST)
    screen = busy_patient(w)
    assert screen.chosen_questions() and w.session.language == "es"
    with qtbot.waitSignal(w.idle.warn, timeout=2000):
        pass
    assert w.idle_overlay.isVisible()
    assert "segundos" in w.idle_overlay.countdown.text()
    with qtbot.waitSignal(w.reset_done, timeout=2000):
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
    assert screen.qr.matrix == [] and screen.questions.text() == ""
    assert w.screens[Screen.ARTICLE].browser.toPlainText() == ""
    assert "#000000" not in w.styleSheet()
    assert w.screens[Screen.ATTRACT].hero.text() == "Learn about MDMA-assisted therapy for PTSD"
    w.start()
    w.open_page("safety")
    assert not screen.list_tab.isChecked()
    assert [item.isChecked() for item in screen.items] == [False] * len(screen.items)


def test_touch_on_warning_keeps_the_session(make_window, qtbot) -> None:
    w = make_window(timings=(60, 400, 20))
    busy_patient(w)
    with qtbot.waitSignal(w.idle.warn, timeout=2000):
        pass
    touch_tap(w.idle_overlay.stay)
    assert not w.idle_overlay.isVisible()
    assert w.session.language == "es" and w.session.checklist
    assert w.session.route.page_id == "safety"


def test_any_tap_on_warning_keeps_the_session(make_window, qtbot) -> None:
    w = make_window(timings=(60, 400, 20))
    w.start()
    with qtbot.waitSignal(w.idle.warn, timeout=2000):
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
    with qtbot.waitSignal(w.reset_done, timeout=2000):
        w.finish()
    assert not w.help.isVisible()


def test_qr_code_decodes_to_the_question_list(make_window) -> None:
    w = make_window()
    screen = busy_patient(w)
    image = screen.qr.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    bits = image.constBits()
    pixels = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    result = zxingcpp.read_barcode(np.ascontiguousarray(pixels[:, :image.width()]))
    assert result is not None
    page = w.pack.page("es", "safety")
    expected = "\n".join(["Preguntas para su equipo de salud",
                          f"1. {page.checklist[0].question}", f"2. {page.checklist[1].question}"])
    assert result.text == expected


def test_close_is_refused_until_staff_exit(make_window) -> None:
    w = make_window()
    assert w.close() is False
    assert w.isVisible()
    w.exit_kiosk()
    assert not w.isVisible()


def test_escape_keys_and_shortcuts_are_swallowed(make_window) -> None:
    w = make_window()
    w.start()
    target = w.screens[Screen.HOME]
    for key, mods in [(Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                      (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
                      (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                      (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                      (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
                      (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
                      (Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)]:
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods)
        assert w.lockdown.eventFilter(target, event) is True, key
    plain = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    assert w.lockdown.eventFilter(target, plain) is False  # keyboard/switch users still Tab
    QTest.keyClick(w, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert w.isVisible() and w.session.route == HOME


def test_no_context_menu_or_right_click(make_window) -> None:
    w = make_window()
    w.start()
    w.open_page("what-is")
    browser = w.screens[Screen.ARTICLE].browser
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))
    assert w.lockdown.eventFilter(browser.viewport(), event) is True
    QTest.mouseClick(browser.viewport(), Qt.MouseButton.RightButton)
    QApplication.processEvents()
    assert QApplication.activePopupWidget() is None
    assert browser.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_text_cannot_be_selected(make_window) -> None:
    w = make_window()
    w.start()
    w.open_page("what-is")
    browser = w.screens[Screen.ARTICLE].browser
    flags = browser.textInteractionFlags()
    assert not flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not flags & Qt.TextInteractionFlag.TextSelectableByKeyboard


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
