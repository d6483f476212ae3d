"""The running kiosk's side of a fleet: new packs at the welcome screen, metrics every minute.

Hooked into the window from `kiosk.ui.app.run` with one call, `attach(window,
runtime)`, and stopped with `.stop()`. It listens to the window's `navigated`
signal: a pack waiting in `PendingPack` is applied only when the welcome screen
is showing and no patient has touched it; a visit is never interrupted.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import metrics
from kiosk.content import ContentPack, load_pack
from kiosk.packs import Store
from kiosk.paths import assets_dir
from kiosk.runtime import Runtime, content_dir_for
from kiosk.session import Route, Screen
from kiosk.updater import PendingPack, Updater

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
REVIEW_MAX_DAYS = 365


class Fleet(QObject):
    ready = Signal()  # emitted from the updater thread; delivered queued on the GUI thread

    def __init__(self, window: KioskWindow, runtime: Runtime, *, watch_s: float = 30.0,
                 metrics_ms: int = int(metrics.INTERVAL_S * 1000),
                 timeout_s: float | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.runtime = runtime
        self.started = time.monotonic()
        self.store = Store(runtime.paths.data_dir)
        self.pending: PendingPack[ContentPack] = PendingPack(self.ready.emit)
        self.ready.connect(self.apply_if_welcome)
        window.navigated.connect(self._navigated)
        config = runtime.config
        extra = {} if timeout_s is None else {"timeout_s": timeout_s}
        self.updater: Updater[ContentPack] = Updater(
            self.store, self._load, self.pending,
            update_url=config.get_str("content.update_url"),
            trusted_keys=config.get_list("content.trusted_keys"),
            interval_s=config.get_int("content.update_interval_min") * 60.0,
            watch_s=watch_s, **extra)
        self.updater.start()
        folder = config.get_str("monitoring.textfile_dir")
        self.writer = metrics.MetricsWriter(Path(folder)) if folder else None
        self.timer = QTimer(self)
        if self.writer is not None:
            self.timer.timeout.connect(self.write_metrics)
            self.timer.start(metrics_ms)
            QTimer.singleShot(0, self.write_metrics)

    def _load(self) -> ContentPack | None:
        """On the updater thread: the pack the pointer names (or the configured one)."""
        config = self.runtime.config
        folder = content_dir_for(config, data_dir=self.runtime.paths.data_dir)
        pack = load_pack(folder, assets_dir(), config.get_list("kiosk.languages"))
        return pack if pack.pages else None

    def _navigated(self, route: Route) -> None:
        if route.screen is Screen.ATTRACT and self.pending.waiting:
            QTimer.singleShot(0, self.apply_if_welcome)  # after the window finished its reset

    def at_welcome(self) -> bool:
        """The welcome screen, untouched, and no staff member in the panel or at the PIN pad."""
        session, window = self.window.session, self.window
        return session.route.screen is Screen.ATTRACT and not session.touched and not (
            window.staff_panel.isVisible() or window.pin_pad.isVisible())

    def apply_if_welcome(self) -> None:
        pack = self.pending.take(self.at_welcome())
        if pack is None:
            return
        self.runtime.pack, self.runtime.content_dir = pack, pack.root
        self.window.service.use_pack(pack)  # the window resets to a fresh welcome screen
        log.info("now showing content pack %s", pack.root)

    def status(self) -> Mapping[str, object]:
        """The staff Status tab's report, plus what only the updater knows (see metrics.render)."""
        report = dataclasses.asdict(self.window.service.status())
        if self.updater.update_url:
            report["update_failures"] = self.updater.failures
        return report

    def write_metrics(self) -> None:
        if self.writer is not None:
            try:
                self.writer.submit(self.status())
            except Exception:  # metrics must never disturb a patient
                log.exception("could not collect metrics")

    def stop(self) -> None:
        self.timer.stop()
        self.updater.stop(timeout=1.0)
        if self.writer is not None:
            self.writer.close()


def attach(window: KioskWindow, runtime: Runtime) -> Fleet:
    return Fleet(window, runtime)
