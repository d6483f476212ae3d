"""Read aloud through the speech worker process: Qt's mock engine, and workers that hang.

What the patient sees flips at once; what the engine does is read from the
worker's reports (`Reader.engine_state`).
"""

from __future__ import annotations

import os
import sys

import pytest

from kiosk.session import Screen
from kiosk.ui import speech
from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.speech import SpeechTimings
from kiosk.ui.window import KioskWindow
from tests.uihelp import tap

MOCK = '[kiosk]\nspeech_engine = "mock"\n'
pytestmark = pytest.mark.timeout(60)


def ready(w, qtbot) -> list[str]:
    """Wait for the probe; return the list the engine's reports are appended to."""
    heard: list[str] = []
    w.reader.engine_state.connect(heard.append)
    qtbot.waitUntil(lambda: w.reader.tried, timeout=20_000)
    return heard


def engine_reports(heard: list[str], qtbot, state: str, count: int = 1) -> None:
    qtbot.waitUntil(lambda: heard.count(state) >= count, timeout=10_000)


def test_listen_reads_the_page_and_stops_on_navigation(make_window, qtbot) -> None:
    w = make_window(MOCK)
    heard = ready(w, qtbot)
    w.start()
    w.open_page("what-is")
    listen = w.screens[Screen.ARTICLE].listen.button
    assert listen.isVisible() and listen.text() == "Listen"
    tap(listen)
    assert listen.text() == "Stop"  # at once, before the engine has started
    engine_reports(heard, qtbot, "speaking")
    tap(w.nav.home)
    assert not w.reader.speaking
    engine_reports(heard, qtbot, "ready")


def listening_to_steps(make_window, qtbot) -> tuple[KioskWindow, StepsScreen, list[str]]:
    """A kiosk with the mock engine, reading the first step aloud."""
    w = make_window(MOCK)
    heard = ready(w, qtbot)
    w.start()
    w.open_page("session")
    steps = w.screens[Screen.STEPS]
    assert isinstance(steps, StepsScreen)
    tap(steps.listen.button)
    engine_reports(heard, qtbot, "speaking")
    return w, steps, heard


def test_listen_stops_on_idle_reset(make_window, qtbot) -> None:
    w, _, heard = listening_to_steps(make_window, qtbot)
    w.reset_session()
    assert not w.reader.speaking
    engine_reports(heard, qtbot, "ready")


def test_listen_stops_on_next_step_and_tap_again(make_window, qtbot) -> None:
    _, steps, heard = listening_to_steps(make_window, qtbot)
    tap(steps.next)
    engine_reports(heard, qtbot, "ready")
    tap(steps.listen.button)
    engine_reports(heard, qtbot, "speaking", 2)
    tap(steps.listen.button)
    assert steps.listen.button.text() == "Listen"
    engine_reports(heard, qtbot, "ready", 2)


def test_a_burst_of_taps_speaks_once(make_window, qtbot) -> None:
    w = make_window(MOCK)
    heard = ready(w, qtbot)
    w.start()
    w.open_page("what-is")
    listen = w.screens[Screen.ARTICLE].listen.button
    for _ in range(7):  # odd: the patient ends wanting to listen
        tap(listen)
    assert listen.text() == "Stop"
    engine_reports(heard, qtbot, "speaking")
    qtbot.wait(600)  # more than the debounce: nothing else may start
    assert heard.count("speaking") == 1


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


# A worker that opens, claims an English voice, then never answers again.
OPENS_THEN_HANGS = """
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m["cmd"] == "open":
        print(json.dumps({"ev": "opened", "engine": "fake",
                          "voices": {"en": {"locale": "en_US", "voice": "x"}}}), flush=True)
        print(json.dumps({"ev": "done", "call": m["call"]}), flush=True)
"""


@pytest.fixture
def fake_worker(monkeypatch: pytest.MonkeyPatch):
    def use(script: str) -> None:
        monkeypatch.setattr(speech, "worker_command", lambda: [sys.executable, "-c", script])
        monkeypatch.setattr(speech, "TIMINGS", SpeechTimings(
            open_ms=1500, call_ms=400, speak_ms=800, debounce_ms=20, first_paint_ms=50))

    return use


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_worker_that_never_opens_is_killed_and_listen_stays_hidden(
        make_window, qtbot, fake_worker) -> None:
    fake_worker("import sys; sys.stdin.read()")
    w = make_window('[kiosk]\nspeech_engine = "speechd"\n')
    qtbot.waitUntil(lambda: w.reader.proc is not None, timeout=5000)
    pid = w.reader.proc.processId()
    w.start()
    w.open_page("what-is")
    assert not w.screens[Screen.ARTICLE].listen.button.isVisible()  # not before it works
    qtbot.waitUntil(lambda: w.reader.tried, timeout=5000)
    assert "did not answer 'open'" in w.reader.status
    assert gone(pid)
    tap(w.nav.home)
    assert w.session.route.screen is Screen.HOME


def test_a_worker_that_hangs_on_say_is_killed_and_listen_hidden(
        make_window, qtbot, fake_worker) -> None:
    fake_worker(OPENS_THEN_HANGS)
    w = make_window('[kiosk]\nspeech_engine = "speechd"\n')
    ready(w, qtbot)
    w.start()
    w.open_page("what-is")
    listen = w.screens[Screen.ARTICLE].listen.button
    pid = w.reader.proc.processId()
    tap(listen)
    assert listen.text() == "Stop"
    qtbot.waitUntil(lambda: not listen.isVisible(), timeout=5000)
    assert not w.reader.speaking and w.reader.status.startswith("off: the speech engine")
    assert gone(pid)
    tap(w.nav.home)  # the kiosk carries on
    assert w.session.route.screen is Screen.HOME


def test_voice_choice_follows_config_then_region(config) -> None:
    from kiosk.voices import list_voices

    lines = list_voices(config, ["en"])  # speech_engine "auto" finds no engine in the suite
    assert lines == ["speech: no engine for this platform; 'Listen' is hidden"]
    config.values["kiosk.speech_engine"] = "mock"
    config.values["clinic.region"] = "UK"
    lines = list_voices(config, ["en", "es"])
    assert lines[1].startswith("  en: reads with Bob (en_GB); 4 voices:"), lines
    assert lines[2].startswith("  es: no voice; 'Listen' hidden"), lines
    config.values["kiosk.speech_voice_en"] = "Charly"  # a named voice beats the region
    assert list_voices(config, ["en"])[1].startswith("  en: reads with Charly (en_US)")


def test_the_kiosk_reads_with_the_configured_voice(make_window, qtbot) -> None:
    w = make_window(MOCK + 'speech_voice_en = "Anne"\n')
    ready(w, qtbot)
    assert w.reader.voices == {"en": {"locale": "en_GB", "voice": "Anne"}}


def test_an_idle_kiosk_lets_the_worker_go_and_listen_still_speaks(make_window, qtbot,
                                                                   monkeypatch) -> None:
    monkeypatch.setattr(speech, "TIMINGS", SpeechTimings(park_after_probe_ms=0,
                                                         park_idle_ms=0))
    w = make_window(MOCK)
    heard = ready(w, qtbot)
    qtbot.waitUntil(lambda: w.reader.proc is None, timeout=5_000)  # parked after the probe
    assert w.reader.status.startswith("on")
    w.start()
    w.open_page("what-is")
    listen = w.screens[Screen.ARTICLE].listen.button
    assert listen.isVisible()  # the voices are known: Listen stays while the worker is away
    tap(listen)
    assert listen.text() == "Stop"
    engine_reports(heard, qtbot, "speaking")  # a new worker started and spoke
    tap(listen)
    engine_reports(heard, qtbot, "ready")
    qtbot.waitUntil(lambda: w.reader.proc is None, timeout=5_000)  # and left again
    tap(listen)
    engine_reports(heard, qtbot, "speaking", 2)
    assert w.reader.status.startswith("on")


def test_a_killed_engine_comes_back_and_listen_with_it(make_window, qtbot,
                                                       monkeypatch) -> None:
    monkeypatch.setattr(speech, "TIMINGS", SpeechTimings(park_after_probe_ms=600_000,
                                                         retry_ms=100))
    w = make_window(MOCK)
    heard = ready(w, qtbot)
    w.start()
    w.open_page("what-is")
    listen = w.screens[Screen.ARTICLE].listen.button
    assert listen.isVisible()
    first = w.reader.proc.processId()
    os.kill(first, 9)  # the engine dies (out of memory, a crash, killed by hand)
    qtbot.waitUntil(lambda: not listen.isVisible(), timeout=5000)
    assert "trying again in 0.1 s" in w.reader.status
    qtbot.waitUntil(listen.isVisible, timeout=10_000)  # a new worker found the engine
    assert w.reader.proc.processId() != first and w.reader.status.startswith("on")
    assert w.reader.failures == 1
    tap(listen)
    engine_reports(heard, qtbot, "speaking")
    assert w.reader.failures == 0  # it spoke: a later failure gets its retries again


def test_retries_are_bounded_and_wait_longer_each_time(make_window, qtbot, tmp_path,
                                                       monkeypatch) -> None:
    starts = tmp_path / "starts"
    # A worker that dies at once, every time (an engine that cannot start at all).
    script = "import pathlib, sys; pathlib.Path(sys.argv[1]).open('a').write('x')"
    monkeypatch.setattr(speech, "worker_command",
                        lambda: [sys.executable, "-c", script, str(starts)])
    monkeypatch.setattr(speech, "TIMINGS", SpeechTimings(first_paint_ms=50, retry_ms=50,
                                                         retries=2))
    w = make_window('[kiosk]\nspeech_engine = "speechd"\n')
    statuses: list[str] = []
    w.reader.changed.connect(lambda: statuses.append(w.reader.status))
    qtbot.waitUntil(lambda: len(statuses) == 3, timeout=10_000)
    assert "trying again in 0.05 s" in statuses[0]
    assert "trying again in 0.1 s" in statuses[1]  # twice as long
    assert statuses[2].startswith("off: the speech worker stopped")
    assert "trying again" not in statuses[2]  # the last retry used: Listen stays hidden
    qtbot.wait(400)  # longer than a third retry would wait (0.2 s)
    assert starts.read_text() == "xxx" and len(statuses) == 3
    w.start()
    w.open_page("what-is")
    assert not w.screens[Screen.ARTICLE].listen.button.isVisible()
