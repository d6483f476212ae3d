"""Read aloud through the real speech-dispatcher and espeak-ng, into a null audio sink.

Each test gets its own runtime folder: a PulseAudio daemon with only a null sink,
and the speech-dispatcher that libspeechd spawns there, both killed afterwards.
Skipped (with the reason) where speech-dispatcher, espeak-ng or PulseAudio is absent.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.session import Screen
from tests.uihelp import tap

MISSING = [name for name in ("speech-dispatcher", "espeak-ng", "pulseaudio")
           if shutil.which(name) is None] + (
    ["libspeechd"] if ctypes.util.find_library("speechd") is None else [])
pytestmark = [
    pytest.mark.real_speech,
    pytest.mark.timeout(120),
    pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (apt: "
                       "speech-dispatcher speech-dispatcher-espeak-ng espeak-ng pulseaudio)"),
]
SPEECHD = '[kiosk]\nspeech_engine = "speechd"\n'


def _kill_from_pidfiles(folder: Path) -> None:
    for pidfile in [*folder.rglob("*.pid"), *folder.rglob("pid")]:  # speechd's, PulseAudio's
        if not pidfile.is_file():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            os.kill(int(pidfile.read_text().split()[0]), signal.SIGKILL)  # speechd ignores TERM


@pytest.fixture
def null_audio(tmp_path_factory: pytest.TempPathFactory,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR with PulseAudio playing into a null sink."""
    runtime = tmp_path_factory.mktemp("xdg")
    runtime.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("HOME", str(runtime))
    monkeypatch.delenv("SPEECHD_ADDRESS", raising=False)
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    started = subprocess.run(
        ["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "-n",
         "--load=module-native-protocol-unix", "--load=module-null-sink sink_name=kiosk_null",
         f"--log-target=file:{runtime / 'pulse.log'}"],
        capture_output=True, text=True, timeout=20, check=False)
    if started.returncode != 0:
        pytest.skip(f"PulseAudio would not start here: {started.stderr.strip()[-200:]}")
    yield runtime
    _kill_from_pidfiles(runtime)


def ready(w, qtbot) -> list[str]:
    heard: list[str] = []
    w.reader.engine_state.connect(heard.append)
    qtbot.waitUntil(lambda: w.reader.tried, timeout=30_000)
    assert w.reader.status.startswith("on (speechd)"), w.reader.status
    return heard


def hears(heard: list[str], qtbot, state: str, count: int = 1) -> None:
    qtbot.waitUntil(lambda: heard.count(state) >= count, timeout=20_000)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_listen_speaks_a_page_through_the_real_engine(make_window, qtbot, null_audio,
                                                      lang: str) -> None:
    w = make_window(SPEECHD + 'speech_voice_en = ""\n')
    heard = ready(w, qtbot)
    assert set(w.reader.voices) == {"en", "es"}
    assert w.reader.voices["en"]["locale"] == "en_US"  # clinic.region defaults to US
    w.start(lang)
    w.open_page("about")
    listen = w.screens[w.session.route.screen].listen.button
    tap(listen)
    hears(heard, qtbot, "speaking")
    tap(listen)  # stop
    hears(heard, qtbot, "ready")
    assert listen.text() in ("Listen", "Escuchar")


def test_rapid_listen_and_language_taps_leave_the_engine_working(make_window, qtbot,
                                                                 null_audio) -> None:
    w = make_window(SPEECHD)
    heard = ready(w, qtbot)
    w.start()
    w.open_page("what-is")
    article = w.screens[Screen.ARTICLE]
    for _ in range(6):
        tap(article.listen.button)
        tap(w.nav.language)
    for _ in range(6):
        tap(article.listen.button)
    assert w.reader.status.startswith("on"), w.reader.status
    before = heard.count("speaking")
    tap(article.listen.button)
    hears(heard, qtbot, "speaking", before + 1)
    tap(w.nav.home)
    hears(heard, qtbot, "ready", heard.count("ready") + 1)


@pytest.fixture
def silent_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A speech server that accepts connections and never answers a word."""
    path = tmp_path / "speechd.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    server.settimeout(0.2)
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                held.append(server.accept()[0])
            except (TimeoutError, OSError):
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    yield path
    done.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_a_silent_speech_server_never_blocks_the_kiosk(make_window, qtbot, silent_server,
                                                        monkeypatch) -> None:
    from kiosk.ui import speech

    monkeypatch.setattr(speech, "TIMINGS", speech.SpeechTimings(open_ms=3000))
    w = make_window(SPEECHD, timings=(1500, 300, 20))
    resets: list[bool] = []
    w.reset_done.connect(lambda: resets.append(True))
    qtbot.waitUntil(lambda: w.reader.proc is not None, timeout=5000)
    started = time.monotonic()
    w.start()
    w.open_page("what-is")
    tap(w.nav.help)
    assert time.monotonic() - started < 1.0  # taps are answered while the engine hangs
    assert w.session.route.page_id == "what-is" and w.help.isVisible()
    assert not w.screens[Screen.ARTICLE].listen.button.isVisible()
    w.help.hide()
    qtbot.waitUntil(lambda: w.reader.tried, timeout=10_000)
    assert "did not answer 'open'" in w.reader.status
    qtbot.waitUntil(lambda: bool(resets), timeout=10_000)  # the idle reset still runs
    assert w.session.route.screen is Screen.ATTRACT
