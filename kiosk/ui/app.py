"""Start the real kiosk: one instance, full screen, fonts, cursor, crash handling."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEventLoop, QLockFile, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.paths import KioskPaths, assets_dir
from kiosk.ui.firstpaint import after_first_paint

# Only Qt and the paths above are imported before the saved welcome frame is painted;
# everything else is imported where it is used (logging set-up, theme, watchdog, lock),
# and so is PySide6's `Qt` namespace: building its enums costs 12-50 ms on first use.
if TYPE_CHECKING:
    from kiosk.runtime import Runtime
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
ALREADY_RUNNING = 3
FROZEN = bool(getattr(sys, "frozen", False))
SNAPSHOT_AFTER_MS = 1500  # keep the welcome frame once the start-up work has settled
TRIM_AFTER_MS = 2000


def make_app(argv: list[str] | None = None, fonts: bool = True) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("mdma-kiosk")
    app.setApplicationVersion(__version__)
    if fonts:
        load_fonts()
    return app


def load_fonts() -> None:
    """The bundled Atkinson Hyperlegible, designed for low-vision readers."""
    from kiosk.ui.style import FONT_FAMILY

    for path in sorted((assets_dir() / "fonts").glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("could not load font %s", path.name)
    font = QFont(FONT_FAMILY)
    font.setPixelSize(28)
    QApplication.setFont(font)


def acquire_lock(runtime: Runtime) -> QLockFile | None:
    """One kiosk per machine. A lock left by a crashed run is recovered by Qt (PID and
    process name check) and by a start-time check: a process that started after the
    lock was written (a reused PID) cannot own it.

    Returns the held lock, or None when another instance holds it. An unwritable
    data folder is not a reason to refuse to show patients anything.
    """
    from kiosk.single_instance import pid_reused

    lock_path = runtime.paths.lock_file
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("data folder %s not writable (%s); running without the "
                    "single-instance lock", lock_path.parent, exc)
        return QLockFile("")
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        pid, _host, _app = lock.getLockInfo()  # PySide6: (pid, hostname, app), pid 0 if none
        if not (pid > 0 and pid_reused(pid, lock_path)):
            return None
        log.warning("lock %s names process %d, which started after the lock was written "
                    "(a reused process ID): removing the stale lock", lock_path, pid)
        if lock.removeStaleLockFile() and lock.tryLock(200):
            return lock
        return None
    log.warning("cannot create lock file %s; running without it", lock_path)
    return QLockFile("")


def start(config_path: str | None, data_dir: str | None, windowed: bool = False,
          verbose: bool = False) -> int:
    """`kiosk`: paint the welcome frame saved last time, then load everything behind it."""
    splash: QWidget | None = None
    snapshot: Path | None = None
    painted_ms: int | None = None
    if not windowed:
        from kiosk.ui.snapshot import show_snapshot, snapshot_file

        app = make_app(fonts=False)
        snapshot = snapshot_file(KioskPaths.resolve(config_path, data_dir))
        splash = show_snapshot(snapshot)
        if splash is not None:
            painted: list[bool] = []
            after_first_paint(splash, lambda: painted.append(True))
            clock = QElapsedTimer()
            clock.start()
            while not painted and clock.elapsed() < 1000:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            painted_ms = clock.elapsed() if painted else None
    from kiosk.runtime import load_runtime

    return run(load_runtime(config_path, data_dir), windowed, verbose, splash, snapshot,
               painted_ms)


def run(runtime: Runtime, windowed: bool = False, verbose: bool = False,
        splash: QWidget | None = None, snapshot: Path | None = None,
        splash_painted_ms: int | None = None) -> int:
    from PySide6.QtCore import Qt

    from kiosk.logs import setup_logging
    from kiosk.ui.staff_actions import RESTART_EXIT_CODE
    from kiosk.ui.window import KioskWindow

    where = setup_logging(runtime.paths.log_dir, verbose)
    log.info("kiosk %s starting; config %s; content %s; logging to %s", __version__,
             runtime.paths.config_file, runtime.content_dir, where)
    if splash is not None and splash_painted_ms is None:
        log.warning("the saved welcome frame %s was shown but not painted within 1 s",
                    snapshot)
    elif splash is not None:
        log.info("the saved welcome frame was painted %d ms after it was shown (%s)",
                 splash_painted_ms, snapshot)
    for problem in runtime.config.problems:
        log.warning("config: %s", problem)
    for content_problem in runtime.pack.errors:
        log.warning("content: %s", content_problem)
    app = make_app()
    lock = acquire_lock(runtime)
    if lock is None:
        if splash is not None:
            splash.close()
        message = f"another kiosk is already running (lock {runtime.paths.lock_file})"
        log.error(message)
        print(f"kiosk: {message}", file=sys.stderr)
        return ALREADY_RUNNING
    if not runtime.pack.pages:
        print("kiosk: no content could be loaded; run `kiosk check` to see why",
              file=sys.stderr)
        log.error("no content could be loaded")
        return 2
    window = KioskWindow(runtime.config, runtime.pack, runtime.strings, runtime.paths,
                         locked=not windowed)
    install_crash_guard(window)
    from kiosk.ui.fleet import attach as attach_fleet

    fleet = attach_fleet(window, runtime)  # new packs at the welcome screen; metrics
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint
                              | Qt.WindowType.WindowStaysOnTopHint)
        window.apply_cursor()
        from kiosk.ui.screen_fit import show_full_screen
        from kiosk.ui.wm_guard import guard_window

        show_full_screen(window)  # covers any screen, with or without a window manager
        guard_window(window, lambda: not window.exiting)  # Super+D, Iconify, desktops
    start_watchdog(window)
    if splash is not None:
        from kiosk.ui.snapshot import hand_over

        after_first_paint(window, lambda: hand_over(splash, window))  # the real one is up
    elif not windowed:
        from kiosk.ui.snapshot import save_snapshot

        QTimer.singleShot(SNAPSHOT_AFTER_MS, lambda: save_snapshot(
            window, snapshot, window.session.route.screen.value == "attract"
            and not window.session.touched and not window.help.isVisible()))
    after_first_paint(window, lambda: QTimer.singleShot(TRIM_AFTER_MS, release_memory))
    code = app.exec()
    fleet.stop()
    window.usage.close()
    lock.unlock()
    log.info("kiosk stopped (exit %s)", code)
    if code == RESTART_EXIT_CODE:
        # Staff asked for a restart: start afresh in this process's place.
        os.execv(sys.executable, [sys.executable, *sys.argv[1:]]
                 if FROZEN else [sys.executable, "-m", "kiosk", *sys.argv[1:]])
    return code


def release_memory() -> None:
    """Give the start-up's freed memory (Markdown rendering, the welcome picture) back to
    the system: glibc keeps freed heap otherwise, and a kiosk runs for days."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def start_watchdog(window: KioskWindow) -> None:
    """Tell systemd we are up once the welcome screen is painted, then prove the GUI
    thread is alive every WATCHDOG_USEC/2 (a hung screen stops the pings and is restarted)."""
    from kiosk.watchdog import notify, watchdog_interval_ms

    def ready() -> None:
        if notify("READY=1"):
            log.info("told systemd the kiosk is ready")
        interval = watchdog_interval_ms()
        if interval is None:
            return
        timer = QTimer(window)
        timer.timeout.connect(lambda: notify("WATCHDOG=1"))
        timer.start(interval)
        notify("WATCHDOG=1")
        log.info("systemd watchdog: pinging every %d ms", interval)

    after_first_paint(window, ready)


def install_crash_guard(window: KioskWindow) -> None:
    """An exception in a slot is logged and the kiosk returns to welcome, not dies."""

    def hook(kind: type[BaseException], value: BaseException,
             trace: TracebackType | None) -> None:
        log.error("unexpected error; returning to the welcome screen",
                  exc_info=(kind, value, trace))
        try:
            window.reset_session()
        except Exception:
            log.exception("could not reset after an error")

    sys.excepthook = hook
