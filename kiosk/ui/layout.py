"""The layout rules, in one place: spacing scale, button heights, the reading column, reach.

Screens take their margins and gaps from `Grid` instead of repeating `m.px(48)`, so
every screen shares one left edge and one rhythm, and a change here moves them all.
A screen declares whether it may scroll (`ScreenBase.never_scroll`); `kiosk self-test`
judges every screen against these rules (`kiosk/ui/layout_judge.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QBoxLayout, QLayout

from kiosk.ui.style import Metrics

# Two targets never closer than this (physical pixels), at any size: a finger that
# misses one must not land on the other.
MIN_TARGET_GAP_PX = 16
# Portrait (a floor-standing unit): controls sit in the lower two-thirds, within the
# ADA / Section 508 forward reach (48 in) of a seated person.
REACH_TOP_FRACTION = 1 / 3
# Characters per line of body text: about 60-70 is comfortable to follow.
READING_MEASURE_EM = 36


@dataclass(frozen=True)
class Grid:
    """The spacing scale for one screen size and text size (named, never magic numbers)."""

    m: Metrics

    @property
    def edge(self) -> int:
        """Left and right margin of every screen: one left edge for everything on it."""
        return self.m.px(48)

    @property
    def top(self) -> int:
        return self.m.px(24)

    @property
    def bottom(self) -> int:
        return self.m.px(16)

    @property
    def item(self) -> int:
        """Between lines of one group (a heading and its hint)."""
        return self.m.px(12)

    @property
    def target_gap(self) -> int:
        """Between two buttons: never below MIN_TARGET_GAP_PX, even on a small screen."""
        return max(MIN_TARGET_GAP_PX + 4, self.m.px(24))

    @property
    def button(self) -> int:
        """The one height of a patient's button (bar buttons, pager, More, Go to)."""
        return self.m.target

    @property
    def reading_width(self) -> int:
        """Width of the reading column: title, text and its buttons share it."""
        return self.m.body * READING_MEASURE_EM

    def column_side(self, width: int) -> int:
        """Side margin that centres the reading column in `width` (at least `edge`)."""
        return max(self.edge, (width - self.reading_width) // 2)

    def reach_top(self, height: int) -> int:
        """In portrait, the highest y a control may start at."""
        return round(height * REACH_TOP_FRACTION)


def apply_screen(layout: QLayout, grid: Grid, side: int | None = None) -> None:
    """The screen's outer margins and spacing from the scale."""
    side = grid.edge if side is None else side
    layout.setContentsMargins(side, grid.top, side, grid.bottom)
    layout.setSpacing(grid.item)


def apply_row(row: QBoxLayout, grid: Grid) -> None:
    """A row of buttons: the target gap between them, no margins of its own."""
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(grid.target_gap)
