"""Pictures on screen: diagrams drawn with QPainter and SVG illustrations.

Every picture is a plain QWidget with height-for-width, drawn in the theme's
palette at the patient's text size, so high contrast, the three text sizes
and every language work with no extra files. Each one carries its whole
meaning as accessible text (name and description), because a picture never
replaces the words. A screen embeds one with `make_picture(...)`, then calls
`set_theme(palette, metrics)` and `set_language(lang)` when those change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.diagrams import (
    CourseCalendar,
    Diagram,
    DiagramSet,
    IconArray,
    IconGroup,
    Timeline,
    TimelineEvent,
    about_text,
    describe,
    fill,
)
from kiosk.pictures import Illustration, IllustrationSet, recolour
from kiosk.theme import NORMAL, Palette
from kiosk.ui.style import FONT_FAMILY, Metrics

MIN_WIDTH = 700  # every picture must fit from here ...
MAX_WIDTH = 1800  # ... to here (a 1920 px screen minus margins)
_WRAP = Qt.TextFlag.TextWordWrap
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop


@lru_cache(maxsize=64)
def _font(pixels: int, bold: bool) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


@lru_cache(maxsize=64)
def _font_metrics(pixels: int, bold: bool) -> QFontMetrics:
    """Shared: measuring is most of a diagram's layout time, and layouts ask often."""
    return QFontMetrics(_font(pixels, bold))


@dataclass
class Canvas:
    """Draws on a painter, or (painter None) only measures: layout and paint share one code
    path, so the height a layout is given is exactly the height that gets painted."""

    painter: QPainter | None
    palette: Palette
    metrics: Metrics
    overflow: list[str] = field(default_factory=list)
    colours: set[str] = field(default_factory=set)

    def font(self, size: float, bold: bool = False) -> QFont:
        return _font(self.metrics.tx(size), bold)

    def text(self, rect: QRectF, text: str, size: float, colour: str, bold: bool = False,
             align: Qt.AlignmentFlag = _LEFT, paint: bool = True) -> QRectF:
        """Wrapped text in `rect` (its height is ignored); returns the rect it takes.

        `paint=False` only measures (to size a box before drawing the text in it)."""
        font = self.font(size, bold)
        metrics = _font_metrics(self.metrics.tx(size), bold)
        box = QRect(round(rect.x()), round(rect.y()), max(1, int(rect.width())), 100_000)
        need = metrics.boundingRect(box, int(align | _WRAP), text)
        longest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
        if longest > rect.width() + 1:
            self.overflow.append(f"'{text}' needs {longest} px, has {rect.width():.0f}")
        used = QRectF(rect.x(), rect.y(), rect.width(), need.height())
        if self.painter is not None and paint:
            self.colours.add(colour)
            self.painter.setFont(font)
            self.painter.setPen(QColor(colour))
            self.painter.drawText(used, int(align | _WRAP), text)
        return used

    def text_width(self, text: str, size: float, bold: bool = False) -> int:
        return _font_metrics(self.metrics.tx(size), bold).horizontalAdvance(text)

    def shape(self, path: QPainterPath, fill_colour: str | None, line: str | None = None,
              width: float = 0, dashed: bool = False) -> None:
        if self.painter is None:
            return
        if line:
            pen = QPen(QColor(line), width)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            self.painter.setPen(pen)
            self.colours.add(line)
        else:
            self.painter.setPen(Qt.PenStyle.NoPen)
        if fill_colour:
            self.painter.setBrush(QBrush(QColor(fill_colour)))
            self.colours.add(fill_colour)
        else:
            self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawPath(path)


def _circle(centre: QPointF, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(centre, radius, radius)
    return path


def _rounded(rect: QRectF, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    return path


def person_path(rect: QRectF) -> QPainterPath:
    """One person icon (a head above rounded shoulders) filling `rect`, for icon arrays."""
    w, h = rect.width(), rect.height()
    path = QPainterPath()
    path.addEllipse(QPointF(rect.center().x(), rect.top() + h * 0.2), w * 0.19, h * 0.19)
    left, top, right, bottom = rect.left() + w * 0.1, rect.top() + h * 0.46, \
        rect.right() - w * 0.1, rect.bottom()
    r = w * 0.3
    body = QPainterPath()
    body.moveTo(left, bottom)
    body.lineTo(left, top + r)
    body.arcTo(QRectF(left, top, 2 * r, 2 * r), 180, -90)
    body.lineTo(right - r, top)
    body.arcTo(QRectF(right - 2 * r, top, 2 * r, 2 * r), 90, -90)
    body.lineTo(right, bottom)
    body.closeSubpath()
    path.addPath(body)
    return path


def glyph_path(name: str, rect: QRectF) -> QPainterPath:
    """A small line icon for a timeline moment, drawn to fit `rect` (strokes, no fill).

    Deliberately no pill: a dose is shown as the glass of water it is taken with."""

    def at(x: float, y: float) -> QPointF:
        return QPointF(rect.x() + x * rect.width(), rect.y() + y * rect.height())

    def box(x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(at(x, y), at(x + w, y + h))

    path = QPainterPath()
    if name == "arrive":  # a door
        path.addRect(box(0.3, 0.16, 0.4, 0.68))
        path.addEllipse(at(0.6, 0.52), rect.width() * 0.03, rect.width() * 0.03)
    elif name == "dose":  # a glass of water
        path.moveTo(at(0.3, 0.16))
        path.lineTo(at(0.7, 0.16))
        path.lineTo(at(0.63, 0.84))
        path.lineTo(at(0.37, 0.84))
        path.closeSubpath()
        path.moveTo(at(0.33, 0.44))
        path.lineTo(at(0.67, 0.44))
    elif name == "rest":  # headphones
        band = box(0.2, 0.18, 0.6, 0.7)
        path.arcMoveTo(band, 180)
        path.arcTo(band, 180, -180)
        path.addRoundedRect(box(0.14, 0.5, 0.16, 0.3), 3, 3)
        path.addRoundedRect(box(0.7, 0.5, 0.16, 0.3), 3, 3)
    elif name == "talk":  # a speech bubble
        path.addRoundedRect(box(0.14, 0.18, 0.72, 0.48), rect.width() * 0.12,
                            rect.width() * 0.12)
        tail = QPainterPath()
        tail.moveTo(at(0.34, 0.64))
        tail.lineTo(at(0.28, 0.86))
        tail.lineTo(at(0.52, 0.64))
        path = path.united(tail)
    elif name == "check":  # a heart
        path.moveTo(at(0.5, 0.84))
        path.cubicTo(at(0.08, 0.56), at(0.16, 0.12), at(0.5, 0.34))
        path.cubicTo(at(0.84, 0.12), at(0.92, 0.56), at(0.5, 0.84))
    elif name == "end":  # a clock
        path.addEllipse(at(0.5, 0.5), rect.width() * 0.34, rect.height() * 0.34)
        path.moveTo(at(0.5, 0.5))
        path.lineTo(at(0.5, 0.3))
        path.moveTo(at(0.5, 0.5))
        path.lineTo(at(0.64, 0.58))
    elif name == "night":  # a crescent moon
        moon = QPainterPath()
        moon.addEllipse(at(0.48, 0.52), rect.width() * 0.32, rect.height() * 0.32)
        bite = QPainterPath()
        bite.addEllipse(at(0.66, 0.38), rect.width() * 0.28, rect.height() * 0.28)
        path = moon.subtracted(bite)
    elif name == "home":  # a house
        path.moveTo(at(0.16, 0.5))
        path.lineTo(at(0.5, 0.18))
        path.lineTo(at(0.84, 0.5))
        path.addRect(box(0.27, 0.46, 0.46, 0.38))
        path.addRect(box(0.44, 0.62, 0.12, 0.22))
    return path


class PictureWidget(QWidget):
    """Shared behaviour: theme, language, height-for-width, accessible text, self-checks."""

    def __init__(self) -> None:
        super().__init__()
        self.palette_ = NORMAL
        self.metrics = Metrics(unit=1.0, text=1.0)
        self.lang = "en"
        self.overflow: list[str] = []
        self.painted_colours: set[str] = set()
        # A strip that fits a small box at a readable size (see `draw`); a screen that
        # has less room than the full drawing needs switches it on (FittedPicture).
        self.compact = False
        self._heights: dict[tuple[int, bool], int] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(min(MIN_WIDTH, 320))

    def set_theme(self, palette: Palette, metrics: Metrics) -> None:
        self.palette_, self.metrics = palette, metrics
        self._changed()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._changed()

    def _changed(self) -> None:
        self._heights.clear()
        self.setAccessibleName(self.alt_title())
        self.setAccessibleDescription(self.alt_text())
        self.updateGeometry()
        self.update()

    def alt_title(self) -> str:
        raise NotImplementedError

    def alt_text(self) -> str:
        raise NotImplementedError

    def draw(self, canvas: Canvas, width: float) -> float:
        """Lay out (and paint when canvas has a painter) at `width`; returns the height."""
        raise NotImplementedError

    @property
    def can_compact(self) -> bool:
        """Has a compact strip (the whole thing in words stays in its description)."""
        return False

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact and self.can_compact
            self.updateGeometry()
            self.update()

    def measure(self, width: int) -> tuple[int, list[str]]:
        canvas = Canvas(None, self.palette_, self.metrics)
        return int(self.draw(canvas, width) + 0.999), canvas.overflow

    def height_at(self, width: int, compact: bool) -> int:
        """Height at `width` in either layout (cached: layouts ask often)."""
        key = (width, compact and self.can_compact)
        if key not in self._heights:
            was, self.compact = self.compact, key[1]
            try:
                self._heights[key] = self.measure(width)[0]
            finally:
                self.compact = was
        return self._heights[key]

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self.height_at(width, self.compact)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        width = max(self.width(), MIN_WIDTH)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.minimumWidth(), self.heightForWidth(max(self.width(),
                                                                   self.minimumWidth())))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        canvas = Canvas(painter, self.palette_, self.metrics)
        self.draw(canvas, self.width())
        painter.end()
        self.overflow = canvas.overflow
        self.painted_colours = canvas.colours


class DiagramWidget(PictureWidget):
    def __init__(self, name: str, diagram: Diagram) -> None:
        super().__init__()
        self.name = name
        self.diagram = diagram
        self.setObjectName(f"diagram-{name}")
        self._changed()

    def label(self, key: str) -> str:
        texts = self.diagram.labels.get(key, {})
        return texts.get(self.lang) or texts.get("en", "")

    def alt_title(self) -> str:
        return self.label("title")

    def alt_text(self) -> str:
        return describe(self.diagram, self.lang if self.lang in self.diagram.labels["title"]
                        else "en")

    def title(self, canvas: Canvas, width: float) -> float:
        used = canvas.text(QRectF(0, 0, width, 0), self.label("title"), 36,
                           self.palette_.text, bold=True)
        return used.height() + self.metrics.tx(16)

    def legend(self, canvas: Canvas, x: float, y: float, width: float,
               items: list[tuple[str, str]]) -> float:
        """Marker + label pairs flowing in rows; returns the height used."""
        size = self.metrics.tx(34)
        gap = self.metrics.tx(28)
        line_h = 0.0
        cx, top = x, y
        for marker, text in items:
            text_w = min(canvas.text_width(text, 28), width - size - gap / 3)
            item_w = size + gap / 3 + text_w
            if cx > x and cx + item_w > x + width:
                cx, top = x, top + line_h + self.metrics.tx(10)
                line_h = 0
            self.marker(canvas, marker, QRectF(cx, top, size, size))
            used = canvas.text(QRectF(cx + size + gap / 3, top + size * 0.1, text_w + 2, 0),
                               text, 28, self.palette_.text)
            line_h = max(line_h, size, used.height() + size * 0.1)
            cx += item_w + gap
        return top + line_h - y

    def marker(self, canvas: Canvas, kind: str, rect: QRectF) -> None:
        raise NotImplementedError


class MarkedDiagramWidget(DiagramWidget):
    """A diagram with a 'you are here' mark on one of its stops (calendar, session day)."""

    diagram: CourseCalendar | Timeline
    here: str | None = None

    def set_here(self, stop: str | None) -> None:
        """Mark where the patient is: one of `diagram.stops()`, or None for no mark."""
        if stop is not None and stop not in self.diagram.stops():
            raise ValueError(f"unknown stop '{stop}'; known: {', '.join(self.diagram.stops())}")
        self.here = stop
        self._changed()

    @property
    def can_compact(self) -> bool:
        return True

    def pointer(self, canvas: Canvas, centre_x: float, bottom: float, size: float) -> None:
        """A solid triangle pointing down at where the patient is, in the strip."""
        path = QPainterPath()
        path.moveTo(centre_x - size * 0.6, bottom - size)
        path.lineTo(centre_x + size * 0.6, bottom - size)
        path.lineTo(centre_x, bottom)
        path.closeSubpath()
        canvas.shape(path, self.palette_.primary)

    def here_line(self, canvas: Canvas, y: float, width: float, when: str, what: str) -> float:
        """Under the strip, where the patient is in words at full text size."""
        return canvas.text(QRectF(0, y, width, 0), f"{when} {what}", 30, self.palette_.text,
                           bold=True).height()


class CalendarWidget(MarkedDiagramWidget):
    """The whole course as a calendar: one row of weeks per MDMA session, plus 'you are here'."""

    diagram: CourseCalendar

    def __init__(self, name: str, diagram: CourseCalendar, here: str | None = None) -> None:
        super().__init__(name, diagram)
        if here is not None:
            self.set_here(here)

    def alt_text(self) -> str:
        text = super().alt_text()
        if self.here:
            text += f"\n{self.label('here')}: {self.here_words()}"
        return text

    def here_words(self) -> str:
        if self.here is None:
            return ""
        kind, _, number = self.here.partition("-")
        if kind == "preparation":
            return self.label("preparation")
        if kind in ("session", "integration"):
            week = self.diagram.week_of(int(number)) + (1 if kind == "integration" else 0)
            return f"{fill(self.label('week'), number=week)}, {self.label(kind)}"
        return fill(self.label("week"), number=self.diagram.total_weeks)

    def marker(self, canvas: Canvas, kind: str, rect: QRectF) -> None:
        p = self.palette_
        line = max(2.0, rect.width() / 9)
        if kind == "session":
            canvas.shape(_circle(rect.center(), rect.width() / 2), p.primary)
            canvas.shape(_circle(rect.center(), rect.width() / 5), p.on_primary)
        elif kind == "preparation":
            inner = rect.adjusted(line, line, -line, -line)
            canvas.shape(_rounded(inner, inner.width() / 5), p.surface, p.text, line)
        else:
            canvas.shape(_circle(rect.center(), rect.width() / 2 - line), p.surface, p.text, line)
            canvas.shape(_circle(rect.center(), rect.width() / 7), p.text)

    def rows(self) -> list[list[tuple[str, str, str]]]:
        """(marker kind, cell label, stop name) per cell, one list per calendar row."""
        d = self.diagram
        rows = [[("preparation", self.label("before"), "preparation")] * d.preparation_visits]
        for session in range(1, d.sessions + 1):
            first = d.week_of(session)
            row = [("session", fill(self.label("week"), number=first), f"session-{session}")]
            for offset in range(1, d.weeks_apart):
                kind = "integration" if offset <= d.integration_after_each else "none"
                row.append((kind, fill(self.label("week"), number=first + offset),
                            f"integration-{session}"))
            rows.append(row)
        return rows

    def strip_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(label, [(marker kind, stop)]) per group of the one-line calendar."""
        d = self.diagram
        groups = [(self.label("before"), [("preparation", "preparation")] *
                   d.preparation_visits)]
        for session in range(1, d.sessions + 1):
            cells = [("session", f"session-{session}")]
            cells += [("integration" if offset <= d.integration_after_each else "none",
                       f"integration-{session}") for offset in range(1, d.weeks_apart)]
            groups.append((fill(self.label("week"), number=self.diagram.week_of(session)),
                           cells))
        return groups

    def draw_strip(self, canvas: Canvas, width: float) -> float:
        """The course on one line (preparation, then each session's weeks), the week
        labels under each group, the legend, and 'You are here' in words: readable in
        a step's small picture box, where the full calendar would shrink to a third."""
        p, m = self.palette_, self.metrics
        y = self.title(canvas, width)
        groups = self.strip_groups()
        count = sum(len(cells) for _, cells in groups)
        group_gap, cell_gap = m.px(18), m.px(4)
        slots = count + (1 if self.here == "after" else 0)
        room = width - group_gap * (len(groups) - (0 if self.here == "after" else 1)) \
            - cell_gap * (count - len(groups))
        cell = min(m.tx(64), room / slots)
        y += cell * 0.45 + m.px(6)  # room for the pointer
        x, label_h = 0.0, 0.0
        for label, cells in groups:
            start = x
            pointed = False
            for kind, stop in cells:
                rect = QRectF(x, y, cell, cell)
                lit = stop == self.here
                canvas.shape(_rounded(rect, cell * 0.2),
                             p.accent if kind == "session" else p.surface,
                             p.primary if lit else p.border, m.px(5) if lit else m.px(2))
                if kind != "none":
                    inset = cell * 0.16
                    self.marker(canvas, kind, rect.adjusted(inset, inset, -inset, -inset))
                if lit and not pointed:
                    self.pointer(canvas, rect.center().x(), y - m.px(4), cell * 0.45)
                    pointed = True
                x += cell + cell_gap
            group_w = x - cell_gap - start
            label_h = max(label_h, canvas.text(QRectF(start, y + cell + m.px(6),
                                                      group_w + group_gap - m.px(4), 0),
                                               label, 24, p.text).height())
            x += group_gap - cell_gap
        if self.here == "after":  # past the last week: a pointer at an empty end cell
            rect = QRectF(x, y, cell, cell)
            canvas.shape(_circle(rect.center(), cell * 0.3), p.primary)
            self.pointer(canvas, rect.center().x(), y - m.px(4), cell * 0.45)
        y += cell + m.px(6) + label_h + m.px(16)
        y += self.legend(canvas, 0, y, width, [
            ("session", self.label("session")), ("preparation", self.label("preparation")),
            ("integration", self.label("integration"))])
        if self.here:
            y += m.px(16)
            y += self.here_line(canvas, y, width, f"{self.label('here')}:",
                                self.here_words())
        return y

    def draw(self, canvas: Canvas, width: float) -> float:
        if self.compact:
            return self.draw_strip(canvas, width)
        p, m = self.palette_, self.metrics
        y = self.title(canvas, width)
        rows = self.rows()
        columns = max(len(r) for r in rows)
        gap = m.px(12)
        legend_w = m.tx(430)
        side = width >= 1300 and width - legend_w - m.px(40) >= columns * m.tx(150)
        grid_w = (width - legend_w - m.px(40)) if side else width
        cell_w = min((grid_w - gap * (columns - 1)) / columns, m.tx(250))
        marker = min(m.tx(52), cell_w * 0.45)
        tag_h = m.tx(28) * 1.6
        pad = m.px(6)
        # One size for every cell, smaller (to 70%) only when a word would not fit a cell.
        longest = max(canvas.text_width(word, 28, bold=True)
                      for row in rows for _, text, _ in row for word in text.split())
        size = 28 * max(0.7, min(1.0, (cell_w - 2 * pad) / max(longest, 1)))
        top = y
        for row in rows:
            stops = {stop for _, _, stop in row}
            lit = self.here in stops
            if lit:
                y += tag_h + m.px(10)
            label_h = max(canvas.text(QRectF(0, 0, cell_w - 2 * pad, 0), text, size, p.text,
                                      bold=True, paint=False).height() for _, text, _ in row)
            cell_h = label_h + marker + m.px(28)
            for index, (kind, text, stop) in enumerate(row):
                cell = QRectF(index * (cell_w + gap), y, cell_w, cell_h)
                here = stop == self.here
                # MDMA days stand out twice over: a tinted cell and a filled marker.
                tint = kind == "session"
                canvas.shape(_rounded(cell, m.px(14)), p.accent if tint else p.surface,
                             p.primary if here else p.border, m.px(6) if here else m.px(2))
                canvas.text(QRectF(cell.x() + pad, cell.y() + m.px(8), cell_w - 2 * pad, 0),
                            text, size, p.on_accent if tint else p.text,
                            bold=here, align=_CENTRE)
                if kind != "none":
                    self.marker(canvas, kind, QRectF(cell.center().x() - marker / 2,
                                                     cell.bottom() - marker - m.px(10),
                                                     marker, marker))
            if lit:
                self.here_tag(canvas, QPointF(0, y - tag_h - m.px(10)), tag_h, width)
            y += cell_h + gap
        if self.here == "after":
            self.here_tag(canvas, QPointF(0, y), tag_h, width)
            y += tag_h + gap
        items = [("session", self.label("session")), ("preparation", self.label("preparation")),
                 ("integration", self.label("integration"))]
        if side:
            legend_x = columns * (cell_w + gap) + m.px(40)
            used = self.legend_column(canvas, legend_x, top, width - legend_x, items)
            return max(y, top + used)
        return y + m.px(10) + self.legend(canvas, 0, y + m.px(10), width, items)

    def legend_column(self, canvas: Canvas, x: float, y: float, width: float,
                      items: list[tuple[str, str]]) -> float:
        size = self.metrics.tx(34)
        start = y
        for marker, text in items:
            self.marker(canvas, marker, QRectF(x, y, size, size))
            used = canvas.text(QRectF(x + size * 1.4, y + size * 0.1, width - size * 1.4, 0),
                               text, 28, self.palette_.text)
            y += max(size, used.height()) + self.metrics.tx(18)
        return y - start

    def here_tag(self, canvas: Canvas, at: QPointF, height: float, width: float) -> None:
        p, text = self.palette_, self.label("here")
        text_w = min(canvas.text_width(text, 28, bold=True), width - height)
        tag = QRectF(at.x(), at.y(), text_w + height, height)
        path = _rounded(tag, height / 2)
        point = QPainterPath()
        point.moveTo(tag.left() + height * 0.6, tag.bottom() - 1)
        point.lineTo(tag.left() + height * 0.9, tag.bottom() + height * 0.3)
        point.lineTo(tag.left() + height * 1.2, tag.bottom() - 1)
        canvas.shape(path.united(point), p.primary)
        canvas.text(QRectF(tag.x() + height / 2, tag.y() + height * 0.18, text_w + 2, 0), text,
                    28, p.on_primary, bold=True)


class TimelineWidget(MarkedDiagramWidget):
    """The session day from arrival to the ride home, as a line of moments."""

    diagram: Timeline

    def alt_text(self) -> str:
        text = super().alt_text()
        event = next((e for e in self.diagram.events if e.stop == self.here), None)
        if event is not None:
            text += (f"\n{self.label('here')}: {event.when.get(self.lang, '')}: "
                     f"{event.label.get(self.lang, '')}")
            if self.after_here():
                text += f"\n{self.after_here()}"
        return text

    def marker(self, canvas: Canvas, kind: str, rect: QRectF, icon: str = "") -> None:
        """A round stop on the line with the moment's icon: doses filled in the highlight
        colour, the optional dose ringed with a dashed line, everything else outlined."""
        p = self.palette_
        line = max(2.0, rect.width() / 14)
        r = rect.width() / 2
        ink = p.text
        if kind == "dose":
            canvas.shape(_circle(rect.center(), r), p.primary)
            ink = p.on_primary
        elif kind == "optional":
            canvas.shape(_circle(rect.center(), r - line / 2), p.surface, p.primary, line,
                         dashed=True)
            ink = p.primary
        else:
            canvas.shape(_circle(rect.center(), r - line / 2), p.surface, p.text, line)
        if icon:
            inner = rect.adjusted(r * 0.3, r * 0.3, -r * 0.3, -r * 0.3)
            canvas.shape(glyph_path(icon, inner), None, ink, max(2.0, rect.width() / 15))

    @staticmethod
    def spans(event: TimelineEvent) -> bool:
        """Goes on for a while (not a dose): drawn on a band, not as a point in time."""
        return event.until is not None and not event.dose

    @staticmethod
    def kind(event: TimelineEvent) -> str:
        if event.dose:
            return "optional" if event.optional else "dose"
        return "span" if event.until is not None else "point"

    def draw_strip(self, canvas: Canvas, width: float) -> float:
        """The day as one line of its moments' icons (all-day ones on a shared band),
        where the patient is ringed and pointed at, and that moment in words below:
        readable in a step's small picture box. The first and last 'when' frame it."""
        p, m = self.palette_, self.metrics
        y = self.title(canvas, width)
        events = self.diagram.events
        slot = width / len(events)
        dot = min(m.tx(64), m.px(88), slot * 0.78)
        y += dot * 0.4 + m.px(10)
        centres = [slot * (index + 0.5) for index in range(len(events))]
        whens = [e.when.get(self.lang, "") for e in events]
        index = 0
        while index < len(events):  # one band per run of all-day moments
            last = index
            while self.spans(events[index]) and last + 1 < len(events) \
                    and self.spans(events[last + 1]) and whens[last + 1] == whens[index]:
                last += 1
            if self.spans(events[index]):
                band = QRectF(slot * index + m.px(2), y - m.px(6),
                              slot * (last - index + 1) - m.px(4), dot + m.px(12))
                canvas.shape(_rounded(band, m.px(14)), p.accent)
            index = last + 1
        axis = QPainterPath()
        axis.moveTo(centres[0], y + dot / 2)
        axis.lineTo(centres[-1], y + dot / 2)
        canvas.shape(axis, None, p.border, m.px(4))
        for event, centre in zip(events, centres, strict=True):
            if event.stop == self.here:
                canvas.shape(_circle(QPointF(centre, y + dot / 2), dot / 2 + m.px(7)), None,
                             p.primary, m.px(5))
                self.pointer(canvas, centre, y - m.px(12), dot * 0.4)
            self.marker(canvas, self.kind(event), QRectF(centre - dot / 2, y, dot, dot),
                        event.icon)
        y += dot + m.px(12)
        ends = min(width / 2 - m.px(8), slot * 3)
        start = canvas.text(QRectF(0, y, ends, 0), whens[0], 24, p.text)
        end = canvas.text(QRectF(width - ends, y, ends, 0), whens[-1], 24, p.text,
                          align=_RIGHT)
        y += max(start.height(), end.height())
        here = next((e for e in events if e.stop == self.here), None)
        if here is not None:
            y += m.px(14)
            y += self.here_line(canvas, y, width, here.when.get(self.lang, "") + ":",
                                here.label.get(self.lang, ""))
            after = self.after_here()
            if after:  # what comes next: a day with no surprises in it
                y += m.px(8)
                y += canvas.text(QRectF(0, y, width, 0), after, 26, p.text).height()
        return y

    def after_here(self) -> str:
        """'Next - That night: You stay the night at the clinic' (empty at the day's end,
        or where the diagram's labels have no 'next')."""
        events = self.diagram.events
        index = next((i for i, e in enumerate(events) if e.stop == self.here), -1)
        word = self.label("next")
        if index < 0 or index + 1 >= len(events) or not word:
            return ""
        # The moments that go on all day share one 'when': the next is the first after them.
        when = events[index].when.get(self.lang, "")
        following = next((e for e in events[index + 1:] if e.when.get(self.lang, "") != when),
                         None)
        if following is None:
            return ""
        return (f"{word} \u2013 {following.when.get(self.lang, '')}: "
                f"{following.label.get(self.lang, '')}")

    def draw(self, canvas: Canvas, width: float) -> float:
        if self.compact:
            return self.draw_strip(canvas, width)
        m = self.metrics
        y = self.title(canvas, width)
        events = self.diagram.events
        two = width >= 1300 and len(events) > 4
        half = (len(events) + 1) // 2 if two else len(events)
        col_w = (width - m.px(48)) / 2 if two else width
        bottom = y
        for column, chunk in enumerate((events[:half], events[half:]) if two else (events,)):
            x = column * (col_w + m.px(48))
            bottom = max(bottom, self.column(canvas, chunk, x, y, col_w))
        return bottom

    def column(self, canvas: Canvas, events: list[TimelineEvent], x: float, y: float,
               width: float) -> float:
        """One column of moments: time on the left, a line with markers, words on the right.

        Things that go on all day (consecutive events with the same 'when') share one
        shaded band and one time label, so points in time and durations never mix.
        """
        p, m = self.palette_, self.metrics
        whens = [e.when.get(self.lang, "") for e in events]
        shown = [w if i == 0 or w != whens[i - 1] else "" for i, w in enumerate(whens)]
        when_w = min(max(canvas.text_width(w, 30, bold=True) for w in whens) + 2, width * 0.36)
        dot = min(m.tx(50), m.px(64))
        axis_x = x + when_w + m.px(18) + dot / 2
        text_x = axis_x + dot / 2 + m.px(18)
        text_w = x + width - text_x - m.px(12)
        gap = m.px(20)
        first_line = _font_metrics(m.tx(30), False).height()
        nudge = max(0.0, (dot - first_line) / 2)  # first line of words level with the icon
        rows: list[tuple[float, float]] = []
        top = y
        for when, event in zip(shown, events, strict=True):
            when_h = canvas.text(QRectF(x, top, when_w, 0), when, 30, p.link, bold=True,
                                 paint=False).height() if when else 0
            label_h = canvas.text(QRectF(text_x, top, text_w, 0), event.label.get(self.lang, ""),
                                  30, p.text, bold=event.stop == self.here,
                                  paint=False).height()
            rows.append((top, max(when_h + nudge, label_h + nudge, dot)))
            top += rows[-1][1] + gap
        runs: list[tuple[int, int]] = []
        for index, event in enumerate(events):
            if not self.spans(event):
                continue
            if runs and runs[-1][1] == index - 1 and whens[index] == whens[index - 1]:
                runs[-1] = (runs[-1][0], index)
            else:
                runs.append((index, index))
        for first, last in runs:
            band = QRectF(x, rows[first][0] - gap / 2, width,
                          rows[last][0] + rows[last][1] - rows[first][0] + gap)
            canvas.shape(_rounded(band, m.px(16)), p.accent)
        if len(rows) > 1:
            axis = QPainterPath()
            axis.moveTo(axis_x, rows[0][0] + dot / 2)
            axis.lineTo(axis_x, rows[-1][0] + dot / 2)
            canvas.shape(axis, None, p.border, m.px(4))
        for event, (row_top, row_h) in zip(events, rows, strict=True):
            if event.stop == self.here:  # 'you are here': a thick ring round the moment
                ring = QRectF(x - m.px(6), row_top - gap / 2 + m.px(4), width + m.px(12),
                              row_h + gap - m.px(8))
                canvas.shape(_rounded(ring, m.px(16)), None, p.primary, m.px(6))
        for when, event, (row_top, _) in zip(shown, events, rows, strict=True):
            on_band = self.spans(event)
            if when:
                canvas.text(QRectF(x, row_top + nudge, when_w, 0), when, 30,
                            p.on_accent if on_band else p.link, bold=True, align=_RIGHT)
            canvas.text(QRectF(text_x, row_top + nudge, text_w, 0),
                        event.label.get(self.lang, ""), 30, p.on_accent if on_band else p.text,
                        bold=event.stop == self.here)
            self.marker(canvas, self.kind(event), QRectF(axis_x - dot / 2, row_top, dot, dot),
                        event.icon)
        return top - gap


class IconArrayWidget(DiagramWidget):
    """Rows of person icons, filled for the outcome: '2 in 3' a patient can see.

    Wide: each group is one row, its words on the left and its icons on the right, every
    row's icons the same size and starting at the same x, so the MDMA and placebo rows of
    a study compare at a glance without reading a number. Narrow: the icons go under
    their words (still one size for the whole diagram)."""

    diagram: IconArray
    ICON_MAX = 72  # px at 1080p: large enough to count from a step away
    ICON_MIN = 44  # below this the icons go under their words instead of beside them
    STEP = 1.18  # icon pitch as a share of its width
    TALL = 1.15  # icon height as a share of its width
    GAP = 40  # between the words and the icons
    WORDS = 30  # text size of a row's words (the count is bold)

    def marker(self, canvas: Canvas, kind: str, rect: QRectF) -> None:
        """Filled (solid, the highlight colour) or empty (an outline in the text's ink):
        the two differ in shape, not only in colour, so they read in grey and in high
        contrast alike."""
        p = self.palette_
        if kind == "filled":
            canvas.shape(person_path(rect), p.primary)
        else:
            line = max(2.0, rect.width() / 14)
            canvas.shape(person_path(rect.adjusted(line, line, -line, -line)), p.surface,
                         p.muted, line)

    def columns(self, canvas: Canvas, width: float) -> tuple[float, float] | None:
        """(words column width, icon size) side by side, or None: stack them."""
        m = self.metrics
        most = max(g.icons for g in self.diagram.groups)
        gap = m.px(self.GAP)
        texts = [(self.label_of(g), False) for g in self.diagram.groups] + \
            [(about_text(self.diagram, g, self.lang), True) for g in self.diagram.groups]
        natural = max(canvas.text_width(t, self.WORDS, bold=b) for t, b in texts) + 2
        longest = max(canvas.text_width(word, self.WORDS, bold=b)
                      for t, b in texts for word in t.split()) + 2
        words_w = max(longest, min(natural, width * 0.42))
        icon = min(m.px(self.ICON_MAX), (width - words_w - gap) / (most * self.STEP))
        # Icons smaller than the words look like a footnote: then stack, icons full size.
        if icon < max(m.px(self.ICON_MIN), m.tx(self.WORDS)) or words_w > width * 0.5:
            return None
        return words_w, icon

    def label_of(self, group: IconGroup) -> str:
        return group.label.get(self.lang, "")

    def row_words(self, canvas: Canvas, group: IconGroup, x: float, y: float, width: float,
                  paint: bool) -> float:
        """The group's name, then its count in bold ("about 2 in 3"); returns the height."""
        p = self.palette_
        used = canvas.text(QRectF(x, y, width, 0), self.label_of(group), self.WORDS, p.text,
                           paint=paint).height()
        used += canvas.text(QRectF(x, y + used, width, 0),
                            about_text(self.diagram, group, self.lang), self.WORDS, p.text,
                            bold=True, paint=paint).height()
        return used

    def icons(self, canvas: Canvas, group: IconGroup, x: float, y: float, icon: float) -> None:
        for index in range(group.icons):
            kind = "filled" if index < group.filled else "empty"
            self.marker(canvas, kind, QRectF(x + index * icon * self.STEP, y, icon,
                                             icon * self.TALL))

    def draw(self, canvas: Canvas, width: float) -> float:
        p, m = self.palette_, self.metrics
        y = self.title(canvas, width)
        y += self.legend(canvas, 0, y, width, [("filled", self.label("filled")),
                                               ("empty", self.label("empty"))])
        y += m.tx(24)
        most = max(g.icons for g in self.diagram.groups)
        side = self.columns(canvas, width)
        stacked_icon = min(m.px(self.ICON_MAX), width / (most * self.STEP))
        gap = m.px(self.GAP)
        row_gap, block_gap = m.tx(18), m.tx(30)
        for number, block in enumerate(self.blocks()):
            if number:  # a rule between studies: the rows above it belong together
                rule = QPainterPath()
                rule.moveTo(0, y - block_gap / 2)
                rule.lineTo(width, y - block_gap / 2)
                canvas.shape(rule, None, p.border, m.px(2))
            heading = block[0].heading.get(self.lang, "")
            if heading:
                y += canvas.text(QRectF(0, y, width, 0), heading, 32, p.text, bold=True).height()
                y += m.tx(12)
            for group in block:
                if side is not None:
                    words_w, icon = side
                    words_h = self.row_words(canvas, group, 0, 0, words_w, paint=False)
                    row_h = max(words_h, icon * self.TALL)
                    self.row_words(canvas, group, 0, y + (row_h - words_h) / 2, words_w, True)
                    self.icons(canvas, group, words_w + gap, y + (row_h - icon * self.TALL) / 2,
                               icon)
                else:
                    row_h = self.row_words(canvas, group, 0, y, width, paint=True)
                    row_h += m.tx(8)
                    self.icons(canvas, group, 0, y + row_h, stacked_icon)
                    row_h += stacked_icon * self.TALL
                y += row_h + row_gap
            y += block_gap - row_gap
        return y - block_gap

    def blocks(self) -> list[list[IconGroup]]:
        """Consecutive groups under the same heading (one trial), shown side by side."""
        blocks: list[list[IconGroup]] = []
        for group in self.diagram.groups:
            if blocks and blocks[-1][0].heading == group.heading:
                blocks[-1].append(group)
            else:
                blocks.append([group])
        return blocks


@lru_cache(maxsize=64)
def _svg_renderer(path: str, high_contrast: bool) -> QSvgRenderer:
    text = Path(path).read_text(encoding="utf-8")
    return QSvgRenderer(QByteArray(recolour(text, high_contrast).encode("utf-8")))


class IllustrationWidget(PictureWidget):
    """A hand-drawn SVG scaled to the width (aspect kept), recoloured for high contrast."""

    def __init__(self, picture: Illustration, max_height: int = 0) -> None:
        super().__init__()
        self.picture = picture
        self.max_height = max_height
        self.setObjectName(f"picture-{picture.name}")
        self._cache: tuple[tuple[int, int, bool], QPixmap] | None = None
        self._changed()

    def set_max_height(self, pixels: int) -> None:
        """Cap the height (0: none), e.g. so a portrait step keeps its text on screen."""
        self.max_height = pixels
        self._changed()

    def alt_title(self) -> str:
        return self.picture.alt.get(self.lang) or self.picture.alt.get("en", "")

    def alt_text(self) -> str:
        return self.alt_title()

    def renderer(self) -> QSvgRenderer:
        return _svg_renderer(str(self.picture.path), self.high_contrast)

    @property
    def high_contrast(self) -> bool:
        return self.palette_ != NORMAL

    def draw(self, canvas: Canvas, width: float) -> float:
        box = self.renderer().viewBoxF()
        ratio = box.height() / box.width() if box.width() else 0.625
        height = width * ratio
        if self.max_height:
            height = min(height, self.max_height)
        return height

    def fit(self, width: int, height: int = 0) -> QSize:
        """The drawing's size within `width` x `height` (0: any height), aspect kept."""
        box = self.renderer().viewBoxF()
        ratio = box.height() / box.width() if box.width() else 0.625
        fit = min(width, height / ratio) if height > 0 and ratio else width
        return QSize(max(1, int(fit)), max(1, int(fit * ratio)))

    def framed(self, width: int, height: int) -> tuple[bool, QSize]:
        """(on a card, size): narrower than its place (height capped), the drawing sits
        a little inside a card (FittedPicture draws it); else it fills the width."""
        natural = self.fit(width, height)
        if natural.width() >= width - 1:
            return False, natural
        inset = self.metrics.px(12)
        return True, self.fit(width - 2 * inset, height - 2 * inset)

    def pixmap(self, width: int, height: int = 0) -> QPixmap:
        """The drawing as large as fits `width` x `height` (0: any height), aspect kept,
        with nothing behind it (transparent round its rounded corners): whoever shows it
        lays it on the theme's own background. Cached per size and theme, because an SVG
        is parsed and painted in tens of milliseconds."""
        size = self.fit(width, height)
        key = (size.width(), size.height(), self.high_contrast)
        if self._cache is None or self._cache[0] != key:
            ratio_px = self.devicePixelRatioF()
            pixmap = QPixmap(size * ratio_px)
            pixmap.setDevicePixelRatio(ratio_px)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.renderer().render(painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()
            self._cache = (key, pixmap)
        return self._cache[1]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Centred in the widget, at the size a step's box shows it (so drawing it here
        ahead of time warms that); the sides show the screen's own background."""
        size = self.framed(self.width(), self.height())[1]
        pixmap = self.pixmap(size.width(), size.height())
        painter = QPainter(self)
        painter.drawPixmap(QPointF((self.width() - size.width()) / 2,
                                   (self.height() - size.height()) / 2 if
                                   size.width() < self.width() - 1 else 0), pixmap)
        painter.end()
        self.overflow = []
        self.painted_colours = set()


def make_picture(name: str, diagrams: DiagramSet, pictures: IllustrationSet,
                 here: str | None = None) -> PictureWidget | None:
    """The widget for a diagram or illustration name, or None when the pack has no such
    picture (a screen then shows its words alone; `kiosk check` has said why)."""
    diagram = diagrams.get(name)
    if isinstance(diagram, CourseCalendar):
        return CalendarWidget(name, diagram, here)
    if isinstance(diagram, Timeline):
        return TimelineWidget(name, diagram)
    if isinstance(diagram, IconArray):
        return IconArrayWidget(name, diagram)
    picture = pictures.get(name)
    return IllustrationWidget(picture) if picture is not None else None
