"""IT commands that need no screen: `kiosk set-pin` and `kiosk stats export`."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kiosk.pin import hash_pin, valid_pin
from kiosk.runtime import Runtime
from kiosk.staff_settings import save_staff_values
from kiosk.usage import UsageLog

Printer = Callable[[str], None]


def read_pin(stdin: TextIO, ask: Callable[[str], str] = getpass.getpass) -> str | None:
    """From a terminal: asked twice, hidden. Piped: the first line. None if unusable."""
    if stdin.isatty():
        first = ask("New staff PIN (4 to 8 digits): ")
        if ask("Same PIN again: ") != first:
            print("kiosk set-pin: the two PINs differ; nothing changed", file=sys.stderr)
            return None
        return first
    return stdin.readline().strip()


def set_pin(runtime: Runtime, stdin: TextIO, print_only: bool, out: Printer = print) -> int:
    pin = read_pin(stdin)
    if pin is None:
        return 1
    if not valid_pin(pin):
        out("kiosk set-pin: a PIN has 4 to 8 digits; nothing changed")
        return 1
    hashed = hash_pin(pin)
    if print_only:
        # For IT's machine-wide file, pushed to many kiosks by their own tools.
        out(f'[staff]\npin_hash = "{hashed}"')
        return 0
    target = runtime.paths.staff_settings_file
    try:
        note = save_staff_values(target, {"staff.pin_hash": hashed})
    except (OSError, ValueError) as exc:
        out(f"kiosk set-pin: cannot write {target}: {exc}")
        return 1
    if note:
        out(f"kiosk set-pin: warning: {note}")
    out(f"staff PIN set (salted scrypt hash in {target})")
    return 0


def export_stats(runtime: Runtime, out_file: str, since: str | None,
                 out: Printer = print) -> int:
    try:
        start = dt.date.fromisoformat(since) if since else None
    except ValueError:
        out(f"kiosk stats export: --since {since!r} is not a date like 2026-11-01")
        return 2
    usage = UsageLog(runtime.paths.usage_db, enabled=True,
                     retention_days=runtime.config.get_int("usage.retention_days"))
    try:
        rows = usage.export_csv(Path(out_file), start)
    except OSError as exc:
        out(f"kiosk stats export: {exc}")
        return 1
    finally:
        usage.close()
    out(f"wrote {rows} rows to {out_file}")
    return 0
