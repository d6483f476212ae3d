"""The layout's judge: what `kiosk self-test` fails a screen on, beyond clipped text.

Each check looks at what a patient would meet: a main menu that scrolls, two buttons
a finger can hit at once, a control out of reach in portrait, a bar button that
jumps when the text size changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from kiosk.ui.layout import MIN_TARGET_GAP_PX, REACH_TOP_FRACTION
from kiosk.ui.widgets import RichButton, wrapped_height


@dataclass(frozen=True)
class Target:
    name: str
    rect: QRect  # in the window's coordinates, the part a patient sees
    owner: str  # which part of the kiosk it belongs to (the bar, a screen, an overlay)


@dataclass(frozen=True)
class Finding:
    text: str
    owners: frozenset[str]  # the parts that must change to fix it


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.isVisible() and not widget.visibleRegion().isEmpty()


def rect_in(widget: QWidget) -> QRect:
    """The part of `widget` a patient sees, in its window's coordinates."""
    shown = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(widget.window(), shown.topLeft()), shown.size())


def targets(root: QWidget, owner: str) -> list[Target]:
    """Every button a patient can see on `root`, with where it is."""
    return [Target(b.accessibleName() or b.text() or b.objectName(), rect_in(b), owner)
            for b in root.findChildren(QAbstractButton) if _shown(b, root) and b.isEnabled()]


def gap(a: QRect, b: QRect) -> int:
    """Pixels between two rectangles (0 when they touch or overlap)."""
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    return max(dx, dy) if not (dx and dy) else round((dx * dx + dy * dy) ** 0.5)


def too_close(found: list[Target], least: int = MIN_TARGET_GAP_PX) -> list[Finding]:
    problems = []
    for index, one in enumerate(found):
        for other in found[index + 1:]:
            apart = gap(one.rect, other.rect)
            if apart < least:
                problems.append(Finding(f"'{one.name[:30]}' and '{other.name[:30]}' are "
                                        f"{apart} px apart (at least {least})",
                                        frozenset((one.owner, other.owner))))
    return problems


def out_of_reach(found: list[Target], height: int) -> list[Finding]:
    """Portrait: a control above the lower two-thirds is beyond a seated person's reach."""
    limit = round(height * REACH_TOP_FRACTION)
    return [Finding(f"'{t.name[:30]}' is out of reach at y={t.rect.top()} (controls below "
                    f"y={limit})", frozenset((t.owner,)))
            for t in found if t.rect.top() < limit]


def scrolling(root: QWidget, owner: str) -> list[Finding]:
    """Scroll areas on `root` that have something hidden below (a screen that scrolls)."""
    return [Finding(f"{area.objectName() or type(area).__name__} scrolls "
                    f"({area.verticalScrollBar().maximum()} px hidden)", frozenset((owner,)))
            for area in [root, *root.findChildren(QAbstractScrollArea)]
            if isinstance(area, QAbstractScrollArea) and _shown(area, root)
            and area.verticalScrollBar().maximum() > 0]


def not_in_view(widgets: list[QWidget], owner: str) -> list[Finding]:
    """Widgets a screen pinned (always in view, whole) that are hidden, scrolled or cut."""
    return [Finding(f"{w.objectName() or type(w).__name__} must always be in view, whole",
                    frozenset((owner,)))
            for w in widgets if not w.isVisible() or w.visibleRegion().boundingRect() != w.rect()]


def wrapped_buttons(root: QWidget, owner: str, most: int = 2) -> list[Finding]:
    """Button labels (not Home tiles) that wrap to more than `most` lines: "Previous
    topic / What a session is / like" reads as three buttons."""
    found = []
    for button in root.findChildren(RichButton):
        if button.property("role") == "tile" or not _shown(button, root):
            continue
        for label in (button.title, button.sub):
            if not (label.isVisible() and label.text()):
                continue
            line = label.fontMetrics().lineSpacing()
            lines = wrapped_height(label, label.contentsRect().width()) // line
            if lines > most:
                found.append(Finding(f"'{label.text()[:30]}' wraps to {lines} lines",
                                     frozenset((owner,))))
    return found


def clipped_rect(widget: QWidget) -> QRect:
    """Where `widget` shows in its window, cut only by its ancestors (a scroll area's
    viewport, a card), not by siblings drawn over it: what a button would hide."""
    window = widget.window()
    shown = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        shown = shown.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return shown


def covered(root: QWidget, parts: list[tuple[QWidget, str]], least: int = 4) -> list[Finding]:
    """Words on `root` under a button that is not their own (a floating "More", a
    button laid over a card's last line): the patient cannot read them. `parts` are
    where the buttons are, with their owner (the screen, the bar); overlaps thinner than
    `least` px are edges that touch."""
    buttons = [(b, owner) for part, owner in parts for b in part.findChildren(QAbstractButton)
               if _shown(b, part)]
    problems = []
    for label in root.findChildren(QLabel):
        if not (label.text() and _shown(label, root)):
            continue
        words = clipped_rect(label)
        for button, owner in buttons:
            if button.isAncestorOf(label):
                continue
            over = words.intersected(rect_in(button))
            if min(over.width(), over.height()) >= least:
                name = button.accessibleName() or button.text() or button.objectName()
                problems.append(Finding(f"'{label.text()[:30]}' is hidden under '{name[:30]}'",
                                        frozenset((owner,))))
    return problems


def places(buttons: list[QWidget]) -> dict[str, QRect]:
    """Where each shown button is, by object name (to compare between text sizes)."""
    return {b.objectName(): QRect(b.mapTo(b.window(), QPoint(0, 0)), b.size())
            for b in buttons if b.isVisible()}


def moved(before: dict[str, QRect], after: dict[str, QRect]) -> list[Finding]:
    return [Finding(f"bar button {name} moved from {before[name].x()},{before[name].y()} "
                    f"{before[name].width()}x{before[name].height()} to {rect.x()},{rect.y()} "
                    f"{rect.width()}x{rect.height()}", frozenset(("bar",)))
            for name, rect in after.items() if name in before and before[name] != rect]
