"""Issue #14 / #11 hardening, through the screen: idle and help, the staff gesture,
the staff panel's confirm buttons, and the PIN pad off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.session import ATTRACT, HOME
from tests.conftest import FAST, FakeClock
from tests.test_ui_staff import PIN, button, corner_taps, enter, pin_config
from tests.uihelp import tap


def idle_resets(w) -> int:
    return w.usage.summary(1).events.get("idle_reset", 0)


def test_welcome_screen_runs_no_countdown_and_counts_no_idle_reset(make_window, qtbot) -> None:
    w = make_window(timings=FAST)
    # Three full timeout + warning rounds on the untouched welcome screen.
    with qtbot.assertNotEmitted(w.idle.expired, wait=3 * (FAST[0] + FAST[1]) + 100):
        pass
    assert not w.idle_overlay.isVisible() and not w.idle.warning
    assert idle_resets(w) == 0
    # A real visit that times out is still counted, once.
    w.start()
    with qtbot.waitSignal(w.reset_done, timeout=3000):
        pass
    assert idle_resets(w) == 1 and w.session.route == ATTRACT


def test_idle_never_covers_or_closes_the_help_panel(make_window, qtbot) -> None:
    w = make_window(timings=FAST)
    w.start()
    tap(w.nav.help)
    assert w.help.isVisible()
    with qtbot.assertNotEmitted(w.idle.warn, wait=3 * (FAST[0] + FAST[1])):
        pass
    assert w.help.isVisible() and not w.idle_overlay.isVisible()
    assert w.session.route == HOME
    # Closed by the patient: the clock runs again as usual.
    tap(w.help.close_button)
    with qtbot.waitSignal(w.idle.warn, timeout=10_000):
        pass
    assert w.idle_overlay.isVisible()


def test_help_opened_on_the_welcome_screen_stays_open(make_window, qtbot) -> None:
    w = make_window(timings=(700, 120, 20))  # time enough for two taps on a busy machine
    tap(w.nav.text_size.segments[1])  # the patient made the text larger on the welcome screen...
    tap(w.nav.help)  # ...then opened help
    with qtbot.assertNotEmitted(w.reset_done, wait=1500):
        pass
    assert w.help.isVisible() and w.session.text_size == 1


def test_staff_panel_and_help_holds_do_not_cancel_each_other(make_window, qtbot) -> None:
    w = make_window(pin_config(), timings=FAST)
    w.start()
    tap(w.nav.help)
    w.idle.set_paused(True)
    w.idle.set_paused(False)  # staff left, but help is still open
    with qtbot.assertNotEmitted(w.idle.warn, wait=2 * (FAST[0] + FAST[1])):
        pass
    assert w.help.isVisible()


def test_five_quick_taps_with_double_clicks_open_the_pin_pad(make_window) -> None:
    """A touch screen's second quick tap arrives as a double-click: it counts too."""
    w = make_window(pin_config())
    w.start()
    seen: set[tuple[QEvent.Type, int]] = set()

    class Spy(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                seen.add((event.type(), event.timestamp()))
            return False

    spy = Spy()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        window = w.windowHandle()
        for _ in range(5):  # quick taps through the window, as the platform delivers them
            QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(30, 30), 10)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(spy)
    # The platform really turned quick taps into double-clicks...
    assert QEvent.Type.MouseButtonDblClick in {kind for kind, _ in seen}
    assert w.pin_pad.isVisible()  # ...and the gesture still saw five taps


def test_retapping_actions_after_arming_restart_keeps_the_patient(make_window, qtbot) -> None:
    """The armed button is rebuilt by the re-tap; its 5 s disarm must not touch the old one."""
    w = make_window(pin_config())
    w.start()
    w.open_page("what-is")
    corner_taps(w)
    enter(w, PIN)
    w.staff_panel.confirm_ms = 100
    tap(w.staff_panel.tab_buttons[3])
    tap(button(w, "staffRestart"))  # armed: "Tap again"
    tap(w.staff_panel.tab_buttons[3])  # the tab is rebuilt: the armed button is deleted
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with qtbot.assertNotEmitted(w.reset_done, wait=400):  # the disarm time passes
        pass
    assert w.staff_panel.isVisible()
    assert w.session.route.page_id == "what-is"
    assert not button(w, "staffRestart").property("armed")


TRUNCATED = "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$"  # the hash cut off by a bad copy
COSTLY = ("scrypt$16384$8$32$c2FsdHNhbHRzYWx0c2FsdA==$"
          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")


def test_malformed_or_costly_pin_hash_means_no_pin_with_a_message(make_window) -> None:
    for bad in (TRUNCATED, COSTLY):
        w = make_window(f'[staff]\npin_hash = "{bad}"\n')
        assert any(p.key == "staff.pin_hash" for p in w.config.errors)
        corner_taps(w)
        assert w.pin_pad.title.text() == "Staff mode is not set up"
        assert "damaged or too costly" in w.pin_pad.message.text()
        assert not w.pin_pad.keys["1"].isVisible()  # nothing to type, nothing to lock
        assert not w.staff.lockout.locked
        w.exit_kiosk()


def test_pin_check_runs_off_the_gui_thread(make_window, qtbot, monkeypatch) -> None:
    import threading

    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow_verify(pin: str, stored: str) -> bool:
        threads.append(threading.current_thread())
        release.wait(5)
        return pin == PIN

    monkeypatch.setattr("kiosk.pin.verify_pin", slow_verify)
    monkeypatch.setattr("kiosk.ui.staff_gate.verify_pin", slow_verify, raising=False)
    w = make_window(pin_config())
    corner_taps(w)
    for digit in PIN:
        tap(w.pin_pad.keys[digit])
    tap(w.pin_pad.keys["ok"])  # returns at once: the check is still running
    assert not release.is_set()
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
    assert threads[0] is not threading.main_thread()
    assert w.pin_pad.message.text() == "Checking…"
    tap(w.nav.help)  # the screen is alive: help opens while the PIN is checked
    assert w.help.isVisible()
    tap(w.help.close_button)
    release.set()
    qtbot.waitUntil(lambda: w.staff_panel.isVisible(), timeout=3000)


def test_pin_lockout_survives_a_restart(make_window) -> None:
    clock = FakeClock()
    w = make_window(pin_config(), clock=clock)
    corner_taps(w)
    for _ in range(5):
        enter(w, "1111")
    assert w.staff.lockout.locked
    config_text = pin_config()
    w.exit_kiosk()
    again = make_window(config_text, clock=FakeClock())  # killed and started again
    assert again.staff.lockout.locked and 50 <= again.staff.lockout.seconds_left() <= 60
    corner_taps(again)
    assert not again.pin_pad.keys["1"].isEnabled()
    again.pin_pad.press("1")
    assert again.pin_pad.entered == ""


def test_window_guard_restores_a_minimised_kiosk_but_never_fights_exit(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.wm_guard import WindowGuard

    window = QWidget()
    qtbot.addWidget(window)
    leaving = [False]
    guard = WindowGuard(window, lambda: not leaving[0], check_ms=20, settle_ms=10)
    window.showFullScreen()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(guard.restored, timeout=10_000) as why:
        window.showMinimized()
    assert why.args == ["minimised"]
    qtbot.waitUntil(lambda: window.isFullScreen() and not window.isMinimized(), timeout=10_000)
    leaving[0] = True  # staff chose "Exit to desktop"
    with qtbot.assertNotEmitted(guard.restored, wait=200):
        window.showMinimized()
    guard.check.stop()
