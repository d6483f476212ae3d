"""Staff mode through the screen: gesture, PIN pad, panel, settings, usage, exit."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QPushButton

from kiosk.config import load_config
from kiosk.pin import hash_pin
from kiosk.session import ATTRACT, HOME, Screen
from kiosk.ui.staff_charts import BarChart
from tests.conftest import FakeClock
from tests.uihelp import tap

PIN = "2580"


def pin_config() -> str:
    return f'[staff]\npin_hash = "{hash_pin(PIN)}"\n'


def corner_taps(w, count: int = 5, where: QPoint | None = None) -> None:
    for _ in range(count):
        tap(w.stack.currentWidget(), where or QPoint(30, 30))


def enter(w, pin: str) -> None:
    for digit in pin:
        tap(w.pin_pad.keys[digit])
    tap(w.pin_pad.keys["ok"])
    w.pin_pad.settle()  # the check runs on a worker thread


def open_tab(w, index: int) -> None:
    """Gesture, PIN, then one of the panel's tabs (0 status ... 3 actions)."""
    corner_taps(w)
    enter(w, PIN)
    tap(w.staff_panel.tab_buttons[index])


def button(w, name: str) -> QPushButton:
    found = [b for b in w.findChildren(QPushButton, name) if b.isVisible()]
    assert len(found) == 1, name
    return found[0]


def test_corner_taps_open_the_pin_pad(make_window) -> None:
    w = make_window(pin_config())
    corner_taps(w)
    assert w.pin_pad.isVisible()
    assert w.pin_pad.title.text() == "Staff: enter PIN"


def test_patient_like_taps_do_not(make_window) -> None:
    clock = FakeClock()
    w = make_window(pin_config(), clock=clock)
    w.start()
    corner_taps(w, 4)  # one short
    assert not w.pin_pad.isVisible()
    clock.now += 10
    for _ in range(5):  # slow taps, one a second
        clock.now += 1.0
        corner_taps(w, 1)
    assert not w.pin_pad.isVisible()
    clock.now += 10
    corner_taps(w, 3)
    corner_taps(w, 1, QPoint(600, 400))  # a tap elsewhere starts over
    corner_taps(w, 2)
    assert not w.pin_pad.isVisible()


def test_no_pin_set_says_so_and_stays_closed(make_window) -> None:
    w = make_window()
    corner_taps(w)
    assert w.pin_pad.isVisible()
    assert w.pin_pad.title.text() == "Staff mode is not set up"
    assert "IT team sets a staff PIN" in w.pin_pad.message.text()
    assert not w.pin_pad.keys["1"].isVisible()
    tap(w.pin_pad.cancel)
    assert not w.staff_panel.isVisible()


def test_wrong_pin_then_lockout_then_right_pin(make_window, caplog) -> None:
    clock = FakeClock()
    w = make_window(pin_config(), clock=clock)
    corner_taps(w)
    enter(w, "1111")
    assert w.pin_pad.message.text() == "Wrong PIN."
    for _ in range(4):
        enter(w, "1111")
    assert "Try again in 60 s" in w.pin_pad.message.text()
    assert not w.pin_pad.keys["1"].isEnabled()
    assert "1111" not in caplog.text and "wrong staff PIN" in caplog.text
    clock.now += 61
    w.pin_pad.redraw()
    enter(w, PIN)
    assert w.staff_panel.isVisible() and not w.pin_pad.isVisible()


def test_panel_pauses_idle_and_times_out_to_welcome(make_window, qtbot) -> None:
    w = make_window(pin_config(), timings=(60, 120, 20))
    w.staff_panel.timer.setInterval(300)
    w.start()
    corner_taps(w)
    enter(w, PIN)
    assert w.staff_panel.isVisible()
    with qtbot.assertNotEmitted(w.idle.warn, wait=200):
        pass
    with qtbot.waitSignal(w.staff_panel.closed, timeout=3000):
        pass
    assert w.session.route == ATTRACT and not w.staff_panel.isVisible()


def test_settings_change_applies_now_and_survives_restart(make_window) -> None:
    w = make_window(pin_config())
    open_tab(w, 1)
    tap(button(w, "set-kiosk.idle_timeout_s-plus"))
    tap(button(w, "set-clinic.region-AU"))
    tap(button(w, "staffSave"))
    assert w.staff_panel.message.text() == "Saved and applied."
    assert w.config.get_int("kiosk.idle_timeout_s") == 100
    assert w.config.get_str("clinic.region") == "AU"
    tap(w.staff_panel.close_button)
    w.open_help()
    assert w.help.numbers() == ["13 11 14", "000"]
    # A restart reads the same files: the change is still there.
    paths = w.service.paths
    again = load_config(paths.config_file, paths.staff_settings_file)
    assert again.get_int("kiosk.idle_timeout_s") == 100


def test_unwritable_staff_file_is_reported(make_window, tmp_path) -> None:
    w = make_window(pin_config())
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    w.service.paths = type(w.service.paths)(w.service.paths.config_file, True, blocker / "data")
    open_tab(w, 1)
    tap(button(w, "set-kiosk.hide_cursor-Off"))
    tap(button(w, "staffSave"))
    assert w.staff_panel.message.text().startswith("Could not save:")
    assert w.isVisible()


def visible_texts(w) -> list[str]:
    return [label.text() for label in w.staff_panel.findChildren(type(w.staff_panel.message))
            if label.isVisible()]


def test_counting_turned_off_in_the_panel_stops_at_once(make_window) -> None:
    """It said 'Saved and applied' while counting carried on until a restart."""
    w = make_window(pin_config())
    open_tab(w, 1)
    tap(button(w, "set-usage.enabled-Off"))
    tap(button(w, "staffSave"))
    assert w.staff_panel.message.text() == "Saved and applied."
    tap(w.staff_panel.close_button)
    w.start()
    w.open_page("what-is")
    w.navigate(HOME)
    open_tab(w, 2)
    texts = visible_texts(w)
    assert "Counting: off (turned off in settings)" in texts
    assert any(t.startswith("Visits: 0 ") for t in texts) and "what-is" not in texts


def test_usage_tab_and_export(make_window) -> None:
    w = make_window(pin_config())
    w.start()
    w.open_page("what-is")
    w.open_page("safety")
    w.navigate(w.session.history[1])
    open_tab(w, 2)
    texts = [label.text() for label in w.staff_panel.findChildren(type(w.staff_panel.message))
             if label.isVisible()]
    pages = w.staff_panel.findChild(BarChart, "pagesChart")
    assert pages is not None and pages.isVisible()
    assert {"what-is", "safety"} <= {page for page, _ in pages.values}
    visits = w.staff_panel.findChild(BarChart, "visitsChart")
    assert visits is not None and visits.values[-1][1] == 1  # today's bar
    assert any(t.startswith("Visits: 1") for t in texts)
    tap(w.staff_panel.tab_buttons[3])
    tap(button(w, "export-exports"))
    exported = list((w.service.paths.data_dir / "exports").glob("kiosk-usage-*.csv"))
    assert len(exported) == 1
    assert "what-is" in exported[0].read_text(encoding="utf-8")


@pytest.fixture
def file_logging():
    """The kiosk's real log files (debug level, as with --verbose), removed afterwards."""
    from kiosk import logs

    root = logging.getLogger()
    level = root.level

    def start(log_dir: Path) -> Path:
        logs.setup_logging(log_dir, verbose=True)
        return log_dir / "kiosk.log"

    yield start
    for handler in logs._OURS:
        root.removeHandler(handler)
        handler.close()
    logs._OURS.clear()
    root.setLevel(level)


def test_what_a_patient_taps_is_never_written_anywhere(make_window, file_logging) -> None:
    """Counts, staff file and the log files: no checklist answer, no question text."""
    w = make_window(pin_config())
    log_file = file_logging(w.service.paths.log_dir)
    w.start("es")
    w.open_page("safety")
    screen = w.screens[Screen.SCREENING]
    tap(screen.list_tab)
    for item in screen.items[:3]:
        tap(item)
    w.open_page("session")
    tap(w.screens[Screen.STEPS].next)
    w.finish()
    w.usage.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "screen screening safety" in text  # the logs were written and are read here
    data = b"".join(p.read_bytes() for p in w.service.paths.data_dir.rglob("*") if p.is_file())
    for lang in ("en", "es"):
        for item in w.pack.page(lang, "safety").checklist:
            assert item.label.encode() not in data and item.question.encode() not in data
    assert b"heart" not in data.lower() and b"coraz" not in data.lower()


def test_change_pin_in_the_panel(make_window) -> None:
    w = make_window(pin_config())
    open_tab(w, 3)
    tap(button(w, "staffPin"))
    assert w.pin_pad.isVisible()
    enter(w, "97531")
    enter(w, "97531")
    assert w.staff_panel.message.text() == "New staff PIN saved."
    tap(w.staff_panel.close_button)
    corner_taps(w)
    enter(w, PIN)
    assert not w.staff_panel.isVisible()  # the old PIN no longer works
    enter(w, "97531")
    assert w.staff_panel.isVisible()


def test_exit_to_desktop_is_the_way_out(make_window) -> None:
    w = make_window(pin_config())
    codes: list[int] = []
    w.staff.actions.quit = codes.append
    assert w.close() is False
    open_tab(w, 3)
    tap(button(w, "staffExit"))
    assert codes == [] and w.isVisible()  # one tap only arms it
    tap(button(w, "staffExit"))
    assert codes == [0] and not w.isVisible()


def test_hide_cursor_applies_without_restart(make_window) -> None:
    from PySide6.QtWidgets import QApplication

    w = make_window(pin_config())
    w.apply_cursor()
    assert w.pointer.hidden and QApplication.overrideCursor() is not None
    open_tab(w, 1)
    tap(button(w, "set-kiosk.hide_cursor-Off"))
    tap(button(w, "staffSave"))
    assert not w.pointer.hidden and QApplication.overrideCursor() is None


def test_a_tap_in_settings_changes_one_control_and_keeps_the_place(make_window) -> None:
    """Steppers far down the list: the tab is not rebuilt, so it does not jump to the top."""
    from PySide6.QtWidgets import QScrollArea

    w = make_window(pin_config(), size=(1080, 1920))
    open_tab(w, 1)
    plus = button(w, "set-usage.retention_days-plus")
    scroll = w.staff_panel.pages.currentWidget()
    assert isinstance(scroll, QScrollArea)
    tap(plus)  # tap() scrolls the control into view first, as a finger would
    place = scroll.verticalScrollBar().value()
    assert place > 0
    tap(plus)
    assert button(w, "set-usage.retention_days-plus") is plus
    assert scroll.verticalScrollBar().value() == place
    shown = w.staff_panel.findChild(type(w.staff_panel.message), "set-usage.retention_days-value")
    assert shown is not None and shown.text().startswith("425")
    tap(button(w, "staffSave"))
    assert w.config.get_int("usage.retention_days") == 425


def test_restart_asks_for_a_new_process_and_says_why(make_window, monkeypatch) -> None:
    import os

    from kiosk.service import START_REASON_ENV
    from kiosk.ui.staff_actions import RESTART_EXIT_CODE

    monkeypatch.setenv(START_REASON_ENV, "")  # restored after the test
    w = make_window(pin_config())
    codes: list[int] = []
    w.staff.actions.quit = codes.append
    open_tab(w, 3)
    tap(button(w, "staffRestart"))
    tap(button(w, "staffRestart"))
    assert codes == [RESTART_EXIT_CODE] and not w.isVisible()
    assert os.environ[START_REASON_ENV] == "restart requested by staff"
