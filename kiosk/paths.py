"""Where the kiosk finds its bundled files and writes its own.

Frozen (PyInstaller) and source installs differ only in the resource root, so
every other module asks here instead of guessing from ``__file__``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kiosk import APP_NAME

CONFIG_ENV = "KIOSK_CONFIG"
DATA_ENV = "KIOSK_DATA_DIR"
CONFIG_FILE_NAME = "kiosk.toml"


def resource_root() -> Path:
    """The folder holding ``content/`` and ``assets/`` (the bundle root when frozen)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def bundled_content_dir() -> Path:
    return resource_root() / "content"


def assets_dir() -> Path:
    return resource_root() / "assets"


def default_config_file() -> Path:
    """The machine-wide file IT writes: the platform's site config directory."""
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class KioskPaths:
    """The resolved locations for one run; built once from CLI flags and environment."""

    config_file: Path
    config_explicit: bool
    data_dir: Path

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def staff_settings_file(self) -> Path:
        return self.data_dir / "staff-settings.toml"

    @property
    def pin_lockout_file(self) -> Path:
        return self.data_dir / "pin-lockout.json"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "kiosk.lock"

    @property
    def usage_db(self) -> Path:
        return self.data_dir / "usage.sqlite3"

    @classmethod
    def resolve(cls, config: str | None = None, data_dir: str | None = None) -> KioskPaths:
        """Flag beats environment beats platform default, for both locations."""
        env_config = os.environ.get(CONFIG_ENV)
        chosen = config or env_config
        env_data = os.environ.get(DATA_ENV)
        data = data_dir or env_data
        return cls(
            config_file=Path(chosen) if chosen else default_config_file(),
            config_explicit=bool(chosen),
            data_dir=Path(data) if data else default_data_dir(),
        )
