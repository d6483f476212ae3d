"""Start the real kiosk: one instance, full screen, fonts, cursor, crash handling."""

from __future__ import annotations

import logging
import os
import sys
import time
from types import TracebackType

from PySide6.QtCore import QEvent, QLockFile, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.logs import setup_logging
from kiosk.paths import assets_dir
from kiosk.runtime import Runtime
from kiosk.single_instance import pid_reused
from kiosk.ui.fleet import attach as attach_fleet
from kiosk.ui.screen_fit import show_full_screen
from kiosk.ui.staff_actions import RESTART_EXIT_CODE
from kiosk.ui.style import FONT_FAMILY
from kiosk.ui.window import KioskWindow
from kiosk.ui.wm_guard import guard_window

log = logging.getLogger(__name__)
ALREADY_RUNNING = 3
FIRST_FRAME_ENV = "KIOSK_BENCH_FIRST_FRAME"  # benchmark hook, never set on a kiosk
FROZEN = bool(getattr(sys, "frozen", False))


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("mdma-kiosk")
    app.setApplicationVersion(__version__)
    load_fonts()
    return app


def load_fonts() -> None:
    """The bundled Atkinson Hyperlegible, designed for low-vision readers."""
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


def run(runtime: Runtime, windowed: bool = False, verbose: bool = False) -> int:
    where = setup_logging(runtime.paths.log_dir, verbose)
    log.info("kiosk %s starting; config %s; content %s; logging to %s", __version__,
             runtime.paths.config_file, runtime.content_dir, where)
    for problem in runtime.config.problems:
        log.warning("config: %s", problem)
    for content_problem in runtime.pack.errors:
        log.warning("content: %s", content_problem)
    app = make_app()
    lock = acquire_lock(runtime)
    if lock is None:
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
    fleet = attach_fleet(window, runtime)  # new packs at the welcome screen; metrics
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint
                              | Qt.WindowType.WindowStaysOnTopHint)
        window.apply_cursor()
        show_full_screen(window)  # covers any screen, with or without a window manager
        guard_window(window, lambda: not window.exiting)  # Super+D, Iconify, desktops
    if os.environ.get(FIRST_FRAME_ENV):
        report_first_frame(window)
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


def report_first_frame(window: KioskWindow) -> None:
    """For the benchmark only: print when the first frame is painted, then quit."""

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(f"first-frame {time.time():.6f}", flush=True)
        window.exit_kiosk()
        QApplication.exit(0)

    probe = FirstPaint(window)
    window.installEventFilter(probe)


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
