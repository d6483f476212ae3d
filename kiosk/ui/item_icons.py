"""Calm line icons for checklist items ("Is it safe for me?"), drawn with QPainter.

Drawn, not loaded, so they take the theme's colours (high contrast included) and any
size with no extra files. Each is a few strokes on a 24-unit grid: simple outlines, no
close-up drug imagery (medicines are a closed prescription bottle). They are decorative:
the item's words say everything, and a screen reader hears only those words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

from kiosk.checklist_icons import ITEM_ICONS

GRID = 24.0  # every icon is drawn on a 24 x 24 grid, then scaled
STROKE = 1.7  # line width in grid units: light enough to look calm, thick enough to read


def _heart() -> QPainterPath:
    path = QPainterPath()
    path.moveTo(12, 20.5)
    path.cubicTo(2, 14, 1.5, 5, 7.5, 4.5)
    path.cubicTo(10, 4.3, 11.4, 6, 12, 7.2)
    path.cubicTo(12.6, 6, 14, 4.3, 16.5, 4.5)
    path.cubicTo(22.5, 5, 22, 14, 12, 20.5)
    path.moveTo(5.5, 12)  # a calm pulse line across it
    path.lineTo(9, 12)
    path.lineTo(10.5, 9.5)
    path.lineTo(12.5, 14.5)
    path.lineTo(14, 12)
    path.lineTo(18.5, 12)
    return path


def _brain() -> QPainterPath:
    outline = QPainterPath()
    for x, y, r in ((8, 8.5, 4.2), (12.5, 6.8, 4.2), (16.5, 9, 4.2), (6.8, 13.2, 3.6),
                    (17.2, 13.4, 3.6), (11.8, 13.8, 4.2)):
        lobe = QPainterPath()
        lobe.addEllipse(QPointF(x, y), r, r)
        outline = outline.united(lobe)
    path = QPainterPath(outline.simplified())
    path.moveTo(12, 3.5)  # the fold between the halves
    path.cubicTo(10.5, 7, 13.5, 10, 12, 17.8)
    path.moveTo(7, 10.5)
    path.cubicTo(8.5, 10, 9.5, 11.5, 9, 13)
    path.moveTo(17, 10.5)
    path.cubicTo(15.5, 10, 14.5, 11.5, 15, 13)
    return path


def _liver() -> QPainterPath:
    path = QPainterPath()
    path.moveTo(2.5, 9)
    path.cubicTo(2.5, 5.5, 7, 5, 12.5, 5.2)
    path.cubicTo(17.5, 5.4, 21.5, 5.5, 21.5, 8)
    path.cubicTo(21.5, 11.5, 15.5, 16.5, 10.5, 18.5)
    path.cubicTo(6, 20, 2.5, 15.5, 2.5, 9)
    path.closeSubpath()
    path.moveTo(13, 5.4)  # the line between the lobes
    path.cubicTo(12, 8.5, 12.5, 11, 11, 14)
    return path


def _pregnancy() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(11, 4.3), 2.3, 2.3)
    path.moveTo(9.8, 7.6)  # the back
    path.cubicTo(8.4, 11, 8.4, 16, 9.2, 21)
    path.moveTo(11.8, 7.8)  # the front, round over the belly
    path.lineTo(12.4, 10.2)
    path.cubicTo(18, 10.6, 18.3, 17, 12.2, 17.4)
    path.lineTo(12.2, 21)
    path.moveTo(10.8, 10.8)  # an arm resting on the belly
    path.cubicTo(11.2, 12.5, 12.5, 13.8, 14.2, 13.6)
    return path


def _person(path: QPainterPath, x: float, head: float, r: float, half: float,
            bottom: float) -> None:
    """A head above rounded shoulders, centred on `x` (an outline, not a silhouette)."""
    path.addEllipse(QPointF(x, head), r, r)
    top = head + r + 1.4
    path.moveTo(x - half, bottom)
    path.lineTo(x - half, top + half)
    path.arcTo(QRectF(x - half, top, 2 * half, 2 * half), 180, -180)
    path.lineTo(x + half, bottom)


def _family() -> QPainterPath:
    path = QPainterPath()
    _person(path, 5, 5.6, 2.4, 3.2, 20.5)
    _person(path, 19, 5.6, 2.4, 3.2, 20.5)
    _person(path, 12, 12, 1.8, 2.2, 20.5)
    return path


def _glass() -> QPainterPath:
    path = QPainterPath()
    path.moveTo(6.5, 3)
    path.lineTo(17.5, 3)
    path.cubicTo(17.8, 9, 15.5, 12, 12, 12)
    path.cubicTo(8.5, 12, 6.2, 9, 6.5, 3)
    path.closeSubpath()
    path.moveTo(7, 6.5)  # what is in it
    path.lineTo(17, 6.5)
    path.moveTo(12, 12)  # stem and foot
    path.lineTo(12, 19.5)
    path.moveTo(8, 20.5)
    path.lineTo(16, 20.5)
    return path


def _mind() -> QPainterPath:
    path = QPainterPath()
    path.moveTo(9, 21)
    path.lineTo(9, 17.2)
    path.cubicTo(6, 15.6, 4.4, 12.6, 4.8, 9.4)
    path.cubicTo(5.3, 5.4, 8.8, 3, 12.6, 3)
    path.cubicTo(16.8, 3, 19.5, 6, 19.4, 9.6)
    path.lineTo(21, 13)
    path.lineTo(19.3, 13.4)
    path.lineTo(19.3, 15.8)
    path.cubicTo(19.3, 17, 18.5, 17.6, 17.4, 17.6)
    path.lineTo(15.6, 17.6)
    path.lineTo(15.6, 21)
    path.addEllipse(QPointF(12, 9.6), 2.6, 2.6)  # a calm point inside
    return path


def _bottle() -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(QRectF(5.5, 2.5, 13, 4), 1.2, 1.2)  # the cap, closed
    path.addRoundedRect(QRectF(6.5, 6.5, 11, 15), 2, 2)
    path.moveTo(12, 10.8)  # a pharmacy cross on the label
    path.lineTo(12, 17.2)
    path.moveTo(8.8, 14)
    path.lineTo(15.2, 14)
    return path


def _feelings() -> QPainterPath:
    path = QPainterPath()
    for y, lift in ((8, 3.2), (13, 3.2), (18, 2.4)):
        path.moveTo(2.5, y)
        path.cubicTo(5, y - lift, 7, y - lift, 9, y)
        path.cubicTo(11, y + lift, 13, y + lift, 15, y)
        path.cubicTo(17, y - lift, 19, y - lift, 21.5, y)
    return path


SHAPES: dict[str, Callable[[], QPainterPath]] = {
    "heart": _heart, "brain": _brain, "liver": _liver, "pregnancy": _pregnancy,
    "family": _family, "glass": _glass, "mind": _mind, "bottle": _bottle,
    "feelings": _feelings,
}
assert SHAPES.keys() == ITEM_ICONS.keys(), "every icon kiosk check accepts must be drawn"


@lru_cache(maxsize=128)
def item_icon(name: str, colour: str, size: int) -> QPixmap:
    """The icon `name` as a `size` x `size` pixmap in `colour`; a blank one for an
    unknown name (kiosk check reports it; the item still shows its words)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    shape = SHAPES.get(name)
    if shape is None:
        return pixmap
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / GRID, size / GRID)
    pen = QPen(QColor(colour), STROKE)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(shape())
    painter.end()
    return pixmap


def beside(first: QPixmap, second: QPixmap, gap: int) -> QPixmap:
    """Two pixmaps side by side, centred on one line (a tick box and an item's icon)."""
    height = max(first.height(), second.height())
    joined = QPixmap(first.width() + gap + second.width(), height)
    joined.fill(Qt.GlobalColor.transparent)
    painter = QPainter(joined)
    painter.drawPixmap(0, (height - first.height()) // 2, first)
    painter.drawPixmap(first.width() + gap, (height - second.height()) // 2, second)
    painter.end()
    return joined
