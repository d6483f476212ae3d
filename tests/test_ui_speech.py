"""Read aloud with Qt's mock engine: starts, stops on navigation and reset, hides."""

from __future__ import annotations

from kiosk.session import Screen
from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.window import KioskWindow
from tests.uihelp import tap

MOCK = '[kiosk]\nspeech_engine = "mock"\n'


def ready(w, qtbot) -> None:
    qtbot.waitUntil(lambda: w.reader.tried, timeout=2000)


def speaking(w, qtbot, state: bool = True) -> None:
    qtbot.waitUntil(lambda: w.reader.speaking is state, timeout=2000)


def test_listen_reads_the_page_and_stops_on_navigation(make_window, qtbot) -> None:
    w = make_window(MOCK)
    ready(w, qtbot)
    w.start()
    w.open_page("what-is")
    listen = w.screens[Screen.ARTICLE].listen.button
    assert listen.isVisible() and listen.text() == "Listen"
    tap(listen)
    speaking(w, qtbot)
    assert listen.text() == "Stop"
    tap(w.nav.home)
    speaking(w, qtbot, False)


def listening_to_steps(make_window, qtbot) -> tuple[KioskWindow, StepsScreen]:
    """A kiosk with the mock engine, reading the first step aloud."""
    w = make_window(MOCK)
    ready(w, qtbot)
    w.start()
    w.open_page("session")
    steps = w.screens[Screen.STEPS]
    assert isinstance(steps, StepsScreen)
    tap(steps.listen.button)
    speaking(w, qtbot)
    return w, steps


def test_listen_stops_on_idle_reset(make_window, qtbot) -> None:
    w, _ = listening_to_steps(make_window, qtbot)
    w.reset_session()
    speaking(w, qtbot, False)


def test_listen_stops_on_next_step_and_tap_again(make_window, qtbot) -> None:
    w, steps = listening_to_steps(make_window, qtbot)
    tap(steps.next)
    speaking(w, qtbot, False)
    tap(steps.listen.button)
    speaking(w, qtbot)
    tap(steps.listen.button)
    speaking(w, qtbot, False)


def test_hidden_without_a_voice_for_the_language(make_window, qtbot) -> None:
    w = make_window(MOCK)  # the mock engine has English voices, no Spanish one
    ready(w, qtbot)
    w.start("es")
    w.open_page("what-is")
    assert not w.screens[Screen.ARTICLE].listen.button.isVisible()


def test_hidden_when_off_or_unknown(make_window, qtbot) -> None:
    for setting in ("off", "no-such-engine"):
        w = make_window(f'[kiosk]\nspeech_engine = "{setting}"\n')
        ready(w, qtbot)
        w.start()
        w.open_page("what-is")
        assert not w.screens[Screen.ARTICLE].listen.button.isVisible()
        assert w.reader.status.startswith("off")
