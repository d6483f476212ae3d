"""The window's side of idle: the Navigator decides, this shows the warning or resets.

The rule (warn on reading screens, quietly forget a chosen language on the
welcome screen, never while staff work) is `Navigator.idle_action`, tested
without a window; this only connects the watcher's signals to it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.config import Config
from kiosk.navigator import IdleAction, Navigator
from kiosk.session import Route, Screen
from kiosk.ui.idle import IdleTimings, IdleWatcher
from kiosk.ui.overlays import IdleOverlay

READING = frozenset({Screen.ARTICLE, Screen.STEPS, Screen.SCREENING})


class IdleGuard(QObject):
    def __init__(self, watcher: IdleWatcher, overlay: IdleOverlay,
                 navigator: Navigator, staff_busy: Callable[[], bool],
                 reset: Callable[[], None]) -> None:
        super().__init__(watcher)
        self.watcher = watcher
        self.overlay = overlay
        self.navigator = navigator
        self.staff_busy = staff_busy
        self.reset = reset
        watcher.warn.connect(self._warn)
        watcher.tick.connect(overlay.set_seconds)
        watcher.resumed.connect(overlay.dismiss)
        watcher.expired.connect(self._expired)
        overlay.stay.clicked.connect(overlay.hide)

    def _warn(self) -> None:
        action = self.navigator.idle_action(staff_open=self.staff_busy())
        if action is IdleAction.WARN:
            self.overlay.open()
            return
        self.watcher.poke()
        if action is IdleAction.RESET_QUIETLY:
            self.reset()

    def _expired(self) -> None:
        self.navigator.idle_expired()
        self.reset()

    def route_shown(self, route: Route) -> None:
        """Articles and steps get the longer reading time; menus and lists the shorter."""
        self.watcher.set_reading(route.screen in READING)

    def pause(self, paused: bool) -> None:
        """Paused while staff work, so a reset never interrupts them."""
        self.watcher.set_paused(paused)
        if paused:
            self.overlay.hide()


def timings_for(config: Config) -> IdleTimings:
    return IdleTimings.from_seconds(config.get_int("kiosk.idle_timeout_s"),
                                    config.get_int("kiosk.idle_warning_s"),
                                    config.get_int("kiosk.idle_timeout_reading_s"))
