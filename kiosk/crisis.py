"""Crisis lines by region, from the checked fact sheet (content-facts.md, section 8).

Numbers are data, labels are translated in assets/i18n; a region without an
entry cannot be configured (see settings.REGIONS).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    """`label_key` and `detail_key` are i18n keys; `number` is shown as is."""

    label_key: str
    number: str
    detail_key: str = ""


LINES: dict[str, tuple[CrisisLine, ...]] = {
    "US": (
        CrisisLine("crisis.us.988", "988", "crisis.us.988.detail"),
        CrisisLine("crisis.us.veterans", "988", "crisis.us.veterans.detail"),
        CrisisLine("crisis.emergency", "911"),
    ),
    "CA": (
        CrisisLine("crisis.ca.988", "9-8-8", "crisis.ca.988.detail"),
        CrisisLine("crisis.emergency", "911"),
    ),
    "AU": (
        CrisisLine("crisis.au.lifeline", "13 11 14", "crisis.au.lifeline.detail"),
        CrisisLine("crisis.emergency", "000"),
    ),
    "UK": (
        CrisisLine("crisis.uk.samaritans", "116 123"),
        CrisisLine("crisis.emergency", "999 / 112"),
    ),
}


def lines_for(region: str) -> tuple[CrisisLine, ...]:
    return LINES.get(region, LINES["US"])
