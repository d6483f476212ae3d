"""The staff layer of configuration: what staff change in the panel (and the PIN).

Saved atomically in the data folder, separate from IT's machine-wide file,
which staff usually cannot (and should not) write.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.atomic import atomic_write_text
from kiosk.config import Problem, merge_data, to_toml
from kiosk.settings import BY_KEY, Value


def read_staff_values(path: Path) -> dict[str, Value]:
    """Only the keys the staff file sets (a broken file reads as empty)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    values: dict[str, Value] = {}
    problems: list[Problem] = []
    # Start from a sentinel map so only keys present in the file come back.
    probe: dict[str, Value] = {key: setting.default for key, setting in BY_KEY.items()}
    merge_data(data, text, str(path), probe, problems)
    for section, table in data.items():
        if isinstance(table, dict):
            for name in table:
                key = f"{section}.{name}"
                if key in BY_KEY and not any(p.key == key for p in problems):
                    values[key] = probe[key]
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
