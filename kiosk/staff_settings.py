"""The staff layer of configuration: what staff change in the panel (and the PIN).

Saved atomically in the data folder, separate from IT's machine-wide file,
which staff usually cannot (and should not) write.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.atomic import atomic_write_text
from kiosk.config import to_toml
from kiosk.settings import BY_KEY, Value


def read_staff_values(path: Path) -> dict[str, Value]:
    """Only the valid keys the staff file sets (a broken file reads as empty)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    values: dict[str, Value] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            setting = BY_KEY.get(f"{section}.{name}")
            if setting is not None and setting.check(value) is None:
                values[setting.key] = value
    return values


def save_staff_values(path: Path, changes: dict[str, Value]) -> None:
    """Merge `changes` into the staff file and write it atomically (raises OSError)."""
    for key, value in changes.items():
        reason = BY_KEY[key].check(value)
        if reason:
            raise ValueError(f"{key}: {reason}")
    values = read_staff_values(path)
    values.update(changes)
    header = "# Written by the kiosk's staff panel and `kiosk set-pin`. Edit with care.\n"
    atomic_write_text(path, header + to_toml(values))
