"""The kiosk as a service: one object that owns the running state and performs every action.

Config, content pack, UI strings, usage counts and staff settings live here,
and so does every staff action (save and apply settings, reload content, set
the PIN, export counts, status). The window, the staff panel and the CLI call
it; they learn about changes through plain callbacks, so the core stays
Qt-free and each action is tested without a window.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kiosk import __version__
from kiosk.config import Config, load_config
from kiosk.content import ContentPack, load_content
from kiosk.i18n import Strings
from kiosk.logs import RECENT, log_location
from kiosk.paths import KioskPaths, assets_dir, bundled_content_dir
from kiosk.pin import hash_pin
from kiosk.runtime import Runtime, content_dir_for
from kiosk.settings import Value
from kiosk.staff_settings import save_staff_values
from kiosk.status import StatusReport, content_facts
from kiosk.usage import Summary, UsageLog

log = logging.getLogger(__name__)
# Set before a staff restart; the new process reads it for its status report.
START_REASON_ENV = "KIOSK_START_REASON"
ERROR_MARKS = (" ERROR ", " CRITICAL ")


def last_error_in(lines: list[str]) -> str:
    return next((line.strip() for line in reversed(lines)
                 if any(mark in line for mark in ERROR_MARKS)), "")


def last_logged_error(log_file: Path) -> str:
    """The newest error line of a log file (its last 64 KiB); empty when none or unreadable."""
    try:
        with log_file.open("rb") as handle:
            handle.seek(max(0, log_file.stat().st_size - 65_536))
            tail = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return last_error_in(tail.splitlines())


class Kiosk:
    """The running kiosk's state and actions; errors come back as text for staff, never raise."""

    def __init__(self, config: Config, pack: ContentPack, strings: Strings, paths: KioskPaths,
                 *, usage: UsageLog | None = None, clock: Callable[[], float] = time.monotonic,
                 today: Callable[[], dt.date] = dt.date.today,
                 start_reason: str | None = None) -> None:
        self.config = config
        self.pack = pack
        self.strings = strings
        self.paths = paths
        self.usage = usage or UsageLog(paths.usage_db, config.get_bool("usage.enabled"),
                                       config.get_int("usage.retention_days"))
        self.clock = clock
        self.today = today
        self.started = clock()
        self.start_reason = start_reason or os.environ.pop(START_REASON_ENV, "") or "started"
        # The UI replaces this with its speech engine's state.
        self.speech_state: Callable[[], str] = lambda: \
            f"not started (setting {self.config.get_str('kiosk.speech_engine')!r})"
        self.config_changed: list[Callable[[Config], None]] = []
        self.content_changed: list[Callable[[ContentPack], None]] = []

    # --- counting ---------------------------------------------------------------
    def count(self, kind: str) -> None:
        self.usage.event(kind)

    def page_view(self, page_id: str, lang: str, seconds: float) -> None:
        self.usage.page_view(page_id, lang, seconds)

    def usage_summary(self, days: int) -> Summary:
        return self.usage.summary(days)

    # --- settings -------------------------------------------------------------
    def value(self, key: str) -> Value:
        return self.config.values[key]

    def save_settings(self, changes: dict[str, Value]) -> str | None:
        """Write the staff file atomically, then apply the result at once (no restart)."""
        try:
            save_staff_values(self.paths.staff_settings_file, changes)
        except (OSError, ValueError) as exc:
            log.error("could not save staff settings: %s", exc)
            return str(exc)
        log.info("staff changed settings: %s", ", ".join(sorted(changes)))
        self.reload_config()
        return None

    def reload_config(self) -> None:
        self.apply_config(load_config(self.paths.config_file, self.paths.staff_settings_file,
                                      require_machine_file=self.paths.config_explicit))

    def apply_config(self, config: Config) -> None:
        """Use `config` now: counting on/off and retention here, the rest by subscribers."""
        self.config = config
        self.usage.retention_days = config.get_int("usage.retention_days")
        self.usage.set_enabled(config.get_bool("usage.enabled"))
        for listener in self.config_changed:
            listener(config)

    def set_pin(self, pin: str) -> str | None:
        return self.save_settings({"staff.pin_hash": hash_pin(pin)})

    # --- content -----------------------------------------------------------------
    def reload_content(self) -> str | None:
        """Load the content folder again; a pack with no usable page keeps the old one."""
        config = self.config
        pack, _, _ = load_content(content_dir_for(config, data_dir=self.paths.data_dir),
                                  assets_dir(), config.get_list("kiosk.languages"),
                                  bundled_content_dir(), fallback=False)
        if not pack.pages:
            return "the content folder has no usable pages; kept the content already shown"
        self.use_pack(pack)
        return None

    def use_pack(self, pack: ContentPack) -> None:
        """Show this pack from now on (a reload, or a signed pack taken at the welcome screen)."""
        self.pack = pack
        log.info("content from %s (%d problems)", pack.root, len(pack.problems))
        for listener in self.content_changed:
            listener(pack)

    # --- export and status ------------------------------------------------------
    def export(self, out: Path, new_file: bool = False) -> str | None:
        """`new_file`: create only, never replace (a USB stick someone else may have prepared)."""
        try:
            rows = self.usage.export_csv(out, new_file=new_file)
        except OSError as exc:
            log.error("usage export to %s failed: %s", out, exc)
            return str(exc)
        log.info("usage exported to %s (%d rows)", out, rows)
        return None

    def status(self, running: bool = True) -> StatusReport:
        """The report staff see; `running=False` for a CLI reading from outside."""
        facts = content_facts(self.pack, self.today())
        recent = list(RECENT.records[-8:])
        last_error = last_error_in(recent) if running else \
            last_logged_error(self.paths.log_dir / "kiosk.log")
        return StatusReport(
            version=__version__,
            content_version=facts.version,
            content_root=facts.root,
            content_languages=facts.languages,
            content_pages=facts.pages,
            reviewed_oldest=facts.oldest.isoformat() if facts.oldest else None,
            reviewed_newest=facts.newest.isoformat() if facts.newest else None,
            review_due_in_days=facts.due_in_days,
            uptime_s=int(self.clock() - self.started) if running else None,
            last_start_reason=self.start_reason if running else "not running here",
            last_error=last_error,
            config_sources=list(self.config.sources),
            config_problems=[str(p) for p in self.config.problems],
            content_problems=[str(p) for p in self.pack.problems],
            speech=self.speech_state(),
            usage_enabled=self.usage.enabled,
            usage_counting=self.usage.status,
            visits_today=self.usage.summary(1).events.get("visit", 0),
            log_location=log_location() if running else str(self.paths.log_dir / "kiosk.log"),
            recent=recent,
        )

    def close(self) -> None:
        self.usage.close()


class PinChange:
    """Staff change the PIN by entering it twice; what to tell them after each entry."""

    FIRST = "New staff PIN (4 to 8 digits)"
    AGAIN = "Enter the new PIN again"

    def __init__(self, save: Callable[[str], str | None]) -> None:
        self.save = save
        self.first: str | None = None

    def begin(self) -> str:
        self.first = None
        return self.FIRST

    def enter(self, pin: str) -> tuple[bool, str]:
        """Returns (finished, message): the next prompt, or the outcome for the panel."""
        if self.first is None:
            self.first = pin
            return False, self.AGAIN
        first, self.first = self.first, None
        if pin != first:
            return True, "The two PINs did not match; PIN not changed."
        error = self.save(pin)
        return True, f"Could not save the PIN: {error}" if error else "New staff PIN saved."


def offline_usage(path: Path, enabled: bool, today: dt.date) -> tuple[str, int]:
    """Counting state and today's visits read from outside the kiosk: read-only, creates nothing."""
    if not enabled:
        return "off (turned off in settings)", 0
    if not path.exists():
        return f"on; no counts yet ({path})", 0
    try:
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True,
                                                timeout=2)) as db:
            row = db.execute("SELECT count(*) FROM events WHERE kind = 'visit' AND day = ?",
                             (today.isoformat(),)).fetchone()
    except sqlite3.Error as exc:
        return f"cannot read {path} ({exc})", 0
    return f"on ({path})", int(row[0])


def print_status(runtime: Runtime, as_json: bool = False) -> int:
    """`kiosk status`: the staff Status tab from outside the running kiosk (exit 0)."""
    config = runtime.config
    kiosk = Kiosk(config, runtime.pack, runtime.strings, runtime.paths,
                  usage=UsageLog(runtime.paths.usage_db, enabled=False))
    counting, visits = offline_usage(runtime.paths.usage_db, config.get_bool("usage.enabled"),
                                     kiosk.today())
    report = replace(kiosk.status(running=False), usage_enabled=config.get_bool("usage.enabled"),
                     usage_counting=counting, visits_today=visits)
    if as_json:
        print(report.to_json())
        return 0
    for line in [*report.lines(), f"Last error: {report.last_error or 'none logged'}",
                 *(f"problem: {p}" for p in report.problems)]:
        print(line)
    return 0
