"""The way into staff mode: a hidden gesture, then an on-screen PIN pad.

Gesture: 5 taps in the top-left corner within 3 seconds. A patient does not do
that by chance, and it needs no visible control. The PIN is never typed on a
keyboard and never shown; attempts are logged without digits. The scrypt
check runs on a worker thread, so the pad (and "Need help now?") stays live.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk import pin as pin_hashes
from kiosk.pin import Lockout, valid_pin
from kiosk.ui.host import Host
from kiosk.ui.overlays import Overlay
from kiosk.ui.widgets import make_button, make_label

log = logging.getLogger(__name__)

TAPS = 5
WINDOW_S = 3.0
CORNER_PX = 140  # at 1080p
CHECK_POLL_MS = 20
# One worker: a check is bounded (pin.MAX_WORK), and checks never overlap.
_CHECKS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pin-check")


class CornerTaps(QObject):
    """Watches presses anywhere in the app; emits `triggered` after 5 quick corner taps."""

    triggered = Signal()

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.taps: list[float] = []
        self.corner = CORNER_PX
        self.last: tuple[int, tuple[int, int]] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # A quick second tap arrives as a double-click instead of a press: count both.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick) \
                and isinstance(event, QMouseEvent) \
                and isinstance(watched, QWidget) and watched.window() is self.window:
            # One press is offered to every widget it propagates through: count it once
            # (Qt may also follow a press with a double-click of the same timestamp).
            key = (event.timestamp(), event.globalPosition().toPoint().toTuple())
            if key != self.last:
                self.last = key
                self.tap(self.window.mapFromGlobal(event.globalPosition()))
        return False

    def tap(self, point: QPointF) -> None:
        now = self.clock()
        if point.x() > self.corner or point.y() > self.corner:
            self.taps.clear()
            return
        self.taps = [t for t in self.taps if now - t <= WINDOW_S] + [now]
        if len(self.taps) >= TAPS:
            self.taps.clear()
            self.triggered.emit()


class PinPad(Overlay):
    """Digits only, big keys, dots for entered digits; locks after repeated failures."""

    accepted = Signal(str)  # the PIN, for a new-PIN flow; never logged

    def __init__(self, parent: QWidget, host: Host, lockout: Lockout) -> None:
        super().__init__(parent, host, "pin")
        self.lockout = lockout
        self.entered = ""
        self.mode = "enter"  # "enter" checks against the stored hash; "new" just returns it
        self.prompt = ""
        self.title = make_label("", "ovTitle")
        self.display = make_label("", "number", wrap=False)
        self.display.setObjectName("pinDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = make_label("", "ovMuted")
        self.message.setObjectName("pinMessage")
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for index, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0",
                                     "ok"]):
            label = {"del": "Delete", "ok": "OK"}.get(key, key)
            button = make_button(label, "primary" if key == "ok" else "nav", f"pin-{key}")
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        self.cancel = make_button("", "nav", "pinCancel")
        self.cancel.clicked.connect(self.close_pad)
        self.body.addWidget(self.title)
        self.body.addWidget(self.display)
        self.body.addWidget(self.message)
        self.body.addLayout(grid)
        self.footer.addStretch(1)
        self.footer.addWidget(self.cancel)
        self.body.addLayout(self.footer)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self.redraw)
        self.on_success: Callable[[], None] = lambda: None
        self.pending: Future[bool] | None = None
        self.poll = QTimer(self)
        self.poll.setInterval(CHECK_POLL_MS)
        self.poll.timeout.connect(self._poll_check)

    def start(self, mode: str, on_success: Callable[[], None] = lambda: None) -> None:
        self.mode = mode
        self.entered = ""
        self.on_success = on_success
        self.message.setText("")
        self.open()
        self.tick.start()

    def close_pad(self) -> None:
        self.entered = ""
        self.tick.stop()
        self.poll.stop()
        self.pending = None  # a check still running is forgotten, never acted on
        self.hide()

    @property
    def checking(self) -> bool:
        return self.pending is not None

    def stored_hash(self) -> str:
        return self.host.config.get_str("staff.pin_hash")

    def press(self, key: str) -> None:
        if (self.lockout.locked and self.mode == "enter") or self.checking:
            return
        if key == "del":
            self.entered = self.entered[:-1]
        elif key == "ok":
            self.submit()
            return
        elif len(self.entered) < 8:
            self.entered += key
        self.redraw()

    def submit(self) -> None:
        pin, self.entered = self.entered, ""
        if self.mode == "new":
            if not valid_pin(pin):
                self.message.setText("A PIN has 4 to 8 digits.")
                self.redraw()
                return
            self.close_pad()
            self.accepted.emit(pin)
            return
        self.pending = _CHECKS.submit(pin_hashes.verify_pin, pin, self.stored_hash())
        self.message.setText("Checking…")
        self.redraw()
        self.poll.start()

    def settle(self, timeout_s: float = 10.0) -> None:
        """Wait for a running check and act on it now (tests and the self-test)."""
        if self.pending is not None:
            self.pending.result(timeout=timeout_s)
            self._poll_check()

    def _poll_check(self) -> None:
        future = self.pending
        if future is None:
            self.poll.stop()
            return
        if not future.done():
            return
        self.poll.stop()
        self.pending = None
        try:
            accepted = future.result()
        except Exception:  # a check must never take the pad down
            log.exception("staff PIN check failed")
            accepted = False
        if accepted:
            log.info("staff PIN accepted")
            self.lockout.succeeded()
            self.close_pad()
            self.on_success()
            return
        self.lockout.failed()
        log.warning("wrong staff PIN (%d in a row)%s", self.lockout.failures,
                    "; PIN pad locked" if self.lockout.locked else "")
        self.message.setText("Wrong PIN.")
        self.redraw()

    def redraw(self) -> None:
        host = self.host
        if self.mode == "enter" and not self.stored_hash():
            self.title.setText("Staff mode is not set up")
            damaged = any(p.key == "staff.pin_hash" for p in host.config.problems)
            self.message.setText(
                "The staff PIN setting is damaged or too costly to check, so it is ignored. "
                "Ask your IT team to set the PIN again (kiosk set-pin); `kiosk check` shows "
                "the problem." if damaged else
                "Staff mode stays closed until your IT team sets a staff PIN for this kiosk.")
            for button in self.keys.values():
                button.hide()
            self.display.hide()
        else:
            for button in self.keys.values():
                button.show()
                button.setMinimumHeight(host.metrics.px(96))
            self.display.show()
            self.title.setText("Staff: enter PIN" if self.mode == "enter" else self.prompt)
            self.display.setText("● " * len(self.entered) or "–")  # noqa: RUF001
            locked = self.mode == "enter" and self.lockout.locked
            for button in self.keys.values():
                button.setEnabled(not locked and not self.checking)
            if locked:
                self.message.setText(f"Too many wrong PINs. Try again in "
                                     f"{self.lockout.seconds_left()} s.")
            elif self.message.text().startswith("Too many"):
                self.message.setText("")
        self.cancel.setText("Cancel")
        self.cancel.setAccessibleName("Cancel")
        self.display.setAccessibleName(f"{len(self.entered)} digits entered")
