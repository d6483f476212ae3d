"""The speech worker's side of its pipe to the kiosk: JSON lines in, JSON lines out.

Shared by both workers (SSIP in kiosk/ssip.py, Qt's engines in kiosk/ui/speech_worker.py)
so neither imports the other's entry point.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def emit(**event: object) -> None:
    """One event for the kiosk, as a JSON line on stdout."""
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def read_line() -> dict[str, Any] | None:
    """The next command from the kiosk; None at the end of input (the kiosk went away)."""
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict):
            return message
    return None
