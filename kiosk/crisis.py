"""Crisis lines by region, from the checked fact sheet (content-facts.md, section 8).

Numbers are data, labels are translated in assets/i18n; a region without an
entry cannot be configured (see settings.REGIONS). Each region has one entry per
number (988 once, with its veterans and Spanish options in the detail line), and
numbers are written grouped the way people dial them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    """`label_key` and `detail_key` are i18n keys; `number` is shown as is, grouped."""

    label_key: str
    number: str
    detail_key: str = ""
    emergency: bool = False

    @property
    def dial(self) -> str:
        """The digits a phone dials (for tel: links)."""
        return "".join(ch for ch in self.number if ch.isdigit())


LINES: dict[str, tuple[CrisisLine, ...]] = {
    "US": (
        CrisisLine("crisis.us.988", "988", "crisis.us.988.detail"),
        CrisisLine("crisis.emergency", "911", emergency=True),
    ),
    "CA": (
        CrisisLine("crisis.ca.988", "9-8-8", "crisis.ca.988.detail"),
        CrisisLine("crisis.emergency", "911", emergency=True),
    ),
    "AU": (
        CrisisLine("crisis.au.lifeline", "13 11 14", "crisis.au.lifeline.detail"),
        CrisisLine("crisis.emergency", "000", emergency=True),
    ),
    "UK": (
        CrisisLine("crisis.uk.samaritans", "116 123"),
        CrisisLine("crisis.emergency", "999", "crisis.uk.emergency.detail", emergency=True),
    ),
}


def lines_for(region: str) -> tuple[CrisisLine, ...]:
    return LINES.get(region, LINES["US"])


def vcard(name: str, lines: tuple[CrisisLine, ...]) -> str:
    """A contact card a phone camera offers to save: the region's lines under one name.

    Only the name and the numbers: kept short so the QR code stays small enough
    for large modules on the help panel.
    """
    clean = name.replace(";", ",").replace("\n", " ")
    tels = [f"TEL:{line.dial}" for line in lines]
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"FN:{clean}", *tels, "END:VCARD"])
