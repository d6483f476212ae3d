"""What the staff panel's buttons do: the service's actions plus the few the window owns.

The panel talks to this adapter, which talks to the Qt-free `Kiosk` service
and, for reset and exit, to a narrow `WindowControls` protocol; nothing
here imports the window, so there is no import cycle.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QApplication

from kiosk.service import START_REASON_ENV, Kiosk
from kiosk.settings import Value
from kiosk.status import StatusReport
from kiosk.usage import Summary

log = logging.getLogger(__name__)
RESTART_EXIT_CODE = 75


class WindowControls(Protocol):
    def reset_session(self) -> None: ...
    def exit_kiosk(self) -> None: ...


class PanelActions:
    """Implements the panel's `StaffActions` on top of the service."""

    def __init__(self, service: Kiosk, window: WindowControls,
                 change_pin: Callable[[], None]) -> None:
        self.service = service
        self.window = window
        self.change_pin = change_pin  # the PIN pad's two-entry flow (StaffMode)
        self.quit = self._quit  # replaced in tests: ending the test's event loop is not ours

    def status(self) -> StatusReport:
        return self.service.status()

    def value(self, key: str) -> Value:
        return self.service.value(key)

    def save(self, changes: dict[str, Value]) -> str | None:
        return self.service.save_settings(changes)

    def usage(self, days: int) -> Summary:
        return self.service.usage_summary(days)

    def reset(self) -> str | None:
        self.window.reset_session()
        return None

    def reload_content(self) -> str | None:
        return self.service.reload_content()

    @staticmethod
    def _quit(code: int) -> None:
        app = QApplication.instance()
        if app is not None:
            app.exit(code)

    def restart(self) -> None:
        log.info("restart requested by staff")
        os.environ[START_REASON_ENV] = "restart requested by staff"  # read by the new process
        self.window.exit_kiosk()
        self.quit(RESTART_EXIT_CODE)

    def exit_kiosk(self) -> None:
        log.info("exit to desktop requested by staff")
        self.window.exit_kiosk()
        self.quit(0)

    def data_dir(self) -> Path:
        return self.service.paths.data_dir

    def export(self, out: Path) -> str | None:
        return self.service.export(out, new_file=True)  # never through a link
