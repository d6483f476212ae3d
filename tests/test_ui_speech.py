"""Read aloud with Qt's mock engine: starts, stops on navigation and reset, hides."""

from __future__ import annotations

from kiosk.session import Screen
from tests.uihelp import tap

MOCK = '[kiosk]\nspeech_engine = "mock"\n'


def ready(w, qtbot) -> None:
    qtbot.waitUntil(lambda: w.reader.tried, timeout=2000)


def test_listen_reads_the_page_and_stops_on_navigation(make_window, qtbot) -> None:
    w = make_window(MOCK)
    ready(w, qtbot)
    w.start()
    w.open_page("what-is")
    listen = w.screens[Screen.ARTICLE].listen.button
    assert listen.isVisible() and listen.text() == "Listen"
    tap(listen)
    qtbot.waitUntil(lambda: w.reader.speaking, timeout=2000)
    assert listen.text() == "Stop"
    tap(w.nav.home)
    qtbot.waitUntil(lambda: not w.reader.speaking, timeout=2000)


def test_listen_stops_on_idle_reset(make_window, qtbot) -> None:
    w = make_window(MOCK)
    ready(w, qtbot)
    w.start()
    w.open_page("session")
    tap(w.screens[Screen.STEPS].listen.button)
    qtbot.waitUntil(lambda: w.reader.speaking, timeout=2000)
    w.reset_session()
    qtbot.waitUntil(lambda: not w.reader.speaking, timeout=2000)


def test_listen_stops_on_next_step_and_tap_again(make_window, qtbot) -> None:
    w = make_window(MOCK)
    ready(w, qtbot)
    w.start()
    w.open_page("session")
    steps = w.screens[Screen.STEPS]
    tap(steps.listen.button)
    qtbot.waitUntil(lambda: w.reader.speaking, timeout=2000)
    tap(steps.next)
    qtbot.waitUntil(lambda: not w.reader.speaking, timeout=2000)
    tap(steps.listen.button)
    qtbot.waitUntil(lambda: w.reader.speaking, timeout=2000)
    tap(steps.listen.button)
    qtbot.waitUntil(lambda: not w.reader.speaking, timeout=2000)


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
