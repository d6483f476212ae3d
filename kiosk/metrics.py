"""Prometheus metrics for node_exporter's textfile collector: how a fleet is watched.

The kiosk's status (a plain mapping: the fields of kiosk.status.StatusReport,
`dataclasses.asdict()` of it) is turned into the Prometheus text format with
prometheus-client's own writer and written atomically (temp file, fsync,
rename) to `<textfile_dir>/kiosk.prom` every minute, on a worker thread.
Missing fields are left out, never guessed. Nothing about a patient is in the
status, so nothing about a patient can reach the file. Qt-free.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from prometheus_client import CollectorRegistry, Gauge, generate_latest

from kiosk.atomic import atomic_write_text

log = logging.getLogger(__name__)
FILE_NAME = "kiosk.prom"
INTERVAL_S = 60.0
_LABEL = re.compile(r"[^A-Za-z0-9 ._:/()-]")


def _label(value: object, limit: int = 64) -> str:
    """A short, tame label value (free text would explode series and could leak detail)."""
    return _LABEL.sub("", str(value))[:limit] if value is not None else ""


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    return None


def render(status: Mapping[str, object], now: float | None = None) -> str:
    """The Prometheus text exposition of one status snapshot."""
    registry = CollectorRegistry()

    def gauge(name: str, help_text: str, value: float | None,
              labels: Mapping[str, str] | None = None) -> None:
        if value is None:
            return
        metric = Gauge(name, help_text, list(labels or {}), registry=registry)
        (metric.labels(**labels) if labels else metric).set(value)

    gauge("kiosk_up", "1 while the kiosk writes this file (its age shows when it stopped).", 1)
    gauge("kiosk_metrics_written_timestamp_seconds", "When this file was written.",
          time.time() if now is None else now)
    gauge("kiosk_info", "Kiosk and content versions (value always 1).", 1,
          {"version": _label(status.get("version", "")),
           "content_version": _label(status.get("content_version", ""))})
    gauge("kiosk_uptime_seconds", "Seconds since the kiosk started.",
          _number(status.get("uptime_s")))
    gauge("kiosk_content_review_due_days",
          "Days until the oldest page's facts are 12 months old; negative: overdue.",
          _number(status.get("review_due_in_days")))
    gauge("kiosk_visits_today", "Visits started today (anonymous count).",
          _number(status.get("visits_today")))
    gauge("kiosk_content_update_failures",
          "Failed content update checks in a row (only when update_url is set).",
          _number(status.get("update_failures")))
    usage = status.get("usage_enabled")
    gauge("kiosk_usage_counting", "1 when anonymous usage counting works.",
          _number(usage) if usage is not None else None)
    last_error = status.get("last_error")
    if last_error is not None:
        gauge("kiosk_last_error_present", "1 when the log has an error since the start.",
              1.0 if last_error else 0.0)
    if status.get("last_start_reason") is not None:
        gauge("kiosk_start_info", "Why the kiosk last started (value always 1).", 1,
              {"reason": _label(str(status["last_start_reason"]).split(" ")[0], 32)})
    if status.get("speech") is not None:
        gauge("kiosk_speech_info", "Read-aloud state (value always 1).", 1,
              {"state": _label(str(status["speech"]).split(" ")[0].strip(":;,"), 32)})
    return generate_latest(registry).decode("utf-8")


def write(folder: Path, status: Mapping[str, object], now: float | None = None) -> Path:
    """Write `kiosk.prom` atomically (node_exporter never reads half a file)."""
    target = folder / FILE_NAME
    atomic_write_text(target, render(status, now))
    return target


class MetricsWriter:
    """Writes off the calling thread; one write at a time, failures logged, never raised."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-metrics")
        self.last_error = ""

    def submit(self, status: Mapping[str, object]) -> Future[None]:
        snapshot = dict(status)  # the caller's object may change while we write
        return self._pool.submit(self._write, snapshot)

    def _write(self, status: Mapping[str, object]) -> None:
        try:
            write(self.folder, status)
            self.last_error = ""
        except (OSError, ValueError) as exc:
            if str(exc) != self.last_error:
                log.warning("cannot write metrics to %s: %s", self.folder, exc)
            self.last_error = str(exc)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


Collector = Callable[[], Mapping[str, object]]
