"""The 'Questions for your care team' list built from what a patient tapped.

The text exists only on screen and in the QR code the patient scans; it is
never logged, counted or saved.
"""

from __future__ import annotations

from collections.abc import Iterable

import segno

from kiosk.content import ChecklistItem


def questions_for(items: list[ChecklistItem], chosen: Iterable[int]) -> list[str]:
    """Questions in the page's order, whatever order they were tapped in."""
    picked = set(chosen)
    return [item.question for index, item in enumerate(items) if index in picked]


def qr_text(heading: str, questions: list[str]) -> str:
    """Plain text a phone shows after scanning: numbered, one question a line."""
    lines = [heading] + [f"{n}. {q}" for n, q in enumerate(questions, start=1)]
    return "\n".join(lines)


def qr_matrix(text: str) -> list[list[bool]]:
    """Modules of the QR code (True = dark), quiet zone included, for any painter."""
    code = segno.make(text, error="m", micro=False)
    return [[bool(cell) for cell in row] for row in code.matrix_iter(scale=1, border=4)]
