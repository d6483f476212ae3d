"""Anonymous usage counts in a local SQLite file.

What is stored, and nothing else: which page was shown (id and language), the
hour and day it was shown, a coarse time-on-page bucket, and counts of visits,
finished step-throughs and idle resets. Never free text, never checklist
answers, never anything about a person. A broken database is moved aside; a
full or read-only disk turns counting off. The kiosk never stops for counting.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

BUCKETS = ((10, "under 10 s"), (30, "10-30 s"), (60, "30-60 s"), (180, "1-3 min"))
LONGEST = "over 3 min"
EVENTS = ("visit", "steps_completed", "idle_reset", "finished")
SCHEMA = """
CREATE TABLE IF NOT EXISTS page_views (
    day TEXT NOT NULL, hour INTEGER NOT NULL, page_id TEXT NOT NULL, lang TEXT NOT NULL,
    time_bucket TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    day TEXT NOT NULL, hour INTEGER NOT NULL, kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS page_views_day ON page_views(day);
CREATE INDEX IF NOT EXISTS events_day ON events(day);
"""


def bucket(seconds: float) -> str:
    for limit, name in BUCKETS:
        if seconds < limit:
            return name
    return LONGEST


@dataclass(frozen=True)
class Summary:
    views: dict[str, int]  # page id -> views
    events: dict[str, int]
    days: int


class UsageLog:
    """Counting that degrades to nothing rather than failing; `status` says why."""

    def __init__(self, path: Path, enabled: bool = True, retention_days: int = 365,
                 now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.path = path
        self.now = now
        self.retention_days = retention_days
        self.status = "off (turned off in settings)"
        self.db: sqlite3.Connection | None = None
        if enabled:
            self._open()

    @property
    def enabled(self) -> bool:
        return self.db is not None

    def set_enabled(self, enabled: bool) -> None:
        """Staff turned counting on or off: it takes effect now, not at the next start."""
        if enabled and self.db is None:
            self._open()
        elif not enabled and self.db is not None:
            self.close()
            self.status = "off (turned off in settings)"
            log.info("usage counting turned off in settings")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=2, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        db.execute("SELECT count(*) FROM page_views").fetchone()
        db.execute("PRAGMA quick_check").fetchone()
        return db

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._connect()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "readonly" not in str(exc) and \
                    "unable to open" in str(exc):
                self._off(f"cannot open {self.path} ({exc})")
                return
            self._set_aside(exc)
        except OSError as exc:
            self._off(f"cannot create {self.path.parent} ({exc})")
            return
        if self.db is not None:
            self.status = f"on ({self.path})"
            self.prune()

    def _set_aside(self, exc: Exception) -> None:
        """A corrupted file is kept for inspection under a new name; counting starts over."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        log.error("usage database %s is damaged (%s); moved to %s and starting a new one",
                  self.path, exc, aside)
        try:
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(self.path) + suffix)
                if part.exists():
                    part.rename(Path(str(aside) + suffix))
            self.db = self._connect()
        except (OSError, sqlite3.DatabaseError) as again:
            self._off(f"cannot replace damaged database ({again})")

    def _off(self, why: str) -> None:
        self.db = None
        self.status = f"off: {why}"
        log.warning("usage counting turned off: %s", why)

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        if self.db is None:
            return
        db = self.db
        try:
            db.execute(sql, params)
        except sqlite3.Error as exc:  # full disk, read-only, damaged mid-run
            self._off(f"write failed ({exc})")
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def _stamp(self) -> tuple[str, int]:
        moment = self.now()
        return moment.date().isoformat(), moment.hour

    def page_view(self, page_id: str, lang: str, seconds: float) -> None:
        day, hour = self._stamp()
        self._write("INSERT INTO page_views VALUES (?, ?, ?, ?, ?)",
                    (day, hour, page_id, lang, bucket(seconds)))

    def event(self, kind: str) -> None:
        if kind not in EVENTS:
            raise ValueError(kind)
        day, hour = self._stamp()
        self._write("INSERT INTO events VALUES (?, ?, ?)", (day, hour, kind))

    def prune(self) -> None:
        cutoff = (self.now().date() - dt.timedelta(days=self.retention_days)).isoformat()
        self._write("DELETE FROM page_views WHERE day < ?", (cutoff,))
        self._write("DELETE FROM events WHERE day < ?", (cutoff,))

    def summary(self, days: int) -> Summary:
        """Counts for the last `days` days, today included."""
        if self.db is None:
            return Summary({}, {}, days)
        since = (self.now().date() - dt.timedelta(days=days - 1)).isoformat()
        try:
            views = dict(self.db.execute(
                "SELECT page_id, count(*) FROM page_views WHERE day >= ? GROUP BY page_id "
                "ORDER BY count(*) DESC", (since,)).fetchall())
            events = dict(self.db.execute(
                "SELECT kind, count(*) FROM events WHERE day >= ? GROUP BY kind",
                (since,)).fetchall())
        except sqlite3.Error as exc:
            log.warning("cannot read usage counts: %s", exc)
            return Summary({}, {}, days)
        return Summary(views, events, days)

    def export_csv(self, out: Path, since: dt.date | None = None) -> int:
        """Write one row per day, hour, page, language and time bucket; returns rows."""
        if self.db is None:
            raise OSError(f"usage counting is {self.status}")
        start = (since or dt.date.min).isoformat()
        rows = self.db.execute(
            "SELECT day, hour, 'page_view', page_id, lang, time_bucket, count(*) FROM page_views "
            "WHERE day >= ? GROUP BY day, hour, page_id, lang, time_bucket "
            "UNION ALL SELECT day, hour, kind, '', '', '', count(*) FROM events WHERE day >= ? "
            "GROUP BY day, hour, kind ORDER BY 1, 2, 3, 4", (start, start)).fetchall()
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["day", "hour", "kind", "page_id", "lang", "time_on_page", "count"])
            writer.writerows(rows)
        tmp.replace(out)
        return len(rows)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
