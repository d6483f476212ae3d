"""The kiosk side of staff mode: what the panel's buttons do to the running kiosk."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from kiosk.config import load_config
from kiosk.content import load_content
from kiosk.logs import log_location
from kiosk.paths import KioskPaths, assets_dir, bundled_content_dir
from kiosk.pin import hash_pin
from kiosk.runtime import content_dir_for
from kiosk.settings import Value
from kiosk.staff_settings import save_staff_values
from kiosk.usage import Summary, UsageLog

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
RESTART_EXIT_CODE = 75


class WindowStaffActions:
    def __init__(self, window: KioskWindow, paths: KioskPaths, usage: UsageLog) -> None:
        self.window = window
        self.quit = self._quit  # replaced in tests: ending the test's event loop is not ours
        self.paths = paths
        self.usage_log = usage
        self._started = time.monotonic()

    def started(self) -> float:
        return self._started

    def config_sources(self) -> list[str]:
        return list(self.window.config.sources)

    def content_summary(self) -> str:
        pack = self.window.pack
        dates = sorted({p.reviewed for pages in pack.pages.values() for p in pages.values()
                        if p.reviewed})
        pages = sum(len(p) for p in pack.pages.values())
        reviewed = f"reviewed {dates[0]}" + (f" to {dates[-1]}" if dates[-1] != dates[0] else "") \
            if dates else "no review dates"
        return f"{pack.root} ({', '.join(pack.languages)}; {pages} pages; {reviewed})"

    def usage_status(self) -> str:
        return self.usage_log.status

    def log_location(self) -> str:
        return log_location()

    def problems(self) -> list[str]:
        return [str(p) for p in self.window.config.problems] + \
            [str(p) for p in self.window.pack.problems]

    def value(self, key: str) -> Value:
        return self.window.config.values[key]

    def save(self, changes: dict[str, Value]) -> str | None:
        try:
            save_staff_values(self.paths.staff_settings_file, changes)
        except (OSError, ValueError) as exc:
            log.error("could not save staff settings: %s", exc)
            return str(exc)
        log.info("staff changed settings: %s", ", ".join(sorted(changes)))
        self.reload_config()
        return None

    def reload_config(self) -> None:
        config = load_config(self.paths.config_file, self.paths.staff_settings_file,
                             require_machine_file=self.paths.config_explicit)
        self.window.apply_config(config)
        self.usage_log.retention_days = config.get_int("usage.retention_days")

    def usage(self, days: int) -> Summary:
        return self.usage_log.summary(days)

    def reset(self) -> str | None:
        self.window.reset_session()
        return None

    def reload_content(self) -> str | None:
        config = self.window.config
        pack, _, _ = load_content(content_dir_for(config), assets_dir(),
                                  config.get_list("kiosk.languages"), bundled_content_dir(),
                                  fallback=False)
        if not pack.pages:
            return "the content folder has no usable pages; kept the content already shown"
        self.window.pack = pack
        self.window.reset_session()
        log.info("content reloaded from %s (%d problems)", pack.root, len(pack.problems))
        return None

    def change_pin(self) -> None:
        self.window.ask_new_pin()

    def set_pin(self, pin: str) -> str | None:
        return self.save({"staff.pin_hash": hash_pin(pin)})

    @staticmethod
    def _quit(code: int) -> None:
        app = QApplication.instance()
        if app is not None:
            app.exit(code)

    def restart(self) -> None:
        log.info("restart requested by staff")
        self.window.exit_kiosk()
        self.quit(RESTART_EXIT_CODE)

    def exit_kiosk(self) -> None:
        log.info("exit to desktop requested by staff")
        self.window.exit_kiosk()
        self.quit(0)

    def data_dir(self) -> Path:
        return self.paths.data_dir

    def export(self, out: Path) -> str | None:
        try:
            rows = self.usage_log.export_csv(out)
        except OSError as exc:
            log.error("usage export to %s failed: %s", out, exc)
            return str(exc)
        log.info("usage exported to %s (%d rows)", out, rows)
        return None
