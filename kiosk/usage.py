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
import io
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic import atomic_write_bytes, write_new_file

log = logging.getLogger(__name__)

BUCKETS = ((10, "under 10 s"), (30, "10-30 s"), (60, "30-60 s"), (180, "1-3 min"))
LONGEST = "over 3 min"
PRUNE_WINDOW_DAYS = 31  # the most days of counts one prune may delete
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
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            db.execute("SELECT count(*) FROM page_views").fetchone()
            verdict = db.execute("PRAGMA quick_check").fetchone()
            if verdict is None or verdict[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {verdict}")
        except BaseException:
            db.close()
            raise
        return db

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._off(f"cannot create {self.path.parent} ({exc})")
            return
        try:
            self.db = self._connect()
        except sqlite3.Error as exc:
            # A full or read-only disk, a lock or an I/O error is not damage: only a
            # failed integrity check moves the file aside (it holds the clinic's counts).
            if self._damaged():
                self._set_aside(exc)
            else:
                self._off(f"cannot open {self.path} ({exc})")
                return
        if self.db is not None:
            self.status = f"on ({self.path})"
            self.prune()

    def _damaged(self) -> bool:
        """True only when SQLite reads the file and says it is damaged."""
        if not self.path.exists():
            return False
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        except sqlite3.Error:
            return False
        try:
            return db.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        except sqlite3.OperationalError:
            return False  # cannot read it now (I/O, lock, no room for the -shm file)
        except sqlite3.DatabaseError:
            return True  # not a database, or malformed
        finally:
            db.close()

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
        """Delete rows older than the retention period, measured from the newest row.

        A clock that jumped ahead (to 2029, say) must not wipe the counts: the age
        of a row is taken from the newest row when the clock is ahead of it, and
        one prune never deletes more than PRUNE_WINDOW_DAYS of days.
        """
        if self.db is None:
            return
        try:
            newest, oldest = self.db.execute(
                "SELECT max(day), min(day) FROM (SELECT day FROM page_views "
                "UNION ALL SELECT day FROM events)").fetchone()
        except sqlite3.Error as exc:
            log.warning("cannot read usage counts to prune them: %s", exc)
            return
        if newest is None:
            return
        today = self.now().date()
        try:
            reference = min(today, dt.date.fromisoformat(newest))
            first = dt.date.fromisoformat(oldest)
        except ValueError:
            return
        if reference < today - dt.timedelta(days=1):
            log.info("usage: newest count is from %s, today is %s; retention counted from "
                     "%s", newest, today, reference)
        cutoff = reference - dt.timedelta(days=self.retention_days)
        limit = first + dt.timedelta(days=PRUNE_WINDOW_DAYS)
        if cutoff > limit:
            log.info("usage: deleting counts before %s only (at most %d days per start)",
                     limit, PRUNE_WINDOW_DAYS)
            cutoff = limit
        self._write("DELETE FROM page_views WHERE day < ?", (cutoff.isoformat(),))
        self._write("DELETE FROM events WHERE day < ?", (cutoff.isoformat(),))

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

    def export_csv(self, out: Path, since: dt.date | None = None, *,
                   new_file: bool = False) -> int:
        """Write one row per day, hour, page, language and time bucket; returns rows.

        Never follows a link at the destination: with `new_file` (a USB stick,
        whose files anyone may have planted) only a new file is created, in that
        very folder; otherwise a temp file is renamed over `out` (a rename replaces
        a link, it does not write through it).
        """
        if self.db is None:
            raise OSError(f"usage counting is {self.status}")
        start = (since or dt.date.min).isoformat()
        rows = self.db.execute(
            "SELECT day, hour, 'page_view', page_id, lang, time_bucket, count(*) FROM page_views "
            "WHERE day >= ? GROUP BY day, hour, page_id, lang, time_bucket "
            "UNION ALL SELECT day, hour, kind, '', '', '', count(*) FROM events WHERE day >= ? "
            "GROUP BY day, hour, kind ORDER BY 1, 2, 3, 4", (start, start)).fetchall()
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(["day", "hour", "kind", "page_id", "lang", "time_on_page", "count"])
        writer.writerows(rows)
        data = text.getvalue().encode("utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        if new_file:
            write_new_file(out, data)
        else:
            atomic_write_bytes(out, data)
        return len(rows)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
