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


_OURS: list[logging.Handler] = []
_WHERE = ["stderr"]


def log_location() -> str:
    return _WHERE[0]


def setup_logging(log_dir: Path | None, verbose: bool = False) -> str:
    """Log to `log_dir/kiosk.log` (5 x 1 MiB); falls back to stderr if it is unwritable.

    Returns where logs go, for `check` and the staff status page.
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for old in _OURS:
        root.removeHandler(old)
    _OURS.clear()
    formatter = logging.Formatter(FORMAT)
    where = "stderr"
    problem = ""
    handler: logging.Handler = logging.StreamHandler(sys.stderr)
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                log_dir / "kiosk.log", maxBytes=1_048_576, backupCount=5, encoding="utf-8")
            where = str(log_dir / "kiosk.log")
        except OSError as exc:
            problem = f"cannot write logs to {log_dir} ({exc}); logging to stderr"
    for ours in (handler, RECENT):
        ours.setFormatter(formatter)
        root.addHandler(ours)
        _OURS.append(ours)
    if problem:
        logging.getLogger(__name__).warning(problem)
    _WHERE[0] = where
    return where
