"""One status report for every reader: the staff Status tab, `kiosk status --json`, metrics.

Plain data (str, int, bool, lists, None) so `dataclasses.asdict()` is JSON and
a metrics exporter reads the same numbers staff see. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field

from kiosk.content import ContentPack

REVIEW_MAX_DAYS = 365  # the same 12 months `kiosk check` warns at


@dataclass(frozen=True)
class StatusReport:
    """What is running, whether its facts are due for review, and what went wrong."""

    version: str
    content_version: str  # the pack's version when it declares one, else its newest review date
    content_root: str
    content_languages: list[str]
    content_pages: int
    reviewed_oldest: str | None  # ISO dates
    reviewed_newest: str | None
    review_due_in_days: int | None  # until the oldest review is 12 months old; < 0 overdue
    uptime_s: int | None  # None when read from outside the running kiosk
    last_start_reason: str
    last_error: str
    config_sources: list[str]
    config_problems: list[str]
    content_problems: list[str]
    speech: str
    usage_enabled: bool
    usage_counting: str
    visits_today: int
    log_location: str
    recent: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    @property
    def problems(self) -> list[str]:
        return [*self.config_problems, *self.content_problems]

    def lines(self) -> list[str]:
        """The Status tab's lines, in the order staff read them."""
        uptime = "not running" if self.uptime_s is None else \
            f"{self.uptime_s // 3600} h {self.uptime_s % 3600 // 60} min"
        return [
            f"Version: kiosk {self.version}",
            f"Uptime: {uptime} (last start: {self.last_start_reason})",
            f"Config: {', '.join(self.config_sources) or 'built-in defaults'}",
            f"Content: {content_summary(self)}",
            f"Read aloud: {self.speech}",
            f"Usage counting: {self.usage_counting} · visits today: {self.visits_today}",
            f"Logs: {self.log_location}",
        ]


def content_summary(report: StatusReport) -> str:
    if report.reviewed_oldest is None:
        reviewed = "no review dates"
    else:
        reviewed = f"reviewed {report.reviewed_oldest}" + (
            f" to {report.reviewed_newest}" if report.reviewed_newest != report.reviewed_oldest
            else "")
        due = report.review_due_in_days
        if due is not None:
            reviewed += f"; review due in {due} days" if due >= 0 else \
                f"; review overdue by {-due} days"
    return (f"{report.content_root} ({', '.join(report.content_languages)}; "
            f"{report.content_pages} pages; {reviewed})")


@dataclass(frozen=True)
class ContentFacts:
    """The status fields that come from a content pack."""

    version: str
    root: str
    languages: list[str]
    pages: int
    oldest: dt.date | None
    newest: dt.date | None
    due_in_days: int | None


def content_facts(pack: ContentPack, today: dt.date) -> ContentFacts:
    dates = sorted({p.reviewed for pages in pack.pages.values() for p in pages.values()
                    if p.reviewed})
    oldest = dates[0] if dates else None
    newest = dates[-1] if dates else None
    declared = getattr(pack, "version", "")  # pack.toml's version, once packs carry one
    version = str(declared) if declared else (newest.isoformat() if newest else "unknown")
    due = (oldest + dt.timedelta(days=REVIEW_MAX_DAYS) - today).days if oldest else None
    return ContentFacts(version, str(pack.root), list(pack.languages),
                        sum(len(p) for p in pack.pages.values()), oldest, newest, due)
