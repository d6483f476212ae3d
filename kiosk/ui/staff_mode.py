"""Staff mode in the window: the corner gesture, the PIN pad, the panel, the new-PIN flow.

While the panel is open the patient idle timer is paused (the window listens
to `opened`/`closed`); leaving it resets to the welcome screen.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.config import Config
from kiosk.pin import Lockout
from kiosk.service import Kiosk, PinChange
from kiosk.ui.host import Host
from kiosk.ui.staff_actions import PanelActions, WindowControls
from kiosk.ui.staff_gate import CornerTaps, PinPad
from kiosk.ui.staff_panel import StaffPanel

log = logging.getLogger(__name__)


class StaffMode(QObject):
    opened = Signal()
    closed = Signal()

    def __init__(self, window: QWidget, host: Host, service: Kiosk, controls: WindowControls,
                 clock: Callable[[], float] = time.monotonic,
                 timeout_ms: int = 60_000) -> None:
        super().__init__(window)
        config = service.config
        self.lockout = Lockout(config.get_int("staff.lockout_attempts"),
                               config.get_int("staff.lockout_s"), clock,
                               state_file=service.paths.pin_lockout_file)
        self.pin_pad = PinPad(window, host, self.lockout)
        self.pin_pad.accepted.connect(self._new_pin_entered)
        self.pin_change = PinChange(service.set_pin)
        self.actions = PanelActions(service, controls, self.ask_new_pin)
        self.panel = StaffPanel(window, self.actions, timeout_ms)
        self.panel.closed.connect(self.closed)
        self.corner = CornerTaps(window, clock)
        self.corner.triggered.connect(self.ask_pin)
        service.config_changed.append(self.apply_config)

    def apply_config(self, config: Config) -> None:
        self.lockout.attempts = config.get_int("staff.lockout_attempts")
        self.lockout.base_s = config.get_int("staff.lockout_s")

    @property
    def busy(self) -> bool:
        return self.panel.isVisible() or self.pin_pad.isVisible()

    def ask_pin(self) -> None:
        if self.busy:
            return
        log.info("staff gesture seen; asking for the PIN")
        self.pin_pad.start("enter", self.open_panel)

    def open_panel(self) -> None:
        self.opened.emit()
        self.panel.open()

    def ask_new_pin(self) -> None:
        self.pin_pad.prompt = self.pin_change.begin()
        self.pin_pad.start("new")

    def _new_pin_entered(self, pin: str) -> None:
        finished, message = self.pin_change.enter(pin)
        if finished:
            self.panel.message.setText(message)
        else:
            self.pin_pad.prompt = message
            self.pin_pad.start("new")
