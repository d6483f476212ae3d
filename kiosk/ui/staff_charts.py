"""Small usage charts for the staff panel, drawn with QPainter (no QtCharts in the bundle).

A clinic manager glances at the panel between patients: bars read faster than
run-on text. Colours come from the stylesheet (`color`, `selection-background-color`
on role "chart"), so the charts follow the theme like everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    """Labelled bars: `across` puts them side by side (days), else one row each (pages)."""

    def __init__(self, name: str, across: bool) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "chart")
        self.across = across
        self.values: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: list[tuple[str, int]], description: str) -> None:
        self.values = values
        self.setAccessibleName(description)
        self.setAccessibleDescription(", ".join(f"{label}: {count}" for label, count in values))
        self.updateGeometry()
        self.update()

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        line = self._line()
        if self.across:
            return QSize(400, line * 9)
        return QSize(400, max(1, len(self.values)) * round(line * 1.6))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if not self.values:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        bar = self.palette().color(QPalette.ColorRole.Highlight)
        top = max(1, max(count for _, count in self.values))
        line = self._line()
        metrics = QFontMetrics(self.font())
        painter.setPen(text)
        if self.across:
            slot = self.width() / len(self.values)
            room = self.height() - 2 * line
            for index, (label, count) in enumerate(self.values):
                height = room * count / top
                x = index * slot
                rect = QRectF(x + slot * 0.15, line + room - height, slot * 0.7, height)
                painter.fillRect(rect, bar)
                painter.drawText(QRectF(x, line + room - height - line, slot, line),
                                 Qt.AlignmentFlag.AlignCenter, str(count) if count else "")
                painter.drawText(QRectF(x, self.height() - line, slot, line),
                                 Qt.AlignmentFlag.AlignCenter, label)
        else:
            name_width = min(self.width() // 3,
                             max(metrics.horizontalAdvance(label) for label, _ in self.values)
                             + line)
            count_width = metrics.horizontalAdvance(str(top)) + line
            room = self.width() - name_width - count_width
            row = self.height() / len(self.values)
            for index, (label, count) in enumerate(self.values):
                y = index * row
                painter.drawText(QRectF(0, y, name_width - line / 2, row),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                                 metrics.elidedText(label, Qt.TextElideMode.ElideMiddle,
                                                    name_width - line))
                width = room * count / top
                painter.fillRect(QRectF(name_width, y + row * 0.2, width, row * 0.6), bar)
                painter.drawText(QRectF(name_width + width + line / 3, y, count_width, row),
                                 Qt.AlignmentFlag.AlignVCenter, str(count))
        painter.end()


class RateBar(QWidget):
    """One share as a filled bar with its words: "12 of 40 visits (30%)"."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "chart")
        self.part = 0
        self.whole = 0
        self.caption = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rate(self, part: int, whole: int, caption: str) -> None:
        self.part, self.whole = part, whole
        share = round(100 * part / whole) if whole else 0
        self.caption = f"{caption}: {part} of {whole} visits ({share}%)"
        self.setAccessibleName(self.caption)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(400, QFontMetrics(self.font()).height() * 3)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        bar = self.palette().color(QPalette.ColorRole.Highlight)
        line = QFontMetrics(self.font()).height()
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft,
                         self.caption)
        track = QRectF(0, line * 1.4, self.width() - 1, line * 1.2)
        painter.drawRect(track)
        if self.whole:
            painter.fillRect(QRectF(track.x(), track.y(),
                                    track.width() * min(1.0, self.part / self.whole),
                                    track.height()), bar)
        painter.end()
