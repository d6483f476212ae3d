"""The staff layer of configuration: what staff change in the panel (and the PIN).

Saved atomically in the data folder, separate from IT's machine-wide file,
which staff usually cannot (and should not) write. Written with a maintained
TOML writer and read back before it replaces the old file, so a save can never
leave a file that drops the PIN; a file that no longer parses is kept aside,
never silently overwritten.
"""

from __future__ import annotations

import logging
import time
import tomllib
from pathlib import Path

from kiosk.atomic import atomic_write_text
from kiosk.config import to_toml
from kiosk.settings import BY_KEY, Value

log = logging.getLogger(__name__)
HEADER = "# Written by the kiosk's staff panel and `kiosk set-pin`. Edit with care.\n"


def _valid_values(data: dict[str, object]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            setting = BY_KEY.get(f"{section}.{name}")
            if setting is not None and setting.check(value) is None:
                values[setting.key] = value
    return values


def read_staff_values(path: Path) -> dict[str, Value]:
    """Only the valid keys the staff file sets (a broken file reads as empty)."""
    try:
        return _valid_values(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _set_aside(path: Path, why: str) -> str:
    """Keep a file that no longer parses for IT to look at; say so to staff and the log."""
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    path.replace(aside)
    note = (f"the staff settings file {path} could not be read ({why}); kept it as "
            f"{aside.name} and started a new one: earlier staff changes and the staff PIN "
            "set here must be made again")
    log.error("%s", note)
    return note


def save_staff_values(path: Path, changes: dict[str, Value]) -> str | None:
    """Merge `changes` into the staff file and write it atomically.

    Returns a note for staff when a broken file had to be kept aside, else None.
    Raises OSError (cannot write) or ValueError (bad value, or the written file
    did not read back as meant); the old file is then untouched.
    """
    for key, value in changes.items():
        reason = BY_KEY[key].check(value)
        if reason:
            raise ValueError(f"{key}: {reason}")
    note = None
    try:
        values = _valid_values(tomllib.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        values = {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        note = _set_aside(path, str(exc))
        values = {}
    values.update(changes)

    def reads_back(text: str) -> None:
        try:
            again = _valid_values(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"the new staff settings file would not parse ({exc}); "
                             "nothing changed") from exc
        if again != values:
            raise ValueError("the new staff settings file did not read back as written; "
                             "nothing changed")

    atomic_write_text(path, HEADER + to_toml(values), verify=reads_back)
    return note
