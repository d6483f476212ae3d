"""Idle detection: one application-wide event filter and two timers.

Intervals are constructor arguments so tests run them in milliseconds and wait
on signals instead of sleeping. QTimer runs on a monotonic clock, so a wall
clock jump cannot fire or stall a reset.

The watcher can be held for named reasons (staff at work, the crisis panel
open): while any hold is on, no warning appears and nothing is reset, so the
idle timer never covers or closes "Need help now?".
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.Wheel, QEvent.Type.KeyPress,
})


@dataclass(frozen=True)
class IdleTimings:
    """Milliseconds: quiet time before the warning, countdown length, countdown tick."""

    timeout_ms: int
    warning_ms: int
    tick_ms: int = 1000
    reading_ms: int = 0  # quiet time on reading screens (articles, steps); 0: as timeout_ms

    @classmethod
    def from_seconds(cls, timeout_s: int, warning_s: int, reading_s: int = 0) -> IdleTimings:
        return cls(timeout_s * 1000, warning_s * 1000, reading_ms=reading_s * 1000)

    def quiet_ms(self, reading: bool) -> int:
        return self.reading_ms if reading and self.reading_ms else self.timeout_ms


class IdleWatcher(QObject):
    """Emits `warn` after quiet time, `tick(seconds_left)` during the countdown,
    `expired` when it ends, and `resumed` when a touch cancels it.

    A `warn` handler that calls `poke()` (nothing to warn about, e.g. on the
    welcome screen) cancels that round: no countdown, no `expired`, so no idle
    reset is ever counted where there was no visit.
    """

    warn = Signal()
    tick = Signal(int)
    expired = Signal()
    resumed = Signal()

    def __init__(self, timings: IdleTimings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timings = timings
        self.holds: set[str] = set()
        self.quiet = QTimer(self)
        self.quiet.setSingleShot(True)
        self.quiet.timeout.connect(self._warn)
        self.countdown = QTimer(self)
        self.countdown.timeout.connect(self._tick)
        self.left_ms = 0
        self.reading = False
        self._poked = False
        self._watched: dict[QObject, str] = {}
        self.apply(timings)

    @property
    def paused(self) -> bool:
        return bool(self.holds)

    def apply(self, timings: IdleTimings) -> None:
        self.timings = timings
        self.quiet.setInterval(timings.quiet_ms(self.reading))
        self.countdown.setInterval(timings.tick_ms)
        if not self.paused:
            self.quiet.start()

    def set_reading(self, reading: bool) -> None:
        """A reading screen (article, steps) gets the longer quiet time; the clock restarts."""
        if reading != self.reading:
            self.reading = reading
            self.apply(self.timings)

    @property
    def warning(self) -> bool:
        return self.countdown.isActive()

    def set_paused(self, paused: bool) -> None:
        """Paused while staff work, so a reset never interrupts them."""
        self.hold("staff", paused)

    def hold(self, reason: str, on: bool = True) -> None:
        """Add or lift one reason to stop the clock; it runs again when none is left."""
        was = self.paused
        if on:
            self.holds.add(reason)
        else:
            self.holds.discard(reason)
        if self.paused:
            self.quiet.stop()
            if self.countdown.isActive():
                self.countdown.stop()
                self.resumed.emit()
        elif was:
            self.quiet.start()

    def hold_while_visible(self, widget: QWidget, reason: str) -> None:
        """Hold the clock for as long as `widget` is shown (the crisis panel)."""
        self._watched[widget] = reason
        widget.installEventFilter(self)
        if widget.isVisible():
            self.hold(reason)

    def poke(self) -> None:
        """Someone is here: cancel any countdown and start the quiet time again."""
        self._poked = True
        if self.countdown.isActive():
            self.countdown.stop()
            self.resumed.emit()
        if not self.paused:
            self.quiet.start()

    def _warn(self) -> None:
        self._poked = False
        self.left_ms = self.timings.warning_ms
        self.warn.emit()
        if self._poked or self.paused:
            return  # the handler said there is nobody to warn
        self.tick.emit(self._seconds_left())
        self.countdown.start()

    def _seconds_left(self) -> int:
        return max(0, -(-self.left_ms // 1000))

    def _tick(self) -> None:
        self.left_ms -= self.timings.tick_ms
        if self.left_ms <= 0:
            self.countdown.stop()
            self.expired.emit()
            if not self.paused:
                self.quiet.start()
            return
        self.tick.emit(self._seconds_left())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in INPUT_EVENTS:
            self.poke()
        elif kind in (QEvent.Type.Show, QEvent.Type.Hide) and watched in self._watched:
            self.hold(self._watched[watched], kind == QEvent.Type.Show)
        return False
