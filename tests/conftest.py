"""Shared fixtures. Qt runs offscreen: set here, before anything imports Qt."""

from __future__ import annotations

import os
import time

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.config import Config, load_config
from kiosk.content import ContentPack, load_pack
from kiosk.i18n import Strings, load_strings
from kiosk.paths import KioskPaths, assets_dir, bundled_content_dir


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the UI .po catalogues first: the .mo files are build output, not in git."""
    import runpy

    tool = runpy.run_path(str(Path(__file__).parent.parent / "build" / "i18n_compile.py"))
    assert tool["compile_all"]() == [], "a UI .po catalogue does not compile"


FAST = (60, 120, 20)  # idle timeout, warning, tick (ms) for tests


def arm_idle(window: object, timings: tuple[int, int, int] = FAST) -> None:
    """Start the fast idle clock once a test's own taps are done: on a loaded machine one
    page switch can outlast a 60 ms quiet time, and the warning then takes the next tap."""
    from kiosk.ui.idle import IdleTimings

    idle = window.idle  # type: ignore[attr-defined]
    idle.apply(IdleTimings(*timings))
    idle.poke()


class FakeClock:
    """A monotonic clock the test moves by hand (lock-outs, gesture windows)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_host_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hermetic: "auto" finds no platform engine, so no test reaches the host's
    speech service (it hangs where speech-dispatcher is installed). Tests that
    mean to use an engine name it ("mock", or the real-engine tests)."""
    from kiosk import voices

    monkeypatch.setattr(voices, "PLATFORM_ENGINES", {})


@pytest.fixture(autouse=True)
def no_host_files(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Hermetic: the platform's default config and data folders point into tmp, so no
    test reads this machine's kiosk.toml or writes its data folder. Returns that root."""
    root = tmp_path_factory.mktemp("host")
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(root / "etc-xdg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "data-home"))
    return root


@pytest.fixture(scope="session")
def bundled_pack() -> ContentPack:
    return load_pack(bundled_content_dir(), assets_dir())


@pytest.fixture(scope="session")
def strings() -> Strings:
    return load_strings(assets_dir() / "i18n")


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "kiosk.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return load_config(tmp_path / "missing.toml")


@pytest.fixture
def make_window(qtbot, bundled_pack: ContentPack, strings: Strings,
                tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Build a locked kiosk window with millisecond idle timings."""
    from kiosk.ui.app import load_fonts
    from kiosk.ui.idle import IdleTimings
    from kiosk.ui.window import KioskWindow

    load_fonts()
    made: list[KioskWindow] = []

    def make(config_text: str = "", timings: tuple[int, int, int] = (600_000, 60_000, 1000),
             size: tuple[int, int] = (1920, 1080), pack: ContentPack | None = None,
             locked: bool = True, clock: Callable[[], float] = time.monotonic) -> KioskWindow:
        path = tmp_path / "kiosk.toml"
        path.write_text(config_text, encoding="utf-8")
        paths = KioskPaths(config_file=path, config_explicit=True, data_dir=tmp_path / "data")
        window = KioskWindow(load_config(path, paths.staff_settings_file),
                             pack or bundled_pack, strings, paths, locked=locked,
                             timings=IdleTimings(*timings), clock=clock)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.exit_kiosk()
