"""Logging to a rotating file: one line per event, never patient data."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RecentErrors(logging.Handler):
    """Keeps the last warnings and errors in memory for the staff status page."""

    def __init__(self, keep: int = 20) -> None:
        super().__init__(level=logging.WARNING)
        self.keep = keep
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))
        del self.records[:-self.keep]


RECENT = RecentErrors()


def setup_logging(log_dir: Path | None, verbose: bool = False) -> str:
    """Log to `log_dir/kiosk.log` (5 x 1 MiB); falls back to stderr if it is unwritable.

    Returns a one-line description of where logs go, for `check` and staff.
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "kiosk", False):
            root.removeHandler(handler)
    formatter = logging.Formatter(FORMAT)
    RECENT.setFormatter(formatter)
    RECENT.kiosk = True  # type: ignore[attr-defined]
    root.addHandler(RECENT)
    where = "stderr"
    handler: logging.Handler
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                log_dir / "kiosk.log", maxBytes=1_048_576, backupCount=5, encoding="utf-8")
            where = str(log_dir / "kiosk.log")
        except OSError as exc:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(formatter)
            handler.kiosk = True  # type: ignore[attr-defined]
            root.addHandler(handler)
            logging.getLogger(__name__).warning(
                "cannot write logs to %s (%s); logging to stderr", log_dir, exc)
            return where
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return where
